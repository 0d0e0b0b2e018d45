import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { congruenceBand, congruenceCoefficient, procrustes, tuckerCongruence } from '../../../src/core/latent';
import { SeededRandom, assertAllClose, assertClose, f64, matrixOf, randomMatrix } from '../linalg/matrixTestUtils';

describe('congruenceCoefficient', () => {
  it('gives 10/14 for (1, 2, 3) against (3, 2, 1)', () => {
    // Σxy = 3 + 4 + 3 = 10, Σx² = Σy² = 14.
    assertClose(congruenceCoefficient(f64(1, 2, 3), f64(3, 2, 1)), 10 / 14, 1e-15);
  });

  it('gives 1 for a vector and a positive multiple, −1 for a negative one, 0 for orthogonal vectors', () => {
    assert.equal(congruenceCoefficient(f64(0.3, -0.2, 0.7), f64(0.6, -0.4, 1.4)), 1);
    assert.equal(congruenceCoefficient(f64(0.3, -0.2, 0.7), f64(-0.3, 0.2, -0.7)), -1);
    assert.equal(congruenceCoefficient(f64(1, 1, 0), f64(1, -1, 5)), 0);
  });

  it('is not shift invariant, unlike Pearson r', () => {
    // Pearson r of (1, 2, 3) and (11, 12, 13) is 1; φ is 74 / √(14 · 434).
    assertClose(congruenceCoefficient(f64(1, 2, 3), f64(11, 12, 13)), 74 / Math.sqrt(14 * 434), 1e-15);
  });

  it('skips non-finite pairs and gives NaN for a zero vector', () => {
    assertClose(congruenceCoefficient(f64(1, Number.NaN, 3), f64(3, 2, 1)), 6 / Math.sqrt(10 * 10), 1e-15);
    assert.ok(Number.isNaN(congruenceCoefficient(f64(0, 0), f64(1, 2))));
    assert.throws(() => congruenceCoefficient(f64(1), f64(1, 2)), /congruenceCoefficient: vectors differ in length/);
  });
});

describe('tuckerCongruence', () => {
  const loadings = matrixOf([[0.8, 0.1], [0.7, -0.2], [0.2, 0.9], [0.1, 0.6]]);

  it('gives 1 for every component and overall when the loadings are identical', () => {
    const result = tuckerCongruence(loadings, Float64Array.from(loadings), 4, 2);
    assertAllClose(result.perComponent, [1, 1], 1e-15);
    assertClose(result.overall, 1, 1e-15);
    assert.equal(result.rowsUsed, 4);
  });

  it('gives −1 for a sign-flipped component before alignment, and 1 after Procrustes', () => {
    const flipped = Float64Array.from(loadings);
    for (let i = 0; i < 4; i++) flipped[i * 2 + 1] = -(flipped[i * 2 + 1] as number);
    const before = tuckerCongruence(flipped, loadings, 4, 2);
    assertAllClose(before.perComponent, [1, -1], 1e-15);
    // Overall: (Σ col1² − Σ col2²) / (Σ col1² + Σ col2²) = (1.18 − 1.22) / 2.4.
    assertClose(before.overall, -0.04 / 2.4, 1e-15);
    const aligned = procrustes(flipped, loadings, 4, 2);
    const after = tuckerCongruence(aligned.rotated, loadings, 4, 2);
    assertAllClose(after.perComponent, [1, 1], 1e-15);
    assertClose(after.overall, 1, 1e-15);
  });

  it('fills the cross-component matrix φ(loadings column a, target column b)', () => {
    const random = new SeededRandom(41, 'tucker-cross');
    const x = randomMatrix(10, 3, random);
    const y = randomMatrix(10, 3, random);
    const result = tuckerCongruence(x, y, 10, 3);
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        const column = (m: Float64Array, c: number) => Float64Array.from({ length: 10 }, (_, i) => m[i * 3 + c] as number);
        assertClose(result.crossComponent[a * 3 + b] as number, congruenceCoefficient(column(x, a), column(y, b)), 1e-15);
      }
      assert.equal(result.perComponent[a], result.crossComponent[a * 3 + a]);
    }
  });

  it('leaves rows with a missing entry in either matrix out of every coefficient', () => {
    const target = matrixOf([[0.8, 0.1], [0.7, -0.2], [Number.NaN, 0.9], [0.1, 0.6]]);
    const result = tuckerCongruence(loadings, target, 4, 2);
    assert.equal(result.rowsUsed, 3);
    assertAllClose(result.perComponent, [1, 1], 1e-15);
  });

  it('gives NaN for a component with all-zero loadings', () => {
    const zeroColumn = matrixOf([[0.5, 0], [0.4, 0]]);
    const result = tuckerCongruence(zeroColumn, matrixOf([[0.5, 0.1], [0.4, 0.2]]), 2, 2);
    assert.ok(Number.isNaN(result.perComponent[1]));
    assert.ok(!Number.isNaN(result.overall));
  });
});

describe('congruenceBand', () => {
  it('reads φ by the Lorenzo-Seva & ten Berge (2006) bands', () => {
    assert.equal(congruenceBand(0.99), 'equal');
    assert.equal(congruenceBand(0.95), 'equal');
    assert.equal(congruenceBand(0.9499), 'fair');
    assert.equal(congruenceBand(0.85), 'fair');
    assert.equal(congruenceBand(0.8499), 'dissimilar');
    assert.equal(congruenceBand(-0.99), 'dissimilar');
    assert.equal(congruenceBand(Number.NaN), undefined);
  });
});
