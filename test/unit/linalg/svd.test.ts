import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { svd, symmetricEigen } from '../../../src/core/linalg';
import {
  SeededRandom,
  assertAllClose,
  matrixOf,
  multiply,
  orthonormalityError,
  randomMatrix,
  transpose,
} from './matrixTestUtils';

/** U diag(σ) Vᵀ for rows × r U and columns × r V. */
function reconstruct(u: Float64Array, singularValues: Float64Array, v: Float64Array, rows: number, columns: number): Float64Array {
  const r = singularValues.length;
  const scaled = new Float64Array(rows * r);
  for (let i = 0; i < rows; i++) for (let k = 0; k < r; k++) scaled[i * r + k] = (u[i * r + k] as number) * (singularValues[k] as number);
  return multiply(scaled, transpose(v, columns, r), rows, r, columns);
}

describe('svd', () => {
  for (const [rows, columns] of [[3, 3], [10, 4], [4, 10], [60, 3], [6, 1], [1, 6]] as const) {
    it(`reconstructs a random ${rows} × ${columns} matrix with orthonormal U and V and descending σ`, () => {
      const matrix = randomMatrix(rows, columns, new SeededRandom(11, `svd-${rows}x${columns}`));
      const { u, singularValues, v } = svd(matrix, rows, columns);
      const r = Math.min(rows, columns);
      assert.equal(singularValues.length, r);
      assert.equal(u.length, rows * r);
      assert.equal(v.length, columns * r);
      assertAllClose(reconstruct(u, singularValues, v, rows, columns), matrix, 1e-13, 'U Σ Vᵀ');
      assert.ok(orthonormalityError(u, rows, r) < 1e-14, 'UᵀU = I');
      assert.ok(orthonormalityError(v, columns, r) < 1e-14, 'VᵀV = I');
      for (let k = 0; k < r; k++) {
        assert.ok((singularValues[k] as number) >= 0);
        if (k > 0) assert.ok((singularValues[k] as number) <= (singularValues[k - 1] as number));
      }
    });
  }

  it('gives σ² equal to the eigenvalues of AᵀA', () => {
    const matrix = randomMatrix(8, 5, new SeededRandom(12, 'svd-eigen'));
    const gram = multiply(transpose(matrix, 8, 5), matrix, 5, 8, 5);
    const { values } = symmetricEigen(gram, 5);
    const { singularValues } = svd(matrix, 8, 5);
    assertAllClose(singularValues.map((s) => s * s), values, 1e-12);
  });

  it('gives 3 and 2 for diag(3, −2), the sign going into U or V', () => {
    const { u, singularValues, v } = svd(matrixOf([[3, 0], [0, -2]]), 2, 2);
    assertAllClose(singularValues, [3, 2], 0);
    assertAllClose(reconstruct(u, singularValues, v, 2, 2), [3, 0, 0, -2], 1e-15);
  });

  it('completes U to an orthonormal basis when the matrix is rank-deficient or zero', () => {
    const rankOne = matrixOf([[1, 2, 3], [2, 4, 6], [-1, -2, -3]]);
    const deficient = svd(rankOne, 3, 3);
    assertAllClose(deficient.singularValues.subarray(1), [0, 0], 1e-14);
    assert.ok(orthonormalityError(deficient.u, 3, 3) < 1e-14);
    assert.ok(orthonormalityError(deficient.v, 3, 3) < 1e-14);
    assertAllClose(reconstruct(deficient.u, deficient.singularValues, deficient.v, 3, 3), rankOne, 1e-14);

    const zero = svd(new Float64Array(6), 3, 2);
    assertAllClose(zero.singularValues, [0, 0], 0);
    assert.ok(orthonormalityError(zero.u, 3, 2) < 1e-15);
  });

  it('rejects non-finite entries and wrong sizes, naming itself', () => {
    assert.throws(() => svd(matrixOf([[1, Number.POSITIVE_INFINITY]]), 1, 2), /svd: entry \(0, 1\) is not finite/);
    assert.throws(() => svd(new Float64Array(5), 2, 3), /svd: matrix has 5 entries, expected 2 × 3 = 6/);
  });
});
