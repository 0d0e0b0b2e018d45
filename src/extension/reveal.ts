/**
 * Showing where an item, group or condition is written in a config (when the user picks one in
 * the results panel): the entry naming exactly that item if there is one, else the range or set
 * entry that includes it.
 */
import * as vscode from 'vscode';
import { parseSourceText } from '../core/config/parse';
import { listConfigSymbols, type ConfigSymbol } from '../core/config/symbols';
import { itemIdsOfSymbol } from '../core/report/hoverMarkdown';
import { isRecord } from '../core/util/isRecord';
import { rangeOf } from './diagnostics';

export type RevealKind = 'item' | 'group' | 'condition';

/** A parsed config's `itemSets` (name → item ids), best effort: what is not a list of strings is left out. */
export function itemSetsOf(config: unknown): Record<string, readonly string[]> {
  const sets = isRecord(config) ? config.itemSets : undefined;
  const result: Record<string, readonly string[]> = {};
  if (!isRecord(sets)) return result;
  for (const [name, entries] of Object.entries(sets)) {
    if (Array.isArray(entries)) result[name] = entries.filter((entry): entry is string => typeof entry === 'string');
  }
  return result;
}

/** The symbol of a config that names `name`, or undefined. Pure apart from the parsed text. */
export function findSymbol(symbols: readonly ConfigSymbol[], kind: RevealKind, name: string, itemSets: Readonly<Record<string, readonly string[]>>): ConfigSymbol | undefined {
  if (kind !== 'item') return symbols.find((symbol) => symbol.kind === kind && symbol.name === name);
  const entries = symbols.filter((symbol) => symbol.kind === 'itemEntry');
  return (
    entries.find((symbol) => symbol.entry?.kind === 'id' && symbol.name === name) ??
    entries.find((symbol) => symbol.entry?.kind === 'range' && symbol.entry.ids.includes(name)) ??
    entries.find((symbol) => itemIdsOfSymbol(symbol, itemSets).includes(name)) ??
    symbols.find((symbol) => symbol.kind === 'scale' && symbol.name === name)
  );
}

/** Opens the config beside the panel with the named thing selected. False when it is not in the config. */
export async function revealInConfig(config: vscode.Uri, kind: RevealKind, name: string): Promise<boolean> {
  const document = await vscode.workspace.openTextDocument(config);
  let parsed;
  try {
    parsed = parseSourceText(document.getText(), config.fsPath);
  } catch {
    return false;
  }
  const symbol = findSymbol(listConfigSymbols(parsed), kind, name, itemSetsOf(parsed.value));
  if (!symbol) return false;
  const range = rangeOf(symbol.location);
  const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === config.toString());
  const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection: range, preserveFocus: false });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}
