import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildCategoryMatrix,
  buildCategoryMatrixFromCodes,
  categoryMatrixFromColumns,
  MISSING_CATEGORY,
} from '../../../src/core/structure/categoryMatrix';
import { BLANK, REFUSAL } from '../../../src/core/data/types';

describe('buildCategoryMatrix', () => {
  it('writes one category byte per respondent and item, row-major, with 255 for codes outside the scale', () => {
    const columns = [Int16Array.of(1, 4, -1, 2), Int16Array.of(10, BLANK, 1, 11)];
    const matrix = buildCategoryMatrixFromCodes(columns, [
      [1, 2, 3, 4],
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    ]);
    assert.equal(matrix.nRows, 4);
    assert.equal(matrix.nItems, 2);
    assert.deepEqual([...matrix.categories], [0, 9, 3, MISSING_CATEGORY, MISSING_CATEGORY, 0, 1, MISSING_CATEGORY]);
    assert.deepEqual([...matrix.nCategories], [4, 10]);
    assert.deepEqual([...matrix.scores[0]!], [1, 2, 3, 4]);
  });

  it('keeps only the given rows, in the given order', () => {
    const matrix = buildCategoryMatrixFromCodes([Int16Array.of(1, 2, 3), Int16Array.of(3, 2, 1)], [
      [1, 2, 3],
      [1, 2, 3],
    ], { rows: Uint32Array.of(2, 0) });
    assert.equal(matrix.nRows, 2);
    assert.deepEqual([...matrix.categories], [2, 0, 0, 2]);
  });

  it('puts the categories on a SharedArrayBuffer unless asked not to', () => {
    const shared = buildCategoryMatrixFromCodes([Int16Array.of(1)], [[1]]);
    const local = buildCategoryMatrixFromCodes([Int16Array.of(1)], [[1]], { shared: false });
    assert.ok(shared.categories.buffer instanceof SharedArrayBuffer);
    assert.ok(!(local.categories.buffer instanceof SharedArrayBuffer));
  });

  it('asks categoryOf once per distinct code of each item, not per cell', () => {
    const calls: string[] = [];
    const matrix = buildCategoryMatrix({
      columns: [Int16Array.of(5, 5, 7, 5, REFUSAL, 7), Int16Array.of(2, 2, 2, 2, 2, 2)],
      nCategories: [2, 1],
      scores: [[5, 7], [2]],
      categoryOf: (item, code) => {
        calls.push(`${item}:${code}`);
        if (item === 0) return code === 5 ? 0 : code === 7 ? 1 : MISSING_CATEGORY;
        return 0;
      },
    });
    assert.deepEqual(calls.sort(), ['0:-32767', '0:5', '0:7', '1:2']);
    assert.deepEqual([...matrix.categories.subarray(0, 12)], [0, 0, 0, 0, 1, 0, 0, 0, MISSING_CATEGORY, 0, 1, 0]);
  });

  it('rejects a categoryOf result that is neither a category nor 255, naming the function', () => {
    assert.throws(
      () =>
        buildCategoryMatrix({
          columns: [Int16Array.of(1, 2)],
          nCategories: [2],
          scores: [[1, 2]],
          categoryOf: (_item, code) => code,
        }),
      /buildCategoryMatrix: categoryOf\(0, 2\) returned 2; expected 0\.\.1 or 255/,
    );
  });

  it('rejects more than 254 categories and columns of different lengths', () => {
    const codes = Array.from({ length: 255 }, (_, index) => index);
    assert.throws(() => buildCategoryMatrixFromCodes([Int16Array.of(1)], [codes]), /buildCategoryMatrix: item 0 has 255 categories/);
    assert.throws(
      () => buildCategoryMatrixFromCodes([Int16Array.of(1), Int16Array.of(1, 2)], [[1], [1]]),
      /buildCategoryMatrix: column 1 has 2 rows, column 0 has 1/,
    );
  });
});

describe('categoryMatrixFromColumns', () => {
  it('transposes per-item category columns into row-major bytes, keeping 255 and the chosen rows', () => {
    const matrix = categoryMatrixFromColumns(
      [Uint8Array.of(0, 1, 255), Uint8Array.of(2, 255, 0)],
      [2, 3],
      [
        [1, 2],
        [1, 2, 3],
      ],
      { rows: Uint32Array.of(2, 0, 1) },
    );
    assert.equal(matrix.nRows, 3);
    assert.deepEqual([...matrix.categories], [255, 0, 0, 2, 1, 255]);
    assert.deepEqual([...matrix.nCategories], [2, 3]);
    assert.ok(matrix.categories.buffer instanceof SharedArrayBuffer);
  });

  it('gives the same matrix as building from the codes', () => {
    const columns = [Int16Array.of(1, 4, -1, 2, 3), Int16Array.of(2, 1, 2, -5, 1)];
    const codes = [
      [1, 2, 3, 4],
      [1, 2],
    ];
    const fromCodes = buildCategoryMatrixFromCodes(columns, codes);
    const perItem = [0, 1].map((item) => Uint8Array.from({ length: 5 }, (_, row) => fromCodes.categories[row * 2 + item]!));
    assert.deepEqual(categoryMatrixFromColumns(perItem, [4, 2], codes).categories, fromCodes.categories);
  });

  it('rejects a category beyond the item scale, naming the function, item and row', () => {
    assert.throws(
      () => categoryMatrixFromColumns([Uint8Array.of(0, 3)], [2], [[1, 2]]),
      /categoryMatrixFromColumns: item 0 has category 3 at row 1; expected 0\.\.1 or 255/,
    );
  });
});
