/**
 * Worker-thread entry of computeInference (compute.ts). Receives the model once, then computes
 * the batches of replicates the main thread hands out and sends back their rows.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { InferenceModel } from './model';
import { ReplicateEngine, type HumanState } from './replicate';

export interface InferenceWorkerSetup {
  model: InferenceModel;
  /** The calling thread's full-sample human state (its tables and matrices are not recounted). */
  fullHuman: HumanState;
}

export type InferenceWorkerRequest = { kind: 'batch'; batch: number; replicates: number[] };

export type InferenceWorkerReply =
  | { kind: 'progress'; batch: number; fraction: number }
  | { kind: 'done'; batch: number; values: Float64Array }
  | { kind: 'error'; message: string };

const PROGRESS_INTERVAL_MS = 200;

if (parentPort) {
  const port = parentPort;
  const { model, fullHuman } = workerData as InferenceWorkerSetup;
  const engine = new ReplicateEngine(model, fullHuman);
  port.on('message', (request: InferenceWorkerRequest) => {
    try {
      const values = new Float64Array(request.replicates.length * engine.stats.count);
      let lastReport = Date.now();
      for (const fraction of engine.run(request.replicates, values)) {
        const now = Date.now();
        if (now - lastReport >= PROGRESS_INTERVAL_MS && fraction < 1) {
          lastReport = now;
          port.postMessage({ kind: 'progress', batch: request.batch, fraction } satisfies InferenceWorkerReply);
        }
      }
      port.postMessage({ kind: 'done', batch: request.batch, values } satisfies InferenceWorkerReply, [values.buffer]);
    } catch (error) {
      port.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) } satisfies InferenceWorkerReply);
    }
  });
}
