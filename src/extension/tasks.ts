/**
 * `repscope` tasks: one per discovered config, and any `{ "type": "repscope", "config": "…" }` a
 * user writes in tasks.json. A task drives the same runner as the commands and prints its
 * progress and log in the task's terminal.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatDuration } from '../core/report/format';
import { workspaceRelative, type ConfigRegistry } from './configs';
import type { Runner } from './runner';

export const TASK_TYPE = 'repscope';

export interface RepScopeTaskDefinition extends vscode.TaskDefinition {
  type: typeof TASK_TYPE;
  /** Config path, relative to the workspace folder (or absolute). */
  config: string;
  threads?: number;
}

function isDefinition(definition: vscode.TaskDefinition): definition is RepScopeTaskDefinition {
  return definition.type === TASK_TYPE && typeof definition.config === 'string';
}

/** A terminal that runs one evaluation and closes with exit code 0 (done), 1 (failed) or 130 (cancelled). */
export class RunPseudoterminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private config: vscode.Uri | undefined;

  constructor(
    private readonly runner: Runner,
    private readonly resolveConfig: () => vscode.Uri | undefined,
    private readonly threads: number | undefined,
    private readonly label: string,
  ) {}

  private line(text: string): void {
    this.written.fire(`${text.replace(/\r?\n/g, '\r\n')}\r\n`);
  }

  open(): void {
    void this.start();
  }

  private async start(): Promise<void> {
    this.config = this.resolveConfig();
    if (!this.config) {
      this.line(`RepScope: cannot find the config ${this.label}`);
      this.closed.fire(1);
      return;
    }
    this.line(`RepScope: running ${workspaceRelative(this.config)}`);
    let lastPercent = -1;
    let lastStage = '';
    const request: Parameters<Runner['run']>[0] = {
      config: this.config,
      notify: false,
      onProgress: (event) => {
        const percent = Math.floor(event.fraction * 100);
        // Whole tens of percent and stage changes: a readable log, not a flood.
        if (event.stage === lastStage && Math.floor(percent / 10) === Math.floor(lastPercent / 10)) return;
        lastStage = event.stage;
        lastPercent = percent;
        const eta = event.etaSeconds !== undefined ? ` (${formatDuration(event.etaSeconds)} left)` : '';
        this.line(`${String(percent).padStart(3)}%  ${event.stage}${eta}`);
      },
      onLog: (text) => this.line(text),
    };
    if (this.threads !== undefined) request.threads = this.threads;
    const outcome = await this.runner.run(request);
    if (outcome.status === 'done') {
      this.line(`done: ${outcome.resultsFile}`);
      this.closed.fire(0);
    } else if (outcome.status === 'cancelled') {
      this.line('cancelled');
      this.closed.fire(130);
    } else {
      this.line(`failed: ${outcome.message}`);
      this.closed.fire(1);
    }
  }

  /** The terminal was closed or the task terminated: stop the run. */
  close(): void {
    if (this.config) void this.runner.cancel(this.config);
  }

  handleInput(data: string): void {
    // Ctrl+C cancels, as in a shell.
    if (data === '\x03' && this.config) void this.runner.cancel(this.config);
  }
}

export class RepScopeTaskProvider implements vscode.TaskProvider<vscode.Task> {
  constructor(
    private readonly registry: ConfigRegistry,
    private readonly runner: Runner,
  ) {}

  async provideTasks(): Promise<vscode.Task[]> {
    await this.registry.ready;
    return this.registry.configs.map((config) => {
      const folder = vscode.workspace.getWorkspaceFolder(config);
      const relative = folder ? path.relative(folder.uri.fsPath, config.fsPath).split(path.sep).join('/') : config.fsPath;
      return this.taskFor({ type: TASK_TYPE, config: relative }, folder ?? vscode.TaskScope.Workspace);
    });
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    if (!isDefinition(task.definition)) return undefined;
    return this.taskFor(task.definition, task.scope ?? vscode.TaskScope.Workspace);
  }

  private taskFor(definition: RepScopeTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope): vscode.Task {
    const resolveConfig = () => configUri(definition.config, scope);
    const execution = new vscode.CustomExecution(() => Promise.resolve(new RunPseudoterminal(this.runner, resolveConfig, definition.threads, definition.config)));
    const task = new vscode.Task(definition, scope, `run ${definition.config}`, TASK_TYPE, execution, []);
    task.group = vscode.TaskGroup.Build;
    task.detail = 'Evaluate the experiment and write a run folder';
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
    return task;
  }
}

/** The config a task names: absolute, or relative to its workspace folder (the first one for workspace-scoped tasks). */
export function configUri(config: string, scope: vscode.WorkspaceFolder | vscode.TaskScope | undefined): vscode.Uri | undefined {
  if (path.isAbsolute(config)) return vscode.Uri.file(config);
  const folder = typeof scope === 'object' ? scope : vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, config) : undefined;
}

export function registerTaskProvider(context: vscode.ExtensionContext, registry: ConfigRegistry, runner: Runner): vscode.Disposable {
  const registration = vscode.tasks.registerTaskProvider(TASK_TYPE, new RepScopeTaskProvider(registry, runner));
  context.subscriptions.push(registration);
  return registration;
}
