/**
 * Pairwise-complete contingency tables of every item pair, counted in one pass over the rows: the
 * common input of the Pearson and Spearman matrices (pearson.ts, spearman.ts).
 *
 * Missing-data policy: a row enters pair (i, j)'s table only when both items have a category
 * (pairwise-complete); an item's own marginal uses every row where that item has a category.
 */
import { CancelledError } from '../errors';
import type { CategoryMatrix } from './categoryMatrix';
import {
  allocatePairTableBuffers,
  countGroupPair,
  createCountScratch,
  ENCODE_COST_PER_CELL,
  encodeRows,
  pairIndex,
  planPairTables,
  type PairTableBuffers,
  type PairTablePlan,
} from './pairTablesKernel';
import { PairTablesPool, type PoolJob } from './pairTablesPool';

export { pairIndex } from './pairTablesKernel';
export {
  PAIR_TABLES_WORKER_FILE,
  PAIR_TABLES_WORKER_SOURCE,
  PairTablesPool,
  pairTablesWorkerPath,
  type PairTablesPoolOptions,
} from './pairTablesPool';

export interface PairTables {
  nRows: number;
  nItems: number;
  /** True when the tables hold weight sums, false for plain counts. */
  weighted: boolean;
  nCategories: Uint8Array;
  /** Category scores per item (from the CategoryMatrix), used by Pearson. */
  scores: Float64Array[];
  /** Start of pair (i<j)'s table in `cells` at `pairIndex(i, j, nItems)`; the last entry is the total. */
  pairOffsets: Float64Array;
  /** Ki x Kj per pair (i<j), row-major by i's category; weight sums or counts. */
  cells: Float64Array;
  /** Unweighted pairwise-complete count per pair (i<j), also for weighted tables. */
  pairN: Float64Array;
  /** Start of item i's marginal in `itemMarginals`; the last entry is the total. */
  itemOffsets: Int32Array;
  /** Per item, the weight sum (or count) of each category over the item's own non-missing rows. */
  itemMarginals: Float64Array;
  /** Unweighted non-missing count per item. */
  itemN: Float64Array;
  /** Worker threads used; 0 when counted in the calling thread. */
  threads: number;
}

export interface PairTablesOptions {
  /** Per-row weights (finite, >= 0); plain counts when omitted. */
  weights?: Float64Array;
  /** Worker threads; default os.availableParallelism(). 0 counts in the calling thread; other values are ignored with `pool`. */
  threads?: number;
  /** Workers kept alive across calls (see PairTablesPool); without it each call starts and stops its own. */
  pool?: PairTablesPool;
  /** Called with the fraction done (0..1), at least once a second while counting and with 1 at the end. */
  onProgress?: (fraction: number) => void;
  /** Cancels within a second: workers are terminated and the promise rejects with CancelledError. */
  signal?: AbortSignal;
  /**
   * Most joint codes per item group (see pairTablesKernel.ts); the default grows with the number of
   * rows. Changes speed only; plain counts are identical for every value.
   */
  maxJointCodes?: number;
  /**
   * Inputs smaller than this many row x group-pair updates are counted in the calling thread
   * (default 1e7: some 20-50 ms of counting, less than starting workers costs).
   */
  minWorkForThreads?: number;
  /** Worker entry to run; default `pairTablesWorkerPath()`. Ignored with `pool`. */
  workerFile?: string;
}

const DEFAULT_MIN_WORK_FOR_THREADS = 1e7;
const PROGRESS_INTERVAL_MS = 250;

/**
 * Counts the tables on worker threads (SharedArrayBuffers, no copies of the category bytes when
 * they are already shared), or in the calling thread for small inputs, `threads: 0`, or when the
 * worker entry file is absent. Results are bit-identical either way.
 */
export async function computePairTables(matrix: CategoryMatrix, options: PairTablesOptions = {}): Promise<PairTables> {
  const { signal } = options;
  if (signal?.aborted) throw new CancelledError();
  const weights = checkedWeights(matrix, options.weights);
  const plan = planPairTables(matrix.nCategories, matrix.nRows, weights !== null, options.maxJointCodes);
  const pool =
    options.pool ?? (options.threads === 0 ? undefined : new PairTablesPool({ threads: options.threads, workerFile: options.workerFile }));
  try {
    const work = matrix.nRows * ((plan.nGroups * (plan.nGroups + 1)) / 2);
    if (!pool?.usable || options.threads === 0 || work < (options.minWorkForThreads ?? DEFAULT_MIN_WORK_FOR_THREADS)) {
      return countInThread(matrix, plan, weights, options);
    }
    const buffers = allocatePairTableBuffers(plan, sharedCopy(matrix.categories), weights ? sharedCopy(weights) : null, true);
    const encodeJobs = encodeJobsOf(plan, pool.threads);
    const countJobs = countJobsOf(plan, pool.threads);
    const workers = Math.min(pool.threads, Math.max(encodeJobs.length, countJobs.length));
    await pool.run({ plan, buffers }, encodeJobs, countJobs, { signal, onProgress: options.onProgress, workers });
    options.onProgress?.(1);
    return tablesOf(matrix, plan, buffers, workers);
  } finally {
    if (pool && pool !== options.pool) await pool.close();
  }
}

/** The same counts in the calling thread. Honours `signal` and `onProgress` between tasks. */
export function computePairTablesSync(matrix: CategoryMatrix, options: PairTablesOptions = {}): PairTables {
  if (options.signal?.aborted) throw new CancelledError();
  const weights = checkedWeights(matrix, options.weights);
  const plan = planPairTables(matrix.nCategories, matrix.nRows, weights !== null, options.maxJointCodes);
  return countInThread(matrix, plan, weights, options);
}

