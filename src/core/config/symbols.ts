/**
 * The named things of a config and where they are written, for editor hovers, CodeLens and
 * go-to-definition. Works on any parsed config, valid or not, so the editor can help while the
 * user is still fixing it.
 */
import type { SourceLocation } from '../errors';
import { parseItemEntry } from './items';
import type { ItemEntrySyntax } from './items';
import { formatFieldPath } from './parse';
import type { FieldPath, ParsedSource } from './parse';

export type ConfigSymbolKind =
  /** An entry of `items` or of an item set: `Q46`, `Q1-Q6`, `@trust`. */
  | 'itemEntry'
  /** The name of a set under `itemSets`. */
  | 'itemSet'
  /** An item id under `scales`. */
  | 'scale'
  /** A group name under `groups`. */
  | 'group'
  /** A condition name under `conditions`. */
  | 'condition';

export interface ConfigSymbol {
  kind: ConfigSymbolKind;
  /** As written: the entry text or the name. */
  name: string;
  path: FieldPath;
  /** The path as text, e.g. `itemSets.trust[1]`. */
  field: string;
  /** The entry's value for item entries, the key for names. */
  location: SourceLocation;
  /** Item entries: how the entry reads (an id, a range with its ids, a set, or invalid). */
  entry?: ItemEntrySyntax;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Every item entry, item set, scale, group and condition of a parsed config, in document order. */
export function listConfigSymbols(parsed: ParsedSource): ConfigSymbol[] {
  const symbols: ConfigSymbol[] = [];
  const root = asRecord(parsed.value) ?? {};

  const addName = (kind: ConfigSymbolKind, name: string, path: FieldPath): void => {
    symbols.push({ kind, name, path, field: formatFieldPath(path), location: parsed.locateKey(path) });
  };
  const addEntries = (list: unknown, listPath: FieldPath): void => {
    if (!Array.isArray(list)) return;
    list.forEach((entry: unknown, index) => {
      if (typeof entry !== 'string') return;
      const path = [...listPath, index];
      symbols.push({ kind: 'itemEntry', name: entry, path, field: formatFieldPath(path), location: parsed.locate(path), entry: parseItemEntry(entry) });
    });
  };

  addEntries(root.items, ['items']);
  for (const [name, list] of Object.entries(asRecord(root.itemSets) ?? {})) {
    addName('itemSet', name, ['itemSets', name]);
    addEntries(list, ['itemSets', name]);
  }
  for (const id of Object.keys(asRecord(root.scales) ?? {})) addName('scale', id, ['scales', id]);
  for (const name of Object.keys(asRecord(root.groups) ?? {})) addName('group', name, ['groups', name]);
  for (const name of Object.keys(asRecord(root.conditions) ?? {})) addName('condition', name, ['conditions', name]);

  return symbols.sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0));
}
