/**
 * The columns the delimited reader fills: one typed array per requested field (codes, numbers, or
 * text as dictionary indexes), grown together as rows arrive, and the conversion of one cell's bytes
 * into its column's value. The tokenizer (csv.ts) finds the cells and stores the commonest ones
 * itself (small integer codes, written straight into `codeByField`); everything else comes here.
 */
import { BLANK, type ColumnKind } from './types';
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
import { DIGIT_0, DOT, MINUS, PLUS, SPACE, TAB, utf8, utf8Encoder } from './csvBytes';

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

/** What a field's plans read it as; small integers so the tokenizer's hot loop compares numbers. */
export const KIND_NONE = -1;
export const KIND_CODE = 0;
export const KIND_NUMBER = 1;
export const KIND_TEXT = 2;
/** More than one plan reads this field (e.g. as codes and as text). */
export const KIND_MULTI = 3;

/** A cell its column cannot hold; `start` and `end` are its bytes without surrounding blanks. */
export interface CellProblem {
  plan: FieldPlan;
  start: number;
  end: number;
  detail: string;
}

interface PlanState {
  plan: FieldPlan;
  kind: number;
  /** Index into the column arrays of its kind. */
  slot: number;
}

/**
 * The requested columns of one read. Rows are stored by index; `resize` makes room for more (the
 * tokenizer decides how many, as it knows how much of the file is left).
 */
export class ColumnStore {
  /** Per field of a row: KIND_* of the plans reading it. */
  readonly fieldKind: Int8Array;
  /** Per field read by one plan: that plan's index. */
  readonly fieldPlan: Int32Array;
  /** For fields read by exactly one `code` plan, its column (the hot path's target); else empty. Replaced by `resize`. */
  codeByField: Int16Array[] = [];
  /** 1-based line of each row. Replaced by `resize`. */
  rowLines = new Uint32Array(0);

  private readonly nFields: number;
  private readonly plans: PlanState[];
  private readonly multiPlans = new Map<number, number[]>();
  private readonly codeColumns: Int16Array[] = [];
  private readonly numberColumns: Float64Array[] = [];
  private readonly textColumns: Int32Array[] = [];
  private readonly textDictionaries: ByteDictionary[] = [];

