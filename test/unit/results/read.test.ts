import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { overviewSpec } from '../../../src/core/charts/overview';
import { LIGHT_THEME } from '../../../src/core/charts/theme';
import { InputError } from '../../../src/core/errors';
import { readResults, readRunResults } from '../../../src/core/results/read';
import { RESULTS_SCHEMA_VERSION } from '../../../src/core/results/types';
import { toJson, writeRun } from '../../../src/core/results/write';
import { syntheticResults, syntheticWithInference } from '../charts/fixtures';

const FILE = '/runs/2026-01-01T00-00-00-000Z_abcdef/results.json';

/** The results as the file holds them: what `toJson` writes, parsed back. */
function asFile(results = syntheticWithInference()): Record<string, unknown> {
  return JSON.parse(toJson(results)) as Record<string, unknown>;
}

/** The results as a version-1 file: the version number is what selects the upgrade. */
function asVersion1File(): Record<string, unknown> {
  return { ...asFile(), schemaVersion: 1 };
}

function readError(json: unknown): InputError {
  try {
    readRunResults(json, FILE);
  } catch (error) {
    assert.ok(error instanceof InputError, `an InputError, got ${String(error)}`);
    return error;
  }
  assert.fail('readRunResults accepted the document');
}

describe('readRunResults', () => {
  it('reads a version-2 file as it is', () => {
    const json = asFile();
    assert.equal(json.schemaVersion, 2);
    assert.equal(RESULTS_SCHEMA_VERSION, 2);
    const results = readRunResults(json, FILE);
    assert.deepEqual(results, json);
    assert.deepEqual(Object.keys(results), Object.keys(json), 'the same sections in the same order');
    assert.equal(results.inference?.reversal?.sentence, 'alpha is closest on marginals but beta on structure, and both differences exclude 0.');
  });

  it('gives a file written before Tucker, Mantel, the cultural map and the bootstrap existed their empty values', () => {
    const json = asVersion1File();
    const structure = json.structure as Record<string, unknown>;
    delete structure.latent;
    delete structure.mantel;
    delete json.culturalMap;
    delete json.inference;
    const results = readRunResults(json, FILE);
    assert.deepEqual([results.structure.latent, results.structure.mantel, results.culturalMap, results.inference], [[], [], null, null]);
    assert.deepEqual(results.headlines, syntheticResults().headlines);
    const spec = overviewSpec(results, { theme: LIGHT_THEME }) as { datasets: Record<string, { mantelP?: unknown }[]> };
    assert.deepEqual(spec.datasets.conditions!.map((row) => row.mantelP), [null, null]);
  });

  it('gives a file written before the per-item tests and the Holm adjustment nulls and multiplicity "none"', () => {
    const json = asVersion1File();
    const cells = (json.marginals as { cells: Record<string, unknown>[] }).cells;
    for (const cell of cells) {
      delete cell.pValue;
      delete cell.qValue;
      delete cell.flagged;
    }
    const inference = json.inference as { settings: Record<string, unknown>; pairs: Record<string, Record<string, unknown>>[] };
    delete inference.settings.multiplicity;
    for (const key of ['pValue', 'pAdjusted', 'adjustedConfidence', 'adjustedLower', 'adjustedUpper', 'excludesZeroAdjusted']) {
      delete inference.pairs[0]!.marginalDistance![key];
    }
    const results = readRunResults(json, FILE);
    const cell = results.marginals.cells[0]!;
    assert.deepEqual([cell.pValue, cell.qValue, cell.flagged], [null, null, null]);
    assert.equal(results.inference?.settings.multiplicity, 'none');
    const pair = results.inference.pairs[0]!;
    assert.deepEqual([pair.marginalDistance.pAdjusted, pair.marginalDistance.adjustedLower, pair.marginalDistance.excludesZeroAdjusted], [null, null, null]);
    assert.equal(pair.marginalDistance.excludesZero, true);
    assert.equal(pair.structureR.pAdjusted, 2 / 201, 'a measure that has its fields keeps them');
  });

  it('reads a file from before the within-group structure headline as pooled: basis `all`, Tucker and Mantel of group `all`', () => {
    const json = asVersion1File();
    const structure = json.structure as { withinGroup?: unknown; comparisons: Record<string, unknown>[]; latent: Record<string, unknown>[]; mantel: Record<string, unknown>[] };
    delete structure.withinGroup;
    for (const entry of [...structure.latent, ...structure.mantel]) delete entry.group;
    for (const entry of structure.comparisons) {
      delete entry.concordance;
      delete entry.nPairsImputed;
    }
    for (const headline of json.headlines as Record<string, unknown>[]) {
      for (const key of ['structureConcordance', 'structureBasis', 'structureGroups', 'pooledStructureR']) delete headline[key];
    }
    const results = readRunResults(json, FILE);
    assert.deepEqual(results.structure.withinGroup, []);
    assert.deepEqual([...results.structure.latent, ...results.structure.mantel].map((entry) => entry.group), ['all', 'all']);
    assert.deepEqual([results.structure.comparisons[0]!.concordance, results.structure.comparisons[0]!.nPairsImputed], [null, 0]);
    const alpha = results.headlines[0]!;
    assert.deepEqual(
      [alpha.structureBasis, alpha.structureGroups, alpha.structureConcordance, alpha.pooledStructureR],
      ['all', [], null, alpha.structureR],
    );
  });

  it('refuses a newer schema version, naming the file and both versions', () => {
    const error = readError({ ...asFile(), schemaVersion: 3 });
    assert.equal(
      error.message,
      `${FILE}: results schema version 3 is newer than this RepScope reads (2); update RepScope to open it (schemaVersion)`,
    );
    assert.equal(error.location.file, FILE);
    assert.equal(error.location.field, 'schemaVersion');
  });

  it('refuses a schema version that never existed', () => {
    assert.equal(readError({ ...asFile(), schemaVersion: 0 }).detail, 'unknown results schema version 0');
    assert.equal(readError({ ...asFile(), schemaVersion: '1' }).detail, 'unknown results schema version "1"');
  });

  it('says a JSON document that is not a results file is not one', () => {
    assert.equal(readError([1, 2, 3]).message, `${FILE}: not a RepScope results file: no \`schemaVersion\` at the top level`);
    assert.equal(readError({ name: 'repscope', version: '0.1.0' }).detail, 'not a RepScope results file: no `schemaVersion` at the top level');
    assert.equal(readError({ schemaVersion: 2, name: 'x' }).detail, 'not a RepScope results file: `tool.name` is not "repscope"');
    const { headlines: _headlines, ...headless } = asFile();
    assert.equal(readError(headless).detail, 'not a RepScope results file: `headlines` is missing or not a list');
    assert.equal(readError({ ...asFile(), structure: null }).detail, 'not a RepScope results file: `structure` is missing or not an object');
  });
});

