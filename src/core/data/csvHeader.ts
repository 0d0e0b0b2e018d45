/**
 * The header row of a delimited file: where it is (after a byte-order mark and blank lines), which
 * delimiter it uses, and its field names with their columns. The reader feeds it growing buffers
 * until it has the whole row; work done on earlier buffers is kept, so a header of a million
 * fields is read in one pass.
 */
import { InputError } from '../errors';
import { CR, ForwardLocator, LF, QUOTE, SPACE, countLineBreaks, unterminatedQuoteError, afterQuoteError, utf8 } from './csvBytes';

/** Candidate delimiters in tie-break order. */
const DELIMITERS = [',', '\t', ';', '|'] as const;

/** Byte to its index in DELIMITERS, -1 for other bytes. */
const CANDIDATE_INDEX = (() => {
  const table = new Int8Array(256).fill(-1);
  DELIMITERS.forEach((delimiter, index) => (table[delimiter.charCodeAt(0)] = index));
  return table;
})();

/** The header row, read. */
export interface HeaderRow {
  delimiter: string;
  /** Fields as written (quotes removed). */
  headers: string[];
  /** 1-based UTF-16 column of each field on its line. */
  columns: number[];
  /** 1-based line of the header row (after any leading blank lines). */
  line: number;
  /** Offset of the first byte after the row's line break, and the line that starts there. */
  next: number;
  nextLine: number;
}

export type HeaderSearch =
  | { status: 'found'; header: HeaderRow }
  /** The row is not complete yet: keep the bytes from `keepFrom` (which is on `line`) and read more. */
  | { status: 'more'; keepFrom: number; line: number };

type RowScan =
  | { status: 'more' }
  | { status: 'unterminated'; quoteAt: number }
  /** `rowEnd`: first byte of the line break (or `end`); `next`: first byte after it. */
  | { status: 'complete'; rowEnd: number; next: number; counts: readonly number[] };

/**
 * Finds the end of the header row and counts candidate delimiters outside quotes. The delimiter is
 * not known yet, so a quote opens a quoted field when it follows the row start or any candidate.
 * When the buffer ends first it remembers how far it got, relative to the row's start, so the next
 * call (with the row's bytes moved and more after them) goes on from there.
 */
class HeaderRowScanner {
  /** Next byte to look at, from the row start. */
  private offset = 0;
  private inQuote = false;
  /** The opening quote of the field being scanned, from the row start. */
  private quoteOffset = 0;
  private fieldStart = true;
  private readonly counts = DELIMITERS.map(() => 0);

  scan(buf: Uint8Array, rowStart: number, end: number, eof: boolean): RowScan {
    const counts = this.counts;
    let i = rowStart + this.offset;
    let inQuote = this.inQuote;
    let fieldStart = this.fieldStart;
    const more = (): RowScan => {
      this.offset = i - rowStart;
      this.inQuote = inQuote;
      this.fieldStart = fieldStart;
      return { status: 'more' };
    };
    for (;;) {
      if (inQuote) {
        for (;;) {
          if (i >= end) return eof ? { status: 'unterminated', quoteAt: rowStart + this.quoteOffset } : more();
          if (buf[i] === QUOTE) {
            if (i + 1 >= end) {
              if (!eof) return more();
              break;
            }
            if (buf[i + 1] !== QUOTE) break;
            i += 2;
            continue;
          }
          i++;
        }
        inQuote = false;
        fieldStart = false;
        i++;
        continue;
      }
      if (i >= end) return eof ? { status: 'complete', rowEnd: end, next: end, counts } : more();
      const byte = buf[i]!;
      if (fieldStart && byte === QUOTE) {
        inQuote = true;
        this.quoteOffset = i - rowStart;
        i++;
        continue;
      }
      if (byte === LF || byte === CR) {
        if (byte === CR && i + 1 >= end && !eof) return more();
        return { status: 'complete', rowEnd: i, next: byte === CR && buf[i + 1] === LF ? i + 2 : i + 1, counts };
      }
      const candidate = CANDIDATE_INDEX[byte]!;
      if (candidate >= 0) {
        counts[candidate]!++;
        fieldStart = true;
      } else {
        fieldStart = false;
      }
      i++;
    }
  }
}

/**
 * Picks the delimiter from a header line: the most frequent of `,` TAB `;` `|` outside quotes, ties
 * going to the earlier in that list; `fallback` when none occurs.
 */
