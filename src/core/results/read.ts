/**
 * Reading a results file: the one place that turns parsed JSON into `RunResults`. It checks the
 * schema version and brings files of older revisions up to the current shape, so every consumer
 * (panel, hovers, CodeLens, run comparison, CLI) reads the typed fields directly.
 */
import { promises as fs } from 'node:fs';
import { InputError } from '../errors';
import { isRecord } from '../util/isRecord';
import { PAIRED_MEASURES } from './inference';
import { ALL_GROUP, RESULTS_SCHEMA_VERSION, type RunResults } from './types';

/** Top-level sections every version-1 file has had since the first release. */
const VERSION_1_OBJECTS = ['run', 'config', 'marginals', 'structure'] as const;
const VERSION_1_ARRAYS = ['inputs', 'items', 'groups', 'conditions', 'headlines', 'warnings'] as const;

function notResults(file: string, why: string): InputError {
  return new InputError({ file }, `not a RepScope results file: ${why}`);
}

/** The entries of `list` (when it is one) with `defaults` filled in where a key is absent. */
function withDefaults(list: unknown, defaults: (entry: Record<string, unknown>) => Record<string, unknown>): unknown[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry: unknown) => (isRecord(entry) ? { ...defaults(entry), ...entry } : entry));
}

/**
 * Version 2 (RepScope 0.2) changed what the marginal headline averages (equal item weights over
 * a common item set, groups by `headlineGroups` shares), added answer coverage, noise floors,
 * Lin's concordance, the within-group structure headline, per-item tests and Holm-adjusted pairs,
 * and moved intervals from percentile to basic. A version-1 file keeps its own numbers (they are
 * what that run computed); the fields it lacks get the values that say "not computed".
 *
 * Version 1 grew within the version: `structure.latent` and `structure.mantel` (Tucker and
 * Mantel), `culturalMap` and `inference` were added without a bump, then the per-item tests of the
 * marginal cells and the Holm adjustment of the paired differences. Files written before each
 * one lack it; the empty value is what a run without that analysis writes.
 *
 * Files written before the within-group structure headline compared structure on group `all`
 * only and never imputed undefined model correlations: their headlines are on the `all` basis,
 * their Tucker and Mantel entries are of group `all`, and their comparisons imputed no pair.
 */
function fromVersion1(document: Record<string, unknown>, file: string): RunResults {
  const tool = document.tool;
  if (!isRecord(tool) || tool.name !== 'repscope') throw notResults(file, '`tool.name` is not "repscope"');
  for (const key of VERSION_1_OBJECTS) if (!isRecord(document[key])) throw notResults(file, `\`${key}\` is missing or not an object`);
  for (const key of VERSION_1_ARRAYS) if (!Array.isArray(document[key])) throw notResults(file, `\`${key}\` is missing or not a list`);
  const structure = document.structure as Record<string, unknown>;
  const marginals = document.marginals as Record<string, unknown>;
  const pooled = () => ({ group: ALL_GROUP });
  if (document.schemaVersion !== 1) return document as unknown as RunResults;
  return {
    ...document,
    schemaVersion: RESULTS_SCHEMA_VERSION,
    config: upgradedConfig(document.config),
    headlines: withDefaults(document.headlines, (headline) => ({
      marginalCoverage: null,
      marginalCellsAtWorst: 0,
      structureConcordance: null,
      structureBasis: ALL_GROUP,
      structureGroups: [],
      pooledStructureR: headline.structureR ?? null,
    })),
    marginals: {
      commonItems: [],
      excludedItems: [],
      groupWeights: [],
      groupWeighting: 'none',
      ...marginals,
      cells: withDefaults(marginals.cells, () => ({ ...UNTESTED_CELL, invalidCount: 0, coverage: null, scoredAtWorst: false })),
      aggregates: withDefaults(marginals.aggregates, () => ({ nScoredAtWorst: 0, coverage: null })),
    },
    structure: {
      ...structure,
      comparisons: withDefaults(structure.comparisons, () => ({ concordance: null, nPairsImputed: 0 })),
      withinGroup: structure.withinGroup ?? [],
      latent: withDefaults(structure.latent, pooled),
      mantel: withDefaults(structure.mantel, pooled),
    },
    culturalMap: document.culturalMap ?? null,
    inference: isRecord(document.inference) ? upgradedInference(document.inference) : null,
  } as unknown as RunResults;
}

