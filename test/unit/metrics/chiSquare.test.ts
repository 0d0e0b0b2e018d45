import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chiSquareHomogeneity, chiSquareUpperTail, logGamma, regularizedUpperGamma } from '../../../src/core/metrics/chiSquare';
import { assertClose } from './assertClose';

/** Written by scripts/reference/chisq.R from base R's pchisq and chisq.test(correct = FALSE). */
interface ChiSquareReference {
  upperTail: { x: number; df: number; p: number }[];
  homogeneity: { name: string; first: number[]; second: number[]; statistic: number; df: number; p: number }[];
}

// Compiled tests run from out/test/unit/metrics; the fixture stays in the source tree.
const fixturePath = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'reference', 'chisq.json');
const reference = JSON.parse(readFileSync(fixturePath, 'utf8')) as ChiSquareReference;

/** |actual − expected| within `relative` of |expected| (p-values span 300 orders of magnitude). */
function assertRelative(actual: number, expected: number, relative: number, label: string): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${label}: expected ${expected}, got ${actual}`);
}

describe('chi-square upper tail against R pchisq(x, df, lower.tail = FALSE) (test/fixtures/reference/chisq.json)', () => {
  it('has the generated cases, down to p ≈ 1e-306', () => {
    assert.ok(reference.upperTail.length >= 150, `${reference.upperTail.length} cases`);
    assert.ok(reference.upperTail.some((c) => c.p > 0 && c.p < 1e-300));
  });

  it('agrees within 2e-12 relative for every df and x', () => {
    // The largest errors (≈ 8e-13) are at df = 1000, where ln Γ(500) ≈ 2605 carries a few ulps.
    for (const c of reference.upperTail) assertRelative(chiSquareUpperTail(c.x, c.df), c.p, 2e-12, `x ${c.x}, df ${c.df}`);
  });
});

describe('Pearson chi-square test of homogeneity against R chisq.test(correct = FALSE)', () => {
  for (const c of reference.homogeneity) {
    it(`agrees on ${c.name}`, () => {
      const test = chiSquareHomogeneity(c.first, c.second);
      assertRelative(test.statistic, c.statistic, 1e-12, 'statistic');
      assert.equal(test.df, c.df);
      assertRelative(test.pValue, c.p, 1e-11, 'p');
    });
  }

  it('drops categories empty on both sides from the degrees of freedom', () => {
    const test = chiSquareHomogeneity([10, 0, 25, 5], [14, 0, 9, 17]);
    assert.equal(test.df, 2);
  });

  it('gives X² = 0 and p = 1 when both samples answer one and the same category', () => {
    assert.deepEqual(chiSquareHomogeneity([0, 40, 0], [0, 7, 0]), { statistic: 0, df: 0, pValue: 1 });
  });

  it('gives X² = 0 and p = 1 for proportional samples', () => {
    const test = chiSquareHomogeneity([10, 20, 30], [1, 2, 3]);
    assertClose(test.statistic, 0, 1e-14);
    assertClose(test.pValue, 1, 1e-14);
  });

  it('is undefined when a sample is empty, and rejects negative counts and unequal lengths', () => {
    assert.ok(Number.isNaN(chiSquareHomogeneity([0, 0], [3, 4]).pValue));
    assert.throws(() => chiSquareHomogeneity([1, -1], [3, 4]), /at least 0/);
    assert.throws(() => chiSquareHomogeneity([1, 2, 3], [3, 4]), /3 categories in the first sample but 2/);
  });
});

describe('incomplete gamma and log gamma', () => {
  it('gives the closed forms: Q(1, x) = e^-x and Q(1/2, x) = erfc(√x)', () => {
    for (const x of [0.01, 0.5, 1, 2, 5, 30]) assertRelative(regularizedUpperGamma(1, x), Math.exp(-x), 1e-14, `Q(1, ${x})`);
    // erfc(1) = 0.157299207050285130658..., so Q(1/2, 1) = erfc(1)
    assertRelative(regularizedUpperGamma(0.5, 1), 0.15729920705028513, 1e-14, 'Q(1/2, 1)');
  });

  it('gives ln Γ of integers and half-integers: ln 4! and ln Γ(1/2) = ln √π', () => {
    assertClose(logGamma(5), Math.log(24), 1e-14);
    assertClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    assertClose(logGamma(1), 0, 1e-15);
    // ln 99! = 359.13420536957539877...
    assertRelative(logGamma(100), 359.1342053695754, 1e-15, 'ln Γ(100)');
  });

  it('is 1 at x = 0 and 0 at x = ∞, and rejects a ≤ 0 and x < 0', () => {
    assert.equal(regularizedUpperGamma(3, 0), 1);
    assert.equal(regularizedUpperGamma(3, Number.POSITIVE_INFINITY), 0);
    assert.throws(() => regularizedUpperGamma(0, 1), /a must be positive/);
    assert.throws(() => regularizedUpperGamma(2, -1), /x must be at least 0/);
    assert.throws(() => chiSquareUpperTail(1, 0), /df must be positive/);
  });
});
