import { bivariateNormalCdf, fillBivariateNormalCdfGrid } from './bivariateNormal';
import { normalCdf } from './normal';
import { thresholdsFromMarginal } from './thresholds';

/**
 * Polychoric correlation of two ordinal items from their contingency table, by Olsson's two-step
 * estimator (U. Olsson, "Maximum likelihood estimation of the polychoric correlation
 * coefficient", Psychometrika 44(4), 1979, 443–460):
 *
 *   1. thresholds a_r = Φ⁻¹(cumulative row proportion), b_c = Φ⁻¹(cumulative column proportion)
 *   2. ρ̂ = argmax_ρ  ℓ(ρ) = Σ_rc n_rc log π_rc(ρ),
 *      π_rc(ρ) = Φ₂(a_{r+1}, b_{c+1}; ρ) − Φ₂(a_r, b_{c+1}; ρ) − Φ₂(a_{r+1}, b_c; ρ) + Φ₂(a_r, b_c; ρ)
 *
 * the probability that a standard bivariate normal with correlation ρ falls in cell (r, c).
 *
 * Maximisation: safeguarded Newton on the score. Plackett's identity ∂Φ₂/∂ρ = φ₂ gives exact
 * first and second derivatives of every π_rc from the densities at the same corners:
 *
 *   ℓ'(ρ)  = Σ n π'/π,     ℓ''(ρ) = Σ n (π''/π − (π'/π)²),
 *   ∂φ₂/∂ρ = φ₂ · [ ρ/(1−ρ²) + (hk(1+ρ²) − ρ(h²+k²)) / (1−ρ²)² ]
 *
 * so one iteration costs one grid of (R−1)(C−1) Φ₂ values (≤ 81 for 10-point items) plus as
 * many exponentials for the densities. The start is the Pearson correlation of the normal scores
 * E[Z | category]. Where ℓ'' ≥ 0 a Fisher-scoring step replaces Newton's. Every evaluated point
 * narrows a bracket on the score's sign change; a step that leaves the bracket first tries the
 * bound ±maxAbsRho (so perfect association is reached in one step) and otherwise bisects, so the
 * iteration cannot diverge. The bound is accepted only if the score there points outwards and
 * its ℓ is not below the best interior ℓ (floored cells make the score vanish near ±1 even when
 * the maximum is inside). About 4 likelihood evaluations per pair on WVS-like tables, to
 * |Δρ| < 1e-9.
 *
 * Thresholds (`thresholds` option):
 * - pairwise (default, RepScope's method): from the margins of this table, i.e. over the pair's
 *   complete cases. Empty rows and columns are dropped first (an empty category carries no
 *   information about ρ). This is psych::polychoric with global = FALSE.
 * - given: the caller passes each item's full threshold vector (K + 1 values with the infinite
 *   ends), e.g. from all non-missing answers of each item — psych::polychoric's default
 *   global = TRUE (which psych uses whenever all items have the same number of categories).
 *   No rows or columns are dropped and no continuity correction is applied, as in psych.
 *
 * Continuity correction (`correct`, default 0): with pairwise thresholds and correct > 0, every
 * zero cell of the (collapsed) table is replaced by `correct` before the thresholds and ρ are
 * computed — psych's `correct = 0.5` default. As in psych::polyc, the thresholds then come from
 * the corrected margins divided by the *uncorrected* total.
 *
 * Degenerate tables: no cases, or fewer than two observed categories of either item, give
 * ρ = NaN with a `reason`. A table whose likelihood keeps rising towards ρ = ±1 (perfect
 * association, e.g. a 2×2 table with an empty off-diagonal cell) gives ρ = ±maxAbsRho
 * (default 0.9999) with `atBoundary` set and a `reason`. Cell probabilities are floored at
 * `probabilityFloor` (default 1e-14, the rounding level of the Φ₂ differences) so a cell with
 * counts never contributes log 0; a floored cell's derivative is taken as 0.
 *
 * Standard error: 1/√(−ℓ''(ρ̂)), the observed information at the optimum with the thresholds
 * treated as known (the usual two-step standard error; it ignores the thresholds' own sampling
 * error, which Olsson shows matters little). ℓ'' is analytic (see above), not a numerical
 * difference. Weighted counts are treated as frequencies unless `sampleSize` is given, in which
 * case the information is rescaled to that many cases (pass the unweighted number of complete
 * cases so weights only redistribute, not multiply, the information). NaN at the boundary.
 */

