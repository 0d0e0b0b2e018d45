/**
 * Paired differences between conditions adjusted for the number of pairs (Holm, per measure), and
 * the reversal verdict that rests on the adjusted intervals.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { holmAdjustedDifferences, reversalOf } from '../../../src/core/inference/summarize';
import type { ConditionInference, ConditionPairInference, Interval, PairedDifference } from '../../../src/core/inference/types';
import { assertClose } from '../support/numeric';

const B = 199;

/** 199 replicates evenly from -2 to -1: every percentile is -2 + its level, and p = 2 / 200. */
const allNegative = Float64Array.from({ length: B }, (_, k) => -2 + k / (B - 1));
/** 196 replicates from -1.195 to -1 and three at +1: p = 2 (1 + 3) / 200 = 0.04. */
const threeAbove = Float64Array.from({ length: B }, (_, k) => (k < 196 ? -1.195 + k / 1000 : 1));
/** 169 below 0 and 30 above: p = 2 (1 + 30) / 200 = 0.31. */
const thirtyAbove = Float64Array.from({ length: B }, (_, k) => (k < 169 ? -1 - k / 1000 : 0.5 + k / 1000));

/**
 * A difference whose basic interval and p-value are the percentile interval and p-value of
 * `mirrored`: the estimate is its mean and the replicates its mirror image around that mean
 * (the basic interval mirrors the replicates around the estimate; see percentile.ts).
 */
function withMirrored(mirrored: Float64Array): { estimate: number; values: Float64Array } {
  const mean = mirrored.reduce((sum, value) => sum + value, 0) / mirrored.length;
  return { estimate: mean, values: Float64Array.from(mirrored, (value) => 2 * mean - value) };
}

describe('Holm-adjusted paired differences', () => {
  const [first, second, third] = holmAdjustedDifferences([withMirrored(allNegative), withMirrored(threeAbove), withMirrored(thirtyAbove)], 0.95);

  it('gives each pair its two-sided bootstrap p-value and Holm p-value: (0.01, 0.04, 0.31) -> (0.03, 0.08, 0.31)', () => {
    assert.deepEqual([first!.pValue, second!.pValue, third!.pValue], [2 / 200, 8 / 200, 62 / 200]);
    assertClose(first!.pAdjusted!, 0.03, 1e-15);
    assertClose(second!.pAdjusted!, 0.08, 1e-15);
    assertClose(third!.pAdjusted!, 0.31, 1e-15);
  });

  it('widens the interval to the Holm level of its rank: 1 - 0.05/3, then 0.975 (Holm stops at the second)', () => {
    assertClose(first!.adjustedConfidence!, 1 - 0.05 / 3, 1e-15);
    assert.equal(second!.adjustedConfidence, 0.975);
    assert.equal(third!.adjustedConfidence, 0.975);
    // Percentiles of the evenly spaced replicates are -2 + level.
    assertClose(first!.adjustedLower!, -2 + 0.05 / 6, 1e-12);
    assertClose(first!.adjustedUpper!, -1 - 0.05 / 6, 1e-12);
    assertClose(first!.lower!, -1.975, 1e-12);
    assertClose(first!.upper!, -1.025, 1e-12);
  });

  it('keeps a difference significant unadjusted but not after Holm when its adjusted interval reaches 0', () => {
    assert.equal(first!.excludesZeroAdjusted, true);
    assert.equal(second!.excludesZero, true, 'the plain 95% interval excludes 0');
    assert.equal(second!.excludesZeroAdjusted, false, 'Holm p 0.08: the 97.5% interval includes 0');
    assert.ok(second!.adjustedUpper! > 0);
    assert.equal(third!.excludesZeroAdjusted, false);
  });

  it('changes nothing with a single pair', () => {
    const [only] = holmAdjustedDifferences([withMirrored(threeAbove)], 0.95);
    assert.equal(only!.pAdjusted, only!.pValue);
    assert.equal(only!.adjustedConfidence, 0.95);
    assert.deepEqual([only!.adjustedLower, only!.adjustedUpper, only!.excludesZeroAdjusted], [only!.lower, only!.upper, only!.excludesZero]);
  });

  it('gives nulls where no replicate is defined', () => {
    const [undefinedEverywhere] = holmAdjustedDifferences([{ estimate: Number.NaN, values: new Float64Array(5).fill(Number.NaN) }], 0.95);
    assert.deepEqual(
      [undefinedEverywhere!.pValue, undefinedEverywhere!.pAdjusted, undefinedEverywhere!.adjustedLower, undefinedEverywhere!.excludesZeroAdjusted],
      [null, null, null, null],
    );
  });
});

