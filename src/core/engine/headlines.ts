/**
 * One headline row per condition: the marginal distance on its basis (groups or `all`), the
 * respondent-level structure r, RMSE and concordance with the first configured method on its
 * basis (within groups or `all`), and the group-mean r.
 */
import type { ResolvedExperiment } from '../config/resolved';
import type { Population } from '../model/population';
import { ALL_GROUP, type ConditionInfo, type Headline, type MarginalAggregate, type StructureResults } from '../results/types';

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
 * A condition whose respondents stand for groups is judged on its groups (weighted by its
 * respondents per group), not on a pooled mix of personas; otherwise on its `all` cell.
 */
function headlineMarginalDistance(
  condition: Population,
  info: ConditionInfo,
  aggregates: readonly MarginalAggregate[],
): Pick<Headline, 'marginalDistance' | 'marginalBasis'> {
  const conditionAggregates = aggregates.filter((aggregate) => aggregate.condition === condition.name);
  const groupAggregates = conditionAggregates.filter((aggregate) => aggregate.group !== ALL_GROUP && aggregate.distance !== null);
  if (info.groupAssignment !== 'none' && groupAggregates.length > 0) {
    let weighted = 0;
    let weightSum = 0;
    for (const aggregate of groupAggregates) {
      const size = condition.groupRows.get(aggregate.group)?.length ?? 0;
      weighted += aggregate.distance! * size;
      weightSum += size;
    }
    return { marginalDistance: weightSum > 0 ? weighted / weightSum : null, marginalBasis: 'groups' };
  }
  return { marginalDistance: conditionAggregates.find((aggregate) => aggregate.group === ALL_GROUP)?.distance ?? null, marginalBasis: 'all' };
}

export function headlinesOf(
  experiment: ResolvedExperiment,
  conditions: readonly Population[],
  infos: readonly ConditionInfo[],
  aggregates: readonly MarginalAggregate[],
  structure: StructureResults,
): Headline[] {
  const method = experiment.metrics.correlation[0] ?? null;
  return conditions.map((condition, index) => {
    const groupMean = structure.comparisons.find((c) => c.condition === condition.name && c.level === 'groupMean');
    return {
      condition: condition.name,
      ...headlineMarginalDistance(condition, infos[index]!, aggregates),
      ...headlineStructure(condition.name, infos[index]!, method, structure),
      structureMethod: method,
      groupMeanR: groupMean?.r ?? null,
      nRespondents: condition.nRows,
    };
  });
}
