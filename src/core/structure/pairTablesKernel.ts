/**
 * The counting kernel behind pairTables.ts, shared by the in-thread path and the worker threads.
 *
 * Counting every item pair's contingency table directly costs one scattered increment per pair per
 * row (N*P^2/2, ~4e9 for 97,000 x 290). Instead items are packed into small groups whose joint
 * category (a mixed-radix code, missing as one extra digit value) fits a short histogram; one
 * increment of the (group A code, group B code) histogram then counts gA*gB item pairs at once.
 * The joint histogram is afterwards summed down to the Ki x Kj tables of its item pairs. The group
 * size is chosen from the number of rows so the summing stays a small fraction of the counting.
 *
 * Every output cell is written by exactly one task, and within a task rows are added in row order,
 * so the result does not depend on how tasks are spread over threads.
 */
import { MISSING_CATEGORY } from './categoryMatrix';

export interface PairTablePlan {
  nRows: number;
  nItems: number;
  weighted: boolean;
  /** Categories per item (item order). */
  nCategories: Uint8Array;
  nGroups: number;
  /** Items of group g are `groupItems[groupStart[g] .. groupStart[g+1])`. */
  groupStart: Int32Array;
  /** Item indices in group order. */
  groupItems: Int32Array;
  /** Per group-order position: the digit's place value in its group's joint code. */
  positionStride: Int32Array;
  /** Joint codes per group: product over its items of (categories + 1). */
  groupCodes: Int32Array;
  /** Digits of every joint code of group g, `digits[digitStart[g] + code * groupSize + position]`. */
  digits: Uint8Array;
  digitStart: Int32Array;
  /** Start of pair (i<j)'s table in `cells` (index `pairIndex`); last entry = total cells. */
  pairOffsets: Float64Array;
  /** Start of item i's marginal in `itemMarginals`; last entry = total. */
  itemOffsets: Int32Array;
  /** 32-bit words per item in `missingBits`. */
  missingWords: number;
}

export interface PairTableBuffers {
  /** Row-major category bytes (input). */
  categories: Uint8Array;
  /** Per-row weights, or null for plain counts (input). */
  weights: Float64Array | null;
  /** Joint code of each group per row, column-major: `codes[g * nRows + row]`. */
  codes: Uint16Array;
  /** Per item, a bit per row set when the item is missing (weighted runs only; sized 0 otherwise). */
  missingBits: Int32Array;
  /** Rows where each item is missing. */
  itemMissing: Int32Array;
  /** Pair tables, concatenated: pair (i<j) is Ki x Kj, row-major by i's category. */
  cells: Float64Array;
  /** Unweighted pairwise-complete count per pair. */
  pairN: Float64Array;
  /** Per item, the (weighted) count of each category over the item's own non-missing rows. */
  itemMarginals: Float64Array;
  /** Unweighted non-missing count per item. */
  itemN: Float64Array;
}

/** Index of pair (i, j), i < j, among the nItems*(nItems-1)/2 pairs, row by row. */
export function pairIndex(i: number, j: number, nItems: number): number {
  return i * nItems - (i * (i + 1)) / 2 + (j - i - 1);
}

/**
 * The most joint codes per group for `nRows` rows. Summing a C x C group-pair histogram down costs
 * about 1.3 sequential adds per cell, against nRows increments for counting it, so C grows with
 * sqrt(nRows). sqrt(nRows / 4) was fastest in measurements at 97,000 rows (C = 155: 4-point items
 * pack in threes, 10-point items in pairs; summing then takes about a third of each task's time).
 */
export function defaultMaxJointCodes(nRows: number): number {
  return Math.max(1, Math.floor(Math.sqrt(nRows / 4)));
}

/** Relative cost of encoding one row of one item against one scattered increment, for progress. */
export const ENCODE_COST_PER_CELL = 0.25;

/** Upper bound on cells of all pair tables together (8 bytes each). */
const MAX_TOTAL_CELLS = 2 ** 31 - 1;
/** Upper bound on joint codes per group: a group-pair histogram has up to its square cells (8 MiB at 1024). */
export const MAX_JOINT_CODES = 1024;

