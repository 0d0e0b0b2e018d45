#!/usr/bin/env node
// Full 290-item polychoric matrix at WVS scale vs R's psych::polychoric on the same file (part of
// `npm run bench`; run bench/run.js first: it writes the data and bundles bench/tasks.ts).
//
// psych takes minutes per few hundred pairs at 97,000 rows, so it is timed on the first
// REPSCOPE_BENCH_PSYCH_ITEMS items (default 16; pairs 120) and scaled by the number of pairs to
// 290 items (41,905 pairs) — said in the output. Both sides use pairwise thresholds (psych's
// global = FALSE, which it forces anyway for items of different lengths) and no continuity
// correction. RepScope's time includes counting the pair tables; psych's includes its own counting.
// Target: RepScope ≥ 30x faster. Never fails on the target (exit 0).
'use strict';
const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const dataDir = path.join(__dirname, '.data');
const ROWS = Number(process.env.REPSCOPE_BENCH_ROWS || 97000);
const ITEMS = Number(process.env.REPSCOPE_BENCH_ITEMS || 290);
const PSYCH_ITEMS = Number(process.env.REPSCOPE_BENCH_PSYCH_ITEMS || 16);
const TARGET = 30;

const file = path.join(dataDir, `wvs-synthetic-${ROWS}x${ITEMS}-v1.csv`);
const tasks = path.join(dataDir, 'build', 'tasks.js');
if (!fs.existsSync(file) || !fs.existsSync(tasks)) {
  console.error('bench/polychoric: run `node bench/run.js` first (it writes the data and the task bundle)');
  process.exit(1);
}

function lastJson(result) {
  if (result.status !== 0) throw new Error((result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n'));
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

const ours = lastJson(childProcess.spawnSync(process.execPath, [tasks, 'polychoric', file, String(ITEMS)], { encoding: 'utf8', maxBuffer: 1 << 24 }));

const rScript = `
suppressMessages(library(psych))
args <- commandArgs(trailingOnly = TRUE)
k <- as.integer(args[2])
x <- read.csv(args[1], nrows = -1)
x <- x[, grep("^Q", names(x))[seq_len(k)]]
x[x < 0] <- NA
elapsed <- system.time(r <- polychoric(x, correct = 0, global = FALSE, max.cat = 10, smooth = FALSE))[["elapsed"]]
cat(sprintf('{"seconds": %.3f, "pairs": %d, "first": %.6f}\\n', elapsed, k * (k - 1) / 2, r$rho[1, 2]))
`;
let psych;
try {
  psych = lastJson(childProcess.spawnSync('Rscript', ['-e', rScript, file, String(PSYCH_ITEMS)], { encoding: 'utf8', maxBuffer: 1 << 24 }));
} catch (error) {
  console.log(`psych::polychoric could not run (${error.message.split('\n')[0]}); install r-base-core and r-cran-psych`);
  process.exit(0);
}
const pairs = (ITEMS * (ITEMS - 1)) / 2;
const psychScaled = (psych.seconds * pairs) / psych.pairs;
const ratio = psychScaled / ours.seconds.total;
console.log(`\nPolychoric, ${ROWS.toLocaleString()} respondents x ${ITEMS} items (${pairs.toLocaleString()} pairs)`);
console.log(`  RepScope, full matrix:  ${ours.seconds.total.toFixed(2)} s wall (pair tables ${ours.seconds.pairTables.toFixed(2)} s, estimation ${ours.seconds.polychoric.toFixed(2)} s), ${ours.failures} pairs without an estimate`);
console.log(`  psych::polychoric:      ${psych.seconds.toFixed(2)} s for ${PSYCH_ITEMS} items (${psych.pairs} pairs), scaled by pairs to ${psychScaled.toFixed(0)} s for ${ITEMS} items`);
console.log(`  ratio ${ratio.toFixed(0)}x (target >= ${TARGET}x): ${ratio >= TARGET ? 'PASS' : 'MISS'}`);
