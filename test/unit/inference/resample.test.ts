import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESTIMATE_REPLICATE, ReplicateRandom } from '../../../src/core/inference/random';
import { headlineStrata, membershipStrata, resampleMultiplicities, shuffle, splitHalves } from '../../../src/core/inference/resample';

describe('replicate random streams', () => {
  it('repeats a stream for the same seed, replicate and purpose', () => {
    const a = new ReplicateRandom(42, 7, 'human');
    const b = new ReplicateRandom(42, 7, 'human');
    for (let draw = 0; draw < 100; draw++) assert.equal(a.uniform(), b.uniform());
  });

  it('gives different streams to different replicates, purposes, seeds and the estimate', () => {
    const first = (seed: number, replicate: number, purpose: string) => new ReplicateRandom(seed, replicate, purpose).uniform();
    const values = new Set([
      first(42, 0, 'human'),
      first(42, 1, 'human'),
      first(42, 0, 'condition a'),
      first(43, 0, 'human'),
      first(42, ESTIMATE_REPLICATE, 'human'),
    ]);
    assert.equal(values.size, 5);
  });

  it('draws integers uniformly: each of 0..9 about 10% of 100,000 draws', () => {
    const random = new ReplicateRandom(1, 0, 'uniformity');
    const counts = new Array<number>(10).fill(0);
    for (let draw = 0; draw < 100_000; draw++) counts[random.integer(10)]!++;
    for (const count of counts) assert.ok(Math.abs(count - 10_000) < 400, `count ${count}`);
  });
});

const total = (values: Int32Array) => values.reduce((sum, value) => sum + value, 0);

describe('resampling', () => {
  it('groups rows by the exact set of groups they belong to, overlapping groups included', () => {
    const strata = membershipStrata(6, [Uint32Array.of(0, 1, 2), Uint32Array.of(2, 3)]);
    assert.deepEqual(strata.map((rows) => [...rows]), [[0, 1], [2], [3], [4, 5]]);
  });

  it('keeps every stratum size and draws only from within the stratum', () => {
    const strata = [Uint32Array.of(0, 1, 2, 3), Uint32Array.of(4, 5, 6), Uint32Array.of(7)];
    for (let replicate = 0; replicate < 50; replicate++) {
      const multiplicity = resampleMultiplicities(9, strata, new ReplicateRandom(3, replicate, 'test'));
      assert.equal(multiplicity[0]! + multiplicity[1]! + multiplicity[2]! + multiplicity[3]!, 4);
      assert.equal(multiplicity[4]! + multiplicity[5]! + multiplicity[6]!, 3);
      assert.equal(multiplicity[7], 1);
      assert.equal(multiplicity[8], 0);
    }
  });

  it('leaves about 36.8% of the rows out of a resample (the e^-1 of the bootstrap)', () => {
    const rows = Uint32Array.from({ length: 20_000 }, (_, row) => row);
    const multiplicity = resampleMultiplicities(rows.length, [rows], new ReplicateRandom(5, 0, 'test'));
    const zeros = multiplicity.filter((count) => count === 0).length / rows.length;
    assert.ok(Math.abs(zeros - Math.exp(-1)) < 0.01, `share of rows not drawn: ${zeros}`);
  });

  it('splits the rows into disjoint halves of floor(n/2) and the rest', () => {
    const strata = [Uint32Array.from({ length: 9 }, (_, row) => row)];
    const { first, second } = splitHalves(9, strata, new ReplicateRandom(9, 0, 'split'));
    assert.equal(total(first), 4);
    assert.equal(total(second), 5);
    for (let row = 0; row < 9; row++) assert.equal(first[row]! + second[row]!, 1);
  });

  it('splits every stratum in half, giving odd strata their extra row alternately to each half', () => {
    const strata = [Uint32Array.of(0, 1, 2), Uint32Array.of(3, 4, 5), Uint32Array.of(6, 7, 8, 9), Uint32Array.of(10)];
    const { first, second } = splitHalves(11, strata, new ReplicateRandom(2, 0, 'split'));
    const inStratum = (half: Int32Array, rows: Uint32Array) => [...rows].reduce((sum, row) => sum + half[row]!, 0);
    assert.deepEqual(strata.map((rows) => inStratum(first, rows)), [1, 2, 2, 0]);
    assert.deepEqual(strata.map((rows) => inStratum(second, rows)), [2, 1, 2, 1]);
    assert.equal(total(first), 5);
  });

  it('with resampling, puts all copies of a respondent in one half and keeps the half sizes', () => {
    const n = 1000;
    const strata = [Uint32Array.from({ length: n }, (_, row) => row)];
    for (let replicate = 0; replicate < 20; replicate++) {
      const { first, second } = splitHalves(n, strata, new ReplicateRandom(4, replicate, 'split'), true);
      let inBoth = 0;
      for (let row = 0; row < n; row++) if (first[row]! > 0 && second[row]! > 0) inBoth++;
      assert.equal(inBoth, 0, `replicate ${replicate}`);
      assert.equal(total(first), 500);
      assert.equal(total(second), 500);
      assert.ok(first.some((copies) => copies > 1), 'the halves are resampled (some row drawn twice)');
    }
  });

  it('splitting the copies of a resample, as before, put about 15% of the respondents in both halves', () => {
    // Why the split comes first: the old order (resample, then split the copies) at n = 1000.
    const n = 1000;
    const strata = [Uint32Array.from({ length: n }, (_, row) => row)];
    const multiplicity = resampleMultiplicities(n, strata, new ReplicateRandom(4, 0, 'human'));
    const copies = Int32Array.from([...multiplicity].flatMap((count, row) => new Array<number>(count).fill(row)));
    shuffle(copies, new ReplicateRandom(4, 0, 'split'));
    const inFirst = new Set(copies.subarray(0, n / 2));
    const inBoth = new Set([...copies.subarray(n / 2)].filter((row) => inFirst.has(row))).size;
    assert.ok(Math.abs(inBoth / n - 0.15) < 0.03, `share in both halves: ${inBoth / n}`);
  });

  it('shuffles into a permutation', () => {
    const values = Int32Array.from({ length: 50 }, (_, index) => index);
    shuffle(values, new ReplicateRandom(1, 0, 'shuffle'));
    assert.deepEqual([...values].sort((a, b) => a - b), Array.from({ length: 50 }, (_, index) => index));
    assert.notDeepEqual([...values], Array.from({ length: 50 }, (_, index) => index));
  });
});

describe('human strata from the headline groups', () => {
  it('makes one stratum per headline group and one of the respondents in none', () => {
    const { strata, overlapping } = headlineStrata(7, [Uint32Array.of(1, 4), Uint32Array.of(0, 5, 6)]);
    assert.deepEqual(strata.map((rows) => [...rows]), [[1, 4], [0, 5, 6], [2, 3]]);
    assert.equal(overlapping, 0);
  });

  it('puts a respondent in two headline groups into the first and counts it once', () => {
    const { strata, overlapping } = headlineStrata(6, [Uint32Array.of(0, 1, 2), Uint32Array.of(2, 3), Uint32Array.of(2, 3, 4)]);
    assert.deepEqual(strata.map((rows) => [...rows]), [[0, 1, 2], [3], [4], [5]]);
    assert.equal(overlapping, 2);
  });

  it('is one stratum of every row without headline groups', () => {
    const { strata } = headlineStrata(4, []);
    assert.deepEqual(strata.map((rows) => [...rows]), [[0, 1, 2, 3]]);
  });
});
