/**
 * The "Runs" view: each config, and under it its finished runs (newest first) with their
 * headline numbers. Runs carry `contextValue` `run`, which package.json's menus use for open,
 * compare and delete.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../core/commandIds';
import { formatDuration, formatNumber, headlinesShort, runIdTime } from '../core/report/format';
import { isRecord } from '../core/util/isRecord';
import { workspaceRelative, type ConfigRegistry } from './configs';
import type { Runner } from './runner';
import type { RunStore, RunSummary } from './runs';

export const RUNS_VIEW_ID = 'repscope.runs';

export interface ConfigNode {
  kind: 'config';
  config: vscode.Uri;
}

export interface RunNode {
  kind: 'run';
  config: vscode.Uri;
  run: RunSummary;
}

export type RunsNode = ConfigNode | RunNode;

export function isRunNode(value: unknown): value is RunNode {
  return isRecord(value) && value.kind === 'run' && 'run' in value;
}

export function isConfigNode(value: unknown): value is ConfigNode {
  return isRecord(value) && value.kind === 'config' && value.config instanceof vscode.Uri;
}

function runTooltip(run: RunSummary): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`**${run.name.replace(/[\\`*_[\]<>|]/g, '\\$&')}** · ${runIdTime(run.id)} · ${formatDuration(run.durationMs / 1000)}\n\n`);
  tooltip.appendMarkdown('| condition | marginal distance | structure r | group-mean r |\n|---|---:|---:|---:|\n');
  for (const headline of run.headlines) {
    tooltip.appendMarkdown(
      `| ${headline.condition.replace(/[\\`*_[\]<>|]/g, '\\$&')} | ${formatNumber(headline.marginalDistance)} | ${formatNumber(headline.structureR)} | ${formatNumber(headline.groupMeanR)} |\n`,
    );
  }
  if (run.warnings > 0) tooltip.appendMarkdown(`\n${run.warnings} warning${run.warnings === 1 ? '' : 's'}`);
  return tooltip;
}

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly registry: ConfigRegistry,
    private readonly runs: RunStore,
    private readonly runner: Runner,
  ) {
    this.subscriptions.push(
      runs.onDidChange(() => this.changed.fire(undefined)),
      runner.onDidStart(() => this.changed.fire(undefined)),
      runner.onDidFinish(() => this.changed.fire(undefined)),
    );
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    if (!node) {
      await this.registry.ready;
      return this.registry.configs.map((config) => ({ kind: 'config', config }));
    }
    if (node.kind === 'config') {
      const runs = await this.runs.runsOf(node.config);
      return runs.map((run) => ({ kind: 'run', config: node.config, run }));
    }
    return [];
  }

  getParent(node: RunsNode): RunsNode | undefined {
    return node.kind === 'run' ? { kind: 'config', config: node.config } : undefined;
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'config') {
      const item = new vscode.TreeItem(path.basename(node.config.fsPath), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `config:${node.config.toString()}`;
      item.resourceUri = node.config;
      item.description = path.dirname(workspaceRelative(node.config));
      item.contextValue = 'config';
      item.iconPath = this.runner.activeRun(node.config) ? new vscode.ThemeIcon('sync~spin') : new vscode.ThemeIcon('beaker');
      item.tooltip = node.config.fsPath;
      item.command = { command: 'vscode.open', title: 'Open Config', arguments: [node.config] };
      return item;
    }
    const item = new vscode.TreeItem(runIdTime(node.run.id), vscode.TreeItemCollapsibleState.None);
    item.id = `run:${node.run.resultsFile}`;
    item.description = headlinesShort(node.run.headlines);
    item.tooltip = runTooltip(node.run);
    item.contextValue = 'run';
    item.iconPath = new vscode.ThemeIcon(node.run.warnings > 0 ? 'warning' : 'graph');
    item.command = { command: COMMANDS.openResults, title: 'Open Results', arguments: [node] };
    return item;
  }

  /** What the view shows, as plain data (the integration tests read it). */
  async snapshot(): Promise<{ config: string; runs: { id: string; label: string; description: string }[] }[]> {
    const roots = await this.getChildren();
    return Promise.all(
      roots.map(async (root) => {
        const children = await this.getChildren(root);
        return {
          config: root.kind === 'config' ? root.config.fsPath : '',
          runs: children.map((child) => {
            const item = this.getTreeItem(child);
            return { id: child.kind === 'run' ? child.run.id : '', label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''), description: String(item.description ?? '') };
          }),
        };
      }),
    );
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

export function registerRunsView(context: vscode.ExtensionContext, registry: ConfigRegistry, runs: RunStore, runner: Runner): RunsTreeProvider {
  const provider = new RunsTreeProvider(registry, runs, runner);
  const view = vscode.window.createTreeView(RUNS_VIEW_ID, { treeDataProvider: provider, canSelectMany: true, showCollapseAll: true });
  const updateMessage = () => {
    view.message =
      registry.configs.length === 0
        ? 'No experiment configs in this workspace (files matching repscope.configGlob). Run "RepScope: Create Sample Experiment" to start from the bundled sample.'
        : undefined;
  };
  void registry.ready.then(updateMessage);
  context.subscriptions.push(provider, view, registry.onDidChange(updateMessage));
  return provider;
}
