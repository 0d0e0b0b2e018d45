/**
 * One headline row per condition: the marginal distance on its basis (groups or `all`), the
 * respondent-level structure r and RMSE of group `all` with the first configured method, and the
 * group-mean r.
 */
import type { ResolvedExperiment } from '../config/resolved';
import type { Population } from '../model/population';
import { ALL_GROUP, type ConditionInfo, type Headline, type MarginalAggregate, type StructureResults } from '../results/types';

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
    const respondentAll = structure.comparisons.find(
      (c) => c.condition === condition.name && c.group === ALL_GROUP && c.level === 'respondent' && c.method === method,
    );
    const groupMean = structure.comparisons.find((c) => c.condition === condition.name && c.level === 'groupMean');
    return {
      condition: condition.name,
      ...headlineMarginalDistance(condition, infos[index]!, aggregates),
      structureR: respondentAll?.r ?? null,
      structureRmse: respondentAll?.rmse ?? null,
      structureMethod: method,
      groupMeanR: groupMean?.r ?? null,
      nRespondents: condition.nRows,
    };
  });
}
