/**
 * The bootstrap's structure headline is the engine's: within groups (weighted human group tables
 * included) or `all`, bit for bit on the full sample.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { computeStructure } from '../../../src/core/engine/structure';
import { computeInference, type InferenceContext, type InferenceResults } from '../../../src/core/inference';
import { ALL_GROUP, type StructureResults } from '../../../src/core/results/types';
import { syntheticContext, syntheticPopulation } from './helpers';

describe('bootstrap of the within-group structure headline', () => {
  const base = syntheticContext(5);
  const pooledOnly = syntheticPopulation('pooled', base.items, 300, { seed: 9 });
  const context: InferenceContext = {
    ...base,
    experiment: { ...base.experiment, headlineGroups: ['a', 'b'], metrics: { ...base.experiment.metrics, groupMeanLevel: false } },
    conditions: [...base.conditions, pooledOnly],
    conditionInfos: [...base.conditionInfos, { name: 'pooled', groupAssignment: 'none' }],
  };
  let structure: StructureResults;
  let inference: InferenceResults;

  before(async () => {
    structure = await computeStructure({
      experiment: context.experiment,
      items: context.items,
      human: context.human,
      conditions: context.conditions,
      humanTallies: () => undefined,
      warnings: [],
      threads: 0,
    });
    inference = await computeInference(context, { seed: 4, replicates: 36, resampleHumans: true }, { threads: 0 });
  });

  it('gives as estimates the engine’s within-group values, combined by the weighted human shares of the partition', () => {
    for (const name of ['close', 'flat']) {
      const within = structure.withinGroup.find((entry) => entry.condition === name)!;
      const condition = inference.conditions.find((entry) => entry.condition === name)!;
      assert.equal(within.weighting, 'partition');
      assert.equal(condition.structureBasis, 'partition');
      assert.equal(condition.structureR.estimate, within.r, name);
      assert.equal(condition.structureRmse.estimate, within.rmse, name);
      assert.equal(condition.structureMad.estimate, within.meanAbsoluteDifference, name);
      assert.equal(condition.structureConcordance.estimate, within.concordance, name);
      assert.equal(condition.structureR.replicates, 36);
      assert.ok(condition.structureR.lower! < condition.structureR.upper!);
    }
  });

  it('gives a condition without groups its pooled `all` comparison as the headline', () => {
    const condition = inference.conditions.find((entry) => entry.condition === 'pooled')!;
    const all = structure.comparisons.find((c) => c.condition === 'pooled' && c.group === ALL_GROUP && c.method === 'pearson')!;
    assert.equal(condition.structureBasis, 'all');
    assert.equal(condition.structureR.estimate, all.r);
    assert.equal(condition.structureConcordance.estimate, all.concordance);
    assert.equal(condition.structureR.lower, condition.comparisons[0]!.r.lower, 'the same replicates as the pooled comparison');
  });

  it('pairs the headlines of conditions on different bases', () => {
    const pair = inference.pairs.find((entry) => entry.conditionA === 'close' && entry.conditionB === 'pooled')!;
    const close = inference.conditions[0]!;
    const pooled = inference.conditions[2]!;
    assert.equal(pair.structureR.estimate, close.structureR.estimate! - pooled.structureR.estimate!);
    assert.equal(pair.structureConcordance.replicates, 36);
  });
});
