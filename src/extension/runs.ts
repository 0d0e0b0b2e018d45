/**
 * The finished runs of each config, read from its output folder. Results files are cached by
 * modification time (they can be megabytes); `onDidChange` fires when runs appear or go (a run
 * from the editor, the CLI, a deletion), so the CodeLens, runs view and hovers stay current.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseSourceText } from '../core/config/parse';
import type { Headline, RunResults } from '../core/results/types';
import { readResults } from '../core/results/read';
import { listRuns } from '../core/results/write';
import { outputFolderOf } from './configProblems';
import type { ConfigRegistry } from './configs';
import type { Settings } from './settings';

/** A finished run and the little the views show of it. */
export interface RunSummary {
  id: string;
  folder: string;
  resultsFile: string;
  /** The config it belongs to (absolute). */
  configFile: string;
  /** The config path recorded in the results. */
  recordedConfigPath: string;
  /** sha256 of the config when it ran. */
  configSha256: string;
  name: string;
  startedAt: string;
  durationMs: number;
  headlines: Headline[];
  warnings: number;
}

interface Cached<T> {
  mtimeMs: number;
  size: number;
  value: T;
}

/** Results files kept parsed in memory at once (each can be a few MB). */
const RESULTS_CACHE_SIZE = 8;

function samePath(a: string, b: string): boolean {
  const normalise = (file: string) => {
    const resolved = path.resolve(file);
    return process.platform === 'win32' || process.platform === 'darwin' ? resolved.toLowerCase() : resolved;
  };
  return normalise(a) === normalise(b);
}

export class RunStore implements vscode.Disposable {
  private readonly results = new Map<string, Cached<RunResults>>();
  private readonly reading = new Map<string, Promise<RunResults>>();
  private readonly summaries = new Map<string, Cached<RunSummary>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private debounce: NodeJS.Timeout | undefined;
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly registry: ConfigRegistry,
    private readonly settings: Settings,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/results.json');
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate(() => this.notifyChanged()),
      watcher.onDidDelete(() => this.notifyChanged()),
      watcher.onDidChange(() => this.notifyChanged()),
      registry.onDidChange(() => this.notifyChanged()),
      settings.onDidChange((change) => {
        if (change.affects('outputFolder')) this.notifyChanged();
      }),
    );
  }

  /** Tells every view to refresh (debounced: a run writes and renames several files). */
  notifyChanged(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.changed.fire();
    }, 150);
  }

  /** The folder a config's runs go to (settings override, else the config's `output`). */
  async outputFolder(config: vscode.Uri): Promise<string> {
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === config.toString());
    let text: string | undefined = open?.getText();
    if (text === undefined) {
      try {
        text = await fs.readFile(config.fsPath, 'utf8');
      } catch {
        text = '';
      }
    }
    let value: unknown;
    try {
      value = parseSourceText(text, config.fsPath).value;
    } catch {
      value = undefined;
    }
    return outputFolderOf(value, config.fsPath, this.settings.current.outputFolder);
  }

  /** A results file, parsed (cached while the file is unchanged; concurrent reads share one parse). */
  readResults(resultsFile: string): Promise<RunResults> {
    const pending = this.reading.get(resultsFile);
    if (pending) return pending;
    const reading = this.readResultsNow(resultsFile).finally(() => this.reading.delete(resultsFile));
    this.reading.set(resultsFile, reading);
    return reading;
  }

  private async readResultsNow(resultsFile: string): Promise<RunResults> {
    const stat = await fs.stat(resultsFile);
    const cached = this.results.get(resultsFile);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
      // Move to the back: least recently used entries leave first.
      this.results.delete(resultsFile);
      this.results.set(resultsFile, cached);
      return cached.value;
    }
    const value = await readResults(resultsFile);
    this.results.set(resultsFile, { mtimeMs: stat.mtimeMs, size: stat.size, value });
    while (this.results.size > RESULTS_CACHE_SIZE) {
      const oldest = this.results.keys().next().value;
      if (oldest === undefined) break;
      this.results.delete(oldest);
    }
    return value;
  }

  private async summary(run: { id: string; folder: string; resultsFile: string }, configFile: string): Promise<RunSummary | undefined> {
    let stat;
    try {
      stat = await fs.stat(run.resultsFile);
    } catch {
      return undefined;
    }
    const cached = this.summaries.get(run.resultsFile);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return { ...cached.value, configFile };
    let results: RunResults;
    try {
      results = await this.readResults(run.resultsFile);
    } catch {
      return undefined;
    }
    const value: RunSummary = {
      id: run.id,
      folder: run.folder,
      resultsFile: run.resultsFile,
      configFile,
      recordedConfigPath: results.config.path,
      configSha256: results.config.sha256,
      name: results.config.resolved.name,
      startedAt: results.run.startedAt,
      durationMs: results.run.durationMs,
      headlines: results.headlines,
      warnings: results.warnings.length,
    };
    this.summaries.set(run.resultsFile, { mtimeMs: stat.mtimeMs, size: stat.size, value });
    return value;
  }

  /**
   * A config's finished runs, newest first. When several discovered configs write to the same
   * folder, only the runs that recorded this config's path are its own; otherwise every run in
   * its folder counts (so runs survive the config being moved or renamed).
   */
  async runsOf(config: vscode.Uri): Promise<RunSummary[]> {
    const folder = await this.outputFolder(config);
    const listed = await listRuns(folder);
    const others = this.registry.configs.filter((each) => each.toString() !== config.toString());
    const otherFolders = await Promise.all(others.map((each) => this.outputFolder(each)));
    const shared = otherFolders.some((each) => samePath(each, folder));
    const summaries = await Promise.all(listed.map((run) => this.summary(run, config.fsPath)));
    return summaries.filter((each): each is RunSummary => each !== undefined && (!shared || samePath(each.recordedConfigPath, config.fsPath)));
  }

  /** The newest run of a config, with its results. */
  async latest(config: vscode.Uri): Promise<{ run: RunSummary; results: RunResults } | undefined> {
    const [run] = await this.runsOf(config);
    if (!run) return undefined;
    try {
      return { run, results: await this.readResults(run.resultsFile) };
    } catch {
      return undefined;
    }
  }

  /** Every discovered config's runs. */
  async allRuns(): Promise<RunSummary[]> {
    const lists = await Promise.all(this.registry.configs.map((config) => this.runsOf(config)));
    return lists.flat().sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  dispose(): void {
    if (this.debounce) clearTimeout(this.debounce);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

export function registerRunStore(context: vscode.ExtensionContext, registry: ConfigRegistry, settings: Settings): RunStore {
  const store = new RunStore(registry, settings);
  context.subscriptions.push(store);
  return store;
}
