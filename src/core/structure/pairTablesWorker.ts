/**
 * Worker-thread entry of computePairTables (pairTables.ts, pairTablesPool.ts). Receives a plan and
 * the shared buffers per computation, then runs the jobs the main thread hands out, writing straight
 * into the shared outputs.
 */
import { parentPort } from 'node:worker_threads';
import {
  countGroupPair,
  createCountScratch,
  ENCODE_COST_PER_CELL,
  encodeRows,
  type CountScratch,
  type PairTableBuffers,
  type PairTablePlan,
} from './pairTablesKernel';

export interface WorkerSetup {
  plan: PairTablePlan;
  buffers: PairTableBuffers;
}

export type WorkerRequest =
  /** A new computation: the jobs that follow refer to this plan and these buffers. */
  | { kind: 'setup'; setup: WorkerSetup }
  | { kind: 'encode'; rowStart: number; rowEnd: number }
  /** Flat (groupA, groupB) pairs. */
  | { kind: 'count'; groupPairs: Int32Array };

export type WorkerReply =
  /** Work units finished since the last reply. */
  | { kind: 'progress'; units: number }
  | { kind: 'done'; units: number }
  /** A job threw; `name` is the error's class name (e.g. RangeError for bad input). */
  | { kind: 'error'; name: string; message: string };

const PROGRESS_INTERVAL_MS = 200;

if (parentPort) {
  const port = parentPort;
  let current: WorkerSetup | undefined;
  let scratch: CountScratch | undefined;
  port.on('message', (request: WorkerRequest) => {
    try {
      if (request.kind === 'setup') {
        current = request.setup;
        scratch = undefined;
        return;
      }
      if (!current) throw new Error('pairTablesWorker: a job arrived before its setup');
      const { plan, buffers } = current;
      if (request.kind === 'encode') {
        encodeRows(plan, buffers, request.rowStart, request.rowEnd);
        port.postMessage({
          kind: 'done',
          units: (request.rowEnd - request.rowStart) * plan.nItems * ENCODE_COST_PER_CELL,
        } satisfies WorkerReply);
        return;
      }
      scratch ??= createCountScratch(plan);
      const { groupPairs } = request;
      let unreported = 0;
      let lastReport = Date.now();
      for (let index = 0; index < groupPairs.length; index += 2) {
        countGroupPair(plan, buffers, scratch, groupPairs[index]!, groupPairs[index + 1]!);
        unreported += plan.nRows;
        const now = Date.now();
        if (now - lastReport >= PROGRESS_INTERVAL_MS) {
          port.postMessage({ kind: 'progress', units: unreported } satisfies WorkerReply);
          unreported = 0;
          lastReport = now;
        }
      }
      port.postMessage({ kind: 'done', units: unreported } satisfies WorkerReply);
    } catch (error) {
      const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      port.postMessage({ kind: 'error', name, message } satisfies WorkerReply);
    }
  });
}
