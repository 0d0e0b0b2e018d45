/**
 * Pair tables of bootstrap resamples, and the correlation matrices computed from them.
 *
 * A resample is a vector of multiplicities over the original rows, and its pair tables are the
 * original rows' tables with the multiplicities as weights. The rows' joint codes (the kernel's
 * phase 1, pairTablesKernel.ts) are therefore encoded once per population and only counted again
 * per resample. For unweighted populations several resamples are counted in one pass: their
 * multiplicities are packed into one float64 per row, in lanes of `bits` bits each
 * (m_0 + m_1 2^bits + m_2 2^(2 bits) + ...). Every table cell and histogram entry is a sum of
 * such values in which no lane can exceed the resample size, so all sums are exact integers
 * below 2^53 and the lanes separate again exactly: 4 resamples of 5,000 rows cost one pass.
 */
import type { CorrelationMethod } from '../config/resolved';
import { nearestPositiveSemidefinite, polychoricFromTables } from '../polychoric';
import { tableCorrelation } from '../structure/correlationMatrix';
import {
  allocatePairTableBuffers,
  countGroupPair,
  createCountScratch,
  encodeRows,
  planPairTables,
  type CountScratch,
  type PairTableBuffers,
  type PairTablePlan,
} from '../structure/pairTablesKernel';
import { midranks } from '../structure/spearman';

/** The structural items' shape, shared by every population. */
export interface StructureLayout {
  nItems: number;
  nCategories: Uint8Array;
  /** Category scores per item (the codes), for Pearson. */
  scores: Float64Array[];
  /** Category indices of each item sorted by score, for Spearman's midranks. */
  scoreOrders: Int32Array[];
  /** Start of pair (i < j)'s table in the cells (kernel order); the last entry is the total. */
  pairOffsets: Float64Array;
  /** Start of item i's marginal; the last entry is the total. */
  itemOffsets: Int32Array;
}

/** A population's rows encoded for the counting kernel. */
export interface EncodedRows {
  plan: PairTablePlan;
  nRows: number;
  /** Joint code of each item group per row: `codes[group * nRows + row]`. */
  codes: Uint16Array;
}

/** The tables of one resample. */
export interface CountedTables {
  cells: Float64Array;
  itemMarginals: Float64Array;
  /** True when the tables hold weight sums rather than counts. */
  weighted: boolean;
}

export interface PolychoricSettings {
  thresholds: 'pairwise' | 'global';
  smooth: boolean;
}

export function structureLayout(nCategories: Uint8Array, scores: Float64Array[]): StructureLayout {
  const plan = planPairTables(nCategories, 1, false);
  return {
    nItems: nCategories.length,
    nCategories: Uint8Array.from(nCategories),
    scores,
    scoreOrders: scores.map((itemScores) =>
      Int32Array.from(itemScores.keys()).sort((a, b) => itemScores[a]! - itemScores[b]! || a - b),
    ),
    pairOffsets: plan.pairOffsets,
    itemOffsets: plan.itemOffsets,
  };
}

/**
 * Encodes a population once. `engine` uses the plan computePairTables chooses for this many rows
 * with weights, so the full-sample weighted tables are summed in the engine's order (bit-identical
 * estimates); `fastest` picks the item grouping the cost model below expects to count fastest,
 * for populations whose tables are plain counts (exact whatever the grouping) or never compared
 * with the engine's.
 *
 * @param categories row-major structural category bytes, nRows x nItems, 255 = missing
 */
export function encodeRowsOf(layout: StructureLayout, categories: Uint8Array, nRows: number, grouping: 'engine' | 'fastest'): EncodedRows {
  const plan =
    grouping === 'engine'
      ? planPairTables(layout.nCategories, nRows, true)
      : planPairTables(layout.nCategories, nRows, true, fastestMaxJointCodes(layout.nCategories, nRows));
  const buffers = allocatePairTableBuffers(plan, categories, null, false);
  encodeRows(plan, buffers, 0, nRows);
  return { plan, nRows, codes: buffers.codes };
}

/**
 * Estimated cost of counting one resample with `plan`, in cheap operations: each row is one
 * scattered increment per group pair (counted as 3: a dependent load-add-store), and each group
 * pair's histogram is then scanned and folded into its item pairs' tables (countGroupPair).
 */
