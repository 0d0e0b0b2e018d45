import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  benjaminiHochbergAdjust,
  bootstrapPValue,
  holmAdjust,
  holmIntervalLevels,
} from '../../../src/core/inference/multiplicity';
import { lcg } from '../structure/helpers';
import { assertClose } from '../metrics/assertClose';
import { headlineReference, orNaN, withNaN } from './headlineReference';

function assertAllClose(actual: Float64Array, expected: ArrayLike<number>, tolerance: number, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) assertClose(actual[i]!, expected[i]!, tolerance, `${label}[${i}]`);
}

describe('holmAdjust', () => {
  it('multiplies the sorted p-values by m, m-1, ... and carries the running maximum: 0.01, 0.04, 0.03 -> 0.03, 0.06, 0.06', () => {
    assertAllClose(holmAdjust([0.01, 0.04, 0.03]), [0.03, 0.06, 0.06], 1e-15, 'holm');
  });

  it('leaves NaN in place and does not count it in m, like R p.adjust(c(0.01, NA, 0.04), "holm")', () => {
    assertAllClose(holmAdjust([0.01, Number.NaN, 0.04]), [0.02, Number.NaN, 0.04], 1e-15, 'holm');
  });

  it('caps adjusted values at 1 and returns a single p-value unchanged', () => {
    assertAllClose(holmAdjust([0.4, 0.6]), [0.8, 0.8], 1e-15, 'holm');
    assertAllClose(holmAdjust([0.7, 0.9, 0.8]), [1, 1, 1], 0, 'capped');
    assertAllClose(holmAdjust([0.7]), [0.7], 0, 'single');
    assert.equal(holmAdjust([]).length, 0);
  });

  it('gives tied p-values the same adjusted value whatever their order', () => {
    assertAllClose(holmAdjust([0.02, 0.01, 0.02]), [0.04, 0.03, 0.04], 1e-15, 'ties');
    assertAllClose(holmAdjust([0.02, 0.02, 0.01]), [0.04, 0.04, 0.03], 1e-15, 'ties reordered');
  });

  it('does not modify its input', () => {
    const p = Float64Array.of(0.03, 0.01);
    holmAdjust(p);
    assert.deepEqual(Array.from(p), [0.03, 0.01]);
  });

  it('rejects p-values outside [0, 1], naming the function and the index', () => {
    assert.throws(() => holmAdjust([0.1, 1.2]), /^RangeError: holmAdjust: pValues\[1\] must be in \[0, 1\] or NaN \(got 1.2\)/);
    assert.throws(() => holmAdjust([-0.01]), /holmAdjust: pValues\[0\]/);
    assert.throws(() => holmAdjust([Number.POSITIVE_INFINITY]), RangeError);
    assert.throws(() => holmAdjust(null as unknown as number[]), /^TypeError: holmAdjust: pValues must be an array/);
  });
});

describe('benjaminiHochbergAdjust', () => {
  it('takes the running minimum of (m / rank) p from the top: 0.01, 0.04, 0.03 -> 0.03, 0.04, 0.04', () => {
    assertAllClose(benjaminiHochbergAdjust([0.01, 0.04, 0.03]), [0.03, 0.04, 0.04], 1e-15, 'BH');
  });

  it('leaves NaN in place and does not count it in m', () => {
    assertAllClose(benjaminiHochbergAdjust([Number.NaN, 0.01, 0.04]), [Number.NaN, 0.02, 0.04], 1e-15, 'BH');
  });

  it('is never above Holm and never below the raw p-value', () => {
    const random = lcg(7);
    const p = Float64Array.from({ length: 40 }, () => random() ** 3);
    const holm = holmAdjust(p);
    const bh = benjaminiHochbergAdjust(p);
    for (let i = 0; i < p.length; i++) {
      assert.ok(bh[i]! <= holm[i]! && bh[i]! >= p[i]!, `p ${p[i]}: BH ${bh[i]}, Holm ${holm[i]}`);
    }
  });

  it('rejects p-values outside [0, 1], naming the function', () => {
    assert.throws(() => benjaminiHochbergAdjust([0.5, -1]), /^RangeError: benjaminiHochbergAdjust: pValues\[1\]/);
  });
});

