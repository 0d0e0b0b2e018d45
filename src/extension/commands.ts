/**
 * The `repscope.*` commands. Each accepts what its callers pass (a file URI from menus, a path
 * from hover links, a runs-view node) or asks with a quick pick, and returns what it produced so
 * tests and other extensions can chain them: runEvaluation returns the results file, openResults
 * the results file it opened, and so on.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../core/commandIds';
import { headlinesShort, runIdTime } from '../core/report/format';
import type { PanelPlace } from '../core/report/hoverMarkdown';
import { compareRunsMarkdown } from '../core/report/runComparison';
import { RESULTS_FILE_NAME } from '../core/results/types';
import { SAMPLE_CONFIG_FILE } from '../core/sample';
import { workspaceRelative, type ConfigRegistry } from './configs';
import { ResultsPanel } from './panel';
import type { Runner } from './runner';
import type { RunStore, RunSummary } from './runs';
import { isConfigNode, isRunNode, type RunNode } from './runsView';
import { generateSampleInWorker } from './workerClient';

/** The folder `initSample` creates when the chosen one already holds sample files. */
export const SAMPLE_SUBFOLDER = 'repscope-sample';

export interface CommandServices {
  extensionUri: vscode.Uri;
  registry: ConfigRegistry;
  runs: RunStore;
  runner: Runner;
}

export interface CompareResult {
  before: string;
  after: string;
  document: vscode.Uri;
}

function asUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value.length > 0) return value.includes('://') ? vscode.Uri.parse(value) : vscode.Uri.file(value);
  return undefined;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The config an argument names (a runs-view node, a URI or a path), else the active editor's,
 * else the only one, else one the user picks; undefined when there is none or the user cancels.
 */
export async function pickConfig(registry: ConfigRegistry, arg: unknown, placeHolder: string): Promise<vscode.Uri | undefined> {
  if (isConfigNode(arg) || isRunNode(arg)) return arg.config;
  const given = asUri(arg);
  if (given) return given;
  const active = vscode.window.activeTextEditor?.document;
  if (active && registry.isConfig(active)) return active.uri;
  await registry.ready;
  const configs = registry.configs;
  if (configs.length === 0) {
    const choice = await vscode.window.showInformationMessage(
      'RepScope found no experiment config in this workspace (files matching `repscope.configGlob`).',
      'Create Sample Experiment',
    );
    if (choice) await vscode.commands.executeCommand(COMMANDS.initSample);
    return undefined;
  }
  if (configs.length === 1) return configs[0];
  const picked = await vscode.window.showQuickPick(
    configs.map((config) => ({ label: path.basename(config.fsPath), description: path.dirname(workspaceRelative(config)), config })),
    { placeHolder },
  );
  return picked?.config;
}

class Commands {
  constructor(private readonly services: CommandServices) {}

  private get registry(): ConfigRegistry {
    return this.services.registry;
  }

  private async confirmUntrusted(what: string): Promise<boolean> {
    if (vscode.workspace.isTrusted) return true;
    const choice = await vscode.window.showWarningMessage(
      `This workspace is not trusted. ${what} reads the data files the config names and writes a run folder next to it. Run anyway?`,
      { modal: true },
      'Run',
    );
    return choice === 'Run';
  }

  /** The run reads the file on disk: save unsaved edits first so it evaluates what the user sees. */
  private async saveIfDirty(config: vscode.Uri): Promise<void> {
    const document = vscode.workspace.textDocuments.find((each) => each.uri.toString() === config.toString());
    if (document?.isDirty) await document.save();
  }

  async runEvaluation(arg?: unknown): Promise<string | undefined> {
    const config = await pickConfig(this.registry, arg, 'Run which experiment?');
    if (!config) return undefined;
    if (!(await this.confirmUntrusted('Running an evaluation'))) return undefined;
    await this.saveIfDirty(config);
    const outcome = await this.services.runner.run({ config });
    return outcome.status === 'done' ? outcome.resultsFile : undefined;
  }

