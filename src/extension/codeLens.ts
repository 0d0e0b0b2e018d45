/**
 * Above a config's first line: `▶ Run` (or the running run's progress, click to cancel),
 * `Open results`, and the last run's headline per condition (click: the panel at that condition).
 * Toggled by `repscope.codeLens`.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../core/commandIds';
import { headlineShort } from '../core/report/format';
import { CONFIG_DOCUMENT_SELECTOR, type ConfigRegistry } from './configs';
import type { Runner } from './runner';
import type { RunStore } from './runs';
import type { Settings } from './settings';

/** Least time between two refreshes caused by a run's progress. */
const PROGRESS_REFRESH_MS = 1000;

export class ConfigCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private lastProgressRefresh = 0;
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly registry: ConfigRegistry,
    private readonly runs: RunStore,
    private readonly runner: Runner,
    private readonly settings: Settings,
  ) {
    const refresh = () => this.changed.fire();
    this.subscriptions.push(
      runs.onDidChange(refresh),
      registry.onDidChange(refresh),
      runner.onDidStart(refresh),
      runner.onDidFinish(refresh),
      runner.onDidProgress(() => {
        const now = Date.now();
        if (now - this.lastProgressRefresh < PROGRESS_REFRESH_MS) return;
        this.lastProgressRefresh = now;
        refresh();
      }),
      settings.onDidChange((change) => {
        if (change.affects('codeLens') || change.affects('configGlob')) refresh();
      }),
    );
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.settings.current.codeLens || !this.registry.isConfig(document)) return [];
    const range = new vscode.Range(0, 0, 0, 0);
    const lenses: vscode.CodeLens[] = [];
    const active = this.runner.activeRun(document.uri);
    if (active) {
      const percent = active.progress ? `${Math.round(active.progress.fraction * 100)}%` : '';
      lenses.push(
        new vscode.CodeLens(range, {
          title: `$(sync~spin) Running ${percent}${active.progress ? ` ${active.progress.stage}` : ''} · Cancel`,
          command: COMMANDS.cancel,
          arguments: [document.uri],
          tooltip: 'Cancel this evaluation',
        }),
      );
    } else {
      lenses.push(new vscode.CodeLens(range, { title: '▶ Run', command: COMMANDS.runEvaluation, arguments: [document.uri], tooltip: 'Evaluate this experiment' }));
    }
    const [latest] = await this.runs.runsOf(document.uri);
    if (!latest) {
      lenses.push(new vscode.CodeLens(range, { title: 'no run yet', command: '' }));
      return lenses;
    }
    lenses.push(
      new vscode.CodeLens(range, { title: 'Open results', command: COMMANDS.openResults, arguments: [latest.resultsFile], tooltip: `Open the run of ${latest.startedAt}` }),
    );
    for (const headline of latest.headlines) {
      lenses.push(
        new vscode.CodeLens(range, {
          title: headlineShort(headline),
          command: COMMANDS.openResults,
          arguments: [latest.resultsFile, { condition: headline.condition }],
          tooltip: 'Marginal distance (lower is closer) · correlation-structure r (higher is closer), last run',
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

export function registerCodeLens(context: vscode.ExtensionContext, registry: ConfigRegistry, runs: RunStore, runner: Runner, settings: Settings): ConfigCodeLensProvider {
  const provider = new ConfigCodeLensProvider(registry, runs, runner, settings);
  context.subscriptions.push(provider, vscode.languages.registerCodeLensProvider(CONFIG_DOCUMENT_SELECTOR, provider));
  return provider;
}
