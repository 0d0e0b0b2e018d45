/**
 * Runs a config's evaluation in a worker thread: one run per config at a time, progress with an
 * ETA in a cancellable notification and in the status bar, the log in the "RepScope" output
 * channel. Cancelling asks the worker to stop and terminates it if it has not stopped within a
 * second; the engine writes a run folder only at the end (under a hidden `.partial-*` name,
 * renamed into place), and a `.partial-*` folder left by a terminated worker is removed.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { COMMANDS } from '../core/commandIds';
import type { ProgressEvent } from '../core/engine/progress';
import { formatLocation } from '../core/errors';
import { formatDuration, headlinesShort } from '../core/report/format';
import type { Headline } from '../core/results/types';
import type { ConfigProblem } from './configProblems';
import { workspaceRelative } from './configs';
import { ResultsPanel } from './panel';
import { listPartialFolders, removeNewPartialFolders } from './runFolders';
import type { RunStore } from './runs';
import type { Settings } from './settings';
import { engineWorkerPath } from './workerClient';
import type { FromWorker, StartMessage, ToWorker } from './workerProtocol';

/** How long a cancelled worker may take to stop before it is terminated. */
export const CANCEL_GRACE_MS = 1000;

export type RunOutcome =
  | { status: 'done'; configFile: string; resultsFile: string; runFolder: string; runId: string; headlines: Headline[] }
  | { status: 'failed'; configFile: string; message: string; problems: ConfigProblem[] }
  | { status: 'cancelled'; configFile: string };

export interface RunRequest {
  config: vscode.Uri;
  /** A cancellable progress notification (default true; tasks show progress in their terminal). */
  notify?: boolean;
  /** Threads for this run; default the `repscope.threads` setting. */
  threads?: number;
  /** Called with each progress event (also when joining a run already going). */
  onProgress?: (event: ProgressEvent) => void;
  /** Called with each log line of this run. */
  onLog?: (line: string) => void;
  /** Open the results panel beside the config when the run succeeds (default true). */
  showResults?: boolean;
}

/** A run in progress. */
export interface ActiveRun {
  readonly config: vscode.Uri;
  readonly startedAt: number;
  readonly progress: ProgressEvent | undefined;
  readonly done: Promise<RunOutcome>;
  cancel(): Promise<void>;
}

function progressText(event: ProgressEvent | undefined): string {
  if (!event) return 'starting';
  const percent = `${Math.round(event.fraction * 100)}%`;
  const eta = event.etaSeconds !== undefined ? ` · ${formatDuration(event.etaSeconds)} left` : '';
  return `${percent} ${event.stage}${eta}`;
}

class WorkerRun implements ActiveRun {
  progress: ProgressEvent | undefined;
  readonly startedAt = Date.now();
  readonly done: Promise<RunOutcome>;
  readonly progressListeners = new Set<(event: ProgressEvent) => void>();
  readonly logListeners = new Set<(line: string) => void>();
  private settle!: (outcome: RunOutcome) => void;
  private settled = false;
  private cancelling: Promise<void> | undefined;
  private exited: Promise<void>;
  private readonly worker: Worker;
  private readonly preexistingPartials: Promise<Set<string>>;

