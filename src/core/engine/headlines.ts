/**
 * One headline row per condition: the marginal distance and answer coverage on the condition's
 * basis (the plan's weighted groups, or `all`), the respondent-level structure r, RMSE and
 * concordance with the first configured method on its basis (within groups or `all`), and the
 * group-mean r.
 */
import type { ResolvedExperiment } from '../config/resolved';
import { WORST_DISTANCE } from '../metrics/marginalDistance';
import { weightedMean } from '../metrics/weightedMean';
import type { Population } from '../model/population';
import { ALL_GROUP, type ConditionInfo, type Headline, type MarginalAggregate, type StructureResults, type Warning } from '../results/types';
import type { MarginalPlan } from './marginalPlan';

type MarginalHeadline = Pick<Headline, 'marginalDistance' | 'marginalBasis' | 'marginalCoverage' | 'marginalCellsAtWorst'>;

type StructureHeadline = Pick<
  Headline,
  'structureR' | 'structureRmse' | 'structureConcordance' | 'structureBasis' | 'structureGroups' | 'pooledStructureR'
>;

/**
 * A condition whose respondents stand for groups is judged on its within-group structure (its
 * groups combined, engine/structure.ts), since pooling personas creates structure of its own;
 * otherwise, or when no group has matrices on both sides, on group `all`.
 */
export function headlineStructure(
  condition: string,
  info: Pick<ConditionInfo, 'groupAssignment'>,
  method: Headline['structureMethod'],
  structure: StructureResults,
): StructureHeadline {
  const pooled = structure.comparisons.find(
    (c) => c.condition === condition && c.group === ALL_GROUP && c.level === 'respondent' && c.method === method,
  );
  const within = structure.withinGroup.find((entry) => entry.condition === condition && entry.method === method);
  if (info.groupAssignment !== 'none' && within) {
    return {
      structureR: within.r,
      structureRmse: within.rmse,
      structureConcordance: within.concordance,
      structureBasis: within.weighting,
      structureGroups: within.groups.map((entry) => entry.group),
      pooledStructureR: pooled?.r ?? null,
    };
  }
  return {
    structureR: pooled?.r ?? null,
    structureRmse: pooled?.rmse ?? null,
    structureConcordance: pooled?.concordance ?? null,
    structureBasis: 'all',
    structureGroups: [],
    pooledStructureR: pooled?.r ?? null,
  };
}

/**
 * A condition whose respondents stand for groups is judged on the plan's groups, combined with
 * the plan's weights, not on a pooled mix of personas; otherwise on its `all` cell. A group the
 * condition has no respondents for counts at the worst distance with no coverage.
 */
export function headlineMarginals(
  condition: string,
  info: Pick<ConditionInfo, 'groupAssignment'>,
  plan: MarginalPlan,
  aggregates: readonly MarginalAggregate[],
  warnings: Warning[],
): MarginalHeadline {
  const aggregateOf = (group: string) => aggregates.find((aggregate) => aggregate.condition === condition && aggregate.group === group);
  if (info.groupAssignment === 'none' || plan.groupWeighting === 'none') {
    const all = aggregateOf(ALL_GROUP);
    return { marginalDistance: all?.distance ?? null, marginalBasis: 'all', marginalCoverage: all?.coverage ?? null, marginalCellsAtWorst: all?.nScoredAtWorst ?? 0 };
  }
  const distances = new Float64Array(plan.groupWeights.length);
  const coverages = new Float64Array(plan.groupWeights.length);
  const weights = Float64Array.from(plan.groupWeights, (entry) => entry.weight);
  const missing: string[] = [];
  let atWorst = 0;
  plan.groupWeights.forEach(({ group }, index) => {
    const aggregate = aggregateOf(group);
    if (!aggregate) {
      missing.push(group);
      distances[index] = WORST_DISTANCE;
      coverages[index] = 0;
      atWorst += plan.commonItems.length;
      return;
    }
    distances[index] = aggregate.distance ?? Number.NaN;
    coverages[index] = aggregate.coverage ?? Number.NaN;
    atWorst += aggregate.nScoredAtWorst;
  });
  if (missing.length > 0) {
    warnings.push({
      code: 'headlineGroupMissing',
      condition,
      message: `${condition}: no simulated respondents for ${missing.join(', ')}; those groups count at the worst distance 1 in its headline`,
    });
  }
  const distance = weightedMean(distances, weights);
  const coverage = weightedMean(coverages, weights);
  return {
    marginalDistance: Number.isFinite(distance) ? distance : null,
    marginalBasis: plan.groupWeighting,
    marginalCoverage: Number.isFinite(coverage) ? coverage : null,
    marginalCellsAtWorst: atWorst,
  };
}

export function headlinesOf(
  experiment: ResolvedExperiment,
  conditions: readonly Population[],
  infos: readonly ConditionInfo[],
  plan: MarginalPlan,
  aggregates: readonly MarginalAggregate[],
  structure: StructureResults,
  warnings: Warning[],
): Headline[] {
  const method = experiment.metrics.correlation[0] ?? null;
  return conditions.map((condition, index) => {
    const groupMean = structure.comparisons.find((c) => c.condition === condition.name && c.level === 'groupMean');
    return {
      condition: condition.name,
      ...headlineMarginals(condition.name, infos[index]!, plan, aggregates, warnings),
      ...headlineStructure(condition.name, infos[index]!, method, structure),
      structureMethod: method,
      groupMeanR: groupMean?.r ?? null,
      nRespondents: condition.nRows,
    };
  });
}
