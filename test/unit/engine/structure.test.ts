/**
 * The structure step's headline rules: undefined model correlations count as 0 (collapse
 * penalty), Lin's concordance beside r, the within-group headline and its weights, and Mantel
 * and latent comparisons per group.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ResolvedExperiment } from '../../../src/core/config/resolved';
import { headlineStructure } from '../../../src/core/engine/headlines';
import { computeStructure } from '../../../src/core/engine/structure';
import type { Population } from '../../../src/core/model/population';
import { ALL_GROUP, type MatrixComparison, type RunResults, type StructureResults, type Warning } from '../../../src/core/results/types';
import { linConcordance } from '../../../src/core/structure/linConcordance';
import { evaluatedSample, ordinalItems, syntheticExperiment, syntheticPopulation } from '../inference/helpers';
import { assertClose } from '../support/numeric';

const GROUPS = ['a', 'b', 'c'];
const ITEMS = ordinalItems([4, 4, 5, 5, 4, 4, 5]);
const COLLAPSED_ITEM = 2;

function experimentWith(overrides: Partial<ResolvedExperiment['metrics']> = {}, headlineGroups: string[] = [], groups = GROUPS): ResolvedExperiment {
  const experiment = syntheticExperiment(groups, 11);
  return {
    ...experiment,
    headlineGroups,
    metrics: { ...experiment.metrics, correlation: ['pearson'], groupMeanLevel: false, components: 2, mantelPermutations: 199, ...overrides },
  };
}

/** The same respondents with one item answered by a single value (the human mode). */
function withConstantItem(population: Population, name: string, item: number): Population {
  const columns = population.columns.map((column, index) => {
    if (index !== item) return column;
    const categories = column.categories.map((category) => (category === 255 ? 255 : 1));
    return { ...column, categories };
  });
  return { ...population, name, columns };
}

async function structureOf(experiment: ResolvedExperiment, human: Population, conditions: Population[], warnings: Warning[] = []): Promise<StructureResults> {
  return computeStructure({ experiment, items: ITEMS, human, conditions, humanTallies: () => undefined, warnings, threads: 0 });
}

function comparisonOf(structure: StructureResults, condition: string, group: string): MatrixComparison {
  const found = structure.comparisons.find((c) => c.condition === condition && c.group === group && c.level === 'respondent');
  assert.ok(found, `${condition} / ${group}`);
  return found;
}

