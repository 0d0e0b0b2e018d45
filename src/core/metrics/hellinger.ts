import { checkedPairTotals } from './distribution';

/**
 * Hellinger distance between two categorical distributions, in [0, 1]:
 *
 *   H(p, q) = sqrt(½ Σ_k (√p_k − √q_k)²)
 *
 * on the normalised masses (Le Cam & Yang, "Asymptotics in Statistics", 2nd ed., 2000; the ½ makes
 * the maximum 1). 0 for identical distributions, 1 for disjoint support. Computed from the
 * differences rather than as sqrt(1 − Σ √(p_k q_k)), which loses all precision near 0.
 *
 * Missing data: p and q are normalised internally. If either has total mass 0 the result is NaN:
 * an empty cell has no distance. Negative or non-finite mass and unequal lengths are errors.
 */
export function hellinger(p: Float64Array, q: Float64Array): number {
  const { pTotal, qTotal } = checkedPairTotals('hellinger', p, q);
  if (pTotal === 0 || qTotal === 0) return Number.NaN;
  let sum = 0;
  for (let k = 0; k < p.length; k++) {
    const pk = (p[k] as number) / pTotal;
    const qk = (q[k] as number) / qTotal;
    const rootSum = Math.sqrt(pk) + Math.sqrt(qk);
    if (rootSum === 0) continue;
    // √p − √q written as (p − q) / (√p + √q): no cancellation when p and q are close.
    const difference = (pk - qk) / rootSum;
    sum += difference * difference;
  }
  return Math.min(1, Math.sqrt(sum / 2));
}
