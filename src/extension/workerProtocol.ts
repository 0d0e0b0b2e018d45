/**
 * Messages between the extension host and the engine worker (`engineWorker.ts`). One interface
 * per message with a literal `type`; `ToWorker` and `FromWorker` are the unions each side accepts.
 * Everything here is structured-clone safe (no class instances, no functions).
 */
import type { SourceLocation } from '../core/errors';
import type { ProgressEvent } from '../core/engine/progress';
import type { Headline } from '../core/results/types';
import type { SampleFile } from '../core/sample';

/** Host → worker: evaluate one config and write its run folder. Sent once, first. */
export interface StartMessage {
  type: 'start';
  /** Absolute path of the config. */
  configPath: string;
  /** Worker threads for the correlation kernel; 0 or undefined = all cores. */
  threads?: number;
  /** Overrides the config's `output` folder (absolute). */
  outputDir?: string;
  /** Recorded in the results as who ran it. */
  host: string;
}

/** Host → worker: stop as soon as possible; the worker answers with `failed` and `cancelled: true`. */
export interface CancelMessage {
  type: 'cancel';
}

/** Host → worker: generate the bundled sample's files (seconds of CPU: kept off the host's thread). Sent instead of `start`. */
export interface GenerateSampleMessage {
  type: 'generateSample';
}

export type ToWorker = StartMessage | CancelMessage | GenerateSampleMessage;

/** Worker → host: the run's progress (throttled by the engine). */
export interface ProgressMessage {
  type: 'progress';
  event: ProgressEvent;
}

/** Worker → host: the run folder is written. */
export interface DoneMessage {
  type: 'done';
  resultsFile: string;
  runFolder: string;
  runId: string;
  headlines: Headline[];
  /** The CLI's text summary of the run, for the log. */
  summary: string;
  warnings: number;
  durationMs: number;
}

/** A user-fixable problem with where it is. */
export interface ProblemLocation extends SourceLocation {
  /** The message without the location. */
  detail: string;
}

/** Worker → host: the run stopped without a run folder. */
export interface FailedMessage {
  type: 'failed';
  /** One line for people (with `file:line:col:` prefixes for input problems). */
  message: string;
  /** Input problems (config, codebook, data), when the failure is the user's input. */
  locations?: ProblemLocation[];
  /** True when it stopped because the host sent `cancel`. */
  cancelled: boolean;
  /** Stack of an unexpected error, for the log. */
  stack?: string;
}

/** Worker → host: the sample's files, in memory (the host writes them, never overwriting). */
export interface SampleMessage {
  type: 'sample';
  files: SampleFile[];
}

export type FromWorker = ProgressMessage | DoneMessage | FailedMessage | SampleMessage;
