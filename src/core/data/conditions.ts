/**
 * Loaders for a condition's simulated respondents: wide delimited files (the human file's shape),
 * long delimited files (`respondent,item,answer[,group]` rows) and JSON Lines (one respondent per
 * line). Every format ends up as one Int16 code per respondent and item, with the sentinels of
 * types.ts for what the model did not usefully say.
 */
import { InputError } from '../errors';
import type { ResolvedCondition, ResolvedItem } from '../config/resolved';
import { labelsFromOptions, modelAnswerFromText, quoteCell, readNumber, modelAnswerFromReading } from './answers';
import { NameResolver } from './headers';
import { forEachLine } from './lines';
import { loadDelimited } from './loadTable';
import { BLANK, UNPARSEABLE, type ColumnRequest, type LoadProgress, type LoadedColumn, type TextColumn } from './types';

export interface RespondentTable {
  file: string;
  nRows: number;
  /** One code per respondent; sentinels for blank/refusal/unparseable/out-of-range. */
  items: Map<string, Int16Array>;
  /** The condition's groupColumn, when set. */
  group?: TextColumn;
  /**
   * Extra requested columns (as 'text'), for group rules. Columns the file lacks are left out, and
   * so are requested names that are items: read those from `items`.
   */
  columns: Map<string, LoadedColumn>;
  /** Line where each respondent starts (first line for long format). */
  rowLines: Uint32Array;
  sha256: string;
  bytes: number;
  /** Long/JSONL: item ids present in the file but not requested, in order of first appearance. */
  ignoredItems: string[];
}

export interface ConditionLoadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
  /** Read buffer size, for tests. */
  chunkSize?: number;
}

/**
 * Loads the respondents of one condition in its format. Throws InputError naming file and line for
 * malformed input (see each format's loader), CancelledError when `signal` aborts.
 */
export async function loadCondition(
  condition: ResolvedCondition,
  items: readonly ResolvedItem[],
  extraColumns: readonly string[],
  options: ConditionLoadOptions = {},
): Promise<RespondentTable> {
  const itemIds = new Set(items.map((item) => item.id));
  const extras = [...new Set(extraColumns)].filter((name) => !itemIds.has(name));
  switch (condition.format) {
    case 'wide':
      return loadWide(condition, items, extras, options);
    case 'long':
      return loadLong(condition, items, extras, options);
    case 'jsonl':
      return loadJsonLines(condition, items, extras, options);
  }
}

// -----------------------------------------------------------------------------------------------
// Wide

async function loadWide(
  condition: ResolvedCondition,
  items: readonly ResolvedItem[],
  extras: readonly string[],
  options: ConditionLoadOptions,
): Promise<RespondentTable> {
  const groupColumn = condition.groupColumn;
  const requests: ColumnRequest[] = items.map((item) => ({
    name: item.id,
    key: `item:${item.id}`,
    kind: 'code',
    labels: labelsFromOptions(item.optionLabels),
  }));
  if (groupColumn !== undefined) requests.push({ name: groupColumn, key: 'group', kind: 'text' });
  for (const name of extras) {
    if (name !== groupColumn) requests.push({ name, key: `extra:${name}`, kind: 'text', optional: true });
  }
  const table = await loadDelimited(condition.file, { ...options, columns: requests, onText: 'model' });
  const itemValues = new Map<string, Int16Array>();
  for (const item of items) {
    const column = table.columns.get(`item:${item.id}`);
    if (column?.kind !== 'code') throw new Error(`loadCondition: item ${item.id} was not loaded as codes`);
    itemValues.set(item.id, column.values);
  }
  const group = table.columns.get('group');
  const columns = new Map<string, LoadedColumn>();
  for (const name of extras) {
    const column = name === groupColumn ? group : table.columns.get(`extra:${name}`);
    if (column) columns.set(name, column);
  }
  const result: RespondentTable = {
    file: condition.file,
    nRows: table.nRows,
    items: itemValues,
    columns,
    rowLines: table.rowLines,
    sha256: table.sha256,
    bytes: table.bytes,
    ignoredItems: [],
  };
  if (group?.kind === 'text') result.group = group;
  return result;
}

