/**
 * Finding a configured column name among a file's headers. WVS "CsvTxt" downloads put the question
 * text after the variable name (`Q1 Important in life: Family`, `Q1: Important in life`), so a name
 * matches a header that is exactly the name or the name followed by a space, colon or dash — never a
 * longer name (`Q1` does not match `Q10 ...`).
 */
import { InputError } from '../errors';

const NAME_ENDS = new Set([' ', '\t', ':', '-', '\u2013', '\u2014']);

type MatchTier = 0 | 1 | 2 | 3;

/**
 * How well `candidate` (a header, an item key in a long or JSONL file) names `name`: 0 exact,
 * 1 name plus text, 2 exact ignoring case, 3 name plus text ignoring case; undefined when it does not.
 */
export function nameMatchTier(candidate: string, name: string): MatchTier | undefined {
  const text = candidate.trim();
  if (text === name) return 0;
  if (text.length > name.length && text.startsWith(name) && NAME_ENDS.has(text.charAt(name.length))) return 1;
  const lowerText = text.toLowerCase();
  const lowerName = name.toLowerCase();
  if (lowerText === lowerName) return 2;
  if (lowerText.length > lowerName.length && lowerText.startsWith(lowerName) && NAME_ENDS.has(lowerText.charAt(lowerName.length))) {
    return 3;
  }
  return undefined;
}

export type HeaderLookup =
  | { status: 'found'; index: number }
  | { status: 'missing'; suggestions: string[] }
  /** Two or more headers match in the best tier that has a match. */
  | { status: 'ambiguous'; indexes: number[] };

/** The variable-name part of a header: up to the first space, colon or dash. */
export function headerName(header: string): string {
  const text = header.trim();
  for (let i = 0; i < text.length; i++) {
    if (NAME_ENDS.has(text.charAt(i))) return text.slice(0, i);
  }
  return text;
}

export function lookupHeader(headers: readonly string[], name: string): HeaderLookup {
  return new HeaderIndex(headers).lookup(name);
}

/**
 * Header lookups for many names at once (a WVS file has ~300 requested columns and ~300 headers):
 * headers are indexed by their trimmed text and by their variable-name part, exact and lower-cased,
 * so each lookup is a few map reads instead of a scan.
 */
export class HeaderIndex {
  private readonly headers: readonly string[];
  /** Tier by tier: exact text, name part, lower-cased text, lower-cased name part. */
  private readonly byTier: Map<string, number[]>[] = Array.from({ length: 4 }, () => new Map<string, number[]>());

  constructor(headers: readonly string[]) {
    this.headers = headers;
    headers.forEach((header, index) => {
      const text = header.trim();
      const name = headerName(text);
      const keys = [text, name !== text ? name : undefined, text.toLowerCase(), name !== text ? name.toLowerCase() : undefined];
      keys.forEach((key, tier) => {
        if (key === undefined || key === '') return;
        const map = this.byTier[tier]!;
        const list = map.get(key);
        if (list) list.push(index);
        else map.set(key, [index]);
      });
    });
  }

  lookup(name: string): HeaderLookup {
    const wanted = name.trim();
    if (wanted === '' || [...wanted].some((char) => NAME_ENDS.has(char))) return this.scan(wanted);
    const keys = [wanted, wanted, wanted.toLowerCase(), wanted.toLowerCase()];
    for (let tier = 0; tier < 4; tier++) {
      const matches = this.byTier[tier]!.get(keys[tier]!);
      if (matches?.length === 1 && matches[0] !== undefined) return { status: 'found', index: matches[0] };
      if (matches && matches.length > 1) return { status: 'ambiguous', indexes: matches };
    }
    return { status: 'missing', suggestions: suggestHeaders(this.headers, name) };
  }

