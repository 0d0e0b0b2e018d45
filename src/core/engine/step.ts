/**
 * What every step of the evaluation pipeline shares: the experiment, the warnings it appends to,
 * the cancel signal and the progress tracker. Steps take this plus their own typed input and
 * return their own typed output, so `evaluateExperiment` reads as the pipeline.
 */
import type { ColumnRule, ResolvedExperiment } from '../config/resolved';
import type { Warning } from '../results/types';
import type { ProgressTracker } from './progress';

export interface StepContext {
  experiment: ResolvedExperiment;
  /** Appended to in pipeline order; the results list them in that order. */
  warnings: Warning[];
  signal: AbortSignal | undefined;
  progress: ProgressTracker;
  /** The experiment's missing-code policy (negative codes and `missing.codes`). */
  isMissingCode: (code: number) => boolean;
  /** Worker threads for the correlation kernel and the bootstrap; undefined: all cores. */
  threads: number | undefined;
}

/** Row indices where `mask` is set, ascending. */
export function rowsOf(mask: Uint8Array): Uint32Array {
  let count = 0;
  for (let row = 0; row < mask.length; row++) count += mask[row]!;
  const rows = new Uint32Array(count);
  let next = 0;
  for (let row = 0; row < mask.length; row++) if (mask[row]) rows[next++] = row;
  return rows;
}

export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

export function ruleColumnsOf(rules: readonly ColumnRule[]): string[] {
  return unique(rules.map((rule) => rule.column));
}
