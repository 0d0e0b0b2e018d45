import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pairedDifference, percentileInterval, sortedQuantile } from '../../../src/core/inference/percentile';

function close(actual: number | null, expected: number, label: string): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${label}: ${actual} vs ${expected}`);
}

describe('percentile intervals', () => {
  it('interpolates like R quantile(type = 7): 1.225 and 9.775 for 1..10 at 2.5% and 97.5%', () => {
    const values = Float64Array.from({ length: 10 }, (_, index) => index + 1);
    close(sortedQuantile(values, 0.025), 1.225, 'lower');
    close(sortedQuantile(values, 0.975), 9.775, 'upper');
    close(sortedQuantile(values, 0), 1, 'min');
    close(sortedQuantile(values, 1), 10, 'max');
  });

  it('takes the 2.5th and 97.5th percentiles for 95%, not the 0.25th and 97.5th (R: -0.85 and 6.62)', () => {
    const interval = percentileInterval(2, Float64Array.of(3.2, -1, 0.5, 7, 2.25), 0.95);
    close(interval.lower, -0.85, 'lower');
    close(interval.upper, 6.62, 'upper');
    assert.equal(interval.estimate, 2);
    assert.equal(interval.replicates, 5);
  });

  it('leaves undefined replicates out and counts only the others', () => {
    const interval = percentileInterval(1, Float64Array.of(Number.NaN, 1, 2, Number.NaN, 3), 0.5);
    assert.equal(interval.replicates, 3);
    close(interval.lower, 1.5, 'lower');
    close(interval.upper, 2.5, 'upper');
  });

  it('gives nulls, not NaN, when nothing is defined', () => {
    assert.deepEqual(percentileInterval(Number.NaN, Float64Array.of(Number.NaN), 0.95), {
      estimate: null,
      lower: null,
      upper: null,
      replicates: 0,
    });
  });

  it('says a difference is significant only when its interval excludes 0', () => {
    assert.equal(pairedDifference(-1, Float64Array.of(-1.3, -1.1, -1, -0.8), 0.95).excludesZero, true);
    assert.equal(pairedDifference(1, Float64Array.of(0.8, 0.9, 1, 1.1, 1.2), 0.95).excludesZero, true);
    assert.equal(pairedDifference(0.5, Float64Array.of(-0.1, 1, 2), 0.95).excludesZero, false);
    assert.equal(pairedDifference(0, new Float64Array(0), 0.95).excludesZero, null);
  });

  it('rejects a confidence outside (0, 1)', () => {
    assert.throws(() => percentileInterval(0, Float64Array.of(1), 95), /percentileInterval: confidence/);
  });
});