export interface PolychoricOptions {
  /** Added to every zero cell with pairwise thresholds (psych's `correct`); default 0. */
  correct?: number;
  /** |ρ| is clamped to this; a maximum beyond it is reported at the bound. Default 0.9999. */
  maxAbsRho?: number;
  /** Convergence when the Newton step (or the bracket) is below this; default 1e-9. */
  tolerance?: number;
  /** Iterations allowed before giving up with `converged: false`; default 100. */
  maxIterations?: number;
  /** Smallest cell probability used in the log-likelihood; default 1e-14. */
  probabilityFloor?: number;
}

export interface PolychoricPairOptions extends PolychoricOptions {
  /**
   * Fixed threshold vectors (length rows + 1 and columns + 1, non-decreasing, −∞ first and +∞
   * last), e.g. from each item's own marginal; default: from the table's margins.
   */
  thresholds?: { rows: Float64Array; columns: Float64Array };
  /** Unweighted number of cases behind a weighted table, for the standard error. */
  sampleSize?: number;
}

export interface PolychoricResult {
  /** ρ̂, or NaN when the table does not determine it (see `reason`). */
  rho: number;
  /** Two-step standard error of ρ̂ from the observed information; NaN at the boundary. */
  standardError: number;
  /** ℓ(ρ̂) = Σ n log π(ρ̂) in the table's count units (natural log). */
  logLikelihood: number;
  /** Likelihood evaluations used. */
  iterations: number;
  converged: boolean;
  /** ρ̂ was clamped to ±maxAbsRho because the likelihood rises towards ±1. */
  atBoundary: boolean;
  /** Why ρ is NaN, clamped or not converged; undefined for a regular estimate. */
  reason: string | undefined;
}

export interface ResolvedPolychoricOptions {
  correct: number;
  maxAbsRho: number;
  tolerance: number;
  maxIterations: number;
  probabilityFloor: number;
}

export function resolvePolychoricOptions(functionName: string, options: PolychoricOptions = {}): ResolvedPolychoricOptions {
  const resolved: ResolvedPolychoricOptions = {
    correct: options.correct ?? 0,
    maxAbsRho: options.maxAbsRho ?? 0.9999,
    tolerance: options.tolerance ?? 1e-9,
    maxIterations: options.maxIterations ?? 100,
    probabilityFloor: options.probabilityFloor ?? 1e-14,
  };
  if (!(resolved.correct >= 0) || !Number.isFinite(resolved.correct)) {
    throw new RangeError(`${functionName}: correct must be finite and non-negative, got ${resolved.correct}`);
  }
  if (!(resolved.maxAbsRho > 0 && resolved.maxAbsRho < 1)) {
    throw new RangeError(`${functionName}: maxAbsRho must be in (0, 1), got ${resolved.maxAbsRho}`);
  }
  if (!(resolved.tolerance > 0)) throw new RangeError(`${functionName}: tolerance must be positive, got ${resolved.tolerance}`);
  if (!Number.isInteger(resolved.maxIterations) || resolved.maxIterations < 1) {
    throw new RangeError(`${functionName}: maxIterations must be a positive integer, got ${resolved.maxIterations}`);
  }
  if (!(resolved.probabilityFloor > 0 && resolved.probabilityFloor < 1)) {
    throw new RangeError(`${functionName}: probabilityFloor must be in (0, 1), got ${resolved.probabilityFloor}`);
  }
  return resolved;
}

/**
 * Polychoric correlation of one contingency table (see the module comment for the method).
 *
 * @param table weighted counts, row-major `rows × columns`: rows are the categories of the first
 *   item in scale order, columns those of the second; only the pair's complete cases
 * @param rows categories of the first item (≥ 1)
 * @param columns categories of the second item (≥ 1)
 */
