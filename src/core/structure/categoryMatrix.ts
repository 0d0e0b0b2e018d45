/**
 * The input of every correlation-structure computation: one category byte per respondent and item,
 * row-major, so a pass over the rows reads each respondent's answers from one short run of memory.
 */

/** The category byte of a missing answer (any code the item's coding does not map to a category). */
export const MISSING_CATEGORY = 255;

/** The most categories an item may have: 0..253 are categories, 254 is reserved, 255 is missing. */
export const MAX_CATEGORIES = 254;

export interface CategoryMatrix {
  nRows: number;
  nItems: number;
  /** Row-major, nRows*nItems; category index per respondent x item; 255 = missing. */
  categories: Uint8Array;
  /** Per item, <= 254. */
  nCategories: Uint8Array;
  /** Numeric score of each category per item (the answer code, e.g. 1..10), used by Pearson. */
  scores: Float64Array[];
}

export interface CategoryMatrixSpec {
  /** One column of answer codes per item, all of the same length. */
  columns: readonly Int16Array[];
  /** Categories per item (1..254). */
  nCategories: ArrayLike<number>;
  /** Score of each category per item; `scores[item].length` must equal `nCategories[item]`. */
  scores: readonly ArrayLike<number>[];
  /**
   * Category index (0..nCategories-1) of an answer code, or 255 when the code is missing.
   * Called once per distinct code per item, never per cell, so it may be slow.
   */
  categoryOf: (itemIndex: number, code: number) => number;
  /** Row indices into the columns to keep, in the order to keep them; all rows when omitted. */
  rows?: ArrayLike<number>;
  /** Put `categories` on a SharedArrayBuffer so worker threads read it without a copy (default true). */
  shared?: boolean;
}

/** Marks a lookup entry whose code has not been seen yet (never a valid category: those stop at 253). */
const UNRESOLVED = 254;
/** Rows per block of the fill: a block's bytes (block x items) stay in L2 while columns are scattered into it. */
const FILL_BLOCK_ROWS = 1024;

/**
 * Builds the category matrix from Int16 code columns. Each item gets an Int16 -> Uint8 lookup over
 * the range of codes in its column (offset + table, filled lazily: `categoryOf` is asked once per
 * distinct code, on first sight); the matrix is filled in row blocks so both the column reads and
 * the row-major writes stay in cache.
 *
 * Throws a RangeError naming this function for columns of different lengths, row indices out of
 * range, more than 254 categories, a score array of the wrong length, or a `categoryOf` result that
 * is neither a category index nor 255.
 */
export function buildCategoryMatrix(spec: CategoryMatrixSpec): CategoryMatrix {
  const nItems = spec.columns.length;
  const rows = spec.rows;
  const nRows = checkedShape('buildCategoryMatrix', spec.columns, spec.nCategories, spec.scores, rows);

  const { nCategories, scores } = checkedCoding('buildCategoryMatrix', spec.nCategories, spec.scores);

  const offsets = new Int32Array(nItems);
  const tables = spec.columns.map((column, item) => {
    const [min, max] = codeRange(column, rows, nRows);
    offsets[item] = min;
    return new Uint8Array(Math.max(0, max - min + 1)).fill(UNRESOLVED);
  });
  const resolve = (item: number, code: number): number => {
    const category = spec.categoryOf(item, code);
    if (category !== MISSING_CATEGORY && !(Number.isInteger(category) && category >= 0 && category < nCategories[item]!)) {
      throw new RangeError(
        `buildCategoryMatrix: categoryOf(${item}, ${code}) returned ${category}; expected 0..${nCategories[item]! - 1} or ${MISSING_CATEGORY}`,
      );
    }
    tables[item]![code - offsets[item]!] = category;
    return category;
  };

  const byteLength = nRows * nItems;
  const categories =
    spec.shared === false ? new Uint8Array(byteLength) : new Uint8Array(new SharedArrayBuffer(byteLength));
  for (let blockStart = 0; blockStart < nRows; blockStart += FILL_BLOCK_ROWS) {
    const blockEnd = Math.min(nRows, blockStart + FILL_BLOCK_ROWS);
    for (let item = 0; item < nItems; item++) {
      const column = spec.columns[item]!;
      const table = tables[item]!;
      const offset = offsets[item]!;
      let cell = blockStart * nItems + item;
      if (rows) {
        for (let index = blockStart; index < blockEnd; index++, cell += nItems) {
          const code = column[rows[index]!]!;
          const category = table[code - offset]!;
          categories[cell] = category === UNRESOLVED ? resolve(item, code) : category;
        }
      } else {
        for (let index = blockStart; index < blockEnd; index++, cell += nItems) {
          const code = column[index]!;
          const category = table[code - offset]!;
          categories[cell] = category === UNRESOLVED ? resolve(item, code) : category;
        }
      }
    }
  }
  return { nRows, nItems, categories, nCategories, scores };
}

