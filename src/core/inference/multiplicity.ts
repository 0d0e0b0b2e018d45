/**
 * Multiplicity control: adjusted p-values for several simultaneous tests (Holm for a few condition
 * pairs, Benjamini–Hochberg for many per-item flags), a two-sided bootstrap p-value to feed them,
 * and confidence levels for intervals that agree with Holm's decisions.
 *
 * Missing-data policy, the same for every function taking p-values: NaN marks a test that could not
 * be run. It stays NaN in the output and is not counted in m, the number of tests. This matches R
 * `p.adjust(p, method)`, whose default n = length(p) is evaluated after the NA entries are dropped.
 * Any other value outside [0, 1] (negative, above 1, ±Infinity) is an error naming its index.
 */

/**
 * Holm's step-down adjusted p-values (Holm, "A simple sequentially rejective multiple test
 * procedure", Scand. J. Stat. 6(2), 65–70, 1979). With the m defined p-values in ascending order
 * p_(1) ≤ … ≤ p_(m):
 *
 *   p̃_(i) = min(1, max_{j ≤ i} (m − j + 1) · p_(j))
 *
 * Rejecting where p̃ ≤ α controls the family-wise error rate at α under any dependence. Same values
 * as R `p.adjust(p, "holm")`, in the input order; tied p-values get equal adjusted values. With
 * m ≤ 1 the p-values are returned unchanged, as in R.
 *
 * Missing data: NaN entries stay NaN and do not count in m (see the module comment).
 *
 * @throws RangeError if an entry is outside [0, 1] and not NaN
 */
export function holmAdjust(pValues: ArrayLike<number>): Float64Array {
  const { adjusted, order } = prepared('holmAdjust', pValues, 'ascending');
  const m = order.length;
  if (m <= 1) return adjusted;
  let runningMax = 0;
  for (let rank = 0; rank < m; rank++) {
    const index = order[rank] as number;
    // (m − rank) is R's (n + 1 − i) with the 1-based i = rank + 1.
    runningMax = Math.max(runningMax, (m - rank) * (pValues[index] as number));
    adjusted[index] = Math.min(1, runningMax);
  }
  return adjusted;
}

/**
 * Benjamini–Hochberg step-up adjusted p-values (Benjamini & Hochberg, "Controlling the false
 * discovery rate: a practical and powerful approach to multiple testing", J. R. Stat. Soc. B 57(1),
 * 289–300, 1995). With the m defined p-values in ascending order:
 *
 *   q_(i) = min(1, min_{j ≥ i} (m / j) · p_(j))
 *
 * Flagging where q ≤ α controls the false discovery rate at α for independent or positively
 * dependent tests. Same values as R `p.adjust(p, "BH")`, in the input order (computed as
 * (m / j) · p, R's order of operations). With m ≤ 1 the p-values are returned unchanged, as in R.
 *
 * Missing data: NaN entries stay NaN and do not count in m (see the module comment).
 *
 * @throws RangeError if an entry is outside [0, 1] and not NaN
 */
export function benjaminiHochbergAdjust(pValues: ArrayLike<number>): Float64Array {
  const { adjusted, order } = prepared('benjaminiHochbergAdjust', pValues, 'descending');
  const m = order.length;
  if (m <= 1) return adjusted;
  let runningMin = Number.POSITIVE_INFINITY;
  for (let position = 0; position < m; position++) {
    const index = order[position] as number;
    const ascendingRank = m - position;
    runningMin = Math.min(runningMin, (m / ascendingRank) * (pValues[index] as number));
    adjusted[index] = Math.min(1, runningMin);
  }
  return adjusted;
}

/**
 * Two-sided bootstrap p-value for H₀: θ = `nullValue` (default 0) from the bootstrap replicates of
 * an estimate, typically a paired difference between two conditions:
 *
 *   p = min(1, 2 · min(1 + #{θ*_b ≤ θ₀}, 1 + #{θ*_b ≥ θ₀}) / (1 + B))
 *
 * Doubling the smaller tail is the usual two-sided test (Efron & Tibshirani, "An Introduction to the
 * Bootstrap", 1993, ch. 16, where the achieved significance level is the share of replicates beyond
 * the null). The (1 + count) / (1 + B) form counts the observed sample as one of B + 1 outcomes,
 * the Monte Carlo p-value of Davison & Hinkley ("Bootstrap Methods and their Application", 1997,
 * §4.2.1), which they also use for nonparametric bootstrap tests (§4.4). So p is never 0: the
 * smallest possible value is 2 / (1 + B), and B = 999 resolves p down to 0.002. The test remains a
 * bootstrap approximation; the correction does not make it exact.
 *
 * This p-value is the inversion of the equal-tailed percentile interval: p ≤ α about when the
 * (1 − α) percentile interval excludes θ₀. For the basic (reverse-percentile) interval, pass the
 * reflected replicates 2θ̂ − θ*_b instead; the p-value then inverts that interval. A replicate equal
 * to θ₀ counts in both tails.
 *
 * Missing data: a replicate that is not finite (NaN where the statistic was undefined in that
 * resample, ±Infinity) is skipped, and B counts only the finite ones. NaN when none is finite.
 *
 * @throws RangeError if `nullValue` is not finite
 */
