import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  disattenuate,
  matchedCeiling,
  reliabilityAtSize,
  splitHalfToFull,
  stepReliability,
} from '../../../src/core/inference/spearmanBrown';
import { assertClose } from '../metrics/assertClose';
import { headlineReference } from './headlineReference';

describe('stepReliability (Spearman–Brown prophecy)', () => {
  it('steps a split-half 0.5 up to 2/3 at k = 2 and 0.6 down to 3/7 at k = 1/2', () => {
    assertClose(stepReliability(0.5, 2), 2 / 3, 1e-15, 'k = 2');
    assertClose(stepReliability(0.6, 0.5), 3 / 7, 1e-15, 'k = 1/2');
  });

  it('returns to the start when stepped by k and then by 1/k', () => {
    for (const rel of [0.05, 0.3, 0.77, 0.99]) {
      assertClose(stepReliability(stepReliability(rel, 7.3), 1 / 7.3), rel, 1e-14, `rel ${rel}`);
    }
  });

  it('keeps 0 at 0 and 1 at 1 for any k', () => {
    for (const k of [0.01, 0.5, 2, 40]) {
      assert.equal(stepReliability(0, k), 0);
      assert.equal(stepReliability(1, k), 1);
    }
  });

  it('gives NaN for a negative split-half reliability instead of the pole at -1/(k-1)', () => {
    assert.ok(Number.isNaN(stepReliability(-0.2, 2)));
    assert.ok(Number.isNaN(stepReliability(-0.5, 3)), 'the formula would divide by 0 here');
    assert.ok(Number.isNaN(stepReliability(Number.NaN, 2)));
  });

  it('reads rounding just above 1 as 1 but rejects a reliability clearly above 1', () => {
    assert.equal(stepReliability(1 + 1e-13, 3), 1);
    assert.throws(() => stepReliability(1.01, 2), /^RangeError: stepReliability: reliability must be at most 1 \(got 1.01\)/);
    assert.throws(() => stepReliability(Number.POSITIVE_INFINITY, 2), /stepReliability: reliability must be at most 1/);
  });

  it('rejects a factor that is not finite and positive, naming the function', () => {
    for (const factor of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => stepReliability(0.5, factor), /^RangeError: stepReliability: factor must be finite and greater than 0/);
    }
    assert.throws(() => stepReliability('0.5' as unknown as number, 2), TypeError);
  });
});

describe('reliabilityAtSize and splitHalfToFull', () => {
  it('steps a reliability at 1,000 respondents down to 3/13 at 200 (k = 0.2)', () => {
    assertClose(reliabilityAtSize(0.6, 1000, 200), 3 / 13, 1e-15, '1000 -> 200');
  });

  it('equals T / (T + c/m) for sampling noise c/m, the model the prophecy follows from', () => {
    const trueVariance = 0.04;
    const noise = 8;
    const rel = (m: number): number => trueVariance / (trueVariance + noise / m);
    for (const [from, to] of [[100, 200], [100, 2000], [1000, 50], [37, 97000]] as const) {
      assertClose(reliabilityAtSize(rel(from), from, to), rel(to), 1e-14, `${from} -> ${to}`);
    }
  });

  it('turns a split-half correlation of 0.6 into a full-size 0.75 (2r / (1 + r))', () => {
    assertClose(splitHalfToFull(0.6), 0.75, 1e-15, 'full');
    assert.equal(splitHalfToFull(0), 0);
    assert.ok(Number.isNaN(splitHalfToFull(-0.1)));
  });

  it('rejects sizes that are not finite and positive, naming the argument', () => {
    assert.throws(() => reliabilityAtSize(0.5, 0, 10), /^RangeError: reliabilityAtSize: fromSize must be finite and greater than 0/);
    assert.throws(() => reliabilityAtSize(0.5, 10, Number.NaN), /reliabilityAtSize: toSize must be finite/);
    assert.throws(() => splitHalfToFull(2), /^RangeError: splitHalfToFull: splitHalfCorrelation must be at most 1/);
  });
});