export function planPairTables(
  nCategories: Uint8Array,
  nRows: number,
  weighted: boolean,
  maxJointCodes: number = defaultMaxJointCodes(nRows),
): PairTablePlan {
  const nItems = nCategories.length;
  const jointCap = Math.min(MAX_JOINT_CODES, Math.max(1, Math.floor(maxJointCodes)));
  const order = Array.from({ length: nItems }, (_, item) => item).sort(
    (a, b) => nCategories[a]! - nCategories[b]! || a - b,
  );
  const groupStartList: number[] = [0];
  const positionStride = new Int32Array(nItems);
  let product = 1;
  for (let position = 0; position < nItems; position++) {
    const radix = nCategories[order[position]!]! + 1;
    const groupSize = position - groupStartList[groupStartList.length - 1]!;
    if (groupSize > 0 && product * radix > jointCap) {
      groupStartList.push(position);
      product = 1;
    }
    positionStride[position] = product;
    product *= radix;
  }
  if (nItems > 0) groupStartList.push(nItems);
  const nGroups = groupStartList.length - 1;
  const groupStart = Int32Array.from(groupStartList);
  const groupItems = Int32Array.from(order);
  const groupCodes = new Int32Array(nGroups);
  const digitStart = new Int32Array(nGroups + 1);
  for (let group = 0; group < nGroups; group++) {
    let codes = 1;
    for (let position = groupStart[group]!; position < groupStart[group + 1]!; position++) {
      codes *= nCategories[groupItems[position]!]! + 1;
    }
    groupCodes[group] = codes;
    digitStart[group + 1] = digitStart[group]! + codes * (groupStart[group + 1]! - groupStart[group]!);
  }
  const digits = new Uint8Array(digitStart[nGroups]!);
  for (let group = 0; group < nGroups; group++) {
    const first = groupStart[group]!;
    const size = groupStart[group + 1]! - first;
    for (let code = 0; code < groupCodes[group]!; code++) {
      for (let position = 0; position < size; position++) {
        const radix = nCategories[groupItems[first + position]!]! + 1;
        digits[digitStart[group]! + code * size + position] = Math.floor(code / positionStride[first + position]!) % radix;
      }
    }
  }

  const nPairs = (nItems * (nItems - 1)) / 2;
  const pairOffsets = new Float64Array(nPairs + 1);
  let total = 0;
  let pair = 0;
  for (let i = 0; i < nItems; i++) {
    for (let j = i + 1; j < nItems; j++) {
      pairOffsets[pair++] = total;
      total += nCategories[i]! * nCategories[j]!;
    }
  }
  pairOffsets[nPairs] = total;
  if (total > MAX_TOTAL_CELLS) {
    throw new RangeError(
      `planPairTables: the pair tables of ${nItems} items would need ${total} cells (${(total * 8 / 2 ** 30).toFixed(1)} GiB)`,
    );
  }
  const itemOffsets = new Int32Array(nItems + 1);
  for (let item = 0; item < nItems; item++) itemOffsets[item + 1] = itemOffsets[item]! + nCategories[item]!;

  return {
    nRows,
    nItems,
    weighted,
    nCategories: Uint8Array.from(nCategories),
    nGroups,
    groupStart,
    groupItems,
    positionStride,
    groupCodes,
    digits,
    digitStart,
    pairOffsets,
    itemOffsets,
    missingWords: weighted ? Math.ceil(nRows / 32) : 0,
  };
}

/** Allocates the work and output buffers, on SharedArrayBuffers when `shared`. */
export function allocatePairTableBuffers(
  plan: PairTablePlan,
  categories: Uint8Array,
  weights: Float64Array | null,
  shared: boolean,
): PairTableBuffers {
  const buffer = (bytes: number): ArrayBuffer | SharedArrayBuffer =>
    shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const nPairs = plan.pairOffsets.length - 1;
  return {
    categories,
    weights,
    codes: new Uint16Array(buffer(plan.nGroups * plan.nRows * 2)),
    missingBits: new Int32Array(buffer(plan.nItems * plan.missingWords * 4)),
    itemMissing: new Int32Array(buffer(plan.nItems * 4)),
    cells: new Float64Array(buffer(plan.pairOffsets[nPairs]! * 8)),
    pairN: new Float64Array(buffer(nPairs * 8)),
    itemMarginals: new Float64Array(buffer(plan.itemOffsets[plan.nItems]! * 8)),
    itemN: new Float64Array(buffer(plan.nItems * 8)),
  };
}

/**
 * Phase 1 for rows [rowStart, rowEnd): each group's joint code per row, and which items are
 * missing. `rowStart` must be a multiple of 32 so concurrent calls own disjoint bit words. A
 * category byte that is neither below the item's category count nor 255 is a RangeError.
 */
