/**
 * Does a 95% interval cover the truth 95% of the time?
 *
 * The engine's intervals: the quick variant of the coverage simulation (coverage.ts; the full one
 * is `npm run coverage`), every regime at one sample size, with a sanity bound on the coverage of
 * the marginal distance (at R = 60 a true 95% falls below 85% with probability under 0.1%).
 *
 * The percentile interval of one correlation: a population whose answer to two items is
 * a bivariate normal (rho = 0.5) cut at fixed thresholds has an exactly known Pearson r of the
 * category scores: the cell probabilities are rectangle probabilities of the bivariate normal.
 * Samples drawn from those cells are bootstrapped with the inference code's own resampling,
 * packed counting and correlation, and the share of intervals that contain the truth is counted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeInference } from '../../../src/core/inference';
import { percentileInterval } from '../../../src/core/inference/percentile';
import { ReplicateRandom } from '../../../src/core/inference/random';
import { resampleMultiplicities } from '../../../src/core/inference/resample';
import { correlationFromTables, encodeRowsOf, structureLayout, TableCounter, visitResampleTables } from '../../../src/core/inference/tables';
import { rectangleProbability } from '../../../src/core/polychoric';
import { SeededRandom } from '../../../src/core/sample/random';
import {
  CATEGORIES,
  COVERAGE_REGIMES,
  coverageContext,
  drawSample,
  formatCoverageTable,
  humanPopulationSpec,
  populationOf,
  regimePopulationSpec,
  runCoverage,
  sampleStatistics,
} from './coverage';
import { ordinalItems } from './helpers';

const RHO = 0.5;
const X_CUTS = [-Infinity, -1.2, -0.3, 0.4, 1.1, Infinity];
const Y_CUTS = [-Infinity, -0.8, 0.1, 0.9, Infinity];
const SAMPLE_SIZE = 200;
const REPETITIONS = 400;
const REPLICATES = 200;

/** Cell probabilities, row-major (x category, y category). */
function cellProbabilities(): number[] {
  const cells: number[] = [];
  for (let a = 0; a < X_CUTS.length - 1; a++) {
    for (let b = 0; b < Y_CUTS.length - 1; b++) {
      cells.push(rectangleProbability(X_CUTS[a]!, X_CUTS[a + 1]!, Y_CUTS[b]!, Y_CUTS[b + 1]!, RHO));
    }
  }
  return cells;
}

