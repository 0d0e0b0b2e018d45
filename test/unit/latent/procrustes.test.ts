import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { procrustes } from '../../../src/core/latent';
import {
  SeededRandom,
  assertAllClose,
  matrixOf,
  multiply,
  orthonormalityError,
  randomMatrix,
  randomOrthogonal,
} from '../linalg/matrixTestUtils';

function frobeniusDistance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += ((a[index] as number) - (b[index] as number)) ** 2;
  return Math.sqrt(sum);
}

describe('procrustes', () => {
  it('recovers a known rotation R₀ from M and T = M R₀', () => {
    const random = new SeededRandom(31, 'procrustes-known');
    const rows = 40;
    const k = 4;
    const loadings = randomMatrix(rows, k, random);
    const known = randomOrthogonal(k, random);
    const target = multiply(loadings, known, rows, k, k);
    const result = procrustes(loadings, target, rows, k);
    assertAllClose(result.rotation, known, 1e-13, 'rotation');
    assertAllClose(result.rotated, target, 1e-13, 'rotated');
    assert.equal(result.rowsUsed, rows);
  });

  it('undoes a swap of two components with a sign flip (a reflection)', () => {
    const loadings = matrixOf([[0.8, 0.1], [0.7, 0.2], [0.1, 0.9], [0.2, 0.6]]);
    const target = matrixOf([[-0.1, 0.8], [-0.2, 0.7], [-0.9, 0.1], [-0.6, 0.2]]);
    const result = procrustes(loadings, target, 4, 2);
    assertAllClose(result.rotation, [0, 1, -1, 0], 1e-15);
    assertAllClose(result.rotated, target, 1e-15);
  });

  it('returns an orthogonal rotation that fits at least as well as the identity and any random rotation', () => {
    const random = new SeededRandom(32, 'procrustes-noisy');
    const rows = 30;
    const k = 3;
    const loadings = randomMatrix(rows, k, random);
    const target = randomMatrix(rows, k, random);
    const result = procrustes(loadings, target, rows, k);
    assert.ok(orthonormalityError(result.rotation, k, k) < 1e-14);
    const best = frobeniusDistance(result.rotated, target);
    assert.ok(best <= frobeniusDistance(loadings, target));
    for (let trial = 0; trial < 20; trial++) {
      const other = multiply(loadings, randomOrthogonal(k, random), rows, k, k);
      assert.ok(best <= frobeniusDistance(other, target) + 1e-12, `trial ${trial}`);
    }
  });

  it('fits on rows finite in both matrices and leaves the other rows NaN', () => {
    const random = new SeededRandom(33, 'procrustes-nan');
    const rows = 12;
    const k = 2;
    const loadings = randomMatrix(rows, k, random);
    const known = randomOrthogonal(k, random);
    const target = multiply(loadings, known, rows, k, k);
    loadings[3 * k] = Number.NaN;
    target[7 * k + 1] = Number.NaN;
    const result = procrustes(loadings, target, rows, k);
    assert.equal(result.rowsUsed, 10);
    assertAllClose(result.rotation, known, 1e-13);
    assert.ok(Number.isNaN(result.rotated[3 * k]));
    assert.ok(!Number.isNaN(result.rotated[7 * k]), 'a row missing only in the target is still rotated');
  });

  it('returns a valid rotation even when Mᵀ T is singular', () => {
    const loadings = matrixOf([[1, 0], [1, 0], [1, 0]]);
    const target = matrixOf([[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]);
    const result = procrustes(loadings, target, 3, 2);
    assert.ok(orthonormalityError(result.rotation, 2, 2) < 1e-15);
    // Column 1 of M is (1, 1, 1), best rotated onto the direction (1, 1)/√2.
    assertAllClose([result.rotation[0] as number, result.rotation[1] as number], [Math.SQRT1_2, Math.SQRT1_2], 1e-15);
  });

  it('rejects mismatched sizes and matrices with no common finite row', () => {
    assert.throws(() => procrustes(new Float64Array(6), new Float64Array(4), 3, 2), /procrustes: loadings \(6\) and target \(4\)/);
    assert.throws(
      () => procrustes(Float64Array.of(Number.NaN, 1), Float64Array.of(1, 1), 1, 2),
      /procrustes: no row is finite in both/,
    );
  });
});