export function bootstrapPValue(replicates: ArrayLike<number>, nullValue = 0): number {
  if (!Number.isFinite(nullValue)) {
    throw new RangeError(`bootstrapPValue: nullValue must be finite (got ${nullValue})`);
  }
  let finite = 0;
  let atOrBelow = 0;
  let atOrAbove = 0;
  for (let b = 0; b < replicates.length; b++) {
    const value = replicates[b] as number;
    if (!Number.isFinite(value)) continue;
    finite++;
    if (value <= nullValue) atOrBelow++;
    if (value >= nullValue) atOrAbove++;
  }
  if (finite === 0) return Number.NaN;
  return Math.min(1, (2 * (1 + Math.min(atOrBelow, atOrAbove))) / (1 + finite));
}

/**
 * Confidence levels for k simultaneous intervals that agree with Holm's step-down decisions at
 * family-wise level α. There is no standard Holm interval: Holm's procedure adjusts tests, and the
 * compatible simultaneous bounds of Strassburger & Bretz (Stat. Med. 27, 4914–4927, 2008) stick to
 * the null value for rejected hypotheses unless all are rejected. What this gives instead, per
 * comparison, in the input order:
 *
 *   level_(i) = 1 − α / (m − s_i + 1)
 *
 * the Bonferroni–Holm level of the i-th smallest p-value (s_i = i), with two refinements that keep an
 * interval's exclusion of the null equal to Holm's rejection (when the interval and the p-value come
 * from the same inversion, e.g. `bootstrapPValue` and a percentile interval):
 * - after the first step that Holm does not reject (p_(s) · (m − s + 1) > α), every later p-value
 *   keeps that step's level, s_i = s. Holm stops there, and the later, larger p-values would
 *   otherwise get wider-α levels that exclude the null for comparisons Holm retains. Example:
 *   p = (0.03, 0.04), α = 0.05: Holm rejects neither; the plain rule would give 0.04 the level 0.95,
 *   whose interval excludes 0; here both get 0.975;
 * - tied p-values share the level of the first of them (the strictest), so the result does not
 *   depend on the input order.
 *
 * These intervals are consistent with the adjusted decisions but do not promise simultaneous
 * coverage of 1 − α for all k; for that, use the Bonferroni level 1 − α / m for every interval.
 *
 * Missing data: NaN p-values get NaN levels and do not count in m (see the module comment).
 *
 * @param pValues one p-value per comparison (e.g. from `bootstrapPValue`)
 * @param alpha family-wise error rate, in (0, 1); 0.05 gives levels from 0.95 up to 1 − 0.05 / m
 * @throws RangeError if `alpha` is not in (0, 1) or a p-value is outside [0, 1] and not NaN
 */
export function holmIntervalLevels(pValues: ArrayLike<number>, alpha = 0.05): Float64Array {
  if (!(alpha > 0 && alpha < 1)) {
    throw new RangeError(`holmIntervalLevels: alpha must be between 0 and 1 (got ${alpha})`);
  }
  const { adjusted: levels, order } = prepared('holmIntervalLevels', pValues, 'ascending');
  const m = order.length;
  let divisor = m;
  let stopped = false;
  let previous = Number.NaN;
  for (let rank = 0; rank < m; rank++) {
    const index = order[rank] as number;
    const p = pValues[index] as number;
    if (!stopped && p !== previous) divisor = m - rank;
    levels[index] = 1 - alpha / divisor;
    // The same product as holmAdjust, so the stop agrees with holmAdjust(p) > α bit for bit.
    if (!stopped && divisor * p > alpha) stopped = true;
    previous = p;
  }
  return levels;
}

/**
 * A copy of the p-values (NaN stays NaN; defined entries are overwritten by the caller) and the
 * indices of the defined ones sorted by p-value, ties in input order.
 */
function prepared(
  functionName: string,
  pValues: ArrayLike<number>,
  direction: 'ascending' | 'descending',
): { adjusted: Float64Array; order: number[] } {
  if (pValues === null || typeof pValues !== 'object' || typeof pValues.length !== 'number') {
    throw new TypeError(`${functionName}: pValues must be an array or typed array of numbers`);
  }
  const adjusted = new Float64Array(pValues.length);
  const order: number[] = [];
  for (let index = 0; index < pValues.length; index++) {
    const p = pValues[index] as number;
    adjusted[index] = p;
    if (Number.isNaN(p)) continue;
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(`${functionName}: pValues[${index}] must be in [0, 1] or NaN (got ${p})`);
    }
    order.push(index);
  }
  const sign = direction === 'ascending' ? 1 : -1;
  // Array.prototype.sort is stable, so ties keep the input order.
  order.sort((a, b) => sign * ((pValues[a] as number) - (pValues[b] as number)));
  return { adjusted, order };
}
