/**
 * Byte values and positions shared by the delimited-text reader's parts (csv.ts, csvHeader.ts,
 * csvColumns.ts): the bytes the grammar cares about, how a byte offset becomes the `line:column` an
 * editor shows, and the quoting errors that the header and the rows can both meet.
 */
import { InputError } from '../errors';

export const LF = 10;
export const CR = 13;
export const QUOTE = 34;
export const SPACE = 32;
export const TAB = 9;
export const MINUS = 45;
export const PLUS = 43;
export const DOT = 46;
export const DIGIT_0 = 48;

export const utf8 = new TextDecoder('utf-8');
/** For text that continues a line: a byte-order mark there is a character, not a stream start. */
const utf8Continued = new TextDecoder('utf-8', { ignoreBOM: true });
export const utf8Encoder = new TextEncoder();

/** 1-based line and UTF-16 column of a byte. */
export interface LinePosition {
  line: number;
  column: number;
}

/**
 * Turns byte offsets into line and column, for offsets met in increasing order: the bytes between
 * two calls are read once, so locating every field of a row costs one pass over the row rather
 * than one per field (a header of 20,000 columns would otherwise be quadratic).
 */
export class ForwardLocator {
  private readonly buf: Uint8Array;
  /** Bytes before this are already counted in `line` and `column`. */
  private counted: number;
  private lineStart: number;
  private line: number;
  /** UTF-16 units from `lineStart` to `counted`. */
  private units = 0;

  /** `rowStart` must start a line, which is `rowLine`. */
  constructor(buf: Uint8Array, rowStart: number, rowLine: number) {
    this.buf = buf;
    this.counted = rowStart;
    this.lineStart = rowStart;
    this.line = rowLine;
  }

  /** The position of `target`, which must not be before the previous call's. */
  at(target: number): LinePosition {
    const buf = this.buf;
    let ascii = true;
    for (let i = this.counted; i < target; i++) {
      const byte = buf[i]!;
      if (byte >= 0x80) ascii = false;
      else if (byte === LF || (byte === CR && buf[i + 1] !== LF)) {
        this.line++;
        this.lineStart = i + 1;
        this.units = 0;
      }
    }
    const from = Math.max(this.counted, this.lineStart);
    if (target > from) {
      if (ascii) this.units += target - from;
      else {
        // The decoder drops a byte-order mark at the start of its input, so counting a line in
        // pieces keeps that rule only for the piece that starts the line. Pieces end just before a
        // field, after an ASCII delimiter or line break, so no UTF-8 sequence is cut between two.
        const decoder = from === this.lineStart ? utf8 : utf8Continued;
        this.units += decoder.decode(buf.subarray(from, target)).length;
      }
    }
    if (target > this.counted) this.counted = target;
    return { line: this.line, column: this.units + 1 };
  }
}

/** 1-based line and UTF-16 column of byte `target`, counting from a row that starts a line. */
export function locate(buf: Uint8Array, rowStart: number, rowLine: number, target: number): LinePosition {
  return new ForwardLocator(buf, rowStart, rowLine).at(target);
}

/** Line breaks (LF, CRLF or a lone CR) in `buf[start, end)`. */
export function countLineBreaks(buf: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const byte = buf[i];
    if (byte === LF || (byte === CR && buf[i + 1] !== LF)) count++;
  }
  return count;
}

/** The error for a quoted field (opening at `quoteAt`) that the data ends inside. */
export function unterminatedQuoteError(file: string, buf: Uint8Array, rowStart: number, rowLine: number, quoteAt: number): InputError {
  const at = locate(buf, rowStart, rowLine, quoteAt);
  return new InputError(
    { file, line: at.line, column: at.column },
    'unterminated quote: the quoted field starting here is never closed',
  );
}

/** The error for text at `at`, after a closing quote and before the field's end; `end` bounds the bytes shown. */
export function afterQuoteError(file: string, buf: Uint8Array, end: number, rowStart: number, rowLine: number, at: number): InputError {
  const where = locate(buf, rowStart, rowLine, at);
  const shown = utf8.decode(buf.subarray(at, Math.min(at + 4, end))).charAt(0);
  return new InputError(
    { file, line: where.line, column: where.column },
    `unexpected ${JSON.stringify(shown)} after a closing quote (a quote inside a quoted field is written "")`,
  );
}
