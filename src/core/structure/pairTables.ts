/**
 * Pairwise-complete contingency tables of every item pair, counted in one pass over the rows: the
 * common input of the Pearson and Spearman matrices (pearson.ts, spearman.ts).
 *
 * Missing-data policy: a row enters pair (i, j)'s table only when both items have a category
 * (pairwise-complete); an item's own marginal uses every row where that item has a category.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
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
import type { WorkerRequest, WorkerReply, WorkerSetup } from './pairTablesWorker';

export { pairIndex } from './pairTablesKernel';

/** File name of the compiled worker entry; it sits next to this module (tsc) or next to the bundle (esbuild). */
export const PAIR_TABLES_WORKER_FILE = 'pairTablesWorker.js';
/** Source of the worker entry, relative to the repository root, for the bundler's entry points. */
export const PAIR_TABLES_WORKER_SOURCE = 'src/core/structure/pairTablesWorker.ts';

/** Where the worker entry is at run time: `out/src/core/structure/` under tsc, `dist/` in the bundle. */
export function pairTablesWorkerPath(): string {
  return path.join(__dirname, PAIR_TABLES_WORKER_FILE);
}

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
  /** Worker threads; default os.availableParallelism(). 0 counts in the calling thread. */
  threads?: number;
  /** Called with the fraction done (0..1), at least once a second while counting and with 1 at the end. */
  onProgress?: (fraction: number) => void;
  /** Cancels within a second: workers are terminated and the promise rejects with CancelledError. */
  signal?: AbortSignal;
  /**
   * Most joint codes per item group (see pairTablesKernel.ts); the default grows with the number of
   * rows. Changes speed only; plain counts are identical for every value.
   */
  maxJointCodes?: number;
  /** Inputs smaller than this many row x group-pair updates are counted in the calling thread (default 4e6). */
  minWorkForThreads?: number;
  /** Worker entry to run; default `pairTablesWorkerPath()`. */
  workerFile?: string;
}

const DEFAULT_MIN_WORK_FOR_THREADS = 4e6;
const PROGRESS_INTERVAL_MS = 250;

interface Job {
  request: WorkerRequest;
  units: number;
}

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
  const workerFile = options.workerFile ?? pairTablesWorkerPath();
  const threads = Math.max(0, Math.floor(options.threads ?? os.availableParallelism()));
  const work = matrix.nRows * ((plan.nGroups * (plan.nGroups + 1)) / 2);
  if (threads === 0 || work < (options.minWorkForThreads ?? DEFAULT_MIN_WORK_FOR_THREADS) || !fs.existsSync(workerFile)) {
    return countInThread(matrix, plan, weights, options);
  }

  const categories = sharedCopy(matrix.categories);
  const sharedWeights = weights ? sharedCopy(weights) : null;
  const buffers = allocatePairTableBuffers(plan, categories, sharedWeights, true);
  const encodeJobs = encodeJobsOf(plan, threads);
  const countJobs = countJobsOf(plan, threads);
  const totalUnits = [...encodeJobs, ...countJobs].reduce((sum, job) => sum + job.units, 0);
  const workerCount = Math.min(threads, Math.max(encodeJobs.length, countJobs.length));

  await new Promise<void>((resolve, reject) => {
    const setup: WorkerSetup = { plan, buffers };
    const workers: Worker[] = [];
    let finished = false;
    let doneUnits = 0;
    let lastReport = 0;
    let pending = encodeJobs.slice();
    let phase: 'encode' | 'count' = 'encode';
    let busy = 0;

    const report = (force: boolean): void => {
      if (!options.onProgress) return;
      const now = Date.now();
      if (!force && now - lastReport < PROGRESS_INTERVAL_MS / 2) return;
      lastReport = now;
      options.onProgress(Math.min(1, doneUnits / totalUnits));
    };
    const finish = (error?: Error): void => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) void worker.terminate();
      if (error) reject(error);
      else resolve();
    };
    const onAbort = (): void => finish(new CancelledError());
    const dispatch = (worker: Worker): void => {
      const job = pending.shift();
      if (job) {
        busy++;
        worker.postMessage(job.request);
        return;
      }
      if (busy > 0) return;
      if (phase === 'encode') {
        phase = 'count';
        pending = countJobs.slice();
        for (const idle of workers) dispatch(idle);
        return;
      }
      finish();
    };

    signal?.addEventListener('abort', onAbort);
    for (let index = 0; index < workerCount; index++) {
      const worker = new Worker(workerFile, { workerData: setup });
      workers.push(worker);
      worker.on('message', (reply: WorkerReply) => {
        if (finished) return;
        if (reply.kind === 'error') {
          finish(new Error(`computePairTables: worker failed: ${reply.message}`));
          return;
        }
        doneUnits += reply.units;
        if (reply.kind === 'progress') {
          report(false);
          return;
        }
        busy--;
        report(false);
        dispatch(worker);
      });
      worker.on('error', (error) => finish(new Error(`computePairTables: worker failed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (!finished) finish(new Error(`computePairTables: worker exited with code ${code} before finishing`));
      });
    }
    for (const worker of workers) dispatch(worker);
  });
  options.onProgress?.(1);
  return tablesOf(matrix, plan, buffers, workerCount);
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
function encodeJobsOf(plan: PairTablePlan, threads: number): Job[] {
  const jobs: Job[] = [];
  const chunks = Math.max(1, threads * 4);
  const rowsPerChunk = Math.max(32, Math.ceil(plan.nRows / chunks / 32) * 32);
  for (let rowStart = 0; rowStart < plan.nRows; rowStart += rowsPerChunk) {
    const rowEnd = Math.min(plan.nRows, rowStart + rowsPerChunk);
    jobs.push({ request: { kind: 'encode', rowStart, rowEnd }, units: (rowEnd - rowStart) * plan.nItems * ENCODE_COST_PER_CELL });
  }
  return jobs;
}

/** Group pairs for phase 2, in batches of about equal work, a few batches per thread. */
function countJobsOf(plan: PairTablePlan, threads: number): Job[] {
  const { nGroups, nRows } = plan;
  const tasks = (nGroups * (nGroups + 1)) / 2;
  const batches = Math.min(tasks, Math.max(1, threads * 8));
  const perBatch = Math.ceil(tasks / batches);
  const jobs: Job[] = [];
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
  return tables.cells.subarray(tables.pairOffsets[pair]!, tables.pairOffsets[pair + 1]!);
}
