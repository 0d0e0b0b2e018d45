import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MISSING_CATEGORY, categoryHistogram, normalizedWasserstein1, totalVariation } from '../../../src/core/metrics';
import { f64 } from './assertClose';

describe('categoryHistogram', () => {
  it('counts each category once per row when unweighted', () => {
    const result = categoryHistogram(Uint8Array.from([0, 2, 2, 1, 2]), 4);
    assert.deepEqual(Array.from(result.mass), [1, 1, 3, 0]);
    assert.equal(result.count, 5);
    assert.equal(result.missingCount, 0);
    assert.equal(result.weightSum, 5);
  });

  it('sums weights per category', () => {
    const result = categoryHistogram(Uint8Array.from([0, 1, 1, 0]), 2, f64(0.5, 2, 1.25, 1.5));
    assert.deepEqual(Array.from(result.mass), [2, 3.25]);
    assert.equal(result.count, 4);
    assert.equal(result.weightSum, 5.25);
  });

  it('skips category 255 as missing without looking at its weight', () => {
    const result = categoryHistogram(Uint8Array.from([1, MISSING_CATEGORY, 0]), 2, f64(2, Number.NaN, 3));
    assert.deepEqual(Array.from(result.mass), [3, 2]);
    assert.equal(result.count, 2);
    assert.equal(result.missingCount, 1);
    assert.equal(result.weightSum, 5);
  });

  it('skips negative indices as missing in signed arrays', () => {
    const result = categoryHistogram(Int16Array.from([-1, 0, 1, -1, 1]), 2);
    assert.deepEqual(Array.from(result.mass), [1, 2]);
    assert.equal(result.count, 3);
    assert.equal(result.missingCount, 2);
  });

  it('counts weight-0 rows in count but not in mass', () => {
    const result = categoryHistogram(Uint8Array.from([0, 1, 1]), 2, f64(1, 0, 2));
    assert.deepEqual(Array.from(result.mass), [1, 2]);
    assert.equal(result.count, 3);
    assert.equal(result.weightSum, 3);
  });

  it('gives zero mass with a full count when all weights are 0', () => {
    const result = categoryHistogram(Uint8Array.from([0, 1, 2]), 3, f64(0, 0, 0));
    assert.deepEqual(Array.from(result.mass), [0, 0, 0]);
    assert.equal(result.count, 3);
    assert.equal(result.weightSum, 0);
  });

  it('makes a cell whose weights sum to zero score NaN, not 0', () => {
    const empty = categoryHistogram(Uint8Array.from([0, 2]), 3, f64(0, 0)).mass;
    const other = categoryHistogram(Uint8Array.from([0, 1, 2]), 3).mass;
    assert.ok(Number.isNaN(normalizedWasserstein1(empty, other)));
    assert.ok(Number.isNaN(totalVariation(other, empty)));
  });

  it('uses only the listed rows, counting a repeated row once per occurrence', () => {
    const categories = Uint8Array.from([0, 1, 2, 2]);
    const result = categoryHistogram(categories, 3, f64(1, 2, 3, 4), Uint32Array.from([1, 3, 3]));
    assert.deepEqual(Array.from(result.mass), [0, 2, 8]);
    assert.equal(result.count, 3);
    assert.equal(result.weightSum, 10);
  });

  it('uses only the masked rows when given a Uint8Array mask', () => {
    const result = categoryHistogram(Uint8Array.from([0, 1, 2, 2]), 3, undefined, Uint8Array.from([1, 0, 0, 1]));
    assert.deepEqual(Array.from(result.mass), [1, 0, 1]);
    assert.equal(result.count, 2);
  });

  it('gives an empty histogram for an empty selection', () => {
    const result = categoryHistogram(Uint8Array.from([0, 1]), 2, undefined, new Uint32Array(0));
    assert.deepEqual(Array.from(result.mass), [0, 0]);
    assert.equal(result.count, 0);
    assert.equal(result.weightSum, 0);
  });

  it('handles a single category', () => {
    const result = categoryHistogram(Uint8Array.from([0, 0, MISSING_CATEGORY]), 1);
    assert.deepEqual(Array.from(result.mass), [2]);
    assert.equal(result.count, 2);
  });

  it('rejects a NaN weight naming the row', () => {
    assert.throws(() => categoryHistogram(Uint8Array.from([0, 1, 1]), 2, f64(1, 1, Number.NaN)), {
      name: 'RangeError',
      message: 'categoryHistogram: weight at row 2 is NaN',
    });
  });

  it('rejects a negative weight naming the row', () => {
    assert.throws(() => categoryHistogram(Uint8Array.from([0, 1]), 2, f64(-0.5, 1)), {
      message: 'categoryHistogram: weight at row 0 is negative (-0.5)',
    });
  });

  it('rejects an infinite weight naming the row', () => {
    assert.throws(() => categoryHistogram(Uint8Array.from([0, 1]), 2, f64(1, Number.POSITIVE_INFINITY)), {
      message: 'categoryHistogram: weight at row 1 is not finite (Infinity)',
    });
  });

  it('rejects a category outside the scale naming the row', () => {
    assert.throws(() => categoryHistogram(Uint8Array.from([0, 4]), 4), {
      message: 'categoryHistogram: category 4 at row 1 is outside 0..3 (use 255 for missing)',
    });
  });

  it('rejects weights of another length', () => {
    assert.throws(() => categoryHistogram(Uint8Array.from([0, 1, 1]), 2, f64(1, 1)), {
      message: 'categoryHistogram: weights and categories must have the same length (2 vs 3)',
    });
  });

  it('rejects a mask of another length', () => {
    assert.throws(() => categoryHistogram(Uint8Array.from([0, 1, 1]), 2, undefined, Uint8Array.from([1, 1])), {
      message: 'categoryHistogram: the row mask and categories must have the same length (2 vs 3)',
    });
  });

  it('rejects a row index past the end', () => {
    assert.throws(() => categoryHistogram(Uint8Array.from([0, 1]), 2, undefined, Uint32Array.from([0, 2])), {
      message: 'categoryHistogram: rows[1] = 2 is outside 0..1',
    });
  });

  it('rejects nCategories outside 1..255', () => {
    assert.throws(() => categoryHistogram(Uint8Array.from([0]), 0), {
      message: 'categoryHistogram: nCategories must be an integer from 1 to 255 (got 0)',
    });
    assert.throws(() => categoryHistogram(Uint8Array.from([0]), 256), {
      message: 'categoryHistogram: nCategories must be an integer from 1 to 255 (got 256)',
    });
  });
});
