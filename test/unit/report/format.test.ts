import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatNumber, withInterval } from '../../../src/core/report/format';

describe('formatNumber and withInterval', () => {
  it('prints three decimals by default and a dash for what could not be computed', () => {
    assert.deepEqual([formatNumber(0.12345), formatNumber(-0.5, 2), formatNumber(null), formatNumber(undefined), formatNumber(Number.NaN)], ['0.123', '-0.50', '—', '—', '—']);
  });

  it('adds the interval only when both ends are known', () => {
    assert.equal(withInterval(0.148, { lower: 0.1412, upper: 0.1534 }), '0.148 [0.141, 0.153]');
    assert.equal(withInterval(0.148, { lower: null, upper: 0.1534 }), '0.148');
    assert.equal(withInterval(0.148, undefined), '0.148');
    assert.equal(withInterval(null, { lower: -0.2, upper: 0.1 }), '— [-0.200, 0.100]');
  });
});
