/**
 * Singular value decomposition of a small dense matrix.
 */

export interface SingularValueDecomposition {
  /** Left singular vectors, row-major rows × r (r = min(rows, columns)), orthonormal columns. */
  u: Float64Array;
  /** The r singular values, largest first, all ≥ 0. */
  singularValues: Float64Array;
  /** Right singular vectors, row-major columns × r, orthonormal columns. */
  v: Float64Array;
}

/** Relative size of an inner product, against the column norms, below which two columns count as orthogonal. */
const ORTHOGONALITY_TOLERANCE = 1e-15;
/** Jacobi sweeps allowed; quadratic convergence makes 10 plenty for the small matrices this is for. */
const MAX_SWEEPS = 100;

/**
 * Thin SVD A = U diag(σ) Vᵀ of the rows × columns matrix `matrix` (row-major) by one-sided
 * (Hestenes) Jacobi: plane rotations orthogonalise the columns, the column norms are the singular
 * values (Hestenes, J. SIAM 6, 1958; Demmel & Veselić, SIAM J. Matrix Anal. Appl. 13, 1992, for
 * the stopping rule and its high relative accuracy). Meant for the k × k and P × k matrices of
 * Procrustes rotation (k ≲ 10): each sweep costs O(rows · columns²).
 *
 * When A is rank-deficient the left singular vectors of the zero singular values are not
 * determined by A; they are completed to an orthonormal set (Gram–Schmidt on coordinate vectors),
 * so U always has orthonormal columns — Procrustes needs an orthogonal U Vᵀ even then.
 *
 * Non-finite entries are an error.
 */
export function svd(matrix: Float64Array, rows: number, columns: number): SingularValueDecomposition {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(columns) || columns < 0) {
    throw new RangeError(`svd: rows and columns must be non-negative integers, got ${rows} × ${columns}`);
  }
  if (matrix.length !== rows * columns) {
    throw new RangeError(`svd: matrix has ${matrix.length} entries, expected ${rows} × ${columns} = ${rows * columns}`);
  }
  for (let index = 0; index < matrix.length; index++) {
    if (!Number.isFinite(matrix[index])) {
      throw new RangeError(`svd: entry (${Math.floor(index / columns)}, ${index % columns}) is not finite (${matrix[index]})`);
    }
  }
  if (rows >= columns) return tallSvd(matrix, rows, columns);
  // A wide matrix: Aᵀ = U' S V'ᵀ gives A = V' S U'ᵀ.
  const transposed = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) transposed[j * rows + i] = matrix[i * columns + j] as number;
  }
  const result = tallSvd(transposed, columns, rows);
  return { u: result.v, singularValues: result.singularValues, v: result.u };
}

/** One-sided Jacobi for rows ≥ columns. */
function tallSvd(matrix: Float64Array, rows: number, columns: number): SingularValueDecomposition {
  // Work column-major so each column being rotated is contiguous.
  const work = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) work[j * rows + i] = matrix[i * columns + j] as number;
  }
  const right = new Float64Array(columns * columns); // column-major too
  for (let j = 0; j < columns; j++) right[j * columns + j] = 1;

  let converged = columns < 2;
  for (let sweep = 0; sweep < MAX_SWEEPS && !converged; sweep++) {
    let rotations = 0;
    for (let p = 0; p < columns - 1; p++) {
      for (let q = p + 1; q < columns; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        const columnP = p * rows;
        const columnQ = q * rows;
        for (let i = 0; i < rows; i++) {
          const x = work[columnP + i] as number;
          const y = work[columnQ + i] as number;
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= ORTHOGONALITY_TOLERANCE * Math.sqrt(alpha * beta)) continue;
        rotations++;
        // The rotation that zeroes the (p, q) inner product, with |angle| ≤ π/4 for stability.
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotateColumns(work, columnP, columnQ, rows, c, s);
        rotateColumns(right, p * columns, q * columns, columns, c, s);
      }
    }
    converged = rotations === 0;
  }
  if (!converged) throw new Error(`svd: Jacobi sweeps did not converge for a ${rows} × ${columns} matrix`);

  const norms = new Float64Array(columns);
  let largest = 0;
  for (let j = 0; j < columns; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += (work[j * rows + i] as number) ** 2;
    norms[j] = Math.sqrt(sum);
    largest = Math.max(largest, norms[j] as number);
  }
  const order = Array.from({ length: columns }, (_, index) => index);
  order.sort((a, b) => (norms[b] as number) - (norms[a] as number) || a - b);

  // Below this a column is rounding noise, and its direction is no singular vector.
  const negligible = largest * rows * Number.EPSILON;
  const u = new Float64Array(rows * columns);
  const v = new Float64Array(columns * columns);
  const singularValues = new Float64Array(columns);
  const missing: number[] = [];
  order.forEach((source, k) => {
    const norm = norms[source] as number;
    singularValues[k] = norm;
    for (let i = 0; i < columns; i++) v[i * columns + k] = right[source * columns + i] as number;
    if (norm > negligible && norm > 0) {
      for (let i = 0; i < rows; i++) u[i * columns + k] = (work[source * rows + i] as number) / norm;
    } else {
      missing.push(k);
    }
  });
  completeOrthonormalColumns(u, rows, columns, missing);
  return { u, singularValues, v };
}

function rotateColumns(data: Float64Array, first: number, second: number, length: number, c: number, s: number): void {
  for (let i = 0; i < length; i++) {
    const x = data[first + i] as number;
    const y = data[second + i] as number;
    data[first + i] = c * x - s * y;
    data[second + i] = s * x + c * y;
  }
}

/**
 * Fills the listed columns of the rows × columns row-major `u` with unit vectors orthogonal to
 * every other column: coordinate vectors with the existing columns projected out (twice, for
 * orthogonality to working precision), taking the first that keeps most of its length.
 */
function completeOrthonormalColumns(u: Float64Array, rows: number, columns: number, missing: readonly number[]): void {
  if (missing.length === 0) return;
  const filled = new Set(Array.from({ length: columns }, (_, k) => k).filter((k) => !missing.includes(k)));
  const candidate = new Float64Array(rows);
  let basis = 0;
  for (const target of missing) {
    for (; basis < rows; basis++) {
      candidate.fill(0);
      candidate[basis] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (const k of filled) {
          let dot = 0;
          for (let i = 0; i < rows; i++) dot += (u[i * columns + k] as number) * (candidate[i] as number);
          for (let i = 0; i < rows; i++) candidate[i] = (candidate[i] as number) - dot * (u[i * columns + k] as number);
        }
      }
      let norm = 0;
      for (let i = 0; i < rows; i++) norm += (candidate[i] as number) ** 2;
      norm = Math.sqrt(norm);
      // A coordinate vector that was mostly inside the span already gives a poorly conditioned direction.
      if (norm > 0.5 / Math.sqrt(rows)) {
        for (let i = 0; i < rows; i++) u[i * columns + target] = (candidate[i] as number) / norm;
        filled.add(target);
        basis++;
        break;
      }
    }
  }
}