/** Checks that columns, category counts and scores agree and the rows exist; returns the number of kept rows. */
function checkedShape(
  caller: string,
  columns: readonly ArrayLike<number>[],
  nCategories: ArrayLike<number>,
  scores: readonly ArrayLike<number>[],
  rows: ArrayLike<number> | undefined,
): number {
  const nItems = columns.length;
  if (nCategories.length !== nItems || scores.length !== nItems) {
    throw new RangeError(`${caller}: ${nItems} columns but ${nCategories.length} category counts and ${scores.length} score arrays`);
  }
  const columnLength = nItems > 0 ? columns[0]!.length : 0;
  for (let item = 0; item < nItems; item++) {
    if (columns[item]!.length !== columnLength) {
      throw new RangeError(`${caller}: column ${item} has ${columns[item]!.length} rows, column 0 has ${columnLength}`);
    }
  }
  if (!rows) return columnLength;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    if (!Number.isInteger(row) || row < 0 || row >= columnLength) {
      throw new RangeError(`${caller}: rows[${index}] = ${row} is not a row of columns with ${columnLength} rows`);
    }
  }
  return rows.length;
}

/** Category counts (0..254) and one score per category, per item. */
function checkedCoding(
  caller: string,
  counts: ArrayLike<number>,
  scoreLists: readonly ArrayLike<number>[],
): { nCategories: Uint8Array; scores: Float64Array[] } {
  const nCategories = new Uint8Array(counts.length);
  const scores: Float64Array[] = [];
  for (let item = 0; item < counts.length; item++) {
    const count = counts[item]!;
    if (!Number.isInteger(count) || count < 0 || count > MAX_CATEGORIES) {
      throw new RangeError(`${caller}: item ${item} has ${count} categories; allowed are 0 to ${MAX_CATEGORIES}`);
    }
    const itemScores = scoreLists[item]!;
    if (itemScores.length !== count) {
      throw new RangeError(`${caller}: item ${item} has ${count} categories but ${itemScores.length} scores`);
    }
    nCategories[item] = count;
    scores.push(Float64Array.from(itemScores));
  }
  return { nCategories, scores };
}

/** Smallest and largest code among the kept rows ([0, -1] when there are none). */
function codeRange(column: Int16Array, rows: ArrayLike<number> | undefined, nRows: number): [number, number] {
  let min = 32767;
  let max = -32768;
  for (let index = 0; index < nRows; index++) {
    const code = column[rows ? rows[index]! : index]!;
    if (code < min) min = code;
    if (code > max) max = code;
  }
  return nRows > 0 ? [min, max] : [0, -1];
}

/**
 * The usual coding: category k is answer code `codes[k]` with score `codes[k]`; every other code
 * (negative survey missing codes, sentinels, codes outside the scale) is missing.
 */
export function buildCategoryMatrixFromCodes(
  columns: readonly Int16Array[],
  itemCodes: readonly (readonly number[])[],
  options: { rows?: ArrayLike<number>; shared?: boolean } = {},
): CategoryMatrix {
  const maps = itemCodes.map((codes) => new Map(codes.map((code, index) => [code, index])));
  return buildCategoryMatrix({
    columns,
    nCategories: itemCodes.map((codes) => codes.length),
    scores: itemCodes,
    categoryOf: (item, code) => maps[item]?.get(code) ?? MISSING_CATEGORY,
    rows: options.rows,
    shared: options.shared,
  });
}

/**
 * Transposes per-item category columns (category index per row, 255 missing, as the engine keeps
 * them) into the row-major matrix, in row blocks so reads and writes stay in cache. `rows` picks and
 * orders rows (all when omitted). Throws a RangeError naming this function for a category outside
 * 0..nCategories-1 that is not 255, and for the same shape errors as buildCategoryMatrix.
 */
export function categoryMatrixFromColumns(
  columns: readonly Uint8Array[],
  nCategories: ArrayLike<number>,
  scores: readonly ArrayLike<number>[],
  options: { rows?: ArrayLike<number>; shared?: boolean } = {},
): CategoryMatrix {
  const nItems = columns.length;
  const { rows } = options;
  const nRows = checkedShape('categoryMatrixFromColumns', columns, nCategories, scores, rows);
  const shape = checkedCoding('categoryMatrixFromColumns', nCategories, scores);
  const byteLength = nRows * nItems;
  const categories =
    options.shared === false ? new Uint8Array(byteLength) : new Uint8Array(new SharedArrayBuffer(byteLength));
  for (let blockStart = 0; blockStart < nRows; blockStart += FILL_BLOCK_ROWS) {
    const blockEnd = Math.min(nRows, blockStart + FILL_BLOCK_ROWS);
    for (let item = 0; item < nItems; item++) {
      const column = columns[item]!;
      const count = shape.nCategories[item]!;
      let cell = blockStart * nItems + item;
      for (let index = blockStart; index < blockEnd; index++, cell += nItems) {
        const row = rows ? rows[index]! : index;
        const category = column[row]!;
        if (category >= count && category !== MISSING_CATEGORY) {
          throw new RangeError(
            `categoryMatrixFromColumns: item ${item} has category ${category} at row ${row}; expected 0..${count - 1} or ${MISSING_CATEGORY}`,
          );
        }
        categories[cell] = category;
      }
    }
  }
  return { nRows, nItems, categories, nCategories: shape.nCategories, scores: shape.scores };
}