  async runAll(): Promise<string[]> {
    await this.registry.ready;
    const configs = this.registry.configs;
    if (configs.length === 0) {
      void vscode.window.showInformationMessage('RepScope found no experiment config in this workspace.');
      return [];
    }
    if (!(await this.confirmUntrusted(`Running ${configs.length} evaluation${configs.length === 1 ? '' : 's'}`))) return [];
    const resultsFiles: string[] = [];
    const failed: string[] = [];
    // One after another: each run already uses every core for its correlations.
    for (const config of configs) {
      await this.saveIfDirty(config);
      const outcome = await this.services.runner.run({ config, showResults: false });
      if (outcome.status === 'done') resultsFiles.push(outcome.resultsFile);
      else if (outcome.status === 'cancelled') break;
      else failed.push(workspaceRelative(config));
    }
    const summary = `RepScope: ${resultsFiles.length} of ${configs.length} experiments ran${failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''}.`;
    void (failed.length > 0 ? vscode.window.showWarningMessage(summary) : vscode.window.showInformationMessage(summary));
    return resultsFiles;
  }

  async cancel(arg?: unknown): Promise<boolean> {
    const runner = this.services.runner;
    const active = runner.activeRuns();
    if (active.length === 0) {
      void vscode.window.showInformationMessage('RepScope: no evaluation is running.');
      return false;
    }
    const named = isConfigNode(arg) || isRunNode(arg) ? arg.config : asUri(arg);
    const editor = vscode.window.activeTextEditor?.document.uri;
    let target = named ?? (editor && runner.activeRun(editor) ? editor : undefined);
    if (!target && active.length === 1) target = active[0]?.config;
    if (!target) {
      const picked = await vscode.window.showQuickPick(
        active.map((run) => ({ label: workspaceRelative(run.config), description: run.progress ? `${Math.round(run.progress.fraction * 100)}% ${run.progress.stage}` : '', config: run.config })),
        { placeHolder: 'Cancel which run?' },
      );
      target = picked?.config;
    }
    return target ? runner.cancel(target) : false;
  }

  /** A results file from an argument: a runs-view run, a results file, a run folder, or a config (its latest run). */
  private async resultsFrom(arg: unknown): Promise<{ resultsFile: string; config?: vscode.Uri } | undefined> {
    if (isRunNode(arg)) return { resultsFile: arg.run.resultsFile, config: arg.config };
    const configNode = isConfigNode(arg) ? arg.config : undefined;
    const given = configNode ?? asUri(arg);
    if (given) {
      if (path.basename(given.fsPath) === RESULTS_FILE_NAME) return { resultsFile: given.fsPath };
      const inFolder = path.join(given.fsPath, RESULTS_FILE_NAME);
      if (await exists(inFolder)) return { resultsFile: inFolder };
      return this.latestOf(given);
    }
    const active = vscode.window.activeTextEditor?.document;
    if (active && path.basename(active.uri.fsPath) === RESULTS_FILE_NAME) return { resultsFile: active.uri.fsPath };
    if (active && this.registry.isConfig(active)) return this.latestOf(active.uri);
    const picked = await this.pickRun('Open which run?');
    return picked ? { resultsFile: picked.resultsFile, config: vscode.Uri.file(picked.configFile) } : undefined;
  }

  private async latestOf(config: vscode.Uri): Promise<{ resultsFile: string; config: vscode.Uri } | undefined> {
    const [latest] = await this.services.runs.runsOf(config);
    if (latest) return { resultsFile: latest.resultsFile, config };
    const choice = await vscode.window.showInformationMessage(`RepScope: ${workspaceRelative(config)} has no run yet.`, 'Run Evaluation');
    if (choice) {
      const resultsFile = await this.runEvaluation(config);
      if (resultsFile) return { resultsFile, config };
    }
    return undefined;
  }

