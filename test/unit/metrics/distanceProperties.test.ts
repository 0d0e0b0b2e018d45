import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hellinger, jensenShannonDivergence, normalizedWasserstein1, totalVariation } from '../../../src/core/metrics';
import { assertClose, f64 } from './assertClose';

type Distance = (p: Float64Array, q: Float64Array) => number;

/** Every bounded distance, with the largest value it can take: distributions at opposite scale ends reach it. */
const boundedDistances: [string, Distance][] = [
  ['totalVariation', totalVariation],
  ['jensenShannonDivergence', jensenShannonDivergence],
  ['hellinger', hellinger],
  ['normalizedWasserstein1', normalizedWasserstein1],
];
for (const [name, distance] of boundedDistances) {
  describe(`${name}: shared properties`, () => {
    it('gives 0 for identical distributions', () => {
      const p = f64(0.1, 0.2, 0.3, 0.4);
      assert.equal(distance(p, f64(0.1, 0.2, 0.3, 0.4)), 0);
    });

    it('gives 0 for the same distribution at different total mass', () => {
      assertClose(distance(f64(0.1, 0.2, 0.3, 0.4), f64(10, 20, 30, 40)), 0, 1e-15);
    });

    it('gives the same value for raw counts as for proportions', () => {
      const p = f64(3, 0, 5, 2, 10);
      const q = f64(1, 4, 4, 0, 1);
      const normalised = distance(f64(0.15, 0, 0.25, 0.1, 0.5), f64(0.1, 0.4, 0.4, 0, 0.1));
      assertClose(distance(p, q), normalised, 1e-15);
      assert.ok(normalised > 0);
    });

    it('is symmetric', () => {
      const p = f64(3, 0, 5, 2, 10);
      const q = f64(1, 4, 4, 0, 1);
      assertClose(distance(p, q), distance(q, p), 1e-15);
    });

    it('gives 0 with a single category', () => {
      assert.equal(distance(f64(4), f64(0.5)), 0);
    });

    it('gives NaN when either distribution is an empty cell (all zeros)', () => {
      assert.ok(Number.isNaN(distance(f64(0, 0, 0), f64(1, 2, 3))));
      assert.ok(Number.isNaN(distance(f64(1, 2, 3), f64(0, 0, 0))));
      assert.ok(Number.isNaN(distance(f64(0, 0), f64(0, 0))));
      assert.ok(Number.isNaN(distance(f64(0), f64(1))));
    });

    it('rejects distributions of different lengths, naming itself', () => {
      assert.throws(() => distance(f64(1, 2, 3, 4), f64(1, 2, 3, 4, 5)), {
        name: 'RangeError',
        message: `${name}: p and q must have the same length (4 vs 5)`,
      });
    });

    it('rejects negative mass, naming the entry', () => {
      assert.throws(() => distance(f64(1, 2), f64(1, -0.5)), { message: `${name}: q[1] is negative (-0.5)` });
    });

    it('rejects NaN and infinite mass, naming the entry', () => {
      assert.throws(() => distance(f64(Number.NaN, 2), f64(1, 1)), { message: `${name}: p[0] is not finite (NaN)` });
      assert.throws(() => distance(f64(1, 2), f64(Number.POSITIVE_INFINITY, 1)), {
        message: `${name}: q[0] is not finite (Infinity)`,
      });
    });

    it('rejects distributions with no categories', () => {
      assert.throws(() => distance(new Float64Array(0), new Float64Array(0)), {
        message: `${name}: p must have at least one category`,
      });
    });
  });
}

for (const [name, distance] of boundedDistances) {
  describe(`${name}: bounds`, () => {
    it('gives 1 for all mass at opposite ends of the scale', () => {
      assertClose(distance(f64(2, 0, 0, 0, 0), f64(0, 0, 0, 0, 9)), 1, 1e-15);
    });

    it('stays within [0, 1] on lopsided inputs', () => {
      const value = distance(f64(1e-300, 1, 0), f64(0, 1e-300, 1e300));
      assert.ok(value >= 0 && value <= 1, `${value}`);
    });
  });
}
