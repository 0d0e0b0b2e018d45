import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linConcordance, linConcordanceParts } from '../../../src/core/structure/linConcordance';
import { assertClose } from '../metrics/assertClose';
import { headlineReference, orNaN, withNaN } from '../inference/headlineReference';

describe('linConcordance', () => {
  it('uses divisor-n moments (Lin 1989): a copy shifted by 1 of 1,2,3 scores 4/7, not the 2/3 of divisor n-1', () => {
    assertClose(linConcordance([1, 2, 3], [2, 3, 4]), 4 / 7, 1e-15, 'shifted');
  });

  it('penalises scale: y = 2x has Pearson r = 1 but concordance 4/11, all of it from C_b', () => {
    const parts = linConcordanceParts([1, 2, 3], [2, 4, 6]);
    assertClose(parts.concordance, 4 / 11, 1e-15, 'concordance');
    assertClose(parts.pearson, 1, 1e-15, 'pearson');
    assertClose(parts.biasCorrection, 4 / 11, 1e-15, 'C_b');
    assertClose(parts.scaleShift, 2, 1e-15, 'v');
    assertClose(parts.locationShift, Math.sqrt(3), 1e-15, 'u');
    assert.equal(parts.pairs, 3);
  });

  it('factors into Pearson r times C_b', () => {
    const x = [0.12, -0.3, 0.45, 0.08, 0.2, -0.05];
    const y = [0.2, -0.25, 0.6, 0.01, 0.33, 0.02];
    const parts = linConcordanceParts(x, y);
    assertClose(parts.concordance, parts.pearson * parts.biasCorrection, 1e-15, 'r * C_b');
    const v = parts.scaleShift;
    const u = parts.locationShift;
    assertClose(parts.biasCorrection, 2 / (v + 1 / v + u * u), 1e-15, '2 / (v + 1/v + u^2)');
  });

  it('is exactly 1 for identical vectors and exactly -1 for a reflection about a zero mean', () => {
    assert.equal(linConcordance(Float64Array.of(0.3, -0.1, 0.7, 0.2), Float64Array.of(0.3, -0.1, 0.7, 0.2)), 1);
    assert.equal(linConcordance([-1, 0, 1], [1, 0, -1]), -1);
  });

  it('is symmetric in x and y', () => {
    const x = [0.4, 0.1, -0.2, 0.35, 0.05];
    const y = [0.5, 0.3, -0.1, 0.6, 0.0];
    assert.equal(linConcordance(x, y), linConcordance(y, x));
  });

  it('scores a constant (collapsed) side 0 instead of dropping it, as Lin’s formula gives', () => {
    const parts = linConcordanceParts([0.2, 0.2, 0.2, 0.2], [0.1, 0.3, 0.25, 0.0]);
    assert.equal(parts.concordance, 0);
    assert.equal(parts.biasCorrection, 0);
    assert.ok(Number.isNaN(parts.pearson), 'Pearson r is undefined');
    assert.ok(Number.isNaN(parts.scaleShift) && Number.isNaN(parts.locationShift));
    assert.equal(linConcordance([1, 1, 1], [2, 2, 2]), 0);
  });

  it('is NaN when both sides are constant with equal means, or fewer than 2 pairs remain', () => {
    assert.ok(Number.isNaN(linConcordance([3, 3, 3], [3, 3, 3])));
    assert.ok(Number.isNaN(linConcordance([1], [2])));
    assert.ok(Number.isNaN(linConcordance([], [])));
    const parts = linConcordanceParts([1, Number.NaN, 3], [Number.NaN, 2, 5]);
    assert.ok(Number.isNaN(parts.concordance));
    assert.equal(parts.pairs, 1);
  });

  it('skips pairs with a non-finite side (NaN or ±Infinity) and uses the rest', () => {
    const parts = linConcordanceParts(
      [1, Number.NaN, 2, 3, Number.POSITIVE_INFINITY, 9],
      [2, 5, 3, 4, 1, Number.NEGATIVE_INFINITY],
    );
    assertClose(parts.concordance, 4 / 7, 1e-15, 'the three complete pairs (1,2), (2,3), (3,4)');
    assert.equal(parts.pairs, 3);
  });

  it('keeps precision for vectors with a large mean and a small spread', () => {
    const x = [1000.001, 1000.002, 1000.003];
    const y = [1000.002, 1000.003, 1000.004];
    // Shift 0.001 against variance 2/3e-6: 2(2/3e-6) / (4/3e-6 + 1e-6) = 4/7, as for 1,2,3 vs 2,3,4.
    assertClose(linConcordance(x, y), 4 / 7, 1e-9, 'large mean');
  });

  it('names itself in errors for unequal lengths and non-array input', () => {
    assert.throws(() => linConcordance([1, 2], [1, 2, 3]), /^RangeError: linConcordance: x and y must have the same length \(2 vs 3\)/);
    assert.throws(() => linConcordanceParts([1], [1, 2]), /linConcordanceParts: x and y must have the same length/);
    assert.throws(() => linConcordance('12' as unknown as number[], [1, 2]), TypeError);
    assert.throws(() => linConcordance([1, 2], null as unknown as number[]), /linConcordance: y must be an array/);
  });
});

describe('linConcordance against R (test/fixtures/reference/headline.json)', () => {
  it('has the generated cases, checked against epiR::epi.ccc where it is defined', () => {
    assert.ok(headlineReference.linConcordance.length >= 12);
    assert.ok(headlineReference.linConcordance.some((c) => c.epiR !== null));
  });

  for (const c of headlineReference.linConcordance) {
    it(`agrees within 1e-12 on ${c.name} (${c.description})`, () => {
      const parts = linConcordanceParts(withNaN(c.x), withNaN(c.y));
      assert.equal(parts.pairs, c.pairs);
      assertClose(parts.concordance, orNaN(c.ccc), 1e-12, 'concordance (Lin formula in R)');
      assertClose(parts.pearson, orNaN(c.pearson), 1e-12, 'pearson (R cor)');
      if (c.epiR !== null) {
        assertClose(parts.concordance, c.epiR.ccc, 1e-12, 'epi.ccc rho.c');
        assertClose(parts.scaleShift, c.epiR.scaleShift, 1e-12, 'epi.ccc s.shift');
        assertClose(parts.locationShift, c.epiR.locationShift, 1e-12, 'epi.ccc l.shift');
        assertClose(parts.biasCorrection, c.epiR.biasCorrection, 1e-12, 'epi.ccc C.b');
      }
    });
  }

  it('shows the scale-inflated copy at Pearson r = 1 but concordance below 1', () => {
    const inflated = headlineReference.linConcordance.find((c) => c.name === 'scaleInflated');
    assert.ok(inflated !== undefined);
    const parts = linConcordanceParts(withNaN(inflated.x), withNaN(inflated.y));
    assertClose(parts.pearson, 1, 1e-12, 'pearson');
    assert.ok(parts.concordance < 0.95, `concordance ${parts.concordance}`);
  });
});
