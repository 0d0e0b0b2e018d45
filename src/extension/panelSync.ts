/**
 * Keeps the results panel and the config in step: a name clicked in a chart is revealed in the
 * config, and the item under the cursor in the config is highlighted in the panel.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseSourceText } from '../core/config/parse';
import { listConfigSymbols } from '../core/config/symbols';
import { rangeOf } from './diagnostics';
import { ResultsPanel } from './panel';
import { revealInConfig } from './reveal';
import type { RunStore } from './runs';

/** Pause after the cursor stops before the panel follows it. */
const FOLLOW_DELAY_MS = 250;

export function registerPanelSync(context: vscode.ExtensionContext, runs: RunStore): void {
  let timer: NodeJS.Timeout | undefined;
  let lastItem: string | null = null;

  const follow = async (editor: vscode.TextEditor) => {
    const panel = ResultsPanel.current;
    if (!panel?.visible || !panel.resultsFile) return;
    let configPath: string;
    try {
      configPath = (await runs.readResults(panel.resultsFile)).config.path;
    } catch {
      return;
    }
    if (path.resolve(configPath) !== path.resolve(editor.document.uri.fsPath)) return;
    let symbols;
    try {
      symbols = listConfigSymbols(parseSourceText(editor.document.getText(), editor.document.uri.fsPath));
    } catch {
      return;
    }
    const position = editor.selection.active;
    const symbol = symbols.find((each) => rangeOf(each.location).contains(position));
    const item = symbol?.kind === 'itemEntry' && symbol.entry?.kind === 'id' ? symbol.entry.id : symbol?.kind === 'scale' ? symbol.name : null;
    if (item === lastItem) return;
    lastItem = item;
    panel.selectItem(item);
  };

  context.subscriptions.push(
    ResultsPanel.onDidSelectItem(async (selection) => {
      const config = vscode.Uri.file(selection.configFile);
      if (await revealInConfig(config, selection.kind, selection.name)) return;
      const location = selection.location;
      if (location?.line === undefined) {
        void vscode.window.showInformationMessage(`RepScope: ${selection.kind} ${selection.name} is no longer in ${path.basename(selection.configFile)}.`);
        return;
      }
      await vscode.window.showTextDocument(vscode.Uri.file(location.file), { viewColumn: vscode.ViewColumn.One, selection: rangeOf(location) });
    }),
    vscode.window.onDidChangeTextEditorSelection((event) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void follow(event.textEditor), FOLLOW_DELAY_MS);
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
}
