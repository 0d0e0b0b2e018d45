import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { itemsByDivergence, resolveSelection, selectionParams, upperTriangleToMatrix } from '../../../src/core/charts/model';
import { syntheticResults } from './fixtures';

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
});
