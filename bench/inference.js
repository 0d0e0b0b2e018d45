#!/usr/bin/env node
// Bootstrap inference bench: 1,000 replicates of every structure metric (Pearson and Spearman r,
// RMSE and MAD at respondent level, group-mean r) for 5,000 simulated respondents x 100 items
// against 5,000 weighted human respondents, target <= 30 s on this machine, printed beside the
// time of a single replicate.
//
// 1. Bundles src/core/inference (and its worker entry) with esbuild into bench/.data/build/.
// 2. Builds seeded synthetic populations in memory (the same shape the engine hands to
//    computeInference): 100 ordinal items (every third 1..10, the others 1..4) driven by six latent
//    factors, ~4% missing answers, four groups; humans carry lognormal weights.
// 3. Times computeInference: one replicate in the calling thread, then 1,000 replicates on the
//    default threads without baselines (the target), then with the baselines (reported, no target).
//    `--quick` runs 120 replicates instead of 1,000 and extrapolates.
// The bench never fails on a target (exit 0); it exits 1 only when it cannot run at all.
'use strict';
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const buildDir = path.join(__dirname, '.data', 'build');
const ROWS = 5000;
const ITEMS = 100;
const GROUPS = ['north', 'south', 'east', 'west'];
const TARGET_SECONDS = 30;
const SEED = 20260101;
const quick = process.argv.includes('--quick');
const REPLICATES = quick ? 120 : 1000;

async function bundle() {
  const esbuild = require('esbuild');
  await esbuild.build({
    absWorkingDir: root,
    stdin: {
      contents: "export * from './src/core/inference/index'; export { prepareItem } from './src/core/model/items';",
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'inference-bench-entry.ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: path.join(buildDir, 'inference.js'),
    logLevel: 'warning',
    define: { REPSCOPE_VERSION: '"bench"' },
  });
  // computeInference looks for its worker next to the bundle (path.join(__dirname, 'inferenceWorker.js')).
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { inferenceWorker: 'src/core/inference/inferenceWorker.ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outdir: buildDir,
    logLevel: 'warning',
    define: { REPSCOPE_VERSION: '"bench"' },
  });
  return require(path.join(buildDir, 'inference.js'));
}

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

/** One population: answers driven by six factors plus a group shift; `shrink` < 1 flattens the structure. */
function population(name, random, { weighted, shrink }) {
  const gaussian = () => (random() + random() + random() + random() - 2) * 1.7320508;
  const groupShift = GROUPS.map(() => Float64Array.from({ length: 6 }, () => 0.5 * gaussian()));
  const columns = Array.from({ length: ITEMS }, () => ({ categories: new Uint8Array(ROWS), missingKind: new Uint8Array(ROWS), missingKeys: ['code:-1'] }));
  const groupOf = new Uint8Array(ROWS);
  const latent = new Float64Array(6);
  for (let row = 0; row < ROWS; row++) {
    const group = Math.floor(random() * GROUPS.length);
    groupOf[row] = group;
    for (let f = 0; f < 6; f++) latent[f] = gaussian() + groupShift[group][f];
    for (let item = 0; item < ITEMS; item++) {
      const k = item % 3 === 0 ? 10 : 4;
      if (random() < 0.04) {
        columns[item].categories[row] = 255;
        continue;
      }
      const loading = (item % 2 ? -1 : 1) * (0.4 + 0.004 * item);
      const z = shrink * loading * latent[item % 6] + 0.8 * gaussian() + (1 - shrink) * 0.3 * gaussian();
      columns[item].categories[row] = Math.max(0, Math.min(k - 1, Math.floor(((z + 2.2) / 4.4) * k)));
    }
  }
  const groupRows = new Map([['all', Uint32Array.from({ length: ROWS }, (_, row) => row)]]);
  GROUPS.forEach((group, index) => {
    const rows = [];
    for (let row = 0; row < ROWS; row++) if (groupOf[row] === index) rows.push(row);
    groupRows.set(group, Uint32Array.from(rows));
  });
  const weights = weighted ? Float64Array.from({ length: ROWS }, () => Math.exp(0.5 * gaussian())) : undefined;
  return { name, nRows: ROWS, columns, weights, groupRows };
}

