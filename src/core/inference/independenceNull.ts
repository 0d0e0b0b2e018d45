/**
 * The independence null: a population with every item's (weighted) human marginal and no
 * association between items, the "no structure at all" anchor of the fidelity score.
 *
 * Unweighted, shuffling each item's column independently does it. With survey weights a plain
 * shuffle would move categories onto rows of other weights and change the weighted marginal. Here
 * each row keeps its weight and each item's categories are dealt out anew: the rows are put in a
 * random order (independently per item) and laid end to end on [0, W), W their total weight; the
 * item's categories (missing last) occupy consecutive stretches in proportion to the target
 * (human) weighted masses, and a row gets the category its stretch falls in. The rows may be the
 * human rows themselves or a subsample of them (the stretches are rescaled to its weight).
 *
 * A row that straddles a boundary is split into two rows (same answers to every other item,
 * weight divided at the boundary), so every item's weighted marginal, missing share included,
 * equals the target's up to floating-point rounding. Each item adds at most one split per
 * boundary, so the null has at most sum(K_i) more rows than it was given. Dealing unit-weight rows
 * their own answers, no row ever straddles and this is exactly the column shuffle.
 */
import { MISSING_CATEGORY } from '../structure/categoryMatrix';
import type { ReplicateRandom } from './random';
import { shuffle } from './resample';

export interface WeightedRows {
  nRows: number;
  /** Row-major category bytes over all items, nRows x nItems. */
  categories: Uint8Array;
  weights: Float64Array;
}

/** Straddles shorter than this share of the total weight are not split (rounding, not weight). */
const SPLIT_TOLERANCE = 1e-12;

/**
 * Weighted mass of each category of every item over the rows, missing answers (255) last:
 * `masses[item][category]`, `masses[item][K]` for missing.
 */
export function itemMasses(rows: WeightedRows, nCategories: ArrayLike<number>): Float64Array[] {
  const nItems = nCategories.length;
  return Array.from({ length: nItems }, (_, item) => {
    const k = nCategories[item]!;
    const mass = new Float64Array(k + 1);
    for (let row = 0; row < rows.nRows; row++) {
      const category = rows.categories[row * nItems + item]!;
      mass[category === MISSING_CATEGORY ? k : category]! += rows.weights[row]!;
    }
    return mass;
  });
}

/**
 * @param source the rows to deal answers to: row-major categories over all items (only their
 *   weights are used) and each row's weight (> 0)
 * @param nCategories categories per item
 * @param targets the weighted mass of each category of every item, missing last (`itemMasses`),
 *   to reproduce as proportions; default the source's own
 */
export function independenceNull(
  source: WeightedRows,
  nCategories: ArrayLike<number>,
  random: ReplicateRandom,
  targets: readonly Float64Array[] = itemMasses(source, nCategories),
): WeightedRows {
  const nItems = nCategories.length;
  let extra = 0;
  for (let item = 0; item < nItems; item++) extra += nCategories[item]!;
  const capacity = source.nRows + extra;
  const categories = new Uint8Array(capacity * nItems);
  const weights = new Float64Array(capacity);
  categories.set(source.categories.subarray(0, source.nRows * nItems));
  weights.set(source.weights.subarray(0, source.nRows));
  let nRows = source.nRows;
  const order = new Int32Array(capacity);
  let sourceWeight = 0;
  for (let row = 0; row < source.nRows; row++) sourceWeight += source.weights[row]!;

  for (let item = 0; item < nItems; item++) {
    const k = nCategories[item]!;
    const mass = targets[item]!;
    let targetWeight = 0;
    for (let stretch = 0; stretch <= k; stretch++) targetWeight += mass[stretch]!;
    // The stretches of the categories (missing last) on [0, total weight of the rows).
    const scale = targetWeight > 0 ? sourceWeight / targetWeight : 0;
    const bounds = new Float64Array(k + 1);
    let cumulative = 0;
    for (let stretch = 0; stretch <= k; stretch++) {
      cumulative += mass[stretch]!;
      bounds[stretch] = cumulative * scale;
    }
    const tolerance = SPLIT_TOLERANCE * sourceWeight;
    const byStretch = (stretch: number) => (stretch === k ? MISSING_CATEGORY : stretch);

    const rowsBefore = nRows;
    for (let row = 0; row < rowsBefore; row++) order[row] = row;
    shuffle(order, random, rowsBefore);
    let position = 0;
    let stretch = 0;
    for (let index = 0; index < rowsBefore; index++) {
      let row = order[index]!;
      let weight = weights[row]!;
      while (stretch < k && position >= bounds[stretch]! - tolerance) stretch++;
      // Split while the row reaches past its stretch's end by more than rounding.
      while (stretch < k && position + weight > bounds[stretch]! + tolerance) {
        const inside = bounds[stretch]! - position;
        weights[row] = inside;
        categories[row * nItems + item] = byStretch(stretch);
        const piece = nRows++;
        categories.copyWithin(piece * nItems, row * nItems, (row + 1) * nItems);
        weight -= inside;
        weights[piece] = weight;
        position = bounds[stretch]!;
        row = piece;
        stretch++;
        while (stretch < k && position >= bounds[stretch]! - tolerance) stretch++;
      }
      categories[row * nItems + item] = byStretch(stretch);
      position += weight;
    }
  }
  return { nRows, categories: categories.subarray(0, nRows * nItems), weights: weights.subarray(0, nRows) };
}
