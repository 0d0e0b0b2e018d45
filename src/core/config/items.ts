/**
 * The syntax of item list entries: an id (`Q46`), a range (`Q1-Q6`) or a set reference
 * (`@trust`). Shared by resolution and by the editor (hovers show what a range expands to).
 */

/** Longest range accepted; a longer one is almost certainly a typo (`Q1-Q2900` for `Q1-Q290`). */
export const MAX_RANGE_LENGTH = 10000;

export type ItemEntrySyntax =
  | { kind: 'id'; id: string }
  | { kind: 'range'; from: string; to: string; ids: string[] }
  | { kind: 'set'; name: string }
  | { kind: 'invalid'; reason: string };

const ID = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const SET = /^@([A-Za-z_][A-Za-z0-9_.-]*)$/;
const RANGE = /^([A-Za-z_][A-Za-z0-9_.]*?)([0-9]+)-([A-Za-z_][A-Za-z0-9_.]*?)([0-9]+)$/;

/**
 * Reads one entry. Ranges keep zero padding when the first bound has it (`V01-V12` gives
 * `V01`, ..., `V12`). `Q1 - Q6` (with spaces) is not a range: YAML would also read a wrapped
 * `- Q1\n   - Q6` line as that text, so it is rejected rather than guessed at.
 */
export function parseItemEntry(entry: string): ItemEntrySyntax {
  const set = SET.exec(entry);
  if (set?.[1] !== undefined) return { kind: 'set', name: set[1] };
  if (ID.test(entry)) return { kind: 'id', id: entry };
  const range = RANGE.exec(entry);
  if (range) {
    const [, fromPrefix = '', fromDigits = '', toPrefix = '', toDigits = ''] = range;
    const from = `${fromPrefix}${fromDigits}`;
    const to = `${toPrefix}${toDigits}`;
    if (fromPrefix !== toPrefix) {
      return { kind: 'invalid', reason: `the range \`${entry}\` has different prefixes (\`${fromPrefix}\` and \`${toPrefix}\`); both ends need the same one, as in \`${fromPrefix}1-${fromPrefix}6\`` };
    }
    const start = Number(fromDigits);
    const end = Number(toDigits);
    if (end < start) return { kind: 'invalid', reason: `the range \`${entry}\` runs backwards; write it as \`${to}-${from}\`` };
    if (end - start + 1 > MAX_RANGE_LENGTH) {
      return { kind: 'invalid', reason: `the range \`${entry}\` spans ${end - start + 1} items; at most ${MAX_RANGE_LENGTH} are allowed` };
    }
    const width = fromDigits.length > 1 && fromDigits.startsWith('0') ? fromDigits.length : 0;
    const ids: string[] = [];
    for (let number = start; number <= end; number++) ids.push(`${fromPrefix}${String(number).padStart(width, '0')}`);
    return { kind: 'range', from, to, ids };
  }
  if (/\s/.test(entry)) {
    return { kind: 'invalid', reason: `\`${entry}\` contains spaces; write an item id like \`Q46\`, a range like \`Q1-Q6\` (no spaces) or a set like \`@trust\`` };
  }
  return { kind: 'invalid', reason: `\`${entry}\` is not an item id like \`Q46\`, a range like \`Q1-Q6\` or a set like \`@trust\`` };
}