function context(library) {
  const random = random32(SEED);
  const items = Array.from({ length: ITEMS }, (_, item) => {
    const max = item % 3 === 0 ? 10 : 4;
    return library.prepareItem({ id: `Q${item + 1}`, label: `Q${item + 1}`, scale: undefined, optionLabels: {} }, { type: 'ordinal', min: 1, max }, false);
  });
  const experiment = {
    groups: GROUPS.map((name) => ({ name, rules: [] })),
    headlineGroups: [],
    metrics: {
      correlation: ['pearson', 'spearman'],
      minGroupSizeForStructure: 100,
      minCellSize: 10,
      invalidAnswers: 'exclude',
      groupMeanLevel: true,
      polychoricThresholds: 'pairwise',
      smoothPolychoric: false,
    },
    seed: SEED,
  };
  return {
    experiment,
    items,
    human: population('human', random, { weighted: true, shrink: 1 }),
    conditions: [population('model', random, { weighted: false, shrink: 0.8 })],
    conditionInfos: [{ name: 'model', groupAssignment: 'tag' }],
    // What engine/marginalPlan.ts decides for these data: every item common, the groups equally weighted.
    marginalPlan: {
      groupWeighting: 'groups',
      groupWeights: GROUPS.map((group) => ({ group, weight: 1 / GROUPS.length })),
      commonItems: items.map((_, index) => index),
      excludedItems: [],
    },
  };
}

/** Wall time, and CPU time of the whole process (worker threads included). */
async function timed(library, ctx, settings, threads) {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let progressCalls = 0;
  const results = await library.computeInference(ctx, { seed: SEED, ...settings }, { ...(threads !== undefined ? { threads } : {}), onProgress: () => progressCalls++ });
  const cpu = process.cpuUsage(cpuStart);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6, results, progressCalls };
}

function verdict(ok) {
  return ok ? 'PASS' : 'MISS';
}

async function main() {
  const library = await bundle();
  const ctx = context(library);
  const [load1, load5] = os.loadavg();
  console.log(
    `bench: node ${process.version}, ${os.availableParallelism()} cores, load average ${load1.toFixed(1)} (1 min) ${load5.toFixed(1)} (5 min)` +
      (load1 > 1 ? ' -- other processes are busy, timings are noisy' : ''),
  );
  console.log(`bench: ${ROWS} simulated x ${ITEMS} items against ${ROWS} weighted humans, Pearson + Spearman, 4 groups`);

  // Humans are resampled by default since 0.2 (REPSCOPE_BENCH_RESAMPLE_HUMANS=0 times the 0.1 workload).
  const resampleHumans = process.env.REPSCOPE_BENCH_RESAMPLE_HUMANS !== '0';
  const one = await timed(library, ctx, { replicates: 1, baselines: false, resampleHumans }, 0);
  const structure = await timed(library, ctx, { replicates: REPLICATES, baselines: false, resampleHumans });
  const full = await timed(library, ctx, { replicates: REPLICATES, baselines: true, resampleHumans });
  const scale = 1000 / REPLICATES;
  const structureSeconds = structure.seconds * scale;
  const fullSeconds = full.seconds * scale;
  const r = structure.results.conditions[0].structureR;
  console.log(`\nInference bench (${quick ? `${REPLICATES} replicates, extrapolated to 1,000` : '1,000 replicates'}; ${os.availableParallelism()} threads)\n`);
  const threads = os.availableParallelism();
  const rows = [
    ['task', 'wall', 'CPU (all threads)', 'target', ''],
    ['one replicate (calling thread, incl. setup and full-sample pass)', `${one.seconds.toFixed(2)} s`, `${one.cpuSeconds.toFixed(2)} s`, '', ''],
    [
      '1,000 replicates, all structure metrics',
      `${structureSeconds.toFixed(1)} s`,
      `${(structure.cpuSeconds * scale).toFixed(1)} s`,
      `<= ${TARGET_SECONDS} s`,
      verdict(structureSeconds <= TARGET_SECONDS),
    ],
    ['1,000 replicates, plus baselines and fidelity', `${fullSeconds.toFixed(1)} s`, `${(full.cpuSeconds * scale).toFixed(1)} s`, '', ''],
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  rows.forEach((row, index) => {
    console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  });
  console.log(
    `\nper replicate: ${structureSeconds.toFixed(1)} ms wall (structure), ${fullSeconds.toFixed(1)} ms wall (with baselines); ` +
      `progress calls: ${structure.progressCalls} and ${full.progressCalls}.`,
  );
  console.log(
    `On ${threads} otherwise idle cores the wall time would be about CPU / ${threads}: ` +
      `${((structure.cpuSeconds * scale) / threads).toFixed(1)} s for the structure metrics` +
      (load1 > 1 ? ` (this run shared the machine: load ${os.loadavg()[0].toFixed(1)} at the end).` : '.'),
  );
  console.log(`structure r ${r.estimate.toFixed(3)} [${r.lower.toFixed(3)}, ${r.upper.toFixed(3)}] over ${r.replicates} replicates.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
