/**
 * Reliability at another sample size (Spearman–Brown prophecy) and correction of a correlation for
 * the unreliability of both sides (Spearman's disattenuation).
 *
 * Why this applies to sample sizes. Treat an estimate from m respondents (a correlation vector, a
 * marginal) as true value plus sampling noise whose variance is c / m. The correlation between two
 * independent estimates of sizes m₁ and m₂, over the items or pairs they estimate, is then
 * T / √((T + c/m₁)(T + c/m₂)), T being the spread of the true values. With rel(m) = T / (T + c/m):
 * - two halves of equal size h correlate at rel(h) (the split-half reliability);
 * - rel(k·h) = k·rel(h) / (1 + (k − 1)·rel(h)) exactly, the Spearman–Brown formula with k = m / h;
 * - a perfect model of n respondents against all N humans correlates at √(rel(n)·rel(N)), the
 *   matched ceiling, which is the classical attenuation of a correlation of 1.
 * Respondents play the role of parallel test items (Spearman 1910; Brown 1910).
 *
 * Policy for reliabilities, the same in every function here:
 * - NaN in, NaN out (a missing reliability stays missing);
 * - a reliability above 1 is an error, except rounding up to 1 + 1e-12, which counts as 1;
 *   ±Infinity is an error;
 * - 0 is a valid reliability (no detectable true-score variance) and is stepped to 0;
 * - a negative reliability gives NaN. A split-half correlation can fall below 0 by sampling noise
 *   when the true reliability is near 0, but a reliability is a variance share in [0, 1]. The
 *   formula's value there has no meaning (for k > 1 it even has a pole at rel = −1 / (k − 1)).
 *   Clamping to 0 instead would turn a ceiling into 0 and a fidelity into a division by zero
 *   without saying why. NaN makes the caller report "not estimable" instead.
 */

/** Reliabilities that exceed 1 by no more than this are rounding (e.g. a correlation of identical vectors). */
const ROUNDING_ABOVE_ONE = 1e-12;

/**
 * Spearman–Brown prophecy: the reliability of a measurement k times as long (here: from k times as
 * many respondents), given reliability `reliability` at the original length:
 *
 *   rel_k = k·rel / (1 + (k − 1)·rel)
 *
 * (Spearman, "Correlation calculated from faulty data", Br. J. Psychol. 3, 271–295, 1910; Brown,
 * "Some experimental results in the correlation of mental abilities", Br. J. Psychol. 3, 296–322,
 * 1910). Any k > 0: k = 2 steps a split-half reliability of two n/2 halves up to n; k < 1 steps
 * down. rel = 0 gives 0 and rel = 1 gives 1 for every k.
 *
 * Missing data and rel ≤ 0: see the module comment (NaN in → NaN; rel < 0 → NaN; rel = 0 → 0).
 *
 * @param reliability reliability at the original size, in [0, 1] (negative → NaN)
 * @param factor k = new size / original size, finite and > 0
 * @throws RangeError if `factor` is not finite and > 0, or `reliability` is above 1 or infinite
 */
export function stepReliability(reliability: number, factor: number): number {
  checkPositive('stepReliability', 'factor', factor);
  const rel = checkedReliability('stepReliability', 'reliability', reliability);
  if (!(rel >= 0)) return Number.NaN;
  return prophecy(rel, factor);
}

/**
 * The reliability at `toSize` respondents from the reliability at `fromSize`: `stepReliability`
 * with k = toSize / fromSize. For a split-half reliability of two halves of h each, `fromSize` is h
 * (not 2h). Same NaN policy as `stepReliability`.
 *
 * @throws RangeError if a size is not finite and > 0, or `reliability` is above 1 or infinite
 */
export function reliabilityAtSize(reliability: number, fromSize: number, toSize: number): number {
  checkPositive('reliabilityAtSize', 'fromSize', fromSize);
  checkPositive('reliabilityAtSize', 'toSize', toSize);
  const rel = checkedReliability('reliabilityAtSize', 'reliability', reliability);
  if (!(rel >= 0)) return Number.NaN;
  return prophecy(rel, toSize / fromSize);
}

