#!/usr/bin/env node
// RepScope vs pandas on a WVS-scale synthetic file (`npm run bench`).
//
// 1. Writes a seeded synthetic CSV once to bench/.data/ (reused when present): REPSCOPE_BENCH_ROWS
//    respondents (default 97,000) x REPSCOPE_BENCH_ITEMS ordinal items (default 290; every third
//    item 1..10, the others 1..4) with ~5% negative missing codes, W_WEIGHT and B_COUNTRY_ALPHA
//    (60 countries).
// 2. Bundles bench/tasks.ts (and the pair-table worker) with esbuild into bench/.data/build/.
// 3. Runs each task in its own process, RepScope (node) and pandas (/usr/bin/python3), one after the
//    other, each reporting its own timings and peak RSS; prints a table with ratios and PASS/MISS per
//    target, plus the CPU time of each side (steadier than wall time when other processes share
//    the cores). `node bench/run.js --data-only` stops after step 1. The bench never fails on a
//    target (exit 0); it exits 1 only when it cannot run at all.
'use strict';
const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dataDir = path.join(__dirname, '.data');
const buildDir = path.join(dataDir, 'build');
const python = process.env.REPSCOPE_BENCH_PYTHON || '/usr/bin/python3';

const ROWS = positiveInteger('REPSCOPE_BENCH_ROWS', 97000);
const ITEMS = positiveInteger('REPSCOPE_BENCH_ITEMS', 290);
const SEED = 20260101;
const DATA_VERSION = 1;

const TARGETS = {
  loadSpeedup: 3,
  correlationSpeedup: 5,
  evaluationPeakRssMB: 400,
};

function positiveInteger(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`bench: ${name} must be a positive integer, got ${JSON.stringify(text)}`);
    process.exit(1);
  }
  return value;
}

// --- Synthetic data ------------------------------------------------------------------------------

const COUNTRIES = (
  'AND ARG ARM AUS BGD BOL BRA CAN CHL CHN COL CYP CZE DEU ECU EGY ETH GBR GRC GTM HKG IDN IRN IRQ JOR ' +
  'JPN KAZ KEN KGZ KOR LBN LBY MAC MAR MEX MMR MNG MYS NGA NIC NLD NZL PAK PER PHL PRI ROU RUS SGP SRB ' +
  'SVK THA TJK TUN TUR TWN UKR URY USA VNM'
).split(' ');

/** xorshift32: fast, seeded, good enough for synthetic answers. */
function random32(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function dataFile() {
  return path.join(dataDir, `wvs-synthetic-${ROWS}x${ITEMS}-v${DATA_VERSION}.csv`);
}

/**
 * Six latent factors per respondent plus a country shift per factor; item i loads on factor i % 6
 * (sign alternating), is cut into 10 or 4 ordered categories, and is missing with a negative WVS
 * code in ~4% of cells plus ~1% as "not asked" (-4) for whole country x item blocks.
 */
function writeSyntheticCsv(file) {
  const random = random32(SEED);
  const gaussian = () => (random() + random() + random() + random() - 2) * 1.7320508;
  const factors = 6;
  const countryShift = COUNTRIES.map(() => Float64Array.from({ length: factors }, () => 0.6 * gaussian()));
  const countryShare = COUNTRIES.map(() => 0.3 + random());
  const shareTotal = countryShare.reduce((a, b) => a + b, 0);
  const cumulative = [];
  countryShare.reduce((sum, share, index) => (cumulative[index] = sum + share / shareTotal), 0);
  const notAsked = COUNTRIES.map(() => Uint8Array.from({ length: ITEMS }, () => (random() < 0.01 ? 1 : 0)));
  const loading = Float64Array.from({ length: ITEMS }, (_, item) => (item % 2 ? -1 : 1) * (0.4 + 0.4 * random()));
  const points = Int32Array.from({ length: ITEMS }, (_, item) => (item % 3 === 0 ? 10 : 4));
  const missingCodes = [-1, -1, -1, -2, -5];

  const temporary = `${file}.partial`;
  const fd = fs.openSync(temporary, 'w');
  const header = ['B_COUNTRY_ALPHA', 'W_WEIGHT'];
  for (let item = 0; item < ITEMS; item++) header.push(`Q${item + 1}`);
  fs.writeSync(fd, `${header.join(',')}\n`);
  const latent = new Float64Array(factors);
  let lines = [];
  for (let row = 0; row < ROWS; row++) {
    const u = random();
    let country = 0;
    while (country < COUNTRIES.length - 1 && cumulative[country] < u) country++;
    for (let f = 0; f < factors; f++) latent[f] = gaussian() + countryShift[country][f];
    const weight = Math.exp(0.5 * gaussian());
    const fields = [COUNTRIES[country], weight.toFixed(4)];
    for (let item = 0; item < ITEMS; item++) {
      if (notAsked[country][item]) {
        fields.push('-4');
        continue;
      }
      if (random() < 0.04) {
        fields.push(String(missingCodes[Math.floor(random() * missingCodes.length)]));
        continue;
      }
      const z = loading[item] * latent[item % factors] + 0.8 * gaussian();
      const k = points[item];
      const category = Math.max(0, Math.min(k - 1, Math.floor(((z + 2.2) / 4.4) * k)));
      fields.push(String(category + 1));
    }
    lines.push(fields.join(','));
    if (lines.length === 2000) {
      fs.writeSync(fd, `${lines.join('\n')}\n`);
      lines = [];
    }
  }
  if (lines.length > 0) fs.writeSync(fd, `${lines.join('\n')}\n`);
  fs.closeSync(fd);
  fs.renameSync(temporary, file);
}

// --- Running the tasks ---------------------------------------------------------------------------

async function bundleTasks() {
  const esbuild = require('esbuild');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      tasks: 'bench/tasks.ts',
      // computePairTables finds its worker next to the bundle (path.join(__dirname, 'pairTablesWorker.js')).
      pairTablesWorker: 'src/core/structure/pairTablesWorker.ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outdir: buildDir,
    logLevel: 'warning',
    define: { REPSCOPE_VERSION: '"bench"' },
  });
  return path.join(buildDir, 'tasks.js');
}

