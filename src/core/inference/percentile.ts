/**
 * Percentile bootstrap intervals (Efron & Tibshirani, "An Introduction to the Bootstrap", 1993,
 * ch. 13): the interval ends are quantiles of the replicate statistics.
 */
import type { Interval, PairedDifference } from './types';

/**
 * The p-quantile of ascending-sorted values by linear interpolation between order statistics,
 * Hyndman & Fan's definition 7 (R's default `quantile(type = 7)`, numpy's default):
 *
 *   h = (n - 1) p,  Q(p) = x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)])   (0-based x)
 *
 * NaN for an empty array. `p` must be in [0, 1].
 */
export function sortedQuantile(sorted: Float64Array, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`sortedQuantile: p must be in [0, 1], got ${p}`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const low = Math.floor(h);
  const high = Math.min(n - 1, low + 1);
  return sorted[low]! + (h - low) * (sorted[high]! - sorted[low]!);
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * The percentile interval of `replicates` (NaN marks a replicate where the statistic is
 * undefined; those are left out and not counted) around the full-sample `estimate`.
 *
 * @param confidence e.g. 0.95 for the 2.5th and 97.5th percentiles
 */
export function percentileInterval(estimate: number, replicates: Float64Array, confidence: number): Interval {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`percentileInterval: confidence must be between 0 and 1, got ${confidence}`);
  }
  let finite = 0;
  for (let index = 0; index < replicates.length; index++) if (Number.isFinite(replicates[index]!)) finite++;
  const sorted = new Float64Array(finite);
  let next = 0;
  for (let index = 0; index < replicates.length; index++) {
    const value = replicates[index]!;
    if (Number.isFinite(value)) sorted[next++] = value;
  }
  sorted.sort();
  const tail = (1 - confidence) / 2;
  return {
    estimate: finiteOrNull(estimate),
    lower: finiteOrNull(sortedQuantile(sorted, tail)),
    upper: finiteOrNull(sortedQuantile(sorted, 1 - tail)),
    replicates: finite,
  };
}

/**
 * The basic bootstrap interval for the expected value of the statistic at the observed sample
 * sizes (Davison & Hinkley 1997, *Bootstrap Methods and their Application*, §5.2.1, with the
 * bootstrap world's parameter t(F̂) taken as the replicates' mean m, since the quantity estimated
 * is E[T] and T is its unbiased estimator):
 *
 *   [estimate − (q_{1−α/2} − m),  estimate − (q_{α/2} − m)]
 *
 * It keeps the spread and (mirrored) skew of the replicates around their own centre and puts it
 * around the estimate, so the upward shift of resampled distances (bootstrap bias) moves neither
 * end, and the estimate lies inside its interval whenever m lies between the two quantiles.
 * Replicates that are NaN are left out, as in `percentileInterval`.
 */
export function basicInterval(estimate: number, replicates: Float64Array, confidence: number): Interval {
  const percentile = percentileInterval(estimate, replicates, confidence);
  if (percentile.lower === null || percentile.upper === null || !Number.isFinite(estimate)) {
    return { ...percentile, lower: null, upper: null };
  }
  const centre = replicateMean(replicates);
  return {
    estimate: percentile.estimate,
    lower: estimate - (percentile.upper - centre),
    upper: estimate - (percentile.lower - centre),
    replicates: percentile.replicates,
  };
}

/**
 * The replicates mirrored around the estimate, θ̂ + m − θ*: the distribution whose percentile
 * interval is `basicInterval`, so a p-value computed from it inverts the basic interval.
 */
export function mirroredReplicates(estimate: number, replicates: Float64Array): Float64Array {
  const centre = replicateMean(replicates);
  return Float64Array.from(replicates, (value) => estimate + centre - value);
}

/** The mean of the finite replicates; NaN when there is none. */
export function replicateMean(replicates: Float64Array): number {
  let sum = 0;
  let count = 0;
  for (let index = 0; index < replicates.length; index++) {
    const value = replicates[index]!;
    if (Number.isFinite(value)) {
      sum += value;
      count++;
    }
  }
  return count > 0 ? sum / count : Number.NaN;
}

/** The basic interval of a difference (see `basicInterval`), and whether it excludes 0 (summarize.ts adds the multiplicity adjustment). */
export function pairedDifference(estimate: number, replicates: Float64Array, confidence: number): Interval & Pick<PairedDifference, 'excludesZero'> {
  const interval = basicInterval(estimate, replicates, confidence);
  const excludesZero =
    interval.lower === null || interval.upper === null ? null : interval.lower > 0 || interval.upper < 0;
  return { ...interval, excludesZero };
}
