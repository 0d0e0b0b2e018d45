/**
 * The item x item correlation matrix shape, and the table-level weighted Pearson both the Pearson
 * and the Spearman matrices are built from.
 */
import type { PairTables } from './pairTables';

export interface CorrelationMatrix {
  /** Number of items P. */
  items: number;
  /** P*P, row-major, symmetric; NaN where undefined (no variance within the pair's complete cases). */
  r: Float64Array;
  /** P*P, symmetric: unweighted pairwise-complete count; the diagonal is the item's own count. */
  n: Float64Array;
}

/**
 * Weighted Pearson correlation of row scores x and column scores y over a contingency table of
 * weights T (rows x cols, row-major), computed in two passes for accuracy: the means come from the
 * table's own marginals, then
 *
 *   r = sum_ab T_ab (x_a - mx)(y_b - my) / sqrt( sum_a T_a. (x_a - mx)^2 * sum_b T_.b (y_b - my)^2 ).
 *
 * With counts this is the Pearson r of the expanded observations; with weights it equals
 * R `cov.wt(..., wt, cor = TRUE)` (the weight normalisation cancels). NaN when either margin has fewer
 * than two distinct scores with positive weight (zero variance). Clamped to [-1, 1] against rounding.
 *
 * `rowMarginal` and `colMarginal` are scratch of at least rows and cols entries.
 */
export function tableCorrelation(
  table: Float64Array,
  tableStart: number,
  rows: number,
  cols: number,
  x: Float64Array,
  y: Float64Array,
  rowMarginal: Float64Array,
  colMarginal: Float64Array,
): number {
  colMarginal.fill(0, 0, cols);
  let total = 0;
  let sumX = 0;
  for (let a = 0; a < rows; a++) {
    const offset = tableStart + a * cols;
    let rowSum = 0;
    for (let b = 0; b < cols; b++) {
      const weight = table[offset + b]!;
      rowSum += weight;
      colMarginal[b]! += weight;
    }
    rowMarginal[a] = rowSum;
    total += rowSum;
    sumX += rowSum * x[a]!;
  }
  if (!(total > 0) || !varies(rowMarginal, x, rows) || !varies(colMarginal, y, cols)) return NaN;
  let sumY = 0;
  for (let b = 0; b < cols; b++) sumY += colMarginal[b]! * y[b]!;
  const meanX = sumX / total;
  const meanY = sumY / total;
  let sxx = 0;
  for (let a = 0; a < rows; a++) {
    const deviation = x[a]! - meanX;
    sxx += rowMarginal[a]! * deviation * deviation;
  }
  let syy = 0;
  for (let b = 0; b < cols; b++) {
    const deviation = y[b]! - meanY;
    syy += colMarginal[b]! * deviation * deviation;
  }
  let sxy = 0;
  for (let a = 0; a < rows; a++) {
    if (rowMarginal[a] === 0) continue;
    const offset = tableStart + a * cols;
    let inner = 0;
    for (let b = 0; b < cols; b++) inner += table[offset + b]! * (y[b]! - meanY);
    sxy += (x[a]! - meanX) * inner;
  }
  const r = sxy / Math.sqrt(sxx * syy);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/** True when categories with positive weight carry at least two distinct scores. */
export function varies(weights: Float64Array, scores: Float64Array, count: number): boolean {
  let first = NaN;
  for (let k = 0; k < count; k++) {
    if (!(weights[k]! > 0)) continue;
    if (first !== first) first = scores[k]!;
    else if (scores[k] !== first) return true;
  }
  return false;
}

/**
 * Fills r and n of every pair from the tables, scoring each pair with `scoresOf(i, j, tableStart)`,
 * which returns the row and column scores to correlate (Pearson: the category scores; Spearman:
 * the pair's midranks). The diagonal is 1 when the item varies over its own non-missing rows, NaN
 * otherwise.
 */
export function matrixFromTables(
  tables: PairTables,
  scoresOf: (i: number, j: number, tableStart: number) => readonly [Float64Array, Float64Array],
): CorrelationMatrix {
  const { nItems, nCategories, cells, pairOffsets, pairN, itemN, itemMarginals, itemOffsets } = tables;
  const r = new Float64Array(nItems * nItems);
  const n = new Float64Array(nItems * nItems);
  let maxCategories = 1;
  for (let item = 0; item < nItems; item++) maxCategories = Math.max(maxCategories, nCategories[item]!);
  const rowMarginal = new Float64Array(maxCategories);
  const colMarginal = new Float64Array(maxCategories);
  let pair = 0;
  for (let i = 0; i < nItems; i++) {
    const own = itemMarginals.subarray(itemOffsets[i], itemOffsets[i + 1]);
    r[i * nItems + i] = varies(own, tables.scores[i]!, nCategories[i]!) ? 1 : NaN;
    n[i * nItems + i] = itemN[i]!;
    for (let j = i + 1; j < nItems; j++, pair++) {
      const tableStart = pairOffsets[pair]!;
      const [x, y] = scoresOf(i, j, tableStart);
      const value = tableCorrelation(cells, tableStart, nCategories[i]!, nCategories[j]!, x, y, rowMarginal, colMarginal);
      r[i * nItems + j] = value;
      r[j * nItems + i] = value;
      n[i * nItems + j] = pairN[pair]!;
      n[j * nItems + i] = pairN[pair]!;
    }
  }
  return { items: nItems, r, n };
}
