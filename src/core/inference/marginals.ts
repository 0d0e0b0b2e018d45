/**
 * Marginal statistics of a resample, computed exactly as the engine computes them on the full
 * sample (engine/marginals.ts and the headline in engine/evaluate.ts), with multiplicities as
 * extra row weights. Every formula is a core/metrics function the engine calls too; the full
 * sample is even tallied by the engine's own `categoryHistogram`, so the full-sample estimates
 * equal the engine's numbers bit for bit. Only the resample tally (`tallyCompact`) has a kernel
 * of its own, because it runs for every item, group and population of every replicate.
 */
import { categoryHistogram } from '../metrics/histogram';
import { marginalDistance, WORST_DISTANCE } from '../metrics/marginalDistance';
import { distributionMean } from '../metrics/moments';
import { weightedMean } from '../metrics/weightedMean';
import { worstCaseDistance } from '../metrics/worstCaseDistance';
import { MISSING_CATEGORY } from '../structure/categoryMatrix';

/** What the marginal statistics need to know about an item. */
export interface ItemModel {
  id: string;
  nCategories: number;
  /** Category positions (the codes), for W1 and means. */
  positions: Float64Array;
  /** Largest minus smallest code. */
  range: number;
  /** Code of category 0 (group means are rescaled from it). */
  firstCode: number;
  /** Ordinal items are compared by normalised W1, the others by total variation. */
  ordinal: boolean;
}

/** One item's answers over some rows of a population. */
export interface Tally {
  /** Weighted mass per category. */
  mass: Float64Array;
  /** Valid answers counted with their multiplicity (unweighted). */
  nValid: number;
  /** Sum of `mass`. */
  weightValid: number;
}

/**
 * Tallies item `item` over `rows`: each valid row adds multiplicity x weight to its category and
 * its multiplicity to `nValid`. Missing answers (`MISSING_CATEGORY`) are left out, as in `tallyCell`.
 * Without multiplicities this is the engine's `categoryHistogram`, bit for bit; with them it is
 * `tallyCompact` on the compacted rows.
 *
 * @param categories column-major category bytes, `categories[item * nRows + row]`
 * @param multiplicity copies of each row in the resample; undefined for the full sample
 */
export function tallyRows(
  categories: Uint8Array,
  nRows: number,
  item: number,
  nCategories: number,
  rows: Uint32Array,
  multiplicity: Int32Array | undefined,
  weights: Float64Array | null,
): Tally {
  if (multiplicity) return tallyCompact(categories, nRows, item, nCategories, compactRows(rows, multiplicity, weights));
  const column = categories.subarray(item * nRows, (item + 1) * nRows);
  const histogram = categoryHistogram(column, nCategories, weights ?? undefined, rows);
  return { mass: histogram.mass, nValid: histogram.count, weightValid: histogram.weightSum };
}

/**
 * The engine's cell `distance` (compareCell): normalised W1 for ordinal items with a range, total
 * variation for nominal and binary items; NaN where the engine reports null (a side with fewer
 * than `minCellSize` valid answers, human weights summing to 0, an ordinal item without range).
 */
export function cellDistance(item: ItemModel, human: Tally, model: Tally, minCellSize: number): number {
  if (human.nValid < minCellSize || model.nValid < minCellSize) return Number.NaN;
  if (human.weightValid <= 0) return Number.NaN;
  return marginalDistance(human.mass, model.mass, item.positions, item.ordinal);
}

/**
 * A cell's distance as it enters the aggregates (the engine's `compareCell` and
 * `aggregatedValue`): the worst distance 1 when the full-sample model cell had too few valid
 * answers (`scoredAtWorst`, decided once so the statistic is the same function in every
 * replicate); else the item distance, with invalid answers left out or, under `worstCase`, put on
 * the farthest option. NaN when the human weights sum to 0.
 */
export function cellScore(item: ItemModel, human: Tally, model: Tally, scoredAtWorst: boolean, invalidMass: number, worstCase: boolean): number {
  if (scoredAtWorst) return WORST_DISTANCE;
  if (human.weightValid <= 0) return Number.NaN;
  return worstCase
    ? worstCaseDistance(human.mass, model.mass, invalidMass, item.positions, item.ordinal)
    : marginalDistance(human.mass, model.mass, item.positions, item.ordinal);
}

/**
 * The equal-weight mean of `values` over the common items, in item order (the engine's
 * `aggregateCells` over the common cells); NaN when none is defined.
 */
