import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeItems, principalComponents } from '../../../src/core/latent';
import { SeededRandom, assertAllClose, assertClose, matrixOf, randomCorrelation } from '../linalg/matrixTestUtils';

function equicorrelation(n: number, rho: number): Float64Array {
  const matrix = new Float64Array(n * n).fill(rho);
  for (let i = 0; i < n; i++) matrix[i * n + i] = 1;
  return matrix;
}

/** The submatrix of the listed items. */
function submatrix(matrix: Float64Array, n: number, items: readonly number[]): Float64Array {
  return Float64Array.from(items.flatMap((i) => items.map((j) => matrix[i * n + j] as number)));
}

describe('principalComponents', () => {
  it('gives every item the loading √(λ₁/n) = √0.44 on the first component of a ρ = 0.3 equicorrelation', () => {
    const result = principalComponents(equicorrelation(5, 0.3), 5, { components: 1 });
    // λ₁ = 1 + 4 · 0.3 = 2.2, eigenvector 1/√5: loading √2.2 / √5.
    assertAllClose(result.loadings, new Array<number>(5).fill(Math.sqrt(0.44)), 1e-14);
    assertAllClose(result.explainedVariance, [0.44], 1e-15);
    assertAllClose(result.eigenvalues, [2.2, 0.7, 0.7, 0.7, 0.7], 1e-14);
    assert.equal(result.totalVariance, 5);
    assert.deepEqual(result.includedItems, [0, 1, 2, 3, 4]);
    assert.deepEqual(result.excludedItems, []);
  });

  it('gives 1/n of the variance to each component of an identity matrix', () => {
    const result = principalComponents(equicorrelation(4, 0), 4, { components: 4 });
    assertAllClose(result.explainedVariance, [0.25, 0.25, 0.25, 0.25], 1e-15);
  });

  it('flips each component so its loadings sum to ≥ 0, and loadings reproduce the matrix with all components', () => {
    const n = 9;
    const matrix = randomCorrelation(n, 200, 2, new SeededRandom(21, 'pca-sign'));
    const result = principalComponents(matrix, n, { components: n });
    for (let c = 0; c < n; c++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += result.loadings[i * n + c] as number;
      assert.ok(sum >= 0, `component ${c} sums to ${sum}`);
    }
    // L Lᵀ = V Λ Vᵀ = R when every component is kept.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let c = 0; c < n; c++) sum += (result.loadings[i * n + c] as number) * (result.loadings[j * n + c] as number);
        assertClose(sum, matrix[i * n + j] as number, 1e-13, `(${i}, ${j})`);
      }
    }
    assertClose(result.explainedVariance.reduce((a, b) => a + b, 0), 1, 1e-14, 'shares sum to 1');
  });

  it('drops a constant item (NaN row), reports it, gives it NaN loadings and analyses the rest unchanged', () => {
    const n = 6;
    const base = randomCorrelation(n, 150, 2, new SeededRandom(22, 'pca-nan'));
    const withConstant = Float64Array.from(base);
    for (let j = 0; j < n; j++) {
      withConstant[2 * n + j] = Number.NaN;
      withConstant[j * n + 2] = Number.NaN;
    }
    const result = principalComponents(withConstant, n, { components: 2 });
    assert.deepEqual(result.includedItems, [0, 1, 3, 4, 5]);
    assert.deepEqual(result.excludedItems, [2]);
    assert.ok(Number.isNaN(result.loadings[2 * 2]) && Number.isNaN(result.loadings[2 * 2 + 1]));
    const reference = principalComponents(submatrix(base, n, result.includedItems), 5, { components: 2 });
    const kept = result.includedItems.flatMap((item) => [result.loadings[item * 2] as number, result.loadings[item * 2 + 1] as number]);
    assertAllClose(kept, reference.loadings, 0);
    assertClose(result.totalVariance, 5, 0);
  });

  it('drops only the later item of an isolated undefined pair', () => {
    const matrix = equicorrelation(4, 0.2);
    matrix[1 * 4 + 3] = Number.NaN;
    matrix[3 * 4 + 1] = Number.NaN;
    const result = principalComponents(matrix, 4, { components: 1 });
    assert.deepEqual(result.includedItems, [0, 1, 2]);
    assert.deepEqual(result.excludedItems, [3]);
  });

  it('analyses only the requested items and lists the others as excluded', () => {
    const result = principalComponents(equicorrelation(5, 0.5), 5, { components: 1, items: [4, 0, 2] });
    assert.deepEqual(result.includedItems, [0, 2, 4]);
    assert.deepEqual([...result.excludedItems].sort(), [1, 3]);
    assertClose(result.explainedVariance[0] as number, 2 / 3, 1e-15);
    assert.ok(Number.isNaN(result.loadings[1]));
  });

  it('counts negative eigenvalues of an indefinite pseudo-correlation matrix and gives them zero loadings', () => {
    // Pairwise deletion can produce this: no data set has these three correlations.
    const matrix = matrixOf([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]);
    const result = principalComponents(matrix, 3, { components: 3 });
    assert.equal(result.negativeEigenvalues, 1);
    assertClose(result.eigenvalues[2] as number, -0.8, 1e-14);
    assertAllClose([0, 1, 2].map((i) => result.loadings[i * 3 + 2] as number), [0, 0, 0], 0);
    assertClose(result.explainedVariance[2] as number, -0.8 / 3, 1e-14);
  });

  it('rejects more components than usable items, and a non-positive count', () => {
    const matrix = equicorrelation(3, 0.1);
    matrix[0] = Number.NaN;
    assert.throws(() => principalComponents(matrix, 3, { components: 3 }), /principalComponents: 3 components requested but only 2 items/);
    assert.throws(() => principalComponents(matrix, 3, { components: 0 }), /principalComponents: components must be a positive integer/);
  });
});

