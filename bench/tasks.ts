/**
 * RepScope's side of the benchmark: one task per process, so each task's peak RSS is its own.
 * bench/run.js bundles this file with esbuild and runs `node tasks.js <task> <csv> <items>`; the
 * task prints one JSON line: { task, seconds: { step: s }, peakRssMB, ... }.
 */
import { loadDelimited } from '../src/core/data/loadTable';
import type { ColumnRequest, LoadedTable } from '../src/core/data/types';
import { categoryHistogram } from '../src/core/metrics/histogram';
import { buildCategoryMatrixFromCodes, MISSING_CATEGORY } from '../src/core/structure/categoryMatrix';
import { computePairTables } from '../src/core/structure/pairTables';
import { pearsonMatrix } from '../src/core/structure/pearson';
import { spearmanMatrix } from '../src/core/structure/spearman';
import { polychoricFromTables } from '../src/core/polychoric/polychoricMatrix';

type Seconds = Record<string, number>;

const [task, file, itemsArgument] = process.argv.slice(2);
const nItems = Number(itemsArgument);

/** The bench data's scales: every third item 1..10, the others 1..4 (see run.js). */
function itemCodes(item: number): number[] {
  const points = item % 3 === 0 ? 10 : 4;
  return Array.from({ length: points }, (_, index) => index + 1);
}

const itemNames = Array.from({ length: nItems }, (_, index) => `Q${index + 1}`);

/** CPU seconds per step, all threads of the process (workers included): a contention-proof companion to wall time. */
const cpuSeconds: Seconds = {};

async function timed<T>(seconds: Seconds, step: string, run: () => T | Promise<T>): Promise<T> {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const result = await run();
  seconds[step] = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  cpuSeconds[step] = (cpu.user + cpu.system) / 1e6;
  return result;
}

async function load(seconds: Seconds): Promise<LoadedTable> {
  const columns: ColumnRequest[] = [
    { name: 'B_COUNTRY_ALPHA', kind: 'text' },
    { name: 'W_WEIGHT', kind: 'number' },
    ...itemNames.map((name): ColumnRequest => ({ name, kind: 'code' })),
  ];
  return timed(seconds, 'load', () => loadDelimited(file!, { columns }));
}

function codeColumns(table: LoadedTable): Int16Array[] {
  return itemNames.map((name) => {
    const column = table.columns.get(name);
    if (column?.kind !== 'code') throw new Error(`bench: ${name} is not a code column`);
    return column.values;
  });
}

function weightsOf(table: LoadedTable): Float64Array {
  const column = table.columns.get('W_WEIGHT');
  if (column?.kind !== 'number') throw new Error('bench: W_WEIGHT is not a number column');
  return column.values;
}

async function correlations(seconds: Seconds, table: LoadedTable, weights: Float64Array | undefined): Promise<void> {
  const columns = codeColumns(table);
  const matrix = await timed(seconds, 'categoryMatrix', () =>
    buildCategoryMatrixFromCodes(columns, itemNames.map((_, item) => itemCodes(item))),
  );
  const tables = await timed(seconds, 'pairTables', () => computePairTables(matrix, { weights }));
  const pearson = await timed(seconds, 'pearson', () => pearsonMatrix(tables));
  const spearman = await timed(seconds, 'spearman', () => spearmanMatrix(tables));
  seconds.threads = tables.threads;
  // Touch the results so nothing is optimised away, and sanity-check them.
  if (!(Math.abs(pearson.r[1]!) <= 1) || !(Math.abs(spearman.r[1]!) <= 1)) throw new Error('bench: correlation out of range');
}

/** Weighted category counts for every item x country, the way the engine tallies marginals. */
async function marginals(seconds: Seconds, table: LoadedTable): Promise<number> {
  return timed(seconds, 'marginals', () => {
    const country = table.columns.get('B_COUNTRY_ALPHA');
    if (country?.kind !== 'text') throw new Error('bench: B_COUNTRY_ALPHA is not a text column');
    const weights = weightsOf(table);
    const rowsPerCountry = country.dictionary.map(() => [] as number[]);
    country.codes.forEach((code, row) => {
      if (code >= 0) rowsPerCountry[code]!.push(row);
    });
    const countryRows = rowsPerCountry.map((rows) => Uint32Array.from(rows));
    const columns = codeColumns(table);
    const categories = new Uint8Array(table.nRows);
    let cells = 0;
    columns.forEach((values, item) => {
      const codes = itemCodes(item);
      const first = codes[0]!;
      for (let row = 0; row < values.length; row++) {
        const index = values[row]! - first;
        categories[row] = index >= 0 && index < codes.length ? index : MISSING_CATEGORY;
      }
      for (const rows of countryRows) {
        categoryHistogram(categories, codes.length, weights, rows);
        cells++;
      }
    });
    return cells;
  });
}

function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function main(): Promise<void> {
  const seconds: Seconds = {};
  const report: Record<string, unknown> = { task, seconds, cpuSeconds };
  const table = await load(seconds);
  report.rows = table.nRows;
  switch (task) {
    case 'load':
      break;
    case 'correlations':
      await correlations(seconds, table, undefined);
      for (const times of [seconds, cpuSeconds]) {
        times.total = times.categoryMatrix! + times.pairTables! + times.pearson! + times.spearman!;
      }
      break;
    case 'marginals':
      report.cells = await marginals(seconds, table);
      break;
    case 'polychoric': {
      // The full item x item polychoric matrix: count the pair tables, then estimate every pair.
      const columns = codeColumns(table);
      const matrix = await timed(seconds, 'categoryMatrix', () =>
        buildCategoryMatrixFromCodes(columns, itemNames.map((_, item) => itemCodes(item))),
      );
      const tables = await timed(seconds, 'pairTables', () => computePairTables(matrix));
      const result = await timed(seconds, 'polychoric', () => polychoricFromTables(tables));
      report.pairs = (nItems * (nItems - 1)) / 2;
      report.failures = result.failures.length;
      for (const times of [seconds, cpuSeconds]) times.total = times.categoryMatrix! + times.pairTables! + times.polychoric!;
      break;
    }
    case 'evaluation': {
      // What a run does with the human file: load, weighted correlation structure, weighted marginals.
      await correlations(seconds, table, weightsOf(table));
      report.cells = await marginals(seconds, table);
      seconds.total = Object.entries(seconds)
        .filter(([step]) => step !== 'threads')
        .reduce((sum, [, value]) => sum + value, 0);
      break;
    }
    default:
      throw new Error(`bench: unknown task ${task}`);
  }
  report.peakRssMB = peakRssMB();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
