/**
 * The experiment after parsing, validation and resolution: every path absolute, every item range
 * expanded, every scale known. The engine reads only this; `types.ts` is what users write.
 */
import type { SourceLocation } from '../errors';

export type Scale =
  /** Ordered integer codes `min..max`; distances use code positions. */
  | { type: 'ordinal'; min: number; max: number }
  /** Unordered categories with these codes. */
  | { type: 'nominal'; codes: number[] }
  /** Two unordered codes, e.g. WVS "mentioned" items: 1 mentioned, 2 not. */
  | { type: 'binary'; codes: [number, number] };

export interface ResolvedItem {
  /** The column name, e.g. `Q46`. */
  id: string;
  /** Short human label, e.g. `Feeling of happiness` (the id when none is known). */
  label: string;
  /** Undefined when neither the codebook nor the config gives one: the engine then infers an ordinal scale from the human data and warns. */
  scale: Scale | undefined;
  /** Answer-option text by code, used to read text answers and to label charts. */
  optionLabels: Record<string, string>;
  /** Where the item was named in the config (the list entry that produced it). */
  location?: SourceLocation;
}

/** One rule on one column; a group or filter matches a row when all its rules match. */
export type ColumnRule = (
  | { column: string; op: 'equals'; value: string | number }
  | { column: string; op: 'in'; values: (string | number)[] }
  | { column: string; op: 'notIn'; values: (string | number)[] }
  | { column: string; op: 'range'; min?: number; max?: number }
) & {
  /** Where the rule is written (its column key), e.g. for "column not in the data". */
  location?: SourceLocation;
};

export interface ResolvedGroup {
  name: string;
  /** All must hold. */
  rules: ColumnRule[];
  description?: string;
  location?: SourceLocation;
}

export type ConditionFormat = 'wide' | 'long' | 'jsonl';

export interface ResolvedCondition {
  name: string;
  description?: string;
  /** Absolute path. */
  file: string;
  format: ConditionFormat;
  /** Column (or JSONL field) naming the group each simulated respondent stands for. */
  groupColumn?: string;
  /** Long format: the respondent, item and answer columns. */
  respondentColumn: string;
  itemColumn: string;
  answerColumn: string;
  location?: SourceLocation;
}

export type CorrelationMethod = 'pearson' | 'spearman' | 'polychoric';

export interface ResolvedMetrics {
  correlation: CorrelationMethod[];
  /** Groups with fewer (unweighted) respondents than this get no respondent-level matrix. */
  minGroupSizeForStructure: number;
  /** A model cell is mode-collapsed when its most common answer has at least this share. */
  modeCollapseShare: number;
  /** A model cell is variance-collapsed when its variance is below this fraction of the human variance. */
  varianceCollapseRatio: number;
  /** Minimum valid answers in a cell for its divergences to be computed (smaller cells are reported, not scored). */
  minCellSize: number;
  /** Invalid model answers: left out (`exclude`) or counted as the farthest option (`worstCase`). */
  invalidAnswers: 'exclude' | 'worstCase';
  /** Compute the paper's correlation of group means (needs at least 3 groups). */
  groupMeanLevel: boolean;
  /** Items whose model invalid share exceeds this are flagged. */
  invalidShareWarning: number;
  polychoricThresholds: 'pairwise' | 'global';
  smoothPolychoric: boolean;
  /** Principal components compared; 0 skips the latent comparison. */
  components: number;
  /** Mantel permutations; 0 skips the test. */
  mantelPermutations: number;
  /** Bootstrap replicates; 0 skips the bootstrap. */
  bootstrap: number;
  /** Resample the humans too, within the headline groups (default true). */
  resampleHumans: boolean;
  /** False discovery rate of the per-item flags (Benjamini–Hochberg q at most this). */
  itemFdr: number;
}

export interface ResolvedExperiment {
  /** Absolute path of the config file. */
  configFile: string;
  /** sha256 of the config file's bytes, hex. */
  configHash: string;
  name: string;
  description?: string;
  /** The codebook file, when the config names one (its hash belongs in a run's provenance). */
  codebook?: {
    /** Absolute path. */
    file: string;
    /** sha256 of the codebook file's bytes, hex. */
    sha256: string;
  };
  human: {
    /** Absolute path. */
    file: string;
    /** Columns whose product is each respondent's weight; empty when unweighted. */
    weight: string[];
    /** Where `human.file` is written. */
    fileLocation?: SourceLocation;
    /** Where `human.weight` is written, when given. */
    weightLocation?: SourceLocation;
    /** Rows kept: all rules must hold. */
    filters: ColumnRule[];
  };
  /** Which codes are missing rather than answers. */
  missing: {
    /** Every negative code is missing (WVS convention). */
    negative: boolean;
    /** Further codes treated as missing, e.g. 99. */
    codes: number[];
  };
  items: ResolvedItem[];
  groups: ResolvedGroup[];
  /** Names of the groups of the headline partition (config order); empty: equal weights over `groups`. */
  headlineGroups: string[];
  conditions: ResolvedCondition[];
  metrics: ResolvedMetrics;
  seed: number;
  /** Absolute output folder; each run makes a new sub-folder in it. */
  output: string;
}