export function countingCost(plan: PairTablePlan, nRows: number): number {
  const { nGroups, groupStart, groupCodes, groupItems, nCategories } = plan;
  let cost = 0;
  for (let a = 0; a < nGroups; a++) {
    const sizeA = groupStart[a + 1]! - groupStart[a]!;
    const codesA = groupCodes[a]!;
    cost += 3 * nRows + codesA * sizeA * (sizeA + 1);
    for (let b = a + 1; b < nGroups; b++) {
      const sizeB = groupStart[b + 1]! - groupStart[b]!;
      const cells = codesA * groupCodes[b]!;
      let categoriesB = 0;
      for (let position = groupStart[b]!; position < groupStart[b + 1]!; position++) categoriesB += nCategories[groupItems[position]!]!;
      cost += 3 * nRows + cells + 2 * Math.min(nRows, cells) * sizeB + 2 * sizeA * codesA * categoriesB;
    }
  }
  return cost;
}

/** The largest joint code per item group that minimises `countingCost` (candidates 1, 2, 3, ... up to 1024, geometrically). */
export function fastestMaxJointCodes(nCategories: Uint8Array, nRows: number): number {
  let best = 1;
  let bestCost = Infinity;
  let previousGroups = -1;
  for (let cap = 1; cap <= 1024; cap = Math.max(cap + 1, Math.floor(cap * 1.1))) {
    const plan = planPairTables(nCategories, nRows, true, cap);
    if (plan.nGroups === previousGroups) continue;
    previousGroups = plan.nGroups;
    const cost = countingCost(plan, nRows);
    if (cost < bestCost) {
      bestCost = cost;
      best = cap;
    }
  }
  return best;
}

const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_WORDS = new Int32Array(0);

/**
 * Runs the kernel's phase 2 over encoded rows with given row weights. The kernel's unweighted
 * complete counts (pairN, itemN) are not needed here: the plan is used without missing bitsets,
 * so those outputs are meaningless and go to scratch.
 */
export class TableCounter {
  private readonly scratch: CountScratch;
  private readonly itemMissing: Int32Array;
  private readonly pairN: Float64Array;
  private readonly itemN: Float64Array;

  constructor(private readonly plan: PairTablePlan) {
    this.scratch = createCountScratch(plan);
    this.itemMissing = new Int32Array(plan.nItems);
    this.pairN = new Float64Array(plan.pairOffsets.length - 1);
    this.itemN = new Float64Array(plan.nItems);
  }

  /** Fills `cells` and `itemMarginals` (overwritten) with the weighted tables of `nRows` encoded rows. */
  count(codes: Uint16Array, nRows: number, weights: Float64Array, cells: Float64Array, itemMarginals: Float64Array): void {
    cells.fill(0);
    itemMarginals.fill(0);
    const plan: PairTablePlan = { ...this.plan, nRows, missingWords: 0 };
    const buffers: PairTableBuffers = {
      categories: EMPTY_BYTES,
      weights,
      codes,
      missingBits: EMPTY_WORDS,
      itemMissing: this.itemMissing,
      cells,
      pairN: this.pairN,
      itemMarginals,
      itemN: this.itemN,
    };
    for (let groupA = 0; groupA < plan.nGroups; groupA++) {
      for (let groupB = groupA; groupB < plan.nGroups; groupB++) countGroupPair(plan, buffers, this.scratch, groupA, groupB);
    }
  }
}

/** Lane width for packing resamples of at most `maxTotal` rows, and how many lanes fit in 53 bits. */
export function packingLanes(maxTotal: number): { bits: number; lanes: number } {
  const bits = Math.max(1, Math.ceil(Math.log2(maxTotal + 1)));
  return { bits, lanes: Math.max(1, Math.floor(53 / bits)) };
}

function totalOf(multiplicity: Int32Array | undefined, nRows: number): number {
  if (!multiplicity) return nRows;
  let total = 0;
  for (let row = 0; row < multiplicity.length; row++) total += multiplicity[row]!;
  return total;
}