export function encodeRows(plan: PairTablePlan, buffers: PairTableBuffers, rowStart: number, rowEnd: number): void {
  const { nItems, nRows, nGroups, groupStart, groupItems, positionStride, nCategories, missingWords } = plan;
  const { categories, codes, missingBits } = buffers;
  const trackBits = missingWords > 0;
  const missing = new Int32Array(nItems);
  const dumpDigit = new Int32Array(nItems);
  for (let position = 0; position < nItems; position++) dumpDigit[position] = nCategories[groupItems[position]!]!;
  for (let row = rowStart; row < rowEnd; row++) {
    const rowOffset = row * nItems;
    const word = row >>> 5;
    const bit = 1 << (row & 31);
    for (let group = 0; group < nGroups; group++) {
      const end = groupStart[group + 1]!;
      let code = 0;
      for (let position = groupStart[group]!; position < end; position++) {
        const item = groupItems[position]!;
        let category = categories[rowOffset + item]!;
        if (category >= dumpDigit[position]!) {
          if (category !== MISSING_CATEGORY) {
            throw new RangeError(
              `computePairTables: item ${item} has category ${category} at row ${row}; expected 0..${dumpDigit[position]! - 1} or ${MISSING_CATEGORY}`,
            );
          }
          category = dumpDigit[position]!;
          missing[item]!++;
          if (trackBits) missingBits[item * missingWords + word]! |= bit;
        }
        code += category * positionStride[position]!;
      }
      codes[group * nRows + row] = code;
    }
  }
  for (let item = 0; item < nItems; item++) {
    if (missing[item]! > 0) Atomics.add(buffers.itemMissing, item, missing[item]!);
  }
}

/** Reusable per-thread scratch for phase 2. */
export interface CountScratch {
  counts: Int32Array;
  sums: Float64Array;
  marginal: Float64Array;
  /** Partial sums of one histogram row while it is summed down (betweenGroups). */
  partial: Float64Array;
}

export function createCountScratch(plan: PairTablePlan): CountScratch {
  let maxCodes = 1;
  let maxDigitCells = 1;
  for (let group = 0; group < plan.nGroups; group++) {
    const codes = plan.groupCodes[group]!;
    if (codes > maxCodes) maxCodes = codes;
    let digitCells = 0;
    for (let position = plan.groupStart[group]!; position < plan.groupStart[group + 1]!; position++) {
      digitCells += plan.nCategories[plan.groupItems[position]!]! + 1;
    }
    if (digitCells > maxDigitCells) maxDigitCells = digitCells;
  }
  const histogramCells = maxCodes * maxCodes;
  return {
    counts: new Int32Array(plan.weighted ? 0 : histogramCells),
    sums: new Float64Array(plan.weighted ? histogramCells : 0),
    marginal: new Float64Array(maxCodes * maxDigitCells),
    partial: new Float64Array(maxCodes),
  };
}

/**
 * Phase 2, one task: the tables of every item pair between group `groupA` and group `groupB`
 * (groupA < groupB), or, when they are equal, the pairs within the group and its items' marginals.
 */
export function countGroupPair(
  plan: PairTablePlan,
  buffers: PairTableBuffers,
  scratch: CountScratch,
  groupA: number,
  groupB: number,
): void {
  const { nRows } = plan;
  const codesA = buffers.codes.subarray(groupA * nRows, (groupA + 1) * nRows);
  if (groupA === groupB) {
    const codes = plan.groupCodes[groupA]!;
    const histogram = histogramOf(buffers, scratch, codes);
    if (buffers.weights) countWeighted1(codesA, buffers.weights, scratch.sums);
    else countPlain1(codesA, scratch.counts);
    withinGroup(plan, buffers, histogram, groupA);
    return;
  }
  const codesB = buffers.codes.subarray(groupB * nRows, (groupB + 1) * nRows);
  const codesOfB = plan.groupCodes[groupB]!;
  const histogram = histogramOf(buffers, scratch, plan.groupCodes[groupA]! * codesOfB);
  if (buffers.weights) countWeighted2(codesA, codesB, codesOfB, buffers.weights, scratch.sums);
  else countPlain2(codesA, codesB, codesOfB, scratch.counts);
  betweenGroups(plan, buffers, scratch, histogram, groupA, groupB);
}