describe('structure collapse penalty', () => {
  let structure: StructureResults;
  const human = syntheticPopulation('human', ITEMS, 3000, { seed: 21, groups: GROUPS, weighted: true });
  const answering = syntheticPopulation('answering', ITEMS, 1500, { seed: 22, groups: GROUPS });
  const collapsed = withConstantItem(answering, 'collapsed', COLLAPSED_ITEM);

  before(async () => {
    structure = await structureOf(experimentWith(), human, [answering, collapsed]);
  });

  it('scores a condition with a constant item worse (r and concordance lower, RMSE higher) than the same condition answering it', () => {
    for (const group of [ALL_GROUP, ...GROUPS]) {
      const answered = comparisonOf(structure, 'answering', group);
      const constant = comparisonOf(structure, 'collapsed', group);
      assert.ok(constant.r! < answered.r! - 0.05, `${group}: r ${constant.r} vs ${answered.r}`);
      assert.ok(constant.concordance! < answered.concordance! - 0.05, `${group}: concordance ${constant.concordance} vs ${answered.concordance}`);
      assert.ok(constant.rmse! > answered.rmse!, `${group}: RMSE ${constant.rmse} vs ${answered.rmse}`);
    }
    const info = { groupAssignment: 'tag' } as const;
    const answeredHeadline = headlineStructure('answering', info, 'pearson', structure);
    const constantHeadline = headlineStructure('collapsed', info, 'pearson', structure);
    assert.ok(constantHeadline.structureR! < answeredHeadline.structureR!);
    assert.ok(constantHeadline.structureConcordance! < answeredHeadline.structureConcordance!);
    assert.ok(constantHeadline.structureRmse! > answeredHeadline.structureRmse!);
  });

  it('counts every pair of the constant item as imputed (P - 1 per matrix) and keeps all pairs in nPairs', () => {
    const pairs = (ITEMS.length * (ITEMS.length - 1)) / 2;
    for (const group of [ALL_GROUP, ...GROUPS]) {
      assert.equal(comparisonOf(structure, 'collapsed', group).nPairsImputed, ITEMS.length - 1, group);
      assert.equal(comparisonOf(structure, 'collapsed', group).nPairs, pairs, group);
      assert.equal(comparisonOf(structure, 'answering', group).nPairsImputed, 0, group);
    }
    const within = structure.withinGroup.find((entry) => entry.condition === 'collapsed');
    assert.equal(within?.nPairsImputed, GROUPS.length * (ITEMS.length - 1));
  });

  it('imputes 0 in the Mantel test and the latent comparison too: the constant item stays in and lowers the congruence', () => {
    const mantel = structure.mantel.find((entry) => entry.condition === 'collapsed' && entry.group === ALL_GROUP);
    assertClose(mantel!.statistic!, comparisonOf(structure, 'collapsed', ALL_GROUP).r, 1e-12, 'Mantel r is the comparison r');
    const latentOf = (condition: string) => structure.latent.find((entry) => entry.condition === condition && entry.group === ALL_GROUP)!;
    assert.deepEqual(latentOf('collapsed').excludedItems, []);
    assert.ok(latentOf('collapsed').overallCongruence! < latentOf('answering').overallCongruence!);
  });

  it("reports Lin's concordance equal to linConcordance of the compared upper triangles", () => {
    const matrix = (population: string) =>
      structure.matrices.find((entry) => entry.population === population && entry.group === ALL_GROUP && entry.level === 'respondent')!.values;
    const humanValues = matrix('human').map((value) => value ?? NaN);
    const modelValues = matrix('collapsed').map((value, index) => value ?? (Number.isNaN(humanValues[index]!) ? NaN : 0));
    assert.equal(comparisonOf(structure, 'collapsed', ALL_GROUP).concordance, linConcordance(humanValues, modelValues));
  });
});

