/**
 * Statistical inference on an evaluation: bootstrap confidence intervals for the headline
 * metrics, paired differences between conditions, baselines and a normalised fidelity score.
 *
 * The engine calls it at the end of `evaluateExperiment`, with the populations it built:
 *
 *   computeInference(
 *     { experiment, items: prepared, human: humanPopulation, conditions, conditionInfos },
 *     { replicates: experiment.metrics.bootstrap, resampleHumans: experiment.metrics.resampleHumans, seed: experiment.seed },
 *     { signal, threads, onProgress },
 *   )
 *
 * Worker threads run `inferenceWorker.js` from next to this module (`INFERENCE_WORKER_SOURCE` is
 * the bundler's entry point); without that file the replicates are computed in the calling thread.
 */
export {
  computeInference,
  inferenceWorkerPath,
  INFERENCE_WORKER_FILE,
  INFERENCE_WORKER_SOURCE,
  REPLICATES_PER_BATCH,
  resolveInferenceSettings,
  type InferenceOptions,
} from './compute';
export { humanStrata, type InferenceContext } from './model';
export { structureFidelity } from './summarize';
export {
  DEFAULT_CONFIDENCE,
  DEFAULT_REPLICATES,
  type BaselineInference,
  type ConditionInference,
  type ConditionPairInference,
  type InferenceResults,
  type InferenceSettings,
  type Interval,
  type MethodComparisonInference,
  type PairedDifference,
  type ReversalInference,
} from './types';
