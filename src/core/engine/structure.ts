/**
 * Correlation structure of each population, at respondent level (per group large enough) and at
 * the group-mean level, and how each condition's matrices compare with the humans': r, Lin's
 * concordance, RMSE per group, the groups combined into the within-group headline, and the
 * Mantel test and latent comparison per group. Everywhere a model's correlation is undefined
 * where the humans' is not, it counts as 0 (structure/imputeUndefined.ts).
 */
import type { CorrelationMethod, ResolvedExperiment } from '../config/resolved';
import { throwIfAborted } from '../errors';
import {
  ALL_GROUP,
  HUMAN_POPULATION,
  type LatentComparison,
  type MatrixComparison,
  type StructureResults,
  type Warning,
  type WithinGroupStructure,
} from '../results/types';
import { compareMatrices } from '../structure/compareMatrices';
import { imputeUndefinedModel } from '../structure/imputeUndefined';
import { withinGroupPlan } from '../structure/withinGroups';
import { SeededRandom } from '../sample/random';
import { categoryMatrixFromColumns, type CategoryMatrix } from '../structure/categoryMatrix';
import { PairTablesPool } from '../structure/pairTablesPool';
import type { CorrelationMatrix } from '../structure/correlationMatrix';
import { groupMeanCorrelation, MIN_GROUPS_FOR_GROUP_MEAN_CORRELATION } from '../structure/groupMeanCorrelation';
import { computePairTables } from '../structure/pairTables';
import { pearsonMatrix } from '../structure/pearson';
import { spearmanMatrix } from '../structure/spearman';
import { completeItems, congruenceBand, mantelTest, principalComponents, procrustes, tuckerCongruence } from '../latent';
import { nearestPositiveSemidefinite, polychoricFromTables } from '../polychoric';
import { pairIndex, type PairTables } from '../structure/pairTables';
import type { Population } from '../model/population';
import type { CategorizedColumn, PreparedItem } from '../model/items';
import { tallyCell, type CellTally } from './marginals';
import { weightedMean } from '../metrics/weightedMean';

/** Above this many structural items, per-group matrices are compared but not stored (file size). */
export const MAX_ITEMS_FOR_STORED_GROUP_MATRICES = 100;

/** The pseudo-group of group-mean level matrices: one point per configured group. */
export const GROUP_MEANS = 'group means';

export interface StructureInput {
  experiment: ResolvedExperiment;
  items: readonly PreparedItem[];
  human: Population;
  conditions: readonly Population[];
  humanTallies: (itemIndex: number, group: string) => CellTally | undefined;
  warnings: Warning[];
  signal?: AbortSignal;
  threads?: number;
  onProgress?: (fraction: number, message?: string) => void;
}

/** Row-major category bytes of the chosen items and rows, on a SharedArrayBuffer for the workers. */
export function categoryMatrixOf(columns: readonly CategorizedColumn[], items: readonly PreparedItem[], rows: Uint32Array): CategoryMatrix {
  return categoryMatrixFromColumns(
    columns.map((column) => column.categories),
    items.map((item) => item.codes.length),
    items.map((item) => item.positions),
    { rows },
  );
}

function subsetWeights(weights: Float64Array | undefined, rows: Uint32Array): Float64Array | undefined {
  if (!weights) return undefined;
  const subset = new Float64Array(rows.length);
  for (let index = 0; index < rows.length; index++) subset[index] = weights[rows[index]!]!;
  return subset;
}

