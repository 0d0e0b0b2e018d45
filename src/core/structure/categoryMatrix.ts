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

/** A code -> category lookup over the compact range of codes that map to a category. */
interface CodeLookup {
  /** The smallest code with a category. */
  offset: number;
  /** `table[code - offset]` is the category, or 255. */
  table: Uint8Array;
}

const CODE_SPAN = 65536;
const CODE_BIAS = 32768;
/** Rows per block of the fill: a block's bytes (block x items) stay in L2 while columns are scattered into it. */
const FILL_BLOCK_ROWS = 2048;

/**
 * Builds the category matrix from Int16 code columns. Each item's codes are mapped through
 * `categoryOf` once per distinct code into a compact Int16 -> Uint8 lookup (offset + table), then the
 * matrix is filled in row blocks so both the column reads and the row-major writes stay in cache.
 *
 * Throws a RangeError naming this function for columns of different lengths, row indices out of
 * range, more than 254 categories, a score array of the wrong length, or a `categoryOf` result that
 * is neither a category index nor 255.
 */
export function buildCategoryMatrix(spec: CategoryMatrixSpec): CategoryMatrix {
  const nItems = spec.columns.length;
  if (spec.nCategories.length !== nItems || spec.scores.length !== nItems) {
    throw new RangeError(
      `buildCategoryMatrix: ${nItems} columns but ${spec.nCategories.length} category counts and ${spec.scores.length} score arrays`,
    );
  }
  const columnLength = nItems > 0 ? spec.columns[0]!.length : 0;
  for (let item = 0; item < nItems; item++) {
    if (spec.columns[item]!.length !== columnLength) {
      throw new RangeError(
        `buildCategoryMatrix: column ${item} has ${spec.columns[item]!.length} rows, column 0 has ${columnLength}`,
      );
    }
  }
  const rows = spec.rows;
  const nRows = rows ? rows.length : columnLength;
  if (rows) {
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index]!;
      if (!Number.isInteger(row) || row < 0 || row >= columnLength) {
        throw new RangeError(`buildCategoryMatrix: rows[${index}] = ${row} is not a row of columns with ${columnLength} rows`);
      }
    }
  }

  const nCategories = new Uint8Array(nItems);
  const scores: Float64Array[] = [];
  for (let item = 0; item < nItems; item++) {
    const count = spec.nCategories[item]!;
    if (!Number.isInteger(count) || count < 0 || count > MAX_CATEGORIES) {
      throw new RangeError(`buildCategoryMatrix: item ${item} has ${count} categories; allowed are 0 to ${MAX_CATEGORIES}`);
    }
    const itemScores = spec.scores[item]!;
    if (itemScores.length !== count) {
      throw new RangeError(`buildCategoryMatrix: item ${item} has ${count} categories but ${itemScores.length} scores`);
    }
    nCategories[item] = count;
    scores.push(Float64Array.from(itemScores));
  }

  const lookups = lookupsOf(spec, nCategories, rows, nRows);
  const byteLength = nRows * nItems;
  const categories =
    spec.shared === false ? new Uint8Array(byteLength) : new Uint8Array(new SharedArrayBuffer(byteLength));
  for (let blockStart = 0; blockStart < nRows; blockStart += FILL_BLOCK_ROWS) {
    const blockEnd = Math.min(nRows, blockStart + FILL_BLOCK_ROWS);
    for (let item = 0; item < nItems; item++) {
      const column = spec.columns[item]!;
      const { offset, table } = lookups[item]!;
      const span = table.length;
      let cell = blockStart * nItems + item;
      for (let index = blockStart; index < blockEnd; index++, cell += nItems) {
        const position = column[rows ? rows[index]! : index]! - offset;
        categories[cell] = position >= 0 && position < span ? table[position]! : MISSING_CATEGORY;
      }
    }
  }
  return { nRows, nItems, categories, nCategories, scores };
}

/** Maps every distinct code of every item once, remembering which codes were already seen by a stamp per code. */
function lookupsOf(
  spec: CategoryMatrixSpec,
  nCategories: Uint8Array,
  rows: ArrayLike<number> | undefined,
  nRows: number,
): CodeLookup[] {
  const stamp = new Int32Array(CODE_SPAN).fill(-1);
  const categoryByCode = new Uint8Array(CODE_SPAN);
  const lookups: CodeLookup[] = [];
  for (let item = 0; item < spec.columns.length; item++) {
    const column = spec.columns[item]!;
    const count = nCategories[item]!;
    let minCode = Infinity;
    let maxCode = -Infinity;
    for (let index = 0; index < nRows; index++) {
      const code = column[rows ? rows[index]! : index]!;
      const key = code + CODE_BIAS;
      if (stamp[key] === item) continue;
      stamp[key] = item;
      const category = spec.categoryOf(item, code);
      if (category !== MISSING_CATEGORY && !(Number.isInteger(category) && category >= 0 && category < count)) {
        throw new RangeError(
          `buildCategoryMatrix: categoryOf(${item}, ${code}) returned ${category}; expected 0..${count - 1} or ${MISSING_CATEGORY}`,
        );
      }
      categoryByCode[key] = category;
      if (category !== MISSING_CATEGORY) {
        if (code < minCode) minCode = code;
        if (code > maxCode) maxCode = code;
      }
    }
    if (minCode === Infinity) {
      lookups.push({ offset: 0, table: new Uint8Array(0) });
      continue;
    }
    const table = new Uint8Array(maxCode - minCode + 1).fill(MISSING_CATEGORY);
    for (let code = minCode; code <= maxCode; code++) {
      const key = code + CODE_BIAS;
      if (stamp[key] === item) table[code - minCode] = categoryByCode[key]!;
    }
    lookups.push({ offset: minCode, table });
  }
  return lookups;
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
