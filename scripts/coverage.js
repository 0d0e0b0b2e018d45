#!/usr/bin/env node
// The full coverage simulation of the bootstrap intervals (`npm run coverage`, after
// `npm run compile-tests`): three regimes (a model far from the humans, one drawn from the humans
// themselves, a structure-free one) at n = 200, 1,000 and 4,000 model respondents against N = 2,000
// humans, 8 ordinal items, R samples each bootstrapped with B = 200 replicates, humans resampled.
// Prints, per regime, n and headline statistic, the share of 95% intervals containing the
// estimand, the 95% Monte-Carlo band of that share, and PASS when it lies in 92–98% (else MISS).
// The library is test/unit/inference/coverage.ts. Like the bench, it always exits 0 once it ran.
//
// Environment: REPSCOPE_COVERAGE_REPETITIONS (R, default 400), REPSCOPE_COVERAGE_THREADS (worker
// threads per evaluation, default 0: in this thread, which is fastest for many small evaluations).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const library = path.join(__dirname, '..', 'out', 'test', 'unit', 'inference', 'coverage.js');
if (!fs.existsSync(library)) {
  console.error(`coverage: ${path.relative(process.cwd(), library)} is missing; run \`npm run compile-tests\` first`);
  process.exit(1);
}
const { COVERAGE_REGIMES, coveragePasses, formatCoverageTable, runCoverage } = require(library);

function positiveInteger(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`coverage: ${name} must be a non-negative integer, got ${text}`);
    process.exit(1);
  }
  return value;
}

const options = {
  regimes: COVERAGE_REGIMES,
  sizes: [200, 1000, 4000],
  humans: 2000,
  items: 8,
  repetitions: Math.max(1, positiveInteger('REPSCOPE_COVERAGE_REPETITIONS', 400)),
  replicates: 200,
  seed: 20260808,
  threads: positiveInteger('REPSCOPE_COVERAGE_THREADS', 0),
};

async function main() {
  console.log(
    `Coverage of the 95% basic bootstrap intervals: N = ${options.humans} humans, n = ${options.sizes.join(', ')}, ` +
      `${options.items} items, R = ${options.repetitions} samples per cell, B = ${options.replicates} replicates, seed ${options.seed}`,
  );
  const started = Date.now();
  let lastReport = 0;
  const rows = await runCoverage({
    ...options,
    onProgress: (done, total) => {
      const now = Date.now();
      if (now - lastReport < 10000 && done < total) return;
      lastReport = now;
      process.stderr.write(`  ${done}/${total} samples, ${Math.round((now - started) / 1000)} s\n`);
    },
  });
  for (const line of formatCoverageTable(rows)) console.log(line);
  const misses = rows.filter((row) => !coveragePasses(row)).length;
  console.log(
    `${rows.length - misses} of ${rows.length} cells within 92–98%; estimand ± its Monte-Carlo standard error; ` +
      `"est. outside" counts samples whose estimate lay outside its own interval. ${Math.round((Date.now() - started) / 1000)} s.`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
