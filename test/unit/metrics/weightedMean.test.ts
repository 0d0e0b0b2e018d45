import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { weightedMean } from '../../../src/core/metrics';
import { f64 } from './assertClose';

describe('weightedMean', () => {
  it('weights each value', () => {
    // (0.2·10 + 0.5·30) / 40
    assert.equal(weightedMean(f64(0.2, 0.5), f64(10, 30)), (0.2 * 10 + 0.5 * 30) / 40);
  });

  it('skips undefined values together with their weights', () => {
    assert.equal(weightedMean(f64(0.2, Number.NaN, 0.5), f64(10, 1000, 30)), weightedMean(f64(0.2, 0.5), f64(10, 30)));
    assert.equal(weightedMean(f64(Number.POSITIVE_INFINITY, 0.25), f64(1, 2)), 0.25);
  });

  it('does not look at the weight of a skipped value', () => {
    assert.equal(weightedMean(f64(Number.NaN, 0.25), f64(-1, 2)), 0.25);
  });

  it('gives NaN when no weight remains', () => {
    assert.ok(Number.isNaN(weightedMean(f64(Number.NaN, Number.NaN), f64(1, 1))));
    assert.ok(Number.isNaN(weightedMean(f64(0.3, 0.4), f64(0, 0))));
    assert.ok(Number.isNaN(weightedMean(new Float64Array(0), new Float64Array(0))));
  });

  it('rejects a negative or non-finite weight and unequal lengths, naming itself', () => {
    assert.throws(() => weightedMean(f64(0.1, 0.2), f64(1, -3)), { message: 'weightedMean: weights[1] must be finite and >= 0 (got -3)' });
    assert.throws(() => weightedMean(f64(0.1), f64(Number.NaN)), { message: 'weightedMean: weights[0] must be finite and >= 0 (got NaN)' });
    assert.throws(() => weightedMean(f64(0.1), f64(Number.POSITIVE_INFINITY)), {
      message: 'weightedMean: weights[0] must be finite and >= 0 (got Infinity)',
    });
    assert.throws(() => weightedMean(f64(0.1, 0.2), f64(1)), {
      name: 'RangeError',
      message: 'weightedMean: values and weights must have the same length (2 vs 1)',
    });
  });
});
