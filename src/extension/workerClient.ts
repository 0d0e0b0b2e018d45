/**
 * Where the engine worker is and the one-shot request the host makes of it besides runs
 * (generating the sample). No editor API here, so unit tests use it as the extension does.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SampleFile } from '../core/sample';
import type { FromWorker, ToWorker } from './workerProtocol';

/** The worker entry: dist/engineWorker.js next to dist/extension.js (the tsc output in unit tests). */
export function engineWorkerPath(): string {
  return path.join(__dirname, 'engineWorker.js');
}

/** The bundled sample's files, generated in a worker thread so the extension host stays responsive. */
export function generateSampleInWorker(workerFile = engineWorkerPath()): Promise<SampleFile[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile);
    let answered = false;
    worker.on('message', (message: FromWorker) => {
      if (message.type !== 'sample') return;
      answered = true;
      resolve(message.files);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`generating the sample stopped unexpectedly (worker exit code ${code})`));
    });
    worker.postMessage({ type: 'generateSample' } satisfies ToWorker);
  });
}
