/**
 * What the marginal headlines average over, decided once from the human data and the config, so
 * the engine and the bootstrap use the same plan and no model answer can change it:
 * - the groups and their weights: the human weighted shares of `headlineGroups` (a partition, as
 *   the source study combines subgroups), else equal weights over the configured groups, else
 *   `all` alone;
 * - the common item set: items whose human cell has `minCellSize` valid answers (and a positive
 *   weight) in `all` and in every weighted group.
 */
import type { ResolvedExperiment } from '../config/resolved';
import type { PreparedItem } from '../model/items';
import type { Population } from '../model/population';
import { rowsWeight } from '../util/rowsWeight';
import type { MarginalPlan } from '../model/marginalPlan';
import { ALL_GROUP } from '../results/types';
import type { CellTally } from './marginals';

export type { MarginalPlan };

function headlineGroupWeights(experiment: ResolvedExperiment, human: Population): Pick<MarginalPlan, 'groupWeighting' | 'groupWeights'> {
  if (experiment.headlineGroups.length > 0) {
    const sizes = experiment.headlineGroups.map((group) => rowsWeight(human.weights, human.groupRows.get(group) ?? new Uint32Array(0)));
    const total = sizes.reduce((sum, size) => sum + size, 0);
    return {
      groupWeighting: 'partition',
      groupWeights: experiment.headlineGroups.map((group, index) => ({ group, weight: total > 0 ? sizes[index]! / total : 0 })),
    };
  }
  const present = experiment.groups.map((group) => group.name).filter((name) => (human.groupRows.get(name)?.length ?? 0) > 0);
  if (present.length === 0) return { groupWeighting: 'none', groupWeights: [{ group: ALL_GROUP, weight: 1 }] };
  return { groupWeighting: 'groups', groupWeights: present.map((group) => ({ group, weight: 1 / present.length })) };
}

export function marginalPlan(
  experiment: ResolvedExperiment,
  items: readonly PreparedItem[],
  human: Population,
  humanTally: (itemIndex: number, group: string) => CellTally | undefined,
): MarginalPlan {
  const weighting = headlineGroupWeights(experiment, human);
  const groups = [ALL_GROUP, ...weighting.groupWeights.map((entry) => entry.group).filter((group) => group !== ALL_GROUP)];
  const commonItems: number[] = [];
  const excludedItems: MarginalPlan['excludedItems'] = [];
  items.forEach((item, index) => {
    const short = groups.filter((group) => {
      const summary = humanTally(index, group)?.summary;
      return !summary || summary.nValid < experiment.metrics.minCellSize || !(summary.weightValid > 0);
    });
    if (short.length === 0) commonItems.push(index);
    else {
      excludedItems.push({
        item: item.id,
        reason: `fewer than minCellSize = ${experiment.metrics.minCellSize} valid human answers in ${short.slice(0, 5).join(', ')}${short.length > 5 ? ', ...' : ''}`,
      });
    }
  });
  return { ...weighting, commonItems, excludedItems };
}
