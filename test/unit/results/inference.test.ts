import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conditionInference, itemDistanceInterval, PAIRED_MEASURES } from '../../../src/core/results/inference';
import { syntheticResults, syntheticWithInference } from '../charts/fixtures';

describe('inference lookups', () => {
  it('find a condition’s intervals and an item’s distance interval', () => {
    const results = syntheticWithInference();
    assert.deepEqual(conditionInference(results, 'beta')?.structureR, { estimate: 0.93, lower: 0.93 - 0.05, upper: 0.93 + 0.05, replicates: 200 });
    assert.deepEqual(itemDistanceInterval(results, 'alpha', 'Q2'), { estimate: 0.05, lower: 0.05 - 0.005, upper: 0.05 + 0.005, replicates: 200 });
  });

  it('find nothing without an inference section, or for a condition or item it does not have', () => {
    assert.equal(conditionInference(syntheticResults(), 'alpha'), undefined);
    assert.equal(itemDistanceInterval(syntheticResults(), 'alpha', 'Q2'), undefined);
    assert.equal(conditionInference(syntheticWithInference(), 'gamma'), undefined);
    assert.equal(itemDistanceInterval(syntheticWithInference(), 'alpha', 'Q999'), undefined);
  });

  it('list the paired measures in the order the bootstrap writes each pair', () => {
    const [pair] = syntheticWithInference().inference!.pairs;
    assert.deepEqual(Object.keys(pair!).filter((key) => !key.startsWith('condition')), [...PAIRED_MEASURES]);
  });
});
