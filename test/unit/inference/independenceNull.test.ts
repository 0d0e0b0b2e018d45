import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { independenceNull, type WeightedRows } from '../../../src/core/inference/independenceNull';
import { ReplicateRandom } from '../../../src/core/inference/random';
import { SeededRandom } from '../../../src/core/sample/random';

const CATEGORIES = [4, 10, 2, 5];

/** Strongly associated items (one factor), 10% missing, optional lognormal weights. */
function source(nRows: number, weighted: boolean): WeightedRows {
  const random = new SeededRandom(17, 'null test');
  const nItems = CATEGORIES.length;
  const categories = new Uint8Array(nRows * nItems);
  const weights = new Float64Array(nRows);
  for (let row = 0; row < nRows; row++) {
    const factor = random.normal();
    weights[row] = weighted ? Math.exp(0.7 * random.normal()) : 1;
    CATEGORIES.forEach((k, item) => {
      const z = 0.9 * factor + 0.44 * random.normal();
      categories[row * nItems + item] = random.chance(0.1) ? 255 : Math.max(0, Math.min(k - 1, Math.floor(((z + 2) / 4) * k)));
    });
  }
  return { nRows, categories, weights };
}

/** Weighted mass per category of one item, missing (255) as the last entry. */
function masses(rows: WeightedRows, item: number): number[] {
  const k = CATEGORIES[item]!;
  const mass = new Array<number>(k + 1).fill(0);
  for (let row = 0; row < rows.nRows; row++) {
    const category = rows.categories[row * CATEGORIES.length + item]!;
    mass[category === 255 ? k : category]! += rows.weights[row]!;
  }
  return mass;
}

/** Weighted Pearson r of two items over rows where both are present. */
function weightedR(rows: WeightedRows, a: number, b: number): number {
  let w = 0;
  let sa = 0;
  let sb = 0;
  const n = CATEGORIES.length;
  for (let row = 0; row < rows.nRows; row++) {
    const x = rows.categories[row * n + a]!;
    const y = rows.categories[row * n + b]!;
    if (x === 255 || y === 255) continue;
    w += rows.weights[row]!;
    sa += rows.weights[row]! * x;
    sb += rows.weights[row]! * y;
  }
  const ma = sa / w;
  const mb = sb / w;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let row = 0; row < rows.nRows; row++) {
    const x = rows.categories[row * n + a]!;
    const y = rows.categories[row * n + b]!;
    if (x === 255 || y === 255) continue;
    const weight = rows.weights[row]!;
    sab += weight * (x - ma) * (y - mb);
    saa += weight * (x - ma) ** 2;
    sbb += weight * (y - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('independence null', () => {
  for (const weighted of [true, false]) {
    const label = weighted ? 'weighted' : 'unweighted';
    const input = source(3000, weighted);
    const result = independenceNull(input, CATEGORIES, new ReplicateRandom(3, 0, 'null'));

    it(`keeps every item's ${label} marginal, missing share included, to 1e-12`, () => {
      CATEGORIES.forEach((_, item) => {
        const expected = masses(input, item);
        const actual = masses(result, item);
        const total = expected.reduce((sum, value) => sum + value, 0);
        expected.forEach((value, category) => {
          assert.ok(Math.abs(actual[category]! - value) <= 1e-12 * total, `item ${item}, category ${category}: ${actual[category]} vs ${value}`);
        });
      });
    });

    it(`destroys the ${label} association: |r| < 0.06 where the input has r > 0.5`, () => {
      assert.ok(weightedR(input, 0, 1) > 0.5);
      for (let a = 0; a < CATEGORIES.length; a++) {
        for (let b = a + 1; b < CATEGORIES.length; b++) {
          const r = weightedR(result, a, b);
          assert.ok(Math.abs(r) < 0.06, `items ${a}, ${b}: r = ${r}`);
        }
      }
    });
  }

  it('adds at most one split row per category boundary and none without weights', () => {
    const weighted = independenceNull(source(3000, true), CATEGORIES, new ReplicateRandom(3, 0, 'null'));
    assert.ok(weighted.nRows > 3000 && weighted.nRows <= 3000 + CATEGORIES.reduce((sum, k) => sum + k, 0));
    const unweighted = independenceNull(source(3000, false), CATEGORIES, new ReplicateRandom(3, 0, 'null'));
    assert.equal(unweighted.nRows, 3000);
  });

  it('is the column shuffle when every weight is 1: each column keeps its multiset of answers', () => {
    const input = source(500, false);
    const result = independenceNull(input, CATEGORIES, new ReplicateRandom(4, 0, 'null'));
    CATEGORIES.forEach((_, item) => {
      const column = (rows: WeightedRows) =>
        Array.from({ length: rows.nRows }, (_, row) => rows.categories[row * CATEGORIES.length + item]!).sort((a, b) => a - b);
      assert.deepEqual(column(result), column(input));
    });
  });
});
