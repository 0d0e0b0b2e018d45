/**
 * Results for the chart tests: a small hand-made run whose numbers are known (so tests can
 * assert what each chart's data holds), a fake inference section, the bundled sample evaluated
 * in-process (the real shape at realistic size), and Vega-Lite/Vega loaded as ES modules.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as VegaLiteModule from 'vega-lite/build/index';
import type * as VegaModule from 'vega';
import type { TopLevelSpec } from 'vega-lite/build/index';
import { loadExperiment } from '../../../src/core/config/resolve';
import { evaluateExperiment } from '../../../src/core/engine/evaluate';
import type { InferenceResults } from '../../../src/core/results/inference';
import type { CorrelationMatrixResult, MarginalCell, RunResults } from '../../../src/core/results/types';
import { generateSample, SAMPLE_CONFIG_FILE } from '../../../src/core/sample';

/** Items of the hand-made run; Q5 is nominal, so it is not in the correlation structure. */
export const ITEMS = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5'] as const;
export const STRUCTURE_ITEMS = ['Q1', 'Q2', 'Q3', 'Q4'];
export const GROUPS = ['all', 'left', 'right'];
export const CONDITIONS = ['alpha', 'beta'];

/** Upper triangles (Q1-Q2, Q1-Q3, Q1-Q4, Q2-Q3, Q2-Q4, Q3-Q4) of the `all` matrices. */
export const HUMAN_ALL = [0.6, -0.2, 0.1, -0.3, 0.05, 0.4];
export const MODEL_ALL: Record<string, number[]> = {
  alpha: [0.1, 0.0, 0.2, 0.05, -0.1, 0.0],
  beta: [0.55, -0.15, 0.05, -0.25, 0.1, 0.35],
};

/** `distance` of item x condition in the `all` group (alpha closer on marginals, beta on structure). */
export const DISTANCE_ALL: Record<string, Record<string, number>> = {
  alpha: { Q1: 0.02, Q2: 0.05, Q3: 0.01, Q4: 0.03, Q5: 0.04 },
  beta: { Q1: 0.2, Q2: 0.1, Q3: 0.3, Q4: 0.15, Q5: 0.12 },
};

const SCALES = {
  Q1: { type: 'ordinal' as const, min: 1, max: 4 },
  Q2: { type: 'ordinal' as const, min: 1, max: 4 },
  Q3: { type: 'binary' as const, codes: [1, 2] as [number, number] },
  Q4: { type: 'ordinal' as const, min: 1, max: 10 },
  Q5: { type: 'nominal' as const, codes: [1, 2, 3] },
};
const LABELS: Record<string, string> = {
  Q1: 'Important in life: Family',
  Q2: 'Feeling of happiness',
  Q3: 'Most people can be trusted',
  Q4: 'Justifiable: Claiming government benefits to which you are not entitled',
  Q5: 'Aims of country: first choice',
};

function codesOf(id: keyof typeof SCALES): number[] {
  const scale = SCALES[id];
  if (scale.type === 'ordinal') return Array.from({ length: scale.max - scale.min + 1 }, (_, index) => scale.min + index);
  return [...scale.codes];
}

function uniform(length: number): number[] {
  return Array.from({ length }, () => 1 / length);
}