export function detectDelimiter(bytes: Uint8Array, start = 0, end = bytes.length, fallback = ','): string {
  const scan = new HeaderRowScanner().scan(bytes, start, end, true);
  if (scan.status !== 'complete') return fallback;
  return pickDelimiter(scan.counts, fallback);
}

function pickDelimiter(counts: readonly number[], fallback: string): string {
  let best = fallback;
  let bestCount = 0;
  DELIMITERS.forEach((delimiter, index) => {
    const count = counts[index] ?? 0;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  });
  return best;
}

/**
 * Reads the header row of one file from the start of its data (after any byte-order mark). Call
 * `search` with the buffer until it answers `found`; after `more`, call it again with the bytes from
 * `keepFrom` on (at their new offset) followed by more of the file.
 */
export class HeaderFinder {
  private readonly file: string;
  private readonly fallbackDelimiter: string;
  /** Blank lines are behind: the next search starts at the header row. */
  private inRow = false;
  private readonly scanner = new HeaderRowScanner();

  /** `fallbackDelimiter`: the delimiter of a header with no candidate in it. */
  constructor(file: string, fallbackDelimiter: string) {
    this.file = file;
    this.fallbackDelimiter = fallbackDelimiter;
  }

  /** Looks for the header row in `buf[start, end)`, `start` being on `line`. Throws InputError for a file without one. */
  search(buf: Uint8Array, start: number, end: number, eof: boolean, line: number): HeaderSearch {
    let pos = start;
    if (!this.inRow) {
      while (pos < end && (buf[pos] === LF || buf[pos] === CR)) {
        if (buf[pos] === CR && pos + 1 >= end && !eof) return { status: 'more', keepFrom: pos, line };
        pos += buf[pos] === CR && buf[pos + 1] === LF ? 2 : 1;
        line++;
      }
      if (pos >= end) {
        if (!eof) return { status: 'more', keepFrom: pos, line };
        throw new InputError({ file: this.file }, 'no header line: the file holds only blank lines');
      }
      this.inRow = true;
    }
    const rowStart = pos;
    const scan = this.scanner.scan(buf, rowStart, end, eof);
    if (scan.status === 'more') return { status: 'more', keepFrom: rowStart, line };
    if (scan.status === 'unterminated') throw unterminatedQuoteError(this.file, buf, rowStart, line, scan.quoteAt);
    const delimiter = pickDelimiter(scan.counts, this.fallbackDelimiter);
    const { headers, columns } = splitHeaderRow(this.file, buf, end, rowStart, scan.rowEnd, line, delimiter.charCodeAt(0));
    return {
      status: 'found',
      header: {
        delimiter,
        headers,
        columns,
        line,
        next: scan.next,
        nextLine: line + countLineBreaks(buf, rowStart, scan.rowEnd) + 1,
      },
    };
  }
}

/**
 * Splits the header row `buf[rowStart, rowEnd)` at `delimiter` into field texts and their columns,
 * in one pass over the row. `end` is the end of the valid bytes (for error messages).
 */
function splitHeaderRow(
  file: string,
  buf: Uint8Array,
  end: number,
  rowStart: number,
  rowEnd: number,
  line: number,
  delimiter: number,
): { headers: string[]; columns: number[] } {
  const headers: string[] = [];
  const columns: number[] = [];
  const locator = new ForwardLocator(buf, rowStart, line);
  let pos = rowStart;
  for (;;) {
    const fieldStart = pos;
    let text: string;
    if (pos < rowEnd && buf[pos] === QUOTE) {
      pos++;
      const contentStart = pos;
      for (;;) {
        if (pos >= rowEnd) throw unterminatedQuoteError(file, buf, rowStart, line, fieldStart);
        if (buf[pos] === QUOTE) {
          if (pos + 1 < rowEnd && buf[pos + 1] === QUOTE) {
            pos += 2;
            continue;
          }
          break;
        }
        pos++;
      }
      text = utf8.decode(buf.subarray(contentStart, pos)).replace(/""/g, '"');
      pos++;
      while (pos < rowEnd && buf[pos] === SPACE && delimiter !== SPACE) pos++;
      if (pos < rowEnd && buf[pos] !== delimiter) throw afterQuoteError(file, buf, end, rowStart, line, pos);
    } else {
      while (pos < rowEnd && buf[pos] !== delimiter) pos++;
      text = utf8.decode(buf.subarray(fieldStart, pos));
    }
    headers.push(text);
    columns.push(locator.at(fieldStart).column);
    if (pos >= rowEnd) break;
    pos++;
  }
  return { headers, columns };
}