describe('within-group structure', () => {
  const human = syntheticPopulation('human', ITEMS, 3000, { seed: 31, groups: GROUPS, weighted: true });
  const model = syntheticPopulation('model', ITEMS, 1500, { seed: 32, groups: GROUPS, structure: 0.8 });

  it('combines the headline partition by the humans’ weighted group shares and leaves other groups out', async () => {
    const structure = await structureOf(experimentWith({}, ['a', 'b']), human, [model]);
    const within = structure.withinGroup[0]!;
    const weightOf = (group: string) => human.groupRows.get(group)!.reduce((sum, row) => sum + human.weights![row]!, 0);
    const total = weightOf('a') + weightOf('b');
    assert.equal(within.weighting, 'partition');
    assert.deepEqual(within.groups.map((entry) => entry.group), ['a', 'b']);
    assertClose(within.groups[0]!.weight, weightOf('a') / total, 1e-12, 'weight of a');
    const expected = (weightOf('a') * comparisonOf(structure, 'model', 'a').r! + weightOf('b') * comparisonOf(structure, 'model', 'b').r!) / total;
    assertClose(within.r!, expected, 1e-12, 'within r');
    assert.ok(comparisonOf(structure, 'model', 'c'), 'group c is still compared and reported');
    const headline = headlineStructure('model', { groupAssignment: 'tag' }, 'pearson', structure);
    assert.equal(headline.structureBasis, 'partition');
    assert.deepEqual(headline.structureGroups, ['a', 'b']);
    assert.equal(headline.structureR, within.r);
    assert.equal(headline.pooledStructureR, comparisonOf(structure, 'model', ALL_GROUP).r);
  });

  it('weights the configured groups equally without a partition, and uses `all` for a condition without groups', async () => {
    const structure = await structureOf(experimentWith(), human, [model]);
    const within = structure.withinGroup[0]!;
    assert.equal(within.weighting, 'groups');
    assert.deepEqual(within.groups, GROUPS.map((group) => ({ group, weight: 1 / 3 })));
    const mean = GROUPS.reduce((sum, group) => sum + comparisonOf(structure, 'model', group).concordance!, 0) / 3;
    assertClose(within.concordance!, mean, 1e-12, 'equal-weight concordance');
    const pooled = headlineStructure('model', { groupAssignment: 'none' }, 'pearson', structure);
    assert.equal(pooled.structureBasis, 'all');
    assert.deepEqual(pooled.structureGroups, []);
    assert.equal(pooled.structureR, comparisonOf(structure, 'model', ALL_GROUP).r);
  });

  it('leaves a group below minGroupSizeForStructure out of the combination', async () => {
    const structure = await structureOf(experimentWith({ minGroupSizeForStructure: 600 }), human, [model]);
    // The model's groups have 500 respondents each, the humans' 1,000: no group has matrices on both sides.
    assert.deepEqual(structure.withinGroup, []);
    assert.equal(headlineStructure('model', { groupAssignment: 'tag' }, 'pearson', structure).structureBasis, 'all');
  });

  it('runs a Mantel test and a latent comparison per group, with p-values that do not depend on the order of the groups', async () => {
    const forward = await structureOf(experimentWith(), human, [model]);
    const reversed = await structureOf(experimentWith({}, [], [...GROUPS].reverse()), human, [model]);
    assert.deepEqual(forward.mantel.map((entry) => entry.group), [ALL_GROUP, ...GROUPS]);
    assert.deepEqual(forward.latent.map((entry) => entry.group), [ALL_GROUP, ...GROUPS]);
    for (const entry of forward.mantel) {
      const other = reversed.mantel.find((each) => each.group === entry.group);
      assert.deepEqual(other, entry, entry.group);
    }
  });
});

describe('within-group structure on the bundled sample (Simpson)', () => {
  let results: RunResults;

  before(async () => {
    results = (await evaluatedSample()).results;
  });

  it('headlines finetuned on its within-group r (about 0), not the pooled 0.14 that mixing groups creates', () => {
    const finetuned = results.headlines.find((headline) => headline.condition === 'finetuned')!;
    // The sample names its two countries as the headline partition.
    assert.equal(finetuned.structureBasis, 'partition');
    assert.deepEqual(finetuned.structureGroups, ['DEU', 'USA']);
    assert.ok(finetuned.structureR! > -0.1 && finetuned.structureR! < 0.1, `within-group r ${finetuned.structureR}`);
    assertClose(finetuned.pooledStructureR!, 0.138, 0.001, 'pooled r');
    assert.equal(finetuned.structureR, results.structure.withinGroup.find((entry) => entry.condition === 'finetuned')!.r);
  });

  it('warns about the pooled r for finetuned only (persona’s pooled and within-group r agree within 0.1)', () => {
    const warnings = results.warnings.filter((warning) => warning.code === 'pooledStructureDiffers');
    assert.deepEqual(warnings.map((warning) => warning.condition), ['finetuned']);
    assert.match(warnings[0]!.message, /^finetuned: pooled structure r \(group all\) 0\.138 differs from the within-group r 0\.016 .*Simpson's paradox/);
  });

  it('finds finetuned’s structure significant pooled (Mantel p < 0.01) but in no group (every p > 0.1)', () => {
    const mantel = results.structure.mantel.filter((entry) => entry.condition === 'finetuned');
    assert.equal(mantel.length, 9);
    assert.ok(mantel.find((entry) => entry.group === ALL_GROUP)!.pValue! < 0.01);
    for (const entry of mantel.filter((each) => each.group !== ALL_GROUP)) assert.ok(entry.pValue! > 0.1, `${entry.group} p ${entry.pValue}`);
  });
});
