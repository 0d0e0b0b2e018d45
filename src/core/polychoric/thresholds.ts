import { normalQuantile } from './normal';

export { normalCdf, normalDensity, normalQuantile, normalUpperTail } from './normal';

/**
 * Thresholds of an ordinal item under the latent-normal model, from its (weighted) marginal:
 *
 *   τ_0 = −∞,   τ_k = Φ⁻¹( (n_1 + … + n_k) / total ),   τ_K = +∞      (k = 1 … K−1)
 *
 * so category k (1-based) is the interval (τ_{k−1}, τ_k] of a standard normal latent variable
 * (Olsson, "Maximum likelihood estimation of the polychoric correlation coefficient",
 * Psychometrika 44(4), 1979, 443–460, first step of the two-step estimator). This is psych's
 * `qnorm(cumsum(freq))` (psych::polychoric).
 *
 * Returns K + 1 values including the infinite ends. An empty category gives two equal
 * thresholds (a zero-width interval); leading or trailing empty categories give −∞ / +∞ inside
 * the vector. Cumulative proportions above 1/2 are taken from the upper tail, summed
 * separately, so thresholds near the top keep full precision.
 *
 * `total` defaults to the sum of the counts. psych's continuity correction divides the corrected
 * margins by the uncorrected total, so callers replicating it pass that total; a cumulative
 * proportion that reaches 1 before the last category then gives +∞.
 *
 * Missing data: the counts are those of the cases that are used (e.g. a pair's complete cases);
 * negative or non-finite counts, or a total that is not positive, are errors.
 *
 * @param counts weighted count of each category, in scale order
 * @param total the denominator of the cumulative proportions; default Σ counts
 */
export function thresholdsFromMarginal(counts: ArrayLike<number>, total?: number): Float64Array {
  const categories = counts.length;
  let sum = 0;
  for (let k = 0; k < categories; k++) {
    const count = counts[k] as number;
    if (!(count >= 0) || !Number.isFinite(count)) {
      throw new RangeError(`thresholdsFromMarginal: count of category ${k} is ${count}; counts must be finite and non-negative`);
    }
    sum += count;
  }
  const denominator = total ?? sum;
  if (!(denominator > 0) || !Number.isFinite(denominator)) {
    throw new RangeError(`thresholdsFromMarginal: total must be finite and positive, got ${denominator}`);
  }
  const thresholds = new Float64Array(categories + 1);
  thresholds[0] = Number.NEGATIVE_INFINITY;
  thresholds[categories] = Number.POSITIVE_INFINITY;
  // Upper tails summed from the top, so proportions near 1 are not 1 minus a rounded sum.
  const above = new Float64Array(categories + 1);
  for (let k = categories - 1; k >= 0; k--) above[k] = (above[k + 1] as number) + (counts[k] as number);
  const surplus = denominator - sum;
  let below = 0;
  for (let k = 1; k < categories; k++) {
    below += counts[k - 1] as number;
    const proportion = below / denominator;
    if (proportion <= 0.5) {
      thresholds[k] = normalQuantile(proportion);
    } else {
      const upper = surplus + (above[k] as number);
      thresholds[k] = upper <= 0 ? Number.POSITIVE_INFINITY : -normalQuantile(Math.min(1, upper / denominator));
    }
  }
  return thresholds;
}