/** Pearson r of the scores 1..Kx and 1..Ky under the exact cell probabilities. */
function trueCorrelation(cells: readonly number[]): number {
  const ky = Y_CUTS.length - 1;
  let mx = 0;
  let my = 0;
  cells.forEach((p, cell) => {
    mx += p * (Math.floor(cell / ky) + 1);
    my += p * ((cell % ky) + 1);
  });
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  cells.forEach((p, cell) => {
    const dx = Math.floor(cell / ky) + 1 - mx;
    const dy = (cell % ky) + 1 - my;
    sxx += p * dx * dx;
    syy += p * dy * dy;
    sxy += p * dx * dy;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe('coverage simulation (quick)', () => {
  it("computes the estimands' statistics as the engine does: D̂ and r̂ equal computeInference's estimates", async () => {
    const items = 8;
    const random = new SeededRandom(5, 'coverage statistics');
    const humanSpec = humanPopulationSpec(items);
    const humanSample = drawSample(humanSpec, 500, random);
    const modelSample = drawSample(regimePopulationSpec('far', humanSpec), 300, random);
    const expected = sampleStatistics(humanSample, 500, modelSample, 300, items);
    const context = coverageContext(
      ordinalItems(Array.from({ length: items }, () => CATEGORIES)),
      populationOf('human', humanSample, 500, items),
      populationOf('model', modelSample, 300, items),
      10,
      5,
    );
    const condition = (await computeInference(context, { seed: 5, replicates: 10, resampleHumans: true, baselines: false }, { threads: 0 })).conditions[0]!;
    assert.ok(Math.abs(condition.marginalDistance.estimate! - expected.distance) < 1e-12, `${condition.marginalDistance.estimate} vs ${expected.distance}`);
    assert.ok(Math.abs(condition.structureR.estimate! - expected.r) < 1e-12, `${condition.structureR.estimate} vs ${expected.r}`);
    assert.ok(expected.distance > 0.1 && expected.r < 0.5, `far: distance ${expected.distance}, r ${expected.r}`);
  });

  it('covers the expected marginal distance in at least 85% of 60 samples far from and at the noise floor, with every estimate inside its interval', async (t) => {
    const rows = await runCoverage({
      regimes: COVERAGE_REGIMES,
      sizes: [200],
      humans: 1000,
      items: 8,
      repetitions: 60,
      replicates: 100,
      seed: 2026,
    });
    for (const line of formatCoverageTable(rows)) t.diagnostic(line);
    assert.equal(rows.length, 9);
    for (const row of rows) assert.equal(row.estimatesOutside, 0, `${row.regime} ${row.statistic}: ${row.estimatesOutside} estimates outside`);
    for (const regime of ['far', 'floor'] as const) {
      const row = rows.find((candidate) => candidate.regime === regime && candidate.statistic === 'marginalDistance')!;
      assert.ok(row.coverage >= 0.85, `${regime} marginal distance coverage ${row.coverage}`);
    }
    const floorExcess = rows.find((row) => row.regime === 'floor' && row.statistic === 'marginalExcess')!;
    assert.equal(floorExcess.estimand, 0);
  });
});

describe('bootstrap coverage', () => {
  it(`covers the true correlation of a discretised bivariate normal in 93-97% of ${REPETITIONS} samples`, (t) => {
    const cells = cellProbabilities();
    assert.ok(Math.abs(cells.reduce((sum, p) => sum + p, 0) - 1) < 1e-12);
    const truth = trueCorrelation(cells);
    assert.ok(truth > 0.4 && truth < 0.5, `truth ${truth}`);
    const kx = X_CUTS.length - 1;
    const ky = Y_CUTS.length - 1;
    const layout = structureLayout(Uint8Array.of(kx, ky), [
      Float64Array.from({ length: kx }, (_, c) => c + 1),
      Float64Array.from({ length: ky }, (_, c) => c + 1),
    ]);
    const polychoric = { thresholds: 'pairwise' as const, smooth: false };
    const draw = new SeededRandom(2026, 'coverage');
    const rows = Uint32Array.from({ length: SAMPLE_SIZE }, (_, row) => row);
    let covered = 0;
    for (let repetition = 0; repetition < REPETITIONS; repetition++) {
      const categories = new Uint8Array(SAMPLE_SIZE * 2);
      for (let row = 0; row < SAMPLE_SIZE; row++) {
        const cell = draw.categorical(cells);
        categories[row * 2] = Math.floor(cell / ky);
        categories[row * 2 + 1] = cell % ky;
      }
      const encoded = encodeRowsOf(layout, categories, SAMPLE_SIZE, 'fastest');
      const counter = new TableCounter(encoded.plan);
      const resamples = Array.from({ length: REPLICATES + 1 }, (_, replicate) =>
        replicate === REPLICATES ? undefined : resampleMultiplicities(SAMPLE_SIZE, [rows], new ReplicateRandom(repetition, replicate, 'coverage')),
      );
      const values = new Float64Array(REPLICATES + 1);
      visitResampleTables(layout, encoded, counter, null, resamples, false, (index, tables) => {
        values[index] = correlationFromTables(layout, tables, 'pearson', polychoric)[1]!;
      });
      const interval = percentileInterval(values[REPLICATES]!, values.subarray(0, REPLICATES), 0.95);
      if (interval.lower! <= truth && truth <= interval.upper!) covered++;
    }
    const coverage = covered / REPETITIONS;
    t.diagnostic(`coverage ${coverage} of the true r = ${truth}`);
    assert.ok(coverage >= 0.93 && coverage <= 0.97, `coverage ${coverage} (truth r = ${truth})`);
  });
});