export function commonItemMean(values: Float64Array, commonItems: Int32Array): number {
  const picked = new Float64Array(commonItems.length);
  for (let index = 0; index < commonItems.length; index++) picked[index] = values[commonItems[index]!]!;
  return weightedMean(picked, new Float64Array(commonItems.length).fill(1));
}

/** Copies of the compacted rows whose answer to `item` is invalid (refusal, unparseable, out of range). */
export function invalidCopies(invalid: Uint8Array, nRows: number, item: number, compact: CompactRows): number {
  const base = item * nRows;
  let copies = 0;
  for (let index = 0; index < compact.rows.length; index++) if (invalid[base + compact.rows[index]!]) copies += compact.copies[index]!;
  return copies;
}

/** The tally's mean code rescaled to [0, 1] over the item's range (the group-mean level's input); NaN when undefined. */
export function rescaledMean(tally: Tally, item: ItemModel): number {
  if (!(tally.weightValid > 0) || item.range <= 0) return Number.NaN;
  return (distributionMean(tally.mass, item.positions) - item.firstCode) / item.range;
}

/** The rows of a resample drawn at least once, with their multiplicities and masses (multiplicity x weight). */
export interface CompactRows {
  rows: Uint32Array;
  copies: Float64Array;
  masses: Float64Array;
  /** Sum of `copies`. */
  total: number;
}

export function compactRows(rows: Uint32Array, multiplicity: Int32Array, weights: Float64Array | null): CompactRows {
  let kept = 0;
  for (let index = 0; index < rows.length; index++) if (multiplicity[rows[index]!]! > 0) kept++;
  const keptRows = new Uint32Array(kept);
  const copies = new Float64Array(kept);
  const masses = weights ? new Float64Array(kept) : copies;
  let next = 0;
  let total = 0;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    const count = multiplicity[row]!;
    if (count === 0) continue;
    keptRows[next] = row;
    copies[next] = count;
    if (weights) masses[next] = count * weights[row]!;
    total += count;
    next++;
  }
  return { rows: keptRows, copies, masses, total };
}

/** Four interleaved 256-slot histograms: consecutive rows rarely wait on the same slot's previous add. */
const LANE_SLOTS = 256;
const laneScratch = new Float64Array(4 * LANE_SLOTS);

/**
 * `categoryHistogram` for a resample's compacted rows, each row counted with its multiplicity
 * (the same histogram up to the order of the floating-point additions, which is fixed).
 * `MISSING_CATEGORY` lands in its own slot and is left out.
 */
export function tallyCompact(categories: Uint8Array, nRows: number, item: number, nCategories: number, compact: CompactRows): Tally {
  const sums = laneScratch;
  sums.fill(0);
  const { rows, copies, masses } = compact;
  const base = item * nRows;
  const n = rows.length;
  let missingCopies = 0;
  let index = 0;
  for (; index + 3 < n; index += 4) {
    const c0 = categories[base + rows[index]!]!;
    const c1 = categories[base + rows[index + 1]!]!;
    const c2 = categories[base + rows[index + 2]!]!;
    const c3 = categories[base + rows[index + 3]!]!;
    sums[c0]! += masses[index]!;
    sums[LANE_SLOTS + c1]! += masses[index + 1]!;
    sums[2 * LANE_SLOTS + c2]! += masses[index + 2]!;
    sums[3 * LANE_SLOTS + c3]! += masses[index + 3]!;
    if (c0 === MISSING_CATEGORY) missingCopies += copies[index]!;
    if (c1 === MISSING_CATEGORY) missingCopies += copies[index + 1]!;
    if (c2 === MISSING_CATEGORY) missingCopies += copies[index + 2]!;
    if (c3 === MISSING_CATEGORY) missingCopies += copies[index + 3]!;
  }
  for (; index < n; index++) {
    const category = categories[base + rows[index]!]!;
    sums[category]! += masses[index]!;
    if (category === MISSING_CATEGORY) missingCopies += copies[index]!;
  }
  const mass = new Float64Array(nCategories);
  let weightValid = 0;
  for (let category = 0; category < nCategories; category++) {
    const value = sums[category]! + sums[LANE_SLOTS + category]! + sums[2 * LANE_SLOTS + category]! + sums[3 * LANE_SLOTS + category]!;
    mass[category] = value;
    weightValid += value;
  }
  return { mass, nValid: compact.total - missingCopies, weightValid };
}
