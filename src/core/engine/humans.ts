/**
 * The human side of an evaluation: read the survey file's needed columns, apply the filter and
 * weights, prepare every item's scale, and assign respondents to groups.
 */
import type { ResolvedExperiment, ResolvedItem } from '../config/resolved';
import { loadDelimited } from '../data/loadTable';
import type { ColumnRequest, LoadedColumn, LoadedTable } from '../data/types';
import { InputError, throwIfAborted } from '../errors';
import { categorize, inferScale, MISSING_CATEGORY, prepareItem, type CategorizedColumn, type PreparedItem } from '../model/items';
import type { Population } from '../model/population';
import { ALL_GROUP, HUMAN_POPULATION } from '../results/types';
import { matchAll } from '../model/rules';
import { rowsOf, ruleColumnsOf, unique, type StepContext } from './step';

/** The survey file after loading and filtering. */
export interface HumanTable {
  table: LoadedTable;
  /** 1 for rows that pass `human.filter`. */
  keep: Uint8Array;
  keptRows: Uint32Array;
  weights: Float64Array | undefined;
  column: (name: string) => LoadedColumn;
}

/** The items that survive preparation, with the humans' categorised answers in the same order. */
export interface PreparedItems {
  items: PreparedItem[];
  humanColumns: CategorizedColumn[];
}

function labelLookup(item: ResolvedItem): Map<string, number> {
  const lookup = new Map<string, number>();
  for (const [code, text] of Object.entries(item.optionLabels)) lookup.set(text.trim().toLowerCase(), Number(code));
  return lookup;
}

/** Multiplies the weight columns; a missing or negative weight on a kept row is the user's to fix. */
function humanWeights(experiment: ResolvedExperiment, table: LoadedTable, keep: Uint8Array): Float64Array | undefined {
  if (experiment.human.weight.length === 0) return undefined;
  const weights = new Float64Array(table.nRows).fill(1);
  for (const name of experiment.human.weight) {
    const column = table.columns.get(name);
    if (!column || column.kind !== 'number') throw new Error(`evaluate: weight column ${name} was not loaded as numbers`);
    const values = column.values;
    for (let row = 0; row < table.nRows; row++) {
      if (!keep[row]) continue;
      const value = values[row]!;
      if (!Number.isFinite(value) || value < 0) {
        throw new InputError(
          { file: table.file, line: table.rowLines[row], field: column.header },
          `weight ${name} is ${Number.isNaN(value) ? 'missing' : value} for this respondent; weights must be numbers >= 0 (filter such rows out or fix the file)`,
        );
      }
      weights[row]! *= value;
    }
  }
  return weights;
}

/** Reads the item, weight, filter and group columns of the human file and applies the filter. */
export async function loadHumanTable(context: StepContext): Promise<HumanTable> {
  const { experiment, progress, signal, isMissingCode } = context;
  const itemIds = new Set(experiment.items.map((item) => item.id));
  progress.report('load human', 0, `reading ${experiment.human.file}`);
  const filterColumns = ruleColumnsOf(experiment.human.filters);
  const groupColumns = ruleColumnsOf(experiment.groups.flatMap((group) => group.rules));
  const textColumns = unique([...filterColumns, ...groupColumns]).filter(
    (name) => !itemIds.has(name) && !experiment.human.weight.includes(name),
  );
  const requests: ColumnRequest[] = [
    ...experiment.items.map((item): ColumnRequest => ({ name: item.id, kind: 'code', labels: labelLookup(item) })),
    ...experiment.human.weight.map((name): ColumnRequest => ({ name, kind: 'number' })),
    ...textColumns.map((name): ColumnRequest => ({ name, kind: 'text' })),
  ];
  const table = await loadDelimited(experiment.human.file, {
    columns: requests,
    onText: 'error',
    signal,
    onProgress: (p) => progress.report('load human', p.totalBytes > 0 ? p.bytesRead / p.totalBytes : 0),
  });
  const column = (name: string): LoadedColumn => {
    const loaded = table.columns.get(name);
    if (!loaded) throw new Error(`evaluate: column ${name} was not loaded`);
    return loaded;
  };
  const keep = matchAll(experiment.human.filters, column, table.nRows, isMissingCode);
  const keptRows = rowsOf(keep);
  if (keptRows.length === 0) {
    throw new InputError(
      { file: experiment.configFile, field: 'human.filter' },
      `no respondent of ${experiment.human.file} passes the filter (${table.nRows} rows read)`,
    );
  }
  return { table, keep, keptRows, weights: humanWeights(experiment, table, keep), column };
}

