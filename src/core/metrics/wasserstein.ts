import { checkedPairTotals, checkedPositions } from './distribution';

/**
 * Wasserstein-1 (earth mover's) distance divided by the span of the scale, in [0, 1]:
 *
 *   W1n(p, q) = W1(p, q) / (x_{K-1} − x_0),   W1(p, q) = Σ_{k=0}^{K-2} |F_p(k) − F_q(k)| · (x_{k+1} − x_k)
 *
 * where F is the cumulative distribution of the normalised mass and x the category positions
 * (default 0..K-1, i.e. one unit per scale step). W1 is the area between the two CDFs on the line
 * (Vallender, Theory Probab. Appl. 18(4), 1973); it equals `scipy.stats.wasserstein_distance(x, x, p, q)`.
 * The source study ("Beyond Marginal Distributions") divides W1 by the scale range; OpinionQA
 * (Santurkar et al., 2023) reports representativeness as 1 − W1 / max W1, which is 1 − this value
 * since max W1 is the scale range. 1 is reached only when all of one distribution sits at one end
 * of the scale and all of the other at the opposite end.
 *
 * Missing data: p and q are normalised internally, so raw weighted counts are fine. If either has
 * total mass 0 the result is NaN: an empty cell has no distance. With a single category the two
 * distributions cannot differ and the result is 0. Negative or non-finite mass, unequal lengths,
 * and positions that are not finite and strictly increasing are errors.
 *
 * @param p category masses in scale order
 * @param q category masses in the same order
 * @param positions position of each category on the scale (e.g. the answer codes); default 0..K-1.
 *   The result does not depend on a shift or uniform stretch of the positions, only on their
 *   relative spacing.
 */
export function normalizedWasserstein1(p: Float64Array, q: Float64Array, positions?: Float64Array): number {
  const { pTotal, qTotal } = checkedPairTotals('normalizedWasserstein1', p, q);
  const x = checkedPositions('normalizedWasserstein1', positions, p.length);
  if (pTotal === 0 || qTotal === 0) return Number.NaN;

  let pCumulative = 0;
  let qCumulative = 0;
  let distance = 0;
  for (let k = 0; k < p.length - 1; k++) {
    pCumulative += p[k] as number;
    qCumulative += q[k] as number;
    distance += Math.abs(pCumulative / pTotal - qCumulative / qTotal) * ((x[k + 1] as number) - (x[k] as number));
  }
  if (p.length === 1) return distance;
  const span = (x[p.length - 1] as number) - (x[0] as number);
  // Rounding may overshoot 1 by an ulp when the two distributions sit at opposite ends.
  return Math.min(1, distance / span);
}