/**
 * Counts the tables of each resample of an encoded population and hands them to `visit` one at
 * a time, in order. The buffers passed to `visit` are reused afterwards: copy what must be kept.
 *
 * @param weights survey weights per row, or null when every row counts 1 (then resamples are packed)
 * @param resamples multiplicities per row; undefined entries mean the full sample (each row once)
 * @param itemMarginals whether packed resamples' item marginals are unpacked too (only polychoric
 *   correlations with global thresholds read them); when false they are left empty
 */
export function visitResampleTables(
  layout: StructureLayout,
  encoded: EncodedRows,
  counter: TableCounter,
  weights: Float64Array | null,
  resamples: readonly (Int32Array | undefined)[],
  itemMarginals: boolean,
  visit: (index: number, tables: CountedTables) => void,
): void {
  const nCells = layout.pairOffsets[layout.pairOffsets.length - 1]!;
  const nMarginals = layout.itemOffsets[layout.nItems]!;
  const { nRows } = encoded;
  if (weights === null) {
    let maxTotal = 1;
    for (const multiplicity of resamples) maxTotal = Math.max(maxTotal, totalOf(multiplicity, nRows));
    const { bits, lanes } = packingLanes(maxTotal);
    const packed = new Float64Array(nRows);
    const packedCells = new Float64Array(nCells);
    const packedMarginals = new Float64Array(nMarginals);
    const laneTables = Array.from({ length: Math.min(lanes, resamples.length) }, () => ({
      cells: new Float64Array(nCells),
      itemMarginals: new Float64Array(itemMarginals ? nMarginals : 0),
      weighted: false,
    }));
    for (let start = 0; start < resamples.length; start += lanes) {
      const chunk = resamples.slice(start, start + lanes);
      packed.fill(0);
      chunk.forEach((multiplicity, lane) => {
        const scale = 2 ** (lane * bits);
        for (let row = 0; row < nRows; row++) packed[row]! += (multiplicity ? multiplicity[row]! : 1) * scale;
      });
      counter.count(encoded.codes, nRows, packed, packedCells, packedMarginals);
      const used = laneTables.slice(0, chunk.length);
      for (const tables of used) {
        tables.cells.fill(0);
        tables.itemMarginals.fill(0);
      }
      unpackLanes(packedCells, bits, used.map((tables) => tables.cells));
      if (itemMarginals) unpackLanes(packedMarginals, bits, used.map((tables) => tables.itemMarginals));
      used.forEach((tables, lane) => visit(start + lane, tables));
    }
    return;
  }
  const nGroups = encoded.plan.nGroups;
  const tables: CountedTables = { cells: new Float64Array(nCells), itemMarginals: new Float64Array(nMarginals), weighted: true };
  resamples.forEach((multiplicity, index) => {
    if (!multiplicity) {
      counter.count(encoded.codes, nRows, weights, tables.cells, tables.itemMarginals);
    } else {
      // Rows drawn at least once, in row order, each with multiplicity x weight.
      let kept = 0;
      for (let row = 0; row < nRows; row++) if (multiplicity[row]! > 0) kept++;
      const codes = new Uint16Array(nGroups * kept);
      const keptWeights = new Float64Array(kept);
      let next = 0;
      for (let row = 0; row < nRows; row++) {
        const copies = multiplicity[row]!;
        if (copies === 0) continue;
        keptWeights[next] = copies * weights[row]!;
        for (let group = 0; group < nGroups; group++) codes[group * kept + next] = encoded.codes[group * nRows + row]!;
        next++;
      }
      counter.count(codes, kept, keptWeights, tables.cells, tables.itemMarginals);
    }
    visit(index, tables);
  });
}

/** `visitResampleTables`, keeping a copy of every resample's tables. */
export function countResamples(
  layout: StructureLayout,
  encoded: EncodedRows,
  counter: TableCounter,
  weights: Float64Array | null,
  resamples: readonly (Int32Array | undefined)[],
  itemMarginals = true,
): CountedTables[] {
  const results: CountedTables[] = [];
  visitResampleTables(layout, encoded, counter, weights, resamples, itemMarginals, (_, tables) =>
    results.push({ cells: tables.cells.slice(), itemMarginals: tables.itemMarginals.slice(), weighted: tables.weighted }),
  );
  return results;
}