/** Counts kept rows whose answer is missing for the reason `outsideScale` (a codebook mismatch). */
function outsideScaleCount(categorized: CategorizedColumn, keptRows: Uint32Array): number {
  const outside = categorized.missingKeys.indexOf('outsideScale');
  if (outside < 0) return 0;
  let count = 0;
  for (let index = 0; index < keptRows.length; index++) {
    const row = keptRows[index]!;
    if (categorized.categories[row] === MISSING_CATEGORY && categorized.missingKind[row] === outside) count++;
  }
  return count;
}

/**
 * Gives every item its scale (declared, or inferred from the data with a warning) and categorises
 * the human answers; items with no scale or no valid human answer are dropped with a warning.
 */
export function prepareItems(context: StepContext, humans: HumanTable): PreparedItems {
  const { experiment, warnings, isMissingCode } = context;
  const { keep, keptRows } = humans;
  const items: PreparedItem[] = [];
  const humanColumns: CategorizedColumn[] = [];
  for (const item of experiment.items) {
    const column = humans.column(item.id);
    if (column.kind !== 'code') throw new Error(`evaluate: item ${item.id} was not loaded as codes`);
    let scale = item.scale;
    let inferred = false;
    if (!scale) {
      scale = inferScale(column.values, keep, isMissingCode);
      inferred = true;
      if (!scale) {
        warnings.push({ code: 'itemDropped', item: item.id, message: `${item.id}: no scale in the codebook or config and no valid answer in the data to infer one; dropped` });
        continue;
      }
      warnings.push({
        code: 'scaleInferred',
        item: item.id,
        message: `${item.id}: no scale in the codebook or config; treated as ordinal ${scale.type === 'ordinal' ? `${scale.min}..${scale.max}` : ''} from the data (declare it to be sure)`,
      });
    }
    const preparedItem = prepareItem(item, scale, inferred);
    const categorized = categorize(column.values, preparedItem, isMissingCode, 'human');
    let valid = 0;
    for (let index = 0; index < keptRows.length; index++) if (categorized.categories[keptRows[index]!] !== MISSING_CATEGORY) valid++;
    if (valid === 0) {
      warnings.push({ code: 'itemDropped', item: item.id, message: `${item.id}: no valid human answer after filters and missing codes; dropped` });
      continue;
    }
    const outside = outsideScaleCount(categorized, keptRows);
    if (outside > 0) {
      warnings.push({
        code: 'codeOutsideScale',
        item: item.id,
        message: `${item.id}: ${outside} human answers are outside the scale ${preparedItem.codes[0]}..${preparedItem.codes[preparedItem.codes.length - 1]} and not missing codes; counted as missing (check the codebook)`,
      });
    }
    items.push(preparedItem);
    humanColumns.push(categorized);
  }
  if (items.length === 0) {
    throw new InputError({ file: experiment.configFile, field: 'items' }, 'no item is left to evaluate (see the warnings above)');
  }
  throwIfAborted(context.signal);
  return { items, humanColumns };
}

/** The human population: kept rows as `all`, and each configured group's kept rows. */
export function humanPopulation(context: StepContext, humans: HumanTable, prepared: PreparedItems): Population {
  const { experiment, warnings, isMissingCode } = context;
  const { table, keep, keptRows } = humans;
  const groupRows = new Map<string, Uint32Array>([[ALL_GROUP, keptRows]]);
  for (const group of experiment.groups) {
    const mask = matchAll(group.rules, humans.column, table.nRows, isMissingCode);
    for (let row = 0; row < mask.length; row++) mask[row]! &= keep[row]!;
    const rows = rowsOf(mask);
    if (rows.length === 0) {
      warnings.push({ code: 'groupEmpty', group: group.name, message: `group ${group.name}: no human respondent matches its rules after filters` });
    }
    groupRows.set(group.name, rows);
  }
  context.progress.report('load human', 1);
  return { name: HUMAN_POPULATION, nRows: table.nRows, columns: prepared.humanColumns, weights: humans.weights, groupRows };
}
