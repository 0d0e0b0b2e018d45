/**
 * `repscope.runOnSave`: saving a config re-runs it (a run already going for it is cancelled
 * first, so the results match the saved text). Never in untrusted workspaces.
 */
import * as vscode from 'vscode';
import type { ConfigRegistry } from './configs';
import type { Runner } from './runner';
import type { Settings } from './settings';

export function registerRunOnSave(context: vscode.ExtensionContext, registry: ConfigRegistry, runner: Runner, settings: Settings): void {
  context.subscriptions.push(
    vscode.workspace.onDidSaveTextDocument(async (document) => {
      if (!settings.runOnSaveAllowed || !registry.isConfig(document)) return;
      await runner.cancel(document.uri);
      await runner.run({ config: document.uri });
    }),
  );
}
