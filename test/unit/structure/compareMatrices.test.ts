import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareMatrices } from '../../../src/core/structure/compareMatrices';
import { assertClose, correlationsReference } from './helpers';

const reference = correlationsReference<{
  comparison: {
    human: (number | null)[][];
    model: (number | null)[][];
    nPairs: number;
    r: number;
    rmse: number;
    meanAbsoluteDifference: number;
    frobenius: number;
    itemRowError: number[];
  };
}>();

/** A symmetric matrix with unit diagonal from its upper triangle (row by row). */
function symmetric(items: number, upper: number[]): { items: number; r: Float64Array } {
  const r = new Float64Array(items * items);
  let index = 0;
  for (let i = 0; i < items; i++) {
    r[i * items + i] = 1;
    for (let j = i + 1; j < items; j++) {
      r[i * items + j] = upper[index]!;
      r[j * items + i] = upper[index]!;
      index++;
    }
  }
  return { items, r };
}

describe('compareMatrices', () => {
  it('gives r 1, RMSE 0.1 and Frobenius sqrt(2 * 6 * 0.01) for a model shifted by 0.1 on every pair', () => {
    const human = symmetric(4, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    const model = symmetric(4, [0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    const result = compareMatrices(human, model);
    assert.equal(result.nPairs, 6);
    assertClose(result.r, 1, 1e-12, 'r');
    assertClose(result.rmse, 0.1, 1e-12, 'rmse');
    assertClose(result.meanAbsoluteDifference, 0.1, 1e-12, 'mad');
    assertClose(result.frobenius, Math.sqrt(0.12), 1e-12, 'frobenius');
    for (const error of result.itemRowError) assertClose(error, 0.1, 1e-12, 'row error');
  });

  it('skips pairs undefined in either matrix and gives NaN row errors for items with no usable pair', () => {
    // 3 items: pairs (0,1)=h .5 m .7, (0,2) NaN in model, (1,2) NaN in human
    const human = symmetric(3, [0.5, 0.1, NaN]);
    const model = symmetric(3, [0.7, NaN, 0.2]);
    const result = compareMatrices(human, model);
    assert.equal(result.nPairs, 1);
    assert.ok(Number.isNaN(result.r), 'r needs 3 pairs');
    assertClose(result.rmse, 0.2, 1e-12, 'rmse');
    assertClose(result.itemRowError[0]!, 0.2, 1e-12, 'item 0');
    assert.ok(Number.isNaN(result.itemRowError[2]!), 'item 2 has no usable pair');
  });

  it('gives NaN statistics and 0 pairs when nothing is comparable', () => {
    const result = compareMatrices(symmetric(2, [NaN]), symmetric(2, [0.3]));
    assert.equal(result.nPairs, 0);
    assert.ok(Number.isNaN(result.rmse) && Number.isNaN(result.frobenius) && Number.isNaN(result.r));
  });

  it('matches R on a 6 x 6 pair with one undefined model pair within 1e-12', () => {
    const { comparison } = reference;
    const toMatrix = (rows: (number | null)[][]) => ({ items: rows.length, r: Float64Array.from(rows.flat(), (v) => v ?? NaN) });
    const result = compareMatrices(toMatrix(comparison.human), toMatrix(comparison.model));
    assert.equal(result.nPairs, comparison.nPairs);
    assertClose(result.r, comparison.r, 1e-12, 'r');
    assertClose(result.rmse, comparison.rmse, 1e-12, 'rmse');
    assertClose(result.meanAbsoluteDifference, comparison.meanAbsoluteDifference, 1e-12, 'mad');
    assertClose(result.frobenius, comparison.frobenius, 1e-12, 'frobenius');
    comparison.itemRowError.forEach((expected, item) => assertClose(result.itemRowError[item]!, expected, 1e-12, `row ${item}`));
  });

  it('rejects matrices of different sizes, naming the function', () => {
    assert.throws(() => compareMatrices(symmetric(3, [0, 0, 0]), symmetric(2, [0])), /compareMatrices: human has 3 items/);
  });
});