/** Runs one task in a child process and returns its JSON report, or { error }. */
function runTask(command, args) {
  const result = childProcess.spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.error) return { error: result.error.message };
  if (result.status !== 0) return { error: (result.stderr || result.stdout || `exit ${result.status}`).trim().split('\n').slice(-6).join('\n') };
  const lastLine = result.stdout.trim().split('\n').pop();
  try {
    return JSON.parse(lastLine);
  } catch {
    return { error: `unreadable report: ${lastLine}` };
  }
}

// --- Report --------------------------------------------------------------------------------------

function seconds(value) {
  return typeof value === 'number' ? `${value.toFixed(2)} s` : 'n/a';
}

function megabytes(value) {
  return typeof value === 'number' ? `${value.toFixed(0)} MB` : 'n/a';
}

function ratio(numerator, denominator) {
  return typeof numerator === 'number' && typeof denominator === 'number' && denominator > 0 ? numerator / denominator : undefined;
}

function verdict(ok) {
  return ok === undefined ? 'n/a' : ok ? 'PASS' : 'MISS';
}

function printTable(rows) {
  const headers = ['task', 'RepScope', 'pandas', 'ratio', 'target', ''];
  const cells = rows.map((row) => [row.task, row.ours, row.theirs, row.ratio, row.target, row.verdict]);
  const widths = headers.map((header, column) => Math.max(header.length, ...cells.map((row) => String(row[column]).length)));
  const line = (values) => values.map((value, column) => String(value).padEnd(widths[column])).join('  ').trimEnd();
  console.log(line(headers));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of cells) console.log(line(row));
}

