/**
 * Which files are experiment configs: those matching `repscope.configGlob` in a workspace folder.
 * Keeps the list current (file watchers, folder and setting changes) and sets the context key
 * `repscope.isConfig` for the active editor (the editor title's ▶ button uses it).
 */
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { looksLikeRepScopeConfig } from './configProblems';
import type { Settings } from './settings';

export const IS_CONFIG_CONTEXT_KEY = 'repscope.isConfig';

/** Files the providers look at; whether a file really is a config is `ConfigRegistry.isConfig`. */
export const CONFIG_DOCUMENT_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file', pattern: '**/*.{yaml,yml,json}' }];

const EXCLUDE = '**/{node_modules,.git}/**';

export type ConfigChangeKind = 'created' | 'changed' | 'deleted' | 'rescanned';

export interface ConfigChange {
  kind: ConfigChangeKind;
  /** Undefined for a rescan (every config may have changed). */
  uri?: vscode.Uri;
}

/** A config (or any workspace file) as the user names it: its path relative to its workspace folder. */
export function workspaceRelative(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

function key(uri: vscode.Uri): string {
  return uri.toString();
}

export class ConfigRegistry implements vscode.Disposable {
  private readonly found = new Map<string, vscode.Uri>();
  private watchers: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<ConfigChange>();
  private scan: Promise<void> = Promise.resolve();
  readonly onDidChange = this.changed.event;

  constructor(private readonly settings: Settings) {
    this.subscriptions.push(
      settings.onDidChange((change) => {
        if (change.affects('configGlob')) void this.rescan();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContextKey()),
      this.changed.event(() => this.updateContextKey()),
    );
    void this.rescan();
  }

  /** Resolves once the current scan of the workspace is complete. */
  get ready(): Promise<void> {
    return this.scan;
  }

  /** Discovered configs, sorted by path. */
  get configs(): vscode.Uri[] {
    return [...this.found.values()].sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  }

  private patterns(): vscode.RelativePattern[] {
    return (vscode.workspace.workspaceFolders ?? []).map((folder) => new vscode.RelativePattern(folder, this.settings.current.configGlob));
  }

  /**
   * Whether a file or an open document is a config: discovered, or an open document matching the
   * glob whose text looks like a RepScope config (so another tool's `experiment.yaml` gets no
   * RepScope diagnostics, lenses or hovers).
   */
  isConfig(target: vscode.Uri | vscode.TextDocument): boolean {
    const uri = target instanceof vscode.Uri ? target : target.uri;
    if (uri.scheme !== 'file') return false;
    if (target instanceof vscode.Uri) return this.found.has(key(uri));
    if (!this.patterns().some((pattern) => vscode.languages.match({ pattern, scheme: 'file' }, target) > 0)) return false;
    return looksLikeRepScopeConfig(uri.fsPath, target.getText());
  }

  private async looksLikeConfigOnDisk(uri: vscode.Uri): Promise<boolean> {
    try {
      return looksLikeRepScopeConfig(uri.fsPath, await fs.readFile(uri.fsPath, 'utf8'));
    } catch {
      return false;
    }
  }

  /** Looks the workspace through again (setting or folders changed). */
  rescan(): Promise<void> {
    this.scan = this.scan.then(() => this.scanNow()).catch(() => undefined);
    return this.scan;
  }

  private async scanNow(): Promise<void> {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
    const patterns = this.patterns();
    const lists = await Promise.all(patterns.map((pattern) => vscode.workspace.findFiles(pattern, EXCLUDE)));
    const candidates = lists.flat();
    const verdicts = await Promise.all(candidates.map((uri) => this.looksLikeConfigOnDisk(uri)));
    this.found.clear();
    candidates.forEach((uri, index) => {
      if (verdicts[index]) this.found.set(key(uri), uri);
    });
    for (const pattern of patterns) {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      watcher.onDidCreate((uri) => void this.add(uri, 'created'));
      // A save can turn a file into a config (or out of one): look at it again.
      watcher.onDidChange((uri) => void this.add(uri, 'changed'));
      watcher.onDidDelete((uri) => this.remove(uri));
      this.watchers.push(watcher);
    }
    this.changed.fire({ kind: 'rescanned' });
  }

  private async add(uri: vscode.Uri, kind: 'created' | 'changed'): Promise<void> {
    if (/[\\/](node_modules|\.git)[\\/]/.test(uri.fsPath)) return;
    if (!(await this.looksLikeConfigOnDisk(uri))) {
      if (this.found.has(key(uri))) this.remove(uri);
      return;
    }
    const known = this.found.has(key(uri));
    this.found.set(key(uri), uri);
    this.changed.fire({ kind: known ? 'changed' : kind, uri });
  }

  private remove(uri: vscode.Uri): void {
    if (!this.found.delete(key(uri))) {
      // A deleted folder: drop every config inside it.
      const prefix = `${key(uri)}/`;
      const inside = [...this.found.keys()].filter((each) => each.startsWith(prefix));
      if (inside.length === 0) return;
      for (const each of inside) this.found.delete(each);
    }
    this.changed.fire({ kind: 'deleted', uri });
  }

  private updateContextKey(): void {
    const document = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand('setContext', IS_CONFIG_CONTEXT_KEY, document ? this.isConfig(document) : false);
  }

  dispose(): void {
    for (const watcher of this.watchers) watcher.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

export function registerConfigDiscovery(context: vscode.ExtensionContext, settings: Settings): ConfigRegistry {
  const registry = new ConfigRegistry(settings);
  context.subscriptions.push(registry);
  return registry;
}
