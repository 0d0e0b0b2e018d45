/**
 * The results panel (host side): one webview panel showing a run's charts beside its config.
 * Reads the results file, hands it to the webview (webview/main.ts) when the webview says it is
 * ready (again after every reload: the panel does not retain its context when hidden; the
 * webview restores its tab and selection from its own state), saves exports where the user
 * chooses, and reports clicks and renders as events.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TEST_COMMANDS } from '../core/commandIds';
import type { SourceLocation } from '../core/errors';
import { readResults } from '../core/results/read';
import type { RunResults } from '../core/results/types';
import { isRecord } from '../core/util/isRecord';
import {
  isFromWebviewMessage,
  PANEL_VIEWS,
  type ExportFormat,
  type FromWebviewMessage,
  type PanelFocus,
  type PanelView,
  type ToWebviewMessage,
} from '../shared/protocol';
import { createNonce, panelHtml } from './panelHtml';

/** A name the user clicked in the panel, with where the run's config defines it. */
export interface PanelSelection {
  kind: 'item' | 'group' | 'condition';
  name: string;
  resultsFile: string;
  /** The config the run was made from (absolute path at run time). */
  configFile: string;
  /** Where the config defines the name, when the run recorded it (an item: the entry that brought it in). */
  location?: SourceLocation;
}

export interface PanelRender {
  view: PanelView;
  /** SVG data marks drawn. */
  marks: number;
  resultsFile: string;
}

const EXPORT_FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  png: { 'PNG image': ['png'] },
  svg: { 'SVG drawing': ['svg'] },
  csv: { CSV: ['csv'] },
  json: { 'RepScope results': ['json'] },
};

