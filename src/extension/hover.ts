/**
 * Hovers on a config's items, item sets, scales, groups and conditions, showing the last run's
 * numbers. The text is built by the pure `hoverMarkdown`; this provider finds the symbol under the
 * cursor and the run. Command links are trusted for RepScope's own commands only.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../core/commandIds';
import { parseSourceText } from '../core/config/parse';
import { listConfigSymbols } from '../core/config/symbols';
import { hoverMarkdown, noRunHoverMarkdown } from '../core/report/hoverMarkdown';
import { CONFIG_DOCUMENT_SELECTOR, type ConfigRegistry } from './configs';
import { rangeOf } from './diagnostics';
import { itemSetsOf } from './reveal';
import type { RunStore } from './runs';
import type { Settings } from './settings';

export class ConfigHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly registry: ConfigRegistry,
    private readonly runs: RunStore,
    private readonly settings: Settings,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!this.settings.current.hover || !this.registry.isConfig(document)) return undefined;
    let parsed;
    try {
      parsed = parseSourceText(document.getText(), document.uri.fsPath);
    } catch {
      return undefined;
    }
    const symbol = listConfigSymbols(parsed).find((each) => rangeOf(each.location).contains(position));
    if (!symbol) return undefined;
    const latest = await this.runs.latest(document.uri);
    const text = latest
      ? hoverMarkdown(latest.results, symbol, {
          resultsFile: latest.run.resultsFile,
          itemSets: itemSetsOf(parsed.value),
          stale: parsed.sha256 !== latest.results.config.sha256,
        })
      : noRunHoverMarkdown(symbol, document.uri.fsPath);
    const markdown = new vscode.MarkdownString(text);
    markdown.isTrusted = { enabledCommands: [COMMANDS.openResults, COMMANDS.runEvaluation] };
    return new vscode.Hover(markdown, rangeOf(symbol.location));
  }
}

export function registerHovers(context: vscode.ExtensionContext, registry: ConfigRegistry, runs: RunStore, settings: Settings): vscode.Disposable {
  const registration = vscode.languages.registerHoverProvider(CONFIG_DOCUMENT_SELECTOR, new ConfigHoverProvider(registry, runs, settings));
  context.subscriptions.push(registration);
  return registration;
}
