/**
 * Config problems as diagnostics on their exact ranges: syntax, schema and resolution errors,
 * and the header checks a run would make (an item not in the data, a rule on a missing column, a
 * condition file lacking an item). Checks the unsaved text (debounced while typing), on open and
 * on save; a problem located in another file (a codebook, a data file) goes on that file. Problems
 * a run found in the data stay until the config runs again.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SourceLocation } from '../core/errors';
import { checkConfigText, type ConfigProblem } from './configProblems';
import { workspaceRelative, type ConfigRegistry } from './configs';
import type { Runner } from './runner';

/** Pause in typing before the text is checked. */
export const VALIDATION_DELAY_MS = 400;

export const DIAGNOSTIC_SOURCE = 'RepScope';

/** Files a config can name (data, codebooks): a change on disk re-checks the configs naming them. */
const REFERENCED_FILES_GLOB = '**/*.{csv,tsv,txt,jsonl,ndjson,yaml,yml,json}';
const REFERENCED_FILE_DELAY_MS = 300;

/** A 1-based SourceLocation as an editor range; a location without an end is an empty range (the editor marks the word there). */
export function rangeOf(location: SourceLocation): vscode.Range {
  if (location.line === undefined) return new vscode.Range(0, 0, 0, 0);
  const start = new vscode.Position(Math.max(0, location.line - 1), Math.max(0, (location.column ?? 1) - 1));
  if (location.endLine === undefined || location.endColumn === undefined) return new vscode.Range(start, start);
  const end = new vscode.Position(Math.max(0, location.endLine - 1), Math.max(0, location.endColumn - 1));
  return end.isBefore(start) ? new vscode.Range(start, start) : new vscode.Range(start, end);
}

function key(uri: vscode.Uri): string {
  return uri.toString();
}

interface ConfigState {
  uri: vscode.Uri;
  /** Absolute paths of the files the config names. */
  referencedFiles: string[];
  /** Diagnostics this config contributes, per file. */
  byFile: Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>;
  /** Problems from the last failed run (data problems validation cannot see). */
  runProblems: ConfigProblem[];
  checkProblems: ConfigProblem[];
}

