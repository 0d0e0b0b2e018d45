/**
 * computeInference as a computation: reproducible for a seed, the same on any number of threads,
 * cancellable, reporting progress.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError } from '../../../src/core/errors';
import { computeInference, resolveInferenceSettings, type InferenceResults } from '../../../src/core/inference';
import { buildInferenceModel } from '../../../src/core/inference/model';
import { ReplicateEngine } from '../../../src/core/inference/replicate';
import { syntheticContext } from './helpers';

const context = syntheticContext();

function run(seed: number, replicates: number, threads: number, resampleHumans = false): Promise<InferenceResults> {
  return computeInference(context, { seed, replicates, resampleHumans }, { threads });
}

describe('computeInference', () => {
  it('repeats bit for bit for the same seed', async () => {
    const first = JSON.stringify(await run(11, 40, 0, true));
    const second = JSON.stringify(await run(11, 40, 0, true));
    assert.equal(first, second);
  });

  it('gives the same numbers on 0, 1 and 2 worker threads', async () => {
    const inThread = JSON.stringify(await run(12, 30, 0, true));
    assert.equal(JSON.stringify(await run(12, 30, 1, true)), inThread);
    assert.equal(JSON.stringify(await run(12, 30, 2, true)), inThread);
  });

  it('draws other replicates for another seed, with the same estimates', async () => {
    const a = await run(1, 30, 0);
    const b = await run(2, 30, 0);
    assert.notEqual(a.conditions[0]!.structureR.lower, b.conditions[0]!.structureR.lower);
    assert.equal(a.conditions[0]!.structureR.estimate, b.conditions[0]!.structureR.estimate);
    assert.equal(a.conditions[0]!.marginalDistance.estimate, b.conditions[0]!.marginalDistance.estimate);
  });

  it("computes a replicate's numbers from its index alone, whatever batch it is in", () => {
    const model = buildInferenceModel(context, resolveInferenceSettings({ seed: 8, resampleHumans: true }));
    const alone = new ReplicateEngine(model);
    const batched = new ReplicateEngine(model);
    const one = new Float64Array(alone.stats.count);
    const many = new Float64Array(12 * batched.stats.count);
    Array.from(alone.run([7], one));
    Array.from(batched.run([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], many));
    assert.deepEqual(one, many.subarray(5 * batched.stats.count, 6 * batched.stats.count));
    assert.ok(one.some((value) => Number.isFinite(value)));
  });

  it('reports progress from 0 to 1, increasing', async () => {
    const fractions: number[] = [];
    await computeInference(context, { seed: 3, replicates: 48 }, { threads: 0, onProgress: (fraction) => fractions.push(fraction) });
    assert.equal(fractions[0], 0);
    assert.equal(fractions[fractions.length - 1], 1);
    for (let index = 1; index < fractions.length; index++) assert.ok(fractions[index]! >= fractions[index - 1]!);
  });

  for (const threads of [0, 2]) {
    it(`stops within a second of an abort with CancelledError (${threads} threads)`, async () => {
      const controller = new AbortController();
      let abortedAt = 0;
      const running = computeInference(context, { seed: 4, replicates: 100_000 }, {
        threads,
        signal: controller.signal,
        onProgress: (fraction) => {
          if (fraction > 0 && abortedAt === 0) {
            abortedAt = Date.now();
            controller.abort();
          }
        },
      });
      await assert.rejects(running, CancelledError);
      assert.ok(abortedAt > 0, 'progress was reported before the abort');
      assert.ok(Date.now() - abortedAt < 1000, `stopped ${Date.now() - abortedAt} ms after the abort`);
    });
  }

  it('rejects an already aborted signal and bad settings', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(computeInference(context, { seed: 1 }, { signal: controller.signal }), CancelledError);
    await assert.rejects(computeInference(context, { seed: 1, replicates: 0 }), /replicates must be a positive integer/);
    await assert.rejects(computeInference(context, { seed: 1, confidence: 95 }), /confidence must be between 0 and 1/);
  });

  it('leaves the baselines and fidelity out when asked', async () => {
    const results = await computeInference(context, { seed: 1, replicates: 12, baselines: false }, { threads: 0 });
    assert.equal(results.baselines, null);
    assert.equal(results.conditions[0]!.fidelity.estimate, null);
    assert.ok(results.conditions[0]!.structureR.estimate !== null);
  });

  it('ranks the structured condition above the flat one and says so', async () => {
    const results = await run(6, 60, 0);
    const [close, flat] = results.conditions;
    assert.ok(close!.structureR.estimate! > flat!.structureR.estimate!);
    assert.ok(close!.fidelity.estimate! > flat!.fidelity.estimate!);
    assert.equal(results.pairs.length, 1);
    assert.equal(results.pairs[0]!.structureR.excludesZero, true);
    assert.ok(results.reversal);
  });
});
