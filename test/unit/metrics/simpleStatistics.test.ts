/**
 * simple-statistics as a second, independent oracle for the metrics (the first is SciPy/NumPy in
 * reference.test.ts). It knows plain samples, not weighted frequency tables, so each table is
 * expanded into the sample it stands for: position x_k repeated m_k times, with integer masses,
 * or with weights in quarters scaled by 4. Hand-made cases first, then seeded random ones.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ss from 'simple-statistics';
import {
  categoryHistogram,
  distributionMean,
  distributionMoments,
  modeShare,
  varianceRatio,
  weightedMean,
} from '../../../src/core/metrics';
import { assertClose, f64 } from './assertClose';
import { seededRandom } from '../support/numeric';

/** The sample a table of integer masses stands for: positions[k] repeated mass[k] times. */
function expand(mass: Float64Array, positions: Float64Array): number[] {
  const sample: number[] = [];
  mass.forEach((count, k) => {
    assert.ok(Number.isInteger(count), `mass[${k}] = ${count} is not a whole count`);
    for (let copy = 0; copy < count; copy++) sample.push(positions[k]!);
  });
  return sample;
}

/** Relative closeness: the values reach the thousands, where 1e-12 absolute is below an ulp. */
function assertNear(actual: number, expected: number, label: string): void {
  assertClose(actual, expected, 1e-12 * Math.max(1, Math.abs(expected)), label);
}

interface RandomTable {
  mass: Float64Array;
  /** Strictly increasing, unevenly spaced. */
  positions: Float64Array;
}

/** K in 1..9 categories, whole masses 0..20 with at least one answer, increasing uneven positions. */
function randomTable(random: () => number, nCategories = 1 + Math.floor(random() * 9)): RandomTable {
  const mass = Float64Array.from({ length: nCategories }, () => Math.floor(random() * 21));
  if (mass.every((count) => count === 0)) mass[Math.floor(random() * nCategories)] = 1 + Math.floor(random() * 20);
  const positions = new Float64Array(nCategories);
  let position = Math.floor(random() * 200) - 100;
  for (let k = 0; k < nCategories; k++) {
    positions[k] = position;
    position += 0.25 + Math.floor(random() * 40) / 4;
  }
  return { mass, positions };
}

