import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distributionMean, distributionMoments, distributionVariance } from '../../../src/core/metrics';
import { assertClose, f64 } from './assertClose';

describe('distributionMoments', () => {
  it('gives mean 2.75 and population variance 1.6875 for masses (1, 1, 2) on positions (1, 2, 4)', () => {
    // p = (.25, .25, .5); μ = .25 + .5 + 2; σ² = .25·1.75² + .25·.75² + .5·1.25²
    const moments = distributionMoments(f64(1, 1, 2), f64(1, 2, 4));
    assertClose(moments.mean, 2.75, 1e-15);
    assertClose(moments.variance, 1.6875, 1e-15);
  });

  it('uses positions 0..K-1 by default', () => {
    const moments = distributionMoments(f64(1, 0, 1));
    assert.equal(moments.mean, 1);
    assert.equal(moments.variance, 1);
  });

  it('gives the population variance, not the n−1 sample variance', () => {
    // Two answers, 0 and 1: population variance .25 (sample variance would be .5).
    assert.equal(distributionVariance(f64(1, 1)), 0.25);
  });

  it('gives variance 0 when all mass is on one category', () => {
    const moments = distributionMoments(f64(0, 0, 7, 0), f64(1, 2, 3, 4));
    assert.equal(moments.mean, 3);
    assert.equal(moments.variance, 0);
  });

  it('gives mean equal to the position and variance 0 with a single category', () => {
    assert.deepEqual(distributionMoments(f64(5), f64(9)), { mean: 9, variance: 0 });
  });

  it('does not depend on the total mass', () => {
    const a = distributionMoments(f64(0.1, 0.6, 0.3), f64(1, 2, 5));
    const b = distributionMoments(f64(10, 60, 30), f64(1, 2, 5));
    assertClose(a.mean, b.mean, 1e-15);
    assertClose(a.variance, b.variance, 1e-15);
  });

  it('gives NaN mean and variance for an empty cell', () => {
    const moments = distributionMoments(f64(0, 0, 0));
    assert.ok(Number.isNaN(moments.mean));
    assert.ok(Number.isNaN(moments.variance));
  });

  it('rejects negative mass and bad positions, naming the function', () => {
    assert.throws(() => distributionMean(f64(1, -1)), { message: 'distributionMean: mass[1] is negative (-1)' });
    assert.throws(() => distributionVariance(f64(1, 1), f64(1, 2, 3)), {
      message: 'distributionVariance: positions must have one entry per category (3 vs 2)',
    });
  });
});