function interval(estimate: number): Interval {
  return { estimate, lower: estimate - 0.01, upper: estimate + 0.01, replicates: B };
}

function condition(name: string, distance: number, r: number): ConditionInference {
  return {
    condition: name,
    marginalDistance: interval(distance),
    marginalCoverage: interval(1),
    marginalFloor: null,
    marginalExcess: interval(distance),
    structureMethod: 'pearson',
    structureBasis: 'all',
    structureR: interval(r),
    structureConcordance: interval(r),
    structureRmse: interval(0.1),
    structureMad: interval(0.1),
    comparisons: [],
    groupMeanR: interval(0.5),
    fidelity: interval(0.5),
    items: [],
  };
}

function difference(estimate: number, adjustedLower: number, adjustedUpper: number, pAdjusted: number): PairedDifference {
  return {
    estimate,
    lower: estimate - 0.01,
    upper: estimate + 0.01,
    replicates: B,
    excludesZero: true,
    pValue: pAdjusted / 3,
    pAdjusted,
    adjustedConfidence: 1 - 0.05 / 3,
    adjustedLower,
    adjustedUpper,
    excludesZeroAdjusted: adjustedLower > 0 || adjustedUpper < 0,
  };
}

function pair(conditionA: string, conditionB: string, marginal: PairedDifference, structure: PairedDifference): ConditionPairInference {
  return { conditionA, conditionB, marginalDistance: marginal, structureR: structure, structureRmse: structure, structureConcordance: structure, groupMeanR: structure };
}

describe('the reversal verdict on Holm-adjusted differences', () => {
  // a is closest on marginals, b on structure; c is behind on both.
  const conditions = [condition('a', 0.05, 0.2), condition('b', 0.1, 0.9), condition('c', 0.2, 0.1)];
  const other = difference(-0.1, -0.2, -0.05, 0.01);

  it('calls the reversal significant only when both adjusted intervals exclude 0', () => {
    const pairs = [pair('a', 'b', difference(-0.05, -0.08, -0.02, 0.02), difference(-0.7, -0.8, -0.6, 0.006)), pair('a', 'c', other, other), pair('b', 'c', other, other)];
    const reversal = reversalOf(conditions, pairs)!;
    assert.equal(reversal.detected, true);
    assert.deepEqual([reversal.marginalDifferenceSignificant, reversal.structureDifferenceSignificant], [true, true]);
    assert.match(reversal.sentence, /the reversal is significant: both Holm-adjusted intervals over the 3 condition pairs exclude 0\.$/);
    // The structure difference is b - a, the stored a - b mirrored: adjusted interval 0.6 to 0.8.
    assert.match(reversal.sentence, /difference 0\.700, Holm-adjusted 98\.3% CI 0\.600 to 0\.800, Holm p 0\.006/);
    assert.match(reversal.sentence, /difference -0\.050, Holm-adjusted 98\.3% CI -0\.080 to -0\.020, Holm p 0\.020/);
  });

  it('says the reversal is not significant when the adjusted marginal interval includes 0, though the plain one excludes it', () => {
    const marginal = difference(-0.05, -0.09, 0.01, 0.07);
    assert.equal(marginal.excludesZero, true);
    const pairs = [pair('a', 'b', marginal, difference(-0.7, -0.8, -0.6, 0.006)), pair('a', 'c', other, other), pair('b', 'c', other, other)];
    const reversal = reversalOf(conditions, pairs)!;
    assert.deepEqual([reversal.marginalDifferenceSignificant, reversal.structureDifferenceSignificant], [false, true]);
    assert.match(
      reversal.sentence,
      /the reversal is not significant: the marginal difference's Holm-adjusted interval over the 3 condition pairs includes 0\.$/,
    );
  });
});