describe('matchedCeiling and disattenuate', () => {
  it('gives a perfect model of n = 200 against N = 2,000 humans the ceiling sqrt(5/11)', () => {
    // Split-half reliability 1/3 at halves of 100 (true variance 0.04, noise 8/m): 1/2 at 200, 10/11 at 2,000.
    const ceiling = matchedCeiling(reliabilityAtSize(1 / 3, 100, 200), reliabilityAtSize(1 / 3, 100, 2000));
    assertClose(ceiling, Math.sqrt(5 / 11), 1e-15, 'ceiling');
  });

  it('computes sqrt(0.81 * 0.64) = 0.72, 0 for a zero reliability and NaN for a negative one', () => {
    assertClose(matchedCeiling(0.81, 0.64), 0.72, 1e-15, 'ceiling');
    assert.equal(matchedCeiling(0, 0.5), 0);
    assert.ok(Number.isNaN(matchedCeiling(-0.1, 0.5)));
    assert.ok(Number.isNaN(matchedCeiling(0.5, Number.NaN)));
  });

  it('divides r by sqrt(rel_x rel_y): 0.42 / 0.72', () => {
    assertClose(disattenuate(0.42, 0.81, 0.64), 0.42 / 0.72, 1e-15, 'disattenuated');
  });

  it('scores the observed r of a perfect model 1 when divided by its matched ceiling', () => {
    const relModel = reliabilityAtSize(0.5, 500, 4000);
    const relHuman = reliabilityAtSize(0.5, 500, 1000);
    const observed = matchedCeiling(relModel, relHuman);
    assertClose(disattenuate(observed, relModel, relHuman), 1, 1e-15, 'fidelity of a perfect model');
  });

  it('does not clamp a corrected value above 1, which sampling noise can produce', () => {
    assertClose(disattenuate(0.9, 0.81, 0.64), 1.25, 1e-15, 'above 1');
    assertClose(disattenuate(-0.9, 0.81, 0.64), -1.25, 1e-15, 'below -1');
  });

  it('gives NaN when a reliability is 0, negative or NaN, or r is NaN', () => {
    assert.ok(Number.isNaN(disattenuate(0.3, 0, 0.8)));
    assert.ok(Number.isNaN(disattenuate(0.3, 0.8, -0.05)));
    assert.ok(Number.isNaN(disattenuate(0.3, Number.NaN, 0.8)));
    assert.ok(Number.isNaN(disattenuate(Number.NaN, 0.8, 0.8)));
  });

  it('rejects an infinite r or a reliability above 1, naming the function', () => {
    assert.throws(() => disattenuate(Number.POSITIVE_INFINITY, 0.5, 0.5), /^RangeError: disattenuate: r must be finite or NaN/);
    assert.throws(() => disattenuate(0.2, 0.5, 1.5), /^RangeError: disattenuate: reliabilityY must be at most 1/);
    assert.throws(() => matchedCeiling(1.5, 0.5), /^RangeError: matchedCeiling: reliabilityX must be at most 1/);
  });
});

describe('Spearman–Brown and disattenuation against R (test/fixtures/reference/headline.json)', () => {
  const reference = headlineReference.spearmanBrown;

  it('agrees within 1e-12 with k r / (1 + (k - 1) r) on every (reliability, k) case', () => {
    assert.ok(reference.step.length >= 30);
    for (const c of reference.step) {
      assertClose(stepReliability(c.reliability, c.factor), c.stepped, 1e-12, `rel ${c.reliability}, k ${c.factor}`);
    }
  });

  it('agrees within 1e-12 on stepping between sample sizes', () => {
    for (const c of reference.atSize) {
      assertClose(
        reliabilityAtSize(c.reliability, c.fromSize, c.toSize),
        c.stepped,
        1e-12,
        `rel ${c.reliability}, ${c.fromSize} -> ${c.toSize}`,
      );
    }
  });

  it('agrees within 1e-12 on split-half to full-size reliability', () => {
    for (const c of reference.splitHalf) {
      assertClose(splitHalfToFull(c.splitHalfCorrelation), c.full, 1e-12, `r ${c.splitHalfCorrelation}`);
    }
  });

  it('agrees within 1e-12 with psych::correct.cor and with sqrt(rel_x rel_y)', () => {
    assert.equal(reference.disattenuation.length, 6);
    for (const c of reference.disattenuation) {
      const label = `r ${c.r}, rel ${c.reliabilityX} and ${c.reliabilityY}`;
      assertClose(disattenuate(c.r, c.reliabilityX, c.reliabilityY), c.disattenuated, 1e-12, label);
      assertClose(matchedCeiling(c.reliabilityX, c.reliabilityY), c.matchedCeiling, 1e-12, label);
    }
  });
});
