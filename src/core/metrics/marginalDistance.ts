import { totalVariation } from './totalVariation';
import { normalizedWasserstein1 } from './wasserstein';

/**
 * The headline distance of one item's marginal, the source study's choice by scale type:
 *
 *   d(p, q) = W1(p, q) / (x_{K-1} − x_0)   for an ordinal item (see `normalizedWasserstein1`)
 *   d(p, q) = ½ Σ_k |p_k − q_k|             for a nominal or binary item (see `totalVariation`)
 *
 * Category order carries meaning only on an ordinal scale, so only there may a distance reward
 * an answer one step off. Both are in [0, 1], so items of either kind average into one
 * condition-level distance (1 − that mean is OpinionQA's representativeness).
 *
 * Missing data: either mass total 0 gives NaN (an empty cell has no distance). An ordinal item
 * with a single category has no span to normalise by and gives NaN too. Errors as in the metric
 * used, named after it.
 *
 * @param p human category masses in scale order
 * @param q model category masses in the same order
 * @param positions position of each category (the codes), strictly increasing for an ordinal item
 * @param ordinal whether the item's scale is ordinal
 */
/**
 * The largest value of every marginal divergence RepScope aggregates (normalised W1, TV, the
 * base-2 Jensen–Shannon divergence, Hellinger): disjoint distributions. A cell the model could not
 * be scored on enters the headline at this value, so failing to answer never looks closer.
 */
export const WORST_DISTANCE = 1;

export function marginalDistance(p: Float64Array, q: Float64Array, positions: Float64Array, ordinal: boolean): number {
  if (!ordinal) return totalVariation(p, q);
  if (p.length < 2) return Number.NaN;
  return normalizedWasserstein1(p, q, positions);
}
