/**
 * The bootstrap driver: the full-sample pass in the calling thread, then the replicates in
 * batches, on worker threads when there are any, else in the calling thread with a turn for the
 * event loop between steps. Replicates are assigned to batches by index alone and each batch's
 * numbers depend only on its indices, so the results are the same for any number of threads.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../errors';
import type { InferenceWorkerReply, InferenceWorkerRequest, InferenceWorkerSetup } from './inferenceWorker';
import { buildInferenceModel, type InferenceContext } from './model';
import { ESTIMATE_REPLICATE } from './random';
import { ReplicateEngine } from './replicate';
import { summarizeInference } from './summarize';
import { DEFAULT_CONFIDENCE, DEFAULT_REPLICATES, type InferenceResults, type InferenceSettings } from './types';

/** File name of the compiled worker entry; it sits next to this module (tsc) or next to the bundle (esbuild). */
export const INFERENCE_WORKER_FILE = 'inferenceWorker.js';
/** Source of the worker entry, relative to the repository root, for the bundler's entry points. */
export const INFERENCE_WORKER_SOURCE = 'src/core/inference/inferenceWorker.ts';

/** Where the worker entry is at run time: `out/src/core/inference/` under tsc, `dist/` in the bundle. */
export function inferenceWorkerPath(): string {
  return path.join(__dirname, INFERENCE_WORKER_FILE);
}

/** Replicates per batch: a multiple of 2, 3 and 4, the usual numbers of packed resamples per pass (tables.ts). */
export const REPLICATES_PER_BATCH = 12;

export interface InferenceOptions {
  /** Cancels within a second: workers are terminated and the promise rejects with CancelledError. */
  signal?: AbortSignal;
  /** Fraction of the replicates done (0..1), at least every second while computing, and 1 at the end. */
  onProgress?: (fraction: number) => void;
  /** Worker threads; default os.availableParallelism(). 0 computes in the calling thread. */
  threads?: number;
  /** Worker entry to run; default `inferenceWorkerPath()`. */
  workerFile?: string;
}

const PROGRESS_INTERVAL_MS = 250;
/** Longest stretch of in-thread work between two turns of the event loop (abort events, timers). */
const YIELD_INTERVAL_MS = 50;

