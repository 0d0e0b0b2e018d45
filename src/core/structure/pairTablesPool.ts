/**
 * Worker threads for computePairTables, kept alive between computations so an evaluation that counts
 * many populations and groups pays the thread start-up once. One computation runs at a time; later
 * calls wait their turn. Idle workers do not keep the process alive.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../errors';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './pairTablesWorker';

/** File name of the compiled worker entry; it sits next to this module (tsc) or next to the bundle (esbuild). */
export const PAIR_TABLES_WORKER_FILE = 'pairTablesWorker.js';
/** Source of the worker entry, relative to the repository root, for the bundler's entry points. */
export const PAIR_TABLES_WORKER_SOURCE = 'src/core/structure/pairTablesWorker.ts';

/** Where the worker entry is at run time: `out/src/core/structure/` under tsc, `dist/` in the bundle. */
export function pairTablesWorkerPath(): string {
  return path.join(__dirname, PAIR_TABLES_WORKER_FILE);
}

export interface PairTablesPoolOptions {
  /** Worker threads; default os.availableParallelism(). */
  threads?: number;
  /** Worker entry to run; default `pairTablesWorkerPath()`. */
  workerFile?: string;
}

/** A unit of work for one worker, with its share of the progress. */
export interface PoolJob {
  request: WorkerRequest;
  units: number;
}

export interface PoolRunOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** Workers to use for this run (at most the pool's threads). */
  workers: number;
}

interface ActiveRun {
  onReply(worker: Worker, reply: WorkerReply): void;
  fail(error: Error): void;
}

/** Least time between two progress calls while workers report. */
const PROGRESS_SPACING_MS = 100;

export class PairTablesPool {
  readonly threads: number;
  readonly workerFile: string;
  private workers: Worker[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private active: ActiveRun | undefined;
  private closed = false;

  constructor(options: PairTablesPoolOptions = {}) {
    this.threads = Math.max(0, Math.floor(options.threads ?? os.availableParallelism()));
    this.workerFile = options.workerFile ?? pairTablesWorkerPath();
  }

  /** False when the pool has no threads or the worker entry file is missing (then counting stays in the calling thread). */
  get usable(): boolean {
    return !this.closed && this.threads > 0 && fs.existsSync(this.workerFile);
  }

  /**
   * Runs the encode jobs, then the count jobs, on `options.workers` threads. Rejects with
   * CancelledError when `signal` aborts (the workers are terminated, within a second) and with an
   * Error naming computePairTables when a worker fails.
   */
  run(setup: WorkerSetup, encodeJobs: PoolJob[], countJobs: PoolJob[], options: PoolRunOptions): Promise<void> {
    const result = this.queue.then(() => this.runNow(setup, encodeJobs, countJobs, options));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Terminates the workers. The pool cannot be used afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    await this.terminateAll();
  }

  private runNow(setup: WorkerSetup, encodeJobs: PoolJob[], countJobs: PoolJob[], options: PoolRunOptions): Promise<void> {
    const { signal, onProgress } = options;
    if (this.closed) return Promise.reject(new Error('computePairTables: the worker pool is closed'));
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const count = Math.max(1, Math.min(this.threads, options.workers));
    while (this.workers.length < count) this.workers.push(this.spawn());
    const workers = this.workers.slice(0, count);
    const totalUnits = [...encodeJobs, ...countJobs].reduce((sum, job) => sum + job.units, 0) || 1;

    return new Promise<void>((resolve, reject) => {
      let finished = false;
      let doneUnits = 0;
      let lastReport = 0;
      let pending = encodeJobs.slice();
      let phase: 'encode' | 'count' = 'encode';
      let busy = 0;

      const report = (): void => {
        const now = Date.now();
        if (!onProgress || now - lastReport < PROGRESS_SPACING_MS) return;
        lastReport = now;
        onProgress(Math.min(1, doneUnits / totalUnits));
      };
      const finish = (error?: Error): void => {
        if (finished) return;
        finished = true;
        this.active = undefined;
        signal?.removeEventListener('abort', onAbort);
        if (error) {
          // A cancelled or failed run leaves workers mid-job: drop them, new ones start on the next run.
          void this.terminateAll();
          reject(error);
          return;
        }
        for (const worker of workers) worker.unref();
        resolve();
      };
      const onAbort = (): void => finish(new CancelledError());
      const dispatch = (worker: Worker): void => {
        const job = pending.shift();
        if (job) {
          busy++;
          worker.postMessage(job.request);
          return;
        }
        if (busy > 0) return;
        if (phase === 'encode') {
          phase = 'count';
          pending = countJobs.slice();
          for (const idle of workers) dispatch(idle);
          return;
        }
        finish();
      };

      this.active = {
        onReply: (worker, reply) => {
          if (finished) return;
          if (reply.kind === 'error') {
            // The kernel's errors name computePairTables already; keep their class for callers.
            finish(reply.name === 'RangeError' ? new RangeError(reply.message) : new Error(reply.message));
            return;
          }
          doneUnits += reply.units;
          report();
          if (reply.kind === 'done') {
            busy--;
            dispatch(worker);
          }
        },
        fail: finish,
      };
      signal?.addEventListener('abort', onAbort);
      for (const worker of workers) {
        worker.ref();
        worker.postMessage({ kind: 'setup', setup } satisfies WorkerRequest);
      }
      for (const worker of workers) dispatch(worker);
    });
  }

  private spawn(): Worker {
    const worker = new Worker(this.workerFile);
    worker.on('message', (reply: WorkerReply) => this.active?.onReply(worker, reply));
    worker.on('error', (error: Error) => {
      this.forget(worker);
      this.active?.fail(new Error(`computePairTables: worker failed: ${error.message}`));
    });
    worker.on('exit', (code: number) => {
      // Workers this pool terminates are forgotten first; any other exit is a failure.
      if (this.forget(worker)) this.active?.fail(new Error(`computePairTables: worker exited with code ${code}`));
    });
    worker.unref();
    return worker;
  }

  private forget(worker: Worker): boolean {
    const index = this.workers.indexOf(worker);
    if (index < 0) return false;
    this.workers.splice(index, 1);
    return true;
  }

  private async terminateAll(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
