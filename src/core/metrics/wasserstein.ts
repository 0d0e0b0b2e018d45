import { checkedPairTotals, checkedPositions } from './distribution';

/**
 * Wasserstein-1 (earth mover's) distance between two distributions on ordered positions:
 *
 *   W1(p, q) = Σ_{k=0}^{K-2} |F_p(k) − F_q(k)| · (x_{k+1} − x_k)
 *
 * where F is the cumulative distribution of the normalised mass and x the category positions
 * (default 0..K-1, i.e. one unit per scale step). This is W1 on the line as the area between the
 * two CDFs (Vallender, Theory Probab. Appl. 18(4), 1973); it equals
 * `scipy.stats.wasserstein_distance(x, x, p, q)`. The result is in units of the positions.
 *
 * Missing data: p and q are normalised internally, so raw weighted counts are fine. If either
 * has total mass 0 the result is NaN: an empty cell has no distance. Negative or non-finite mass,
 * unequal lengths, and positions that are not finite and strictly increasing are errors.
 *
 * @param p category masses in scale order
 * @param q category masses in the same order
 * @param positions position of each category on the scale (e.g. the answer codes); default 0..K-1
 */
export function wasserstein1(p: Float64Array, q: Float64Array, positions?: Float64Array): number {
  return wasserstein1Checked('wasserstein1', p, q, positions);
}

/**
 * Wasserstein-1 divided by the span of the scale, in [0, 1]:
 *
 *   W1n(p, q) = W1(p, q) / (x_{K-1} − x_0)
 *
 * 1 is reached only when all of one distribution sits at one end of the scale and all of the
 * other at the opposite end. The source study ("Beyond Marginal Distributions") divides W1 by the
 * scale range; OpinionQA (Santurkar et al., 2023) reports representativeness as 1 − W1 / max W1,
 * which is 1 − this value since max W1 is the scale range.
 *
 * Missing data as in `wasserstein1` (either mass total 0 → NaN). With a single category the two
 * distributions cannot differ and the result is 0.
 *
 * @param positions position of each category on the scale; default 0..K-1 (the result does not
 *   depend on a shift or uniform stretch of the positions, only on their relative spacing)
 */
export function normalizedWasserstein1(p: Float64Array, q: Float64Array, positions?: Float64Array): number {
  const distance = wasserstein1Checked('normalizedWasserstein1', p, q, positions);
  if (p.length === 1) return distance;
  const span = positions === undefined ? p.length - 1 : (positions[p.length - 1] as number) - (positions[0] as number);
  // Rounding may overshoot 1 by an ulp when the two distributions sit at opposite ends.
  return Math.min(1, distance / span);
}

function wasserstein1Checked(
  functionName: string,
  p: Float64Array,
  q: Float64Array,
  positions: Float64Array | undefined,
): number {
  const { pTotal, qTotal } = checkedPairTotals(functionName, p, q);
  const x = checkedPositions(functionName, positions, p.length);
  if (pTotal === 0 || qTotal === 0) return Number.NaN;

  let pCumulative = 0;
  let qCumulative = 0;
  let distance = 0;
  for (let k = 0; k < p.length - 1; k++) {
    pCumulative += p[k] as number;
    qCumulative += q[k] as number;
    distance += Math.abs(pCumulative / pTotal - qCumulative / qTotal) * ((x[k + 1] as number) - (x[k] as number));
  }
  return distance;
}
