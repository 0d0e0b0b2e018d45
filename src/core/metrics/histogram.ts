/**
 * Category index that marks a missing answer. The engine stores an item's answers as Uint8
 * category indices (0 = first option in scale order) with this value where the answer is missing.
 */
import { MISSING_CATEGORY } from '../structure/categoryMatrix';

export { MISSING_CATEGORY };

/** Category indices per row: 0..nCategories-1, or `MISSING_CATEGORY` (or any negative value) when missing. */
export type CategoryIndices = Uint8Array | Uint16Array | Int8Array | Int16Array | Int32Array;

export interface CategoryHistogram {
  /** Summed weight per category (raw weighted counts, not normalised). */
  mass: Float64Array;
  /** Selected rows with a non-missing category, weight-0 rows included. */
  count: number;
  /** Selected rows skipped because their category is missing. */
  missingCount: number;
  /** Total weight of the counted rows: Σ_k mass[k], summed in category order. */
  weightSum: number;
}

/**
 * Weighted counts per category over the selected rows:
 * mass[k] = Σ_{i ∈ rows, c_i = k} w_i (w_i = 1 when unweighted), the survey-weighted frequency
 * table that every marginal metric starts from (as the source study weights human answers by
 * `W_WEIGHT`).
 *
 * Missing data: a row whose category is `MISSING_CATEGORY` (255) is skipped and counted in
 * `missingCount`; so is a negative index, so signed arrays may use -1 instead. Its weight is not
 * looked at. Any other index outside 0..nCategories-1 is an error naming the row.
 *
 * Weights: a counted row's weight must be finite and ≥ 0, otherwise it is an error naming the row.
 * A weight of 0 counts the row in `count` (it was answered) but adds nothing to `mass`; when every
 * weight is 0 the mass is all zeros and the metrics give NaN for the cell.
 *
 * Rows: all rows when omitted; a Uint32Array lists row indices (an index may repeat and then
 * counts once per occurrence); a Uint8Array is a mask of the same length as `categories`
 * (non-zero = selected).
 *
 * @param categories category index per row
 * @param nCategories number of categories of the item, 1..255 (indices 0..254; 255 itself is reserved for missing)
 * @param weights optional weight per row, same length as `categories`
 * @param rows optional selection: row indices (Uint32Array) or a row mask (Uint8Array)
 */
export function categoryHistogram(
  categories: CategoryIndices,
  nCategories: number,
  weights?: Float64Array,
  rows?: Uint32Array | Uint8Array,
): CategoryHistogram {
  if (!Number.isInteger(nCategories) || nCategories < 1 || nCategories > MISSING_CATEGORY) {
    throw new RangeError(`categoryHistogram: nCategories must be an integer from 1 to 255 (got ${nCategories})`);
  }
  const nRows = categories.length;
  if (weights !== undefined && weights.length !== nRows) {
    throw new RangeError(
      `categoryHistogram: weights and categories must have the same length (${weights.length} vs ${nRows})`,
    );
  }
  if (rows instanceof Uint8Array && rows.length !== nRows) {
    throw new RangeError(
      `categoryHistogram: the row mask and categories must have the same length (${rows.length} vs ${nRows})`,
    );
  }

  const mass = new Float64Array(nCategories);
  let count = 0;
  let missingCount = 0;

  const addRow = (row: number): void => {
    const category = categories[row] as number;
    if (category === MISSING_CATEGORY || category < 0) {
      missingCount++;
      return;
    }
    if (category >= nCategories) {
      throw new RangeError(
        `categoryHistogram: category ${category} at row ${row} is outside 0..${nCategories - 1} (use ${MISSING_CATEGORY} for missing)`,
      );
    }
    let weight = 1;
    if (weights !== undefined) {
      weight = weights[row] as number;
      if (Number.isNaN(weight)) throw new RangeError(`categoryHistogram: weight at row ${row} is NaN`);
      if (!Number.isFinite(weight)) throw new RangeError(`categoryHistogram: weight at row ${row} is not finite (${weight})`);
      if (weight < 0) throw new RangeError(`categoryHistogram: weight at row ${row} is negative (${weight})`);
    }
    mass[category] = (mass[category] as number) + weight;
    count++;
  };

  if (rows === undefined) {
    for (let row = 0; row < nRows; row++) addRow(row);
  } else if (rows instanceof Uint8Array) {
    for (let row = 0; row < nRows; row++) if (rows[row] !== 0) addRow(row);
  } else {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as number;
      if (row >= nRows) {
        throw new RangeError(`categoryHistogram: rows[${i}] = ${row} is outside 0..${nRows - 1}`);
      }
      addRow(row);
    }
  }

  // Summed over the categories, not the rows: the metrics normalise by this same sum, so a
  // distribution divided by `weightSum` and a metric's own total agree to the last bit.
  let weightSum = 0;
  for (let k = 0; k < nCategories; k++) weightSum += mass[k] as number;
  return { mass, count, missingCount, weightSum };
}