  private async pickRun(placeHolder: string, options: { exclude?: string; prefer?: string } = {}): Promise<RunSummary | undefined> {
    // Right after activation the configs (and so their run folders) may not be discovered yet.
    await this.registry.ready;
    const all = (await this.services.runs.allRuns()).filter((run) => run.resultsFile !== options.exclude);
    if (all.length === 0) {
      void vscode.window.showInformationMessage('RepScope: no finished runs in this workspace yet.');
      return undefined;
    }
    // Runs of the preferred config first (comparing within an experiment is the usual case).
    const ordered = options.prefer ? [...all.filter((run) => run.configFile === options.prefer), ...all.filter((run) => run.configFile !== options.prefer)] : all;
    const picked = await vscode.window.showQuickPick(
      ordered.map((run) => ({
        label: runIdTime(run.id),
        description: workspaceRelative(vscode.Uri.file(run.configFile)),
        detail: headlinesShort(run.headlines),
        run,
      })),
      { placeHolder, matchOnDescription: true, matchOnDetail: true },
    );
    return picked?.run;
  }

  async openResults(arg?: unknown, place?: PanelPlace): Promise<string | undefined> {
    const found = await this.resultsFrom(arg);
    if (!found) return undefined;
    ResultsPanel.createOrShow(this.services.extensionUri, found.resultsFile, place && typeof place === 'object' ? place : undefined);
    return found.resultsFile;
  }

  async compareRuns(arg?: unknown, selection?: unknown): Promise<CompareResult | undefined> {
    const selected = Array.isArray(selection) ? selection.filter(isRunNode) : [];
    let first: RunSummary | undefined;
    let second: RunSummary | undefined;
    if (selected.length >= 2) [first, second] = [selected[0]?.run, selected[1]?.run];
    else if (isRunNode(arg)) first = arg.run;
    first ??= await this.pickRun('Compare which run (A)?');
    if (!first) return undefined;
    second ??= await this.pickRun(`Compare ${runIdTime(first.id)} with which run (B)?`, { exclude: first.resultsFile, prefer: first.configFile });
    if (!second) return undefined;
    // Older run first: changes read as "what happened since".
    const [before, after] = first.id <= second.id ? [first, second] : [second, first];
    const text = compareRunsMarkdown(
      { results: await this.services.runs.readResults(before.resultsFile), resultsFile: before.resultsFile },
      { results: await this.services.runs.readResults(after.resultsFile), resultsFile: after.resultsFile },
    );
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
    await vscode.window.showTextDocument(document, { preview: false });
    return { before: before.resultsFile, after: after.resultsFile, document: document.uri };
  }