// -----------------------------------------------------------------------------------------------
// Long

const NOT_CLASSIFIED = 0x7fffffff;

/**
 * Per respondent, the one value a per-respondent column (group tag, demographic) has; a second,
 * different non-blank value is an error.
 */
class RespondentValues {
  readonly values: Int32Array;
  private readonly firstRow: Int32Array;

  constructor(readonly source: TextColumn, nRespondents: number) {
    this.values = new Int32Array(nRespondents).fill(-1);
    this.firstRow = new Int32Array(nRespondents).fill(-1);
  }

  /** Records row `row` of respondent `respondent`; returns the row of a conflicting earlier value, or -1. */
  record(respondent: number, row: number): number {
    const value = this.source.codes[row]!;
    if (value < 0) return -1;
    const known = this.values[respondent]!;
    if (known < 0) {
      this.values[respondent] = value;
      this.firstRow[respondent] = row;
      return -1;
    }
    return known === value ? -1 : this.firstRow[respondent]!;
  }

  column(): TextColumn {
    return { ...this.source, codes: this.values };
  }
}

async function loadLong(
  condition: ResolvedCondition,
  items: readonly ResolvedItem[],
  extras: readonly string[],
  options: ConditionLoadOptions,
): Promise<RespondentTable> {
  const file = condition.file;
  const { respondentColumn, itemColumn, answerColumn, groupColumn } = condition;
  const requests: ColumnRequest[] = [
    { name: respondentColumn, key: 'respondent', kind: 'text' },
    { name: itemColumn, key: 'item', kind: 'text' },
    { name: answerColumn, key: 'answer', kind: 'text' },
  ];
  if (groupColumn !== undefined) requests.push({ name: groupColumn, key: 'group', kind: 'text' });
  const structural = new Set([respondentColumn, itemColumn, answerColumn, groupColumn]);
  for (const name of extras) {
    if (!structural.has(name)) requests.push({ name, key: `extra:${name}`, kind: 'text', optional: true });
  }
  const table = await loadDelimited(file, { ...options, columns: requests, onText: 'model' });
  const text = (key: string): TextColumn => {
    const column = table.columns.get(key);
    if (column?.kind !== 'text') throw new Error(`loadCondition: column ${key} was not loaded as text`);
    return column;
  };
  const respondents = text('respondent');
  const itemCells = text('item');
  const answers = text('answer');
  const nRespondents = respondents.dictionary.length;
  const nItems = items.length;

  const resolver = new NameResolver(items.map((item) => item.id));
  const itemOfEntry = Int32Array.from(itemCells.dictionary, (entry) => resolver.resolve(entry.trim()));
  const ignoredItems = itemCells.dictionary.filter((_, entry) => itemOfEntry[entry]! < 0);
  const labels = items.map((item) => labelsFromOptions(item.optionLabels));
  const classified = items.map(() => new Int32Array(answers.dictionary.length).fill(NOT_CLASSIFIED));
  const codes = items.map(() => new Int16Array(nRespondents).fill(BLANK));
  const answered = new Uint8Array(nRespondents * nItems);
  const firstRow = new Int32Array(nRespondents).fill(-1);

  const tracked = new Map<string, RespondentValues>();
  if (table.columns.has('group')) tracked.set(groupColumn ?? '', new RespondentValues(text('group'), nRespondents));
  for (const name of extras) {
    const column = table.columns.get(`extra:${name}`);
    if (column?.kind === 'text' && !tracked.has(name)) tracked.set(name, new RespondentValues(column, nRespondents));
  }

  const lineOf = (row: number): number => table.rowLines[row]!;
  const respondentName = (respondent: number): string => quoteCell(respondents.dictionary[respondent] ?? '');
  for (let row = 0; row < table.nRows; row++) {
    const respondent = respondents.codes[row]!;
    if (respondent < 0) {
      throw new InputError(
        { file, line: lineOf(row), field: respondentColumn },
        `column ${respondentColumn} is blank: every row needs a respondent id`,
      );
    }
    if (firstRow[respondent]! < 0) firstRow[respondent] = row;
    const entry = itemCells.codes[row]!;
    if (entry < 0) {
      throw new InputError({ file, line: lineOf(row), field: itemColumn }, `column ${itemColumn} is blank: every row needs an item id`);
    }
    for (const [name, values] of tracked) {
      const conflict = values.record(respondent, row);
      if (conflict >= 0) {
        const dictionary = values.source.dictionary;
        const here = quoteCell(dictionary[values.source.codes[row]!] ?? '');
        const before = quoteCell(dictionary[values.values[respondent]!] ?? '');
        const what = name === groupColumn ? 'group' : name;
        throw new InputError(
          { file, line: lineOf(row), field: name },
          `respondent ${respondentName(respondent)} has ${what} ${here} here but ${before} on line ${lineOf(conflict)}`,
        );
      }
    }
    const item = itemOfEntry[entry]!;
    if (item < 0) continue;
    const cell = respondent * nItems + item;
    if (answered[cell] === 1) {
      const earlier = findEarlierAnswer(respondents.codes, itemCells.codes, itemOfEntry, respondent, item, row);
      throw new InputError(
        { file, line: lineOf(row), field: items[item]!.id },
        `respondent ${respondentName(respondent)} already answered ${items[item]!.id} on line ${lineOf(earlier)}`,
      );
    }
    answered[cell] = 1;
    const answer = answers.codes[row]!;
    if (answer < 0) continue;
    const cache = classified[item]!;
    let code = cache[answer]!;
    if (code === NOT_CLASSIFIED) {
      code = modelAnswerFromText(answers.dictionary[answer] ?? '', labels[item]);
      cache[answer] = code;
    }
    codes[item]![respondent] = code;
  }

  const rowLines = Uint32Array.from(firstRow, (row) => lineOf(row));
  const itemValues = new Map(items.map((item, index) => [item.id, codes[index]!]));
  const columns = new Map<string, LoadedColumn>();
  for (const name of extras) {
    const values = tracked.get(name);
    if (values) columns.set(name, values.column());
  }
  const result: RespondentTable = {
    file,
    nRows: nRespondents,
    items: itemValues,
    columns,
    rowLines,
    sha256: table.sha256,
    bytes: table.bytes,
    ignoredItems,
  };
  const group = groupColumn !== undefined ? tracked.get(groupColumn) : undefined;
  if (group) result.group = group.column();
  return result;
}

