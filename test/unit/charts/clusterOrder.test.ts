import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { averageLinkage, clusterOrder } from '../../../src/core/charts/clusterOrder';

interface ReferenceCase {
  name: string;
  size: number;
  matrix: number[];
  heights: number[];
  order: number[];
}

const reference = JSON.parse(
  readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'reference', 'clusterOrder.json'), 'utf8'),
) as { cases: ReferenceCase[] };

function square(flat: readonly number[], size: number): number[][] {
  return Array.from({ length: size }, (_, i) => flat.slice(i * size, (i + 1) * size));
}

/** A correlation matrix with blocks: r = within inside a block, between across blocks. */
function blockMatrix(blockOf: readonly number[], within: number, between: number): number[][] {
  return blockOf.map((a, i) => blockOf.map((b, j) => (i === j ? 1 : a === b ? within : between)));
}

describe('clusterOrder (average linkage on 1 - r)', () => {
  for (const testCase of reference.cases) {
    it(`gives R's hclust leaf order and merge heights for ${testCase.name}`, () => {
      const correlations = square(testCase.matrix, testCase.size);
      const distances = correlations.map((row) => row.map((r) => 1 - r));
      const tree = averageLinkage(distances);
      assert.deepEqual(tree.order, testCase.order);
      assert.equal(tree.heights.length, testCase.size - 1);
      tree.heights.forEach((height, index) => assert.ok(Math.abs(height - testCase.heights[index]!) < 1e-12, `height ${index}: ${height} vs ${testCase.heights[index]}`));
      assert.deepEqual(clusterOrder(correlations), testCase.order);
    });
  }

  it('puts the items of each block next to each other when blocks are interleaved', () => {
    const blockOf = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0];
    const order = clusterOrder(blockMatrix(blockOf, 0.7, 0.05));
    const blocksInOrder = order.map((index) => blockOf[index]!);
    const runs = blocksInOrder.filter((block, position) => position === 0 || block !== blocksInOrder[position - 1]);
    assert.equal(runs.length, 3, `blocks should form 3 contiguous runs, got ${blocksInOrder.join('')}`);
    assert.deepEqual([...order].sort((a, b) => a - b), blockOf.map((_, index) => index));
  });

  it('is deterministic under ties: equal distances merge the lowest-index pair first', () => {
    const flat = blockMatrix([0, 0, 0, 0], 0.5, 0.5);
    assert.deepEqual(averageLinkage(flat.map((row) => row.map((r) => 1 - r))).merges, [
      [-1, -2],
      [-3, 1],
      [-4, 2],
    ]);
    assert.deepEqual(clusterOrder(flat), [3, 2, 0, 1]);
    assert.deepEqual(clusterOrder(flat), clusterOrder(flat));
  });

  it('puts an item without any defined correlation last and treats a single undefined one as r = 0', () => {
    const matrix: (number | null)[][] = blockMatrix([0, 1, 0, 1, 0], 0.8, 0.1);
    for (let j = 0; j < 5; j++) {
      if (j === 1) continue;
      matrix[1]![j] = null;
      matrix[j]![1] = null;
    }
    matrix[1]![1] = 1;
    const order = clusterOrder(matrix);
    assert.equal(order[4], 1, `item 1 has no correlations: ${order.join(',')}`);
    assert.deepEqual(order.slice(0, 4), clusterOrder(blockMatrix([0, 0, 1, 0], 0.8, 0.1)).map((index) => [0, 2, 3, 4][index]));

    const oneMissing: (number | null)[][] = blockMatrix([0, 0, 1, 1], 0.8, 0.1);
    oneMissing[0]![1] = null;
    oneMissing[1]![0] = null;
    const withZero = blockMatrix([0, 0, 1, 1], 0.8, 0.1);
    withZero[0]![1] = 0;
    withZero[1]![0] = 0;
    assert.deepEqual(clusterOrder(oneMissing), clusterOrder(withZero));
  });

  it('handles no items and one item', () => {
    assert.deepEqual(clusterOrder([]), []);
    assert.deepEqual(clusterOrder([[1]]), [0]);
  });

  it('rejects a matrix that is not square', () => {
    assert.throws(() => averageLinkage([[0, 1], [1]]), /averageLinkage: the distance matrix must be square/);
  });
});
