import { CancelledError } from '../errors';
import { SeededRandom } from '../sample/random';

export interface MantelOptions {
  /** Random relabellings of the items (integer ≥ 0, default 999). */
  permutations?: number;
  /** Seed for the permutations (default 1); ignored when `random` is given. */
  seed?: number;
  /** Uniform [0, 1) source to draw permutations from instead of the seeded one. */
  random?: () => number;
  /** Stops the run with `CancelledError`; checked between permutations. */
  signal?: AbortSignal;
  /** Called every ~1 % of the permutations, at every pause of the async form, and at the end. */
  onProgress?: (completed: number, total: number) => void;
}

export interface MantelResult {
  /** Pearson r between the two upper triangles, over the pairs finite in both. */
  statistic: number;
  /** (1 + atLeastAsLarge) / (1 + permutations): 1 with no permutations; NaN when the statistic is. */
  pValue: number;
  /** The alternative tested: the matrices agree more than relabelled items would. */
  alternative: 'greater';
  permutations: number;
  /** Permutations whose r reached the observed r (ties within √ε count, as in vegan). */
  atLeastAsLarge: number;
  /** Item pairs (i < j) finite in both matrices, the pairs the statistic is computed on. */
  pairs: number;
  /** r for each permutation in the order drawn: the null distribution. */
  nullStatistics: Float64Array;
}

const DEFAULT_PERMUTATIONS = 999;
const DEFAULT_SEED = 1;
/** Permuted statistics this close below the observed one count as ties (vegan's `EPS`, √ε). */
const TIE_TOLERANCE = Math.sqrt(Number.EPSILON);
/** The async form gives the event loop a turn this often, so an abort can arrive. */
const YIELD_INTERVAL_MS = 25;

/**
 * Mantel test of agreement between two symmetric item × item matrices (e.g. human and model
 * correlation matrices), n × n row-major; only the strict upper triangles are read.
 *
 *   r = Pearson correlation of { (a_ij, b_ij) : i < j, both finite }
 *   p = (1 + #{π : r(a, b_π) ≥ r}) / (1 + permutations),   (b_π)_ij = b_π(i)π(j)
 *
 * The null relabels the items of `b` — rows and columns together — so each permuted matrix keeps
 * b's own structure but loses its correspondence with a (Mantel, Cancer Res. 27, 1967; Legendre
 * & Legendre, "Numerical Ecology", 3rd ed., 2012, ch. 10). One-sided, greater: the question is
 * whether the model reproduces the human pattern better than chance, not whether it inverts it.
 * The +1 counts the observed labelling, so p is never 0 (Phipson & Smyth, Stat. Appl. Genet. Mol.
 * Biol. 9, 2010); ties follow vegan::mantel. Neighbouring entries of a correlation matrix are not
 * independent, which is why this, and not the t-test of r, gives the p-value.
 *
 * Missing data: each permutation uses the pairs finite in both matrices under that labelling, as
 * vegan::mantel(na.rm = TRUE) does; a permutation whose r is undefined counts as smaller. The
 * statistic and p are NaN with fewer than 3 usable pairs or no variance in either triangle.
 *
 * Deterministic for a seed: permutations come from Fisher–Yates shuffles driven by
 * `SeededRandom(seed, 'mantel')` (or `random`). This form runs to completion synchronously; an
 * abort can only arrive from `onProgress` — use `mantelTest` to stay responsive.
 */
export function mantelTestSync(a: Float64Array, b: Float64Array, n: number, options: MantelOptions = {}): MantelResult {
  const run = new MantelRun(a, b, n, options);
  while (!run.done) run.step(Number.POSITIVE_INFINITY);
  return run.result();
}

/**
 * `mantelTestSync` that yields to the event loop every ~25 ms, so an AbortSignal fired by the
 * editor or a worker message can stop it. Same result, bit for bit, for the same options.
 */
