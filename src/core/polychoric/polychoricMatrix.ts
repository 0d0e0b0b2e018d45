import { throwIfAborted } from '../errors';
import { pairIndex } from '../structure/pairTables';
import { PolychoricSolver, resolvePolychoricOptions, type PolychoricOptions } from './polychoric';
import { thresholdsFromMarginal } from './thresholds';

export { nearestPositiveSemidefinite } from './nearestPositiveSemidefinite';
export type { NearestPositiveSemidefiniteOptions, SmoothedCorrelationMatrix } from './nearestPositiveSemidefinite';

/**
 * The pair tables the polychoric matrix is computed from. `PairTables` from
 * src/core/structure/pairTables.ts has exactly this shape, so its result is passed as is; any
 * other source only needs these fields.
 */
export interface PolychoricTableSource {
  nItems: number;
  /** Categories per item. */
  nCategories: Uint8Array;
  /** Start of pair (i < j)'s table in `cells`, indexed by `pairIndex(i, j, nItems)`; last entry = total. */
  pairOffsets: Float64Array;
  /** Ki × Kj per pair (i < j), row-major by i's category; weighted or plain counts of the pair's complete cases. */
  cells: Float64Array;
  /**
   * Unweighted complete cases per pair. With `weighted` tables the standard errors are scaled to
   * this many cases (weights redistribute the information, they do not multiply it).
   */
  pairN?: Float64Array;
  weighted?: boolean;
  /** Start of item i's marginal in `itemMarginals`; needed for `thresholds: 'global'`. */
  itemOffsets?: Int32Array;
  /** Per item, the (weighted) count of each category over all its non-missing answers. */
  itemMarginals?: Float64Array;
}

export interface PolychoricMatrixOptions extends PolychoricOptions {
  /**
   * Where the thresholds come from.
   * - 'pairwise' (default): from each pair table's margins, i.e. each item's marginal over the
   *   pair's complete cases (Olsson's two-step estimator applied pair by pair; psych's global = FALSE).
   * - 'global': from each item's own marginal over all its non-missing answers (`itemMarginals`),
   *   the same thresholds for every pair (psych's default global = TRUE). No continuity correction.
   */
  thresholds?: 'pairwise' | 'global';
  /** Checked between pairs; rejects with CancelledError. */
  signal?: AbortSignal;
  /** Called with the fraction of pairs done, about every 1,000 pairs and at the end. */
  onProgress?: (fraction: number) => void;
}

export interface PolychoricPairIssue {
  i: number;
  j: number;
  /** The estimate (NaN for a failure, ±maxAbsRho at the boundary). */
  rho: number;
  reason: string;
}

export interface PolychoricMatrix {
  nItems: number;
  /** P × P row-major, symmetric, unit diagonal; NaN where a pair has no estimate (see `failures`). */
  r: Float64Array;
  /** P × P two-step standard errors; 0 on the diagonal, NaN for failures and boundary pairs. */
  standardErrors: Float64Array;
  /** Pairs without an estimate (no complete cases, an item constant on the pair's cases). */
  failures: PolychoricPairIssue[];
  /** Pairs with an estimate that needs care: clamped at ±maxAbsRho, or not converged. */
  flagged: PolychoricPairIssue[];
  /** Likelihood evaluations over all pairs (for benchmarking). */
  evaluations: number;
}

const PROGRESS_EVERY_PAIRS = 1024;
const ABORT_CHECK_EVERY_PAIRS = 128;

/**
 * Polychoric correlation matrix from pairwise-complete contingency tables: every pair (i < j) by
 * `polychoricCorrelation`'s two-step maximum likelihood (see polychoric.ts for the method, the
 * degenerate cases and the standard error). Runs in the calling thread; cost is a few likelihood
 * evaluations of at most (Ki−1)(Kj−1) bivariate normal probabilities per pair, independent of
 * the number of respondents.
 *
 * Missing data: pairwise-complete, as the tables are. The matrix is not guaranteed to be positive
 * semidefinite (each entry uses different cases and thresholds); `nearestPositiveSemidefinite`
 * smooths it on request.
 *
 * To reproduce psych::polychoric's defaults: `thresholds: 'global'` when all items have the same
 * number of categories (psych checks the largest observed code), otherwise
 * `thresholds: 'pairwise', correct: 0.5`; then `nearestPositiveSemidefinite` (psych's
 * smooth = TRUE, which changes nothing for a positive definite matrix). With weights psych's
 * global thresholds ignore the weights while ours use the weighted marginals; pass unweighted
 * `itemMarginals` to reproduce psych there too.
 */