describe('readResults', () => {
  it('reads back a run that writeRun wrote', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'repscope-read-'));
    try {
      const written = await writeRun(syntheticWithInference(), dir);
      const results = await readResults(written.resultsFile);
      assert.equal(results.run.id, written.id);
      assert.deepEqual(results, JSON.parse(await fs.readFile(written.resultsFile, 'utf8')));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('names the file when it is not JSON', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'repscope-read-'));
    try {
      const file = path.join(dir, 'results.json');
      await fs.writeFile(file, 'schemaVersion: 1\n', 'utf8');
      await assert.rejects(readResults(file), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.location.file, file);
        assert.match(error.message, /^.*results\.json: not a readable RepScope results file: /);
        return true;
      });
      await fs.writeFile(file, '{"schemaVersion": 7}', 'utf8');
      await assert.rejects(readResults(file), /results schema version 7 is newer than this RepScope reads \(2\)/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('readRunResults on version-1 files of 0.1', () => {
  it('keeps their numbers and marks what 0.2 added as not computed', () => {
    const json: Record<string, unknown> = { ...(JSON.parse(toJson(syntheticWithInference())) as Record<string, unknown>), schemaVersion: 1 };
    const headlines = json.headlines as Record<string, unknown>[];
    for (const headline of headlines) {
      delete headline.marginalCoverage;
      delete headline.marginalCellsAtWorst;
    }
    const marginals = json.marginals as Record<string, unknown>;
    for (const key of ['commonItems', 'excludedItems', 'groupWeights', 'groupWeighting']) delete marginals[key];
    const inference = json.inference as { conditions: Record<string, unknown>[] };
    for (const condition of inference.conditions) {
      delete condition.marginalCoverage;
      delete condition.marginalFloor;
      delete condition.marginalExcess;
    }
    const results = readRunResults(json, FILE);
    assert.equal(results.schemaVersion, 2);
    assert.equal(results.headlines[0]!.marginalDistance, 0.03, 'the run’s own number is kept');
    assert.deepEqual([results.headlines[0]!.marginalCoverage, results.headlines[0]!.marginalCellsAtWorst], [null, 0]);
    assert.deepEqual([results.marginals.commonItems, results.marginals.groupWeighting], [[], 'none']);
    assert.deepEqual(results.inference!.conditions[0]!.marginalExcess, { estimate: null, lower: null, upper: null, replicates: 0 });
    assert.equal(results.inference!.conditions[0]!.marginalFloor, null);
  });
});