/** The settings with defaults filled in; throws a RangeError naming the bad field. */
export function resolveInferenceSettings(settings: Partial<InferenceSettings> & Pick<InferenceSettings, 'seed'>): Required<InferenceSettings> {
  const replicates = settings.replicates ?? DEFAULT_REPLICATES;
  const confidence = settings.confidence ?? DEFAULT_CONFIDENCE;
  if (!Number.isInteger(replicates) || replicates < 1) {
    throw new RangeError(`computeInference: replicates must be a positive integer, got ${replicates}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`computeInference: confidence must be between 0 and 1, got ${confidence}`);
  }
  if (!Number.isFinite(settings.seed)) throw new RangeError(`computeInference: seed must be a finite number, got ${settings.seed}`);
  return {
    replicates,
    resampleHumans: settings.resampleHumans ?? true,
    seed: settings.seed,
    confidence,
    baselines: settings.baselines ?? true,
  };
}

function batchesOf(replicates: number): number[][] {
  const batches: number[][] = [];
  for (let start = 0; start < replicates; start += REPLICATES_PER_BATCH) {
    const batch: number[] = [];
    for (let index = start; index < Math.min(replicates, start + REPLICATES_PER_BATCH); index++) batch.push(index);
    batches.push(batch);
  }
  return batches;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs a batch's steps in this thread, giving the event loop a turn every YIELD_INTERVAL_MS. */
async function driveInThread(
  steps: Generator<number, void, void>,
  signal: AbortSignal | undefined,
  onStep: (fraction: number) => void,
): Promise<void> {
  let lastTurn = Date.now();
  for (const fraction of steps) {
    onStep(fraction);
    if (Date.now() - lastTurn >= YIELD_INTERVAL_MS) {
      await nextTurn();
      lastTurn = Date.now();
    }
    if (signal?.aborted) throw new CancelledError();
  }
}

/**
 * Bootstrap confidence intervals for every headline metric, paired differences between
 * conditions, the baselines and the fidelity score (see types.ts). Call it with what
 * `evaluateExperiment` has at its end; the estimates equal the run's headline numbers.
 */
export async function computeInference(
  context: InferenceContext,
  settings: Partial<InferenceSettings> & Pick<InferenceSettings, 'seed'>,
  options: InferenceOptions = {},
): Promise<InferenceResults> {
  const { signal } = options;
  if (signal?.aborted) throw new CancelledError();
  const resolved = resolveInferenceSettings(settings);
  let lastReport = Date.now();
  const report = (fraction: number, force = false) => {
    if (!options.onProgress) return;
    const now = Date.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    options.onProgress(Math.min(1, fraction));
  };
  report(0, true);
  const model = buildInferenceModel(context, resolved);
  const engine = new ReplicateEngine(model);
  const count = engine.stats.count;
  const estimate = new Float64Array(count);
  await driveInThread(engine.run([ESTIMATE_REPLICATE], estimate), signal, () => report(0));

  const replicates = new Float64Array(resolved.replicates * count);
  const batches = batchesOf(resolved.replicates);

  const workerFile = options.workerFile ?? inferenceWorkerPath();
  const threads = Math.max(0, Math.floor(options.threads ?? os.availableParallelism()));
  // One batch is not worth a thread's start-up.
  if (threads === 0 || batches.length < 2 || !fs.existsSync(workerFile)) {
    let done = 0;
    for (const batch of batches) {
      const out = replicates.subarray(batch[0]! * count, (batch[batch.length - 1]! + 1) * count);
      await driveInThread(engine.run(batch, out), signal, (fraction) =>
        report((done + fraction * batch.length) / resolved.replicates),
      );
      done += batch.length;
    }
  } else {
    const setup: InferenceWorkerSetup = { model, fullHuman: engine.fullHumanState() };
    await runOnWorkers(setup, batches, replicates, count, Math.min(threads, batches.length), workerFile, signal, (fraction) =>
      report(fraction),
    );
  }
  report(1, true);
  return summarizeInference(model, estimate, replicates);
}

function runOnWorkers(
  setup: InferenceWorkerSetup,
  batches: number[][],
  replicates: Float64Array,
  count: number,
  workerCount: number,
  workerFile: string,
  signal: AbortSignal | undefined,
  onProgress: (fraction: number) => void,
): Promise<void> {
  const total = replicates.length / count;
  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    const partial = new Map<number, number>();
    let next = 0;
    let done = 0;
    let finished = false;
    const progress = () => {
      let inFlight = 0;
      for (const [batch, fraction] of partial) inFlight += fraction * batches[batch]!.length;
      onProgress((done + inFlight) / total);
    };
    // Workers report every 200 ms, but a busy machine can delay their messages: keep the caller's
    // progress (and ETA) ticking regardless.
    const ticker = setInterval(progress, PROGRESS_INTERVAL_MS * 2);
    ticker.unref();
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      clearInterval(ticker);
      signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) void worker.terminate();
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => finish(new CancelledError());
    const dispatch = (worker: Worker) => {
      if (next >= batches.length) {
        if (partial.size === 0) finish();
        return;
      }
      const batch = next++;
      partial.set(batch, 0);
      worker.postMessage({ kind: 'batch', batch, replicates: batches[batch]! } satisfies InferenceWorkerRequest);
    };
    signal?.addEventListener('abort', onAbort);
    for (let index = 0; index < workerCount; index++) {
      const worker = new Worker(workerFile, { workerData: setup });
      workers.push(worker);
      worker.on('message', (reply: InferenceWorkerReply) => {
        if (finished) return;
        if (reply.kind === 'error') {
          finish(new Error(`computeInference: worker failed: ${reply.message}`));
          return;
        }
        if (reply.kind === 'progress') {
          partial.set(reply.batch, reply.fraction);
          progress();
          return;
        }
        const first = batches[reply.batch]![0]!;
        replicates.set(reply.values, first * count);
        partial.delete(reply.batch);
        done += batches[reply.batch]!.length;
        progress();
        dispatch(worker);
      });
      worker.on('error', (error) => finish(new Error(`computeInference: worker failed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (!finished) finish(new Error(`computeInference: worker exited with code ${code} before finishing`));
      });
    }
    for (const worker of workers) dispatch(worker);
  });
}
