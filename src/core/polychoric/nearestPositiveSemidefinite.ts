import { symmetricEigen } from '../linalg';

export interface NearestPositiveSemidefiniteOptions {
  /** Eigenvalues below this are raised to 100 × it (psych's `eig.tol`); default 1e-12. */
  eigenvalueTolerance?: number;
}

export interface SmoothedCorrelationMatrix {
  /** n × n row-major correlation matrix (a copy; the input is not modified). */
  matrix: Float64Array;
  /** Whether any change was made (false when the input was already positive definite). */
  smoothed: boolean;
  /** Smallest eigenvalue of the input. */
  minEigenvalue: number;
}

/** R's .Machine$double.eps: psych smooths only when the smallest eigenvalue is below it. */
const DOUBLE_EPSILON = 2.220446049250313e-16;

/**
 * Makes a correlation matrix positive definite by eigenvalue clipping, exactly as
 * psych::cor.smooth (W. Revelle, psych package) does:
 *
 *   R = V Λ Vᵀ;  if min λ < ε (machine epsilon):
 *     λ_k ← 100·tol   for every λ_k < tol                 (tol = 1e-12)
 *     λ ← λ · n / Σλ                                      (keep the trace at n)
 *     S = V Λ Vᵀ,   R̃_ij = S_ij / √(S_ii S_jj),  R̃_ii = 1  (cov2cor)
 *
 * The result has unit diagonal and its eigenvalues are positive (≥ about 1e-10 before the final
 * rescaling); it is close to, but not the Frobenius-nearest, correlation matrix (for that see
 * Higham, "Computing the nearest correlation matrix", IMA J. Numer. Anal. 22, 2002). Use it when a
 * downstream step (factor analysis, Cholesky, Mahalanobis) needs a positive definite input; the
 * raw pairwise matrix is what should be compared entry by entry.
 *
 * A positive definite input is returned unchanged (as a copy). Non-finite entries, or an
 * asymmetric matrix, are an error: decide first which items to drop (psych turns smoothing off).
 *
 * @param r n × n symmetric correlation matrix, row-major
 * @param n the dimension
 */
export function nearestPositiveSemidefinite(
  r: Float64Array,
  n: number,
  options: NearestPositiveSemidefiniteOptions = {},
): SmoothedCorrelationMatrix {
  const tolerance = options.eigenvalueTolerance ?? 1e-12;
  if (!(tolerance > 0)) throw new RangeError(`nearestPositiveSemidefinite: eigenvalueTolerance must be positive, got ${tolerance}`);
  if (!Number.isInteger(n) || n < 1 || r.length !== n * n) {
    throw new RangeError(`nearestPositiveSemidefinite: matrix has ${r.length} entries, expected n² with n = ${n}`);
  }
  for (let index = 0; index < r.length; index++) {
    if (!Number.isFinite(r[index])) {
      throw new RangeError(
        `nearestPositiveSemidefinite: entry (${Math.floor(index / n)}, ${index % n}) is ${r[index]}; drop undefined correlations first`,
      );
    }
  }
  const { values, vectors } = symmetricEigen(r, n);
  const minEigenvalue = values[n - 1] as number;
  if (!(minEigenvalue < DOUBLE_EPSILON)) return { matrix: Float64Array.from(r), smoothed: false, minEigenvalue };

  const clipped = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const value = values[k] as number;
    clipped[k] = value < tolerance ? 100 * tolerance : value;
    sum += clipped[k] as number;
  }
  for (let k = 0; k < n; k++) clipped[k] = ((clipped[k] as number) * n) / sum;

  // S = V diag(λ) Vᵀ with vectors[i * n + k] = component i of eigenvector k.
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let value = 0;
      for (let k = 0; k < n; k++) value += (vectors[i * n + k] as number) * (clipped[k] as number) * (vectors[j * n + k] as number);
      matrix[i * n + j] = value;
      matrix[j * n + i] = value;
    }
  }
  const inverseRoot = new Float64Array(n);
  for (let i = 0; i < n; i++) inverseRoot[i] = 1 / Math.sqrt(matrix[i * n + i] as number);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      matrix[i * n + j] = i === j ? 1 : (matrix[i * n + j] as number) * (inverseRoot[i] as number) * (inverseRoot[j] as number);
    }
  }
  return { matrix, smoothed: true, minEigenvalue };
}
