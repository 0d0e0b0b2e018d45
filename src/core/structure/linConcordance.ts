/**
 * Lin's concordance correlation coefficient: agreement of two paired measurements on the identity
 * line, not merely on some line (Lin, "A concordance correlation coefficient to evaluate
 * reproducibility", Biometrics 45(1), 255–268, 1989).
 */

/** Lin's ρ_c with the parts it factors into (Lin 1989: ρ_c = r · C_b). */
export interface LinConcordance {
  /** ρ_c = 2 s_xy / (s_x² + s_y² + (x̄ − ȳ)²), in [−1, 1]; NaN when undefined (see `linConcordance`). */
  concordance: number;
  /** Pearson r = s_xy / (s_x s_y), the precision part; NaN when either side is constant. */
  pearson: number;
  /**
   * C_b = 2 s_x s_y / (s_x² + s_y² + (x̄ − ȳ)²) = 2 / (v + 1/v + u²), the accuracy part in [0, 1]: how
   * far the best-fit line is from the identity line. 0 when one side is constant and the other is
   * not (or the means differ); NaN when ρ_c is.
   */
  biasCorrection: number;
  /** v = s_y / s_x, the scale shift of y against x (1.5 for y = 1.5 x); NaN when either side is constant. */
  scaleShift: number;
  /** u = (ȳ − x̄) / √(s_x s_y), the location shift of y against x; NaN when either side is constant. */
  locationShift: number;
  /** Pairs used: those where both x_i and y_i are finite. */
  pairs: number;
}

/**
 * Lin's concordance correlation coefficient between two paired vectors:
 *
 *   ρ_c = 2 s_xy / (s_x² + s_y² + (x̄ − ȳ)²)
 *
 * with the moments divided by n (s_x² = Σ(x_i − x̄)² / n, s_xy = Σ(x_i − x̄)(y_i − ȳ) / n), as in
 * Lin's (1989) estimator and as R `epiR::epi.ccc` and `DescTools::CCC` compute it (both
 * `var(x) * (k - 1) / k`, the same code). Unlike Pearson r it falls below 1 when y is a rescaled
 * or shifted copy of x: y = 1.5 x has r = 1 but ρ_c < 1. So it suits comparing a model's correlation
 * vector with the humans' (uniformly inflated correlations score r ≈ 1).
 *
 * Missing data: a pair whose x_i or y_i is not finite (NaN, ±Infinity) is skipped and the other
 * pairs are used, like `epi.ccc` (complete cases) and `DescTools::CCC(x, y, na.rm = TRUE)`; both
 * keep ±Inf and then return NaN.
 *
 * Undefined cases give NaN, never an error:
 * - fewer than 2 usable pairs;
 * - both sides constant with equal means (0 / 0: without spread there is no scale to judge
 *   agreement on).
 *
 * One constant side against a varying one gives ρ_c = 0 by the formula (s_xy = 0, denominator > 0),
 * and so do two constant sides with different means. Here this function deliberately differs from
 * `epi.ccc`/`DescTools::CCC`, which compute s_xy as r · s_x s_y and so return NA whenever r is
 * undefined. Lin's formula itself is defined there, and a collapsed (constant) vector then scores 0
 * instead of dropping out.
 *
 * @throws TypeError if x or y is not array-like; RangeError if their lengths differ
 */
export function linConcordance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return concordanceParts('linConcordance', x, y).concordance;
}

/**
 * `linConcordance` together with Lin's decomposition ρ_c = r · C_b (precision times accuracy), the
 * scale shift v = s_y / s_x and the location shift u = (ȳ − x̄) / √(s_x s_y) (Lin 1989; the same
 * v, u and C_b as `epiR::epi.ccc`'s `s.shift`, `l.shift` and `C.b`, with y against x). Same
 * missing-data and NaN policy as `linConcordance`.
 *
 * @throws TypeError if x or y is not array-like; RangeError if their lengths differ
 */
export function linConcordanceParts(x: ArrayLike<number>, y: ArrayLike<number>): LinConcordance {
  return concordanceParts('linConcordanceParts', x, y);
}

function concordanceParts(functionName: string, x: ArrayLike<number>, y: ArrayLike<number>): LinConcordance {
  checkArrayLike(functionName, 'x', x);
  checkArrayLike(functionName, 'y', y);
  if (x.length !== y.length) {
    throw new RangeError(`${functionName}: x and y must have the same length (${x.length} vs ${y.length})`);
  }

  let pairs = 0;
  let xSum = 0;
  let ySum = 0;
  let xConstant = true;
  let yConstant = true;
  let xFirst = Number.NaN;
  let yFirst = Number.NaN;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const yi = y[i] as number;
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) continue;
    if (pairs === 0) {
      xFirst = xi;
      yFirst = yi;
    }
    if (xi !== xFirst) xConstant = false;
    if (yi !== yFirst) yConstant = false;
    pairs++;
    xSum += xi;
    ySum += yi;
  }
  if (pairs < 2) return undefinedParts(pairs);

  // A constant side is detected exactly: its rounded mean would leave spurious variance (~1e-34)
  // and turn an undefined Pearson r into noise.
  let xMean = xConstant ? xFirst : xSum / pairs;
  let yMean = yConstant ? yFirst : ySum / pairs;
  // Corrected two-pass moments (Chan, Golub & LeVeque, Am. Stat. 37(3), 1983): centre first, then
  // remove the rounding left in the mean. The one-pass Σx² − n x̄² loses all precision for
  // correlation vectors whose spread is small next to their mean.
  let xDeviationSum = 0;
  let yDeviationSum = 0;
  let xxSum = 0;
  let yySum = 0;
  let xySum = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const yi = y[i] as number;
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) continue;
    const dx = xi - xMean;
    const dy = yi - yMean;
    xDeviationSum += dx;
    yDeviationSum += dy;
    xxSum += dx * dx;
    yySum += dy * dy;
    xySum += dx * dy;
  }
  const xVariance = Math.max(0, (xxSum - (xDeviationSum * xDeviationSum) / pairs) / pairs);
  const yVariance = Math.max(0, (yySum - (yDeviationSum * yDeviationSum) / pairs) / pairs);
  const covariance = (xySum - (xDeviationSum * yDeviationSum) / pairs) / pairs;
  xMean += xDeviationSum / pairs;
  yMean += yDeviationSum / pairs;
  const meanDifference = xMean - yMean;
  const denominator = xVariance + yVariance + meanDifference * meanDifference;
  if (!(denominator > 0)) return undefinedParts(pairs);

  const bothVary = xVariance > 0 && yVariance > 0;
  const xSd = Math.sqrt(xVariance);
  const ySd = Math.sqrt(yVariance);
  return {
    concordance: (2 * covariance) / denominator,
    pearson: bothVary ? covariance / (xSd * ySd) : Number.NaN,
    biasCorrection: (2 * xSd * ySd) / denominator,
    scaleShift: bothVary ? ySd / xSd : Number.NaN,
    locationShift: bothVary ? -meanDifference / Math.sqrt(xSd * ySd) : Number.NaN,
    pairs,
  };
}

function undefinedParts(pairs: number): LinConcordance {
  return {
    concordance: Number.NaN,
    pearson: Number.NaN,
    biasCorrection: Number.NaN,
    scaleShift: Number.NaN,
    locationShift: Number.NaN,
    pairs,
  };
}

function checkArrayLike(functionName: string, name: string, values: ArrayLike<number>): void {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new TypeError(`${functionName}: ${name} must be an array or typed array of numbers`);
  }
}
