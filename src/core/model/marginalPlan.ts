/**
 * What the marginal headlines average over (decided by engine/marginalPlan.ts from the human data
 * and the config, and read by the bootstrap): the groups with their weights, and the one common
 * item set. No model answer can change it.
 */
export interface MarginalPlan {
  /** `partition`: human weighted shares of `headlineGroups`; `groups`: equal weights over the configured groups; `none`: `all` alone. */
  groupWeighting: 'partition' | 'groups' | 'none';
  /** Groups of the headline with weights summing to 1; `all` alone when there are no groups. */
  groupWeights: { group: string; weight: number }[];
  /** Indices into the prepared items, ascending. */
  commonItems: number[];
  /** Items left out of the common set, and why. */
  excludedItems: { item: string; reason: string }[];
}