  constructor(
    readonly config: vscode.Uri,
    start: StartMessage,
    workerFile: string,
    private readonly outputFolder: string,
    private readonly configHash: Promise<string>,
    private readonly log: (line: string) => void,
    private readonly onProgressChanged: () => void,
  ) {
    this.done = new Promise((resolve) => {
      this.settle = (outcome) => {
        if (this.settled) return;
        this.settled = true;
        resolve(outcome);
      };
    });
    this.preexistingPartials = listPartialFolders(outputFolder);
    this.worker = new Worker(workerFile);
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', (message: FromWorker) => this.onMessage(message));
    this.worker.on('error', (error) => {
      this.emitLog(`error: ${error.stack ?? error.message}`);
      this.settle({ status: 'failed', configFile: config.fsPath, message: error.message, problems: [] });
    });
    this.worker.once('exit', (code) => {
      if (!this.settled) {
        const message = this.cancelling ? 'cancelled' : `the evaluation stopped unexpectedly (worker exit code ${code})`;
        this.settle(this.cancelling ? { status: 'cancelled', configFile: config.fsPath } : { status: 'failed', configFile: config.fsPath, message, problems: [] });
      }
    });
    this.post(start);
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  emitLog(line: string): void {
    this.log(line);
    for (const listener of this.logListeners) listener(line);
  }

  private onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'progress':
        this.progress = message.event;
        for (const listener of this.progressListeners) listener(message.event);
        this.onProgressChanged();
        if (message.event.message) this.emitLog(`${message.event.stage}: ${message.event.message}`);
        return;
      case 'done':
        for (const line of message.summary.split('\n')) this.emitLog(line);
        this.settle({
          status: 'done',
          configFile: this.config.fsPath,
          resultsFile: message.resultsFile,
          runFolder: message.runFolder,
          runId: message.runId,
          headlines: message.headlines,
        });
        void this.worker.terminate();
        return;
      case 'failed': {
        if (message.cancelled) {
          this.emitLog('cancelled; no run folder was written');
          this.settle({ status: 'cancelled', configFile: this.config.fsPath });
        } else {
          const problems: ConfigProblem[] = (message.locations ?? []).map(({ detail, ...location }) => ({ location, detail }));
          if (problems.length > 0) for (const problem of problems) this.emitLog(`${formatLocation(problem.location)}: ${problem.detail}`);
          else this.emitLog(`failed: ${message.message}`);
          if (message.stack) this.emitLog(message.stack);
          this.settle({ status: 'failed', configFile: this.config.fsPath, message: message.message, problems });
        }
        void this.worker.terminate();
        return;
      }
      case 'sample':
        // Only answered to a `generateSample` request, never during a run.
        return;
    }
  }

  /** Asks the worker to stop; terminates it after `CANCEL_GRACE_MS` and removes what it left. */
  cancel(): Promise<void> {
    if (this.settled) return Promise.resolve();
    this.cancelling ??= this.cancelNow();
    return this.cancelling;
  }

  private async cancelNow(): Promise<void> {
    this.emitLog('cancelling…');
    this.post({ type: 'cancel' });
    let timer: NodeJS.Timeout | undefined;
    const stoppedInTime = await Promise.race([
      this.done.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), CANCEL_GRACE_MS);
      }),
    ]);
    if (timer) clearTimeout(timer);
    if (!stoppedInTime) {
      this.emitLog(`the worker did not stop within ${CANCEL_GRACE_MS} ms; terminating it`);
      await this.worker.terminate();
      await this.exited;
      await this.removeLeftovers();
      this.settle({ status: 'cancelled', configFile: this.config.fsPath });
    }
    await this.done;
  }

  /** Removes the hidden `.partial-*` folder a terminated worker may have left mid-write. */
  private async removeLeftovers(): Promise<void> {
    const removed = await removeNewPartialFolders(this.outputFolder, await this.preexistingPartials, await this.configHash);
    for (const name of removed) this.emitLog(`removed the unfinished run folder ${name}`);
  }

  /** Kills the worker at once (extension shutdown). */
  async terminate(): Promise<void> {
    if (this.settled) return;
    await this.worker.terminate();
    await this.removeLeftovers();
    this.settle({ status: 'cancelled', configFile: this.config.fsPath });
  }
}

async function fileHash(file: string): Promise<string> {
  try {
    return createHash('sha256').update(await fs.readFile(file)).digest('hex');
  } catch {
    return '';
  }
}

export interface RunnerOptions {
  /** Worker entry; default `engineWorkerPath()`. */
  workerFile?: string;
}

