import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { symmetricEigen } from '../../../src/core/linalg';
import {
  SeededRandom,
  assertAllClose,
  assertClose,
  matrixOf,
  multiply,
  orthonormalityError,
  randomCorrelation,
  randomSymmetric,
  transpose,
} from './matrixTestUtils';

/** V diag(values) Vᵀ. */
function reconstruct(values: Float64Array, vectors: Float64Array, n: number): Float64Array {
  const scaled = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) scaled[i * n + k] = (vectors[i * n + k] as number) * (values[k] as number);
  return multiply(scaled, transpose(vectors, n, n), n, n, n);
}

function column(vectors: Float64Array, n: number, k: number): number[] {
  return Array.from({ length: n }, (_, i) => vectors[i * n + k] as number);
}

/** Compares eigenvector columns up to sign. */
function assertSameUpToSign(actual: number[], expected: number[], tolerance: number, label: string): void {
  const sign = actual.reduce((sum, value, index) => sum + value * (expected[index] as number), 0) < 0 ? -1 : 1;
  assertAllClose(actual.map((value) => sign * value), expected, tolerance, label);
}

function maxAbsDifference(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let index = 0; index < a.length; index++) worst = Math.max(worst, Math.abs((a[index] as number) - (b[index] as number)));
  return worst;
}