  /** Names holding a space, colon or dash cannot use the name-part index. */
  private scan(name: string): HeaderLookup {
    const byTier: number[][] = [[], [], [], []];
    this.headers.forEach((header, index) => {
      const tier = nameMatchTier(header, name);
      if (tier !== undefined) byTier[tier]?.push(index);
    });
    for (const matches of byTier) {
      if (matches.length === 1 && matches[0] !== undefined) return { status: 'found', index: matches[0] };
      if (matches.length > 1) return { status: 'ambiguous', indexes: matches };
    }
    return { status: 'missing', suggestions: suggestHeaders(this.headers, name) };
  }
}

/**
 * Up to `limit` header names close to `name`: within edit distance max(1, length/3), or extending
 * it (`Q1` -> `Q10`). Extensions first, then by distance, then in file order.
 */
export function suggestHeaders(headers: readonly string[], name: string, limit = 3): string[] {
  const wanted = name.trim().toLowerCase();
  if (wanted === '') return [];
  const maxDistance = Math.max(1, Math.floor(wanted.length / 3));
  const seen = new Set<string>();
  const candidates: { name: string; extends: boolean; distance: number; order: number }[] = [];
  headers.forEach((header, order) => {
    const candidate = headerName(header);
    if (candidate === '' || seen.has(candidate)) return;
    seen.add(candidate);
    const lower = candidate.toLowerCase();
    const distance = editDistance(wanted, lower, maxDistance + 1);
    const extendsName = lower.startsWith(wanted);
    if (distance <= maxDistance || extendsName) candidates.push({ name: candidate, extends: extendsName, distance, order });
  });
  candidates.sort(
    (a, b) => Number(b.extends) - Number(a.extends) || a.distance - b.distance || a.order - b.order,
  );
  return candidates.slice(0, limit).map((candidate) => candidate.name);
}

/** Levenshtein distance, stopping early once every path exceeds `cap` (returns `cap` then). */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1);
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin >= cap) return cap;
    previous = current;
  }
  return Math.min(previous[b.length] ?? cap, cap);
}

export interface HeaderPosition {
  /** 1-based line of the header row. */
  line: number;
  /** 1-based column of each header field, when known. */
  columns?: readonly number[];
}

/** The InputError for a lookup that did not find exactly one header. */
export function headerLookupError(
  file: string,
  headers: readonly string[],
  name: string,
  lookup: Exclude<HeaderLookup, { status: 'found' }>,
  position: HeaderPosition,
): InputError {
  if (lookup.status === 'missing') {
    const hint = lookup.suggestions.length > 0 ? `; did you mean ${lookup.suggestions.join(', ')}?` : '';
    return new InputError({ file, line: position.line, field: name }, `column ${name} not found in the header${hint}`);
  }
  const described = lookup.indexes.map((index) => `${JSON.stringify(headers[index] ?? '')} (field ${index + 1})`);
  const list = described.length === 2 ? described.join(' and ') : described.join(', ');
  const second = lookup.indexes[1];
  const column = second !== undefined ? position.columns?.[second] : undefined;
  return new InputError(
    { file, line: position.line, column, field: name },
    `column ${name} matches ${lookup.indexes.length} headers: ${list}`,
  );
}

/**
 * Resolves item keys of long and JSONL files (`Q1`, `q1`, `Q1: Important in life`) to requested
 * ids with the same tiers as headers; caches per key because files repeat keys on every row.
 */
export class NameResolver {
  private readonly ids: readonly string[];
  private readonly exact = new Map<string, number>();
  private readonly cache = new Map<string, number>();

  constructor(ids: readonly string[]) {
    this.ids = ids;
    ids.forEach((id, index) => {
      if (!this.exact.has(id)) this.exact.set(id, index);
    });
  }

  /** Index of the id `key` names, or -1. */
  resolve(key: string): number {
    const exact = this.exact.get(key);
    if (exact !== undefined) return exact;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    let best = -1;
    let bestTier = 4;
    this.ids.forEach((id, index) => {
      const tier = nameMatchTier(key, id);
      if (tier !== undefined && tier < bestTier) {
        best = index;
        bestTier = tier;
      }
    });
    this.cache.set(key, best);
    return best;
  }
}
