/**
 * Worker thread entry (bundled as dist/engineWorker.js): runs one evaluation off the extension
 * host's thread so the editor stays responsive, reports progress, and stops on `cancel`. The
 * engine's own pair-table workers (dist/pairTablesWorker.js) are started from here. It also
 * generates the bundled sample on request (seconds of CPU the host should not spend).
 */
import { parentPort } from 'node:worker_threads';
import { runExperimentFile } from '../core/engine/run';
import { CancelledError, InputError, InputErrors } from '../core/errors';
import { formatSummary } from '../core/report/summary';
import { generateSample } from '../core/sample';
import type { FromWorker, ProblemLocation, StartMessage, ToWorker } from './workerProtocol';

function post(message: FromWorker): void {
  parentPort?.postMessage(message);
}

function locationsOf(error: InputError | InputErrors): ProblemLocation[] {
  const errors = error instanceof InputErrors ? error.errors : [error];
  return errors.map((each) => ({ ...each.location, detail: each.detail }));
}

async function run(start: StartMessage, signal: AbortSignal): Promise<void> {
  try {
    const completed = await runExperimentFile(start.configPath, {
      signal,
      host: start.host,
      threads: start.threads && start.threads > 0 ? start.threads : undefined,
      outputDir: start.outputDir,
      onProgress: (event) => post({ type: 'progress', event }),
    });
    post({
      type: 'done',
      resultsFile: completed.written.resultsFile,
      runFolder: completed.written.folder,
      runId: completed.written.id,
      headlines: completed.results.headlines,
      summary: formatSummary(completed.results, completed.written.resultsFile),
      warnings: completed.results.warnings.length,
      durationMs: completed.results.run.durationMs,
    });
  } catch (error) {
    if (error instanceof CancelledError || signal.aborted) {
      post({ type: 'failed', message: 'cancelled', cancelled: true });
    } else if (error instanceof InputError || error instanceof InputErrors) {
      post({ type: 'failed', message: error.message, locations: locationsOf(error), cancelled: false });
    } else {
      const unexpected = error instanceof Error ? error : new Error(String(error));
      post({ type: 'failed', message: unexpected.message, stack: unexpected.stack, cancelled: false });
    }
  } finally {
    parentPort?.close();
  }
}

if (parentPort) {
  const controller = new AbortController();
  let started = false;
  parentPort.on('message', (message: ToWorker) => {
    if (message.type === 'cancel') {
      controller.abort();
    } else if (message.type === 'start' && !started) {
      started = true;
      void run(message, controller.signal);
    } else if (message.type === 'generateSample' && !started) {
      started = true;
      post({ type: 'sample', files: generateSample().files });
      parentPort?.close();
    }
  });
}
