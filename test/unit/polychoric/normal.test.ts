import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalCdf, normalDensity, normalQuantile, normalUpperTail, thresholdsFromMarginal } from '../../../src/core/polychoric';
import { assertClose, fixtureNumber, loadFixture } from './helpers';

/** Relative comparison for probabilities that span hundreds of orders of magnitude. */
function assertRelative(actual: number, expected: number, tolerance: number, label: string): void {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  assert.ok(Math.abs(actual - expected) / scale <= tolerance, `${label}: expected ${expected}, got ${actual}`);
}

describe('normalCdf and normalUpperTail', () => {
  const { normal } = loadFixture();

  it('match R pnorm (both tails) to 2e-15 relative from x = -38 to 10', () => {
    normal.x.forEach((x, index) => {
      assertRelative(normalCdf(x), normal.cdf[index]!, 2e-15, `pnorm(${x})`);
      assertRelative(normalUpperTail(x), normal.upperTail[index]!, 2e-15, `pnorm(${x}, lower = FALSE)`);
    });
  });

  it('gives 0.5 at 0, 0.9750021048517795 at 1.96, and exact 0 and 1 at the infinities', () => {
    assert.equal(normalCdf(0), 0.5);
    assertClose(normalCdf(1.96), 0.9750021048517795, 2e-16);
    assert.equal(normalCdf(Number.NEGATIVE_INFINITY), 0);
    assert.equal(normalCdf(Number.POSITIVE_INFINITY), 1);
    assert.equal(normalUpperTail(Number.POSITIVE_INFINITY), 0);
    assert.ok(Number.isNaN(normalCdf(Number.NaN)));
  });

  it('keeps the upper tail accurate where 1 - Φ(x) would round to zero', () => {
    assert.equal(1 - normalCdf(9), 0);
    assertRelative(normalUpperTail(9), 1.1285884059538408e-19, 1e-14, 'upper tail at 9');
    assertRelative(normalUpperTail(9), normalCdf(-9), 1e-15, 'symmetry at 9');
  });

  it('has density 1/sqrt(2π) at 0 and 0 at infinity', () => {
    assertClose(normalDensity(0), 0.3989422804014327, 1e-16);
    assertClose(normalDensity(2), 0.05399096651318806, 1e-16);
    assert.equal(normalDensity(Number.POSITIVE_INFINITY), 0);
  });
});

describe('normalQuantile', () => {
  const { normal } = loadFixture();

  it('matches R qnorm (AS 241) to 1e-15 relative from p = 1e-300 to 1 - 1e-12', () => {
    normal.p.forEach((p, index) => {
      const expected = fixtureNumber(normal.quantile[index]!);
      if (expected === 0) assert.equal(normalQuantile(p), 0);
      else assertRelative(normalQuantile(p), expected, 1e-15, `qnorm(${p})`);
    });
  });

  it('gives ±Infinity at 0 and 1 and NaN outside [0, 1]', () => {
    assert.equal(normalQuantile(0), Number.NEGATIVE_INFINITY);
    assert.equal(normalQuantile(1), Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(normalQuantile(-0.1)));
    assert.ok(Number.isNaN(normalQuantile(1.5)));
    assert.ok(Number.isNaN(normalQuantile(Number.NaN)));
  });

  it('inverts the smaller tail of Φ to 1e-14 relative (the larger one is limited by rounding of p near 1)', () => {
    for (const z of [-30, -8, -5.5, -3, -1.2, -0.3, -0.01]) {
      assertClose(normalQuantile(normalCdf(z)), z, 1e-14 * Math.abs(z), `z = ${z}`);
      assertClose(-normalQuantile(normalUpperTail(-z)), -z, 1e-14 * Math.abs(z), `z = ${-z}`);
    }
  });
});

describe('thresholdsFromMarginal', () => {
  it('gives -∞, Φ⁻¹ of the cumulative proportions, +∞', () => {
    const thresholds = thresholdsFromMarginal([10, 30, 40, 20]);
    assert.equal(thresholds.length, 5);
    assert.equal(thresholds[0], Number.NEGATIVE_INFINITY);
    assertClose(thresholds[1]!, -1.2815515655446004, 1e-15, 'Φ⁻¹(0.1)');
    assertClose(thresholds[2]!, -0.2533471031357997, 1e-15, 'Φ⁻¹(0.4)');
    assertClose(thresholds[3]!, 0.8416212335729143, 1e-15, 'Φ⁻¹(0.8)');
    assert.equal(thresholds[4], Number.POSITIVE_INFINITY);
  });

  it('gives two equal thresholds for an empty inner category and ±∞ for empty end categories', () => {
    const thresholds = thresholdsFromMarginal([0, 5, 0, 5, 0]);
    assert.deepEqual(Array.from(thresholds), [
      Number.NEGATIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0,
      0,
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
  });

  it('takes proportions above one half from the summed upper tail, exact for tiny top categories', () => {
    const thresholds = thresholdsFromMarginal([1e12, 1]);
    assertClose(thresholds[1]!, -normalQuantile(1 / (1e12 + 1)), 1e-13, 'top threshold');
  });

  it('divides by a given total (psych divides corrected margins by the uncorrected total)', () => {
    const thresholds = thresholdsFromMarginal([2, 2.5, 1], 5);
    assertClose(thresholds[1]!, normalQuantile(0.4), 1e-15);
    assertClose(thresholds[2]!, normalQuantile(0.9), 1e-15);
    // A cumulative proportion past 1 (here 5.5 / 5) puts the threshold at +∞.
    assert.equal(thresholdsFromMarginal([2, 3.5, 1], 5)[2], Number.POSITIVE_INFINITY);
  });

  it('rejects negative counts and an empty marginal', () => {
    assert.throws(() => thresholdsFromMarginal([1, -1]), /thresholdsFromMarginal: count of category 1/);
    assert.throws(() => thresholdsFromMarginal([0, 0]), /thresholdsFromMarginal: total must be finite and positive/);
  });
});
