/**
 * The standard normal distribution to full double precision: Φ, its upper tail, Φ⁻¹ and φ.
 * These are the building blocks of the polychoric estimator (thresholds are Φ⁻¹ of cumulative
 * proportions; cell probabilities are differences of Φ and Φ₂), so they follow R's own
 * algorithms — `pnorm` and `qnorm` — and agree with R to a few ulps.
 */

const ONE_OVER_SQRT_TWO_PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;
/** qnorm(3/4): below it Cody's first rational approximation is used. */
const CODY_FIRST_INTERVAL = 0.67448975;
/** Beyond |x| ≈ 37.5 the lower tail underflows to 0 (and the upper tail of −x is exactly 1). */
const UNDERFLOW_BOUNDARY = 37.5193;
/** Beyond x ≈ 8.29 the lower tail rounds to 1. */
const ROUNDS_TO_ONE = 8.2924;

const CODY_A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const CODY_B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const CODY_C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const CODY_D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const CODY_P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const CODY_Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

/**
 * Standard normal density φ(x) = exp(−x²/2) / √(2π). Returns 0 for ±Infinity and NaN for NaN.
 */
export function normalDensity(x: number): number {
  return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
}

/**
 * Standard normal distribution function Φ(x) = P(Z ≤ x).
 *
 * Cody's rational Chebyshev approximations (W. J. Cody, "Rational Chebyshev approximations for
 * the error function", Math. Comp. 23, 1969, 631–637; algorithm 715, ACM TOMS 19, 1993) in the
 * form of R's `pnorm_both` (src/nmath/pnorm.c), including its splitting of x² into an exactly
 * representable part so exp(−x²/2) keeps full relative precision in the tails. Relative error
 * ≲ 1e-15 over the whole line, both tails; Φ(−37.6) underflows to 0 like R.
 * ±Infinity give 0 and 1; NaN gives NaN.
 */
export function normalCdf(x: number): number {
  return normalTails(x, true);
}

/**
 * Upper tail 1 − Φ(x) = Φ(−x), computed without cancellation (so it is accurate for large x,
 * where 1 − normalCdf(x) would round to 0).
 */
export function normalUpperTail(x: number): number {
  return normalTails(x, false);
}

function normalTails(x: number, lower: boolean): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= CODY_FIRST_INTERVAL) {
    let numerator = 0;
    let denominator = 0;
    if (y > 1.1102230246251565e-16) {
      const xsq = x * x;
      numerator = (CODY_A[4] as number) * xsq;
      denominator = xsq;
      for (let i = 0; i < 3; i++) {
        numerator = (numerator + (CODY_A[i] as number)) * xsq;
        denominator = (denominator + (CODY_B[i] as number)) * xsq;
      }
    }
    const temp = (x * (numerator + (CODY_A[3] as number))) / (denominator + (CODY_B[3] as number));
    return lower ? 0.5 + temp : 0.5 - temp;
  }

  let smallTail: number;
  if (y <= SQRT_32) {
    let numerator = (CODY_C[8] as number) * y;
    let denominator = y;
    for (let i = 0; i < 7; i++) {
      numerator = (numerator + (CODY_C[i] as number)) * y;
      denominator = (denominator + (CODY_D[i] as number)) * y;
    }
    smallTail = gaussianFactor(y) * ((numerator + (CODY_C[7] as number)) / (denominator + (CODY_D[7] as number)));
  } else if ((lower && -UNDERFLOW_BOUNDARY < x && x < ROUNDS_TO_ONE) || (!lower && -ROUNDS_TO_ONE < x && x < UNDERFLOW_BOUNDARY)) {
    const xsq = 1 / (x * x);
    let numerator = (CODY_P[5] as number) * xsq;
    let denominator = xsq;
    for (let i = 0; i < 4; i++) {
      numerator = (numerator + (CODY_P[i] as number)) * xsq;
      denominator = (denominator + (CODY_Q[i] as number)) * xsq;
    }
    let temp = (xsq * (numerator + (CODY_P[4] as number))) / (denominator + (CODY_Q[4] as number));
    temp = (ONE_OVER_SQRT_TWO_PI - temp) / y;
    smallTail = gaussianFactor(y) * temp;
  } else {
    // Far tails: the probability is exactly 0 or 1 in double precision.
    return (x > 0) === lower ? 1 : 0;
  }
  // smallTail is the tail beyond |x|; which side the caller wants decides between it and 1 − it.
  const wantsSmallTail = lower ? x < 0 : x > 0;
  return wantsSmallTail ? smallTail : 1 - smallTail;
}

/** exp(−y²/2) with y² split as in R (`do_del`): y = xsq + rest with xsq a multiple of 1/16. */
function gaussianFactor(y: number): number {
  const xsq = Math.trunc(y * 16) / 16;
  const del = (y - xsq) * (y + xsq);
  return Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5);
}

/**
 * Standard normal quantile Φ⁻¹(p): the z with Φ(z) = p.
 *
 * Wichura's algorithm AS 241 (PPND16; M. J. Wichura, "The percentage points of the normal
 * distribution", Applied Statistics 37(3), 1988, 477–484), the algorithm of R's `qnorm`:
 * relative accuracy about 1e-16. p = 0 gives −Infinity and p = 1 gives +Infinity (the ends of
 * the threshold vector); p outside [0, 1] or NaN gives NaN.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852854561 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  // 0.5 - p + 0.5 is 1 - p computed as R does; the tail probability is the smaller of p, 1 - p.
  let r = Math.sqrt(-Math.log(q < 0 ? p : 0.5 - p + 0.5));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}
