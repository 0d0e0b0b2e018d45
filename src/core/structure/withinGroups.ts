/**
 * Structure within groups, combined into one headline number.
 *
 * Pooling respondents of groups whose means differ creates correlations that exist within no
 * group (Simpson's paradox): a model that gets every group's mean right and nothing else scores a
 * pooled structure r well above 0. When a condition's respondents stand for groups, its structure
 * is therefore judged within each group and the groups' statistics are combined, by the humans'
 * weighted shares of the headline partition (`headlineGroups`) when the config names one, else
 * with equal weights over the configured groups. The engine and the bootstrap both call these
 * functions, so the bootstrap's full-sample estimate is the engine's number bit for bit.
 */
import type { ResolvedExperiment } from '../config/resolved';
import { rowsWeight } from '../util/rowsWeight';

/** What these functions read of a population (a `Population` is one). */
export interface GroupedRows {
  /** Row lists: `all` and each group with respondents. */
  groupRows: ReadonlyMap<string, Uint32Array>;
  weights: Float64Array | undefined;
}

/** How the groups of a within-group headline are weighted. */
export type GroupWeighting = 'partition' | 'groups';

export interface GroupWeight {
  group: string;
  /** Share in the combination; the weights of one combination sum to 1. */
  weight: number;
}

export interface WithinGroupPlan {
  weighting: GroupWeighting;
  /** Groups with respondent-level matrices on both sides, in config order, weights summing to 1. */
  groups: GroupWeight[];
}

/** Sum of the population's weights over its rows in `group` (the row count when unweighted). */
function groupWeight(population: GroupedRows, group: string): number {
  const rows = population.groupRows.get(group);
  return rows ? rowsWeight(population.weights, rows) : 0;
}

/**
 * The groups a condition's within-group structure combines and their weights: the groups of
 * `headlineGroups` (weighted by the humans' weighted group sizes) or, without one, every
 * configured group (equal weights), kept only where both the humans and the condition have at
 * least `minGroupSizeForStructure` respondents (the groups the engine computes matrices for), and
 * renormalised over those. Undefined when no group qualifies (the headline then uses `all`).
 */
export function withinGroupPlan(
  experiment: Pick<ResolvedExperiment, 'metrics' | 'headlineGroups' | 'groups'>,
  human: GroupedRows,
  condition: Pick<GroupedRows, 'groupRows'>,
): WithinGroupPlan | undefined {
  const minimum = experiment.metrics.minGroupSizeForStructure;
  const weighting: GroupWeighting = experiment.headlineGroups.length > 0 ? 'partition' : 'groups';
  const candidates = weighting === 'partition' ? experiment.headlineGroups : experiment.groups.map((group) => group.name);
  const hasMatrices = (group: string) =>
    (human.groupRows.get(group)?.length ?? 0) >= minimum && (condition.groupRows.get(group)?.length ?? 0) >= minimum;
  const used = candidates.filter(hasMatrices);
  if (used.length === 0) return undefined;
  const raw = used.map((group) => (weighting === 'partition' ? groupWeight(human, group) : 1));
  const total = raw.reduce((sum, value) => sum + value, 0);
  return { weighting, groups: used.map((group, index) => ({ group, weight: total > 0 ? raw[index]! / total : 0 })) };
}