/** Version-1 configs predate `headlineGroups` and `metrics.invalidAnswers`: their runs had neither. */
function upgradedConfig(config: unknown): unknown {
  if (!isRecord(config) || !isRecord(config.resolved)) return config;
  const resolved = config.resolved;
  const metrics = isRecord(resolved.metrics) ? resolved.metrics : {};
  return { ...config, resolved: { headlineGroups: [], ...resolved, metrics: { invalidAnswers: 'exclude', itemFdr: 0.05, ...metrics } } };
}

/** An interval no replicate defines. */
const NO_INTERVAL = { estimate: null, lower: null, upper: null, replicates: 0 };

/** Per-item tests, added in version 1 later: a cell of an older file counts as not tested. */
const UNTESTED_CELL = { pValue: null, qValue: null, flagged: null };
/** Holm adjustment of the paired differences, added later: nothing adjusted in older files. */
const UNADJUSTED_DIFFERENCE = { pValue: null, pAdjusted: null, adjustedConfidence: null, adjustedLower: null, adjustedUpper: null, excludesZeroAdjusted: null };

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** Version-1 inference: percentile intervals, no coverage, floors, concordance or multiplicity adjustment. */
function upgradedInference(inference: Record<string, unknown>): Record<string, unknown> {
  const conditions = listOf(inference.conditions).map((condition) => ({
    marginalCoverage: NO_INTERVAL,
    marginalFloor: null,
    marginalExcess: NO_INTERVAL,
    structureBasis: ALL_GROUP,
    structureConcordance: NO_INTERVAL,
    ...condition,
    comparisons: withDefaults(condition.comparisons, () => ({ concordance: NO_INTERVAL })),
    items: withDefaults(condition.items, () => ({ floor: null, excess: NO_INTERVAL })),
  }));
  const upgraded = withMultiplicityDefaults({ ...inference, conditions });
  upgraded.pairs = listOf(upgraded.pairs).map((pair) => ({ structureConcordance: { ...NO_INTERVAL, ...UNADJUSTED_DIFFERENCE, excludesZero: null }, ...pair }));
  return upgraded;
}

function withMultiplicityDefaults(inference: Record<string, unknown>): Record<string, unknown> {
  const settings = isRecord(inference.settings) ? inference.settings : {};
  const pairs = listOf(inference.pairs).map((pair) => {
    const upgraded: Record<string, unknown> = { ...pair };
    for (const measure of PAIRED_MEASURES) if (isRecord(pair[measure])) upgraded[measure] = { ...UNADJUSTED_DIFFERENCE, ...pair[measure] };
    return upgraded;
  });
  return { ...inference, settings: { multiplicity: 'none', ...settings }, pairs };
}

/**
 * Parsed JSON of a results file as `RunResults`. Files of this version (and of earlier revisions
 * of it) are read as the current shape; a newer or unknown schema version, or JSON that is not a
 * results document, throws an `InputError` naming `file`.
 */
export function readRunResults(json: unknown, file: string): RunResults {
  if (!isRecord(json) || !('schemaVersion' in json)) throw notResults(file, 'no `schemaVersion` at the top level');
  const version = json.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new InputError({ file, field: 'schemaVersion' }, `unknown results schema version ${JSON.stringify(version)}`);
  }
  if (version > RESULTS_SCHEMA_VERSION) {
    throw new InputError(
      { file, field: 'schemaVersion' },
      `results schema version ${version} is newer than this RepScope reads (${RESULTS_SCHEMA_VERSION}); update RepScope to open it`,
    );
  }
  return fromVersion1(json, file);
}

/** Reads and parses a results file (see `readRunResults`); an unreadable file or invalid JSON throws an `InputError`. */
export async function readResults(file: string): Promise<RunResults> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError({ file }, `not a readable RepScope results file: ${(error as Error).message}`);
  }
  return readRunResults(parsed, file);
}