function findEarlierAnswer(
  respondentCodes: Int32Array,
  itemCodes: Int32Array,
  itemOfEntry: Int32Array,
  respondent: number,
  item: number,
  before: number,
): number {
  for (let row = 0; row < before; row++) {
    if (respondentCodes[row] === respondent && itemOfEntry[itemCodes[row]!] === item) return row;
  }
  return before;
}

// -----------------------------------------------------------------------------------------------
// JSON Lines

/** A growable dictionary-encoded text column. */
class TextBuilder {
  readonly dictionary: string[] = [];
  private readonly index = new Map<string, number>();
  private codes = new Int32Array(256).fill(-1);
  present = false;

  set(row: number, value: string | undefined): void {
    this.ensure(row);
    if (value === undefined) return;
    this.present = true;
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.dictionary.length;
      this.dictionary.push(value);
      this.index.set(value, code);
    }
    this.codes[row] = code;
  }

  private ensure(row: number): void {
    if (row < this.codes.length) return;
    const grown = new Int32Array(Math.max(row + 1, this.codes.length * 2)).fill(-1);
    grown.set(this.codes);
    this.codes = grown;
  }

  build(name: string, nRows: number): TextColumn {
    this.ensure(nRows);
    return { kind: 'text', name, header: name, fieldIndex: -1, codes: this.codes.slice(0, nRows), dictionary: this.dictionary };
  }
}

