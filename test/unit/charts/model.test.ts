import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartInference } from '../../../src/core/charts/inference';
import { itemsByDivergence, resolveSelection, selectionParams, upperTriangleToMatrix } from '../../../src/core/charts/model';
import { syntheticResults, syntheticWithInference } from './fixtures';

describe('chart model', () => {
  it('expands an upper triangle into a symmetric matrix with 1 on the diagonal', () => {
    assert.deepEqual(upperTriangleToMatrix([0.5, -0.2, 0.3], 3), [
      [1, 0.5, -0.2],
      [0.5, 1, 0.3],
      [-0.2, 0.3, 1],
    ]);
    assert.deepEqual(upperTriangleToMatrix([null], 2), [
      [1, null],
      [null, 1],
    ]);
  });

  it('rejects a triangle whose length does not fit the item count', () => {
    assert.throws(() => upperTriangleToMatrix([1, 2], 3), /upperTriangleToMatrix: 3 items need 3 upper-triangle values, got 2/);
  });

  it('ranks items by their worst condition in a group', () => {
    assert.deepEqual(itemsByDivergence(syntheticResults()), ['Q3', 'Q1', 'Q4', 'Q5', 'Q2']);
  });

  it('fills the selection with defaults and replaces unknown names', () => {
    const results = syntheticResults();
    assert.deepEqual(resolveSelection(results), { item: null, shownItem: 'Q3', condition: 'alpha', group: 'all', method: 'pearson' });
    assert.deepEqual(resolveSelection(results, { item: 'Q2', condition: 'beta', group: 'left', method: 'spearman' }), {
      item: 'Q2',
      shownItem: 'Q2',
      condition: 'beta',
      group: 'left',
      method: 'pearson',
    });
    assert.equal(resolveSelection(results, { item: 'Q999', condition: 'gamma', group: 'nobody' }).condition, 'alpha');
    assert.equal(resolveSelection(results, { item: 'Q999' }).item, null);
  });

  it('declares the selection params every view shares', () => {
    assert.deepEqual(selectionParams(syntheticResults(), 'Q2'), [
      { name: 'selectedItem', value: 'Q2' },
      { name: 'selectedItemLabel', value: 'Q2 Feeling of happiness' },
    ]);
  });

  it('reads no inference from a run without one, and the section when present', () => {
    assert.equal(chartInference(syntheticResults()), undefined);
    const inference = chartInference(syntheticWithInference());
    assert.ok(inference);
    assert.deepEqual(inference.conditions.map((c) => [c.condition, c.structureR.lower, c.structureR.upper]), [
      ['alpha', 0.12 - 0.05, 0.12 + 0.05],
      ['beta', 0.93 - 0.05, 0.93 + 0.05],
    ]);
    assert.deepEqual(inference.baselines?.independenceNull, { estimate: 0.01, lower: 0.01 - 0.04, upper: 0.01 + 0.04 });
    assert.equal(inference.reversal, 'alpha is closest on marginals but beta on structure, and both differences exclude 0.');
    assert.deepEqual(inference.pairs.map((pair) => pair.measure), ['marginalDistance', 'structureR', 'structureRmse', 'groupMeanR']);
  });

  it("also reads the brief's shape: pairs as a/b, the reversal as a string, the null as a number", () => {
    const results = syntheticWithInference() as unknown as { inference: Record<string, unknown> };
    results.inference = {
      conditions: (results.inference.conditions as unknown[]).slice(0, 1),
      pairs: [{ a: 'alpha', b: 'beta', structureR: { estimate: -0.8, lower: -0.9, upper: -0.7 } }],
      baselines: { independenceNull: { structureR: 0 }, splitHalfCeiling: { structureR: { estimate: 0.9, lower: 0.85, upper: 0.95 } } },
      reversal: 'The rankings disagree.',
    };
    const inference = chartInference(results as never);
    assert.ok(inference);
    assert.deepEqual(inference.pairs, [{ a: 'alpha', b: 'beta', measure: 'structureR', difference: { estimate: -0.8, lower: -0.9, upper: -0.7 } }]);
    assert.deepEqual(inference.baselines?.independenceNull, { estimate: 0, lower: null, upper: null });
    assert.equal(inference.reversal, 'The rankings disagree.');
  });
});
