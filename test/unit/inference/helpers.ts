/**
 * Shared set-up of the inference tests: the bundled sample evaluated by the engine, with the
 * populations the engine built (the InferenceContext), and small synthetic populations.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_METRICS, loadExperiment } from '../../../src/core/config/resolve';
import type { ResolvedExperiment } from '../../../src/core/config/resolved';
import type { Population } from '../../../src/core/model/population';
import { evaluateExperiment } from '../../../src/core/engine/evaluate';
import { prepareItem, type PreparedItem } from '../../../src/core/model/items';
import * as engineStructure from '../../../src/core/engine/structure';
import type { InferenceContext } from '../../../src/core/inference';
import type { RunResults } from '../../../src/core/results/types';
import { generateSample } from '../../../src/core/sample';
import { SeededRandom } from '../../../src/core/sample/random';
import { marginalPlan, type MarginalPlan } from '../../../src/core/engine/marginalPlan';
import { tallyCell } from '../../../src/core/engine/marginals';

export interface EvaluatedSample {
  experiment: ResolvedExperiment;
  results: RunResults;
  context: InferenceContext;
}

let sample: Promise<EvaluatedSample> | undefined;

/**
 * The bundled sample, written to a temporary folder, loaded and evaluated by the engine. The
 * populations are taken from the engine's call of computeStructure (the engine does not return
 * them), so the context is exactly what evaluateExperiment will hand to computeInference.
 */
export function evaluatedSample(): Promise<EvaluatedSample> {
  sample ??= (async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'repscope-inference-'));
    for (const file of generateSample().files) {
      const target = path.join(folder, ...file.path.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, file.content);
    }
    const experiment = await loadExperiment(path.join(folder, 'experiment.yaml'));
    const module = engineStructure as { computeStructure: typeof engineStructure.computeStructure };
    const original = module.computeStructure;
    let captured: engineStructure.StructureInput | undefined;
    module.computeStructure = (input) => {
      captured = input;
      return original(input);
    };
    let results: RunResults;
    try {
      results = await evaluateExperiment(experiment, { threads: 0, host: 'test' });
    } finally {
      module.computeStructure = original;
    }
    fs.rmSync(folder, { recursive: true, force: true });
    if (!captured) throw new Error('evaluatedSample: the engine did not compute the structure');
    const context: InferenceContext = {
      experiment,
      items: captured.items,
      human: captured.human,
      conditions: captured.conditions,
      conditionInfos: results.conditions,
      marginalPlan: planFor(experiment, captured.items, captured.human),
    };
    return { experiment, results, context };
  })();
  return sample;
}

/** Ordinal items 1..k. */
export function ordinalItems(categories: readonly number[]): PreparedItem[] {
  return categories.map((k, index) =>
    prepareItem({ id: `Q${index + 1}`, label: `Q${index + 1}`, scale: undefined, optionLabels: {} }, { type: 'ordinal', min: 1, max: k }, false),
  );
}

/**
 * A population with two normal factors: item i loads on factor i % 2 with a loading that grows
 * with i and changes sign on every third item, scaled by `structure` (1: the full structure,
 * near 0: almost none). Answers are cut into equal-width categories; `missing` answers are
 * missing at random; `groups` tags rows round-robin.
 */
export function syntheticPopulation(
  name: string,
  items: readonly PreparedItem[],
  nRows: number,
  options: { seed: number; structure?: number; missing?: number; groups?: readonly string[]; weighted?: boolean },
): Population {
  const random = new SeededRandom(options.seed, name);
  const structure = options.structure ?? 1;
  const loadings = items.map((_, index) => structure * (index % 3 === 2 ? -1 : 1) * Math.min(0.85, 0.35 + 0.08 * index));
  const columns = items.map(() => ({ categories: new Uint8Array(nRows), missingKind: new Uint8Array(nRows), missingKeys: ['code:-1'] }));
  for (let row = 0; row < nRows; row++) {
    const factors = [random.normal(), random.normal()];
    items.forEach((item, index) => {
      const column = columns[index]!;
      if (random.chance(options.missing ?? 0.05)) {
        column.categories[row] = 255;
        return;
      }
      const loading = loadings[index]!;
      const z = loading * factors[index % 2]! + Math.sqrt(1 - loading * loading) * random.normal();
      const k = item.codes.length;
      column.categories[row] = Math.max(0, Math.min(k - 1, Math.floor(((z + 2) / 4) * k)));
    });
  }
  const groupRows = new Map<string, Uint32Array>([['all', Uint32Array.from({ length: nRows }, (_, row) => row)]]);
  (options.groups ?? []).forEach((group, g, all) => {
    const rows: number[] = [];
    for (let row = g; row < nRows; row += all.length) rows.push(row);
    groupRows.set(group, Uint32Array.from(rows));
  });
  const weights = options.weighted ? Float64Array.from({ length: nRows }, () => Math.exp(0.5 * random.normal())) : undefined;
  return { name, nRows, columns, weights, groupRows };
}

/** A minimal resolved experiment for synthetic contexts (only what the bootstrap reads). */
export function syntheticExperiment(groups: readonly string[], seed = 7): ResolvedExperiment {
  return {
    configFile: '/synthetic/experiment.yaml',
    configHash: '',
    name: 'synthetic',
    human: { file: '/synthetic/human.csv', weight: [], filters: [] },
    missing: { negative: true, codes: [] },
    items: [],
    groups: groups.map((name) => ({ name, rules: [] })),
    headlineGroups: [],
    conditions: [],
    metrics: { ...DEFAULT_METRICS, correlation: ['pearson', 'spearman'], components: 0, mantelPermutations: 0, bootstrap: 1000 },
    seed,
    output: '/synthetic/runs',
  };
}

/** A small synthetic context: weighted humans, two conditions with 3 groups each. */
export function syntheticContext(seed = 7): InferenceContext {
  const groups = ['a', 'b', 'c'];
  const items = ordinalItems([4, 4, 5, 10, 4, 2, 4, 7]);
  const human = syntheticPopulation('human', items, 600, { seed, groups, weighted: true });
  const close = syntheticPopulation('close', items, 300, { seed: seed + 1, groups, structure: 0.9 });
  const flat = syntheticPopulation('flat', items, 300, { seed: seed + 2, groups, structure: 0.2 });
  const experiment = syntheticExperiment(groups, seed);
  return {
    experiment,
    items,
    human,
    conditions: [close, flat],
    conditionInfos: [
      { name: 'close', groupAssignment: 'tag' },
      { name: 'flat', groupAssignment: 'tag' },
    ],
    marginalPlan: planFor(experiment, items, human),
  };
}

/** The engine's marginal plan for a context's humans (engine/marginalPlan.ts). */
export function planFor(experiment: ResolvedExperiment, items: readonly PreparedItem[], human: Population): MarginalPlan {
  return marginalPlan(experiment, items, human, (itemIndex, group) => {
    const rows = human.groupRows.get(group);
    return rows ? tallyCell(human.columns[itemIndex]!, items[itemIndex]!, rows, human.weights) : undefined;
  });
}