export class Runner implements vscode.Disposable {
  private readonly active = new Map<string, WorkerRun>();
  private readonly output: vscode.LogOutputChannel;
  private readonly statusBar: vscode.StatusBarItem;
  private readonly started = new vscode.EventEmitter<ActiveRun>();
  private readonly finished = new vscode.EventEmitter<RunOutcome>();
  private readonly progressed = new vscode.EventEmitter<ActiveRun>();
  private readonly workerFile: string;
  /** A run started. */
  readonly onDidStart = this.started.event;
  /** A run ended (done, failed or cancelled). */
  readonly onDidFinish = this.finished.event;
  /** A run reported progress. */
  readonly onDidProgress = this.progressed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly settings: Settings,
    private readonly runs: RunStore,
    options: RunnerOptions = {},
  ) {
    this.workerFile = options.workerFile ?? engineWorkerPath();
    this.output = vscode.window.createOutputChannel('RepScope', { log: true });
    this.statusBar = vscode.window.createStatusBarItem('repscope.runs', vscode.StatusBarAlignment.Left, 10);
    this.statusBar.name = 'RepScope runs';
    this.statusBar.command = COMMANDS.cancel;
  }

  /** The "RepScope" output channel (the log of every run). */
  get log(): vscode.LogOutputChannel {
    return this.output;
  }

  activeRun(config: vscode.Uri): ActiveRun | undefined {
    return this.active.get(config.toString());
  }

  activeRuns(): ActiveRun[] {
    return [...this.active.values()];
  }

  /**
   * Runs a config (or joins its run already going) and resolves when it ends. Never rejects:
   * failures and cancellation are outcomes.
   */
  run(request: RunRequest): Promise<RunOutcome> {
    const existing = this.active.get(request.config.toString());
    if (existing) {
      this.output.info(`${workspaceRelative(request.config)} is already running; waiting for that run`);
      this.listen(existing, request);
      return existing.done;
    }
    return this.startRun(request);
  }

  private listen(run: WorkerRun, request: RunRequest): void {
    const { onProgress, onLog } = request;
    if (onProgress) run.progressListeners.add(onProgress);
    if (onLog) run.logListeners.add(onLog);
    void run.done.then(() => {
      if (onProgress) run.progressListeners.delete(onProgress);
      if (onLog) run.logListeners.delete(onLog);
    });
  }

  private async startRun(request: RunRequest): Promise<RunOutcome> {
    const config = request.config;
    const key = config.toString();
    const name = workspaceRelative(config);
    const override = this.settings.current.outputFolder.trim();
    const outputFolder = await this.runs.outputFolder(config);
    // A second call may have started the run while the output folder was being read.
    const raced = this.active.get(key);
    if (raced) {
      this.listen(raced, request);
      return raced.done;
    }
    const threads = request.threads ?? this.settings.current.threads;
    const start: StartMessage = { type: 'start', configPath: config.fsPath, host: 'vscode', threads };
    if (override !== '') start.outputDir = outputFolder;
    const log = (line: string) => this.output.info(`[${name}] ${line}`);
    const run = new WorkerRun(config, start, this.workerFile, outputFolder, fileHash(config.fsPath), log, () => {
      this.updateStatusBar();
      this.progressed.fire(run);
    });
    this.active.set(key, run);
    this.listen(run, request);
    log(`run started (${threads > 0 ? `${threads} threads` : 'all cores'}; output ${outputFolder})`);
    this.started.fire(run);
    this.updateStatusBar();
    if (request.notify ?? true) this.showNotification(run, name);

    const outcome = await run.done;
    this.active.delete(key);
    this.updateStatusBar();
    const seconds = ((Date.now() - run.startedAt) / 1000).toFixed(1);
    if (outcome.status === 'done') {
      log(`done in ${seconds} s: ${headlinesShort(outcome.headlines)}`);
      this.runs.notifyChanged();
      if (request.showResults ?? true) ResultsPanel.createOrShow(this.extensionUri, outcome.resultsFile);
    } else if (outcome.status === 'cancelled') {
      log(`cancelled after ${seconds} s`);
    } else {
      log(`failed after ${seconds} s`);
      if (request.notify ?? true) void this.showFailure(name, outcome);
    }
    this.finished.fire(outcome);
    return outcome;
  }

  private async showFailure(name: string, outcome: Extract<RunOutcome, { status: 'failed' }>): Promise<void> {
    const [first] = outcome.problems;
    const count = outcome.problems.length;
    const text = first
      ? `RepScope: ${name} cannot run: ${first.detail}${count > 1 ? ` (and ${count - 1} more problem${count > 2 ? 's' : ''})` : ''}`
      : `RepScope: ${name} failed: ${outcome.message}`;
    const actions = first?.location.line !== undefined ? ['Go to Problem', 'Show Log'] : ['Show Log'];
    const choice = await vscode.window.showErrorMessage(text, ...actions);
    if (choice === 'Show Log') this.output.show(true);
    if (choice === 'Go to Problem' && first?.location.line !== undefined) {
      const line = first.location.line - 1;
      const column = Math.max(0, (first.location.column ?? 1) - 1);
      const position = new vscode.Position(line, column);
      await vscode.window.showTextDocument(vscode.Uri.file(first.location.file), { selection: new vscode.Range(position, position) });
    }
  }

  private showNotification(run: WorkerRun, name: string): void {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `RepScope: ${name}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => void run.cancel());
        let reported = 0;
        const listener = (event: ProgressEvent) => {
          const percent = Math.round(event.fraction * 100);
          const eta = event.etaSeconds !== undefined ? ` · ${formatDuration(event.etaSeconds)} left` : '';
          progress.report({ increment: Math.max(0, percent - reported), message: `${percent}% ${event.stage}${eta}` });
          reported = Math.max(reported, percent);
        };
        run.progressListeners.add(listener);
        try {
          await run.done;
        } finally {
          run.progressListeners.delete(listener);
        }
      },
    );
  }

  private updateStatusBar(): void {
    const runs = this.activeRuns();
    if (runs.length === 0) {
      this.statusBar.hide();
      return;
    }
    const [first] = runs;
    if (runs.length === 1 && first) {
      this.statusBar.text = `$(sync~spin) RepScope ${progressText(first.progress)}`;
    } else {
      const fraction = runs.reduce((sum, run) => sum + (run.progress?.fraction ?? 0), 0) / runs.length;
      this.statusBar.text = `$(sync~spin) RepScope: ${runs.length} runs · ${Math.round(fraction * 100)}%`;
    }
    this.statusBar.tooltip = `${runs.map((run) => `${workspaceRelative(run.config)}: ${progressText(run.progress)}`).join('\n')}\nClick to cancel.`;
    this.statusBar.show();
  }

  /** Cancels a config's run; resolves when it has stopped. False when it was not running. */
  async cancel(config: vscode.Uri): Promise<boolean> {
    const run = this.active.get(config.toString());
    if (!run) return false;
    await run.cancel();
    return true;
  }

  async cancelAll(): Promise<void> {
    await Promise.all(this.activeRuns().map((run) => run.cancel()));
  }

  /** Stops every run at once (extension shutdown). */
  async terminateAll(): Promise<void> {
    await Promise.all([...this.active.values()].map((run) => run.terminate()));
  }

  dispose(): void {
    this.statusBar.dispose();
    // The log and events stay usable until the workers are gone (they report their own end).
    void this.terminateAll().finally(() => {
      this.output.dispose();
      this.started.dispose();
      this.finished.dispose();
      this.progressed.dispose();
    });
  }
}

export function registerRunner(context: vscode.ExtensionContext, settings: Settings, runs: RunStore): Runner {
  const runner = new Runner(context.extensionUri, settings, runs);
  context.subscriptions.push(runner);
  return runner;
}
