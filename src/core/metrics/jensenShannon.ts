import { checkedPairTotals } from './distribution';

/**
 * Jensen–Shannon divergence in bits, in [0, 1]:
 *
 *   JSD(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m),  m = ½ (p + q),  KL(a ‖ b) = Σ_k a_k log₂(a_k / b_k)
 *
 * with 0 · log 0 = 0 (Lin, "Divergence measures based on the Shannon entropy", IEEE Trans. Inf.
 * Theory 37(1), 1991). 0 for identical distributions, 1 for disjoint support. It equals the
 * square of `scipy.spatial.distance.jensenshannon(p, q, base=2)`, which returns the distance
 * (the square root, a metric; GlobalOpinionQA, Durmus et al. 2023, reports 1 − that distance).
 *
 * Missing data: p and q are normalised internally. If either has total mass 0 the result is NaN:
 * an empty cell has no distance. Negative or non-finite mass and unequal lengths are errors.
 */
export function jensenShannonDivergence(p: Float64Array, q: Float64Array): number {
  const { pTotal, qTotal } = checkedPairTotals('jensenShannonDivergence', p, q);
  if (pTotal === 0 || qTotal === 0) return Number.NaN;
  let sum = 0;
  for (let k = 0; k < p.length; k++) {
    const pk = (p[k] as number) / pTotal;
    const qk = (q[k] as number) / qTotal;
    const mk = (pk + qk) / 2;
    if (pk > 0) sum += pk * Math.log2(pk / mk);
    if (qk > 0) sum += qk * Math.log2(qk / mk);
  }
  // Rounding can leave a hair outside [0, 1].
  return Math.min(1, Math.max(0, sum / 2));
}
