/**
 * A streaming, byte-level reader for delimited text (CSV, TSV, `;`- and `|`-separated).
 *
 * The file is read in chunks into one buffer; only complete rows are parsed, and a row cut by the
 * end of the buffer is carried over to the next read. Numbers are parsed straight from the bytes;
 * only text cells of requested columns become strings. Quotes follow RFC 4180 (`""` inside a quoted
 * field is one quote; quoted fields may hold delimiters and line breaks). Lines end in LF, CRLF or CR.
 *
 * This file is the tokenizer: it owns the buffer and finds rows and fields. csvHeader.ts reads the
 * header row, csvColumns.ts turns cells into typed columns, csvSource.ts supplies the bytes.
 */
import { createHash, type Hash } from 'crypto';
import { CancelledError, InputError, type SourceLocation } from '../errors';
import type { LoadProgress } from './types';
import { MAX_CODE, MIN_CODE } from './answers';
import { CR, DIGIT_0, LF, MINUS, QUOTE, SPACE, TAB, afterQuoteError, locate, unterminatedQuoteError, utf8Encoder } from './csvBytes';
import { ColumnStore, KIND_CODE, KIND_NONE, type CellProblem, type FieldPlan, type ParsedField } from './csvColumns';
import { HeaderFinder } from './csvHeader';
import { memorySource, openFileSource, type ByteSource } from './csvSource';

export { detectDelimiter } from './csvHeader';
export type { FieldPlan, ParsedField } from './csvColumns';

const DEFAULT_CHUNK_SIZE = 2 * 1024 * 1024;
const PROGRESS_EVERY_BYTES = 4 * 1024 * 1024;
const HEADER_READ_BYTES = 64 * 1024;

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
  /** The requested columns; replaced when readRows is given the plans. */
  private columns = new ColumnStore([], 0);
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
    const finder = new HeaderFinder(this.file, /\.tsv$/i.test(this.file) ? '\t' : ',');
    for (;;) {
      const search = finder.search(this.buffer, this.pos, this.end, this.eof, this.line);
      if (search.status === 'found') {
        const { header } = search;
        this.delimiter = header.delimiter;
        this.delimiterByte = header.delimiter.charCodeAt(0);
        this.isTerminator[this.delimiterByte] = 1;
        this.isTerminator[LF] = 1;
        this.isTerminator[CR] = 1;
        this.headers = header.headers;
        this.headerColumns = header.columns;
        this.headerLine = header.line;
        this.pos = header.next;
        this.line = header.nextLine;
        break;
      }
      this.pos = search.keepFrom;
      this.line = search.line;
      this.refill(HEADER_READ_BYTES);
    }
    this.dataStart = this.bufferOffset + this.pos;
  }

  // ---------------------------------------------------------------------------------------------
  // Rows

  private setUpPlans(plans: readonly FieldPlan[]): void {
    this.nFields = this.headers.length;
    this.columns = new ColumnStore(plans, this.nFields);
    this.growRows(0, this.pos, this.estimateRows());
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
    const capacity = this.columns.capacity;
    const consumed = this.bufferOffset + pos - this.dataStart;
    const remaining = this.totalBytes - this.dataStart;
    let wanted = row === 0 ? Math.max(atLeast, 16) : Math.ceil(capacity * 1.25);
    if (row > 0 && consumed > 0) wanted = Math.max(wanted, Math.ceil(((row * remaining) / consumed) * 1.02) + 64);
    wanted = Math.max(wanted, row + 1);
    if (wanted <= capacity) return;
    this.columns.resize(row, wanted);
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
    const planKind = this.columns.fieldKind;
    const planIndex = this.columns.fieldPlan;
    let codeByField = this.columns.codeByField;
    const isTerminator = this.isTerminator;
    let rowLines = this.columns.rowLines;
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
        codeByField = this.columns.codeByField;
        rowLines = this.columns.rowLines;
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
    const problem = this.columns.storeField(kind, field, row, this.buffer, start, end, escaped);
    if (problem) throw this.cellError(problem, rowStart, rowLine);
  }

  /** Stores one cell of plan `planIndex` on the general path (blanks, decimals, labels, text). */
  private storeCell(
    planIndex: number,
    row: number,
    start: number,
    end: number,
    escaped: boolean,
    rowStart: number,
    rowLine: number,
  ): void {
    const problem = this.columns.storeCell(planIndex, row, this.buffer, start, end, escaped);
    if (problem) throw this.cellError(problem, rowStart, rowLine);
  }

  private finish(): ParsedRows {
    const { fields, rowLines } = this.columns.finish(this.nRows);
    return {
      nRows: this.nRows,
      rowLines,
      fields,
      sha256: this.hash.digest('hex'),
      bytes: this.bytesRead,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Errors

  private cellError(problem: CellProblem, rowStart: number, rowLine: number): InputError {
    const from = locate(this.buffer, rowStart, rowLine, problem.start);
    const to = locate(this.buffer, rowStart, rowLine, problem.end);
    const location: SourceLocation = {
      file: this.file,
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
      field: problem.plan.name,
    };
    return new InputError(location, `column ${problem.plan.name}: ${problem.detail}`);
  }

  private throwUnterminated(rowStart: number, rowLine: number, quoteAt: number): never {
    throw unterminatedQuoteError(this.file, this.buffer, rowStart, rowLine, quoteAt);
  }

  private throwAfterQuote(rowStart: number, rowLine: number, at: number): never {
    throw afterQuoteError(this.file, this.buffer, this.end, rowStart, rowLine, at);
  }

  private throwRagged(rowStart: number, rowLine: number, found: number, extraFieldStart: number, rowEnd: number): never {
    // Too many: point at the first surplus field. Too few: at the end of the row's text.
    let at = extraFieldStart;
    if (at < 0) {
      at = rowEnd;
      while (at > rowStart && (this.buffer[at - 1] === LF || this.buffer[at - 1] === CR)) at--;
    }
    const where = locate(this.buffer, rowStart, rowLine, at);
    throw new InputError(
      { file: this.file, line: where.line, column: where.column },
      `expected ${this.nFields} fields, found ${found}`,
    );
  }
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
