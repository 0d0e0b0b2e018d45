/**
 * Pairwise-complete Spearman rank correlation matrix, ranks re-derived per pair.
 */
import { matrixFromTables, type CorrelationMatrix } from './correlationMatrix';
import type { PairTables } from './pairTables';

/**
 * Spearman's rho for every pair: the Pearson r of midranks, where the ranks are those of the
 * pair's own complete cases, derived from the pair table's marginals. For the categories of an item
 * in score order, with W_k the count of category k among the pair's complete cases,
 *
 *   rank_k = (sum of W over categories scoring below k) + (W_k + 1) / 2,
 *
 * which matches R `cor(x, y, method = "spearman", use = "pairwise.complete.obs")` (categories with
 * equal scores form one tie group).
 *
 * Weighted Spearman (RepScope's definition): W_k is the weight sum of category k, the midrank is
 * rank_k = W_below_k + W_k / 2 in weight units (the position of the category's middle in the
 * weighted empirical distribution), and rho is the weighted Pearson r of those ranks over the pair's
 * complete cases. With unit weights it equals the unweighted rho (a constant shift of 1/2 does not
 * change r).
 *
 * Missing data: pairwise-complete. Zero variance within a pair gives NaN; the diagonal is 1, or NaN
 * when the item does not vary.
 */
export function spearmanMatrix(tables: PairTables): CorrelationMatrix {
  const { nItems, nCategories, cells, scores } = tables;
  let maxCategories = 1;
  for (let item = 0; item < nItems; item++) maxCategories = Math.max(maxCategories, nCategories[item]!);
  const scoreOrders = scores.map((itemScores) => scoreOrder(itemScores));
  const rowWeights = new Float64Array(maxCategories);
  const colWeights = new Float64Array(maxCategories);
  const rowRanks = new Float64Array(maxCategories);
  const colRanks = new Float64Array(maxCategories);
  return matrixFromTables(tables, (i, j, tableStart) => {
    const rows = nCategories[i]!;
    const cols = nCategories[j]!;
    rowWeights.fill(0, 0, rows);
    colWeights.fill(0, 0, cols);
    for (let a = 0; a < rows; a++) {
      const offset = tableStart + a * cols;
      for (let b = 0; b < cols; b++) {
        const weight = cells[offset + b]!;
        rowWeights[a]! += weight;
        colWeights[b]! += weight;
      }
    }
    midranks(rowWeights, scores[i]!, scoreOrders[i]!, rowRanks);
    midranks(colWeights, scores[j]!, scoreOrders[j]!, colRanks);
    return [rowRanks, colRanks];
  });
}

/** Category indices sorted by score (stable). */
function scoreOrder(scores: Float64Array): Int32Array {
  return Int32Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]! || a - b);
}

/** rank_k = W_below + W_tie / 2 for every category k, ties being equal scores; written into `ranks`. */
export function midranks(weights: Float64Array, scores: Float64Array, order: Int32Array, ranks: Float64Array): void {
  let below = 0;
  let start = 0;
  while (start < order.length) {
    const score = scores[order[start]!]!;
    let end = start;
    let tieWeight = 0;
    while (end < order.length && scores[order[end]!] === score) tieWeight += weights[order[end++]!]!;
    const rank = below + tieWeight / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    below += tieWeight;
    start = end;
  }
}
