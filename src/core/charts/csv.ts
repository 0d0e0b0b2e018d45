/**
 * A view's data as CSV, for the panel's "CSV" export: exactly the rows the charts draw (the
 * spec's named `datasets`), so a figure can be redrawn elsewhere from the export.
 */
import type { TopLevelSpec } from 'vega-lite/build/index';

type Row = Record<string, unknown>;

/** RFC 4180 field: quoted when it holds a comma, quote or line break; null and undefined are empty. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : primitiveText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV with a header of every key in first-seen order; lines end with CRLF (RFC 4180). */
export function rowsToCsv(rows: readonly Row[], leading: Row = {}): string {
  const columns: string[] = [...Object.keys(leading)];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(column in leading ? leading[column] : row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The spec's named datasets as one CSV. With one non-empty dataset, its rows as they are; with
 * several, their union under a first column `dataset` naming each row's table.
 */
export function specDataCsv(spec: TopLevelSpec): string {
  const datasets = Object.entries((spec as { datasets?: Record<string, unknown> }).datasets ?? {}).filter(
    (entry): entry is [string, Row[]] => Array.isArray(entry[1]) && entry[1].length > 0,
  );
  if (datasets.length === 0) return '';
  if (datasets.length === 1) return rowsToCsv(datasets[0]![1]);
  const rows = datasets.flatMap(([name, values]) => values.map((row) => ({ dataset: name, ...row })));
  return rowsToCsv(rows);
}

function primitiveText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return '';
}