describe('bootstrapPValue', () => {
  it('doubles the smaller tail with the (1 + count) / (1 + B) correction: 1 of 4 at or below 0 gives 0.8', () => {
    assertClose(bootstrapPValue([1, 2, 3, -1]), 0.8, 1e-15, 'p');
  });

  it('never returns 0: nine replicates all above 0 give 2 / 10', () => {
    assertClose(bootstrapPValue(new Float64Array(9).fill(0.5)), 0.2, 1e-15, 'p');
  });

  it('counts a replicate equal to the null value in both tails and caps p at 1', () => {
    assert.equal(bootstrapPValue([-1, 0, 0, 1, 2]), 1);
  });

  it('tests against a given null value', () => {
    assertClose(bootstrapPValue([0.1, 0.2, 0.3, 0.4], 0.25), 1, 1e-15, 'centre');
    assertClose(bootstrapPValue([0.1, 0.2, 0.3, 0.4], 0.15), 0.8, 1e-15, 'one below');
  });

  it('skips non-finite replicates and counts B over the finite ones; NaN when none is finite', () => {
    assertClose(bootstrapPValue([Number.NaN, 0.5, 0.5, Number.POSITIVE_INFINITY, 0.5]), 0.5, 1e-15, 'p over B = 3');
    assert.ok(Number.isNaN(bootstrapPValue([Number.NaN, Number.NaN])));
    assert.ok(Number.isNaN(bootstrapPValue([])));
  });

  it('rejects a non-finite null value, naming the function', () => {
    assert.throws(() => bootstrapPValue([1, 2], Number.NaN), /^RangeError: bootstrapPValue: nullValue must be finite/);
  });

  it('feeds Holm: two paired differences, one clearly non-zero, one not', () => {
    const random = lcg(11);
    const clear = Float64Array.from({ length: 999 }, () => 0.1 + 0.02 * (random() - 0.5));
    const unclear = Float64Array.from({ length: 999 }, () => 0.01 + 0.1 * (random() - 0.5));
    const adjusted = holmAdjust([bootstrapPValue(clear), bootstrapPValue(unclear)]);
    assertClose(adjusted[0]!, 2 * (2 / 1000), 1e-15, 'clear: smallest possible p, times 2');
    assert.ok(adjusted[1]! > 0.05, `unclear: ${adjusted[1]}`);
  });
});

describe('holmIntervalLevels', () => {
  it('gives the i-th smallest p-value the level 1 - alpha / (m - i + 1) while Holm keeps rejecting', () => {
    assertAllClose(holmIntervalLevels([0.02, 0.001, 0.04]), [0.975, 1 - 0.05 / 3, 0.95], 1e-15, 'levels');
  });

  it('keeps the level of the step where Holm stops for every larger p-value: 0.03, 0.04 both get 0.975', () => {
    // The plain rule would give 0.04 the level 0.95, whose interval excludes 0 although Holm rejects neither.
    assertAllClose(holmIntervalLevels([0.03, 0.04]), [0.975, 0.975], 1e-15, 'levels');
    assertAllClose(holmAdjust([0.03, 0.04]), [0.06, 0.06], 1e-15, 'holm');
  });

  it('gives tied p-values the strictest level of their run, whatever the input order', () => {
    const expected = [1 - 0.05 / 3, 1 - 0.05 / 3, 0.95];
    assertAllClose(holmIntervalLevels([0.01, 0.01, 0.02]), expected, 1e-15, 'ties first');
    assertAllClose(holmIntervalLevels([0.02, 0.01, 0.01]), [0.95, 1 - 0.05 / 3, 1 - 0.05 / 3], 1e-15, 'ties last');
  });

  it('leaves NaN p-values at NaN and does not count them in m', () => {
    assertAllClose(holmIntervalLevels([Number.NaN, 0.01, 0.2], 0.1), [Number.NaN, 0.95, 0.9], 1e-15, 'levels');
  });

  it('makes each interval exclude the null exactly when Holm rejects (p <= 1 - level iff Holm p <= alpha)', () => {
    const random = lcg(2026);
    for (let trial = 0; trial < 300; trial++) {
      const m = 1 + Math.floor(random() * 8);
      const p = Float64Array.from({ length: m }, () => random() ** 4 * 0.3);
      const alpha = trial % 2 === 0 ? 0.05 : 0.1;
      const levels = holmIntervalLevels(p, alpha);
      const holm = holmAdjust(p);
      for (let i = 0; i < m; i++) {
        assert.equal(p[i]! <= 1 - levels[i]!, holm[i]! <= alpha, `trial ${trial}, p ${Array.from(p).join(', ')}, index ${i}`);
      }
    }
  });

  it('rejects alpha outside (0, 1), naming the function', () => {
    assert.throws(() => holmIntervalLevels([0.1], 0), /^RangeError: holmIntervalLevels: alpha must be between 0 and 1/);
    assert.throws(() => holmIntervalLevels([0.1], 1), RangeError);
    assert.throws(() => holmIntervalLevels([2]), /holmIntervalLevels: pValues\[0\]/);
  });
});

describe('multiplicity against R (test/fixtures/reference/headline.json)', () => {
  it('has the generated cases', () => {
    assert.ok(headlineReference.pAdjust.length >= 10);
    assert.ok(headlineReference.bootstrapPValue.length >= 5);
  });

  for (const c of headlineReference.pAdjust) {
    it(`agrees within 1e-12 with p.adjust holm and BH, and the Holm levels, on ${c.name}`, () => {
      const p = withNaN(c.p);
      assertAllClose(holmAdjust(p), withNaN(c.holm), 1e-12, 'holm');
      assertAllClose(benjaminiHochbergAdjust(p), withNaN(c.bh), 1e-12, 'BH');
      assertAllClose(holmIntervalLevels(p, 0.05), withNaN(c.holmLevels05), 1e-12, 'levels at 0.05');
      assertAllClose(holmIntervalLevels(p, 0.1), withNaN(c.holmLevels10), 1e-12, 'levels at 0.10');
    });
  }

  for (const c of headlineReference.bootstrapPValue) {
    it(`agrees within 1e-12 on the bootstrap p-value of ${c.name}`, () => {
      assertClose(bootstrapPValue(withNaN(c.replicates), c.nullValue), orNaN(c.pValue), 1e-12, 'p');
    });
  }
});
