import { symmetricEigen } from '../linalg/symmetricEigen';
import { completeItems } from './completeItems';

export interface PrincipalComponentsOptions {
  /** Number of leading components to keep (integer ≥ 1, at most the number of usable items). */
  components: number;
  /**
   * Items to analyse (default all). Items among them with undefined pairs are still dropped as
   * `completeItems` describes; pass `completeItems([human, model], n).included` to analyse the
   * same items on both sides.
   */
  items?: readonly number[];
}

export interface PrincipalComponents {
  /** n, the size of the input matrix. */
  size: number;
  /** k, the number of components kept. */
  components: number;
  /** Items analysed, ascending. */
  includedItems: number[];
  /** Items left out because of undefined pairs (or not requested), in the order dropped. */
  excludedItems: number[];
  /**
   * Loadings, row-major n × k indexed by the ORIGINAL items: entry (i, c) = v_ic √λ_c for
   * analysed items; rows of excluded items are NaN. Signed by the rule below (column sum positive).
   */
  loadings: Float64Array;
  /** Every eigenvalue of the analysed submatrix, largest first. */
  eigenvalues: Float64Array;
  /** λ_c / trace for the k kept components: the share of total variance each explains. */
  explainedVariance: Float64Array;
  /** Trace of the analysed submatrix (the number of analysed items for a correlation matrix). */
  totalVariance: number;
  /**
   * Eigenvalues below −1e-10 × trace: the matrix is not positive semidefinite (typical of pairwise
   * deletion). Their components have no variance to explain; a count above 0 is worth reporting.
   */
  negativeEigenvalues: number;
}

/**
 * Unrotated principal components of a correlation (or covariance) matrix, n × n row-major:
 * with R = V Λ Vᵀ (eigenvalues descending), the loadings of component c are
 *
 *   L_ic = V_ic √λ_c,   explained share_c = λ_c / tr(R)
 *
 * (Jolliffe, "Principal Component Analysis", 2nd ed., 2002; loadings scaled as in psych's
 * `principal(r, nfactors = k, rotate = "none")`, Revelle, R package psych). A component whose eigenvalue is
 * not positive gets zero loadings (psych uses √ε there, a difference below 1.5e-8).
 *
 * Sign: eigenvectors have no sign, so each column of loadings is flipped to make its sum positive —
 * psych's convention, so results match psych directly. When the sum is zero up to rounding
 * (|Σ| ≤ 1e-8 Σ|·|, e.g. the antisymmetric components of a Toeplitz matrix), where psych's sign
 * is decided by rounding noise, the first loading of largest magnitude is made positive instead.
 * It is a display convention only: compare two solutions after Procrustes alignment, or by |φ|,
 * never by raw signs.
 *
 * Missing data: pairs with an undefined (non-finite) correlation are not imputed; the items
 * involved are dropped as `completeItems` describes and listed in `excludedItems`, their loading
 * rows are NaN.
 */
export function principalComponents(
  matrix: Float64Array,
  n: number,
  options: PrincipalComponentsOptions,
): PrincipalComponents {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`principalComponents: n must be a non-negative integer, got ${n}`);
  if (matrix.length !== n * n) {
    throw new RangeError(`principalComponents: matrix has ${matrix.length} entries, expected n² = ${n * n}`);
  }
  const { included, excluded } = completeItems([matrix], n, options.items);
  if (options.items !== undefined) {
    const requested = new Set(options.items);
    for (let item = 0; item < n; item++) if (!requested.has(item)) excluded.push(item);
  }
  const k = options.components;
  const m = included.length;
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`principalComponents: components must be a positive integer, got ${k}`);
  }
  if (k > m) {
    throw new RangeError(`principalComponents: ${k} components requested but only ${m} items have every pair defined`);
  }

  const submatrix = new Float64Array(m * m);
  let trace = 0;
  included.forEach((source, a) => {
    for (let b = 0; b < m; b++) submatrix[a * m + b] = matrix[source * n + (included[b] as number)] as number;
    trace += matrix[source * n + source] as number;
  });
  const { values, vectors } = symmetricEigen(submatrix, m);

  const loadings = new Float64Array(n * k).fill(Number.NaN);
  const explainedVariance = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const eigenvalue = values[c] as number;
    const scale = eigenvalue > 0 ? Math.sqrt(eigenvalue) : 0;
    const sign = componentSign(vectors, m, c);
    included.forEach((item, a) => {
      // `+ 0` turns the −0 of a zero loading flipped by the sign into 0.
      loadings[item * k + c] = sign * (vectors[a * m + c] as number) * scale + 0;
    });
    explainedVariance[c] = trace > 0 ? eigenvalue / trace : Number.NaN;
  }
  let negativeEigenvalues = 0;
  for (const value of values) if (value < -1e-10 * Math.abs(trace)) negativeEigenvalues++;

  return {
    size: n,
    components: k,
    includedItems: included,
    excludedItems: excluded,
    loadings,
    eigenvalues: values,
    explainedVariance,
    totalVariance: trace,
    negativeEigenvalues,
  };
}

/** Relative size of a column sum, against the sum of magnitudes, below which it has no sign. */
const ZERO_SUM_TOLERANCE = 1e-8;

/** +1 or −1: the sign that makes column c of the m × m eigenvector matrix sum positive (see above). */
function componentSign(vectors: Float64Array, m: number, c: number): number {
  let sum = 0;
  let magnitude = 0;
  let largest = 0;
  for (let a = 0; a < m; a++) {
    const value = vectors[a * m + c] as number;
    sum += value;
    magnitude += Math.abs(value);
    largest = Math.max(largest, Math.abs(value));
  }
  if (Math.abs(sum) > ZERO_SUM_TOLERANCE * magnitude) return sum < 0 ? -1 : 1;
  for (let a = 0; a < m; a++) {
    const value = vectors[a * m + c] as number;
    // Antisymmetric vectors have their largest magnitude twice, once with each sign: take the first.
    if (Math.abs(value) >= largest * (1 - ZERO_SUM_TOLERANCE)) return value < 0 ? -1 : 1;
  }
  return 1;
}
