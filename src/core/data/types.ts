/**
 * In-memory shapes of loaded data. Numbers that matter are typed arrays: a WVS-scale file
 * (97,000 respondents x 290 items) must fit in a few tens of megabytes.
 */

/**
 * Answer codes are stored as Int16. Survey missing codes keep their own (negative) value so their
 * kinds can be reported; these sentinels, far below any survey code, mark what a file did not say
 * or what a model replied that cannot be used. A model's unusable reply is never a survey "don't know".
 */
export const BLANK = -32768;
/** A model declined to answer. */
export const REFUSAL = -32767;
/** A model's reply could not be read as an answer option. */
export const UNPARSEABLE = -32766;
/** A model answered with a code outside the item's scale. */
export const OUT_OF_RANGE = -32765;

export type InvalidKind = 'blank' | 'refusal' | 'unparseable' | 'outOfRange';

export const SENTINEL_KIND: ReadonlyMap<number, InvalidKind> = new Map<number, InvalidKind>([
  [BLANK, 'blank'],
  [REFUSAL, 'refusal'],
  [UNPARSEABLE, 'unparseable'],
  [OUT_OF_RANGE, 'outOfRange'],
]);

/** How a requested column is materialised. */
export type ColumnKind =
  /** Integer answer codes (Int16Array); text is mapped through `labels` or handled per `onText`. */
  | 'code'
  /** Floating point (Float64Array), NaN where blank; e.g. weights. Non-numeric text is an error. */
  | 'number'
  /** Dictionary-encoded strings as written in the file (surrounding spaces trimmed); e.g. country codes, group tags. */
  | 'text';

export interface ColumnRequest {
  /** Column name as the config says it (`Q1`); matches a header `Q1` or a WVS CsvTxt header `Q1 Important in life: Family`. */
  name: string;
  kind: ColumnKind;
  /** For `code` columns: answer label text (trimmed, lower-cased) to code. */
  labels?: ReadonlyMap<string, number>;
  /** Key in `LoadedTable.columns`; defaults to `name`. Lets one file column be read twice, e.g. as codes and as text. */
  key?: string;
  /** When the file has no such column, leave it out of `LoadedTable.columns` instead of failing. */
  optional?: boolean;
}

export interface CodeColumn {
  kind: 'code';
  name: string;
  /** The header as written in the file. */
  header: string;
  /** 0-based field index in the file. */
  fieldIndex: number;
  values: Int16Array;
}

export interface NumberColumn {
  kind: 'number';
  name: string;
  header: string;
  fieldIndex: number;
  values: Float64Array;
}

export interface TextColumn {
  kind: 'text';
  name: string;
  header: string;
  fieldIndex: number;
  /** Index into `dictionary`, or -1 where the cell is blank. */
  codes: Int32Array;
  dictionary: string[];
}

export type LoadedColumn = CodeColumn | NumberColumn | TextColumn;

export interface LoadedTable {
  file: string;
  /** Number of data rows (header excluded). */
  nRows: number;
  /** The detected field delimiter. */
  delimiter: string;
  /** Every header of the file, as written. */
  headers: string[];
  columns: Map<string, LoadedColumn>;
  /** 1-based line on which each data row starts, so later stages can point at it. */
  rowLines: Uint32Array;
  /** sha256 of the file's bytes, hex. */
  sha256: string;
  bytes: number;
}

export interface LoadProgress {
  bytesRead: number;
  totalBytes: number;
}

/** How a delimited file is read (see `loadDelimited`). */
export interface LoadOptions {
  columns: ColumnRequest[];
  /**
   * What a `code` cell that is neither a number nor a label means: `error` (human survey files: the
   * user must fix it) or `model` (model outputs: classified as refusal / out-of-range / unparseable).
   * Default `error`.
   */
  onText?: 'error' | 'model';
  signal?: AbortSignal;
  /** Called every few megabytes and once at the end. */
  onProgress?: (progress: LoadProgress) => void;
  /** Read buffer size in bytes (default 2 MiB); tests use tiny sizes so chunk boundaries fall inside fields. */
  chunkSize?: number;
}
