/**
 * How the bootstrap runs. What it reports (intervals, paired differences, baselines) is part of
 * the results file, so those types live in src/core/results/inference.ts; they are re-exported
 * here for the inference code.
 */

export interface InferenceSettings {
  /** Bootstrap replicates B (default 1,000). */
  replicates: number;
  /** Also resample the human respondents in each replicate (within their strata, carrying their weights; default true). */
  resampleHumans: boolean;
  /** Seed of every draw; each replicate's draws derive from (seed, replicate index) alone. */
  seed: number;
  /** Coverage of the percentile intervals (default 0.95: the 2.5th and 97.5th percentiles). */
  confidence: number;
  /** Compute the uniform, independence-null and split-half baselines and the fidelity score (default true). */
  baselines?: boolean;
}

export const DEFAULT_REPLICATES = 1000;
export const DEFAULT_CONFIDENCE = 0.95;

export type {
  BaselineInference,
  ConditionInference,
  ConditionPairInference,
  InferenceResults,
  Interval,
  MethodComparisonInference,
  PairedDifference,
  ReversalInference,
} from '../results/inference';
