/**
 * A streaming, byte-level reader for delimited text (CSV, TSV, `;`- and `|`-separated).
 *
 * The file is read in chunks into one buffer; only complete rows are parsed, and a row cut by the
 * end of the buffer is carried over to the next read. Numbers are parsed straight from the bytes;
 * only text cells of requested columns become strings. Quotes follow RFC 4180 (`""` inside a quoted
 * field is one quote; quoted fields may hold delimiters and line breaks). Lines end in LF, CRLF or CR.
 */
import * as fs from 'fs';
import { createHash, type Hash } from 'crypto';
import { CancelledError, InputError, type SourceLocation } from '../errors';
import { BLANK, type ColumnKind, type LoadProgress } from './types';
import {
  MAX_CODE,
  MIN_CODE,
  classifyModelToken,
  modelAnswerFromReading,
  parseNumberText,
  quoteCell,
  readAnswerText,
  readNumber,
  type AnswerReading,
} from './answers';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const DIGIT_0 = 48;

const DEFAULT_CHUNK_SIZE = 2 * 1024 * 1024;
const PROGRESS_EVERY_BYTES = 4 * 1024 * 1024;
const HEADER_READ_BYTES = 64 * 1024;
/** Candidate delimiters in tie-break order. */
const DELIMITERS = [',', '\t', ';', '|'] as const;

const KIND_NONE = -1;
const KIND_CODE = 0;
const KIND_NUMBER = 1;
const KIND_TEXT = 2;
/** More than one request reads this field (e.g. as codes and as text). */
const KIND_MULTI = 3;

const utf8 = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** One requested field of the file and how to store it. */
export interface FieldPlan {
  /** 0-based field index in each row. */
  fieldIndex: number;
  kind: ColumnKind;
  /** Column name used in messages. */
  name: string;
  /** For `code`: normalised label text to code (see answers.ts `normalizeLabel`). */
  labels?: ReadonlyMap<string, number>;
  /** For `code`: a cell that is neither a number nor a label is an error, or a model reply to classify. */
  onText: 'error' | 'model';
}

export type ParsedField =
  | { kind: 'code'; values: Int16Array }
  | { kind: 'number'; values: Float64Array }
  | { kind: 'text'; codes: Int32Array; dictionary: string[] };

export interface ParsedRows {
  nRows: number;
  rowLines: Uint32Array;
  /** In the order of the plans. */
  fields: ParsedField[];
  sha256: string;
  bytes: number;
}

export interface ReaderOptions {
  /** Bytes per read; tests use tiny values so chunk boundaries fall inside fields and CRLF pairs. */
  chunkSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
}

/**
 * Picks the delimiter from a header line: the most frequent of `,` TAB `;` `|` outside quotes, ties
 * going to the earlier in that list; `fallback` when none occurs.
 */