  /** Columns for `plans`, over rows of `nFields` fields; no rows yet. */
  constructor(plans: readonly FieldPlan[], nFields: number) {
    this.nFields = nFields;
    this.fieldKind = new Int8Array(nFields).fill(KIND_NONE);
    this.fieldPlan = new Int32Array(nFields);
    this.plans = plans.map((plan, index) => {
      if (plan.fieldIndex < 0 || plan.fieldIndex >= nFields) {
        throw new Error(`DelimitedReader.readRows: field ${plan.fieldIndex} is outside the ${nFields} headers`);
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
      if (this.fieldKind[field] === KIND_NONE) {
        this.fieldKind[field] = kind;
        this.fieldPlan[field] = index;
      } else {
        const shared = this.multiPlans.get(field) ?? [this.fieldPlan[field]!];
        shared.push(index);
        this.multiPlans.set(field, shared);
        this.fieldKind[field] = KIND_MULTI;
      }
      return { plan, kind, slot };
    });
  }

  /** Rows the columns can hold now. */
  get capacity(): number {
    return this.rowLines.length;
  }

  /** Moves the first `keptRows` rows into columns of `capacity` rows. */
  resize(keptRows: number, capacity: number): void {
    const rowLines = new Uint32Array(capacity);
    rowLines.set(this.rowLines.subarray(0, keptRows));
    this.rowLines = rowLines;
    // One allocation for all code columns: a few hundred separate ones trigger extra
    // external-memory garbage collections.
    const codeBlock = new ArrayBuffer(capacity * Int16Array.BYTES_PER_ELEMENT * this.codeColumns.length);
    for (let i = 0; i < this.codeColumns.length; i++) {
      const grown = new Int16Array(codeBlock, i * capacity * Int16Array.BYTES_PER_ELEMENT, capacity);
      grown.set(this.codeColumns[i]!.subarray(0, keptRows));
      this.codeColumns[i] = grown;
    }
    for (let i = 0; i < this.numberColumns.length; i++) {
      const grown = new Float64Array(capacity);
      grown.set(this.numberColumns[i]!.subarray(0, keptRows));
      this.numberColumns[i] = grown;
    }
    for (let i = 0; i < this.textColumns.length; i++) {
      const grown = new Int32Array(capacity);
      grown.set(this.textColumns[i]!.subarray(0, keptRows));
      this.textColumns[i] = grown;
    }
    this.linkCodeFields();
  }

  private linkCodeFields(): void {
    const empty = new Int16Array(0);
    this.codeByField = Array.from({ length: this.nFields }, () => empty);
    for (let field = 0; field < this.nFields; field++) {
      if (this.fieldKind[field] === KIND_CODE) {
        this.codeByField[field] = this.codeColumns[this.plans[this.fieldPlan[field]!]!.slot]!;
      }
    }
  }

  /**
   * Stores field `field` of row `row`, the bytes `buf[start, end)`, for every plan that reads it;
   * `kind` is its `fieldKind` (not KIND_NONE), `escaped` says the bytes hold `""` for a quote.
   */
  storeField(kind: number, field: number, row: number, buf: Uint8Array, start: number, end: number, escaped: boolean): CellProblem | undefined {
    if (kind !== KIND_MULTI) return this.storeCell(this.fieldPlan[field]!, row, buf, start, end, escaped);
    for (const index of this.multiPlans.get(field) ?? []) {
      const problem = this.storeCell(index, row, buf, start, end, escaped);
      if (problem) return problem;
    }
    return undefined;
  }

  /** The general path for one cell of plan `planIndex`: blanks, decimals, labels, text, errors. */
  storeCell(planIndex: number, row: number, buf: Uint8Array, start: number, end: number, escaped: boolean): CellProblem | undefined {
    const state = this.plans[planIndex]!;
    while (start < end && (buf[start] === SPACE || buf[start] === TAB)) start++;
    while (end > start && (buf[end - 1] === SPACE || buf[end - 1] === TAB)) end--;
    const blank = start === end;
    if (state.kind === KIND_TEXT) {
      const dictionary = this.textDictionaries[state.slot]!;
      this.textColumns[state.slot]![row] = blank
        ? -1
        : escaped
          ? dictionary.internString(cellText(buf, start, end, escaped))
          : dictionary.intern(buf, start, end);
      return undefined;
    }
    const simple = blank || escaped ? Number.NaN : parseSimpleDecimal(buf, start, end);
    if (state.kind === KIND_NUMBER) {
      let value = simple;
      if (Number.isNaN(value) && !blank) {
        const text = cellText(buf, start, end, escaped);
        value = parseNumberText(text);
        if (Number.isNaN(value)) return { plan: state.plan, start, end, detail: `${quoteCell(text)} is not a number` };
      }
      this.numberColumns[state.slot]![row] = value;
      return undefined;
    }
    const codes = this.codeColumns[state.slot]!;
    if (blank) {
      codes[row] = BLANK;
      return undefined;
    }
    let reading: AnswerReading;
    let text: string | undefined;
    if (!Number.isNaN(simple)) reading = readNumber(simple);
    else {
      text = cellText(buf, start, end, escaped);
      reading = readAnswerText(text, state.plan.labels);
    }
    if (reading.kind === 'code') {
      codes[row] = reading.code;
      return undefined;
    }
    text ??= cellText(buf, start, end, escaped);
    if (state.plan.onText === 'model') {
      codes[row] = reading.kind === 'text' ? classifyModelToken(text) : modelAnswerFromReading(reading, text);
      return undefined;
    }
    const name = state.plan.name;
    const detail =
      reading.kind === 'nonInteger'
        ? `${quoteCell(text)} is not an integer code`
        : reading.kind === 'outOfRange'
          ? `${text.trim()} is outside the storable code range ${MIN_CODE}..${MAX_CODE}`
          : `${quoteCell(text)} is not a number or an answer label of ${name}`;
    return { plan: state.plan, start, end, detail };
  }

  /** The first `nRows` rows of every column, in the order of the plans, and of `rowLines`. */
  finish(nRows: number): { fields: ParsedField[]; rowLines: Uint32Array } {
    const n = nRows;
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
    return { fields, rowLines: fit(this.rowLines) };
  }
}

function cellText(buf: Uint8Array, start: number, end: number, escaped: boolean): string {
  const text = utf8.decode(buf.subarray(start, end));
  return escaped ? text.replace(/""/g, '"') : text;
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