/**
 * The full-size reliability from the correlation between two halves: 2·r / (1 + r), the
 * Spearman–Brown formula with k = 2. r = 0 gives 0; r < 0 gives NaN (see the module comment).
 *
 * @throws RangeError if `splitHalfCorrelation` is above 1 or infinite
 */
export function splitHalfToFull(splitHalfCorrelation: number): number {
  const rel = checkedReliability('splitHalfToFull', 'splitHalfCorrelation', splitHalfCorrelation);
  if (!(rel >= 0)) return Number.NaN;
  return prophecy(rel, 2);
}

/**
 * The highest correlation two measurements can reach when their true values agree perfectly,
 * √(rel_x · rel_y) (Spearman 1904, below). With rel_x the model's reliability at its n and rel_y the
 * humans' at their N (each stepped from a split-half reliability with `reliabilityAtSize`), it is
 * the ceiling matched to that condition's sample sizes.
 *
 * 0 when either reliability is 0; NaN when either is NaN or negative.
 *
 * @throws RangeError if a reliability is above 1 or infinite
 */
export function matchedCeiling(reliabilityX: number, reliabilityY: number): number {
  const relX = checkedReliability('matchedCeiling', 'reliabilityX', reliabilityX);
  const relY = checkedReliability('matchedCeiling', 'reliabilityY', reliabilityY);
  if (!(relX >= 0) || !(relY >= 0)) return Number.NaN;
  return Math.sqrt(relX * relY);
}

/**
 * Spearman's correction for attenuation: the correlation between the true values of x and y from
 * the observed r and the two reliabilities,
 *
 *   r* = r / √(rel_x · rel_y)
 *
 * (Spearman, "The proof and measurement of association between two things", Am. J. Psychol. 15,
 * 72–101, 1904). With the matched ceiling as denominator this is the reliability-adjusted r.
 *
 * Not clamped: sampling noise can put r* above 1 (or below −1), a known property of the correction,
 * and clamping would hide it; a caller that displays it may clamp.
 *
 * NaN when r is NaN, or when either reliability is NaN, negative or 0 (no true-score variance: the
 * correction divides by 0).
 *
 * @throws RangeError if r is ±Infinity, or a reliability is above 1 or infinite
 */
export function disattenuate(r: number, reliabilityX: number, reliabilityY: number): number {
  if (r === Number.POSITIVE_INFINITY || r === Number.NEGATIVE_INFINITY) {
    throw new RangeError(`disattenuate: r must be finite or NaN (got ${r})`);
  }
  const relX = checkedReliability('disattenuate', 'reliabilityX', reliabilityX);
  const relY = checkedReliability('disattenuate', 'reliabilityY', reliabilityY);
  if (!(relX > 0) || !(relY > 0)) return Number.NaN;
  return r / Math.sqrt(relX * relY);
}

/**
 * k·rel / (1 + (k − 1)·rel) written as rel / (rel + (1 − rel) / k), the variance-share form of the
 * module comment. The two are equal; this one keeps rel = 1 at exactly 1 for every k (the other
 * gives 0.01 / 0.010000000000000009 at k = 0.01).
 */
function prophecy(rel: number, factor: number): number {
  return rel / (rel + (1 - rel) / factor);
}

/** The reliability, with rounding just above 1 pulled back to 1; NaN passes through. */
function checkedReliability(functionName: string, name: string, value: number): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${functionName}: ${name} must be a number (got ${typeof value})`);
  }
  if (Number.isNaN(value)) return value;
  if (!Number.isFinite(value) || value > 1 + ROUNDING_ABOVE_ONE) {
    throw new RangeError(`${functionName}: ${name} must be at most 1 (got ${value})`);
  }
  return Math.min(1, value);
}

function checkPositive(functionName: string, name: string, value: number): void {
  if (typeof value !== 'number') {
    throw new TypeError(`${functionName}: ${name} must be a number (got ${typeof value})`);
  }
  if (!Number.isFinite(value) || !(value > 0)) {
    throw new RangeError(`${functionName}: ${name} must be finite and greater than 0 (got ${value})`);
  }
}
