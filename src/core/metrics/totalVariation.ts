import { checkedPairTotals } from './distribution';

/**
 * Total variation distance between two categorical distributions, in [0, 1]:
 *
 *   TV(p, q) = ½ Σ_k |p_k − q_k|
 *
 * on the normalised masses (Levin, Peres & Wilmer, "Markov Chains and Mixing Times", 2009,
 * prop. 4.2). It ignores category order, so the source study uses it for nominal and binary
 * items. 0 for identical distributions, 1 for distributions with disjoint support.
 *
 * Missing data: p and q are normalised internally. If either has total mass 0 the result is NaN:
 * an empty cell has no distance. Negative or non-finite mass and unequal lengths are errors.
 */
export function totalVariation(p: Float64Array, q: Float64Array): number {
  const { pTotal, qTotal } = checkedPairTotals('totalVariation', p, q);
  if (pTotal === 0 || qTotal === 0) return Number.NaN;
  let sum = 0;
  for (let k = 0; k < p.length; k++) {
    sum += Math.abs((p[k] as number) / pTotal - (q[k] as number) / qTotal);
  }
  return Math.min(1, sum / 2);
}