/** Splits packed sums into their lanes (lane 0 = lowest bits; `lanes` must hold zeros). Exact: every value is an integer below 2^53. */
export function unpackLanes(packed: Float64Array, bits: number, lanes: Float64Array[]): void {
  const top = lanes.length - 1;
  const scales = Float64Array.from(lanes, (_, lane) => 2 ** (lane * bits));
  for (let index = 0; index < packed.length; index++) {
    let value = packed[index]!;
    if (value === 0) continue;
    for (let lane = top; lane > 0; lane--) {
      const scale = scales[lane]!;
      const count = Math.floor(value / scale);
      lanes[lane]![index] = count;
      value -= count * scale;
    }
    lanes[0]![index] = value;
  }
}

/** Tables of the rows in `whole` that are not in `part` (cells clamped at 0 against rounding). */
export function subtractTables(whole: CountedTables, part: CountedTables): CountedTables {
  const difference = (a: Float64Array, b: Float64Array) => {
    const out = new Float64Array(a.length);
    for (let index = 0; index < a.length; index++) out[index] = Math.max(0, a[index]! - b[index]!);
    return out;
  };
  return {
    cells: difference(whole.cells, part.cells),
    itemMarginals: difference(whole.itemMarginals, part.itemMarginals),
    weighted: whole.weighted || part.weighted,
  };
}

/**
 * The P x P correlation matrix (row-major; both triangles, diagonal 1) of one method from the
 * tables, computed pair by pair with the same functions, in the same order, as pearsonMatrix,
 * spearmanMatrix and the engine's polychoric step, so equal tables give bit-identical values.
 * NaN where a pair is undefined.
 */
export function correlationFromTables(
  layout: StructureLayout,
  tables: CountedTables,
  method: CorrelationMethod,
  polychoric: PolychoricSettings,
): Float64Array {
  const { nItems, nCategories, scores, pairOffsets } = layout;
  if (method === 'polychoric') {
    const result = polychoricFromTables(
      {
        nItems,
        nCategories,
        pairOffsets,
        cells: tables.cells,
        weighted: tables.weighted,
        itemOffsets: layout.itemOffsets,
        itemMarginals: tables.itemMarginals,
      },
      { thresholds: polychoric.thresholds },
    );
    if (polychoric.smooth && !result.r.some((value) => Number.isNaN(value))) {
      return nearestPositiveSemidefinite(result.r, nItems).matrix;
    }
    return result.r;
  }
  const { cells } = tables;
  let maxCategories = 1;
  for (let item = 0; item < nItems; item++) maxCategories = Math.max(maxCategories, nCategories[item]!);
  const rowMarginal = new Float64Array(maxCategories);
  const colMarginal = new Float64Array(maxCategories);
  const rowWeights = new Float64Array(maxCategories);
  const colWeights = new Float64Array(maxCategories);
  const rowRanks = new Float64Array(maxCategories);
  const colRanks = new Float64Array(maxCategories);
  const r = new Float64Array(nItems * nItems);
  let pair = 0;
  for (let i = 0; i < nItems; i++) {
    r[i * nItems + i] = 1;
    const rows = nCategories[i]!;
    for (let j = i + 1; j < nItems; j++, pair++) {
      const cols = nCategories[j]!;
      const start = pairOffsets[pair]!;
      let value: number;
      if (method === 'pearson') {
        value = tableCorrelation(cells, start, rows, cols, scores[i]!, scores[j]!, rowMarginal, colMarginal);
      } else {
        rowWeights.fill(0, 0, rows);
        colWeights.fill(0, 0, cols);
        for (let a = 0; a < rows; a++) {
          const offset = start + a * cols;
          for (let b = 0; b < cols; b++) {
            const weight = cells[offset + b]!;
            rowWeights[a]! += weight;
            colWeights[b]! += weight;
          }
        }
        midranks(rowWeights, scores[i]!, layout.scoreOrders[i]!, rowRanks);
        midranks(colWeights, scores[j]!, layout.scoreOrders[j]!, colRanks);
        value = tableCorrelation(cells, start, rows, cols, rowRanks, colRanks, rowMarginal, colMarginal);
      }
      r[i * nItems + j] = value;
      r[j * nItems + i] = value;
    }
  }
  return r;
}
