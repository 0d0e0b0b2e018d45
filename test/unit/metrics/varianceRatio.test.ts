import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { varianceRatio } from '../../../src/core/metrics';
import { assertClose, f64 } from './assertClose';

describe('varianceRatio', () => {
  it('gives 1.5 for model variance 1 over human variance 2/3', () => {
    assertClose(varianceRatio(f64(1, 0, 1), f64(1, 1, 1)), 1.5, 1e-15);
  });

  it('gives 0 when the model gives one answer and the humans do not (full collapse)', () => {
    assert.equal(varianceRatio(f64(0, 9, 0), f64(1, 0, 1)), 0);
  });

  it('gives 1 for identical distributions', () => {
    assertClose(varianceRatio(f64(2, 3, 5), f64(20, 30, 50), f64(1, 2, 4)), 1, 1e-15);
  });

  it('does not depend on a shift or uniform stretch of the positions', () => {
    const model = f64(1, 4, 1, 0);
    const human = f64(2, 1, 1, 2);
    assertClose(varianceRatio(model, human, f64(10, 13, 16, 19)), varianceRatio(model, human), 1e-14);
  });

  it('gives NaN when the human variance is 0', () => {
    assert.ok(Number.isNaN(varianceRatio(f64(1, 1, 1), f64(0, 4, 0))));
    assert.ok(Number.isNaN(varianceRatio(f64(0, 1, 0), f64(0, 4, 0))));
  });

  it('gives NaN for a single category (no human variance)', () => {
    assert.ok(Number.isNaN(varianceRatio(f64(3), f64(5))));
  });

  it('gives NaN when either cell is empty', () => {
    assert.ok(Number.isNaN(varianceRatio(f64(0, 0), f64(1, 1))));
    assert.ok(Number.isNaN(varianceRatio(f64(1, 1), f64(0, 0))));
  });

  it('rejects distributions of different lengths', () => {
    assert.throws(() => varianceRatio(f64(1, 2, 3, 4), f64(1, 2, 3, 4, 5)), {
      name: 'RangeError',
      message: 'varianceRatio: model and human must have the same length (4 vs 5)',
    });
  });

  it('rejects negative mass naming the side', () => {
    assert.throws(() => varianceRatio(f64(1, 2), f64(-1, 2)), { message: 'varianceRatio: human[0] is negative (-1)' });
  });
});