function histogramOf(
  buffers: PairTableBuffers,
  scratch: CountScratch,
  cells: number,
): Int32Array | Float64Array {
  if (buffers.weights) {
    const sums = scratch.sums.subarray(0, cells);
    sums.fill(0);
    return sums;
  }
  const counts = scratch.counts.subarray(0, cells);
  counts.fill(0);
  return counts;
}

// The four counting loops are kept separate and monomorphic: they are the whole cost. They are
// unrolled by eight by hand (V8 does not unroll): the eight cells are computed before any of them is
// updated, which lets the CPU overlap the scattered increments; measured about 3x faster than the
// plain loop. Rows are still added in row order, so sums are bit-identical to the plain loop.

function countPlain1(codes: Uint16Array, counts: Int32Array): void {
  const n = codes.length;
  let row = 0;
  for (; row + 7 < n; row += 8) {
    const c0 = codes[row]!, c1 = codes[row + 1]!, c2 = codes[row + 2]!, c3 = codes[row + 3]!;
    const c4 = codes[row + 4]!, c5 = codes[row + 5]!, c6 = codes[row + 6]!, c7 = codes[row + 7]!;
    counts[c0] = (counts[c0]! + 1) | 0;
    counts[c1] = (counts[c1]! + 1) | 0;
    counts[c2] = (counts[c2]! + 1) | 0;
    counts[c3] = (counts[c3]! + 1) | 0;
    counts[c4] = (counts[c4]! + 1) | 0;
    counts[c5] = (counts[c5]! + 1) | 0;
    counts[c6] = (counts[c6]! + 1) | 0;
    counts[c7] = (counts[c7]! + 1) | 0;
  }
  for (; row < n; row++) {
    const cell = codes[row]!;
    counts[cell] = (counts[cell]! + 1) | 0;
  }
}

function countWeighted1(codes: Uint16Array, weights: Float64Array, sums: Float64Array): void {
  const n = codes.length;
  let row = 0;
  for (; row + 7 < n; row += 8) {
    const c0 = codes[row]!, c1 = codes[row + 1]!, c2 = codes[row + 2]!, c3 = codes[row + 3]!;
    const c4 = codes[row + 4]!, c5 = codes[row + 5]!, c6 = codes[row + 6]!, c7 = codes[row + 7]!;
    sums[c0]! += weights[row]!;
    sums[c1]! += weights[row + 1]!;
    sums[c2]! += weights[row + 2]!;
    sums[c3]! += weights[row + 3]!;
    sums[c4]! += weights[row + 4]!;
    sums[c5]! += weights[row + 5]!;
    sums[c6]! += weights[row + 6]!;
    sums[c7]! += weights[row + 7]!;
  }
  for (; row < n; row++) sums[codes[row]!]! += weights[row]!;
}

function countPlain2(codesA: Uint16Array, codesB: Uint16Array, codesOfB: number, counts: Int32Array): void {
  const n = codesA.length;
  let row = 0;
  for (; row + 7 < n; row += 8) {
    const c0 = codesA[row]! * codesOfB + codesB[row]!;
    const c1 = codesA[row + 1]! * codesOfB + codesB[row + 1]!;
    const c2 = codesA[row + 2]! * codesOfB + codesB[row + 2]!;
    const c3 = codesA[row + 3]! * codesOfB + codesB[row + 3]!;
    const c4 = codesA[row + 4]! * codesOfB + codesB[row + 4]!;
    const c5 = codesA[row + 5]! * codesOfB + codesB[row + 5]!;
    const c6 = codesA[row + 6]! * codesOfB + codesB[row + 6]!;
    const c7 = codesA[row + 7]! * codesOfB + codesB[row + 7]!;
    counts[c0] = (counts[c0]! + 1) | 0;
    counts[c1] = (counts[c1]! + 1) | 0;
    counts[c2] = (counts[c2]! + 1) | 0;
    counts[c3] = (counts[c3]! + 1) | 0;
    counts[c4] = (counts[c4]! + 1) | 0;
    counts[c5] = (counts[c5]! + 1) | 0;
    counts[c6] = (counts[c6]! + 1) | 0;
    counts[c7] = (counts[c7]! + 1) | 0;
  }
  for (; row < n; row++) {
    const cell = codesA[row]! * codesOfB + codesB[row]!;
    counts[cell] = (counts[cell]! + 1) | 0;
  }
}

