import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binomialDraw, EXACT_BINOMIAL_LIMIT, multinomialDraw } from '../../../src/core/inference/multinomial';
import { seededRandom } from '../support/numeric';

const source = (seed: number) => ({ uniform: seededRandom(seed) });

function moments(draws: number[]): { mean: number; variance: number } {
  const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
  const variance = draws.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (draws.length - 1);
  return { mean, variance };
}

describe('binomialDraw', () => {
  it('matches the binomial mean and variance by exact inversion below the limit (n 200, p 0.05)', () => {
    const random = source(1);
    const { mean, variance } = moments(Array.from({ length: 20000 }, () => binomialDraw(200, 0.05, random)));
    assert.ok(Math.abs(mean - 10) < 0.1, `mean ${mean}`);
    assert.ok(Math.abs(variance - 9.5) < 0.4, `variance ${variance}`);
  });

  it('matches the binomial mean and variance with the normal approximation above it (n 4000, p 0.3)', () => {
    assert.ok(4000 * 0.3 >= EXACT_BINOMIAL_LIMIT);
    const random = source(2);
    const { mean, variance } = moments(Array.from({ length: 20000 }, () => binomialDraw(4000, 0.3, random)));
    assert.ok(Math.abs(mean - 1200) < 0.6, `mean ${mean}`);
    assert.ok(Math.abs(variance - 840) < 30, `variance ${variance}`);
  });

  it('handles the edges exactly and names itself on bad input', () => {
    const random = source(3);
    assert.equal(binomialDraw(0, 0.4, random), 0);
    assert.equal(binomialDraw(10, 0, random), 0);
    assert.equal(binomialDraw(10, 1, random), 10);
    assert.throws(() => binomialDraw(2.5, 0.1, random), /binomialDraw: n/);
    assert.throws(() => binomialDraw(3, 1.5, random), /binomialDraw: p/);
  });
});

describe('multinomialDraw', () => {
  it('draws exactly n and follows the category shares', () => {
    const random = source(4);
    const shares = Float64Array.from([5, 3, 2]);
    const totals = new Float64Array(3);
    for (let draw = 0; draw < 4000; draw++) {
      const counts = multinomialDraw(50, shares, random);
      assert.equal(counts[0]! + counts[1]! + counts[2]!, 50);
      for (let k = 0; k < 3; k++) totals[k]! += counts[k]!;
    }
    assert.ok(Math.abs(totals[0]! / (4000 * 50) - 0.5) < 0.005);
    assert.ok(Math.abs(totals[2]! / (4000 * 50) - 0.2) < 0.005);
  });

  it('never draws a category of zero mass', () => {
    const random = source(5);
    for (let draw = 0; draw < 500; draw++) assert.equal(multinomialDraw(30, Float64Array.from([1, 0, 1]), random)[1], 0);
  });
});
