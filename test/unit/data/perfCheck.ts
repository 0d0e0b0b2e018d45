/**
 * Hand-run speed check, not a test: loads a generated WVS-sized file (97,000 rows x 290 integer
 * items, plus a weight and a country column) with loadDelimited, then times pandas.read_csv on the
 * same file.
 *
 *   npx tsc -p tsconfig.test.json && node out/test/unit/data/perfCheck.js [rows] [--no-pandas]
 */
import * as fs from 'fs';
import { execFileSync } from 'child_process';
import { loadDelimited } from '../../../src/core/data/loadTable';
import type { ColumnRequest } from '../../../src/core/data/types';

const rows = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 97_000);
const items = 290;
const file = `/tmp/repscope-perf-${rows}x${items}.csv`;

/** Deterministic LCG so the file is the same on every run. */
function generate(): void {
  let state = 12345;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const countries = ['DEU', 'USA', 'JPN', 'BRA', 'NGA', 'IND'];
  const header = ['B_COUNTRY_ALPHA', 'W_WEIGHT', ...Array.from({ length: items }, (_, i) => `Q${i + 1}`)];
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${header.join(',')}\n`);
  let batch: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: (string | number)[] = [countries[Math.floor(next() * countries.length)]!, (0.3 + next() * 1.7).toFixed(6)];
    for (let i = 0; i < items; i++) {
      const u = next();
      cells.push(u < 0.04 ? -1 - Math.floor(next() * 5) : i === 260 ? 1930 + Math.floor(next() * 80) : 1 + Math.floor(u * 10));
    }
    batch.push(cells.join(','));
    if (batch.length === 1000) {
      fs.writeSync(fd, `${batch.join('\n')}\n`);
      batch = [];
    }
  }
  if (batch.length > 0) fs.writeSync(fd, `${batch.join('\n')}\n`);
  fs.closeSync(fd);
}

async function main(): Promise<void> {
  if (!fs.existsSync(file)) generate();
  const megabytes = fs.statSync(file).size / 1e6;
  const columns: ColumnRequest[] = [
    ...Array.from({ length: items }, (_, i): ColumnRequest => ({ name: `Q${i + 1}`, kind: 'code' })),
    { name: 'W_WEIGHT', kind: 'number' },
    { name: 'B_COUNTRY_ALPHA', kind: 'text' },
  ];
  const times: string[] = [];
  let heapAfter = 0;
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const table = await loadDelimited(file, { columns });
    const cpu = process.cpuUsage(cpuStart);
    times.push(`${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(0)} (cpu ${((cpu.user + cpu.system) / 1e3).toFixed(0)})`);
    if (table.nRows !== rows) throw new Error(`expected ${rows} rows, got ${table.nRows}`);
    heapAfter = process.memoryUsage().arrayBuffers / 1e6;
  }
  console.log(`file: ${file} (${megabytes.toFixed(1)} MB)`);
  console.log(`loadDelimited: ${times.join(' / ')} ms wall (cpu) in one process; array buffers ~${heapAfter.toFixed(0)} MB`);
  if (!process.argv.includes('--no-pandas')) {
    const script = [
      'import time, pandas',
      't, c = time.perf_counter(), time.process_time()',
      `pandas.read_csv(${JSON.stringify(file)})`,
      'print(f"{(time.perf_counter() - t) * 1000:.0f} (cpu {(time.process_time() - c) * 1000:.0f})")',
    ].join('\n');
    const pandasTimes = [0, 1].map(() => execFileSync('/usr/bin/python3', ['-c', script]).toString().trim());
    console.log(`pandas.read_csv: ${pandasTimes.join(' / ')} ms wall (cpu), two processes`);
  }
}

void main();
