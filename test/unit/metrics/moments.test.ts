import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distributionMean, distributionMoments } from '../../../src/core/metrics';
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
    assert.equal(distributionMoments(f64(1, 1)).variance, 0.25);
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

  it('accepts positions in any order, as a nominal item lists its codes', () => {
    // Codes 3, 1, 2 with masses 1, 1, 2: μ = (3 + 1 + 4) / 4 = 2, σ² = (1 + 1 + 0) / 4.
    assert.deepEqual(distributionMoments(f64(1, 1, 2), f64(3, 1, 2)), { mean: 2, variance: 0.5 });
    assert.equal(distributionMean(f64(1, 1, 2), f64(3, 1, 2)), 2);
  });

  it('rejects negative mass and bad positions, naming the function', () => {
    assert.throws(() => distributionMean(f64(1, -1)), { message: 'distributionMean: mass[1] is negative (-1)' });
    assert.throws(() => distributionMoments(f64(1, 1), f64(1, 2, 3)), {
      message: 'distributionMoments: positions must have one entry per category (3 vs 2)',
    });
    assert.throws(() => distributionMean(f64(1, 1), f64(1, Number.POSITIVE_INFINITY)), {
      message: 'distributionMean: positions[1] is not finite (Infinity)',
    });
  });
});

describe('distributionMean', () => {
  it('equals the mean of distributionMoments bit for bit', () => {
    const mass = f64(0.3, 1.7, 2.9, 0.01, 5.5);
    const positions = f64(-2, 0.25, 1, 7, 11);
    assert.equal(distributionMean(mass, positions), distributionMoments(mass, positions).mean);
    assert.equal(distributionMean(mass), distributionMoments(mass).mean);
  });

  it('gives NaN for an empty cell', () => {
    assert.ok(Number.isNaN(distributionMean(f64(0, 0), f64(1, 2))));
  });

  it('rejects a non-finite position even where the mass is 0, and in an empty cell', () => {
    assert.throws(() => distributionMean(f64(1, 0), f64(1, Number.NaN)), { message: 'distributionMean: positions[1] is not finite (NaN)' });
    assert.throws(() => distributionMean(f64(0, 0), f64(Number.NEGATIVE_INFINITY, 1)), {
      message: 'distributionMean: positions[0] is not finite (-Infinity)',
    });
    assert.throws(() => distributionMean(f64(1, 1), f64(1, 2, 3)), {
      message: 'distributionMean: positions must have one entry per category (3 vs 2)',
    });
  });
});
