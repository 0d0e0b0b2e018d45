import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadExperiment } from '../../../src/core/config/resolve';
import { evaluateExperiment } from '../../../src/core/engine/evaluate';
import { CancelledError } from '../../../src/core/errors';
import type { RunResults } from '../../../src/core/results/types';

const tinyConfig = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'engine', 'tiny', 'experiment.yaml');

async function evaluateTiny(): Promise<RunResults> {
  return evaluateExperiment(await loadExperiment(tinyConfig), { threads: 0, host: 'test' });
}

function cell(results: RunResults, item: string, group: string) {
  const found = results.marginals.cells.find((c) => c.item === item && c.group === group && c.condition === 'model');
  assert.ok(found, `cell ${item}/${group}`);
  return found;
}

/** Weighted Pearson over complete pairs, written out independently of the engine. */
function weightedPearson(x: number[], y: number[], w: number[]): number {
  const total = w.reduce((a, b) => a + b, 0);
  const mx = x.reduce((s, v, i) => s + v * w[i]!, 0) / total;
  const my = y.reduce((s, v, i) => s + v * w[i]!, 0) / total;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((v, i) => {
    sxy += w[i]! * (v - mx) * (y[i]! - my);
    sxx += w[i]! * (v - mx) ** 2;
    syy += w[i]! * (y[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe('evaluateExperiment on a hand-checked fixture', () => {
  it('weights human answers and drops negative codes: Q1 human distribution is 1/6, 2/6, 3/6', async () => {
    const results = await evaluateTiny();
    const q1 = cell(results, 'Q1', 'all');
    assert.deepEqual(q1.human.distribution, [1 / 6, 2 / 6, 3 / 6]);
    assert.equal(q1.human.n, 6);
    assert.equal(q1.human.nValid, 5);
    assert.equal(q1.human.weightValid, 6);
    assert.deepEqual(q1.human.missing, { 'code:-1': 1 });
  });

  it('gives normalised W1 7/24 and TV 1/3 for Q1 (CDFs 1/6, 1/2, 1 vs 1/2, 3/4, 1)', async () => {
    const q1 = cell(await evaluateTiny(), 'Q1', 'all');
    assert.deepEqual(q1.model.distribution, [0.5, 0.25, 0.25]);
    assert.ok(Math.abs(q1.wasserstein! - 7 / 24) < 1e-12);
    assert.ok(Math.abs(q1.totalVariation! - 1 / 3) < 1e-12);
    assert.equal(q1.distance, q1.wasserstein);
  });

  it('counts a model refusal apart from survey missing codes and reports a 25% invalid share', async () => {
    const q2 = cell(await evaluateTiny(), 'Q2', 'all');
    assert.deepEqual(q2.model.missing, { refusal: 1 });
    assert.equal(q2.model.nValid, 3);
    assert.equal(q2.invalidShare, 0.25);
  });

  it('assigns simulated respondents to groups by their tag and compares within each group', async () => {
    const results = await evaluateTiny();
    const a = cell(results, 'Q1', 'a');
    // humans in a: Q1 = 1, 2 (row 5 is -1), weights 1, 1; model in a: 1, 1
    assert.deepEqual(a.human.distribution, [0.5, 0.5, 0]);
    assert.deepEqual(a.model.distribution, [1, 0, 0]);
    assert.ok(Math.abs(a.wasserstein! - 0.25) < 1e-12);
    const group = results.groups.find((g) => g.name === 'b');
    assert.deepEqual(group, { name: 'b', nHuman: 3, weightHuman: 4, nByCondition: { model: 2 } });
  });

  it('computes the weighted pairwise-complete human correlation and leaves r undefined with one pair', async () => {
    const results = await evaluateTiny();
    const human = results.structure.matrices.find((m) => m.population === 'human' && m.group === 'all' && m.method === 'pearson');
    assert.ok(human);
    // complete pairs: rows 1,2,3,4,6 (row 5 has Q1 = -1)
    const expected = weightedPearson([1, 2, 3, 3, 2], [1, 1, 2, 3, 2], [1, 1, 2, 1, 1]);
    assert.ok(Math.abs(human.values[0]! - expected) < 1e-12);
    assert.deepEqual(human.n, [5]);
    const comparison = results.structure.comparisons.find((c) => c.group === 'all' && c.method === 'pearson' && c.level === 'respondent');
    assert.equal(comparison?.nPairs, 1);
    assert.equal(comparison?.r, null);
  });

  it('stops with CancelledError when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(evaluateExperiment(await loadExperiment(tinyConfig), { signal: controller.signal }), CancelledError);
  });
});