/** The hand-made run. Other groups repeat the `all` numbers scaled, so every lookup has data. */
export function syntheticResults(): RunResults {
  const cells: MarginalCell[] = [];
  for (const item of ITEMS) {
    const codes = codesOf(item);
    for (const group of GROUPS) {
      for (const condition of CONDITIONS) {
        const distance = DISTANCE_ALL[condition]![item]! * (group === 'all' ? 1 : 1.5);
        const human = codes.map((_, index) => (index === 0 ? 0.5 : 0.5 / (codes.length - 1)));
        cells.push({
          item,
          group,
          condition,
          human: { n: 100, nValid: 100, weightValid: 100, distribution: human, mean: 1, variance: 1, missing: {} },
          model: { n: 50, nValid: 50, weightValid: 50, distribution: uniform(codes.length), mean: 1, variance: 1, missing: {} },
          wasserstein: distance,
          totalVariation: distance,
          jensenShannon: distance,
          hellinger: distance,
          distance,
          varianceRatio: 1,
          varianceCollapsed: false,
          modeShare: 0.5,
          modeCollapsed: false,
          invalidShare: 0,
          invalidCount: 0,
          coverage: 1,
          scoredAtWorst: false,
          pValue: 0.001,
          qValue: 0.004,
          flagged: true,
        });
      }
    }
  }
  const matrices: CorrelationMatrixResult[] = [];
  for (const group of GROUPS) {
    matrices.push({ population: 'human', group, method: 'pearson', level: 'respondent', values: HUMAN_ALL, n: HUMAN_ALL.map(() => 100) });
    for (const condition of CONDITIONS) {
      matrices.push({ population: condition, group, method: 'pearson', level: 'respondent', values: MODEL_ALL[condition]!, n: HUMAN_ALL.map(() => 50) });
    }
  }
  const comparisons = GROUPS.flatMap((group) =>
    CONDITIONS.map((condition) => ({
      condition,
      group,
      method: 'pearson' as const,
      level: 'respondent' as const,
      r: condition === 'alpha' ? 0.12 : 0.93,
      concordance: condition === 'alpha' ? 0.1 : 0.9,
      rmse: condition === 'alpha' ? 0.3 : 0.05,
      meanAbsoluteDifference: 0.2,
      frobenius: 1,
      nPairs: 6,
      nPairsImputed: 0,
      itemRowError: [0.1, 0.1, 0.1, 0.1],
    })),
  );
  const experimentItems = ITEMS.map((id) => ({
    id,
    label: LABELS[id]!,
    scale: SCALES[id],
    optionLabels: id === 'Q1' ? { '1': 'Very important', '2': 'Rather important', '3': 'Not very important', '4': 'Not at all important' } : {},
    location: { file: '/work/experiment.yaml', line: 10 + ITEMS.indexOf(id), column: 5, field: `items[${ITEMS.indexOf(id)}]` },
  }));
  return {
    schemaVersion: 2,
    inference: null,
    tool: { name: 'repscope', version: '0.0.0-test' },
    run: { id: '2026-01-01T00-00-00-000Z_abcdef', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', durationMs: 1000, host: 'test' },
    config: {
      path: '/work/experiment.yaml',
      sha256: 'abcdef',
      resolved: {
        configFile: '/work/experiment.yaml',
        configHash: 'abcdef',
        name: 'Synthetic test run',
        items: experimentItems,
        groups: GROUPS.filter((group) => group !== 'all').map((name) => ({ name, rules: [], location: { file: '/work/experiment.yaml', line: 30 } })),
        conditions: CONDITIONS.map((name) => ({ name, file: `/work/${name}.csv`, format: 'wide', respondentColumn: 'id', itemColumn: 'item', answerColumn: 'answer' })),
        metrics: { correlation: ['pearson'] },
      },
    } as unknown as RunResults['config'],
    inputs: [],
    seed: 1,
    items: ITEMS.map((id) => ({ id, label: LABELS[id]!, scale: SCALES[id], scaleInferred: false, codes: codesOf(id), optionLabels: experimentItems[ITEMS.indexOf(id)]!.optionLabels })),
    groups: GROUPS.map((name) => ({ name, nHuman: 100, weightHuman: 100, nByCondition: { alpha: 50, beta: 50 }, ...(name === 'left' ? { description: 'Left of centre' } : {}) })),
    conditions: CONDITIONS.map((name) => ({ name, file: `/work/${name}.csv`, format: 'wide', nRespondents: 150, groupAssignment: 'tag' as const })),
    headlines: [
      { condition: 'alpha', marginalDistance: 0.03, marginalBasis: 'groups', marginalCoverage: 1, marginalCellsAtWorst: 0, structureR: 0.12, structureRmse: 0.3, structureConcordance: 0.1, structureBasis: 'all', structureGroups: [], pooledStructureR: 0.12, structureMethod: 'pearson', groupMeanR: 0.4, nRespondents: 150 },
      { condition: 'beta', marginalDistance: 0.17, marginalBasis: 'groups', marginalCoverage: 1, marginalCellsAtWorst: 0, structureR: 0.93, structureRmse: 0.05, structureConcordance: 0.9, structureBasis: 'all', structureGroups: [], pooledStructureR: 0.93, structureMethod: 'pearson', groupMeanR: 0.9, nRespondents: 150 },
    ],
    marginals: {
      cells,
      aggregates: GROUPS.flatMap((group) =>
        CONDITIONS.map((condition) => ({
          condition,
          group,
          nItems: 5,
          nScoredAtWorst: 0,
          distance: condition === 'alpha' ? 0.03 : 0.17,
          wasserstein: 0.03,
          totalVariation: 0.03,
          jensenShannon: 0.01,
          hellinger: 0.02,
          representativeness: condition === 'alpha' ? 0.97 : 0.83,
          coverage: 1,
          varianceCollapsedItems: 0,
          modeCollapsedItems: 0,
          flaggedInvalidItems: [],
        })),
      ),
      commonItems: [...ITEMS],
      excludedItems: [],
      groupWeights: GROUPS.filter((group) => group !== 'all').map((group, _, named) => ({ group, weight: 1 / named.length })),
      groupWeighting: 'groups',
    },
    structure: {
      items: STRUCTURE_ITEMS,
      matrices,
      comparisons,
      groupMeans: [],
      withinGroup: [],
      latent: [
        {
          condition: 'alpha',
          group: 'all',
          method: 'pearson',
          components: 2,
          items: STRUCTURE_ITEMS,
          excludedItems: [],
          humanExplained: [0.4, 0.3],
          modelExplained: [0.3, 0.25],
          congruence: [0.9, 0.5],
          overallCongruence: 0.7,
          bands: ['fair', 'dissimilar'],
          humanLoadings: [],
          modelLoadingsAligned: [],
        },
      ],
      mantel: [{ condition: 'alpha', group: 'all', method: 'pearson', statistic: 0.12, pValue: 0.3, permutations: 99, pairs: 6 }],
    },
    culturalMap: null,
    warnings: [],
  } as RunResults;
}

function interval(estimate: number, halfWidth: number) {
  return { estimate, lower: estimate - halfWidth, upper: estimate + halfWidth, replicates: 200 };
}

/** A difference of the single pair: its Holm adjustment changes nothing. */
function difference(estimate: number, halfWidth: number, pValue: number) {
  const plain = interval(estimate, halfWidth);
  return {
    ...plain,
    excludesZero: true,
    pValue,
    pAdjusted: pValue,
    adjustedConfidence: 0.95,
    adjustedLower: plain.lower,
    adjustedUpper: plain.upper,
    excludesZeroAdjusted: true,
  };
}

/** The hand-made run with an inference section (src/core/results/inference.ts). */
export function syntheticWithInference(): RunResults {
  const results = syntheticResults();
  const inference: InferenceResults = {
    settings: { replicates: 200, resampleHumans: false, seed: 1, confidence: 0.95, baselines: true, interval: 'percentile', quantile: 'linear interpolation (R type 7)', multiplicity: 'Holm across condition pairs, per measure' },
    conditions: results.headlines.map((headline) => ({
      condition: headline.condition,
      marginalDistance: interval(headline.marginalDistance!, 0.01),
      marginalCoverage: interval(1, 0),
      marginalFloor: 0.01,
      marginalExcess: interval(headline.marginalDistance! - 0.01, 0.01),
      structureMethod: 'pearson',
      structureR: interval(headline.structureR!, 0.05),
      structureRmse: interval(headline.structureRmse!, 0.01),
      structureMad: interval(0.2, 0.01),
      structureConcordance: interval(headline.structureConcordance!, 0.05),
      structureBasis: 'all',
      comparisons: [],
      groupMeanR: interval(headline.groupMeanR!, 0.1),
      fidelity: interval(headline.condition === 'alpha' ? 0.1 : 0.95, 0.05),
      items: ITEMS.map((item) => ({
        item,
        distance: interval(DISTANCE_ALL[headline.condition]![item]!, 0.005),
        floor: 0.01,
        excess: interval(DISTANCE_ALL[headline.condition]![item]! - 0.01, 0.005),
      })),
    })),
    pairs: [
      {
        conditionA: 'alpha',
        conditionB: 'beta',
        marginalDistance: difference(-0.14, 0.02, 2 / 201),
        structureR: difference(-0.81, 0.06, 2 / 201),
        structureRmse: difference(0.25, 0.02, 2 / 201),
        structureConcordance: difference(-0.8, 0.06, 2 / 201),
        groupMeanR: difference(-0.5, 0.3, 0.02),
      },
    ],
    baselines: {
      uniform: { description: 'uniform answers', nRespondents: 150, marginalDistance: interval(0.3, 0.01), structureR: interval(0, 0.05) },
      independenceNull: { description: 'columns shuffled', nRespondents: 150, marginalDistance: interval(0.03, 0.01), structureR: interval(0.01, 0.04) },
      splitHalfCeiling: { description: 'half vs half', nRespondents: 50, marginalDistance: interval(0.01, 0.005), structureR: interval(0.85, 0.04) },
    },
    reversal: {
      detected: true,
      closestOnMarginals: 'alpha',
      closestOnStructure: 'beta',
      marginalDifferenceSignificant: true,
      structureDifferenceSignificant: true,
      sentence: 'alpha is closest on marginals but beta on structure, and both differences exclude 0.',
    },
    notes: [],
  };
  return { ...results, inference };
}

let sample: Promise<RunResults> | undefined;

/** The bundled sample (smaller than the CLI's), evaluated in-process once per test file. */
export function sampleResults(): Promise<RunResults> {
  sample ??= (async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'repscope-charts-'));
    try {
      for (const file of generateSample({ respondents: 1500, modelRespondentsPerGroup: 120 }).files) {
        await fs.mkdir(path.dirname(path.join(folder, file.path)), { recursive: true });
        await fs.writeFile(path.join(folder, file.path), file.content);
      }
      return await evaluateExperiment(await loadExperiment(path.join(folder, SAMPLE_CONFIG_FILE)), { threads: 0, host: 'test' });
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  })();
  return sample;
}

