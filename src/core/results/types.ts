/**
 * The results file: one JSON document per run, written by the CLI and by the editor alike, read
 * by the panel, hovers and later runs. Bump `RESULTS_SCHEMA_VERSION` on any incompatible change
 * and teach `readRunResults` (./read.ts) to migrate the older version or to name it.
 *
 * Conventions: every number that could not be computed is `null` (JSON has no NaN) and the
 * reason is in `warnings`; matrices are stored as their strict upper triangle, row-major over
 * `items` order (i < j), so a P-item matrix has P(P-1)/2 entries.
 */
import type { CorrelationMethod, ResolvedExperiment, Scale } from '../config/resolved';
import type { InvalidKind } from '../data/types';
import type { InferenceResults } from './inference';

export const RESULTS_SCHEMA_VERSION = 2;
export const RESULTS_FILE_NAME = 'results.json';

/** The whole-population pseudo-group every run has. Configured groups cannot use this name. */
export const ALL_GROUP = 'all';
/** The human reference population; conditions cannot use this name. */
export const HUMAN_POPULATION = 'human';

export interface RunResults {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  tool: { name: 'repscope'; version: string };
  run: RunInfo;
  config: {
    /** Absolute path when the run was made. */
    path: string;
    sha256: string;
    resolved: ResolvedExperiment;
  };
  inputs: InputFileInfo[];
  seed: number;
  items: ItemInfo[];
  groups: GroupInfo[];
  conditions: ConditionInfo[];
  /** One line per condition: what the CLI table, the CodeLens and the panel's overview show first. */
  headlines: Headline[];
  marginals: MarginalResults;
  structure: StructureResults;
  /** Bootstrap intervals, paired differences, baselines and fidelity; null when `metrics.bootstrap` is 0. */
  inference: InferenceResults | null;
  /** Inglehart–Welzel positions, when the experiment's items allow both dimensions. */
  culturalMap: CulturalMap | null;
  warnings: Warning[];
}

export interface CulturalMap {
  /** Indicator codes used per dimension (e.g. F063, Y003), at least 3 of 5 each. */
  indicators: { traditionalSecular: string[]; survivalSelfExpression: string[] };
  /** How scores are computed (see src/core/culture/inglehartWelzel.ts). */
  method: string;
  points: CulturalMapPoint[];
}

export interface CulturalMapPoint {
  population: string;
  group: string;
  /** Mean z-score index: higher is more secular-rational. */
  traditionalSecular: number | null;
  /** Mean z-score index: higher is more self-expression. */
  survivalSelfExpression: number | null;
  /** Respondents with a score on both dimensions' indices (the smaller of the two). */
  n: number;
}

export interface Headline {
  condition: string;
  /**
   * Marginal distance (normalised W1 for ordinal items, TV otherwise; lower is closer): the
   * equal-weight mean over the common items, cells the model could not be scored on at 1. When
   * the condition's respondents stand for groups, the groups' values combined with
   * `MarginalResults.groupWeights` (`basis: 'partition'` or `'groups'`), so a condition is not
   * judged on a pooled mix of personas; otherwise the `all` cell (`basis: 'all'`).
   */
  marginalDistance: number | null;
  marginalBasis: 'partition' | 'groups' | 'all';
  /** Answer coverage on the same basis: the share of valid answers, co-primary with the distance. */
  marginalCoverage: number | null;
  /** Cells of this condition counted at the worst distance (too few valid answers), on the basis's groups. */
  marginalCellsAtWorst: number;
  /**
   * Pearson r between human and model respondent-level matrices (first configured method) on the
   * `structureBasis`: when the condition's respondents stand for groups, the within-group r
   * combined over `structureGroups` (see `StructureResults.withinGroup`), so the mix of personas
   * cannot create structure (Simpson's paradox); otherwise group `all`.
   */
  structureR: number | null;
  structureRmse: number | null;
  /** Lin's concordance between the human and model correlations, on the same basis as `structureR`. */
  structureConcordance: number | null;
  /**
   * `partition`: within-group values combined by the humans' weighted shares of `headlineGroups`;
   * `groups`: combined with equal weights over the configured groups; `all`: the pooled group `all`.
   */
  structureBasis: 'partition' | 'groups' | 'all';
  /** Groups combined into the structure headline (empty on the `all` basis). */
  structureGroups: string[];
  /** Structure r of the pooled group `all`, whatever the basis (equals `structureR` on the `all` basis). */
  pooledStructureR: number | null;
  structureMethod: CorrelationMethod | null;
  /** Pearson r between human and model correlations of group means (the source study's measure). */
  groupMeanR: number | null;
  nRespondents: number;
}

export interface RunInfo {
  /** Folder name of the run, e.g. `2026-11-27T10-15-00-123Z_ab12cd`. */
  id: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** `cli` or `vscode`. */
  host: string;
}

export interface InputFileInfo {
  role: 'human' | 'condition' | 'codebook';
  /** Condition name for condition files. */
  name?: string;
  path: string;
  sha256: string;
  bytes: number;
  /** Data rows read (respondents for wide files, lines for long files). */
  rows?: number;
}

