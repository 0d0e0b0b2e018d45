/**
 * One call from a config path to a written run folder: what the CLI's `run` and the editor's
 * task both do.
 */
import { loadExperiment } from '../config/resolve';
import type { ResolvedExperiment } from '../config/resolved';
import { writeRun, type WrittenRun } from '../results/write';
import type { RunResults } from '../results/types';
import { checkExperimentInputs } from './check';
import { evaluateExperiment, type EvaluateOptions } from './evaluate';

export interface RunOptions extends EvaluateOptions {
  /** Overrides the config's `output` folder. */
  outputDir?: string;
  /** Overrides the config's `metrics.bootstrap` (e.g. 0 for a quick look). */
  bootstrap?: number;
}

export interface CompletedRun {
  experiment: ResolvedExperiment;
  results: RunResults;
  written: WrittenRun;
}

export async function runExperimentFile(configPath: string, options: RunOptions = {}): Promise<CompletedRun> {
  const loaded = await loadExperiment(configPath);
  const experiment =
    options.bootstrap === undefined ? loaded : { ...loaded, metrics: { ...loaded.metrics, bootstrap: options.bootstrap } };
  await checkExperimentInputs(experiment);
  const results = await evaluateExperiment(experiment, options);
  const written = await writeRun(results, options.outputDir ?? experiment.output);
  return { experiment, results: { ...results, run: { ...results.run, id: written.id } }, written };
}
