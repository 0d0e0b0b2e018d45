/**
 * The bootstrap on the bundled sample: the estimates are the engine's numbers, and the intervals
 * confirm the reversal the sample is built to show.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { computeInference, type InferenceResults } from '../../../src/core/inference';
import { tallyRows } from '../../../src/core/inference/marginals';
import { buildInferenceModel } from '../../../src/core/inference/model';
import { resolveInferenceSettings } from '../../../src/core/inference/compute';
import { ALL_GROUP } from '../../../src/core/results/types';
import { evaluatedSample, type EvaluatedSample } from './helpers';

const REPLICATES = 200;

describe('inference on the bundled sample', () => {
  let sample: EvaluatedSample;
  let inference: InferenceResults;

  before(async () => {
    sample = await evaluatedSample();
    inference = await computeInference(sample.context, { seed: sample.experiment.seed, replicates: REPLICATES }, { threads: 0 });
  });

  it('puts every headline estimate inside its own interval (conditions, excess over the floor, paired differences)', () => {
    const inside = (label: string, interval: { estimate: number | null; lower: number | null; upper: number | null }) => {
      if (interval.estimate === null) return;
      assert.ok(interval.lower !== null && interval.upper !== null, `${label}: no interval`);
      assert.ok(interval.lower <= interval.estimate && interval.estimate <= interval.upper, `${label}: ${interval.estimate} outside [${interval.lower}, ${interval.upper}]`);
    };
    for (const condition of inference.conditions) {
      for (const key of ['marginalDistance', 'marginalCoverage', 'marginalExcess', 'structureR', 'structureRmse', 'structureMad', 'groupMeanR', 'fidelity'] as const) {
        inside(`${condition.condition} ${key}`, condition[key]);
      }
      for (const item of condition.items) inside(`${condition.condition} ${item.item}`, item.distance);
    }
    for (const pair of inference.pairs) {
      for (const key of ['marginalDistance', 'structureR', 'structureRmse', 'groupMeanR'] as const) inside(`${pair.conditionA} − ${pair.conditionB} ${key}`, pair[key]);
    }
  });

  it('gives every condition a noise floor below its distance and an excess of distance minus floor', () => {
    for (const condition of inference.conditions) {
      assert.ok(condition.marginalFloor !== null && condition.marginalFloor > 0 && condition.marginalFloor < condition.marginalDistance.estimate!);
      assert.ok(Math.abs(condition.marginalExcess.estimate! - (condition.marginalDistance.estimate! - condition.marginalFloor)) < 1e-15);
    }
  });

  it("gives as estimates exactly the engine's headline numbers", () => {
    for (const headline of sample.results.headlines) {
      const condition = inference.conditions.find((c) => c.condition === headline.condition);
      assert.ok(condition, headline.condition);
      assert.equal(condition.marginalDistance.estimate, headline.marginalDistance);
      assert.equal(condition.structureR.estimate, headline.structureR);
      assert.equal(condition.structureRmse.estimate, headline.structureRmse);
      assert.equal(condition.structureConcordance.estimate, headline.structureConcordance);
      assert.equal(condition.structureBasis, headline.structureBasis);
      assert.equal(condition.groupMeanR.estimate, headline.groupMeanR);
      assert.equal(condition.structureMethod, headline.structureMethod);
    }
  });

  it("gives every method's respondent-level comparison and every item's divergence as the engine has them", () => {
    for (const condition of inference.conditions) {
      for (const comparison of condition.comparisons) {
        const engine = sample.results.structure.comparisons.find(
          (c) => c.condition === condition.condition && c.group === ALL_GROUP && c.level === 'respondent' && c.method === comparison.method,
        );
        assert.ok(engine, `${condition.condition} ${comparison.method}`);
        assert.equal(comparison.r.estimate, engine.r);
        assert.equal(comparison.rmse.estimate, engine.rmse);
        assert.equal(comparison.mad.estimate, engine.meanAbsoluteDifference);
        assert.equal(comparison.concordance.estimate, engine.concordance);
      }
      for (const item of condition.items) {
        const cell = sample.results.marginals.cells.find(
          (c) => c.condition === condition.condition && c.group === ALL_GROUP && c.item === item.item,
        );
        assert.equal(item.distance.estimate, cell?.distance ?? null, `${condition.condition} ${item.item}`);
      }
    }
  });

  it("bounds the within-group structure headline: finetuned's r about 0, the engine's within-group r, MAD and concordance as estimates", () => {
    for (const condition of inference.conditions) {
      const within = sample.results.structure.withinGroup.find((entry) => entry.condition === condition.condition);
      assert.ok(within, condition.condition);
      assert.equal(condition.structureBasis, 'partition');
      assert.equal(condition.structureR.estimate, within.r);
      assert.equal(condition.structureMad.estimate, within.meanAbsoluteDifference);
      assert.equal(condition.structureConcordance.estimate, within.concordance);
    }
    const finetuned = inference.conditions.find((c) => c.condition === 'finetuned')!;
    assert.ok(finetuned.structureR.lower! > -0.1 && finetuned.structureR.upper! < 0.1, JSON.stringify(finetuned.structureR));
    const pair = inference.pairs.find((p) => p.conditionA === 'finetuned' && p.conditionB === 'persona')!;
    const persona = inference.conditions.find((c) => c.condition === 'persona')!;
    assert.equal(pair.structureR.estimate, finetuned.structureR.estimate! - persona.structureR.estimate!);
    assert.equal(pair.structureConcordance.estimate, finetuned.structureConcordance.estimate! - persona.structureConcordance.estimate!);
  });

  it('puts the interval ends in order and counts the replicates', () => {
    for (const condition of inference.conditions) {
      for (const interval of [condition.marginalDistance, condition.structureR, condition.structureConcordance, condition.groupMeanR, condition.fidelity]) {
        assert.ok(interval.lower! < interval.upper!, JSON.stringify(interval));
        assert.equal(interval.replicates, REPLICATES);
      }
    }
  });

  it('flags the reversal (finetuned closer on marginals, persona on structure) with both Holm-adjusted differences significant', () => {
    const reversal = inference.reversal;
    assert.ok(reversal);
    assert.equal(reversal.detected, true);
    assert.equal(reversal.closestOnMarginals, 'finetuned');
    assert.equal(reversal.closestOnStructure, 'persona');
    assert.equal(reversal.marginalDifferenceSignificant, true);
    assert.equal(reversal.structureDifferenceSignificant, true);
    assert.match(reversal.sentence, /^finetuned is closer .* but persona is closer on correlation structure .* the reversal is significant: both Holm-adjusted intervals exclude 0/);
    const pair = inference.pairs.find((p) => p.conditionA === 'finetuned' && p.conditionB === 'persona');
    assert.ok(pair);
    assert.ok(pair.marginalDistance.upper! < 0, 'finetuned - persona distance < 0');
    assert.ok(pair.structureR.upper! < 0, 'finetuned - persona r < 0');
    assert.equal(pair.marginalDistance.excludesZeroAdjusted, true);
    assert.equal(pair.structureR.excludesZeroAdjusted, true);
    // Every replicate has finetuned ahead on marginals and persona on structure: the smallest p, 2 / (1 + B).
    assert.equal(pair.marginalDistance.pAdjusted, 2 / (1 + REPLICATES));
    assert.equal(pair.structureR.pAdjusted, 2 / (1 + REPLICATES));
  });

  it('scores persona above finetuned on structure fidelity, both between the null and the ceiling', () => {
    const fidelity = (name: string) => inference.conditions.find((c) => c.condition === name)!.fidelity;
    const persona = fidelity('persona');
    const finetuned = fidelity('finetuned');
    assert.ok(persona.estimate! > finetuned.estimate!);
    assert.ok(persona.lower! > finetuned.upper!, 'intervals apart');
    assert.ok(finetuned.estimate! > 0 && persona.estimate! < 1);
  });

  it('places the baselines: uniform and null structure r near 0, split-half ceiling near 1', () => {
    const baselines = inference.baselines!;
    assert.ok(Math.abs(baselines.uniform.structureR.estimate!) < 0.1);
    assert.ok(Math.abs(baselines.independenceNull.structureR.estimate!) < 0.1);
    assert.ok(baselines.splitHalfCeiling.structureR.estimate! > 0.95);
    assert.ok(baselines.uniform.marginalDistance.estimate! > 0.1, 'uniform answers are far from the humans');
    assert.equal(baselines.uniform.nRespondents, 4000);
  });

  it("keeps every item's weighted human marginal in the independence null (distance ~ 0) while its r is ~ 0", () => {
    const model = buildInferenceModel(sample.context, resolveInferenceSettings({ seed: sample.experiment.seed }));
    const human = model.human;
    const nullSample = model.independenceNull!;
    model.items.forEach((item, index) => {
      const humanTally = tallyRows(human.categories, human.nRows, index, item.nCategories, human.groupRows[0]!, undefined, human.weights);
      const nullTally = tallyRows(nullSample.categories, nullSample.nRows, index, item.nCategories, nullSample.groupRows[0]!, undefined, nullSample.weights);
      for (let category = 0; category < item.nCategories; category++) {
        const expected = humanTally.mass[category]! / humanTally.weightValid;
        const actual = nullTally.mass[category]! / nullTally.weightValid;
        assert.ok(Math.abs(actual - expected) < 1e-12, `${item.id} category ${category}: ${actual} vs ${expected}`);
      }
    });
    assert.ok(inference.baselines!.independenceNull.marginalDistance.estimate! < 1e-12);
    assert.ok(Math.abs(inference.baselines!.independenceNull.structureR.estimate!) < 0.1);
  });

  it('echoes the settings', () => {
    assert.deepEqual(inference.settings, {
      replicates: REPLICATES,
      resampleHumans: true,
      seed: sample.experiment.seed,
      confidence: 0.95,
      baselines: true,
      interval: 'basic',
      quantile: 'linear interpolation (R type 7)',
      multiplicity: 'Holm across condition pairs, per measure',
    });
  });

  it('widens the structure interval when the humans are resampled too', async () => {
    const both = await computeInference(
      sample.context,
      { seed: sample.experiment.seed, replicates: 60, resampleHumans: true, baselines: false },
      { threads: 0 },
    );
    const modelOnly = await computeInference(
      sample.context,
      { seed: sample.experiment.seed, replicates: 60, resampleHumans: false, baselines: false },
      { threads: 0 },
    );
    // Summed over the headlines of both conditions: one width from 60 replicates is too noisy to order.
    const width = (results: InferenceResults) =>
      results.conditions.reduce(
        (sum, c) => sum + [c.marginalDistance, c.structureR, c.structureRmse].reduce((inner, i) => inner + (i.upper! - i.lower!), 0),
        0,
      );
    assert.ok(width(both) > width(modelOnly), `${width(both)} vs ${width(modelOnly)}`);
    assert.equal(both.conditions[0]!.structureR.estimate, modelOnly.conditions[0]!.structureR.estimate);
  });
});