function countInThread(
  matrix: CategoryMatrix,
  plan: PairTablePlan,
  weights: Float64Array | null,
  options: PairTablesOptions,
): PairTables {
  const { signal, onProgress } = options;
  const buffers = allocatePairTableBuffers(plan, matrix.categories, weights, false);
  const encodeJobs = encodeJobsOf(plan, 1);
  const countJobs = countJobsOf(plan, 1);
  const totalUnits = [...encodeJobs, ...countJobs].reduce((sum, job) => sum + job.units, 0);
  const scratch = createCountScratch(plan);
  let doneUnits = 0;
  let lastReport = 0;
  const step = (units: number): void => {
    doneUnits += units;
    if (signal?.aborted) throw new CancelledError();
    const now = Date.now();
    if (onProgress && now - lastReport >= PROGRESS_INTERVAL_MS) {
      lastReport = now;
      onProgress(Math.min(1, doneUnits / totalUnits));
    }
  };
  for (const job of encodeJobs) {
    if (job.request.kind !== 'encode') continue;
    encodeRows(plan, buffers, job.request.rowStart, job.request.rowEnd);
    step(job.units);
  }
  for (const job of countJobs) {
    if (job.request.kind !== 'count') continue;
    const { groupPairs } = job.request;
    for (let index = 0; index < groupPairs.length; index += 2) {
      countGroupPair(plan, buffers, scratch, groupPairs[index]!, groupPairs[index + 1]!);
      step(plan.nRows);
    }
  }
  onProgress?.(1);
  return tablesOf(matrix, plan, buffers, 0);
}

function tablesOf(matrix: CategoryMatrix, plan: PairTablePlan, buffers: PairTableBuffers, threads: number): PairTables {
  return {
    nRows: plan.nRows,
    nItems: plan.nItems,
    weighted: plan.weighted,
    nCategories: plan.nCategories,
    scores: matrix.scores,
    pairOffsets: plan.pairOffsets,
    cells: buffers.cells,
    pairN: buffers.pairN,
    itemOffsets: plan.itemOffsets,
    itemMarginals: buffers.itemMarginals,
    itemN: buffers.itemN,
    threads,
  };
}

function checkedWeights(matrix: CategoryMatrix, weights: Float64Array | undefined): Float64Array | null {
  if (matrix.categories.length !== matrix.nRows * matrix.nItems) {
    throw new RangeError(
      `computePairTables: categories has ${matrix.categories.length} bytes, expected nRows x nItems = ${matrix.nRows * matrix.nItems}`,
    );
  }
  if (!weights) return null;
  if (weights.length !== matrix.nRows) {
    throw new RangeError(`computePairTables: ${weights.length} weights for ${matrix.nRows} rows`);
  }
  for (let row = 0; row < weights.length; row++) {
    const weight = weights[row]!;
    if (!(weight >= 0) || weight === Infinity) {
      throw new RangeError(`computePairTables: weight of row ${row} is ${weight}; weights must be finite and >= 0`);
    }
  }
  return weights;
}

function sharedCopy<T extends Uint8Array | Float64Array>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

/** Row ranges for phase 1, starting at multiples of 32 (one bit word per 32 rows). */
function encodeJobsOf(plan: PairTablePlan, threads: number): PoolJob[] {
  const jobs: PoolJob[] = [];
  const chunks = Math.max(1, threads * 4);
  const rowsPerChunk = Math.max(32, Math.ceil(plan.nRows / chunks / 32) * 32);
  for (let rowStart = 0; rowStart < plan.nRows; rowStart += rowsPerChunk) {
    const rowEnd = Math.min(plan.nRows, rowStart + rowsPerChunk);
    jobs.push({ request: { kind: 'encode', rowStart, rowEnd }, units: (rowEnd - rowStart) * plan.nItems * ENCODE_COST_PER_CELL });
  }
  return jobs;
}

/** Group pairs for phase 2, in batches of about equal work, a few batches per thread. */
function countJobsOf(plan: PairTablePlan, threads: number): PoolJob[] {
  const { nGroups, nRows } = plan;
  const tasks = (nGroups * (nGroups + 1)) / 2;
  const batches = Math.min(tasks, Math.max(1, threads * 8));
  const perBatch = Math.ceil(tasks / batches);
  const jobs: PoolJob[] = [];
  let current: number[] = [];
  const flush = (): void => {
    if (current.length === 0) return;
    jobs.push({ request: { kind: 'count', groupPairs: Int32Array.from(current) }, units: (current.length / 2) * nRows });
    current = [];
  };
  for (let groupA = 0; groupA < nGroups; groupA++) {
    for (let groupB = groupA; groupB < nGroups; groupB++) {
      current.push(groupA, groupB);
      if (current.length / 2 >= perBatch) flush();
    }
  }
  flush();
  return jobs;
}

/** Pair (i, j)'s table as a view (i's categories are rows); i and j in either order is an error. */
export function pairTable(tables: PairTables, i: number, j: number): Float64Array {
  if (!(i >= 0 && i < j && j < tables.nItems)) {
    throw new RangeError(`pairTable: need 0 <= i < j < ${tables.nItems}, got i=${i}, j=${j}`);
  }
  const pair = pairIndex(i, j, tables.nItems);
  return tables.cells.subarray(tables.pairOffsets[pair], tables.pairOffsets[pair + 1]);
}
