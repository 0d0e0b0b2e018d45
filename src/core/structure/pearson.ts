/**
 * Pairwise-complete Pearson correlation matrix of category scores.
 */
import { matrixFromTables, type CorrelationMatrix } from './correlationMatrix';
import type { PairTables } from './pairTables';

/**
 * Pearson r of the item scores for every pair, over the rows where both items are present
 * (pairwise-complete), from the pair tables (see `tableCorrelation` for the two-pass formula).
 * Unweighted it matches R `cor(x, y, use = "pairwise.complete.obs")`; weighted it matches
 * `cov.wt(cbind(x, y)[complete, ], wt = w[complete], cor = TRUE)$cor[1, 2]`.
 *
 * Missing data: pairwise-complete. Zero variance of either item within a pair's complete cases gives
 * NaN for that pair (the engine reports it); the diagonal is 1, or NaN when the item does not vary.
 */
export function pearsonMatrix(tables: PairTables): CorrelationMatrix {
  const { scores } = tables;
  return matrixFromTables(tables, (i, j) => [scores[i]!, scores[j]!]);
}
