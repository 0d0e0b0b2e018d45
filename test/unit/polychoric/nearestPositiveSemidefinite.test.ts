import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { symmetricEigen } from '../../../src/core/linalg';
import { nearestPositiveSemidefinite } from '../../../src/core/polychoric';
import { assertClose, loadFixture } from './helpers';

const flat = (rows: number[][]): Float64Array => Float64Array.from(rows.flat());

describe('nearestPositiveSemidefinite (psych::cor.smooth)', () => {
  const { corSmooth } = loadFixture();

  it('matches psych::cor.smooth on a 5 x 5 matrix with a negative eigenvalue to 1e-10', () => {
    const result = nearestPositiveSemidefinite(flat(corSmooth.input), corSmooth.n);
    assert.equal(result.smoothed, true);
    assertClose(result.minEigenvalue, corSmooth.eigenvalues.at(-1)!, 1e-12, 'smallest input eigenvalue');
    flat(corSmooth.output).forEach((expected, index) => assertClose(result.matrix[index]!, expected, 1e-10, `entry ${index}`));
  });

  it('leaves no negative eigenvalue and a unit diagonal', () => {
    const n = corSmooth.n;
    const { matrix } = nearestPositiveSemidefinite(flat(corSmooth.input), n);
    for (let i = 0; i < n; i++) assert.equal(matrix[i * n + i], 1);
    const { values } = symmetricEigen(matrix, n);
    assert.ok(values[n - 1]! > 0, `smallest eigenvalue ${values[n - 1]}`);
    corSmooth.outputEigenvalues.forEach((expected, k) => assertClose(values[k]!, expected, 1e-10, `eigenvalue ${k}`));
  });

  it('returns a positive definite matrix unchanged, as psych does', () => {
    const input = flat(corSmooth.positiveDefiniteInput);
    const result = nearestPositiveSemidefinite(input, 3);
    assert.equal(result.smoothed, false);
    assert.deepEqual(Array.from(result.matrix), Array.from(flat(corSmooth.positiveDefiniteOutput)));
    assert.notEqual(result.matrix, input, 'a copy, not the input');
  });

  it('refuses undefined correlations and a wrong size, naming the function', () => {
    const withNaN = Float64Array.of(1, Number.NaN, Number.NaN, 1);
    assert.throws(() => nearestPositiveSemidefinite(withNaN, 2), /nearestPositiveSemidefinite: entry \(0, 1\) is NaN/);
    assert.throws(() => nearestPositiveSemidefinite(new Float64Array(5), 2), /nearestPositiveSemidefinite: matrix has 5 entries/);
  });
});
