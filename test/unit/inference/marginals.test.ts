/**
 * The bootstrap's marginal statistics on small hand-made populations: the full-sample tally is the
 * engine's categoryHistogram bit for bit, a resample's tally is the histogram of the rows repeated
 * by their multiplicity, and the cell statistics are the metric functions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cellDistance,
  cellScore,
  commonItemMean,
  compactRows,
  rescaledMean,
  tallyCompact,
  tallyRows,
  type ItemModel,
  type Tally,
} from '../../../src/core/inference/marginals';
import { MISSING_CATEGORY, categoryHistogram, distributionMean, marginalDistance, worstCaseDistance } from '../../../src/core/metrics';

const M = MISSING_CATEGORY;
const nRows = 8;
/** Two items, column-major: item 0 then item 1. */
const categories = Uint8Array.from([
  0, 1, 1, 2, M, 2, 2, 0, // item 0, three categories
  1, 0, M, M, 1, 1, 0, 1, // item 1, two categories
]);
const weights = Float64Array.from([0.5, 1.25, 2, 0.75, 3, 1, 0.1, 2.5]);
const allRows = Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);

function item(overrides: Partial<ItemModel> = {}): ItemModel {
  return { id: 'q', nCategories: 3, positions: Float64Array.from([1, 2, 3]), range: 2, firstCode: 1, ordinal: true, ...overrides };
}

function tally(mass: number[], nValid = mass.reduce((sum, m) => sum + m, 0)): Tally {
  const masses = Float64Array.from(mass);
  let weightValid = 0;
  for (const m of masses) weightValid += m;
  return { mass: masses, nValid, weightValid };
}

describe('tallyRows', () => {
  it('is categoryHistogram of the item’s column, bit for bit, on the full sample', () => {
    for (const [index, nCategories] of [[0, 3], [1, 2]] as const) {
      const column = categories.subarray(index * nRows, (index + 1) * nRows);
      for (const w of [weights, null]) {
        const rows = Uint32Array.from([7, 0, 3, 4, 5, 1]);
        const expected = categoryHistogram(column, nCategories, w ?? undefined, rows);
        const actual = tallyRows(categories, nRows, index, nCategories, rows, undefined, w);
        assert.deepEqual(actual, { mass: expected.mass, nValid: expected.count, weightValid: expected.weightSum });
      }
    }
  });

  it('leaves out missing answers', () => {
    const result = tallyRows(categories, nRows, 1, 2, allRows, undefined, null);
    assert.deepEqual(Array.from(result.mass), [2, 4]);
    assert.equal(result.nValid, 6);
    assert.equal(result.weightValid, 6);
  });

  it('counts each row as often as the resample drew it', () => {
    const multiplicity = Int32Array.from([2, 0, 1, 3, 1, 0, 0, 1]);
    const repeated = Uint32Array.from([0, 0, 2, 3, 3, 3, 4, 7]);
    const expected = categoryHistogram(categories.subarray(0, nRows), 3, weights, repeated);
    const actual = tallyRows(categories, nRows, 0, 3, allRows, multiplicity, weights);
    assert.equal(actual.nValid, expected.count);
    expected.mass.forEach((mass, k) => assert.ok(Math.abs(actual.mass[k]! - mass) < 1e-12, `category ${k}`));
    assert.ok(Math.abs(actual.weightValid - expected.weightSum) < 1e-12);
  });
});

describe('tallyCompact', () => {
  it('skips rows not drawn and missing answers, counting multiplicity × weight', () => {
    const multiplicity = Int32Array.from([1, 2, 0, 0, 4, 1, 0, 3]);
    const compact = compactRows(allRows, multiplicity, weights);
    assert.deepEqual(Array.from(compact.rows), [0, 1, 4, 5, 7]);
    assert.equal(compact.total, 11);
    const result = tallyCompact(categories, nRows, 0, 3, compact);
    // Row 4 (drawn 4 times) is missing; category 0: rows 0 (×1) and 7 (×3), 1: row 1 (×2), 2: row 5.
    assert.deepEqual(Array.from(result.mass), [0.5 + 3 * 2.5, 2 * 1.25, 1]);
    assert.equal(result.nValid, 7);
    assert.equal(result.weightValid, 0.5 + 7.5 + 2.5 + 1);
  });
});

describe('cell statistics', () => {
  it('cellDistance is marginalDistance once both sides have enough valid answers', () => {
    const human = tally([3, 1, 6]);
    const model = tally([0, 8, 2]);
    const ordinal = item();
    const nominal = item({ ordinal: false, positions: Float64Array.from([3, 1, 2]) });
    assert.equal(cellDistance(ordinal, human, model, 5), marginalDistance(human.mass, model.mass, ordinal.positions, true));
    assert.equal(cellDistance(nominal, human, model, 5), marginalDistance(human.mass, model.mass, nominal.positions, false));
    assert.ok(Number.isNaN(cellDistance(ordinal, human, model, 11)));
  });

  it('cellDistance is NaN when the human weights sum to zero or an ordinal item has one category', () => {
    assert.ok(Number.isNaN(cellDistance(item(), tally([0, 0, 0], 6), tally([1, 2, 3]), 1)));
    const single = item({ nCategories: 1, positions: Float64Array.from([4]), range: 0 });
    assert.ok(Number.isNaN(cellDistance(single, tally([5]), tally([3]), 1)));
  });

  it('rescaledMean puts distributionMean on [0, 1] over the item’s codes', () => {
    const cell = tally([1, 1, 2]);
    assert.equal(rescaledMean(cell, item()), (distributionMean(cell.mass, item().positions) - 1) / 2);
    assert.equal(rescaledMean(tally([0, 0, 4]), item()), 1);
    assert.ok(Number.isNaN(rescaledMean(tally([0, 0, 0]), item())));
    assert.ok(Number.isNaN(rescaledMean(tally([4]), item({ nCategories: 1, positions: Float64Array.from([4]), range: 0 }))));
  });

  it('commonItemMean gives every common item the same weight and ignores items outside the set', () => {
    const distances = Float64Array.from([0.2, 0.9, 0.6, 0.4]);
    assert.equal(commonItemMean(distances, Int32Array.from([0, 2, 3])), (0.2 + 0.6 + 0.4) / 3);
  });

  it('cellScore counts a cell the full sample could not score at the worst distance 1', () => {
    const human = tally([2, 1, 1]);
    const model = tally([0, 0, 3]);
    assert.equal(cellScore(item(), human, model, true, 0, false), 1);
    assert.equal(cellScore(item(), human, model, false, 0, false), marginalDistance(human.mass, model.mass, item().positions, true));
  });

  it('cellScore under worstCase puts the invalid answers on the farthest option', () => {
    const human = tally([3, 1, 0]);
    const model = tally([3, 1, 0]);
    assert.equal(cellScore(item(), human, model, false, 2, true), worstCaseDistance(human.mass, model.mass, 2, item().positions, true));
    assert.ok(cellScore(item(), human, model, false, 2, true) > cellScore(item(), human, model, false, 0, false));
  });
});
