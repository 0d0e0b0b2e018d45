/**
 * RepScope in VS Code. `activate` lists the features, one registration each; every feature
 * lives in its own module.
 */
import * as vscode from 'vscode';
import { registerCodeLens } from './codeLens';
import { registerCommands } from './commands';
import { registerConfigDiscovery } from './configs';
import { registerDiagnostics, type ConfigDiagnostics } from './diagnostics';
import { registerGeneration } from './generation';
import { registerHovers } from './hover';
import { registerPanelCommands, registerResultsPanelSerializer } from './panel';
import { registerPanelSync } from './panelSync';
import { registerRunOnSave } from './runOnSave';
import { registerRunner, type Runner } from './runner';
import { registerRunStore } from './runs';
import { registerRunsView, type RunsTreeProvider } from './runsView';
import { registerSettings } from './settings';
import { registerTaskProvider } from './tasks';

/** What activate returns: only what the integration tests need to observe. */
export interface RepScopeApi {
  /** Resolves when no config check is pending (diagnostics are up to date). */
  diagnosticsSettled(): Promise<void>;
  /** The runs view's content as plain data. */
  runsViewSnapshot: RunsTreeProvider['snapshot'];
}

let runner: Runner | undefined;

export function activate(context: vscode.ExtensionContext): RepScopeApi {
  const settings = registerSettings(context);
  const configs = registerConfigDiscovery(context, settings);
  const runs = registerRunStore(context, configs, settings);
  runner = registerRunner(context, settings, runs);
  const diagnostics: ConfigDiagnostics = registerDiagnostics(context, configs, runner);
  registerTaskProvider(context, configs, runner);
  registerCommands(context, { extensionUri: context.extensionUri, registry: configs, runs, runner });
  registerGeneration(context, configs, runner);
  registerRunOnSave(context, configs, runner, settings);
  registerCodeLens(context, configs, runs, runner, settings);
  registerHovers(context, configs, runs, settings);
  const runsView = registerRunsView(context, configs, runs, runner);
  registerResultsPanelSerializer(context);
  registerPanelCommands(context);
  registerPanelSync(context, runs);
  return {
    diagnosticsSettled: () => diagnostics.settled(),
    runsViewSnapshot: () => runsView.snapshot(),
  };
}

/** Stops every run: workers are terminated and unfinished run folders removed. */
export async function deactivate(): Promise<void> {
  await runner?.terminateAll();
  runner = undefined;
}