const selectEmitter = new vscode.EventEmitter<PanelSelection>();
const renderEmitter = new vscode.EventEmitter<PanelRender>();

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    retainContextWhenHidden: false,
    enableFindWidget: false,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ResultsPanel {
  static readonly viewType = 'repscope.results';
  /** The open panel (one at a time; opening another run reuses it). */
  static current: ResultsPanel | undefined;
  /** The user clicked an item, group or condition in a chart: reveal it in the config. */
  static readonly onDidSelectItem: vscode.Event<PanelSelection> = selectEmitter.event;
  /** A view finished drawing (after every render and every selection change). */
  static readonly onDidRender: vscode.Event<PanelRender> = renderEmitter.event;
  /**
   * Asks where to save an export. Replaceable so integration tests can save without a dialog.
   * Resolves to undefined when the user cancels.
   */
  static chooseExportTarget: (suggested: vscode.Uri, format: ExportFormat) => Thenable<vscode.Uri | undefined> = (suggested, format) =>
    vscode.window.showSaveDialog({ defaultUri: suggested, filters: EXPORT_FILTERS[format], saveLabel: 'Export' });

  /** Marks drawn per view at its last render, for tests (`TEST_COMMANDS.panelState`). */
  readonly lastRendered: Partial<Record<PanelView, number>> = {};
  /** Where the last export was written. */
  lastExport: vscode.Uri | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private resultsFileValue: string;
  private results: RunResults | undefined;
  /** Focus to apply with the next `showResults` (the webview may be reloading). */
  private pendingFocus: PanelFocus | undefined;
  private ready = false;

  /** Opens the panel beside the active editor on `resultsFile`, or moves the open one to it. */
  static createOrShow(extensionUri: vscode.Uri, resultsFile: string, focus?: PanelFocus): ResultsPanel {
    const existing = ResultsPanel.current;
    if (existing) {
      existing.panel.reveal(undefined, true);
      existing.show(resultsFile, focus);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      ResultsPanel.viewType,
      'RepScope results',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(extensionUri),
    );
    ResultsPanel.current = new ResultsPanel(panel, extensionUri, resultsFile, focus);
    return ResultsPanel.current;
  }

  /** Restores a panel VS Code kept across a reload, from the state the webview saved. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: unknown): ResultsPanel {
    panel.webview.options = webviewOptions(extensionUri);
    // The webview's saved state (PanelState) comes back untyped from VS Code's storage.
    const resultsFile = isRecord(state) && typeof state.resultsFile === 'string' ? state.resultsFile : '';
    ResultsPanel.current?.dispose();
    ResultsPanel.current = new ResultsPanel(panel, extensionUri, resultsFile, undefined);
    return ResultsPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    resultsFile: string,
    focus: PanelFocus | undefined,
  ) {
    this.resultsFileValue = resultsFile;
    this.pendingFocus = focus;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    panel.title = this.titleFor(undefined);
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.onDidChangeViewState(
      () => {
        // Hidden without retained context: the webview page is gone and will say `ready` again.
        if (!panel.visible) this.ready = false;
      },
      null,
      this.disposables,
    );
    panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message), null, this.disposables);
    panel.webview.html = this.html();
  }

  get resultsFile(): string {
    return this.resultsFileValue;
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  /** Shows `resultsFile` (reloading it when it is another run) and moves to `focus`. */
  show(resultsFile: string, focus?: PanelFocus): void {
    if (resultsFile !== this.resultsFileValue) {
      this.resultsFileValue = resultsFile;
      this.results = undefined;
      this.pendingFocus = focus;
      for (const view of PANEL_VIEWS) delete this.lastRendered[view];
      if (this.ready) void this.sendResults();
      return;
    }
    if (!focus) return;
    if (this.ready) void this.post({ type: 'focus', focus });
    else this.pendingFocus = { ...this.pendingFocus, ...focus };
  }

  /** Highlights an item in every view (null clears), e.g. following the cursor in the config. */
  selectItem(item: string | null): void {
    if (this.ready) void this.post({ type: 'selectItem', item });
  }

  dispose(): void {
    if (ResultsPanel.current === this) ResultsPanel.current = undefined;
    this.panel.dispose();
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
  }

  private titleFor(results: RunResults | undefined): string {
    const name = results?.config.resolved.name;
    return name ? `Results: ${name}` : `Results: ${path.basename(path.dirname(this.resultsFileValue)) || 'RepScope'}`;
  }

  private html(): string {
    const webview = this.panel.webview;
    return panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      nonce: createNonce(),
      title: 'RepScope results',
    });
  }

  private post(message: ToWebviewMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private async sendResults(): Promise<void> {
    const file = this.resultsFileValue;
    if (!file) {
      await this.post({ type: 'showError', message: 'This panel has no results file to show. Open a run from the RepScope runs view.' });
      return;
    }
    try {
      // Read on every `ready`: after a reload the file may have been replaced or deleted.
      const results = await readResults(file);
      if (file !== this.resultsFileValue) return;
      this.results = results;
      this.panel.title = this.titleFor(results);
      const focus = this.pendingFocus;
      this.pendingFocus = undefined;
      await this.post({ type: 'showResults', results, resultsFile: file, ...(focus ? { focus } : {}) });
    } catch (error) {
      await this.post({ type: 'showError', message: `Could not read ${file}: ${errorText(error)}` });
    }
  }

  private async onMessage(raw: unknown): Promise<void> {
    if (!isFromWebviewMessage(raw)) return;
    const message: FromWebviewMessage = raw;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.sendResults();
        return;
      case 'rendered':
        this.lastRendered[message.view] = message.marks;
        renderEmitter.fire({ view: message.view, marks: message.marks, resultsFile: this.resultsFileValue });
        return;
      case 'revealInConfig':
        this.fireSelection(message.kind, message.name);
        return;
      case 'export':
        await this.saveExport(message.format, message.view, message.data);
        return;
      case 'error':
        console.error(`RepScope panel${message.view ? ` (${message.view})` : ''}: ${message.message}`);
        return;
    }
  }

  private fireSelection(kind: PanelSelection['kind'], name: string): void {
    const resolved = this.results?.config.resolved;
    if (!resolved) return;
    const definitions: readonly { name?: string; id?: string; location?: SourceLocation }[] =
      kind === 'item' ? resolved.items : kind === 'group' ? resolved.groups : resolved.conditions;
    const definition = definitions.find((entry) => (kind === 'item' ? entry.id : entry.name) === name);
    selectEmitter.fire({
      kind,
      name,
      resultsFile: this.resultsFileValue,
      configFile: this.results?.config.path ?? resolved.configFile,
      ...(definition?.location ? { location: definition.location } : {}),
    });
  }

  private async saveExport(format: ExportFormat, view: PanelView, data: string): Promise<void> {
    const runId = this.results?.run.id ?? path.basename(path.dirname(this.resultsFileValue));
    const name = format === 'json' ? `${runId}-results.json` : `${runId}-${view}.${format}`;
    const suggested = vscode.Uri.file(path.join(path.dirname(this.resultsFileValue), name));
    const target = await ResultsPanel.chooseExportTarget(suggested, format);
    if (!target) return;
    const bytes = format === 'png' ? Buffer.from(data.slice(data.indexOf(',') + 1), 'base64') : Buffer.from(data, 'utf8');
    try {
      await vscode.workspace.fs.writeFile(target, bytes);
      this.lastExport = target;
      void vscode.window.showInformationMessage(`RepScope: saved ${path.basename(target.fsPath)}`);
    } catch (error) {
      void vscode.window.showErrorMessage(`RepScope: could not save ${target.fsPath}: ${errorText(error)}`);
    }
  }
}

/** Restores results panels after a window reload (activation event `onWebviewPanel:repscope.results`). */
export function registerResultsPanelSerializer(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(ResultsPanel.viewType, {
      deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        ResultsPanel.revive(panel, context.extensionUri, state);
        return Promise.resolve();
      },
    }),
  );
}

/** What `TEST_COMMANDS.panelState` returns: marks per view at its last render (0: not drawn yet). */
export interface PanelStateSnapshot {
  open: boolean;
  resultsFile: string | null;
  views: Record<PanelView, number>;
  lastExport: string | null;
}

export function panelStateSnapshot(): PanelStateSnapshot {
  const panel = ResultsPanel.current;
  const views = Object.fromEntries(PANEL_VIEWS.map((view) => [view, panel?.lastRendered[view] ?? 0])) as Record<PanelView, number>;
  return { open: panel !== undefined, resultsFile: panel?.resultsFile ?? null, views, lastExport: panel?.lastExport?.fsPath ?? null };
}

/** Internal commands for the integration tests (not in package.json's command palette). */
export function registerPanelCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(TEST_COMMANDS.panelState, () => panelStateSnapshot()));
}