export async function mantelTest(a: Float64Array, b: Float64Array, n: number, options: MantelOptions = {}): Promise<MantelResult> {
  const run = new MantelRun(a, b, n, options);
  while (!run.done) {
    run.step(Date.now() + YIELD_INTERVAL_MS);
    if (!run.done) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return run.result();
}

class MantelRun {
  private readonly n: number;
  private readonly total: number;
  private readonly random: () => number;
  private readonly signal: AbortSignal | undefined;
  private readonly onProgress: ((completed: number, total: number) => void) | undefined;
  private readonly progressEvery: number;
  private readonly permutation: Int32Array;
  /** a's upper triangle (i < j, row by row), centred when complete. */
  private readonly aUpper: Float64Array;
  /** b, symmetrised from its upper triangle, full n × n so b_π(i)π(j) is one lookup; centred when complete. */
  private readonly bFull: Float64Array;
  /** Neither triangle has a non-finite entry, so the pairs never change and r is a scaled dot product. */
  private readonly complete: boolean;
  /** For the complete case: 1 / √(Σ a'² Σ b'²), invariant under relabelling. */
  private readonly scale: number;
  private readonly aMean: number;
  private readonly bMean: number;
  private readonly observed: number;
  private readonly pairs: number;
  private readonly nullStatistics: Float64Array;
  private completed = 0;
  private atLeastAsLarge = 0;
  private reported = 0;

  constructor(a: Float64Array, b: Float64Array, n: number, options: MantelOptions) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`mantelTest: n must be a non-negative integer, got ${n}`);
    if (a.length !== n * n || b.length !== n * n) {
      throw new RangeError(`mantelTest: matrices have ${a.length} and ${b.length} entries, expected n² = ${n * n}`);
    }
    const permutations = options.permutations ?? DEFAULT_PERMUTATIONS;
    if (!Number.isInteger(permutations) || permutations < 0) {
      throw new RangeError(`mantelTest: permutations must be a non-negative integer, got ${permutations}`);
    }
    this.n = n;
    this.total = permutations;
    if (options.random) {
      this.random = options.random;
    } else {
      const source = new SeededRandom(options.seed ?? DEFAULT_SEED, 'mantel');
      this.random = () => source.uniform();
    }
    this.signal = options.signal;
    this.onProgress = options.onProgress;
    this.progressEvery = Math.max(1, Math.floor(permutations / 100));
    this.permutation = Int32Array.from({ length: n }, (_, index) => index);

    const pairCount = (n * (n - 1)) / 2;
    this.aUpper = new Float64Array(pairCount);
    this.bFull = new Float64Array(n * n);
    let complete = true;
    let aSum = 0;
    let bSum = 0;
    let finitePairs = 0;
    let index = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++, index++) {
        const x = a[i * n + j] as number;
        const y = b[i * n + j] as number;
        this.aUpper[index] = x;
        this.bFull[i * n + j] = y;
        this.bFull[j * n + i] = y;
        const bothFinite = Number.isFinite(x) && Number.isFinite(y);
        if (!Number.isFinite(x) || !Number.isFinite(y)) complete = false;
        if (bothFinite) {
          aSum += x;
          bSum += y;
          finitePairs++;
        }
      }
    }
    this.complete = complete;
    this.pairs = finitePairs;
    // Means of the finite pairs; in the incomplete case only a shift that keeps the sums small.
    this.aMean = finitePairs > 0 ? aSum / finitePairs : 0;
    this.bMean = finitePairs > 0 ? bSum / finitePairs : 0;

    let scale = Number.NaN;
    if (complete) {
      let aSquares = 0;
      let bSquares = 0;
      for (let k = 0; k < pairCount; k++) {
        const centred = (this.aUpper[k] as number) - this.aMean;
        this.aUpper[k] = centred;
        aSquares += centred * centred;
      }
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const centred = (this.bFull[i * n + j] as number) - this.bMean;
          this.bFull[i * n + j] = centred;
          this.bFull[j * n + i] = centred;
          bSquares += centred * centred;
        }
      }
      if (aSquares > 0 && bSquares > 0) scale = 1 / Math.sqrt(aSquares * bSquares);
    }
    this.scale = scale;
    this.observed = finitePairs >= 3 ? this.statistic() : Number.NaN;
    const testable = !Number.isNaN(this.observed);
    this.nullStatistics = new Float64Array(testable ? permutations : 0);
    if (!testable) this.completed = permutations;
  }

  get done(): boolean {
    return this.completed >= this.total;
  }

  /** Runs permutations until all are done or `deadline` (ms since the epoch) passes. */
  step(deadline: number): void {
    const n = this.n;
    const permutation = this.permutation;
    while (this.completed < this.total) {
      if (this.signal?.aborted) throw new CancelledError('Mantel test cancelled');
      // Fisher–Yates; shuffling the previous permutation again is as uniform as starting afresh.
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        const swap = permutation[i] as number;
        permutation[i] = permutation[j] as number;
        permutation[j] = swap;
      }
      const r = this.statistic();
      this.nullStatistics[this.completed] = r;
      if (r >= this.observed - TIE_TOLERANCE) this.atLeastAsLarge++;
      this.completed++;
      if (this.completed % this.progressEvery === 0 || this.completed === this.total) this.reportProgress();
      if (this.completed % 8 === 0 && Date.now() > deadline) {
        this.reportProgress();
        return;
      }
    }
  }

  private reportProgress(): void {
    if (!this.onProgress || this.reported === this.completed) return;
    this.reported = this.completed;
    this.onProgress(this.completed, this.total);
  }

  result(): MantelResult {
    if (this.signal?.aborted) throw new CancelledError('Mantel test cancelled');
    const testable = !Number.isNaN(this.observed);
    return {
      statistic: this.observed,
      pValue: testable ? (1 + this.atLeastAsLarge) / (1 + this.total) : Number.NaN,
      alternative: 'greater',
      permutations: this.total,
      atLeastAsLarge: testable ? this.atLeastAsLarge : 0,
      pairs: this.pairs,
      nullStatistics: this.nullStatistics,
    };
  }

  /** r between a and b relabelled by the current permutation. */
  private statistic(): number {
    const n = this.n;
    const permutation = this.permutation;
    const aUpper = this.aUpper;
    const bFull = this.bFull;
    if (this.complete) {
      if (Number.isNaN(this.scale)) return Number.NaN;
      let dot = 0;
      let index = 0;
      for (let i = 0; i < n; i++) {
        const row = (permutation[i] as number) * n;
        for (let j = i + 1; j < n; j++, index++) dot += (aUpper[index] as number) * (bFull[row + (permutation[j] as number)] as number);
      }
      return Math.min(1, Math.max(-1, dot * this.scale));
    }
    // Pairs change with the labelling: accumulate shifted moments over the pairs finite in both.
    let count = 0;
    let sumX = 0;
    let sumY = 0;
    let sumXX = 0;
    let sumYY = 0;
    let sumXY = 0;
    let index = 0;
    for (let i = 0; i < n; i++) {
      const row = (permutation[i] as number) * n;
      for (let j = i + 1; j < n; j++, index++) {
        const x = (aUpper[index] as number) - this.aMean;
        const y = (bFull[row + (permutation[j] as number)] as number) - this.bMean;
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        count++;
        sumX += x;
        sumY += y;
        sumXX += x * x;
        sumYY += y * y;
        sumXY += x * y;
      }
    }
    if (count < 3) return Number.NaN;
    const covariance = sumXY - (sumX * sumY) / count;
    const xVariance = sumXX - (sumX * sumX) / count;
    const yVariance = sumYY - (sumY * sumY) / count;
    if (!(xVariance > 0) || !(yVariance > 0)) return Number.NaN;
    return Math.min(1, Math.max(-1, covariance / Math.sqrt(xVariance * yVariance)));
  }
}