export interface ItemInfo {
  id: string;
  label: string;
  scale: Scale;
  /** True when the scale came from the data rather than the codebook or config. */
  scaleInferred: boolean;
  /** Category codes in scale order (the positions of every distribution in this file). */
  codes: number[];
  optionLabels: Record<string, string>;
}

export interface GroupInfo {
  name: string;
  description?: string;
  /** Human respondents in the group after filters (unweighted). */
  nHuman: number;
  /** Sum of human weights in the group (equals nHuman when unweighted). */
  weightHuman: number;
  /** Simulated respondents standing for this group, per condition. */
  nByCondition: Record<string, number>;
}

export interface ConditionInfo {
  name: string;
  description?: string;
  file: string;
  format: string;
  nRespondents: number;
  /** How this condition's respondents were assigned to groups. */
  groupAssignment: 'tag' | 'rules' | 'none';
}

/** Share of missing/invalid answers by kind: survey codes as `code:-1`, model sentinels by name. */
export type MissingShares = Record<string, number>;

export interface DistributionSummary {
  /** Respondents in the cell (unweighted), valid or not. */
  n: number;
  /** Respondents with a valid answer. */
  nValid: number;
  /** Sum of weights of valid answers. */
  weightValid: number;
  /** Probability per category (in `ItemInfo.codes` order); null when no valid answer. */
  distribution: number[] | null;
  mean: number | null;
  variance: number | null;
  /** Counts of each missing/invalid kind (unweighted). */
  missing: Record<string, number>;
}

export interface MarginalCell {
  item: string;
  group: string;
  condition: string;
  human: DistributionSummary;
  model: DistributionSummary;
  /** W1 / (max - min) on ordinal items; null elsewhere. */
  wasserstein: number | null;
  totalVariation: number | null;
  jensenShannon: number | null;
  hellinger: number | null;
  /** The source study's marginal distance: normalised W1 for ordinal items, TV otherwise. */
  distance: number | null;
  /** model variance / human variance (ordinal items). */
  varianceRatio: number | null;
  varianceCollapsed: boolean;
  modeShare: number | null;
  modeCollapsed: boolean;
  /** Share of the model's answers that were refusals, unparseable or out of range. */
  invalidShare: number | null;
  /** The model's refusals, unparseable replies and options out of range. */
  invalidCount: number;
  /** Answer coverage: the model's valid answers / its respondents in the cell; null without respondents. */
  coverage: number | null;
  /**
   * True when the model cell has fewer than `minCellSize` valid answers while the human cell is
   * scorable: its divergences are null here, and it enters the aggregates at the worst distance 1.
   */
  scoredAtWorst: boolean;
  /** Why the divergences are null, when they are. */
  note?: string;
  /**
   * Pearson chi-square test that the model's answer distribution equals the humans' (human
   * counts scaled to Kish's effective sample size; engine/itemTests.ts); null for a cell not scored.
   */
  pValue: number | null;
  /** Benjamini–Hochberg adjusted p-value over the items of this condition × group; null when not tested. */
  qValue: number | null;
  /** q ≤ `metrics.itemFdr`: the item's answers differ from the humans' at that false discovery rate; null when not tested. */
  flagged: boolean | null;
}

export interface MarginalAggregate {
  condition: string;
  group: string;
  /** Items averaged: the common item set (`MarginalResults.commonItems`). */
  nItems: number;
  /** Of those, cells the model could not be scored on, counted at the worst distance 1. */
  nScoredAtWorst: number;
  /**
   * Equal-weight means over the common items; a cell the model could not be scored on counts at
   * the worst value 1 (every divergence here is in [0, 1]).
   */
  distance: number | null;
  wasserstein: number | null;
  totalVariation: number | null;
  jensenShannon: number | null;
  hellinger: number | null;
  /** 1 - distance: OpinionQA-style representativeness. */
  representativeness: number | null;
  /** Mean answer coverage over the common items (valid answers / respondents). */
  coverage: number | null;
  varianceCollapsedItems: number;
  modeCollapsedItems: number;
  flaggedInvalidItems: string[];
}

export interface MarginalResults {
  cells: MarginalCell[];
  /** One per condition x group, including the `all` group (the headline). */
  aggregates: MarginalAggregate[];
  /**
   * The one item set every condition and group is averaged over: items whose human cell is
   * scorable (`minCellSize` valid answers) in `all` and in every headline group. Which answers a
   * model gives cannot change it.
   */
  commonItems: string[];
  /** Items left out of the common set, and why. */
  excludedItems: { item: string; reason: string }[];
  /** How the headline combines groups: the groups and their weights (summing to 1). */
  groupWeights: { group: string; weight: number }[];
  /** `partition`: human weighted shares of `headlineGroups`; `groups`: equal weights over the configured groups. */
  groupWeighting: 'partition' | 'groups' | 'none';
}

