import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareMatrices } from '../../../src/core/structure/compareMatrices';
import { imputeUndefinedModel } from '../../../src/core/structure/imputeUndefined';
import { linConcordance } from '../../../src/core/structure/linConcordance';
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

  it('counts a pair undefined for the model as correlation 0, skips pairs undefined for the humans, and counts the imputed pairs', () => {
    // 3 items: pairs (0,1) = h .5 m .7, (0,2) = h .1 m undefined (-> 0), (1,2) undefined for the humans (skipped)
    const human = symmetric(3, [0.5, 0.1, NaN]);
    const model = symmetric(3, [0.7, NaN, 0.2]);
    const result = compareMatrices(human, model);
    assert.equal(result.nPairs, 2);
    assert.equal(result.nPairsImputed, 1);
    assert.ok(Number.isNaN(result.r), 'r needs 3 pairs');
    assertClose(result.rmse, Math.sqrt((0.2 ** 2 + 0.1 ** 2) / 2), 1e-12, 'rmse');
    assertClose(result.meanAbsoluteDifference, 0.15, 1e-12, 'mad');
    assertClose(result.itemRowError[1]!, 0.2, 1e-12, 'item 1: pair (0,1) only');
    assertClose(result.itemRowError[2]!, 0.1, 1e-12, 'item 2: the imputed pair (0,2) only');
    assertClose(result.concordance, linConcordance([0.5, 0.1], [0.7, 0]), 1e-15, 'concordance over the same two pairs');
  });

  it('gives NaN row errors for an item with no pair defined for the humans', () => {
    const result = compareMatrices(symmetric(3, [0.5, NaN, NaN]), symmetric(3, [0.7, 0.1, 0.2]));
    assert.equal(result.nPairs, 1);
    assert.equal(result.nPairsImputed, 0);
    assert.ok(Number.isNaN(result.itemRowError[2]!), 'item 2 has no usable pair');
  });

  it('scores a collapsed item (undefined against everything in the model) worse than leaving its pairs out would', () => {
    const human = symmetric(4, [0.5, 0.4, 0.3, 0.45, 0.35, 0.25]);
    // Item 3 answered with one constant value: its three pairs are undefined for the model.
    const collapsed = symmetric(4, [0.5, 0.4, NaN, 0.45, NaN, NaN]);
    const result = compareMatrices(human, collapsed);
    assert.equal(result.nPairs, 6);
    assert.equal(result.nPairsImputed, 3);
    // Pairwise-complete, the three pairs left agree exactly: RMSE 0. Counted as 0, they cost 0.3, 0.35, 0.25.
    assertClose(result.rmse, Math.sqrt((0.3 ** 2 + 0.35 ** 2 + 0.25 ** 2) / 6), 1e-12, 'rmse');
    // Pairwise-complete, r and concordance would be 1; counted as 0, r 0.914 and concordance 17/39.
    assertClose(result.r, 0.9141899169014372, 1e-12, 'r');
    assertClose(result.concordance, 17 / 39, 1e-12, 'concordance');
    assertClose(result.itemRowError[3]!, Math.sqrt((0.3 ** 2 + 0.35 ** 2 + 0.25 ** 2) / 3), 1e-12, 'the collapsed item carries the error');
  });

  it("gives Lin's concordance equal to linConcordance of the human and model upper triangles", () => {
    const upperHuman = [0.12, -0.3, 0.45, 0.05, 0.6, -0.2, 0.33, 0.1, -0.05, 0.27];
    const upperModel = [0.2, -0.1, 0.5, 0.15, 0.4, -0.3, 0.3, 0.2, 0.05, 0.2];
    const result = compareMatrices(symmetric(5, upperHuman), symmetric(5, upperModel));
    assert.equal(result.concordance, linConcordance(upperHuman, upperModel));
  });

  it('keeps r near 1 but lowers concordance for uniformly inflated correlations (model = 1.5 x human, clipped at ±1)', () => {
    const upperHuman = [0.12, -0.3, 0.45, 0.05, 0.6, -0.2, 0.33, 0.1, -0.05, 0.27, 0.7, -0.15, 0.08, 0.4, 0.22];
    const inflated = upperHuman.map((value) => Math.max(-1, Math.min(1, 1.5 * value)));
    const same = compareMatrices(symmetric(6, upperHuman), symmetric(6, upperHuman));
    const result = compareMatrices(symmetric(6, upperHuman), symmetric(6, inflated));
    assert.equal(same.concordance, 1);
    assert.ok(result.r > 0.999, `r ${result.r}`);
    // Lin: rho_c = 2 * 1.5 s^2 / (s^2 + 2.25 s^2 + (0.5 mean)^2) <= 3 / 3.25 = 0.923 without clipping.
    assert.ok(result.concordance < 0.93, `concordance ${result.concordance}`);
    assertClose(result.concordance, linConcordance(upperHuman, inflated), 1e-15, 'concordance');
  });

  it('gives NaN statistics and 0 pairs when nothing is comparable', () => {
    const result = compareMatrices(symmetric(2, [NaN]), symmetric(2, [0.3]));
    assert.equal(result.nPairs, 0);
    assert.ok(Number.isNaN(result.rmse) && Number.isNaN(result.frobenius) && Number.isNaN(result.r));
  });

  it('matches R (pairwise-complete) on a 6 x 6 pair within 1e-12 once the undefined model pair is undefined for the humans too', () => {
    const { comparison } = reference;
    const toMatrix = (rows: (number | null)[][]) => ({ items: rows.length, r: Float64Array.from(rows.flat(), (v) => v ?? NaN) });
    const model = toMatrix(comparison.model);
    // R's reference skips the pair the model leaves undefined; so does compareMatrices when the humans lack it too.
    const human = toMatrix(comparison.human);
    human.r.forEach((_, index) => {
      if (Number.isNaN(model.r[index]!)) human.r[index] = NaN;
    });
    const result = compareMatrices(human, model);
    assert.equal(result.nPairsImputed, 0);
    assert.equal(result.nPairs, comparison.nPairs);
    assertClose(result.r, comparison.r, 1e-12, 'r');
    assertClose(result.rmse, comparison.rmse, 1e-12, 'rmse');
    assertClose(result.meanAbsoluteDifference, comparison.meanAbsoluteDifference, 1e-12, 'mad');
    assertClose(result.frobenius, comparison.frobenius, 1e-12, 'frobenius');
    comparison.itemRowError.forEach((expected, item) => assertClose(result.itemRowError[item]!, expected, 1e-12, `row ${item}`));
  });

  it('imputes 0 off the diagonal and 1 on it where only the model is undefined, and leaves the matrix alone otherwise', () => {
    const human = symmetric(3, [0.5, 0.1, NaN]);
    const model = symmetric(3, [NaN, NaN, NaN]);
    model.r[2 * 3 + 2] = NaN;
    const imputed = imputeUndefinedModel(human, model);
    assert.deepEqual(Array.from(imputed.r), [1, 0, 0, 0, 1, NaN, 0, NaN, NaN].map((value, index) => (index === 8 ? 1 : value)));
    assert.equal(imputed.nPairsImputed, 2);
    const complete = symmetric(3, [0.2, 0.3, 0.4]);
    assert.equal(imputeUndefinedModel(human, complete).r, complete.r, 'nothing to impute: the same array');
  });

  it('rejects matrices of different sizes, naming the function', () => {
    assert.throws(() => compareMatrices(symmetric(3, [0, 0, 0]), symmetric(2, [0])), /compareMatrices: human has 3 items/);
  });
});