// Vega-Lite and Vega are ES modules with top-level await: `require` cannot load them, and
// TypeScript turns `import()` into `require` under CommonJS, hence the indirection.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a real dynamic import from CommonJS, see above
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

export async function loadVegaLite(): Promise<typeof VegaLiteModule> {
  return (await importModule('vega-lite')) as typeof VegaLiteModule;
}

export async function loadVega(): Promise<typeof VegaModule> {
  return (await importModule('vega')) as typeof VegaModule;
}

export interface CompiledChart {
  warnings: string[];
  /** Number of data mark items per mark name (Vega scenegraph), after a headless run. */
  marks: (prefix?: string) => number;
  /** The scene items (datum, fill, …) of data marks whose name starts with `prefix`. */
  items: (prefix?: string) => SceneItem[];
  view: VegaModule.View;
}

/** Compiles with Vega-Lite (collecting warnings), parses and runs it in a headless Vega view. */
export async function compileAndRun(spec: TopLevelSpec): Promise<CompiledChart> {
  const vegaLite = await loadVegaLite();
  const vega = await loadVega();
  const warnings: string[] = [];
  interface Logger {
    level(): Logger;
    warn(...args: unknown[]): Logger;
    error(...args: unknown[]): Logger;
    info(): Logger;
    debug(): Logger;
  }
  const logger: Logger = {
    level: () => logger,
    warn: (...args) => (warnings.push(args.map(String).join(' ')), logger),
    error: (...args) => (warnings.push(`error: ${args.map(String).join(' ')}`), logger),
    info: () => logger,
    debug: () => logger,
  };
  const compiled = vegaLite.compile(spec, { logger: logger });
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none' });
  await view.runAsync();
  const root = () => (view.scenegraph() as unknown as { root: SceneNode }).root;
  const items = (prefix = '') => collectMarkItems(root(), prefix);
  return { warnings, marks: (prefix = '') => items(prefix).length, items, view };
}

interface SceneNode {
  marktype?: string;
  role?: string;
  name?: string;
  items?: SceneNode[];
}

export interface SceneItem {
  datum?: Record<string, unknown>;
  fill?: string;
  stroke?: string;
}

/** Items of data marks (role `mark`) whose mark name starts with `prefix`, through groups and facets. */
function collectMarkItems(node: SceneNode, prefix: string, found: SceneItem[] = []): SceneItem[] {
  const isDataMark = node.role === 'mark' && node.marktype !== 'group' && (node.name ?? '').startsWith(prefix);
  for (const child of node.items ?? []) {
    if (isDataMark) found.push(child as SceneItem);
    else collectMarkItems(child, prefix, found);
  }
  return found;
}
