/**
 * Eigendecomposition of a real symmetric matrix.
 */

export interface SymmetricEigen {
  /** The n eigenvalues, largest first. */
  values: Float64Array;
  /**
   * Unit eigenvectors, row-major n × n with eigenvector k in column k: component i of the
   * eigenvector for `values[k]` is `vectors[i * n + k]`. The columns are orthonormal, so
   * A = V diag(values) Vᵀ. Each vector's sign is arbitrary (as in LAPACK and R's `eigen`);
   * callers that need a sign convention apply their own.
   */
  vectors: Float64Array;
}

/**
 * How far apart a[i][j] and a[j][i] may be, relative to the largest |entry| (at least 1), before
 * the input counts as not symmetric. Generous on purpose: entries computed in different summation
 * orders differ by a few ulps, which is not a caller's mistake.
 */
const SYMMETRY_TOLERANCE = 1e-10;
/** QL sweeps allowed per eigenvalue; the implicit shift converges in 2–3, so this only stops a runaway. */
const MAX_QL_ITERATIONS = 60;

/**
 * Eigenvalues and eigenvectors of the symmetric n × n matrix `matrix` (row-major, length n²):
 * Householder reduction to tridiagonal form followed by the implicit QL algorithm with Wilkinson-
 * type shifts — tred2 and tql2 of EISPACK (Smith et al., "Matrix Eigensystem Routines — EISPACK
 * Guide", 2nd ed., 1976; after Bowdler, Martin, Reinsch & Wilkinson, Numer. Math. 11, 1968) in
 * the form of JAMA's `EigenvalueDecomposition` (Hicks, Moler et al., NIST/MathWorks, public
 * domain). O(n³): n = 290 takes tens of milliseconds.
 *
 * The input is not modified. The two triangles must agree to within 1e-10 × max(1, max |a_ij|)
 * and are averaged; a non-finite entry or a larger asymmetry is an error (a matrix with an
 * undefined correlation has no eigendecomposition — decide upstream which items to drop).
 */
export function symmetricEigen(matrix: Float64Array, n: number): SymmetricEigen {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`symmetricEigen: n must be a non-negative integer, got ${n}`);
  if (matrix.length !== n * n) {
    throw new RangeError(`symmetricEigen: matrix has ${matrix.length} entries, expected n² = ${n * n}`);
  }
  const v = symmetrisedCopy(matrix, n);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n > 0) {
    householderTridiagonalise(v, d, e, n);
    implicitQl(v, d, e, n);
    return sortedDescending(v, d, n);
  }
  return { values: d, vectors: v };
}

function symmetrisedCopy(matrix: Float64Array, n: number): Float64Array {
  let largest = 0;
  for (let index = 0; index < matrix.length; index++) {
    const value = matrix[index] as number;
    if (!Number.isFinite(value)) {
      throw new RangeError(`symmetricEigen: entry (${Math.floor(index / n)}, ${index % n}) is not finite (${value})`);
    }
    largest = Math.max(largest, Math.abs(value));
  }
  const tolerance = SYMMETRY_TOLERANCE * Math.max(1, largest);
  const copy = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    copy[i * n + i] = matrix[i * n + i] as number;
    for (let j = 0; j < i; j++) {
      const lower = matrix[i * n + j] as number;
      const upper = matrix[j * n + i] as number;
      if (Math.abs(lower - upper) > tolerance) {
        throw new RangeError(`symmetricEigen: matrix is not symmetric at (${i}, ${j}): ${lower} vs ${upper}`);
      }
      const mean = lower === upper ? lower : (lower + upper) / 2;
      copy[i * n + j] = mean;
      copy[j * n + i] = mean;
    }
  }
  return copy;
}

/**
 * tred2, on the transpose: `w` starts as A (its own transpose) and ends as Qᵀ, where Q is the
 * orthogonal transformation with Qᵀ A Q tridiagonal; `d` gets the diagonal and `e[1..n-1]` the
 * subdiagonal (e[0] = 0). EISPACK walks the columns of Q; on its transpose those walks are
 * contiguous rows, which is most of the speed at n in the hundreds. Q[r][c] is w[c * n + r].
 */
