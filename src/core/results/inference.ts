/**
 * The `inference` section of the results file: confidence intervals for every headline metric,
 * paired differences between conditions, and three baselines that say what a structure r of,
 * say, 0.6 is worth. The bootstrap (src/core/inference) writes it; the CLI summary, hovers and
 * charts read it through these types. Everything is JSON-serialisable: numbers or null (never
 * NaN), plain arrays.
 */
import type { CorrelationMethod } from '../config/resolved';

/**
 * A statistic with its percentile bootstrap interval. `estimate` is the full-sample value (the
 * engine's number); `lower` and `upper` are the (1 - confidence)/2 and (1 + confidence)/2
 * quantiles of the replicates where the statistic is defined, `replicates` how many those were.
 * All null when the statistic is undefined on the full sample and in every replicate.
 */
export interface Interval {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  replicates: number;
}

/**
 * A difference (condition A minus condition B) with its interval from the same replicates, and
 * the same corrected for comparing every pair of conditions: Holm across the condition pairs,
 * separately for each measure (`InferenceResults.settings.multiplicity`).
 */
export interface PairedDifference extends Interval {
  /** True when the interval lies entirely above or below 0; null without an interval. */
  excludesZero: boolean | null;
  /**
   * Two-sided bootstrap p-value for a difference of 0, 2 · min(1 + #{d* ≤ 0}, 1 + #{d* ≥ 0}) / (1 + B)
   * over the replicate differences d* (the inversion of the percentile interval; never below
   * 2 / (1 + B)); null without replicates.
   */
  pValue: number | null;
  /** Holm's step-down adjusted p-value over the condition pairs of this measure. */
  pAdjusted: number | null;
  /** Confidence level of the adjusted interval: 1 − α / (pairs − rank + 1), α = 1 − confidence, at this p-value's Holm rank. */
  adjustedConfidence: number | null;
  /** The percentile interval at `adjustedConfidence` (wider than lower/upper with more than one pair). */
  adjustedLower: number | null;
  adjustedUpper: number | null;
  /** True when the adjusted interval lies entirely above or below 0; null without it. */
  excludesZeroAdjusted: boolean | null;
}

export interface MethodComparisonInference {
  method: CorrelationMethod;
  /** Pearson r between the human and model upper triangles (respondent level, group `all`). */
  r: Interval;
  rmse: Interval;
  /** Mean absolute difference of the correlations. */
  mad: Interval;
  /** Lin's concordance between the human and model correlations. */
  concordance: Interval;
}

export interface ConditionInference {
  condition: string;
  /** The headline marginal distance (normalised W1 / TV over the common items; basis as in the headline). */
  marginalDistance: Interval;
  /** The headline answer coverage (share of valid answers), on the same basis. */
  marginalCoverage: Interval;
  /**
   * The sampling-noise floor: the headline distance expected of a sample of the humans themselves
   * at this condition's cell sizes (the mean over the replicates of a multinomial draw from the
   * human distribution of every cell, compared with the replicate's humans). Null without replicates.
   */
  marginalFloor: number | null;
  /** Distance minus floor: 0 for a model indistinguishable from a sample of the humans. Its interval is the distance's, shifted by the floor. */
  marginalExcess: Interval;
  /** Method of structureR/Rmse/Mad/Concordance: the first configured correlation method. */
  structureMethod: CorrelationMethod | null;
  /**
   * Basis of structureR/Rmse/Mad/Concordance, as the headline's: within groups combined
   * (`partition`: humans' weighted shares of `headlineGroups`; `groups`: equal weights), or the
   * pooled group `all`.
   */
  structureBasis: 'partition' | 'groups' | 'all';
  structureR: Interval;
  structureRmse: Interval;
  structureMad: Interval;
  structureConcordance: Interval;
  /** Every configured method at respondent level, group `all` (pooled, whatever the headline's basis). */
  comparisons: MethodComparisonInference[];
  /** Pearson r of the group-mean correlation matrices (the source study's measure). */
  groupMeanR: Interval;
  /**
   * (r_model - r_null) / (r_ceiling - r_null): 0 at the independence null, 1 at the split-half
   * ceiling. The baselines are pooled human samples, so r_model here is the pooled (`all`) r of
   * the first method, not the within-group headline.
   */
  fidelity: Interval;
  /** Divergence of each item's `all` cell (the engine's `distance`). */
  items: { item: string; distance: Interval; floor: number | null; excess: Interval }[];
}