export function polychoricCorrelation(
  table: Float64Array,
  rows: number,
  columns: number,
  options: PolychoricPairOptions = {},
): PolychoricResult {
  const resolved = resolvePolychoricOptions('polychoricCorrelation', options);
  const solver = new PolychoricSolver(Math.max(rows, columns));
  return solver.solve('polychoricCorrelation', table, rows, columns, resolved, options.thresholds, options.sampleSize);
}

/**
 * The estimator with reusable scratch space, for computing many pairs without allocating per
 * pair. Not re-entrant: one solver per thread.
 */
export class PolychoricSolver {
  private readonly capacity: number;
  /** Collapsed counts, row-major R × C. */
  private readonly counts: Float64Array;
  private readonly rowMargin: Float64Array;
  private readonly columnMargin: Float64Array;
  /** Interior thresholds of the collapsed table and their Φ. */
  private readonly rowLimits: Float64Array;
  private readonly rowCdf: Float64Array;
  private readonly columnLimits: Float64Array;
  private readonly columnCdf: Float64Array;
  /** Φ₂ at the interior corners, (R−1) × (C−1). */
  private readonly interior: Float64Array;
  /** Φ₂, φ₂ and ∂φ₂/∂ρ at all corners, (R+1) × (C+1), border included. */
  private readonly cornerCdf: Float64Array;
  private readonly cornerDensity: Float64Array;
  private readonly cornerDensitySlope: Float64Array;
  private readonly keptRows: Int32Array;
  private readonly keptColumns: Int32Array;

  private rows = 0;
  private columns = 0;
  private total = 0;
  /** Results of the last `evaluate`. */
  private logLikelihood = 0;
  private score = 0;
  private curvature = 0;
  private expectedInformation = 0;

  constructor(maxCategories: number) {
    const k = Math.max(2, Math.floor(maxCategories));
    this.capacity = k;
    this.counts = new Float64Array(k * k);
    this.rowMargin = new Float64Array(k);
    this.columnMargin = new Float64Array(k);
    this.rowLimits = new Float64Array(k);
    this.rowCdf = new Float64Array(k);
    this.columnLimits = new Float64Array(k);
    this.columnCdf = new Float64Array(k);
    this.interior = new Float64Array(k * k);
    this.cornerCdf = new Float64Array((k + 1) * (k + 1));
    this.cornerDensity = new Float64Array((k + 1) * (k + 1));
    this.cornerDensitySlope = new Float64Array((k + 1) * (k + 1));
    this.keptRows = new Int32Array(k);
    this.keptColumns = new Int32Array(k);
  }

  solve(
    functionName: string,
    table: Float64Array,
    rows: number,
    columns: number,
    options: ResolvedPolychoricOptions,
    thresholds?: { rows: Float64Array; columns: Float64Array },
    sampleSize?: number,
  ): PolychoricResult {
    if (!Number.isInteger(rows) || !Number.isInteger(columns) || rows < 1 || columns < 1) {
      throw new RangeError(`${functionName}: rows and columns must be positive integers, got ${rows} × ${columns}`);
    }
    if (rows > this.capacity || columns > this.capacity) {
      throw new RangeError(`${functionName}: a ${rows} × ${columns} table exceeds this solver's ${this.capacity} categories`);
    }
    if (table.length !== rows * columns) {
      throw new RangeError(`${functionName}: table has ${table.length} cells, expected ${rows} × ${columns} = ${rows * columns}`);
    }
    if (sampleSize !== undefined && !(sampleSize > 0 && Number.isFinite(sampleSize))) {
      throw new RangeError(`${functionName}: sampleSize must be finite and positive, got ${sampleSize}`);
    }

    const prepared =
      thresholds === undefined
        ? this.preparePairwise(functionName, table, rows, columns, options.correct)
        : this.prepareGiven(functionName, table, rows, columns, thresholds);
    if (prepared !== undefined) return undefinedResult(prepared);

    return this.maximise(options, sampleSize);
  }