/** A JSON value as cell text: strings as they are, numbers and booleans printed, null and objects absent. */
function jsonCellText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function jsonAnswer(value: unknown, labels: ReadonlyMap<string, number>): number {
  if (value === null || value === undefined) return BLANK;
  if (typeof value === 'number') return modelAnswerFromReading(readNumber(value), String(value));
  if (typeof value === 'string') return value.trim() === '' ? BLANK : modelAnswerFromText(value, labels);
  return UNPARSEABLE;
}

function describeJsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** V8's JSON.parse message without its position and source snippet, which differ between Node versions. */
function jsonProblem(error: unknown): { detail: string; position?: number } {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const detail = message
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/^Unexpected end of JSON input$/, 'unexpected end of the line');
  return position?.[1] !== undefined ? { detail, position: Number(position[1]) } : { detail };
}

async function loadJsonLines(
  condition: ResolvedCondition,
  items: readonly ResolvedItem[],
  extras: readonly string[],
  options: ConditionLoadOptions,
): Promise<RespondentTable> {
  const file = condition.file;
  const idKey = condition.respondentColumn;
  const groupKey = condition.groupColumn;
  const nItems = items.length;
  const resolver = new NameResolver(items.map((item) => item.id));
  const labels = items.map((item) => labelsFromOptions(item.optionLabels));
  const reserved = new Set<string>([idKey, 'answers', ...extras]);
  if (groupKey !== undefined) reserved.add(groupKey);
  const ignored = new Set<string>();
  const group = new TextBuilder();
  const extraBuilders = new Map(extras.map((name) => [name, new TextBuilder()]));

  // Row-major while reading (respondents x items), transposed to one array per item at the end.
  let codes = new Int16Array(256 * Math.max(1, nItems));
  let lines = new Uint32Array(256);
  let nRows = 0;

  const read = await forEachLine(file, options, (text, line) => {
    if (text.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const problem = jsonProblem(error);
      throw new InputError(
        { file, line, column: problem.position !== undefined ? problem.position + 1 : undefined },
        `invalid JSON: ${problem.detail}`,
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new InputError({ file, line, column: 1 }, `expected a JSON object for one respondent, found ${describeJsonKind(parsed)}`);
    }
    const record = parsed as Record<string, unknown>;
    const nested = record['answers'];
    const answers =
      typeof nested === 'object' && nested !== null && !Array.isArray(nested) ? (nested as Record<string, unknown>) : undefined;
    const source = answers ?? record;

    const row = nRows++;
    if ((row + 1) * nItems > codes.length) {
      const grown = new Int16Array(codes.length * 2);
      grown.set(codes);
      codes = grown;
    }
    if (row >= lines.length) {
      const grown = new Uint32Array(lines.length * 2);
      grown.set(lines);
      lines = grown;
    }
    lines[row] = line;
    const base = row * nItems;
    codes.fill(BLANK, base, base + nItems);
    for (const [key, value] of Object.entries(source)) {
      if (!answers && reserved.has(key)) continue;
      const item = resolver.resolve(key.trim());
      if (item < 0) {
        ignored.add(key);
        continue;
      }
      codes[base + item] = jsonAnswer(value, labels[item]!);
    }
    if (groupKey !== undefined) group.set(row, jsonCellText(record[groupKey]));
    for (const [name, builder] of extraBuilders) {
      builder.set(row, jsonCellText(name in record ? record[name] : answers?.[name]));
    }
  });

  if (nRows === 0) throw new InputError({ file }, 'no respondents: the file holds only blank lines');
  const itemValues = new Map<string, Int16Array>();
  items.forEach((item, index) => {
    const values = new Int16Array(nRows);
    for (let row = 0; row < nRows; row++) values[row] = codes[row * nItems + index]!;
    itemValues.set(item.id, values);
  });
  const columns = new Map<string, LoadedColumn>();
  for (const [name, builder] of extraBuilders) {
    if (builder.present) columns.set(name, builder.build(name, nRows));
  }
  const result: RespondentTable = {
    file,
    nRows,
    items: itemValues,
    columns,
    rowLines: lines.slice(0, nRows),
    sha256: read.sha256,
    bytes: read.bytes,
    ignoredItems: [...ignored],
  };
  if (groupKey !== undefined) result.group = group.build(groupKey, nRows);
  return result;
}