function householderTridiagonalise(w: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = w[j * n + n - 1] as number;

  for (let i = n - 1; i > 0; i--) {
    // Scale the row to avoid under- and overflow in the Householder vector.
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k] as number);
    if (scale === 0) {
      e[i] = d[i - 1] as number;
      for (let j = 0; j < i; j++) {
        d[j] = w[j * n + i - 1] as number;
        w[j * n + i] = 0;
        w[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        const scaled = (d[k] as number) / scale;
        d[k] = scaled;
        h += scaled * scaled;
      }
      let f = d[i - 1] as number;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;

      // Apply the similarity transformation to the remaining columns.
      for (let j = 0; j < i; j++) {
        f = d[j] as number;
        w[i * n + j] = f;
        const rowJ = j * n;
        g = (e[j] as number) + (w[rowJ + j] as number) * f;
        for (let k = j + 1; k <= i - 1; k++) {
          const qkj = w[rowJ + k] as number;
          g += qkj * (d[k] as number);
          e[k] = (e[k] as number) + qkj * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        const ej = (e[j] as number) / h;
        e[j] = ej;
        f += ej * (d[j] as number);
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = (e[j] as number) - hh * (d[j] as number);
      for (let j = 0; j < i; j++) {
        f = d[j] as number;
        g = e[j] as number;
        const rowJ = j * n;
        for (let k = j; k <= i - 1; k++) {
          w[rowJ + k] = (w[rowJ + k] as number) - (f * (e[k] as number) + g * (d[k] as number));
        }
        d[j] = w[rowJ + i - 1] as number;
        w[rowJ + i] = 0;
      }
    }
    d[i] = h;
  }

  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    w[i * n + n - 1] = w[i * n + i] as number;
    w[i * n + i] = 1;
    const h = d[i + 1] as number;
    const rowNext = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = (w[rowNext + k] as number) / h;
      for (let j = 0; j <= i; j++) {
        const rowJ = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += (w[rowNext + k] as number) * (w[rowJ + k] as number);
        for (let k = 0; k <= i; k++) w[rowJ + k] = (w[rowJ + k] as number) - g * (d[k] as number);
      }
    }
    for (let k = 0; k <= i; k++) w[rowNext + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = w[j * n + n - 1] as number;
    w[j * n + n - 1] = 0;
  }
  w[(n - 1) * n + (n - 1)] = 1;
  e[0] = 0;
}

/**
 * tql2 on the tridiagonal (d, e), accumulating the rotations into `vt` = Qᵀ from tred2, so that
 * row k of `vt` ends as the eigenvector of d[k]. Eigenvalues are left unsorted.
 */
function implicitQl(vt: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i] as number;
  e[n - 1] = 0;

  let f = 0;
  let tst1 = 0;
  const eps = Number.EPSILON;
  for (let l = 0; l < n; l++) {
    // Find a small subdiagonal element.
    tst1 = Math.max(tst1, Math.abs(d[l] as number) + Math.abs(e[l] as number));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m] as number) <= eps * tst1) break;
      m++;
    }

    // If m == l, d[l] is already an eigenvalue; otherwise iterate.
    if (m > l) {
      let iteration = 0;
      do {
        if (++iteration > MAX_QL_ITERATIONS) {
          throw new Error(`symmetricEigen: QL iteration did not converge for eigenvalue ${l}`);
        }
        // Compute the implicit shift.
        let g = d[l] as number;
        let p = ((d[l + 1] as number) - g) / (2 * (e[l] as number));
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = (e[l] as number) / (p + r);
        d[l + 1] = (e[l] as number) * (p + r);
        const dl1 = d[l + 1] as number;
        let h = g - (d[l] as number);
        for (let i = l + 2; i < n; i++) d[i] = (d[i] as number) - h;
        f += h;

        // Implicit QL transformation.
        p = d[m] as number;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1] as number;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          const ei = e[i] as number;
          g = c * ei;
          h = c * p;
          r = Math.hypot(p, ei);
          e[i + 1] = s * r;
          s = ei / r;
          c = p / r;
          p = c * (d[i] as number) - s * g;
          d[i + 1] = h + s * (c * g + s * (d[i] as number));

          // Rotate eigenvectors i and i + 1 (rows of the transpose: contiguous).
          const rowI = i * n;
          const rowNext = rowI + n;
          for (let k = 0; k < n; k++) {
            const next = vt[rowNext + k] as number;
            const current = vt[rowI + k] as number;
            vt[rowNext + k] = s * current + c * next;
            vt[rowI + k] = c * current - s * next;
          }
        }
        p = (-s * s2 * c3 * el1 * (e[l] as number)) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l] as number) > eps * tst1);
    }
    d[l] = (d[l] as number) + f;
    e[l] = 0;
  }
}

/** Orders eigenpairs by decreasing eigenvalue (stable for ties) and lays the vectors out as columns. */
function sortedDescending(vt: Float64Array, d: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, index) => index);
  order.sort((a, b) => (d[b] as number) - (d[a] as number) || a - b);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((source, k) => {
    values[k] = d[source] as number;
    const row = source * n;
    for (let i = 0; i < n; i++) vectors[i * n + k] = vt[row + i] as number;
  });
  return { values, vectors };
}