describe('symmetricEigen', () => {
  it('returns the diagonal of a diagonal matrix, largest first, with coordinate vectors', () => {
    const { values, vectors } = symmetricEigen(matrixOf([[2, 0, 0], [0, 5, 0], [0, 0, -1]]), 3);
    assert.deepEqual(Array.from(values), [5, 2, -1]);
    assert.deepEqual(column(vectors, 3, 0).map(Math.abs), [0, 1, 0]);
    assert.deepEqual(column(vectors, 3, 1).map(Math.abs), [1, 0, 0]);
    assert.deepEqual(column(vectors, 3, 2).map(Math.abs), [0, 0, 1]);
  });

  it('gives 3 and 1 with vectors (1, 1)/√2 and (1, −1)/√2 for [[2, 1], [1, 2]]', () => {
    const { values, vectors } = symmetricEigen(matrixOf([[2, 1], [1, 2]]), 2);
    assertAllClose(values, [3, 1], 1e-15);
    assertSameUpToSign(column(vectors, 2, 0), [Math.SQRT1_2, Math.SQRT1_2], 1e-15, 'first');
    assertSameUpToSign(column(vectors, 2, 1), [Math.SQRT1_2, -Math.SQRT1_2], 1e-15, 'second');
  });

  it('gives 2 + √2, 2, 2 − √2 for the second-difference matrix tridiag(−1, 2, −1)', () => {
    const { values, vectors } = symmetricEigen(matrixOf([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]), 3);
    assertAllClose(values, [2 + Math.SQRT2, 2, 2 - Math.SQRT2], 1e-14);
    // Eigenvectors sin(jkπ/4): (1, −√2, 1)/2, (1, 0, −1)/√2, (1, √2, 1)/2.
    assertSameUpToSign(column(vectors, 3, 0), [0.5, -Math.SQRT1_2, 0.5], 1e-14, 'first');
    assertSameUpToSign(column(vectors, 3, 1), [Math.SQRT1_2, 0, -Math.SQRT1_2], 1e-14, 'second');
    assertSameUpToSign(column(vectors, 3, 2), [0.5, Math.SQRT1_2, 0.5], 1e-14, 'third');
  });

  it('gives 1 + (n − 1)ρ and a repeated 1 − ρ for an equicorrelation matrix, with an orthonormal eigenspace', () => {
    const n = 5;
    const rho = 0.3;
    const matrix = new Float64Array(n * n).fill(rho);
    for (let i = 0; i < n; i++) matrix[i * n + i] = 1;
    const { values, vectors } = symmetricEigen(matrix, n);
    assertAllClose(values, [2.2, 0.7, 0.7, 0.7, 0.7], 1e-14);
    assertSameUpToSign(column(vectors, n, 0), new Array<number>(n).fill(1 / Math.sqrt(n)), 1e-14, 'first');
    assert.ok(orthonormalityError(vectors, n, n) < 1e-14);
    assert.ok(maxAbsDifference(reconstruct(values, vectors, n), matrix) < 1e-14);
  });

  it('reconstructs a random symmetric 50 × 50 matrix as V Λ Vᵀ within 1e-10, with orthonormal V', () => {
    const n = 50;
    const matrix = randomSymmetric(n, new SeededRandom(7, 'eigen-50'));
    const { values, vectors } = symmetricEigen(matrix, n);
    assert.ok(maxAbsDifference(reconstruct(values, vectors, n), matrix) < 1e-10);
    assert.ok(orthonormalityError(vectors, n, n) < 1e-12);
    for (let k = 1; k < n; k++) assert.ok((values[k] as number) <= (values[k - 1] as number), `order at ${k}`);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += matrix[i * n + i] as number;
    assertClose(values.reduce((sum, value) => sum + value, 0), trace, 1e-11, 'Σλ = trace');
  });

  it('satisfies A v = λ v for each pair of a 290-item correlation matrix, in well under a second of CPU', () => {
    const n = 290;
    const matrix = randomCorrelation(n, 400, 5, new SeededRandom(3, 'eigen-290'));
    const started = process.cpuUsage();
    const { values, vectors } = symmetricEigen(matrix, n);
    const cpuMilliseconds = process.cpuUsage(started).user / 1000;
    assert.ok(cpuMilliseconds < 1000, `${cpuMilliseconds} ms`);
    const product = multiply(matrix, vectors, n, n, n);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        worst = Math.max(worst, Math.abs((product[i * n + k] as number) - (values[k] as number) * (vectors[i * n + k] as number)));
      }
    }
    assert.ok(worst < 1e-12, `residual ${worst}`);
    assert.ok(orthonormalityError(vectors, n, n) < 1e-12);
    assertClose(values.reduce((sum, value) => sum + value, 0), n, 1e-10, 'trace of a correlation matrix');
  });

  it('finds one non-zero eigenvalue, |x|², for the rank-one matrix x xᵀ', () => {
    const x = [1, -2, 3, 0.5];
    const matrix = Float64Array.from(x.flatMap((a) => x.map((b) => a * b)));
    const { values, vectors } = symmetricEigen(matrix, 4);
    assertClose(values[0] as number, 14.25, 1e-13);
    for (let k = 1; k < 4; k++) assertClose(values[k] as number, 0, 1e-13, `λ${k}`);
    assertSameUpToSign(column(vectors, 4, 0), x.map((value) => value / Math.sqrt(14.25)), 1e-14, 'vector');
  });

  it('handles n = 0 and n = 1', () => {
    const empty = symmetricEigen(new Float64Array(0), 0);
    assert.equal(empty.values.length, 0);
    assert.equal(empty.vectors.length, 0);
    const single = symmetricEigen(Float64Array.of(-4), 1);
    assert.deepEqual(Array.from(single.values), [-4]);
    assert.deepEqual(Array.from(single.vectors), [1]);
  });

  it('leaves its input untouched and averages a last-bit asymmetry', () => {
    const matrix = matrixOf([[1, 0.5 + 1e-16], [0.5, 1]]);
    const copy = Float64Array.from(matrix);
    const { values } = symmetricEigen(matrix, 2);
    assert.deepEqual(matrix, copy);
    assertAllClose(values, [1.5, 0.5], 1e-15);
  });

  it('rejects non-finite entries, asymmetric matrices and wrong sizes, naming itself', () => {
    assert.throws(() => symmetricEigen(matrixOf([[1, Number.NaN], [Number.NaN, 1]]), 2), /symmetricEigen: entry \(0, 1\) is not finite/);
    assert.throws(() => symmetricEigen(matrixOf([[1, 0.5], [0.4, 1]]), 2), /symmetricEigen: matrix is not symmetric at \(1, 0\)/);
    assert.throws(() => symmetricEigen(new Float64Array(5), 2), /symmetricEigen: matrix has 5 entries, expected n² = 4/);
    assert.throws(() => symmetricEigen(new Float64Array(0), -1), /symmetricEigen: n must be a non-negative integer/);
  });
});