async function main() {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = dataFile();
  if (fs.existsSync(file)) {
    console.log(`bench: reusing ${path.relative(root, file)}`);
  } else {
    const start = Date.now();
    console.log(`bench: writing ${path.relative(root, file)} (${ROWS} rows x ${ITEMS} items) ...`);
    writeSyntheticCsv(file);
    console.log(`bench: wrote ${(fs.statSync(file).size / 1e6).toFixed(0)} MB in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  }
  if (process.argv.includes('--data-only')) return;
  const tasks = await bundleTasks();
  const pandasScript = path.join(__dirname, 'pandas_tasks.py');
  const ours = (task) => runTask(process.execPath, [tasks, task, file, String(ITEMS)]);
  const theirs = (task) => runTask(python, [pandasScript, task, file, String(ITEMS)]);

  const [load1, load5] = os.loadavg();
  console.log(
    `bench: node ${process.version}, ${os.availableParallelism()} cores, load average ${load1.toFixed(1)} (1 min) ${load5.toFixed(1)} (5 min)` +
      (load1 > 1 ? ' -- other processes are busy, timings are noisy' : ''),
  );
  const results = {};
  for (const task of ['load', 'correlations', 'marginals']) {
    console.log(`bench: ${task} ...`);
    results[task] = { ours: ours(task), theirs: theirs(task) };
  }
  console.log('bench: evaluation ...');
  results.evaluation = { ours: ours('evaluation') };

  for (const [task, { ours: a, theirs: b }] of Object.entries(results)) {
    if (a?.error) console.log(`bench: RepScope ${task} failed:\n${a.error}`);
    if (b?.error) console.log(`bench: pandas ${task} failed:\n${b.error}`);
  }

  const s = (report, step) => report?.seconds?.[step];
  const loadRatio = ratio(s(results.load.theirs, 'load'), s(results.load.ours, 'load'));
  const correlationRatio = ratio(s(results.correlations.theirs, 'corr'), s(results.correlations.ours, 'total'));
  const marginalRatio = ratio(s(results.marginals.theirs, 'marginals'), s(results.marginals.ours, 'marginals'));
  const evaluationRss = results.evaluation.ours?.peakRssMB;
  const times = (value) => (value === undefined ? 'n/a' : `${value.toFixed(1)}x`);
  const c = results.correlations.ours?.seconds ?? {};

  let pandasVersion = '(version unknown)';
  try {
    pandasVersion = childProcess.execFileSync(python, ['-c', 'import pandas; print(pandas.__version__)'], { encoding: 'utf8' }).trim();
  } catch {
    // Reported with the task errors above.
  }
  console.log(`\nRepScope vs pandas ${pandasVersion}, ${ROWS} rows x ${ITEMS} items, ${os.availableParallelism()} cores\n`);
  printTable([
    {
      task: '(a) load CSV (loadDelimited vs read_csv)',
      ours: seconds(s(results.load.ours, 'load')),
      theirs: seconds(s(results.load.theirs, 'load')),
      ratio: times(loadRatio),
      target: `>= ${TARGETS.loadSpeedup}x`,
      verdict: verdict(loadRatio === undefined ? undefined : loadRatio >= TARGETS.loadSpeedup),
    },
    {
      task: '(b) Pearson + Spearman vs corr(pearson)',
      ours: seconds(s(results.correlations.ours, 'total')),
      theirs: seconds(s(results.correlations.theirs, 'corr')),
      ratio: times(correlationRatio),
      target: `>= ${TARGETS.correlationSpeedup}x`,
      verdict: verdict(correlationRatio === undefined ? undefined : correlationRatio >= TARGETS.correlationSpeedup),
    },
    {
      task: '(c) marginals item x country (weighted vs value_counts)',
      ours: seconds(s(results.marginals.ours, 'marginals')),
      theirs: seconds(s(results.marginals.theirs, 'marginals')),
      ratio: times(marginalRatio),
      target: '',
      verdict: '',
    },
    {
      task: '(d) peak RSS, load task',
      ours: megabytes(results.load.ours?.peakRssMB),
      theirs: megabytes(results.load.theirs?.peakRssMB),
      ratio: '',
      target: '',
      verdict: '',
    },
    {
      task: '(d) peak RSS, correlations task',
      ours: megabytes(results.correlations.ours?.peakRssMB),
      theirs: megabytes(results.correlations.theirs?.peakRssMB),
      ratio: '',
      target: '',
      verdict: '',
    },
    {
      task: '(d) peak RSS, marginals task',
      ours: megabytes(results.marginals.ours?.peakRssMB),
      theirs: megabytes(results.marginals.theirs?.peakRssMB),
      ratio: '',
      target: '',
      verdict: '',
    },
    {
      task: '(d) peak RSS, whole evaluation (load + weighted structure + marginals)',
      ours: megabytes(evaluationRss),
      theirs: '',
      ratio: '',
      target: `<= ${TARGETS.evaluationPeakRssMB} MB`,
      verdict: verdict(evaluationRss === undefined ? undefined : evaluationRss <= TARGETS.evaluationPeakRssMB),
    },
  ]);
  const cpu = (report, step) => report?.cpuSeconds?.[step];
  const cpuLoad = cpu(results.load.ours, 'load');
  const cpuCorrelations = cpu(results.correlations.ours, 'total');
  console.log(
    `\nCPU time summed over threads (less sensitive than wall time to other processes): ` +
      `load ${seconds(cpuLoad)} vs ${seconds(cpu(results.load.theirs, 'load'))} (${times(ratio(cpu(results.load.theirs, 'load'), cpuLoad))}), ` +
      `correlations ${seconds(cpuCorrelations)} vs ${seconds(cpu(results.correlations.theirs, 'corr'))} (${times(ratio(cpu(results.correlations.theirs, 'corr'), cpuCorrelations))}).`,
  );
  const [endLoad] = os.loadavg();
  if (Math.max(load1, endLoad) > 1) {
    console.log(
      `Load average ${load1.toFixed(1)} at the start, ${endLoad.toFixed(1)} at the end: other processes shared the cores, so wall times ` +
        '(and the multi-threaded side most) are inflated; the CPU-time ratios are the steadier comparison.',
    );
  }
  const e = results.evaluation.ours?.seconds ?? {};
  console.log(
    `\n(b) RepScope steps: category matrix ${seconds(c.categoryMatrix)}, pair tables ${seconds(c.pairTables)} on ${c.threads ?? '?'} threads, ` +
      `Pearson ${seconds(c.pearson)}, Spearman ${seconds(c.spearman)}; pandas also spent ${seconds(s(results.correlations.theirs, 'negativeToNaN'))} turning negative codes into NaN (not counted).`,
  );
  console.log(
    `    whole evaluation: ${seconds(e.total)} (load ${seconds(e.load)}, weighted pair tables ${seconds(e.pairTables)}, marginals ${seconds(e.marginals)}).`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