export interface ConditionPairInference {
  /** The difference is conditionA - conditionB. */
  conditionA: string;
  conditionB: string;
  marginalDistance: PairedDifference;
  /** Differences of the structure headlines (each condition on its own basis). */
  structureR: PairedDifference;
  structureRmse: PairedDifference;
  structureConcordance: PairedDifference;
  groupMeanR: PairedDifference;
}

/** The measures every pair carries, in the order the bootstrap writes them. */
export const PAIRED_MEASURES = [
  'marginalDistance',
  'structureR',
  'structureRmse',
  'structureConcordance',
  'groupMeanR',
] as const satisfies readonly (keyof ConditionPairInference)[];
export type PairedMeasure = (typeof PAIRED_MEASURES)[number];

export interface BaselineInference {
  /** What the baseline is, in one sentence (for tooltips and reports). */
  description: string;
  /** Respondents in the baseline sample (per half for the split-half ceiling). */
  nRespondents: number;
  /** `all`-group marginal distance to the humans (equal-weight mean over the common items, as the engine aggregates). */
  marginalDistance: Interval;
  /** r between the human and the baseline matrices, first correlation method, group `all`. */
  structureR: Interval;
}

export interface ReversalInference {
  /** True when the condition closest on marginals is not the one closest on structure. */
  detected: boolean;
  closestOnMarginals: string;
  closestOnStructure: string;
  /** Whether the Holm-adjusted paired difference in marginal distance between the two excludes 0 (null when not detected). */
  marginalDifferenceSignificant: boolean | null;
  /** Whether the Holm-adjusted paired difference in structure r excludes 0 (null when not detected). */
  structureDifferenceSignificant: boolean | null;
  /** The finding in words, for the CLI and the panel. */
  sentence: string;
}

export interface InferenceResults {
  settings: {
    replicates: number;
    resampleHumans: boolean;
    seed: number;
    confidence: number;
    baselines: boolean;
    /**
     * `basic`: the basic bootstrap interval for the statistic's expected value at the observed
     * sample sizes, [estimate − (q_hi − mean), estimate − (q_lo − mean)] (src/core/inference/percentile.ts);
     * `percentile` (files written before 0.2): the replicates' quantiles.
     */
    interval: 'basic' | 'percentile';
    /** Quantile definition of the interval ends. */
    quantile: 'linear interpolation (R type 7)';
    /** How the paired differences are adjusted for comparing several pairs; `none` in files written before. */
    multiplicity: 'Holm across condition pairs, per measure' | 'none';
  };
  conditions: ConditionInference[];
  /** Every pair of conditions, in condition order (A before B). */
  pairs: ConditionPairInference[];
  /** Null when `settings.baselines` is false. */
  baselines: {
    uniform: BaselineInference;
    independenceNull: BaselineInference;
    splitHalfCeiling: BaselineInference;
  } | null;
  /** Null with fewer than two conditions with both a marginal distance and a structure r. */
  reversal: ReversalInference | null;
  /** Things to know when reading the intervals (e.g. replicates where a statistic was undefined). */
  notes: string[];
}

/** The part of a run these lookups read (a `RunResults` is one). */
export interface WithInference {
  inference: InferenceResults | null;
}

/** A condition's intervals, or undefined when the run has no inference section or not that condition. */
export function conditionInference(results: WithInference, condition: string): ConditionInference | undefined {
  return results.inference?.conditions.find((entry) => entry.condition === condition);
}

/** The interval of an item's marginal distance (`all` group) for a condition, when the run has one. */
export function itemDistanceInterval(results: WithInference, condition: string, item: string): Interval | undefined {
  return conditionInference(results, condition)?.items.find((entry) => entry.item === item)?.distance;
}