  /** Moves a run folder to the trash (after confirmation). Only folders holding a results file are deleted. */
  async deleteRun(arg?: unknown, selection?: unknown): Promise<boolean> {
    const nodes = Array.isArray(selection) && selection.filter(isRunNode).length > 1 ? selection.filter(isRunNode) : undefined;
    let folders: string[];
    if (nodes) folders = nodes.map((node: RunNode) => node.run.folder);
    else if (isRunNode(arg)) folders = [arg.run.folder];
    else {
      const given = asUri(arg);
      if (given) folders = [path.basename(given.fsPath) === RESULTS_FILE_NAME ? path.dirname(given.fsPath) : given.fsPath];
      else {
        const picked = await this.pickRun('Delete which run?');
        if (!picked) return false;
        folders = [picked.folder];
      }
    }
    for (const folder of folders) {
      if (!(await exists(path.join(folder, RESULTS_FILE_NAME)))) {
        void vscode.window.showErrorMessage(`RepScope: ${folder} is not a run folder (no ${RESULTS_FILE_NAME}); nothing deleted.`);
        return false;
      }
    }
    const what = folders.length === 1 ? `the run ${path.basename(folders[0] ?? '')}` : `${folders.length} runs`;
    const choice = await vscode.window.showWarningMessage(`Delete ${what}? It is moved to the trash.`, { modal: true }, 'Delete');
    if (choice !== 'Delete') return false;
    for (const folder of folders) {
      const uri = vscode.Uri.file(folder);
      try {
        await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: true });
      } catch (error) {
        // Remote and web hosts may have no trash.
        const permanently = await vscode.window.showWarningMessage(
          `The trash is not available here (${(error as Error).message}). Delete ${path.basename(folder)} permanently?`,
          { modal: true },
          'Delete Permanently',
        );
        if (permanently !== 'Delete Permanently') return false;
        await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
      }
    }
    this.services.runs.notifyChanged();
    return true;
  }

  refreshRuns(): void {
    this.services.runs.notifyChanged();
  }

  /** Writes the bundled sample into a folder, never overwriting a file; opens its experiment.yaml. */
  async initSample(arg?: unknown): Promise<string | undefined> {
    let folder = asUri(arg);
    if (!folder) {
      const picked = await vscode.window.showOpenDialog({
        canSelectFiles: false,
        canSelectFolders: true,
        canSelectMany: false,
        openLabel: 'Create Sample Here',
        title: 'RepScope: where should the sample experiment go?',
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      });
      folder = picked?.[0];
    }
    if (!folder) return undefined;
    if (folder.scheme !== 'file') {
      void vscode.window.showErrorMessage('RepScope: the sample can only be written to a folder on disk.');
      return undefined;
    }
    const files = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'RepScope: generating the sample' }, () => generateSampleInWorker());
    const clashes = async (dir: string) => {
      const found: string[] = [];
      for (const file of files) if (await exists(path.join(dir, file.path))) found.push(file.path);
      return found;
    };
    let dir = folder.fsPath;
    const existing = await clashes(dir);
    if (existing.length > 0) {
      let candidate = path.join(dir, SAMPLE_SUBFOLDER);
      for (let n = 2; (await clashes(candidate)).length > 0; n++) candidate = path.join(dir, `${SAMPLE_SUBFOLDER}-${n}`);
      const choice = await vscode.window.showWarningMessage(
        `${dir} already has ${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}; RepScope never overwrites files. Create the sample in ${path.basename(candidate)}/ instead?`,
        { modal: true },
        'Create in Subfolder',
      );
      if (choice !== 'Create in Subfolder') return undefined;
      dir = candidate;
    }
    for (const file of files) {
      const target = path.join(dir, ...file.path.split('/'));
      await fs.mkdir(path.dirname(target), { recursive: true });
      // `wx`: fail rather than overwrite, even if a file appeared since the check.
      await fs.writeFile(target, file.content, { encoding: 'utf8', flag: 'wx' });
    }
    const config = path.join(dir, SAMPLE_CONFIG_FILE);
    await vscode.window.showTextDocument(vscode.Uri.file(config), { preview: false });
    void this.registry.rescan();
    return config;
  }
}

export function registerCommands(context: vscode.ExtensionContext, services: CommandServices): void {
  const commands = new Commands(services);
  const register = (id: string, handler: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  register(COMMANDS.runEvaluation, (arg) => commands.runEvaluation(arg));
  register(COMMANDS.runAll, () => commands.runAll());
  register(COMMANDS.cancel, (arg) => commands.cancel(arg));
  register(COMMANDS.openResults, (arg, place) => commands.openResults(arg, place as PanelPlace | undefined));
  register(COMMANDS.compareRuns, (arg, selection) => commands.compareRuns(arg, selection));
  register(COMMANDS.deleteRun, (arg, selection) => commands.deleteRun(arg, selection));
  register(COMMANDS.refreshRuns, () => commands.refreshRuns());
  register(COMMANDS.initSample, (arg) => commands.initSample(arg));
  // COMMANDS.generateCondition is registered by generation.ts.
}