function countWeighted2(
  codesA: Uint16Array,
  codesB: Uint16Array,
  codesOfB: number,
  weights: Float64Array,
  sums: Float64Array,
): void {
  const n = codesA.length;
  let row = 0;
  for (; row + 7 < n; row += 8) {
    const c0 = codesA[row]! * codesOfB + codesB[row]!;
    const c1 = codesA[row + 1]! * codesOfB + codesB[row + 1]!;
    const c2 = codesA[row + 2]! * codesOfB + codesB[row + 2]!;
    const c3 = codesA[row + 3]! * codesOfB + codesB[row + 3]!;
    const c4 = codesA[row + 4]! * codesOfB + codesB[row + 4]!;
    const c5 = codesA[row + 5]! * codesOfB + codesB[row + 5]!;
    const c6 = codesA[row + 6]! * codesOfB + codesB[row + 6]!;
    const c7 = codesA[row + 7]! * codesOfB + codesB[row + 7]!;
    sums[c0]! += weights[row]!;
    sums[c1]! += weights[row + 1]!;
    sums[c2]! += weights[row + 2]!;
    sums[c3]! += weights[row + 3]!;
    sums[c4]! += weights[row + 4]!;
    sums[c5]! += weights[row + 5]!;
    sums[c6]! += weights[row + 6]!;
    sums[c7]! += weights[row + 7]!;
  }
  for (; row < n; row++) sums[codesA[row]! * codesOfB + codesB[row]!]! += weights[row]!;
}

/** Sums a (codes of A) x (codes of B) histogram down to the Ki x Kj table of every i in A, j in B. */
function betweenGroups(
  plan: PairTablePlan,
  buffers: PairTableBuffers,
  scratch: CountScratch,
  histogram: Int32Array | Float64Array,
  groupA: number,
  groupB: number,
): void {
  const { nCategories, groupItems, groupStart, digits, nItems } = plan;
  const codesOfA = plan.groupCodes[groupA]!;
  const codesOfB = plan.groupCodes[groupB]!;
  const firstA = groupStart[groupA]!;
  const sizeA = groupStart[groupA + 1]! - firstA;
  const firstB = groupStart[groupB]!;
  const sizeB = groupStart[groupB + 1]! - firstB;
  const digitsA = plan.digitStart[groupA]!;

  // Step 1: for each item j of B, the (code of A) x (digit of j) marginal. A histogram row is B's
  // joint code in mixed radix, first digit fastest: one pass over the row adds each cell to the first
  // item's marginal and sums each run of `radix` cells into a partial sum per remaining code; the next
  // item's pass runs over those partial sums, and so on (about 1.3 adds per cell in all).
  const { marginal, partial } = scratch;
  const marginalStart = new Int32Array(sizeB + 1);
  const radixB = new Int32Array(sizeB);
  for (let q = 0; q < sizeB; q++) {
    radixB[q] = nCategories[groupItems[firstB + q]!]! + 1;
    marginalStart[q + 1] = marginalStart[q]! + codesOfA * radixB[q]!;
  }
  marginal.fill(0, 0, marginalStart[sizeB]);
  for (let codeA = 0; codeA < codesOfA; codeA++) {
    let radix = radixB[0]!;
    let blocks = codesOfB / radix;
    let target = marginalStart[0]! + codeA * radix;
    let cell = codeA * codesOfB;
    for (let block = 0; block < blocks; block++) {
      let sum = 0;
      for (let digit = 0; digit < radix; digit++) {
        const value = histogram[cell++]!;
        marginal[target + digit]! += value;
        sum += value;
      }
      partial[block] = sum;
    }
    for (let q = 1; q < sizeB; q++) {
      radix = radixB[q]!;
      blocks /= radix;
      target = marginalStart[q]! + codeA * radix;
      cell = 0;
      // In place: block b is written after its cells (at b * radix and up) are read.
      for (let block = 0; block < blocks; block++) {
        let sum = 0;
        for (let digit = 0; digit < radix; digit++) {
          const value = partial[cell++]!;
          marginal[target + digit]! += value;
          sum += value;
        }
        partial[block] = sum;
      }
    }
  }

  // Step 2: fold A's codes into each item i's categories, dropping the missing digits.
  const { cells, pairN } = buffers;
  for (let p = 0; p < sizeA; p++) {
    const itemI = groupItems[firstA + p]!;
    const categoriesI = nCategories[itemI]!;
    for (let q = 0; q < sizeB; q++) {
      const itemJ = groupItems[firstB + q]!;
      const categoriesJ = nCategories[itemJ]!;
      const radix = radixB[q]!;
      const iFirst = itemI < itemJ;
      const pair = iFirst ? pairIndex(itemI, itemJ, nItems) : pairIndex(itemJ, itemI, nItems);
      const tableStart = plan.pairOffsets[pair]!;
      // Table rows are the lower-numbered item's categories.
      const strideI = iFirst ? categoriesJ : 1;
      const strideJ = iFirst ? 1 : categoriesI;
      for (let codeA = 0; codeA < codesOfA; codeA++) {
        const categoryI = digits[digitsA + codeA * sizeA + p]!;
        if (categoryI === categoriesI) continue;
        const source = marginalStart[q]! + codeA * radix;
        const target = tableStart + categoryI * strideI;
        for (let categoryJ = 0; categoryJ < categoriesJ; categoryJ++) {
          cells[target + categoryJ * strideJ]! += marginal[source + categoryJ]!;
        }
      }
      pairN[pair] = completeCount(plan, buffers, pair, itemI, itemJ);
    }
  }
}