  /** Collapses empty categories, applies the continuity correction, thresholds from the margins. */
  private preparePairwise(
    functionName: string,
    table: Float64Array,
    rows: number,
    columns: number,
    correct: number,
  ): string | undefined {
    const rowMargin = this.rowMargin;
    const columnMargin = this.columnMargin;
    rowMargin.fill(0, 0, rows);
    columnMargin.fill(0, 0, columns);
    let total = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const count = table[r * columns + c] as number;
        if (!(count >= 0) || !Number.isFinite(count)) {
          throw new RangeError(`${functionName}: cell (${r}, ${c}) is ${count}; counts must be finite and non-negative`);
        }
        rowMargin[r] = (rowMargin[r] as number) + count;
        columnMargin[c] = (columnMargin[c] as number) + count;
        total += count;
      }
    }
    if (total === 0) return 'no complete cases for this pair';
    let keptRowCount = 0;
    for (let r = 0; r < rows; r++) if ((rowMargin[r] as number) > 0) this.keptRows[keptRowCount++] = r;
    let keptColumnCount = 0;
    for (let c = 0; c < columns; c++) if ((columnMargin[c] as number) > 0) this.keptColumns[keptColumnCount++] = c;
    if (keptRowCount < 2) return 'the first item has a single observed category among the pair\'s complete cases';
    if (keptColumnCount < 2) return 'the second item has a single observed category among the pair\'s complete cases';

    const counts = this.counts;
    let hasZero = false;
    for (let r = 0; r < keptRowCount; r++) {
      const sourceRow = (this.keptRows[r] as number) * columns;
      for (let c = 0; c < keptColumnCount; c++) {
        const count = table[sourceRow + (this.keptColumns[c] as number)] as number;
        counts[r * keptColumnCount + c] = count;
        if (count === 0) hasZero = true;
      }
    }
    if (correct > 0 && hasZero) {
      for (let cell = 0; cell < keptRowCount * keptColumnCount; cell++) if (counts[cell] === 0) counts[cell] = correct;
    }
    this.rows = keptRowCount;
    this.columns = keptColumnCount;
    this.total = total;
    this.marginalThresholds(counts, keptRowCount, keptColumnCount, total);
    return undefined;
  }

  /** Thresholds and their Φ from the margins of the (collapsed, corrected) counts over `total`. */
  private marginalThresholds(counts: Float64Array, rows: number, columns: number, total: number): void {
    const rowSums = new Float64Array(rows);
    const columnSums = new Float64Array(columns);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const count = counts[r * columns + c] as number;
        rowSums[r] = (rowSums[r] as number) + count;
        columnSums[c] = (columnSums[c] as number) + count;
      }
    }
    const rowThresholds = thresholdsFromMarginal(rowSums, total);
    const columnThresholds = thresholdsFromMarginal(columnSums, total);
    let cumulative = 0;
    for (let r = 0; r < rows - 1; r++) {
      cumulative += rowSums[r] as number;
      this.rowLimits[r] = rowThresholds[r + 1] as number;
      this.rowCdf[r] = Math.min(1, cumulative / total);
    }
    cumulative = 0;
    for (let c = 0; c < columns - 1; c++) {
      cumulative += columnSums[c] as number;
      this.columnLimits[c] = columnThresholds[c + 1] as number;
      this.columnCdf[c] = Math.min(1, cumulative / total);
    }
  }

  /** Fixed thresholds: the table is used as is (psych's global = TRUE). */
  private prepareGiven(
    functionName: string,
    table: Float64Array,
    rows: number,
    columns: number,
    thresholds: { rows: Float64Array; columns: Float64Array },
  ): string | undefined {
    checkThresholdVector(functionName, 'rows', thresholds.rows, rows);
    checkThresholdVector(functionName, 'columns', thresholds.columns, columns);
    let total = 0;
    let observedRows = 0;
    let observedColumns = 0;
    this.columnMargin.fill(0, 0, columns);
    for (let r = 0; r < rows; r++) {
      let rowTotal = 0;
      for (let c = 0; c < columns; c++) {
        const count = table[r * columns + c] as number;
        if (!(count >= 0) || !Number.isFinite(count)) {
          throw new RangeError(`${functionName}: cell (${r}, ${c}) is ${count}; counts must be finite and non-negative`);
        }
        this.counts[r * columns + c] = count;
        this.columnMargin[c] = (this.columnMargin[c] as number) + count;
        rowTotal += count;
      }
      if (rowTotal > 0) observedRows++;
      total += rowTotal;
    }
    for (let c = 0; c < columns; c++) if ((this.columnMargin[c] as number) > 0) observedColumns++;
    if (total === 0) return 'no complete cases for this pair';
    if (observedRows < 2) return 'the first item has a single observed category among the pair\'s complete cases';
    if (observedColumns < 2) return 'the second item has a single observed category among the pair\'s complete cases';
    this.rows = rows;
    this.columns = columns;
    this.total = total;
    for (let r = 0; r < rows - 1; r++) {
      const limit = thresholds.rows[r + 1] as number;
      this.rowLimits[r] = limit;
      this.rowCdf[r] = normalCdf(limit);
    }
    for (let c = 0; c < columns - 1; c++) {
      const limit = thresholds.columns[c + 1] as number;
      this.columnLimits[c] = limit;
      this.columnCdf[c] = normalCdf(limit);
    }
    return undefined;
  }

  private maximise(options: ResolvedPolychoricOptions, sampleSize: number | undefined): PolychoricResult {
    const bound = options.maxAbsRho;
    let low = -bound;
    let high = bound;
    // A bracket end that is still the bound has not been evaluated: the score there is unknown.
    let lowIsBound = true;
    let highIsBound = true;
    let rho = Math.max(-bound * 0.99, Math.min(bound * 0.99, this.normalScoresCorrelation()));
    let iterations = 0;
    let converged = false;
    let atBoundary = false;

    let bestInterior = Number.NEGATIVE_INFINITY;

    while (iterations < options.maxIterations) {
      this.evaluate(rho, options.probabilityFloor);
      iterations++;
      const score = this.score;
      if (rho >= bound || rho <= -bound) {
        // At a bound the score can point outwards only because the floored cells flatten the
        // likelihood there; the bound is the answer only if it is also at least as likely as
        // every point inside seen so far.
        const upper = rho >= bound;
        const outwards = upper ? score > 0 : score < 0;
        if (outwards && this.logLikelihood >= bestInterior) {
          atBoundary = true;
          converged = true;
          break;
        }
        if (upper) {
          high = bound;
          highIsBound = false;
        } else {
          low = -bound;
          lowIsBound = false;
        }
        rho = (low + high) / 2;
        continue;
      }
      bestInterior = Math.max(bestInterior, this.logLikelihood);
      if (score === 0) {
        converged = true;
        break;
      }
      if (score > 0) {
        low = rho;
        lowIsBound = false;
      } else {
        high = rho;
        highIsBound = false;
      }
      const step = this.curvature < 0 ? -score / this.curvature : score / this.expectedInformation;
      if (Math.abs(step) < options.tolerance) {
        converged = true;
        break;
      }
      if (!lowIsBound && !highIsBound && high - low < options.tolerance) {
        rho = (low + high) / 2;
        this.evaluate(rho, options.probabilityFloor);
        iterations++;
        converged = true;
        break;
      }
      let next = rho + step;
      // Newton steps that leave the bracket try the bound first (perfect association converges
      // there in one step), then bisect.
      if (!(next < high)) {
        next = highIsBound ? bound : (low + high) / 2;
      } else if (!(next > low)) {
        next = lowIsBound ? -bound : (low + high) / 2;
      }
      rho = next;
    }

    let standardError = Number.NaN;
    if (!atBoundary && this.curvature < 0) {
      const information = sampleSize === undefined ? -this.curvature : (-this.curvature * sampleSize) / this.total;
      standardError = 1 / Math.sqrt(information);
    }
    let reason: string | undefined;
    if (atBoundary) {
      reason = `the likelihood rises towards ρ = ${rho > 0 ? '+1' : '−1'} (perfect association); ρ clamped to ${rho}`;
    } else if (!converged) {
      reason = `did not converge in ${options.maxIterations} iterations`;
    }
    return { rho, standardError, logLikelihood: this.logLikelihood, iterations, converged, atBoundary, reason };
  }

  /**
   * The Pearson correlation of the normal scores E[Z | a_r < Z ≤ a_{r+1}] =
   * (φ(a_r) − φ(a_{r+1})) / (Φ(a_{r+1}) − Φ(a_r)) — a cheap start that is close to ρ̂.
   */
  private normalScoresCorrelation(): number {
    const rowScores = categoryScores(this.rowLimits, this.rowCdf, this.rows);
    const columnScores = categoryScores(this.columnLimits, this.columnCdf, this.columns);
    let total = 0;
    let sumX = 0;
    let sumY = 0;
    for (let r = 0; r < this.rows; r++) {
      for (let c = 0; c < this.columns; c++) {
        const n = this.counts[r * this.columns + c] as number;
        total += n;
        sumX += n * (rowScores[r] as number);
        sumY += n * (columnScores[c] as number);
      }
    }
    const meanX = sumX / total;
    const meanY = sumY / total;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let r = 0; r < this.rows; r++) {
      const dx = (rowScores[r] as number) - meanX;
      for (let c = 0; c < this.columns; c++) {
        const n = this.counts[r * this.columns + c] as number;
        const dy = (columnScores[c] as number) - meanY;
        sxx += n * dx * dx;
        syy += n * dy * dy;
        sxy += n * dx * dy;
      }
    }
    const correlation = sxy / Math.sqrt(sxx * syy);
    return Number.isFinite(correlation) ? correlation : 0;
  }

  /** ℓ, ℓ', ℓ'' and the expected information at ρ (|ρ| < 1). */
  private evaluate(rho: number, floor: number): void {
    const rows = this.rows;
    const columns = this.columns;
    const width = columns + 1;
    const cdf = this.cornerCdf;
    const density = this.cornerDensity;
    const slope = this.cornerDensitySlope;
    fillBivariateNormalCdfGrid(this.rowLimits, this.rowCdf, this.columnLimits, this.columnCdf, rho, this.interior, rows - 1, columns - 1);

    const oneMinus = (1 - rho) * (1 + rho);
    const densityScale = 1 / (2 * Math.PI * Math.sqrt(oneMinus));
    const slopeConstant = rho / oneMinus;
    const onePlusRhoSquared = 1 + rho * rho;
    const inverseOneMinusSquared = 1 / (oneMinus * oneMinus);
    // Border corners: Φ₂ is 0 on the lower edges and a marginal Φ on the upper ones; φ₂ is 0.
    for (let j = 0; j <= columns; j++) {
      cdf[j] = 0;
      density[j] = 0;
      slope[j] = 0;
      const top = rows * width + j;
      cdf[top] = j === columns ? 1 : j === 0 ? 0 : (this.columnCdf[j - 1] as number);
      density[top] = 0;
      slope[top] = 0;
    }
    for (let i = 1; i < rows; i++) {
      const h = this.rowLimits[i - 1] as number;
      const base = i * width;
      cdf[base] = 0;
      density[base] = 0;
      slope[base] = 0;
      cdf[base + columns] = this.rowCdf[i - 1] as number;
      density[base + columns] = 0;
      slope[base + columns] = 0;
      for (let j = 1; j < columns; j++) {
        const k = this.columnLimits[j - 1] as number;
        cdf[base + j] = this.interior[(i - 1) * (columns - 1) + (j - 1)] as number;
        if (Number.isFinite(h) && Number.isFinite(k)) {
          const hk = h * k;
          const squares = h * h + k * k;
          const value = densityScale * Math.exp(-(squares - 2 * rho * hk) / (2 * oneMinus));
          density[base + j] = value;
          slope[base + j] = value * (slopeConstant + (hk * onePlusRhoSquared - rho * squares) * inverseOneMinusSquared);
        } else {
          density[base + j] = 0;
          slope[base + j] = 0;
        }
      }
    }

    let logLikelihood = 0;
    let score = 0;
    let curvature = 0;
    let information = 0;
    const total = this.total;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const upperRight = (r + 1) * width + c + 1;
        const upperLeft = upperRight - 1;
        const lowerRight = upperRight - width;
        const lowerLeft = lowerRight - 1;
        const probability =
          (cdf[upperRight] as number) - (cdf[upperLeft] as number) - (cdf[lowerRight] as number) + (cdf[lowerLeft] as number);
        const n = this.counts[r * columns + c] as number;
        if (probability <= floor) {
          if (n > 0) logLikelihood += n * Math.log(floor);
          continue;
        }
        const first =
          (density[upperRight] as number) - (density[upperLeft] as number) - (density[lowerRight] as number) + (density[lowerLeft] as number);
        const ratio = first / probability;
        information += total * first * ratio;
        if (n === 0) continue;
        const second =
          (slope[upperRight] as number) - (slope[upperLeft] as number) - (slope[lowerRight] as number) + (slope[lowerLeft] as number);
        logLikelihood += n * Math.log(probability);
        score += n * ratio;
        curvature += n * (second / probability - ratio * ratio);
      }
    }
    this.logLikelihood = logLikelihood;
    this.score = score;
    this.curvature = curvature;
    this.expectedInformation = information;
  }
}