describe('completeItems', () => {
  it('drops the items that make either of two matrices incomplete, so both analyses use one item set', () => {
    const human = equicorrelation(5, 0.3);
    const model = equicorrelation(5, 0.3);
    human[0 * 5 + 4] = Number.NaN; // only one triangle: the pair is still undefined
    for (let j = 0; j < 5; j++) {
      model[1 * 5 + j] = Number.NaN;
      model[j * 5 + 1] = Number.NaN;
    }
    const result = completeItems([human, model], 5);
    assert.deepEqual(result.excluded, [1, 4]);
    assert.deepEqual(result.included, [0, 2, 3]);
  });

  it('keeps every item of complete matrices and honours a candidate list', () => {
    assert.deepEqual(completeItems([equicorrelation(3, 0.1)], 3), { included: [0, 1, 2], excluded: [] });
    assert.deepEqual(completeItems([equicorrelation(3, 0.1)], 3, [2, 0]), { included: [0, 2], excluded: [] });
    assert.throws(() => completeItems([equicorrelation(3, 0.1)], 3, [3]), /completeItems: item 3 is outside 0..2/);
  });
});

describe('principalComponents sign convention', () => {
  it('makes the first largest loading positive when a component sums to zero (antisymmetric Toeplitz component)', () => {
    const n = 6;
    const matrix = Float64Array.from({ length: n * n }, (_, index) => 0.5 ** Math.abs(Math.floor(index / n) - (index % n)));
    const result = principalComponents(matrix, n, { components: 2 });
    const second = Array.from({ length: n }, (_, i) => result.loadings[i * 2 + 1] as number);
    assertClose(second.reduce((a, b) => a + b, 0), 0, 1e-14, 'antisymmetric');
    const largest = Math.max(...second.map(Math.abs));
    const first = second.findIndex((value) => Math.abs(value) >= largest * (1 - 1e-8));
    assert.ok((second[first] as number) > 0, `loadings ${second.join(', ')}`);
  });
});