function upperTriangle(values: Float64Array, items: number): (number | null)[] {
  const triangle: (number | null)[] = [];
  for (let i = 0; i < items; i++) {
    for (let j = i + 1; j < items; j++) {
      const value = values[i * items + j]!;
      triangle.push(Number.isFinite(value) ? value : null);
    }
  }
  return triangle;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function comparisonResult(
  condition: string,
  group: string,
  method: CorrelationMethod,
  level: MatrixComparison['level'],
  human: CorrelationMatrix,
  model: CorrelationMatrix,
): MatrixComparison {
  const comparison = compareMatrices(human, model);
  return {
    condition,
    group,
    method,
    level,
    r: finiteOrNull(comparison.r),
    concordance: finiteOrNull(comparison.concordance),
    rmse: finiteOrNull(comparison.rmse),
    meanAbsoluteDifference: finiteOrNull(comparison.meanAbsoluteDifference),
    frobenius: finiteOrNull(comparison.frobenius),
    nPairs: comparison.nPairs,
    nPairsImputed: comparison.nPairsImputed,
    itemRowError: Array.from(comparison.itemRowError, finiteOrNull),
  };
}

interface Job {
  population: Population;
  group: string;
  rows: Uint32Array;
}

/** The ordinal and binary items (nominal ones have no order), by index into the prepared items. */
interface StructuralItems {
  indices: number[];
  items: PreparedItem[];
}

/** Matrices per population x group, per method. */
type ComputedMatrices = Map<string, Map<CorrelationMethod, CorrelationMatrix>>;

const matrixKey = (population: string, group: string) => `${population}\u0000${group}`;

export async function computeStructure(input: StructureInput): Promise<StructureResults> {
  const structural = structuralItemsOf(input.items, input.warnings);
  const results: StructureResults = {
    items: structural.items.map((item) => item.id),
    matrices: [],
    comparisons: [],
    groupMeans: [],
    withinGroup: [],
    latent: [],
    mantel: [],
  };
  if (structural.items.length < 2) {
    input.warnings.push({ code: 'itemDropped', message: 'fewer than two ordinal or binary items: no correlation structure to compare' });
    input.onProgress?.(1);
    return results;
  }
  const jobs = respondentLevelJobs(input);
  const computed = await respondentMatrices(input, structural, jobs, results);
  compareRespondentMatrices(input, jobs, computed, results);
  withinGroupStructure(input, results);
  await compareGroupMatrices(input, structural, jobs, computed, results);
  groupMeanLevel(input, structural, results);
  input.onProgress?.(1);
  return results;
}

function structuralItemsOf(items: readonly PreparedItem[], warnings: Warning[]): StructuralItems {
  const indices = items.flatMap((item, index) => (item.structural ? [index] : []));
  const excluded = items.filter((item) => !item.structural).map((item) => item.id);
  if (excluded.length > 0) {
    warnings.push({
      code: 'itemDropped',
      message: `nominal items ${excluded.join(', ')} have no order, so they are left out of the correlation structure (their marginals are compared)`,
    });
  }
  return { indices, items: indices.map((index) => items[index]!) };
}

/** Which population x group matrices are worth computing: groups with enough respondents on both sides. */
function respondentLevelJobs(input: StructureInput): Job[] {
  const { experiment, human, conditions, warnings } = input;
  const minimum = experiment.metrics.minGroupSizeForStructure;
  const jobs: Job[] = [];
  const skippedGroups: string[] = [];
  for (const group of [ALL_GROUP, ...experiment.groups.map((g) => g.name)]) {
    const humanRows = human.groupRows.get(group);
    if (!humanRows || humanRows.length < minimum) {
      if (group !== ALL_GROUP || humanRows) skippedGroups.push(`${group} (human ${humanRows?.length ?? 0})`);
      continue;
    }
    const modelJobs = conditions
      .map((population) => ({ population, group, rows: population.groupRows.get(group) }))
      .filter((job): job is Job => job.rows !== undefined && job.rows.length >= minimum);
    if (modelJobs.length === 0) {
      if (group !== ALL_GROUP) skippedGroups.push(`${group} (no condition has ${minimum})`);
      continue;
    }
    jobs.push({ population: human, group, rows: humanRows }, ...modelJobs);
  }
  if (skippedGroups.length > 0) {
    warnings.push({
      code: 'groupTooSmallForStructure',
      message: `no respondent-level correlation matrix for ${skippedGroups.join(', ')}: fewer than minGroupSizeForStructure = ${minimum} respondents`,
    });
  }
  return jobs;
}

/** Counts each job's pair tables (one worker pool for all) and derives every configured method's matrix. */
async function respondentMatrices(
  input: StructureInput,
  structural: StructuralItems,
  jobs: readonly Job[],
  results: StructureResults,
): Promise<ComputedMatrices> {
  const { experiment, human, warnings, signal } = input;
  const { metrics } = experiment;
  const nItems = structural.items.length;
  const storeGroupMatrices = nItems <= MAX_ITEMS_FOR_STORED_GROUP_MATRICES;
  const totalWork = jobs.reduce((sum, job) => sum + job.rows.length, 0) || 1;
  let doneWork = 0;
  const computed: ComputedMatrices = new Map();
  // One pool for every matrix: worker start-up is paid once, not per population x group.
  const pool = new PairTablesPool(input.threads !== undefined ? { threads: input.threads } : {});
  try {
    for (const job of jobs) {
      throwIfAborted(signal);
      const columns = structural.indices.map((index) => job.population.columns[index]!);
      const matrix = categoryMatrixOf(columns, structural.items, job.rows);
      const weights = job.population === human ? subsetWeights(human.weights, job.rows) : undefined;
      const message = `${job.population.name} / ${job.group}`;
      const tables = await computePairTables(matrix, {
        ...(weights ? { weights } : {}),
        ...(input.threads !== undefined ? { threads: input.threads } : {}),
        pool,
        ...(signal ? { signal } : {}),
        onProgress: (fraction) => input.onProgress?.((doneWork + fraction * job.rows.length) / totalWork, message),
      });
      const byMethod = new Map<CorrelationMethod, CorrelationMatrix>();
      for (const method of metrics.correlation) {
        const correlation = correlationOf(method, tables, metrics, message, warnings, signal);
        byMethod.set(method, correlation);
        if (job.group === ALL_GROUP || storeGroupMatrices) {
          results.matrices.push({
            population: job.population.name,
            group: job.group,
            method,
            level: 'respondent',
            values: upperTriangle(correlation.r, nItems),
            n: upperTriangle(correlation.n, nItems).map((value) => value ?? 0),
          });
        }
      }
      computed.set(matrixKey(job.population.name, job.group), byMethod);
      doneWork += job.rows.length;
      input.onProgress?.(doneWork / totalWork, message);
    }
  } finally {
    await pool.close();
  }
  return computed;
}

/** Every condition x group with both matrices, for every method. */
function compareRespondentMatrices(input: StructureInput, jobs: readonly Job[], computed: ComputedMatrices, results: StructureResults): void {
  for (const condition of input.conditions) {
    for (const job of jobs) {
      if (job.population !== condition) continue;
      const humanMatrices = computed.get(matrixKey(HUMAN_POPULATION, job.group));
      const modelMatrices = computed.get(matrixKey(condition.name, job.group));
      if (!humanMatrices || !modelMatrices) continue;
      for (const method of input.experiment.metrics.correlation) {
        results.comparisons.push(
          comparisonResult(condition.name, job.group, method, 'respondent', humanMatrices.get(method)!, modelMatrices.get(method)!),
        );
      }
    }
  }
}

/**
 * Per condition whose respondents stand for groups: its groups' comparisons (first method)
 * combined into one within-group value per statistic (structure/withinGroups.ts), with a warning
 * when the pooled r of `all` tells another story.
 */
function withinGroupStructure(input: StructureInput, results: StructureResults): void {
  const { experiment, human, conditions, warnings } = input;
  const method = experiment.metrics.correlation[0];
  if (!method) return;
  for (const condition of conditions) {
    const plan = withinGroupPlan(experiment, human, condition);
    if (!plan) continue;
    const comparisonOf = (group: string) =>
      results.comparisons.find((c) => c.condition === condition.name && c.group === group && c.level === 'respondent' && c.method === method);
    const comparisons = plan.groups.map(({ group }) => comparisonOf(group));
    const weights = plan.groups.map(({ weight }) => weight);
    const combined = (of: (comparison: MatrixComparison) => number | null) =>
      finiteOrNull(weightedMean(comparisons.map((comparison) => (comparison ? (of(comparison) ?? Number.NaN) : Number.NaN)), weights));
    const within: WithinGroupStructure = {
      condition: condition.name,
      method,
      weighting: plan.weighting,
      groups: plan.groups,
      r: combined((comparison) => comparison.r),
      rmse: combined((comparison) => comparison.rmse),
      meanAbsoluteDifference: combined((comparison) => comparison.meanAbsoluteDifference),
      concordance: combined((comparison) => comparison.concordance),
      nPairsImputed: comparisons.reduce((sum, comparison) => sum + (comparison?.nPairsImputed ?? 0), 0),
    };
    results.withinGroup.push(within);
    const pooled = comparisonOf(ALL_GROUP)?.r ?? null;
    if (pooled !== null && within.r !== null && Math.abs(pooled - within.r) > POOLED_STRUCTURE_TOLERANCE) {
      warnings.push({
        code: 'pooledStructureDiffers',
        condition: condition.name,
        message:
          `${condition.name}: pooled structure r (group ${ALL_GROUP}) ${pooled.toFixed(3)} differs from the within-group r ${within.r.toFixed(3)} ` +
          'headlined, because pooling groups whose answers differ on average creates correlations that exist within no group (Simpson\'s paradox).',
      });
    }
  }
}

/** |pooled r − within-group r| above this is worth a warning: the pooled number would mislead. */
export const POOLED_STRUCTURE_TOLERANCE = 0.1;

/**
 * Latent structure and the Mantel test, per condition x group with matrices on both sides (`all`
 * first), first method. The model's undefined correlations count as 0 (collapse penalty) in both.
 */
async function compareGroupMatrices(
  input: StructureInput,
  structural: StructuralItems,
  jobs: readonly Job[],
  computed: ComputedMatrices,
  results: StructureResults,
): Promise<void> {
  const { experiment, conditions, warnings, signal } = input;
  const { metrics } = experiment;
  const method = metrics.correlation[0];
  if (!method) return;
  for (const condition of conditions) {
    for (const job of jobs) {
      if (job.population !== condition) continue;
      const humanMatrix = computed.get(matrixKey(HUMAN_POPULATION, job.group))?.get(method);
      const modelMatrix = computed.get(matrixKey(condition.name, job.group))?.get(method);
      if (!humanMatrix || !modelMatrix) continue;
      throwIfAborted(signal);
      const imputed = imputeUndefinedModel(humanMatrix, modelMatrix);
      if (metrics.components > 0) {
        const latent = compareLatent(humanMatrix, imputed.r, structural.items, metrics.components, condition.name, job.group, method, warnings);
        if (latent) results.latent.push(latent);
      }
      if (metrics.mantelPermutations > 0) {
        const mantel = await mantelTest(humanMatrix.r, imputed.r, structural.items.length, {
          permutations: metrics.mantelPermutations,
          ...mantelStream(experiment.seed, job.group),
          ...(signal ? { signal } : {}),
        });
        results.mantel.push({
          condition: condition.name,
          group: job.group,
          method,
          statistic: finiteOrNull(mantel.statistic),
          pValue: finiteOrNull(mantel.pValue),
          permutations: mantel.permutations,
          pairs: mantel.pairs,
        });
      }
    }
  }
}

/**
 * The permutations of a group's Mantel test: drawn from (seed, group) alone, so a group's p-value
 * does not depend on which other groups are tested or in what order. `all` keeps the stream it has
 * always had (mantelTest's own for the seed).
 */
function mantelStream(seed: number, group: string): { seed: number } | { random: () => number } {
  if (group === ALL_GROUP) return { seed };
  const source = new SeededRandom(seed, `mantel ${group}`);
  return { random: () => source.uniform() };
}

/**
 * The source study's ecological correlation: per group, each item's mean rescaled to [0,1]; items
 * correlated across the groups that the humans and every grouped condition have.
 */
function groupMeanLevel(input: StructureInput, structural: StructuralItems, results: StructureResults): void {
  const { experiment, human, conditions, warnings } = input;
  if (!experiment.metrics.groupMeanLevel || experiment.groups.length === 0) return;
  const grouped = conditions.filter((condition) => experiment.groups.some((g) => (condition.groupRows.get(g.name)?.length ?? 0) > 0));
  const common = experiment.groups
    .map((g) => g.name)
    .filter((name) => (human.groupRows.get(name)?.length ?? 0) > 0 && grouped.every((c) => (c.groupRows.get(name)?.length ?? 0) > 0));
  if (grouped.length === 0) {
    warnings.push({ code: 'groupMeanLevelSkipped', message: 'group-mean level skipped: no condition has respondents standing for the groups' });
    return;
  }
  if (common.length < MIN_GROUPS_FOR_GROUP_MEAN_CORRELATION) {
    warnings.push({
      code: 'groupMeanLevelSkipped',
      message: `group-mean level skipped: ${common.length} group(s) have both human and model respondents; at least ${MIN_GROUPS_FOR_GROUP_MEAN_CORRELATION} are needed`,
    });
    return;
  }
  const nItems = structural.items.length;
  const rescaled = (mean: number | null, item: PreparedItem) =>
    mean === null || item.range <= 0 ? Number.NaN : (mean - item.codes[0]!) / item.range;
  const meansOf = (population: Population) => {
    const means = new Float64Array(common.length * nItems);
    common.forEach((group, g) => {
      structural.indices.forEach((itemIndex, i) => {
        const item = input.items[itemIndex]!;
        const tally =
          population === human
            ? input.humanTallies(itemIndex, group)
            : tallyCell(population.columns[itemIndex]!, item, population.groupRows.get(group)!, undefined);
        means[g * nItems + i] = rescaled(tally?.summary.mean ?? null, item);
      });
    });
    return means;
  };
  const store = (population: string, means: Float64Array) => {
    common.forEach((group, g) => {
      results.groupMeans.push({
        population,
        group,
        means: Array.from(means.subarray(g * nItems, (g + 1) * nItems), finiteOrNull),
      });
    });
    const correlation = groupMeanCorrelation(means, common.length, nItems);
    results.matrices.push({
      population,
      group: GROUP_MEANS,
      method: 'pearson',
      level: 'groupMean',
      values: upperTriangle(correlation.r, nItems),
      n: upperTriangle(correlation.n, nItems).map((value) => value ?? 0),
    });
    return correlation;
  };
  const humanCorrelation = store(HUMAN_POPULATION, meansOf(human));
  for (const condition of grouped) {
    const modelCorrelation = store(condition.name, meansOf(condition));
    results.comparisons.push(comparisonResult(condition.name, GROUP_MEANS, 'pearson', 'groupMean', humanCorrelation, modelCorrelation));
  }
}

/** One correlation matrix from the pair tables; polychoric problems become one warning per matrix. */
function correlationOf(
  method: CorrelationMethod,
  tables: PairTables,
  metrics: ResolvedExperiment['metrics'],
  label: string,
  warnings: Warning[],
  signal: AbortSignal | undefined,
): CorrelationMatrix {
  if (method === 'pearson') return pearsonMatrix(tables);
  if (method === 'spearman') return spearmanMatrix(tables);
  const polychoric = polychoricFromTables(tables, { thresholds: metrics.polychoricThresholds, ...(signal ? { signal } : {}) });
  const pairs = polychoric.failures.length + polychoric.flagged.length;
  if (pairs > 0) {
    warnings.push({
      code: 'polychoricPairs',
      message: `polychoric ${label}: ${polychoric.failures.length} pair(s) without an estimate, ${polychoric.flagged.length} at the boundary or not converged`,
    });
  }
  const nItems = tables.nItems;
  const n = new Float64Array(nItems * nItems);
  for (let i = 0; i < nItems; i++) {
    n[i * nItems + i] = tables.itemN[i]!;
    for (let j = i + 1; j < nItems; j++) {
      const count = tables.pairN[pairIndex(i, j, nItems)]!;
      n[i * nItems + j] = count;
      n[j * nItems + i] = count;
    }
  }
  let r = polychoric.r;
  if (metrics.smoothPolychoric && !r.some((value) => Number.isNaN(value))) {
    r = nearestPositiveSemidefinite(r, nItems).matrix;
  }
  return { items: nItems, r, n };
}

/**
 * Principal components of both matrices on the items defined on both sides; the model's loadings
 * rotated onto the human's (orthogonal Procrustes) before Tucker's congruence, so a rotation of
 * the same structure is not counted as a difference.
 */
function compareLatent(
  human: CorrelationMatrix,
  model: Float64Array,
  items: readonly PreparedItem[],
  requested: number,
  condition: string,
  group: string,
  method: CorrelationMethod,
  warnings: Warning[],
): LatentComparison | undefined {
  const nItems = human.items;
  const { included, excluded } = completeItems([human.r, model], nItems);
  const components = Math.min(requested, included.length - 1);
  if (components < 1) {
    warnings.push({
      code: 'latentSkipped',
      condition,
      group,
      message: `${condition} / ${group}: too few items with every human correlation defined for a latent comparison`,
    });
    return undefined;
  }
  const humanPca = principalComponents(human.r, nItems, { components, items: included });
  const modelPca = principalComponents(model, nItems, { components, items: included });
  const pick = (loadings: Float64Array) => {
    const rows = new Float64Array(included.length * components);
    included.forEach((item, row) => {
      for (let c = 0; c < components; c++) rows[row * components + c] = loadings[item * components + c]!;
    });
    return rows;
  };
  const humanLoadings = pick(humanPca.loadings);
  const aligned = procrustes(pick(modelPca.loadings), humanLoadings, included.length, components).rotated;
  const tucker = tuckerCongruence(aligned, humanLoadings, included.length, components);
  const congruence = Array.from(tucker.perComponent, finiteOrNull);
  return {
    condition,
    group,
    method,
    components,
    items: included.map((index) => items[index]!.id),
    excludedItems: excluded.map((index) => items[index]!.id),
    humanExplained: Array.from(humanPca.explainedVariance.subarray(0, components)),
    modelExplained: Array.from(modelPca.explainedVariance.subarray(0, components)),
    congruence,
    overallCongruence: finiteOrNull(tucker.overall),
    bands: congruence.map((phi) => (phi === null ? null : (congruenceBand(phi) ?? null))),
    humanLoadings: Array.from(humanLoadings, finiteOrNull),
    modelLoadingsAligned: Array.from(aligned, finiteOrNull),
  };
}