/** Pairs within one group and the group's item marginals, from its joint-code histogram. */
function withinGroup(
  plan: PairTablePlan,
  buffers: PairTableBuffers,
  histogram: Int32Array | Float64Array,
  group: number,
): void {
  const { nCategories, groupItems, groupStart, digits, nItems } = plan;
  const codes = plan.groupCodes[group]!;
  const first = groupStart[group]!;
  const size = groupStart[group + 1]! - first;
  const digitsStart = plan.digitStart[group]!;
  const { cells, itemMarginals, itemN, pairN } = buffers;
  for (let p = 0; p < size; p++) {
    const item = groupItems[first + p]!;
    const categories = nCategories[item]!;
    const marginalStart = plan.itemOffsets[item]!;
    for (let code = 0; code < codes; code++) {
      const category = digits[digitsStart + code * size + p]!;
      if (category !== categories) itemMarginals[marginalStart + category]! += histogram[code]!;
    }
    itemN[item] = plan.nRows - buffers.itemMissing[item]!;
    for (let q = p + 1; q < size; q++) {
      const other = groupItems[first + q]!;
      const otherCategories = nCategories[other]!;
      const pFirst = item < other;
      const pair = pFirst ? pairIndex(item, other, nItems) : pairIndex(other, item, nItems);
      const tableStart = plan.pairOffsets[pair]!;
      const strideP = pFirst ? otherCategories : 1;
      const strideQ = pFirst ? 1 : categories;
      for (let code = 0; code < codes; code++) {
        const categoryP = digits[digitsStart + code * size + p]!;
        const categoryQ = digits[digitsStart + code * size + q]!;
        if (categoryP === categories || categoryQ === otherCategories) continue;
        cells[tableStart + categoryP * strideP + categoryQ * strideQ]! += histogram[code]!;
      }
      pairN[pair] = completeCount(plan, buffers, pair, item, other);
    }
  }
}

/**
 * Unweighted rows where both items are present. Plain counts: the table's total. Weighted tables
 * hold weight sums, so the count comes from the missing bitsets: N - missing_i - missing_j +
 * rows missing both (popcount of the AND; words where either is complete are skipped cheaply).
 */
function completeCount(plan: PairTablePlan, buffers: PairTableBuffers, pair: number, itemI: number, itemJ: number): number {
  if (!buffers.weights) {
    const { cells } = buffers;
    let total = 0;
    for (let cell = plan.pairOffsets[pair]!; cell < plan.pairOffsets[pair + 1]!; cell++) total += cells[cell]!;
    return total;
  }
  const words = plan.missingWords;
  const bits = buffers.missingBits;
  const startI = itemI * words;
  const startJ = itemJ * words;
  let both = 0;
  for (let word = 0; word < words; word++) {
    const common = bits[startI + word]! & bits[startJ + word]!;
    if (common !== 0) both += popcount32(common);
  }
  return plan.nRows - buffers.itemMissing[itemI]! - buffers.itemMissing[itemJ]! + both;
}

function popcount32(value: number): number {
  let bits = value - ((value >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  bits = (bits + (bits >>> 4)) & 0x0f0f0f0f;
  return Math.imul(bits, 0x01010101) >>> 24;
}
