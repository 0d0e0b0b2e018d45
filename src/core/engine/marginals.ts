/**
 * Marginal comparison per item x group x condition. Human distributions are weighted when the
 * experiment names a weight; simulated respondents count once each. Every number comes from a
 * metric in core/metrics; this file decides which cells are scored and what they are called.
 */
import type { ResolvedMetrics } from '../config/resolved';
import { hellinger } from '../metrics/hellinger';
import { categoryHistogram } from '../metrics/histogram';
import { jensenShannonDivergence } from '../metrics/jensenShannon';
import { marginalDistance, WORST_DISTANCE } from '../metrics/marginalDistance';
import { modeShare } from '../metrics/modeShare';
import { distributionMoments } from '../metrics/moments';
import { totalVariation } from '../metrics/totalVariation';
import { varianceRatio } from '../metrics/varianceRatio';
import { weightedMean } from '../metrics/weightedMean';
import { worstCaseDistance } from '../metrics/worstCaseDistance';
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
  const histogram = categoryHistogram(column.categories, item.codes.length, weights, rows);
  const { mass, weightSum: weightValid } = histogram;
  const missing = histogram.missingCount > 0 ? missingByKind(column, rows) : {};
  let distribution: number[] | null = null;
  let mean: number | null = null;
  let variance: number | null = null;
  if (weightValid > 0) {
    distribution = Array.from(mass, (m) => m / weightValid);
    ({ mean, variance } = distributionMoments(mass, item.positions));
  }
  return { mass, summary: { n: rows.length, nValid: histogram.count, weightValid, distribution, mean, variance, missing } };
}

/** How many of `rows` are missing, per kind of missing answer (kinds with none left out). */
function missingByKind(column: CategorizedColumn, rows: Uint32Array): Record<string, number> {
  const counts = new Float64Array(column.missingKeys.length);
  const { categories, missingKind } = column;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    if (categories[row] === MISSING_CATEGORY) counts[missingKind[row]!]! += 1;
  }
  const missing: Record<string, number> = {};
  column.missingKeys.forEach((key, index) => {
    const count = counts[index]!;
    if (count > 0) missing[key] = count;
  });
  return missing;
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
  const humanScorable = human.summary.nValid >= metrics.minCellSize && human.summary.weightValid > 0;
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
    invalidCount: invalid,
    coverage: model.summary.n > 0 ? model.summary.nValid / model.summary.n : null,
    scoredAtWorst: false,
    pValue: null,
    qValue: null,
    flagged: null,
  };
  if (human.summary.weightValid <= 0 && human.summary.nValid >= metrics.minCellSize) {
    cell.note = 'human weights of the valid answers sum to zero';
    return cell;
  }
  if (!humanScorable || model.summary.nValid < metrics.minCellSize) {
    cell.note = `too few valid answers to score (human ${human.summary.nValid}, model ${model.summary.nValid}; minCellSize ${metrics.minCellSize})`;
    // Too few human answers takes the item out of the common set; too few model answers is the model's to answer for.
    cell.scoredAtWorst = humanScorable;
    return cell;
  }
  const ordinal = item.scale.type === 'ordinal';
  cell.totalVariation = finiteOrNull(totalVariation(human.mass, model.mass));
  cell.jensenShannon = finiteOrNull(jensenShannonDivergence(human.mass, model.mass));
  cell.hellinger = finiteOrNull(hellinger(human.mass, model.mass));
  cell.distance = finiteOrNull(
    metrics.invalidAnswers === 'worstCase'
      ? worstCaseDistance(human.mass, model.mass, invalid, item.positions, ordinal)
      : marginalDistance(human.mass, model.mass, item.positions, ordinal),
  );
  // An ordinal item's distance is its normalised W1; the field names it for readers of the results.
  if (ordinal) cell.wasserstein = cell.distance;
  const mode = modeShare(model.mass);
  if (!Number.isNaN(mode.share)) {
    cell.modeShare = mode.share;
    cell.modeCollapsed = item.codes.length > 1 && mode.share >= metrics.modeCollapseShare;
  }
  if (ordinal) {
    const ratio = varianceRatio(model.mass, human.mass, item.positions);
    if (!Number.isNaN(ratio)) {
      cell.varianceRatio = ratio;
      cell.varianceCollapsed = ratio < metrics.varianceCollapseRatio;
    }
  }
  return cell;
}

export type ScoreKey = 'distance' | 'wasserstein' | 'totalVariation' | 'jensenShannon' | 'hellinger';
const SCORE_KEYS: ScoreKey[] = ['distance', 'wasserstein', 'totalVariation', 'jensenShannon', 'hellinger'];

/**
 * A cell's value of one divergence as it enters the aggregates: the worst value 1 for a cell the
 * model could not be scored on, else its own (NaN where undefined).
 */
export function aggregatedValue(cell: MarginalCell, key: ScoreKey): number {
  if (cell.scoredAtWorst) return WORST_DISTANCE;
  return cell[key] ?? Number.NaN;
}

/**
 * Aggregates the cells of one condition x group over the common item set (the caller passes
 * exactly those cells): each metric is the equal-weight mean over the items, a cell the model
 * could not be scored on counting at the worst value 1, so refusing or collapsing never helps.
 * `coverage` is the mean answer coverage.
 */
export function aggregateCells(
  condition: string,
  group: string,
  cells: readonly MarginalCell[],
  ordinalItems: ReadonlySet<string>,
  invalidShareWarning: number,
): MarginalAggregate {
  const aggregate: MarginalAggregate = {
    condition,
    group,
    nItems: cells.length,
    nScoredAtWorst: cells.filter((cell) => cell.scoredAtWorst).length,
    distance: null,
    wasserstein: null,
    totalVariation: null,
    jensenShannon: null,
    hellinger: null,
    representativeness: null,
    coverage: null,
    varianceCollapsedItems: 0,
    modeCollapsedItems: 0,
    flaggedInvalidItems: [],
  };
  const equal = new Float64Array(cells.length).fill(1);
  for (const key of SCORE_KEYS) {
    // W1 is defined for ordinal items only: its mean is over those.
    const values = Float64Array.from(cells, (cell) => (key === 'wasserstein' && !ordinalItems.has(cell.item) ? Number.NaN : aggregatedValue(cell, key)));
    aggregate[key] = finiteOrNull(weightedMean(values, equal));
  }
  aggregate.coverage = finiteOrNull(weightedMean(Float64Array.from(cells, (cell) => cell.coverage ?? Number.NaN), equal));
  aggregate.representativeness = aggregate.distance === null ? null : 1 - aggregate.distance;
  aggregate.varianceCollapsedItems = cells.filter((cell) => cell.varianceCollapsed).length;
  aggregate.modeCollapsedItems = cells.filter((cell) => cell.modeCollapsed).length;
  aggregate.flaggedInvalidItems = cells
    .filter((cell) => cell.invalidShare !== null && cell.invalidShare > invalidShareWarning)
    .map((cell) => cell.item);
  return aggregate;
}