export interface CorrelationMatrixResult {
  population: string;
  group: string;
  method: CorrelationMethod;
  level: 'respondent' | 'groupMean';
  /** Upper triangle, row-major; null where undefined (no variance, too few pairs). */
  values: (number | null)[];
  /** Pairwise-complete sample size: per pair (upper triangle) for respondent level; number of groups for the group-mean level. */
  n: number[];
}

export interface MatrixComparison {
  condition: string;
  group: string;
  method: CorrelationMethod;
  level: 'respondent' | 'groupMean';
  /** Pearson r between the human and model upper triangles. */
  r: number | null;
  /** Lin's concordance correlation coefficient between the same upper triangles (sensitive to scale and shift). */
  concordance: number | null;
  rmse: number | null;
  meanAbsoluteDifference: number | null;
  frobenius: number | null;
  /** Pairs defined for the humans: the pairs every statistic above is computed over. */
  nPairs: number;
  /**
   * Of `nPairs`, pairs undefined for the model (e.g. an item it answers with one constant value),
   * counted with model correlation 0 so that collapse lowers the score instead of leaving it.
   */
  nPairsImputed: number;
  /** RMSE of each item's row of correlation differences (items order); null where undefined. */
  itemRowError: (number | null)[];
}

export interface StructureResults {
  /** Item order of every matrix. */
  items: string[];
  matrices: CorrelationMatrixResult[];
  comparisons: MatrixComparison[];
  /** Group means rescaled to [0,1], per population x group x item (the group-mean level's input). */
  groupMeans: { population: string; group: string; means: (number | null)[] }[];
  /**
   * Per condition whose respondents stand for groups: the respondent-level comparisons (first
   * method) of the groups with matrices on both sides, combined into the structure headline.
   */
  withinGroup: WithinGroupStructure[];
  /** Principal components of the human matrix vs each condition's, per group with matrices on both sides (`all` first), first method. */
  latent: LatentComparison[];
  /** Mantel tests of human vs condition matrices, per group with matrices on both sides (`all` first), first method. */
  mantel: MantelSummary[];
}

export interface WithinGroupStructure {
  condition: string;
  method: CorrelationMethod;
  /** `partition`: weights are the humans' weighted shares of `headlineGroups`; `groups`: equal weights over the configured groups. */
  weighting: 'partition' | 'groups';
  /**
   * The groups combined and their weights (summing to 1): the groups of the weighting with at
   * least `minGroupSizeForStructure` respondents on both sides. A group whose statistic is
   * undefined is left out of that statistic's mean and the others' weights renormalised.
   */
  groups: { group: string; weight: number }[];
  r: number | null;
  rmse: number | null;
  meanAbsoluteDifference: number | null;
  concordance: number | null;
  /** Pairs imputed (model correlation undefined, counted as 0), summed over the groups. */
  nPairsImputed: number;
}

export interface LatentComparison {
  condition: string;
  /** The group whose matrices are compared (`all`: the pooled populations). */
  group: string;
  method: CorrelationMethod;
  components: number;
  /**
   * Items in the analysis: those with every human correlation defined (the model's undefined
   * correlations count as 0 and its undefined diagonal as 1, so a collapsed item stays in).
   */
  items: string[];
  excludedItems: string[];
  /** Share of the total variance explained by each component. */
  humanExplained: number[];
  modelExplained: number[];
  /** Tucker's congruence per component after orthogonal Procrustes alignment to the human loadings. */
  congruence: (number | null)[];
  overallCongruence: number | null;
  /** Lorenzo-Seva & ten Berge (2006): >= .95 equal, >= .85 fair, below dissimilar. */
  bands: (string | null)[];
  /** items x components, row-major. */
  humanLoadings: (number | null)[];
  modelLoadingsAligned: (number | null)[];
}

export interface MantelSummary {
  condition: string;
  /** The group whose matrices are compared (`all`: the pooled populations). */
  group: string;
  method: CorrelationMethod;
  /** Pearson r between the upper triangles (the model's undefined correlations counted as 0, as in `MatrixComparison.r`). */
  statistic: number | null;
  /** One-sided permutation p-value, (1 + #{r_perm >= r}) / (1 + permutations). */
  pValue: number | null;
  permutations: number;
  pairs: number;
}

export type WarningCode =
  | 'itemDropped'
  | 'scaleInferred'
  | 'cellTooSmall'
  | 'groupEmpty'
  | 'groupTooSmallForStructure'
  | 'invalidShareHigh'
  | 'codeOutsideScale'
  | 'zeroVariance'
  | 'weightsZero'
  | 'ignoredItems'
  | 'groupMeanLevelSkipped'
  | 'unknownGroupTag'
  | 'polychoricPairs'
  | 'latentSkipped'
  | 'culturalMapPartial'
  | 'itemsOutsideCommonSet'
  | 'cellScoredAtWorst'
  | 'headlineGroupMissing'
  | 'headlineGroupsOverlap'
  | 'pooledStructureDiffers';

export interface Warning {
  code: WarningCode;
  message: string;
  item?: string;
  group?: string;
  condition?: string;
}

export type { InvalidKind };
