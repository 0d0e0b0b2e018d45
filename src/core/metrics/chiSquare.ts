/**
 * Pearson's chi-square test of homogeneity for two samples over the same categories, and the
 * chi-square upper tail it needs: the regularized upper incomplete gamma function
 * Q(a, x) = Γ(a, x) / Γ(a), since P(χ²_df > x) = Q(df / 2, x / 2).
 *
 * Q is computed as in Press, Teukolsky, Vetterling & Flannery, "Numerical Recipes" (3rd ed.,
 * 2007), §6.2: below x = a + 1 from the series of the lower function P (Q = 1 − P, which is then
 * not small), above it from the continued fraction of Γ(a, x), evaluated by the modified Lentz
 * method. Both converge fast on their side of a + 1. Checked against R's
 * `pchisq(x, df, lower.tail = FALSE)` and `chisq.test(correct = FALSE)` (scripts/reference/chisq.R).
 */

/** Relative accuracy at which the series and the continued fraction stop. */
const EPSILON = Number.EPSILON;
/** Stands in for 0 in the Lentz recurrence, which would otherwise divide by it. */
const TINY = Number.MIN_VALUE / Number.EPSILON;
/** Far more terms than either expansion needs for a up to 10^8 (both need O(√a)). */
const MAX_ITERATIONS = 100_000;

/** Lanczos coefficients for g = 7, n = 9 (Godfrey), relative error of Γ below 2e-15 for x ≥ 0.5. */
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, n = 9), with Euler's reflection
 * Γ(x) Γ(1 − x) = π / sin(πx) below x = 0.5.
 *
 * @throws RangeError if x is not a positive finite number
 */
export function logGamma(x: number): number {
  if (!(x > 0 && Number.isFinite(x))) throw new RangeError(`logGamma: x must be positive and finite, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const shifted = x - 1;
  let sum = LANCZOS[0]!;
  for (let k = 1; k < LANCZOS.length; k++) sum += LANCZOS[k]! / (shifted + k);
  const t = shifted + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The common factor x^a e^(−x) / Γ(a) of both expansions, on the log scale against overflow. */
function prefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** P(a, x) by its series, x < a + 1: P = x^a e^(−x) / Γ(a) · Σ_n x^n / (a (a + 1) ⋯ (a + n)). */
function lowerBySeries(a: number, x: number): number {
  let denominator = a;
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n <= MAX_ITERATIONS; n++) {
    denominator += 1;
    term *= x / denominator;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) return sum * prefactor(a, x);
  }
  throw new RangeError(`regularizedUpperGamma: the series did not converge for a = ${a}, x = ${x}`);
}

/**
 * Q(a, x) by the continued fraction of Γ(a, x), x ≥ a + 1, in its even form
 * Γ(a, x) = e^(−x) x^a (1 / (x + 1 − a −) 1 · (1 − a) / (x + 3 − a −) 2 · (2 − a) / (x + 5 − a −) ⋯),
 * evaluated by the modified Lentz method.
 */
function upperByContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let fraction = d;
  for (let n = 1; n <= MAX_ITERATIONS; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < EPSILON) return fraction * prefactor(a, x);
  }
  throw new RangeError(`regularizedUpperGamma: the continued fraction did not converge for a = ${a}, x = ${x}`);
}

/**
 * The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a) = 1 − P(a, x), for
 * a > 0 and x ≥ 0: 1 at x = 0, 0 at x = ∞. NaN when x is NaN.
 *
 * @throws RangeError if a is not positive and finite, or x is negative
 */
export function regularizedUpperGamma(a: number, x: number): number {
  if (!(a > 0 && Number.isFinite(a))) throw new RangeError(`regularizedUpperGamma: a must be positive and finite, got ${a}`);
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) throw new RangeError(`regularizedUpperGamma: x must be at least 0, got ${x}`);
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - lowerBySeries(a, x) : upperByContinuedFraction(a, x);
}

/**
 * The chi-square distribution's upper tail P(χ²_df > statistic) = Q(df / 2, statistic / 2), as
 * R's `pchisq(statistic, df, lower.tail = FALSE)`. NaN when the statistic is NaN.
 *
 * @param df degrees of freedom, positive (need not be an integer)
 * @throws RangeError if df is not positive and finite, or the statistic is negative
 */
export function chiSquareUpperTail(statistic: number, df: number): number {
  if (!(df > 0 && Number.isFinite(df))) throw new RangeError(`chiSquareUpperTail: df must be positive and finite, got ${df}`);
  if (statistic < 0) throw new RangeError(`chiSquareUpperTail: the statistic must be at least 0, got ${statistic}`);
  return regularizedUpperGamma(df / 2, statistic / 2);
}

export interface ChiSquareTest {
  /** Pearson's X² = Σ (observed − expected)² / expected over both rows. */
  statistic: number;
  /** Categories with an answer on either side, minus 1. */
  df: number;
  /** Upper tail of χ²_df at the statistic. */
  pValue: number;
}

/**
 * Pearson's chi-square test that two samples come from the same distribution over K categories:
 * the 2 × K table of their counts (which may be non-integer, e.g. counts scaled to an effective
 * sample size), expected counts E_ij = n_i · c_j / N from the row totals n_i, column totals c_j and
 * N = n_1 + n_2,
 *
 *   X² = Σ_i Σ_j (O_ij − E_ij)² / E_ij,   df = K' − 1,
 *
 * with the K' categories that are not empty on both sides (an empty category has no expected
 * count and tells nothing about a difference). The same statistic as R's
 * `chisq.test(rbind(first, second), correct = FALSE)` after dropping the empty columns.
 *
 * When both samples fall into a single category (K' = 1) they agree exactly: X² = 0, df = 0, p = 1.
 * NaN statistic and p-value when either sample is empty.
 *
 * @throws RangeError if the two have different lengths or a count is negative or not finite
 */
export function chiSquareHomogeneity(first: ArrayLike<number>, second: ArrayLike<number>): ChiSquareTest {
  if (first.length !== second.length) {
    throw new RangeError(`chiSquareHomogeneity: ${first.length} categories in the first sample but ${second.length} in the second`);
  }
  let firstTotal = 0;
  let secondTotal = 0;
  let categories = 0;
  for (let j = 0; j < first.length; j++) {
    const a = first[j]!;
    const b = second[j]!;
    if (!(a >= 0 && b >= 0 && Number.isFinite(a) && Number.isFinite(b))) {
      throw new RangeError(`chiSquareHomogeneity: counts must be finite and at least 0 (category ${j}: ${a}, ${b})`);
    }
    firstTotal += a;
    secondTotal += b;
    if (a + b > 0) categories++;
  }
  if (firstTotal === 0 || secondTotal === 0) return { statistic: Number.NaN, df: Math.max(0, categories - 1), pValue: Number.NaN };
  if (categories === 1) return { statistic: 0, df: 0, pValue: 1 };
  const total = firstTotal + secondTotal;
  let statistic = 0;
  for (let j = 0; j < first.length; j++) {
    const column = first[j]! + second[j]!;
    if (column === 0) continue;
    const expectedFirst = (firstTotal * column) / total;
    const expectedSecond = (secondTotal * column) / total;
    statistic += (first[j]! - expectedFirst) ** 2 / expectedFirst + (second[j]! - expectedSecond) ** 2 / expectedSecond;
  }
  const df = categories - 1;
  return { statistic, df, pValue: chiSquareUpperTail(statistic, df) };
}
