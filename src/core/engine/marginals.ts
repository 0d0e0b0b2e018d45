/**
 * Marginal comparison per item x group x condition. Human distributions are weighted when the
 * experiment names a weight; simulated respondents count once each.
 */
import type { ResolvedMetrics } from '../config/resolved';
import { hellinger } from '../metrics/hellinger';
import { jensenShannonDivergence } from '../metrics/jensenShannon';
import { totalVariation } from '../metrics/totalVariation';
import { normalizedWasserstein1 } from '../metrics/wasserstein';
import type { DistributionSummary, MarginalAggregate, MarginalCell } from '../results/types';
import { INVALID_KEYS, MISSING_CATEGORY, type CategorizedColumn, type PreparedItem } from '../model/items';

export interface CellTally {
  summary: DistributionSummary;
  /** Unnormalised weighted mass per category. */
  mass: Float64Array;
}

/** Counts one cell: the given rows of one item. */
export function tallyCell(
  column: CategorizedColumn,
  item: PreparedItem,
  rows: Uint32Array,
  weights: Float64Array | undefined,
): CellTally {
  const k = item.codes.length;
  const mass = new Float64Array(k);
  const missingCounts = new Float64Array(column.missingKeys.length);
  const { categories, missingKind } = column;
  let nValid = 0;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    const category = categories[row]!;
    if (category === MISSING_CATEGORY) {
      missingCounts[missingKind[row]!]! += 1;
      continue;
    }
    nValid++;
    mass[category]! += weights ? weights[row]! : 1;
  }
  let weightValid = 0;
  for (let c = 0; c < k; c++) weightValid += mass[c]!;
  const missing: Record<string, number> = {};
  column.missingKeys.forEach((key, index) => {
    const count = missingCounts[index]!;
    if (count > 0) missing[key] = count;
  });
  let distribution: number[] | null = null;
  let mean: number | null = null;
  let variance: number | null = null;
  if (weightValid > 0) {
    distribution = Array.from(mass, (m) => m / weightValid);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += distribution[c]! * item.positions[c]!;
    let squares = 0;
    for (let c = 0; c < k; c++) squares += distribution[c]! * (item.positions[c]! - sum) ** 2;
    mean = sum;
    variance = squares;
  }
  return { mass, summary: { n: rows.length, nValid, weightValid, distribution, mean, variance, missing } };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Compares one human cell with one model cell. */
export function compareCell(
  item: PreparedItem,
  group: string,
  condition: string,
  human: CellTally,
  model: CellTally,
  metrics: ResolvedMetrics,
): MarginalCell {
  const invalid = Object.entries(model.summary.missing)
    .filter(([key]) => INVALID_KEYS.has(key))
    .reduce((sum, [, count]) => sum + count, 0);
  const answered = model.summary.nValid + invalid;
  const cell: MarginalCell = {
    item: item.id,
    group,
    condition,
    human: human.summary,
    model: model.summary,
    wasserstein: null,
    totalVariation: null,
    jensenShannon: null,
    hellinger: null,
    distance: null,
    varianceRatio: null,
    varianceCollapsed: false,
    modeShare: null,
    modeCollapsed: false,
    invalidShare: answered > 0 ? invalid / answered : null,
  };
  if (human.summary.nValid < metrics.minCellSize || model.summary.nValid < metrics.minCellSize) {
    cell.note = `too few valid answers to score (human ${human.summary.nValid}, model ${model.summary.nValid}; minCellSize ${metrics.minCellSize})`;
    return cell;
  }
  if (human.summary.weightValid <= 0) {
    cell.note = 'human weights of the valid answers sum to zero';
    return cell;
  }
  const ordinal = item.scale.type === 'ordinal';
  cell.totalVariation = finiteOrNull(totalVariation(human.mass, model.mass));
  cell.jensenShannon = finiteOrNull(jensenShannonDivergence(human.mass, model.mass));
  cell.hellinger = finiteOrNull(hellinger(human.mass, model.mass));
  if (ordinal && item.range > 0) {
    cell.wasserstein = finiteOrNull(normalizedWasserstein1(human.mass, model.mass, item.positions));
  }
  cell.distance = ordinal ? cell.wasserstein : cell.totalVariation;
  const modelDistribution = model.summary.distribution;
  if (modelDistribution) {
    const share = Math.max(...modelDistribution);
    cell.modeShare = share;
    cell.modeCollapsed = item.codes.length > 1 && share >= metrics.modeCollapseShare;
  }
  if (ordinal && human.summary.variance !== null && model.summary.variance !== null && human.summary.variance > 0) {
    cell.varianceRatio = model.summary.variance / human.summary.variance;
    cell.varianceCollapsed = cell.varianceRatio < metrics.varianceCollapseRatio;
  }
  return cell;
}

type ScoreKey = 'distance' | 'wasserstein' | 'totalVariation' | 'jensenShannon' | 'hellinger';
const SCORE_KEYS: ScoreKey[] = ['distance', 'wasserstein', 'totalVariation', 'jensenShannon', 'hellinger'];

/**
 * Aggregates the cells of one condition x group: each metric is the mean over the items where it
 * is defined, each item weighted by its model cell's valid answers (an item the model mostly
 * failed to answer counts less). `nItems` counts items with a `distance`.
 */
export function aggregateCells(condition: string, group: string, cells: readonly MarginalCell[], invalidShareWarning: number): MarginalAggregate {
  const aggregate: MarginalAggregate = {
    condition,
    group,
    nItems: 0,
    distance: null,
    wasserstein: null,
    totalVariation: null,
    jensenShannon: null,
    hellinger: null,
    representativeness: null,
    varianceCollapsedItems: 0,
    modeCollapsedItems: 0,
    flaggedInvalidItems: [],
  };
  for (const key of SCORE_KEYS) {
    let weighted = 0;
    let weightSum = 0;
    for (const cell of cells) {
      const value = cell[key];
      if (value === null) continue;
      weighted += value * cell.model.nValid;
      weightSum += cell.model.nValid;
    }
    aggregate[key] = weightSum > 0 ? weighted / weightSum : null;
  }
  aggregate.nItems = cells.filter((cell) => cell.distance !== null).length;
  aggregate.representativeness = aggregate.distance === null ? null : 1 - aggregate.distance;
  aggregate.varianceCollapsedItems = cells.filter((cell) => cell.varianceCollapsed).length;
  aggregate.modeCollapsedItems = cells.filter((cell) => cell.modeCollapsed).length;
  aggregate.flaggedInvalidItems = cells
    .filter((cell) => cell.invalidShare !== null && cell.invalidShare > invalidShareWarning)
    .map((cell) => cell.item);
  return aggregate;
}