export class ConfigDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('repscope');
  private readonly states = new Map<string, ConfigState>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly generations = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly registry: ConfigRegistry,
    runner: Runner,
    private readonly log: (line: string) => void,
  ) {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (registry.isConfig(document)) this.schedule(document.uri, 0);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && registry.isConfig(event.document)) this.schedule(event.document.uri, VALIDATION_DELAY_MS);
      }),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (registry.isConfig(document)) this.schedule(document.uri, 0);
        this.recheckReferencing(document.uri.fsPath);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        // The closed text may have been discarded: fall back to the file on disk (or forget it).
        if (registry.isConfig(document.uri)) this.schedule(document.uri, 0);
        else if (this.states.has(key(document.uri))) this.forget(document.uri);
      }),
      registry.onDidChange((change) => {
        if (change.kind === 'rescanned') this.checkAll();
        else if (change.kind === 'deleted' && change.uri) this.forgetUnder(change.uri);
        else if (change.uri && !this.isDirty(change.uri)) this.schedule(change.uri, 0);
      }),
      // Data and codebook files change outside the editor too (a new export, a fixed column).
      ...this.watchReferencedFiles(),
      runner.onDidStart((run) => this.setRunProblems(run.config, [])),
      runner.onDidFinish((outcome) => {
        if (outcome.status === 'failed') this.setRunProblems(vscode.Uri.file(outcome.configFile), outcome.problems);
      }),
    );
    this.checkAll();
    for (const document of vscode.workspace.textDocuments) if (registry.isConfig(document)) this.schedule(document.uri, 0);
  }

  private watchReferencedFiles(): vscode.Disposable[] {
    const watcher = vscode.workspace.createFileSystemWatcher(REFERENCED_FILES_GLOB);
    const recheck = (uri: vscode.Uri) => this.recheckReferencing(uri.fsPath);
    return [watcher, watcher.onDidChange(recheck), watcher.onDidCreate(recheck), watcher.onDidDelete(recheck)];
  }

  private isDirty(uri: vscode.Uri): boolean {
    return vscode.workspace.textDocuments.some((document) => key(document.uri) === key(uri) && document.isDirty);
  }

  private checkAll(): void {
    const known = new Set(this.registry.configs.map(key));
    for (const state of [...this.states.values()]) {
      const open = vscode.workspace.textDocuments.some((document) => key(document.uri) === key(state.uri) && this.registry.isConfig(document));
      if (!known.has(key(state.uri)) && !open) this.forget(state.uri);
    }
    for (const config of this.registry.configs) this.schedule(config, 0);
  }

  /** Configs naming a file that changed are checked again (its headers may now match, or it now exists). */
  private recheckReferencing(file: string): void {
    for (const state of this.states.values()) {
      if (state.referencedFiles.some((each) => path.resolve(each) === path.resolve(file))) {
        state.runProblems = [];
        // Not at once: an export or a save may write the file in several steps.
        this.schedule(state.uri, REFERENCED_FILE_DELAY_MS);
      }
    }
  }

  /** Checks a config after `delay` ms (a newer request replaces a pending one). */
  schedule(uri: vscode.Uri, delay: number): void {
    const id = key(uri);
    const pending = this.timers.get(id);
    if (pending) clearTimeout(pending);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      const work = this.check(uri).catch((error: unknown) => this.log(`checking ${uri.fsPath} failed: ${String(error)}`));
      this.inFlight.add(work);
      void work.finally(() => this.inFlight.delete(work));
    }, delay);
    this.timers.set(id, timer);
  }

  /** Resolves when no check is pending or running (tests wait on it). */
  async settled(): Promise<void> {
    for (;;) {
      if (this.timers.size === 0 && this.inFlight.size === 0) return;
      if (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async textOf(uri: vscode.Uri): Promise<string | undefined> {
    const open = vscode.workspace.textDocuments.find((document) => key(document.uri) === key(uri));
    if (open) return open.getText();
    try {
      return await fs.readFile(uri.fsPath, 'utf8');
    } catch {
      return undefined;
    }
  }

  private async check(uri: vscode.Uri): Promise<void> {
    const id = key(uri);
    const generation = (this.generations.get(id) ?? 0) + 1;
    this.generations.set(id, generation);
    const text = await this.textOf(uri);
    if (text === undefined) {
      this.forget(uri);
      return;
    }
    const result = await checkConfigText(text, uri.fsPath);
    if (this.generations.get(id) !== generation) return;
    if (result.internalError) this.log(`checking ${uri.fsPath}: ${result.internalError.stack ?? result.internalError.message}`);
    const state = this.stateOf(uri);
    state.referencedFiles = result.referencedFiles;
    state.checkProblems = result.problems;
    this.publish(state);
  }

  private stateOf(uri: vscode.Uri): ConfigState {
    const id = key(uri);
    let state = this.states.get(id);
    if (!state) {
      state = { uri, referencedFiles: [], byFile: new Map(), runProblems: [], checkProblems: [] };
      this.states.set(id, state);
    }
    return state;
  }

  private setRunProblems(config: vscode.Uri, problems: ConfigProblem[]): void {
    const state = this.states.get(key(config));
    if (!state && problems.length === 0) return;
    const target = state ?? this.stateOf(config);
    target.runProblems = problems;
    this.publish(target);
  }

  private toDiagnostic(problem: ConfigProblem, config: vscode.Uri, inConfig: boolean): vscode.Diagnostic {
    const diagnostic = new vscode.Diagnostic(rangeOf(problem.location), problem.detail, vscode.DiagnosticSeverity.Error);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    if (problem.location.field) diagnostic.code = problem.location.field;
    if (!inConfig) {
      diagnostic.relatedInformation = [
        new vscode.DiagnosticRelatedInformation(new vscode.Location(config, new vscode.Position(0, 0)), `used by ${workspaceRelative(config)}`),
      ];
    }
    return diagnostic;
  }

  private publish(state: ConfigState): void {
    const touched = new Set(state.byFile.keys());
    state.byFile = new Map();
    const seen = new Set<string>();
    for (const problem of [...state.checkProblems, ...state.runProblems]) {
      const inConfig = path.resolve(problem.location.file) === path.resolve(state.uri.fsPath);
      const uri = inConfig ? state.uri : vscode.Uri.file(problem.location.file);
      const id = key(uri);
      const diagnostic = this.toDiagnostic(problem, state.uri, inConfig);
      const fingerprint = `${id}|${diagnostic.range.start.line}:${diagnostic.range.start.character}|${diagnostic.message}`;
      if (seen.has(fingerprint)) continue;
      seen.add(fingerprint);
      const entry = state.byFile.get(id) ?? { uri, diagnostics: [] };
      entry.diagnostics.push(diagnostic);
      state.byFile.set(id, entry);
      touched.add(id);
    }
    for (const id of touched) this.refreshFile(id);
  }

  /** A file's diagnostics are the union of what every config says about it. */
  private refreshFile(id: string): void {
    let uri: vscode.Uri | undefined;
    const all: vscode.Diagnostic[] = [];
    const seen = new Set<string>();
    for (const state of this.states.values()) {
      const entry = state.byFile.get(id);
      if (!entry) continue;
      uri = entry.uri;
      for (const diagnostic of entry.diagnostics) {
        const fingerprint = `${diagnostic.range.start.line}:${diagnostic.range.start.character}|${diagnostic.message}`;
        if (seen.has(fingerprint)) continue;
        seen.add(fingerprint);
        all.push(diagnostic);
      }
    }
    const target = uri ?? vscode.Uri.parse(id);
    if (all.length === 0) this.collection.delete(target);
    else this.collection.set(target, all);
  }

  private forget(uri: vscode.Uri): void {
    const id = key(uri);
    const state = this.states.get(id);
    this.generations.set(id, (this.generations.get(id) ?? 0) + 1);
    if (!state) {
      this.collection.delete(uri);
      return;
    }
    this.states.delete(id);
    for (const file of state.byFile.keys()) this.refreshFile(file);
  }

  /** A deleted file or folder: forget every config at or under it. */
  private forgetUnder(uri: vscode.Uri): void {
    const prefix = `${key(uri)}/`;
    for (const state of [...this.states.values()]) {
      const id = key(state.uri);
      if (id === key(uri) || id.startsWith(prefix)) this.forget(state.uri);
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

export function registerDiagnostics(context: vscode.ExtensionContext, registry: ConfigRegistry, runner: Runner): ConfigDiagnostics {
  const diagnostics = new ConfigDiagnostics(registry, runner, (line) => runner.log.warn(line));
  context.subscriptions.push(diagnostics);
  return diagnostics;
}
