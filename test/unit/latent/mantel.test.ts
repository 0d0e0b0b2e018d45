import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError } from '../../../src/core/errors';
import { mantelTest, mantelTestSync } from '../../../src/core/latent';
import { SeededRandom, assertClose, randomCorrelation } from '../linalg/matrixTestUtils';

/** Pearson r of the strict upper triangles over the pairs finite in both, computed the plain way. */
function upperTriangleCorrelation(a: Float64Array, b: Float64Array, n: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = a[i * n + j] as number;
      const y = b[i * n + j] as number;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      xs.push(x);
      ys.push(y);
    }
  }
  const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, index) => {
    const y = ys[index] as number;
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe('mantelTest', () => {
  const n = 20;
  const human = randomCorrelation(n, 200, 3, new SeededRandom(51, 'mantel-human'));
  const model = randomCorrelation(n, 200, 3, new SeededRandom(52, 'mantel-model'));

  it('gives r = 1 and the smallest possible p, 1/(1 + 999), for identical structured matrices', () => {
    const result = mantelTestSync(human, Float64Array.from(human), n);
    assertClose(result.statistic, 1, 1e-15);
    assert.equal(result.permutations, 999);
    assert.equal(result.atLeastAsLarge, 0);
    assert.equal(result.pValue, 1 / 1000);
    assert.equal(result.pairs, (n * (n - 1)) / 2);
    assert.equal(result.alternative, 'greater');
    assert.equal(result.nullStatistics.length, 999);
  });

  it('gives the Pearson r of the two upper triangles as its statistic', () => {
    const result = mantelTestSync(human, model, n, { permutations: 0 });
    assertClose(result.statistic, upperTriangleCorrelation(human, model, n), 1e-14);
    assert.equal(result.pValue, 1);
  });

  it('gives roughly uniform p-values for independent matrices', () => {
    const items = 10;
    const replications = 200;
    const pValues: number[] = [];
    for (let replication = 0; replication < replications; replication++) {
      const a = randomCorrelation(items, 30, 0, new SeededRandom(replication, 'mantel-null-a'));
      const b = randomCorrelation(items, 30, 0, new SeededRandom(replication, 'mantel-null-b'));
      pValues.push(mantelTestSync(a, b, items, { permutations: 99, seed: replication }).pValue);
    }
    const share = (limit: number) => pValues.filter((p) => p <= limit).length / replications;
    // Binomial(200, q) sd is at most 0.035; these bounds are about 3 sd wide.
    assert.ok(share(0.05) <= 0.12, `P(p ≤ 0.05) = ${share(0.05)}`);
    assert.ok(Math.abs(share(0.25) - 0.25) < 0.1, `P(p ≤ 0.25) = ${share(0.25)}`);
    assert.ok(Math.abs(share(0.5) - 0.5) < 0.11, `P(p ≤ 0.5) = ${share(0.5)}`);
    assert.ok(Math.abs(share(0.75) - 0.75) < 0.1, `P(p ≤ 0.75) = ${share(0.75)}`);
    const mean = pValues.reduce((sum, p) => sum + p, 0) / replications;
    assert.ok(Math.abs(mean - 0.5) < 0.07, `mean p = ${mean}`);
  });

  it('is identical bit for bit for the same seed, in the sync and the async form', async () => {
    const first = mantelTestSync(human, model, n, { permutations: 199, seed: 7 });
    const second = mantelTestSync(human, model, n, { permutations: 199, seed: 7 });
    const asynchronous = await mantelTest(human, model, n, { permutations: 199, seed: 7 });
    assert.deepEqual(second, first);
    assert.deepEqual(asynchronous, first);
    const otherSeed = mantelTestSync(human, model, n, { permutations: 199, seed: 8 });
    assert.notDeepEqual(otherSeed.nullStatistics, first.nullStatistics);
    assert.equal(otherSeed.statistic, first.statistic);
  });

  it('draws its permutations from a supplied random source instead of the seed', () => {
    const source = new SeededRandom(99, 'custom');
    const custom = mantelTestSync(human, model, n, { permutations: 50, random: () => source.uniform() });
    const again = new SeededRandom(99, 'custom');
    assert.deepEqual(mantelTestSync(human, model, n, { permutations: 50, seed: 1234, random: () => again.uniform() }), custom);
  });

  it('reads only the upper triangles', () => {
    const scribbled = Float64Array.from(model);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) scribbled[i * n + j] = Number.NaN;
    assert.deepEqual(mantelTestSync(human, scribbled, n, { permutations: 99 }), mantelTestSync(human, model, n, { permutations: 99 }));
  });

  it('uses the pairs finite in both matrices, per permutation', () => {
    const gappy = Float64Array.from(model);
    gappy[0 * n + 5] = Number.NaN;
    gappy[3 * n + 9] = Number.POSITIVE_INFINITY;
    const result = mantelTestSync(human, gappy, n, { permutations: 199 });
    assert.equal(result.pairs, (n * (n - 1)) / 2 - 2);
    assertClose(result.statistic, upperTriangleCorrelation(human, gappy, n), 1e-14);
    assert.ok(result.nullStatistics.every((r) => Number.isFinite(r)));
  });

  it('gives NaN without permuting when a triangle is constant or there are fewer than 3 pairs', () => {
    const constant = new Float64Array(n * n).fill(0.2);
    const flat = mantelTestSync(human, constant, n);
    assert.ok(Number.isNaN(flat.statistic) && Number.isNaN(flat.pValue));
    assert.equal(flat.nullStatistics.length, 0);
    const tiny = mantelTestSync(Float64Array.of(1, 0.5, 0.5, 1), Float64Array.of(1, 0.2, 0.2, 1), 2);
    assert.ok(Number.isNaN(tiny.pValue));
  });

  it('reports progress up to (total, total)', () => {
    const events: [number, number][] = [];
    mantelTestSync(human, model, n, { permutations: 250, onProgress: (completed, total) => events.push([completed, total]) });
    assert.ok(events.length >= 100);
    assert.deepEqual(events[events.length - 1], [250, 250]);
    for (let index = 1; index < events.length; index++) assert.ok((events[index] as [number, number])[0] > (events[index - 1] as [number, number])[0]);
  });

  it('throws CancelledError when the signal is already aborted or aborts from a progress callback', async () => {
    const aborted = new AbortController();
    aborted.abort();
    assert.throws(() => mantelTestSync(human, model, n, { signal: aborted.signal }), CancelledError);
    await assert.rejects(mantelTest(human, model, n, { signal: aborted.signal }), CancelledError);

    const midway = new AbortController();
    let calls = 0;
    assert.throws(
      () =>
        mantelTestSync(human, model, n, {
          permutations: 999,
          signal: midway.signal,
          onProgress: () => {
            if (++calls === 10) midway.abort();
          },
        }),
      CancelledError,
    );
    assert.equal(calls, 10);
  });

  it('lets a timer abort a long asynchronous run, because it yields to the event loop', async () => {
    const items = 150;
    const a = randomCorrelation(items, 60, 2, new SeededRandom(53, 'mantel-long-a'));
    const b = randomCorrelation(items, 60, 2, new SeededRandom(54, 'mantel-long-b'));
    const controller = new AbortController();
    let completed = 0;
    const started = Date.now();
    setTimeout(() => controller.abort(), 30);
    await assert.rejects(
      mantelTest(a, b, items, {
        permutations: 1_000_000,
        signal: controller.signal,
        onProgress: (done) => {
          completed = done;
        },
      }),
      CancelledError,
    );
    assert.ok(completed > 0 && completed < 1_000_000, `${completed} permutations done`);
    assert.ok(Date.now() - started < 5000);
  });

  it('rejects mismatched sizes and a bad permutation count, naming itself', () => {
    assert.throws(() => mantelTestSync(human, new Float64Array(4), n), /mantelTest: matrices have 400 and 4 entries/);
    assert.throws(() => mantelTestSync(human, model, n, { permutations: 1.5 }), /mantelTest: permutations must be a non-negative integer/);
  });
});