function categoryScores(limits: Float64Array, cdf: Float64Array, categories: number): Float64Array {
  const scores = new Float64Array(categories);
  let lowerDensity = 0;
  let lowerCdf = 0;
  for (let r = 0; r < categories; r++) {
    const upperLimit = r < categories - 1 ? (limits[r] as number) : Number.POSITIVE_INFINITY;
    const upperDensity = Number.isFinite(upperLimit) ? Math.exp(-0.5 * upperLimit * upperLimit) / Math.sqrt(2 * Math.PI) : 0;
    const upperCdf = r < categories - 1 ? (cdf[r] as number) : 1;
    const mass = upperCdf - lowerCdf;
    scores[r] = mass > 0 ? (lowerDensity - upperDensity) / mass : 0;
    lowerDensity = upperDensity;
    lowerCdf = upperCdf;
  }
  return scores;
}

function checkThresholdVector(functionName: string, which: string, thresholds: Float64Array, categories: number): void {
  if (thresholds.length !== categories + 1) {
    throw new RangeError(`${functionName}: ${which} thresholds have ${thresholds.length} values, expected ${categories + 1}`);
  }
  if (thresholds[0] !== Number.NEGATIVE_INFINITY || thresholds[categories] !== Number.POSITIVE_INFINITY) {
    throw new RangeError(`${functionName}: ${which} thresholds must start at -Infinity and end at +Infinity`);
  }
  for (let k = 1; k <= categories; k++) {
    if (!((thresholds[k] as number) >= (thresholds[k - 1] as number))) {
      throw new RangeError(`${functionName}: ${which} thresholds must be non-decreasing; τ${k} = ${thresholds[k]} < τ${k - 1} = ${thresholds[k - 1]}`);
    }
  }
}

function undefinedResult(reason: string): PolychoricResult {
  return {
    rho: Number.NaN,
    standardError: Number.NaN,
    logLikelihood: Number.NaN,
    iterations: 0,
    converged: false,
    atBoundary: false,
    reason,
  };
}

/** Exposed for the matrix code and tests: Φ₂ of one rectangle, used to build expected tables. */
export function rectangleProbability(hLow: number, hHigh: number, kLow: number, kHigh: number, rho: number): number {
  return (
    bivariateNormalCdf(hHigh, kHigh, rho) -
    bivariateNormalCdf(hLow, kHigh, rho) -
    bivariateNormalCdf(hHigh, kLow, rho) +
    bivariateNormalCdf(hLow, kLow, rho)
  );
}