export function detectDelimiter(bytes: Uint8Array, start = 0, end = bytes.length, fallback = ','): string {
  const scan = scanHeaderRow(bytes, start, end, true);
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

type HeaderScan =
  | { status: 'more' }
  | { status: 'unterminated'; quoteAt: number }
  /** `rowEnd`: first byte of the line break (or `end`); `next`: first byte after it. */
  | { status: 'complete'; rowEnd: number; next: number; counts: number[] };

/**
 * Finds the end of the header row and counts candidate delimiters outside quotes. The delimiter is
 * not known yet, so a quote opens a quoted field when it follows the row start or any candidate.
 */
function scanHeaderRow(buf: Uint8Array, start: number, end: number, eof: boolean): HeaderScan {
  const counts = DELIMITERS.map(() => 0);
  const candidateIndex = (byte: number): number => DELIMITERS.findIndex((d) => d.charCodeAt(0) === byte);
  let fieldStart = true;
  for (let i = start; i < end; i++) {
    const byte = buf[i]!;
    if (fieldStart && byte === QUOTE) {
      const quoteAt = i;
      i++;
      for (;;) {
        if (i >= end) return eof ? { status: 'unterminated', quoteAt } : { status: 'more' };
        if (buf[i] === QUOTE) {
          if (i + 1 >= end && !eof) return { status: 'more' };
          if (buf[i + 1] !== QUOTE) break;
          i++;
        }
        i++;
      }
      fieldStart = false;
      continue;
    }
    if (byte === LF || byte === CR) {
      if (byte === CR && i + 1 >= end && !eof) return { status: 'more' };
      return { status: 'complete', rowEnd: i, next: byte === CR && buf[i + 1] === LF ? i + 2 : i + 1, counts };
    }
    const candidate = candidateIndex(byte);
    if (candidate >= 0) {
      counts[candidate] = (counts[candidate] ?? 0) + 1;
      fieldStart = true;
    } else {
      fieldStart = false;
    }
  }
  return eof ? { status: 'complete', rowEnd: end, next: end, counts } : { status: 'more' };
}

/**
 * Dictionary of text cells keyed by their bytes, so a column of repeated values (country codes,
 * group tags) creates one string per distinct value rather than one per row.
 */
class ByteDictionary {
  readonly strings: string[] = [];
  private readonly entries: Uint8Array[] = [];
  private readonly byHash = new Map<number, number[]>();

  intern(bytes: Uint8Array, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    const bucket = this.byHash.get(hash);
    const length = end - start;
    if (bucket) {
      for (const index of bucket) {
        const entry = this.entries[index]!;
        if (entry.length !== length) continue;
        let same = true;
        for (let i = 0; i < length; i++) {
          if (entry[i] !== bytes[start + i]) {
            same = false;
            break;
          }
        }
        if (same) return index;
      }
    }
    const index = this.strings.length;
    const copy = bytes.slice(start, end);
    this.entries.push(copy);
    this.strings.push(utf8.decode(copy));
    if (bucket) bucket.push(index);
    else this.byHash.set(hash, [index]);
    return index;
  }

  internString(text: string): number {
    const bytes = utf8Encoder.encode(text);
    return this.intern(bytes, 0, bytes.length);
  }
}

interface PlanState {
  plan: FieldPlan;
  kind: number;
  /** Index into the column arrays of its kind. */
  slot: number;
}

/**
 * Reads a delimited file: `open` reads the header, `readRows` the rest. The file's bytes are
 * hashed as they are read, so the sha256 covers exactly what was parsed.
 */
export class DelimitedReader {
  readonly file: string;
  /** Header fields as written (quotes removed). */
  headers: string[] = [];
  /** 1-based column of each header field on the header line. */
  headerColumns: number[] = [];
  /** 1-based line of the header row (after any leading blank lines). */
  headerLine = 1;
  delimiter = ',';

  private source: ByteSource | undefined;
  private readonly totalBytes: number;
  private readonly chunkSize: number;
  private readonly signal: AbortSignal | undefined;
  private readonly onProgress: ((progress: LoadProgress) => void) | undefined;
  private readonly hash: Hash = createHash('sha256');

  private buffer: Uint8Array;
  /** The same bytes, for 32-bit loads. */
  private view: DataView;
  /** File offset of buffer[0]. */
  private bufferOffset = 0;
  /** Parse position and end of valid bytes in the buffer. */
  private pos = 0;
  private end = 0;
  private bytesRead = 0;
  private lastProgress = 0;
  private eof = false;
  /** 1-based line at `pos`. */
  private line = 1;
  /** File offset of the first data byte (after the header), for row-count estimates. */
  private dataStart = 0;

  private delimiterByte = 44;
  /** 1 for the delimiter, LF and CR. */
  private isTerminator = new Uint8Array(256);
  private nFields = 0;
  private planKind = new Int8Array(0);
  private planIndex = new Int32Array(0);
  private plans: PlanState[] = [];
  private multiPlans = new Map<number, number[]>();
  private codeColumns: Int16Array[] = [];
  /** For fields read by exactly one `code` plan, its column (the hot path's target); else empty. */
  private codeByField: Int16Array[] = [];
  private numberColumns: Float64Array[] = [];
  private textColumns: Int32Array[] = [];
  private textDictionaries: ByteDictionary[] = [];
  private rowLines = new Uint32Array(0);
  private nRows = 0;
  /** Results of the last scanQuoted. */
  private quotedEnd = 0;
  private quotedEscaped = false;
  private quotedLineBreaks = 0;

  private constructor(file: string, source: ByteSource, options: ReaderOptions) {
    this.file = file;
    this.source = source;
    this.totalBytes = source.size;
    this.chunkSize = Math.max(1, Math.floor(options.chunkSize ?? DEFAULT_CHUNK_SIZE));
    this.signal = options.signal;
    this.onProgress = options.onProgress;
    this.buffer = new Uint8Array(Math.max(16, this.chunkSize * 2));
    this.view = new DataView(this.buffer.buffer);
  }

  /** Opens the file and reads its header row. Throws InputError for unreadable, empty or headerless files. */
  static open(file: string, options: ReaderOptions = {}): DelimitedReader {
    if (options.signal?.aborted) throw new CancelledError();
    return DelimitedReader.start(file, openFileSource(file), options);
  }

  /** Reads delimited text held in memory; `name` stands for the file in messages. */
  static fromBytes(name: string, bytes: Uint8Array, options: ReaderOptions = {}): DelimitedReader {
    return DelimitedReader.start(name, memorySource(bytes), options);
  }

  private static start(file: string, source: ByteSource, options: ReaderOptions): DelimitedReader {
    const reader = new DelimitedReader(file, source, options);
    try {
      reader.readHeader();
    } catch (error) {
      reader.close();
      throw error;
    }
    return reader;
  }

  close(): void {
    if (this.source) {
      this.source.close();
      this.source = undefined;
    }
  }

  /** Parses every remaining row, storing the planned fields, and closes the file. */
  async readRows(plans: readonly FieldPlan[]): Promise<ParsedRows> {
    try {
      warmUpParser();
      this.setUpPlans(plans);
      for (;;) {
        this.parseAvailable();
        if (this.eof) break;
        this.refill();
        this.reportProgress(false);
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.signal?.aborted) throw new CancelledError();
      }
      this.reportProgress(true);
      return this.finish();
    } finally {
      this.close();
    }
  }

  /** `readRows` without yielding to the event loop; for small in-memory inputs. */
  readRowsSync(plans: readonly FieldPlan[]): ParsedRows {
    try {
      this.setUpPlans(plans);
      for (;;) {
        this.parseAvailable();
        if (this.eof) break;
        this.refill();
      }
      return this.finish();
    } finally {
      this.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /** Moves unparsed bytes to the front, then reads up to one chunk after them. */
  private refill(maxBytes = this.chunkSize): void {
    if (!this.source) throw new Error('DelimitedReader.refill: the source is closed');
    if (this.signal?.aborted) throw new CancelledError();
    if (this.pos > 0) {
      this.buffer.copyWithin(0, this.pos, this.end);
      this.bufferOffset += this.pos;
      this.end -= this.pos;
      this.pos = 0;
    }
    // Four spare bytes after the data: parseAvailable's LF sentinel, and room for a 32-bit load at it.
    if (this.buffer.length - this.end < this.chunkSize + 4) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, (this.end + this.chunkSize) * 2));
      grown.set(this.buffer.subarray(0, this.end));
      this.buffer = grown;
      this.view = new DataView(grown.buffer);
    }
    const read = this.source.read(this.buffer, this.end, Math.min(maxBytes, this.chunkSize), this.bufferOffset + this.end);
    if (read > 0) {
      this.hash.update(this.buffer.subarray(this.end, this.end + read));
      this.end += read;
      this.bytesRead += read;
    }
    if (read === 0 || this.bytesRead >= this.totalBytes) this.eof = true;
  }

  private reportProgress(final: boolean): void {
    if (!this.onProgress) return;
    if (final || this.bytesRead - this.lastProgress >= PROGRESS_EVERY_BYTES) {
      this.lastProgress = this.bytesRead;
      this.onProgress({ bytesRead: this.bytesRead, totalBytes: Math.max(this.totalBytes, this.bytesRead) });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Header

  private readHeader(): void {
    if (this.totalBytes === 0) throw new InputError({ file: this.file }, 'the file is empty');
    // Small reads until the header is found: the first parseAvailable call then sees only a few
    // rows and runs to completion before V8 optimises it, so the optimised code has type feedback
    // for the end of a chunk (otherwise it deoptimises there, costing ~200 ms on a WVS-sized file).
    while (this.end < 3 && !this.eof) this.refill(HEADER_READ_BYTES);
    const b = this.buffer;
    if (this.end >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) {
      throw new InputError({ file: this.file, line: 1, column: 1 }, 'the file is UTF-16 encoded; save it as UTF-8');
    }
    if (this.end >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
      this.pos = 3;
      if (this.eof && this.end === 3) {
        throw new InputError({ file: this.file }, 'the file is empty (it holds only a UTF-8 byte-order mark)');
      }
    }
    for (;;) {
      const found = this.findHeaderRow();
      if (found) break;
      this.refill(HEADER_READ_BYTES);
    }
    this.dataStart = this.bufferOffset + this.pos;
  }

  /** Tries to parse the header row from the buffer; false when more bytes are needed. */
  private findHeaderRow(): boolean {
    const buf = this.buffer;
    const end = this.end;
    let pos = this.pos;
    let line = this.line;
    while (pos < end && (buf[pos] === LF || buf[pos] === CR)) {
      if (buf[pos] === CR && pos + 1 >= end && !this.eof) return false;
      pos += buf[pos] === CR && buf[pos + 1] === LF ? 2 : 1;
      line++;
    }
    if (pos >= end) {
      if (!this.eof) {
        this.pos = pos;
        this.line = line;
        return false;
      }
      throw new InputError({ file: this.file }, 'no header line: the file holds only blank lines');
    }
    const rowStart = pos;
    const scan = scanHeaderRow(buf, rowStart, end, this.eof);
    if (scan.status === 'more') return false;
    if (scan.status === 'unterminated') this.throwUnterminated(rowStart, line, scan.quoteAt);
    const { rowEnd, next } = scan;
    this.delimiter = pickDelimiter(scan.counts, /\.tsv$/i.test(this.file) ? '\t' : ',');
    this.delimiterByte = this.delimiter.charCodeAt(0);
    this.isTerminator[this.delimiterByte] = 1;
    this.isTerminator[LF] = 1;
    this.isTerminator[CR] = 1;
    this.splitHeader(rowStart, rowEnd, line);
    this.headerLine = line;
    this.pos = next;
    this.line = line + countLineBreaks(buf, rowStart, rowEnd) + 1;
    return true;
  }

  private splitHeader(rowStart: number, rowEnd: number, line: number): void {
    const buf = this.buffer;
    const delimiter = this.delimiterByte;
    let pos = rowStart;
    for (;;) {
      const fieldStart = pos;
      let text: string;
      if (pos < rowEnd && buf[pos] === QUOTE) {
        pos++;
        const contentStart = pos;
        for (;;) {
          if (pos >= rowEnd) this.throwUnterminated(rowStart, line, fieldStart);
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
        if (pos < rowEnd && buf[pos] !== delimiter) this.throwAfterQuote(rowStart, line, pos);
      } else {
        while (pos < rowEnd && buf[pos] !== delimiter) pos++;
        text = utf8.decode(buf.subarray(fieldStart, pos));
      }
      this.headers.push(text);
      this.headerColumns.push(this.locate(rowStart, line, fieldStart).column);
      if (pos >= rowEnd) break;
      pos++;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Rows

  private setUpPlans(plans: readonly FieldPlan[]): void {
    this.nFields = this.headers.length;
    this.planKind = new Int8Array(this.nFields).fill(KIND_NONE);
    this.planIndex = new Int32Array(this.nFields);
    this.plans = plans.map((plan, index) => {
      if (plan.fieldIndex < 0 || plan.fieldIndex >= this.nFields) {
        throw new Error(`DelimitedReader.readRows: field ${plan.fieldIndex} is outside the ${this.nFields} headers`);
      }
      const kind = plan.kind === 'code' ? KIND_CODE : plan.kind === 'number' ? KIND_NUMBER : KIND_TEXT;
      let slot: number;
      if (kind === KIND_CODE) {
        slot = this.codeColumns.length;
        this.codeColumns.push(new Int16Array(0));
      } else if (kind === KIND_NUMBER) {
        slot = this.numberColumns.length;
        this.numberColumns.push(new Float64Array(0));
      } else {
        slot = this.textColumns.length;
        this.textColumns.push(new Int32Array(0));
        this.textDictionaries.push(new ByteDictionary());
      }
      const field = plan.fieldIndex;
      if (this.planKind[field] === KIND_NONE) {
        this.planKind[field] = kind;
        this.planIndex[field] = index;
      } else {
        const shared = this.multiPlans.get(field) ?? [this.planIndex[field]!];
        shared.push(index);
        this.multiPlans.set(field, shared);
        this.planKind[field] = KIND_MULTI;
      }
      return { plan, kind, slot };
    });
    this.growRows(0, this.pos, this.estimateRows());
  }

  private linkCodeFields(): void {
    const empty = new Int16Array(0);
    this.codeByField = Array.from({ length: this.nFields }, () => empty);
    for (let field = 0; field < this.nFields; field++) {
      if (this.planKind[field] === KIND_CODE) {
        this.codeByField[field] = this.codeColumns[this.plans[this.planIndex[field]!]!.slot]!;
      }
    }
  }

  /** Rows in the file, guessed from the line breaks in the bytes already read after the header (+10 %). */
  private estimateRows(): number {
    let breaks = 0;
    for (let at = this.buffer.indexOf(LF, this.pos); at >= 0 && at < this.end; at = this.buffer.indexOf(LF, at + 1)) breaks++;
    const sample = this.end - this.pos;
    if (breaks < 2 || sample <= 0) return 1024;
    return Math.ceil(((this.totalBytes - this.dataStart) / (sample / breaks)) * 1.1) + 64;
  }

  /** Makes room for at least `row + 1` rows (and `atLeast`), sized from the bytes per row seen so far. */
  private growRows(row: number, pos: number, atLeast = 0): void {
    const capacity = this.rowLines.length;
    const consumed = this.bufferOffset + pos - this.dataStart;
    const remaining = this.totalBytes - this.dataStart;
    let wanted = row === 0 ? Math.max(atLeast, 16) : Math.ceil(capacity * 1.25);
    if (row > 0 && consumed > 0) wanted = Math.max(wanted, Math.ceil(((row * remaining) / consumed) * 1.02) + 64);
    wanted = Math.max(wanted, row + 1);
    if (wanted <= capacity) return;
    const rowLines = new Uint32Array(wanted);
    rowLines.set(this.rowLines.subarray(0, row));
    this.rowLines = rowLines;
    // One allocation for all code columns: a few hundred separate ones trigger extra
    // external-memory garbage collections.
    const codeBlock = new ArrayBuffer(wanted * Int16Array.BYTES_PER_ELEMENT * this.codeColumns.length);
    for (let i = 0; i < this.codeColumns.length; i++) {
      const grown = new Int16Array(codeBlock, i * wanted * Int16Array.BYTES_PER_ELEMENT, wanted);
      grown.set(this.codeColumns[i]!.subarray(0, row));
      this.codeColumns[i] = grown;
    }
    for (let i = 0; i < this.numberColumns.length; i++) {
      const grown = new Float64Array(wanted);
      grown.set(this.numberColumns[i]!.subarray(0, row));
      this.numberColumns[i] = grown;
    }
    for (let i = 0; i < this.textColumns.length; i++) {
      const grown = new Int32Array(wanted);
      grown.set(this.textColumns[i]!.subarray(0, row));
      this.textColumns[i] = grown;
    }
    this.linkCodeFields();
  }

  /**
   * Parses every complete row in the buffer. A row that reaches the end of the buffer before the
   * end of the file is left for the next call (`pos` stays at its start), so every field is seen
   * whole before it is stored or reported. `buf[end]` holds a LF sentinel, so scans stop there
   * without a bounds check on every byte.
   */
  private parseAvailable(): void {
    const buf = this.buffer;
    const view = this.view;
    const end = this.end;
    const eof = this.eof;
    buf[end] = LF;
    const delimiter = this.delimiterByte;
    const nFields = this.nFields;
    const planKind = this.planKind;
    const planIndex = this.planIndex;
    const codeByField = this.codeByField;
    const isTerminator = this.isTerminator;
    let rowLines = this.rowLines;
    let capacity = rowLines.length;
    let pos = this.pos;
    let line = this.line;
    let row = this.nRows;

    rows: while (pos < end) {
      const rowStart = pos;
      const first = buf[pos]!;
      if (first === LF) {
        pos++;
        line++;
        continue;
      }
      if (first === CR) {
        if (pos + 1 < end) pos += buf[pos + 1] === LF ? 2 : 1;
        else if (!eof) break;
        else pos++;
        line++;
        continue;
      }
      if (row === capacity) {
        this.growRows(row, rowStart);
        rowLines = this.rowLines;
        capacity = rowLines.length;
      }
      let rowEndLine = line;
      let field = 0;
      let extraFieldStart = -1;
      for (;;) {
        const kind = field < nFields ? planKind[field]! : KIND_NONE;
        if (kind === KIND_CODE) {
          // Fastest paths, the commonest survey cells: `d,` and `-d,` / `dd,`, read with one
          // 32-bit load. Near `end` the LF sentinel fails every test before stale bytes matter.
          const word = view.getUint32(pos, true);
          const first = (word & 0xff) - DIGIT_0;
          const second = (word >>> 8) & 0xff;
          if (second === delimiter && first >= 0 && first <= 9) {
            codeByField[field]![row] = first;
            pos += 2;
            field++;
            continue;
          }
          if (((word >>> 16) & 0xff) === delimiter) {
            const digit = second - DIGIT_0;
            if (digit >= 0 && digit <= 9) {
              if (first === MINUS - DIGIT_0) {
                codeByField[field]![row] = -digit;
                pos += 3;
                field++;
                continue;
              }
              if (first >= 0 && first <= 9) {
                codeByField[field]![row] = first * 10 + digit;
                pos += 3;
                field++;
                continue;
              }
            }
          }
        }
        const fieldStart = pos;
        let byte = buf[pos]!;
        if (byte !== QUOTE) {
          if (kind === KIND_CODE) {
            // One digit then a line break: the last cell of a row. A digit in the last byte sees
            // the LF sentinel after it, and is caught by the end-of-buffer check below.
            const single = byte - DIGIT_0;
            if (single >= 0 && single <= 9 && isTerminator[buf[pos + 1]!] === 1) {
              codeByField[field]![row] = single;
              pos++;
              field++;
              if (buf[pos] === delimiter) {
                pos++;
                continue;
              }
              if (pos >= end) {
                if (!eof) {
                  pos = rowStart;
                  break rows;
                }
                break;
              }
              if (buf[pos] === LF) pos++;
              else if (pos + 1 < end) pos += buf[pos + 1] === LF ? 2 : 1;
              else if (!eof) {
                pos = rowStart;
                break rows;
              } else pos++;
              break;
            }
            // Fast path: an optionally signed integer of up to five digits, directly followed by
            // the delimiter or a line break.
            let p = pos;
            if (byte === MINUS) byte = buf[++p]!;
            const digitsStart = p;
            let value = 0;
            let digit = byte - DIGIT_0;
            while (digit >= 0 && digit <= 9) {
              value = value * 10 + digit;
              digit = buf[++p]! - DIGIT_0;
            }
            byte = buf[p]!;
            if (
              p < end &&
              (byte === delimiter || byte === LF || byte === CR) &&
              p > digitsStart &&
              p - digitsStart <= 5
            ) {
              if (digitsStart !== pos) value = -value;
              if (value >= MIN_CODE && value <= MAX_CODE) codeByField[field]![row] = value;
              else this.storeCell(planIndex[field]!, row, pos, p, false, rowStart, line);
              pos = p;
            } else {
              while (byte !== delimiter && byte !== LF && byte !== CR) byte = buf[++p]!;
              pos = p;
              if (pos >= end && !eof) {
                pos = rowStart;
                break rows;
              }
              this.storeCell(planIndex[field]!, row, fieldStart, pos, false, rowStart, line);
            }
          } else {
            while (byte !== delimiter && byte !== LF && byte !== CR) byte = buf[++pos]!;
            if (pos >= end && !eof) {
              pos = rowStart;
              break rows;
            }
            if (kind !== KIND_NONE) this.storeField(kind, field, row, fieldStart, pos, false, rowStart, line);
          }
        } else {
          const after = this.scanQuoted(pos, rowStart, line);
          if (after < 0) {
            pos = rowStart;
            break rows;
          }
          rowEndLine += this.quotedLineBreaks;
          if (kind !== KIND_NONE) {
            this.storeField(kind, field, row, fieldStart + 1, this.quotedEnd, this.quotedEscaped, rowStart, line);
          }
          pos = after;
        }
        if (field === nFields) extraFieldStart = fieldStart;
        field++;

        if (pos >= end) break;
        const terminator = buf[pos]!;
        if (terminator === delimiter) {
          pos++;
          continue;
        }
        if (terminator === LF) pos++;
        else if (pos + 1 < end) pos += buf[pos + 1] === LF ? 2 : 1;
        else if (!eof) {
          pos = rowStart;
          break rows;
        } else pos++;
        break;
      }
      if (field !== nFields) this.throwRagged(rowStart, line, field, extraFieldStart, pos);
      rowLines[row] = line;
      row++;
      line = rowEndLine + 1;
    }
    this.pos = pos;
    this.line = line;
    this.nRows = row;
  }

  /**
   * Scans the quoted field opening at `quoteAt`: returns the position of its terminator (delimiter,
   * line break or end of data), or -1 when the buffer ends before the field does. Sets `quotedEnd`
   * (the closing quote), `quotedEscaped` (holds `""`) and `quotedLineBreaks`. Kept out of
   * parseAvailable so that hot function stays small and is optimised sooner.
   */
  private scanQuoted(quoteAt: number, rowStart: number, rowLine: number): number {
    const buf = this.buffer;
    const end = this.end;
    const eof = this.eof;
    const delimiter = this.delimiterByte;
    let pos = quoteAt + 1;
    let escaped = false;
    let lineBreaks = 0;
    for (;;) {
      if (pos >= end) {
        if (!eof) return -1;
        this.throwUnterminated(rowStart, rowLine, quoteAt);
      }
      const byte = buf[pos]!;
      if (byte === QUOTE) {
        if (pos + 1 < end) {
          if (buf[pos + 1] === QUOTE) {
            escaped = true;
            pos += 2;
            continue;
          }
        } else if (!eof) return -1;
        break;
      }
      if (byte === LF) lineBreaks++;
      else if (byte === CR) {
        if (pos + 1 < end) {
          if (buf[pos + 1] !== LF) lineBreaks++;
        } else if (!eof) return -1;
        else lineBreaks++;
      }
      pos++;
    }
    this.quotedEnd = pos;
    this.quotedEscaped = escaped;
    this.quotedLineBreaks = lineBreaks;
    pos++;
    while (pos < end && (buf[pos] === SPACE || buf[pos] === TAB) && buf[pos] !== delimiter) pos++;
    if (pos < end) {
      const byte = buf[pos]!;
      if (byte !== delimiter && byte !== LF && byte !== CR) this.throwAfterQuote(rowStart, rowLine, pos);
    } else if (!eof) return -1;
    return pos;
  }

  /** Stores one field for every plan that reads it. */
  private storeField(
    kind: number,
    field: number,
    row: number,
    start: number,
    end: number,
    escaped: boolean,
    rowStart: number,
    rowLine: number,
  ): void {
    if (kind !== KIND_MULTI) {
      this.storeCell(this.planIndex[field]!, row, start, end, escaped, rowStart, rowLine);
      return;
    }
    for (const index of this.multiPlans.get(field) ?? []) this.storeCell(index, row, start, end, escaped, rowStart, rowLine);
  }

  /** The general path for one cell: blanks, decimals, labels, text, errors. */
  private storeCell(
    planIndex: number,
    row: number,
    start: number,
    end: number,
    escaped: boolean,
    rowStart: number,
    rowLine: number,
  ): void {
    const state = this.plans[planIndex]!;
    const buf = this.buffer;
    while (start < end && (buf[start] === SPACE || buf[start] === TAB)) start++;
    while (end > start && (buf[end - 1] === SPACE || buf[end - 1] === TAB)) end--;
    const blank = start === end;
    if (state.kind === KIND_TEXT) {
      const dictionary = this.textDictionaries[state.slot]!;
      this.textColumns[state.slot]![row] = blank
        ? -1
        : escaped
          ? dictionary.internString(this.cellText(start, end, escaped))
          : dictionary.intern(buf, start, end);
      return;
    }
    const simple = blank || escaped ? Number.NaN : parseSimpleDecimal(buf, start, end);
    if (state.kind === KIND_NUMBER) {
      let value = simple;
      if (Number.isNaN(value) && !blank) {
        const text = this.cellText(start, end, escaped);
        value = parseNumberText(text);
        if (Number.isNaN(value)) {
          throw this.cellError(state.plan, rowStart, rowLine, start, end, `${quoteCell(text)} is not a number`);
        }
      }
      this.numberColumns[state.slot]![row] = value;
      return;
    }
    const codes = this.codeColumns[state.slot]!;
    if (blank) {
      codes[row] = BLANK;
      return;
    }
    let reading: AnswerReading;
    let text: string | undefined;
    if (!Number.isNaN(simple)) reading = readNumber(simple);
    else {
      text = this.cellText(start, end, escaped);
      reading = readAnswerText(text, state.plan.labels);
    }
    if (reading.kind === 'code') {
      codes[row] = reading.code;
      return;
    }
    text ??= this.cellText(start, end, escaped);
    if (state.plan.onText === 'model') {
      codes[row] = reading.kind === 'text' ? classifyModelToken(text) : modelAnswerFromReading(reading, text);
      return;
    }
    const name = state.plan.name;
    const detail =
      reading.kind === 'nonInteger'
        ? `${quoteCell(text)} is not an integer code`
        : reading.kind === 'outOfRange'
          ? `${text.trim()} is outside the storable code range ${MIN_CODE}..${MAX_CODE}`
          : `${quoteCell(text)} is not a number or an answer label of ${name}`;
    throw this.cellError(state.plan, rowStart, rowLine, start, end, detail);
  }

  private cellText(start: number, end: number, escaped: boolean): string {
    const text = utf8.decode(this.buffer.subarray(start, end));
    return escaped ? text.replace(/""/g, '"') : text;
  }

  private finish(): ParsedRows {
    const n = this.nRows;
    // The capacity estimate is usually within a few percent: a view then saves a copy per column.
    const fit = <T extends Int16Array | Float64Array | Int32Array | Uint32Array>(array: T): T =>
      (array.length === n ? array : array.length <= n * 1.15 + 64 ? array.subarray(0, n) : array.slice(0, n)) as T;
    const fields = this.plans.map((state): ParsedField => {
      if (state.kind === KIND_CODE) {
        const values = fit(this.codeColumns[state.slot]!);
        this.codeColumns[state.slot] = values;
        return { kind: 'code', values };
      }
      if (state.kind === KIND_NUMBER) {
        const values = fit(this.numberColumns[state.slot]!);
        this.numberColumns[state.slot] = values;
        return { kind: 'number', values };
      }
      const codes = fit(this.textColumns[state.slot]!);
      this.textColumns[state.slot] = codes;
      return { kind: 'text', codes, dictionary: this.textDictionaries[state.slot]!.strings };
    });
    return {
      nRows: n,
      rowLines: fit(this.rowLines),
      fields,
      sha256: this.hash.digest('hex'),
      bytes: this.bytesRead,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Errors

  /** 1-based line and UTF-16 column of byte `target`, counting from a row that starts a line. */
  private locate(rowStart: number, rowLine: number, target: number): { line: number; column: number } {
    const buf = this.buffer;
    let line = rowLine;
    let lineStart = rowStart;
    for (let i = rowStart; i < target; i++) {
      const byte = buf[i];
      if (byte === LF || (byte === CR && buf[i + 1] !== LF)) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: utf8.decode(buf.subarray(lineStart, target)).length + 1 };
  }

  private cellError(
    plan: FieldPlan,
    rowStart: number,
    rowLine: number,
    start: number,
    end: number,
    detail: string,
  ): InputError {
    const from = this.locate(rowStart, rowLine, start);
    const to = this.locate(rowStart, rowLine, end);
    const location: SourceLocation = {
      file: this.file,
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
      field: plan.name,
    };
    return new InputError(location, `column ${plan.name}: ${detail}`);
  }

  private throwUnterminated(rowStart: number, rowLine: number, quoteAt: number): never {
    const at = this.locate(rowStart, rowLine, quoteAt);
    throw new InputError(
      { file: this.file, line: at.line, column: at.column },
      'unterminated quote: the quoted field starting here is never closed',
    );
  }

  private throwAfterQuote(rowStart: number, rowLine: number, at: number): never {
    const where = this.locate(rowStart, rowLine, at);
    const shown = utf8.decode(this.buffer.subarray(at, Math.min(at + 4, this.end))).charAt(0);
    throw new InputError(
      { file: this.file, line: where.line, column: where.column },
      `unexpected ${JSON.stringify(shown)} after a closing quote (a quote inside a quoted field is written "")`,
    );
  }

  private throwRagged(rowStart: number, rowLine: number, found: number, extraFieldStart: number, rowEnd: number): never {
    // Too many: point at the first surplus field. Too few: at the end of the row's text.
    let at = extraFieldStart;
    if (at < 0) {
      at = rowEnd;
      while (at > rowStart && (this.buffer[at - 1] === LF || this.buffer[at - 1] === CR)) at--;
    }
    const where = this.locate(rowStart, rowLine, at);
    throw new InputError(
      { file: this.file, line: where.line, column: where.column },
      `expected ${this.nFields} fields, found ${found}`,
    );
  }
}

/** Where the bytes come from: a file read in place, or memory (tests, the warm-up). */
interface ByteSource {
  readonly size: number;
  read(target: Uint8Array, offset: number, length: number, position: number): number;
  close(): void;
}

function openFileSource(file: string): ByteSource {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw new InputError({ file }, describeOpenError(error));
  }
  let size: number;
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new InputError({ file }, 'is a directory, not a data file');
    size = stat.size;
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  let open = true;
  return {
    size,
    read: (target, offset, length, position) => fs.readSync(fd, target, offset, length, position),
    close: () => {
      if (open) fs.closeSync(fd);
      open = false;
    },
  };
}

function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (target, offset, length, position) => {
      const chunk = bytes.subarray(position, Math.min(bytes.length, position + length));
      target.set(chunk, offset);
      return chunk.length;
    },
    close: () => undefined,
  };
}

let warmedUp = false;

/**
 * Runs the parser once over a small sample that takes every branch (quotes, escapes, CRLF, lone CR,
 * blank lines, labels, decimals, text, tiny chunks that cut rows). V8 optimises `parseAvailable`
 * while the first chunk of a big file is being parsed; any branch that has not run by then has no
 * type feedback and deoptimises the code when first taken, which cost ~100-250 ms on a WVS-sized
 * file. After this, the optimised code covers every branch.
 */
function warmUpParser(): void {
  if (warmedUp) return;
  warmedUp = true;
  const sample = utf8Encoder.encode(
    'a,b,c,d,e,f,g\n' +
      '1,2.5,x,"q""uote",12,-3,7\r\n' +
      '\n' +
      '-1,,"y, z",,99999,yes,"8"\r' +
      '3: yes,1e3, w ,"line\nbreak",2.0,  4 ,"9" \n' +
      ' ,"1.5",x,plain,refused,-32768,\r\n' +
      '\r\n' +
      '5,7,"x",,40,+2,"a""b"',
  );
  const labels = new Map([['yes', 1]]);
  const plans: FieldPlan[] = [
    { fieldIndex: 0, kind: 'code', name: 'a', labels, onText: 'model' },
    { fieldIndex: 1, kind: 'number', name: 'b', onText: 'model' },
    { fieldIndex: 2, kind: 'text', name: 'c', onText: 'model' },
    { fieldIndex: 4, kind: 'code', name: 'e', onText: 'model' },
    { fieldIndex: 5, kind: 'code', name: 'f', labels, onText: 'model' },
    { fieldIndex: 5, kind: 'text', name: 'f', onText: 'model' },
    { fieldIndex: 6, kind: 'code', name: 'g', onText: 'model' },
  ];
  for (const chunkSize of [3, 7, 1 << 16]) {
    DelimitedReader.fromBytes('warm-up', sample, { chunkSize }).readRowsSync(plans);
  }
}

function countLineBreaks(buf: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const byte = buf[i];
    if (byte === LF || (byte === CR && buf[i + 1] !== LF)) count++;
  }
  return count;
}

/**
 * `[sign]digits[.digits]` with at most 15 significant digits, from bytes already trimmed; NaN for
 * anything else. value / 10^k with both exact is one correctly rounded division, so the result
 * equals Number() of the same text.
 */
function parseSimpleDecimal(buf: Uint8Array, start: number, end: number): number {
  let p = start;
  let negative = false;
  const sign = buf[p];
  if (sign === MINUS || sign === PLUS) {
    negative = sign === MINUS;
    p++;
  }
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let seenDot = false;
  for (; p < end; p++) {
    const byte = buf[p]!;
    if (byte === DOT) {
      if (seenDot) return Number.NaN;
      seenDot = true;
      continue;
    }
    const digit = byte - DIGIT_0;
    if (digit < 0 || digit > 9) return Number.NaN;
    mantissa = mantissa * 10 + digit;
    digits++;
    if (seenDot) decimals++;
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  const value = decimals === 0 ? mantissa : mantissa / 10 ** decimals;
  return negative ? -value : value;
}

function describeOpenError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied: cannot read the file';
  if (code === 'EISDIR') return 'is a directory, not a data file';
  return `cannot open the file: ${error instanceof Error ? error.message : String(error)}`;
}
