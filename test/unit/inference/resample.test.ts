import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESTIMATE_REPLICATE, ReplicateRandom } from '../../../src/core/inference/random';
import { membershipStrata, resampleMultiplicities, shuffle, splitHalves } from '../../../src/core/inference/resample';

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

  it('splits a resample into halves of floor(n/2) and the rest, copies included', () => {
    const multiplicity = Int32Array.of(2, 0, 1, 3, 1);
    const { first, second } = splitHalves(5, multiplicity, new ReplicateRandom(9, 0, 'split'));
    const total = (values: Int32Array) => values.reduce((sum, value) => sum + value, 0);
    assert.equal(total(first), 3);
    assert.equal(total(second), 4);
    for (let row = 0; row < 5; row++) assert.equal(first[row]! + second[row]!, multiplicity[row]);
  });

  it('shuffles into a permutation', () => {
    const values = Int32Array.from({ length: 50 }, (_, index) => index);
    shuffle(values, new ReplicateRandom(1, 0, 'shuffle'));
    assert.deepEqual([...values].sort((a, b) => a - b), Array.from({ length: 50 }, (_, index) => index));
    assert.notDeepEqual([...values], Array.from({ length: 50 }, (_, index) => index));
  });
});
