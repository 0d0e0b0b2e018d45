/**
 * Shared test helpers: fixture paths relative to the repository root (error messages print paths as
 * given, so the exact-message tests stay stable), temporary files, and plain snapshots of tables.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { LoadedColumn, LoadedTable } from '../../../src/core/data/types';

export const repoRoot = path.resolve(__dirname, '../../../..');
process.chdir(repoRoot);

/** `test/fixtures/<parts>`, relative to the repository root (the working directory of these tests). */
export function fixture(...parts: string[]): string {
  return path.join('test', 'fixtures', ...parts);
}

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repscope-data-'));
process.on('exit', () => fs.rmSync(tempDir, { recursive: true, force: true }));

/** Writes `content` to a fresh temporary file and returns its absolute path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, content);
  return file;
}

export type PlainColumn = (number | string | null)[];

/** A column as plain values: codes and numbers as numbers (NaN as null), text as strings (blank as null). */
export function plainColumn(column: LoadedColumn | undefined): PlainColumn {
  if (!column) throw new Error('plainColumn: no such column');
  if (column.kind === 'text') return Array.from(column.codes, (code) => (code < 0 ? null : column.dictionary[code]!));
  return Array.from(column.values as ArrayLike<number>, (value) => (Number.isNaN(value) ? null : value));
}

export function plainTable(table: LoadedTable): { nRows: number; rowLines: number[]; columns: Record<string, PlainColumn> } {
  const columns: Record<string, PlainColumn> = {};
  for (const [key, column] of table.columns) columns[key] = plainColumn(column);
  return { nRows: table.nRows, rowLines: Array.from(table.rowLines), columns };
}