function shuffled(values: Float64Array, random: () => number): Float64Array {
  const copy = Float64Array.from(values);
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const CASES = 300;

describe('metrics against simple-statistics: hand-made tables', () => {
  it('gives the mean and population variance of the expanded sample', () => {
    // Masses (1, 1, 2) on positions (1, 2, 4) stand for the sample 1, 2, 4, 4.
    const moments = distributionMoments(f64(1, 1, 2), f64(1, 2, 4));
    assert.equal(moments.mean, ss.mean([1, 2, 4, 4]));
    assert.equal(moments.variance, ss.variance([1, 2, 4, 4]));
  });

  it('uses the population variance, which the sample variance exceeds by n/(n−1)', () => {
    const sample = [1, 2, 4, 4];
    const variance = distributionMoments(f64(1, 1, 2), f64(1, 2, 4)).variance;
    assert.equal(variance, ss.variance(sample));
    assertNear(variance * (4 / 3), ss.sampleVariance(sample), 'sample variance');
  });

  it('finds the mode simple-statistics finds, the lowest code on a tie', () => {
    // Codes 1..5, masses (0, 3, 3, 1, 0): codes 2 and 3 tie; both take the lower one.
    const positions = f64(1, 2, 3, 4, 5);
    const mass = f64(0, 3, 3, 1, 0);
    const mode = modeShare(mass);
    assert.equal(positions[mode.index], ss.mode(expand(mass, positions)));
    assert.equal(mode.share, 3 / 7);
  });

  it('gives the ratio of the expanded samples’ variances', () => {
    const positions = f64(1, 2, 3, 4);
    const model = f64(0, 5, 5, 0);
    const human = f64(3, 2, 2, 3);
    assertNear(varianceRatio(model, human, positions), ss.variance(expand(model, positions)) / ss.variance(expand(human, positions)), 'ratio');
  });

  it('averages items as simple-statistics averages the items repeated by their valid answers', () => {
    const distances = f64(0.125, 0.5, 0.25);
    const valid = f64(3, 1, 4);
    assertNear(weightedMean(distances, valid), ss.mean([0.125, 0.125, 0.125, 0.5, 0.25, 0.25, 0.25, 0.25]), 'mean');
  });
});

describe(`metrics against simple-statistics: ${CASES} random tables`, () => {
  it('distributionMoments and distributionMean give the mean and population variance of the expanded sample', () => {
    const random = seededRandom(1);
    for (let index = 0; index < CASES; index++) {
      const { mass, positions } = randomTable(random);
      const sample = expand(mass, positions);
      const moments = distributionMoments(mass, positions);
      assertNear(moments.mean, ss.mean(sample), `case ${index} mean`);
      assertNear(moments.variance, ss.variance(sample), `case ${index} variance`);
      assert.equal(distributionMean(mass, positions), moments.mean, `case ${index} distributionMean`);
      if (sample.length > 1) {
        const n = sample.length;
        assertNear((moments.variance * n) / (n - 1), ss.sampleVariance(sample), `case ${index} sample variance`);
      }
    }
  });

  it('distributionMoments does not need ordered positions (nominal codes)', () => {
    const random = seededRandom(2);
    for (let index = 0; index < CASES; index++) {
      const table = randomTable(random);
      const positions = shuffled(table.positions, random);
      const sample = expand(table.mass, positions);
      const moments = distributionMoments(table.mass, positions);
      assertNear(moments.mean, ss.mean(sample), `case ${index} mean`);
      assertNear(moments.variance, ss.variance(sample), `case ${index} variance`);
    }
  });

  it('distributionMoments of a merged table equals simple-statistics’ combineMeans/combineVariances of its parts, at fractional weights', () => {
    const random = seededRandom(3);
    for (let index = 0; index < CASES; index++) {
      const nCategories = 1 + Math.floor(random() * 9);
      const first = randomTable(random, nCategories);
      const second = randomTable(random, nCategories);
      // Fractional masses: a weighted table has no sample to expand, but merging two tables has a
      // closed form in simple-statistics.
      const a = first.mass.map((m) => m * (0.1 + random()));
      const b = second.mass.map((m) => m * (0.1 + random()));
      const positions = first.positions;
      const merged = a.map((m, k) => m + b[k]!);
      const sumA = ss.sum(Array.from(a));
      const sumB = ss.sum(Array.from(b));
      const ma = distributionMoments(a, positions);
      const mb = distributionMoments(b, positions);
      const moments = distributionMoments(merged, positions);
      assertNear(moments.mean, ss.combineMeans(ma.mean, sumA, mb.mean, sumB), `case ${index} mean`);
      assertNear(moments.variance, ss.combineVariances(ma.variance, ma.mean, sumA, mb.variance, mb.mean, sumB), `case ${index} variance`);
    }
  });

  it('varianceRatio is the ratio of the expanded samples’ population variances, NaN without human variance', () => {
    const random = seededRandom(4);
    for (let index = 0; index < CASES; index++) {
      const nCategories = 1 + Math.floor(random() * 9);
      const model = randomTable(random, nCategories);
      const human = randomTable(random, nCategories);
      const positions = model.positions;
      const humanVariance = ss.variance(expand(human.mass, positions));
      const ratio = varianceRatio(model.mass, human.mass, positions);
      if (humanVariance === 0) {
        assert.ok(Number.isNaN(ratio), `case ${index}: ${ratio}`);
      } else {
        assertNear(ratio, ss.variance(expand(model.mass, positions)) / humanVariance, `case ${index} ratio`);
      }
    }
  });

  it('modeShare finds simple-statistics’ mode and its share of the sample', () => {
    const random = seededRandom(5);
    for (let index = 0; index < CASES; index++) {
      const { mass, positions } = randomTable(random);
      // Small masses make ties common, which is where the two could disagree.
      const small = mass.map((m) => m % 4);
      if (small.every((m) => m === 0)) small[0] = 1;
      const sample = expand(small, positions);
      const mode = modeShare(small);
      const expected = ss.mode(sample);
      assert.equal(positions[mode.index], expected, `case ${index}`);
      assertNear(mode.share, sample.filter((value) => value === expected).length / sample.length, `case ${index} share`);
    }
  });

  it('categoryHistogram counts what simple-statistics counts in the rows expanded by their weights', () => {
    const random = seededRandom(6);
    for (let index = 0; index < CASES; index++) {
      const nCategories = 1 + Math.floor(random() * 9);
      const nRows = Math.floor(random() * 60);
      const categories = Uint8Array.from({ length: nRows }, () => (random() < 0.15 ? 255 : Math.floor(random() * nCategories)));
      // Weights in quarters: 4 × weight is a whole number of copies, and every sum is exact.
      const weights = Float64Array.from({ length: nRows }, () => Math.floor(random() * 12) / 4);
      const histogram = categoryHistogram(categories, nCategories, weights);

      const copies: number[] = [];
      const countedWeights: number[] = [];
      categories.forEach((category, row) => {
        if (category === 255) return;
        countedWeights.push(weights[row]!);
        for (let copy = 0; copy < 4 * weights[row]!; copy++) copies.push(category);
      });
      assert.equal(histogram.count, countedWeights.length, `case ${index} count`);
      assert.equal(histogram.weightSum, ss.sum(countedWeights), `case ${index} weightSum`);
      for (let k = 0; k < nCategories; k++) {
        assert.equal(4 * histogram.mass[k]!, copies.filter((category) => category === k).length, `case ${index} mass[${k}]`);
      }
      if (copies.length > 0) assert.equal(modeShare(histogram.mass).index, ss.mode(copies), `case ${index} mode`);
    }
  });

  it('weightedMean is simple-statistics’ mean of the values repeated by their whole weights', () => {
    const random = seededRandom(7);
    for (let index = 0; index < CASES; index++) {
      const n = 1 + Math.floor(random() * 30);
      const values = Float64Array.from({ length: n }, () => (random() < 0.2 ? Number.NaN : random()));
      const weights = Float64Array.from({ length: n }, () => Math.floor(random() * 50));
      const repeated: number[] = [];
      values.forEach((value, i) => {
        if (Number.isNaN(value)) return;
        for (let copy = 0; copy < weights[i]!; copy++) repeated.push(value);
      });
      const mean = weightedMean(values, weights);
      if (repeated.length === 0) assert.ok(Number.isNaN(mean), `case ${index}: ${mean}`);
      else assertNear(mean, ss.mean(repeated), `case ${index} mean`);
    }
  });
});
