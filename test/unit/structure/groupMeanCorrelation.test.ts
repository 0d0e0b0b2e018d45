import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupMeanCorrelation } from '../../../src/core/structure/groupMeanCorrelation';
import { assertClose, correlationsReference } from './helpers';

const reference = correlationsReference<{
  groupMeans: { nGroups: number; nItems: number; means: (number | null)[]; r: (number | null)[][]; n: number[][] };
}>();

describe('groupMeanCorrelation', () => {
  it('gives 1 for means on a line and -1 for reversed ones, across 3 groups', () => {
    // groups x items: item 1 = 2 * item 0, item 2 = 1 - item 0
    const means = Float64Array.of(0.1, 0.2, 0.9, 0.3, 0.6, 0.7, 0.4, 0.8, 0.6);
    const { r, n } = groupMeanCorrelation(means, 3, 3);
    assertClose(r[0 * 3 + 1]!, 1, 1e-15, 'r01');
    assertClose(r[0 * 3 + 2]!, -1, 1e-15, 'r02');
    assert.equal(n[0 * 3 + 1], 3);
  });

  it('leaves a pair undefined with fewer than 3 complete groups or without variance', () => {
    const means = Float64Array.of(0.1, 0.5, NaN, 0.3, 0.5, 0.2, 0.7, 0.5, 0.4);
    const { r, n } = groupMeanCorrelation(means, 3, 3);
    assert.ok(Number.isNaN(r[0 * 3 + 2]!), 'two complete groups');
    assert.equal(n[0 * 3 + 2], 2);
    assert.ok(Number.isNaN(r[0 * 3 + 1]!), 'item 1 constant');
    assert.ok(Number.isNaN(r[1 * 3 + 1]!), 'diagonal of constant item');
    assert.ok(Number.isNaN(r[2 * 3 + 2]!), 'diagonal with 2 groups');
    assert.equal(r[0], 1);
  });

  it('matches R cor(pairwise.complete.obs) across 8 groups within 1e-12', () => {
    const { nGroups, nItems, means } = reference.groupMeans;
    const result = groupMeanCorrelation(Float64Array.from(means, (value) => value ?? NaN), nGroups, nItems);
    for (let i = 0; i < nItems; i++) {
      for (let j = 0; j < nItems; j++) {
        assertClose(result.r[i * nItems + j]!, reference.groupMeans.r[i]![j]!, 1e-12, `[${i},${j}]`);
        assert.equal(result.n[i * nItems + j], reference.groupMeans.n[i]![j]);
      }
    }
  });

  it('rejects a means array of the wrong size, naming the function', () => {
    assert.throws(() => groupMeanCorrelation(new Float64Array(5), 2, 3), /groupMeanCorrelation: 5 means, expected 2 groups x 3 items/);
  });
});
