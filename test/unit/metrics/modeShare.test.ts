import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modeShare } from '../../../src/core/metrics';
import { f64 } from './assertClose';

describe('modeShare', () => {
  it('gives the most common category and its share of the total mass', () => {
    assert.deepEqual(modeShare(f64(1, 6, 2, 1)), { index: 1, share: 0.6 });
  });

  it('breaks ties toward the first category in scale order', () => {
    assert.deepEqual(modeShare(f64(1, 3, 3, 1)), { index: 1, share: 0.375 });
  });

  it('gives share 1 when all mass is on one category', () => {
    assert.deepEqual(modeShare(f64(0, 0, 0.4)), { index: 2, share: 1 });
    assert.deepEqual(modeShare(f64(7)), { index: 0, share: 1 });
  });

  it('gives 1/K for a uniform distribution', () => {
    assert.deepEqual(modeShare(f64(2, 2, 2, 2)), { index: 0, share: 0.25 });
  });

  it('gives index -1 and NaN share for an empty cell', () => {
    const result = modeShare(f64(0, 0, 0));
    assert.equal(result.index, -1);
    assert.ok(Number.isNaN(result.share));
  });

  it('rejects negative mass naming itself', () => {
    assert.throws(() => modeShare(f64(1, -2)), { name: 'RangeError', message: 'modeShare: mass[1] is negative (-2)' });
  });
});