export function polychoricFromTables(tables: PolychoricTableSource, options: PolychoricMatrixOptions = {}): PolychoricMatrix {
  const functionName = 'polychoricFromTables';
  const resolved = resolvePolychoricOptions(functionName, options);
  const mode = options.thresholds ?? 'pairwise';
  const nItems = tables.nItems;
  if (tables.nCategories.length !== nItems) {
    throw new RangeError(`${functionName}: ${nItems} items but ${tables.nCategories.length} category counts`);
  }
  const nPairs = (nItems * (nItems - 1)) / 2;
  if (tables.pairOffsets.length !== nPairs + 1) {
    throw new RangeError(`${functionName}: pairOffsets has ${tables.pairOffsets.length} entries, expected ${nPairs + 1}`);
  }
  const useSampleSize = tables.weighted === true && tables.pairN !== undefined;
  const itemThresholds = mode === 'global' ? globalThresholds(functionName, tables) : undefined;

  let maxCategories = 2;
  for (let item = 0; item < nItems; item++) maxCategories = Math.max(maxCategories, tables.nCategories[item] as number);
  const solver = new PolychoricSolver(maxCategories);
  const r = new Float64Array(nItems * nItems);
  const standardErrors = new Float64Array(nItems * nItems);
  for (let item = 0; item < nItems; item++) r[item * nItems + item] = 1;
  const failures: PolychoricPairIssue[] = [];
  const flagged: PolychoricPairIssue[] = [];
  let evaluations = 0;
  let done = 0;

  for (let i = 0; i < nItems; i++) {
    const rows = tables.nCategories[i] as number;
    for (let j = i + 1; j < nItems; j++) {
      if (done % ABORT_CHECK_EVERY_PAIRS === 0) throwIfAborted(options.signal);
      const columns = tables.nCategories[j] as number;
      const pair = pairIndex(i, j, nItems);
      const start = tables.pairOffsets[pair] as number;
      const end = tables.pairOffsets[pair + 1] as number;
      if (end - start !== rows * columns) {
        throw new RangeError(`${functionName}: pair (${i}, ${j}) has ${end - start} cells, expected ${rows} × ${columns}`);
      }
      const table = tables.cells.subarray(start, end);
      let result;
      if (rows < 2 || columns < 2) {
        result = undefined;
      } else {
        const thresholds = itemThresholds && { rows: itemThresholds[i] as Float64Array, columns: itemThresholds[j] as Float64Array };
        const sampleSize = useSampleSize ? (tables.pairN?.[pair] as number) : undefined;
        result = solver.solve(functionName, table, rows, columns, resolved, thresholds, sampleSize && sampleSize > 0 ? sampleSize : undefined);
        evaluations += result.iterations;
      }
      const rho = result?.rho ?? Number.NaN;
      const standardError = result?.standardError ?? Number.NaN;
      r[i * nItems + j] = rho;
      r[j * nItems + i] = rho;
      standardErrors[i * nItems + j] = standardError;
      standardErrors[j * nItems + i] = standardError;
      if (result === undefined) {
        failures.push({ i, j, rho, reason: 'an item has fewer than two categories' });
      } else if (Number.isNaN(rho)) {
        failures.push({ i, j, rho, reason: result.reason ?? 'undefined' });
      } else if (result.reason !== undefined) {
        flagged.push({ i, j, rho, reason: result.reason });
      }
      done++;
      if (options.onProgress && done % PROGRESS_EVERY_PAIRS === 0) options.onProgress(done / nPairs);
    }
  }
  options.onProgress?.(1);
  return { nItems, r, standardErrors, failures, flagged, evaluations };
}

function globalThresholds(functionName: string, tables: PolychoricTableSource): Float64Array[] {
  const { itemOffsets, itemMarginals } = tables;
  if (itemOffsets === undefined || itemMarginals === undefined) {
    throw new RangeError(`${functionName}: thresholds 'global' needs itemOffsets and itemMarginals`);
  }
  const thresholds: Float64Array[] = [];
  for (let item = 0; item < tables.nItems; item++) {
    const start = itemOffsets[item] as number;
    const end = itemOffsets[item + 1] as number;
    if (end - start !== tables.nCategories[item]) {
      throw new RangeError(`${functionName}: item ${item}'s marginal has ${end - start} categories, expected ${tables.nCategories[item]}`);
    }
    const marginal = itemMarginals.subarray(start, end);
    let total = 0;
    for (let k = 0; k < marginal.length; k++) total += marginal[k] as number;
    // An item without answers has no thresholds; its pair tables are empty and fail on their own.
    thresholds.push(total > 0 ? thresholdsFromMarginal(marginal) : evenlyUndefined(marginal.length));
  }
  return thresholds;
}

function evenlyUndefined(categories: number): Float64Array {
  const thresholds = new Float64Array(categories + 1).fill(0);
  thresholds[0] = Number.NEGATIVE_INFINITY;
  thresholds[categories] = Number.POSITIVE_INFINITY;
  return thresholds;
}
