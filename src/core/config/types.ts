/**
 * The experiment config as users write it (YAML or JSON). These types are the single source of
 * `media/repscope.schema.json` (see `scripts/generate-schema.js`): the JSDoc here becomes the
 * hover text and completion documentation in the editor, so it is written for the people who
 * write configs, not for the code. `resolved.ts` is what the engine reads after resolution.
 */
import type { GenerateConfig } from './generateTypes';


/**
 * A RepScope experiment: human survey data, the items to compare, the groups to compare them in,
 * and the model conditions whose simulated respondents are compared with the humans.
 * Relative paths are relative to the folder of this file.
 * @title RepScope experiment
 */
export interface ExperimentConfig {
  /**
   * A short name for the experiment, shown in reports and run folders.
   * @minLength 1
   * @example "Persona prompting vs fine-tuning"
   */
  name: string;
  /**
   * What the experiment compares, in a sentence or two.
   * @example "Two model conditions against WVS wave 7 respondents in Germany and the USA."
   */
  description?: string;
  /** The human survey data the model conditions are compared with. */
  human: HumanDataConfig;
  /**
   * Path of a codebook file (YAML or JSON) that maps item ids to their label and scale, e.g.
   * `Q46: { label: Feeling of happiness, type: ordinal, min: 1, max: 4 }`.
   * Entries in `scales` override it field by field.
   * @minLength 1
   * @example "codebook.yaml"
   */
  codebook?: string;
  /**
   * The items (survey questions) to compare, in report order. Each entry is an item id (`Q46`),
   * a range of ids with the same prefix (`Q1-Q6`, no spaces around the dash), or a named set
   * from `itemSets` (`@trust`). An item named twice is kept once, at its first place.
   * @minItems 1
   * @example ["Q1-Q6", "Q46", "@trust"]
   */
  items: ItemEntry[];
  /**
   * Named lists of items, used in `items` (or in another set) as `@name`.
   * @example { "trust": ["Q57", "Q58-Q63"] }
   */
  itemSets?: { [setName: string]: ItemEntry[] };
  /**
   * Label and scale of individual items, written like codebook entries. They override the
   * `codebook` file field by field, so `Q46: { label: Happiness }` keeps the codebook's scale.
   * An item with no scale here or in the codebook gets an ordinal scale inferred from the human
   * data, with a warning.
   * @example { "Q46": { "label": "Feeling of happiness", "type": "ordinal", "min": 1, "max": 4 } }
   */
  scales?: { [itemId: string]: ScaleOverride };
  /**
   * Groups of respondents to compare separately (e.g. left and right of centre). Each group is a
   * set of rules on columns of the human data, all of which must hold; write the rules directly,
   * or as `{ description, rules }`. Without groups, all respondents form one population.
   * @example { "left": { "Q240": [1, 2, 3] }, "female": { "Q260": 2 } }
   */
  groups?: { [groupName: string]: GroupDefinition };
  /**
   * The groups that form the headline partition, e.g. the countries: disjoint groups that together
   * stand for the population. Headline numbers combine these groups weighted by their weighted
   * share of the human respondents (as the source study does). Without it, headlines combine the
   * configured groups with equal weights (groups such as left/right and female/male may overlap),
   * and the results say which basis was used.
   * @example ["DEU", "USA", "JPN"]
   * @uniqueItems true
   */
  headlineGroups?: string[];
  /**
   * The model conditions: each names a file of simulated respondents (e.g. one per prompting
   * strategy or fine-tuned model).
   * @minProperties 1
   * @example { "persona": { "file": "model/persona.jsonl", "groupColumn": "group" } }
   */
  conditions: { [conditionName: string]: ConditionConfig };
  /** Thresholds and options of the comparison. Every field is optional. */
  metrics?: MetricsConfig;
  /**
   * Seed of the random number generator (bootstrap, permutations), so a run can be repeated
   * exactly.
   * @asType integer
   * @default 1
   * @example 20260101
   */
  seed?: number;
  /**
   * Folder in which each run makes a new sub-folder with its results.
   * @minLength 1
   * @default "runs"
   */
  output?: string;
}

/**
 * An entry of an item list: an item id (`Q46`), a range `Q1-Q6` (same prefix on both sides,
 * ascending numbers, no spaces), or `@name` for a set from `itemSets`.
 * @pattern ^(@[A-Za-z_][A-Za-z0-9_.-]*|[A-Za-z_][A-Za-z0-9_.]*|[A-Za-z_][A-Za-z0-9_.]*[0-9]+-[A-Za-z_][A-Za-z0-9_.]*[0-9]+)$
 * @patternErrorMessage Write an item id like `Q46`, a range like `Q1-Q6` (no spaces), or an item set like `@trust`.
 * @example "Q46"
 * @example "Q1-Q6"
 * @example "@trust"
 */
export type ItemEntry = string;

/** Where the human respondents come from and which of them count. */
export interface HumanDataConfig {
  /**
   * Path of the human survey data: a CSV or TSV file with one row per respondent and one column
   * per variable. WVS CsvTxt headers such as `Q1 Important in life: Family` are matched by
   * their leading id.
   * @minLength 1
   * @example "data/WVS_Cross-National_Wave_7_csv_v6_0.csv"
   */
  file: string;
  /**
   * Column holding each respondent's weight, or a product of columns written with `*`.
   * WVS: `W_WEIGHT` weights each country sample to its population; `W_WEIGHT*S018` also makes
   * every country count equally. Leave out for unweighted analysis.
   * @pattern ^\s*[^*\s][^*]*(\*\s*[^*\s][^*]*)*$
   * @patternErrorMessage Write one weight column (`W_WEIGHT`) or a product of columns (`W_WEIGHT*S018`).
   * @example "W_WEIGHT"
   * @example "W_WEIGHT*S018"
   */
  weight?: string;
  /**
   * Keep only the respondents for whom every rule holds, e.g. `{ B_COUNTRY_ALPHA: [DEU, USA] }`.
   * Same rule forms as in `groups`.
   * @example { "B_COUNTRY_ALPHA": ["DEU", "USA"] }
   */
  filter?: ColumnRules;
  /** Which answer codes mean "no answer" rather than an answer. */
  missing?: MissingCodesConfig;
}

/** Which answer codes are missing values. */
export interface MissingCodesConfig {
  /**
   * Treat every negative code as missing (WVS convention: -1 don't know, -2 no answer,
   * -3 not applicable, -4 not asked, -5 missing).
   * @default true
   */
  negative?: boolean;
  /**
   * Further codes that are missing, e.g. `[99]`.
   * @default []
   * @example [99]
   */
  codes?: Integer[];
}

/**
 * A whole number.
 * @asType integer
 */
export type Integer = number;

/** A value in a data column: a number (`2`) or a text (`DEU`). */
export type ColumnValue = string | number;

/**
 * Rules on columns of the human data, by column name; a respondent matches when every rule holds.
 * @example { "Q240": [1, 2, 3], "B_COUNTRY_ALPHA": "DEU" }
 */
export interface ColumnRules {
  [column: string]: ColumnCondition;
}

/**
 * A rule on one column: a value (`2`, equals), a list (`[1, 2, 3]`, any of them),
 * `{ in: [...] }`, `{ notIn: [...] }`, `{ equals: x }`, or a range `{ min: 8, max: 10 }`
 * (bounds inclusive, either optional).
 * @errorMessage A rule is a value (`2`), a list (`[1, 2, 3]`), `{ in: [...] }`, `{ notIn: [...] }`, `{ equals: x }` or a range `{ min: 8, max: 10 }`.
 */
export type ColumnCondition = ColumnValue | ColumnValue[] | InCondition | NotInCondition | EqualsCondition | RangeCondition;

/** The column's value is one of these. */
export interface InCondition {
  /**
   * The allowed values.
   * @minItems 1
   * @example [1, 2, 3]
   */
  in: ColumnValue[];
}

/** The column's value is none of these. */
export interface NotInCondition {
  /**
   * The excluded values.
   * @minItems 1
   * @example ["DEU"]
   */
  notIn: ColumnValue[];
}

/** The column's value is exactly this. */
export interface EqualsCondition {
  /**
   * The required value.
   * @example 2
   */
  equals: ColumnValue;
}

/**
 * The column's numeric value lies between `min` and `max`, both inclusive; either may be left out.
 * @minProperties 1
 */
export interface RangeCondition {
  /**
   * Smallest value kept (inclusive).
   * @example 8
   */
  min?: number;
  /**
   * Largest value kept (inclusive).
   * @example 10
   */
  max?: number;
}

/**
 * A group of respondents: rules on columns written directly (`{ Q240: [1, 2, 3] }`), or with a
 * description as `{ description: ..., rules: { ... } }`. In the direct form, `description` and
 * `rules` cannot be column names.
 * @errorMessage A group is a set of rules such as `{ Q240: [1, 2, 3] }`, or `{ description: ..., rules: { ... } }`.
 */
export type GroupDefinition = ColumnRules | DescribedGroup;

/** A group with a description. */
export interface DescribedGroup {
  /**
   * What the group stands for.
   * @example "Under 30 and left of centre"
   */
  description?: string;
  /**
   * Rules on columns; all must hold.
   * @example { "Q262": { "max": 29 }, "Q240": { "in": [1, 2, 3] } }
   */
  rules: ColumnRules;
}

/** Kinds of answer scale. */
export type ScaleType = 'ordinal' | 'nominal' | 'binary';

/** Fields shared by codebook entries and their overrides in `scales`. */
export interface ScaleFields {
  /**
   * Short label of the item, used in reports and charts.
   * @example "Feeling of happiness"
   */
  label?: string;
  /**
   * Ordinal scales: the lowest answer code. Taken from the `options` codes when left out.
   * @asType integer
   * @example 1
   */
  min?: number;
  /**
   * Ordinal scales: the highest answer code. Taken from the `options` codes when left out.
   * @asType integer
   * @example 4
   */
  max?: number;
  /**
   * Nominal and binary scales: the answer codes. Taken from the `options` codes when left out;
   * binary items with neither default to `[1, 2]` (the WVS "mentioned" convention: 1 mentioned,
   * 2 not mentioned).
   * @minItems 1
   * @example [1, 2, 3, 4]
   */
  codes?: Integer[];
  /**
   * Answer text by code, used to read text answers and to label charts.
   * @propertyNames { "pattern": "^-?[0-9]+$" }
   * @example { "1": "Very happy", "2": "Rather happy", "3": "Not very happy", "4": "Not at all happy" }
   */
  options?: { [code: string]: string };
}

/** One item of a codebook: its label and answer scale. */
export interface CodebookEntry extends ScaleFields {
  /**
   * `ordinal`: ordered codes `min`..`max` (e.g. 1-4 agreement); `nominal`: unordered categories
   * (`codes`); `binary`: two unordered codes (`codes`, default `[1, 2]`).
   */
  type: ScaleType;
}

/** An item's label and scale in the config; fields left out are taken from the codebook file. */
export interface ScaleOverride extends ScaleFields {
  /**
   * `ordinal`: ordered codes `min`..`max` (e.g. 1-4 agreement); `nominal`: unordered categories
   * (`codes`); `binary`: two unordered codes (`codes`, default `[1, 2]`). Needed unless the
   * codebook file gives it.
   */
  type?: ScaleType;
}

/**
 * A codebook file: item id -> label and scale.
 * @title RepScope codebook
 * @example { "Q46": { "label": "Feeling of happiness", "type": "ordinal", "min": 1, "max": 4 } }
 */
export interface Codebook {
  [itemId: string]: CodebookEntry;
}

/** Layouts of a file of simulated respondents. */
export type ConditionFormatName = 'wide' | 'long' | 'jsonl';

/** A model condition: a file of simulated respondents. */
export interface ConditionConfig {
  /**
   * Path of the simulated respondents. `.csv`, `.tsv` and `.txt` files are read as `wide`
   * (one row per respondent, one column per item), `.jsonl` and `.ndjson` as `jsonl` (one JSON
   * object per line), unless `format` says otherwise.
   * With `generate`, the file the generated respondents are written to (default
   * `generated/<condition>.jsonl`). A condition needs `file`, `generate` or both.
   * @minLength 1
   * @example "model/persona.jsonl"
   */
  file?: string;
  /** Ask a model the survey to make this condition's respondents (`repscope generate`). */
  generate?: GenerateConfig;
  /**
   * Layout of the file: `wide` (a row per respondent, a column per item), `long` (a row per
   * respondent and item) or `jsonl` (a JSON object per respondent). Default: from the file
   * extension.
   */
  format?: ConditionFormatName;
  /**
   * Column (or JSONL field) naming the group each simulated respondent stands for.
   * @minLength 1
   * @example "group"
   */
  groupColumn?: string;
  /**
   * What the condition is, e.g. the prompting strategy or the model.
   * @example "Persona prompting of the base model"
   */
  description?: string;
  /** Long format: names of the respondent, item and answer columns. */
  columns?: LongFormatColumns;
}

/** Column names of a long-format file. */
export interface LongFormatColumns {
  /**
   * Column identifying the simulated respondent.
   * @minLength 1
   * @default "id"
   */
  respondent?: string;
  /**
   * Column holding the item id.
   * @minLength 1
   * @default "item"
   */
  item?: string;
  /**
   * Column holding the answer (a code or an option text).
   * @minLength 1
   * @default "answer"
   */
  answer?: string;
}

/** Correlation coefficients. */
export type CorrelationMethodName = 'pearson' | 'spearman' | 'polychoric';

/** Thresholds and options of the comparison. */
export interface MetricsConfig {
  /**
   * Correlation coefficients used for the correlation structure.
   * @minItems 1
   * @uniqueItems true
   * @default ["pearson", "spearman"]
   */
  correlation?: CorrelationMethodName[];
  /**
   * Groups with fewer (unweighted) respondents than this get no respondent-level correlation
   * matrix.
   * @asType integer
   * @minimum 3
   * @default 100
   */
  minGroupSizeForStructure?: number;
  /**
   * A model's answers to an item in a group count as mode-collapsed when the most common answer
   * has at least this share.
   * @exclusiveMinimum 0
   * @maximum 1
   * @default 0.9
   */
  modeCollapseShare?: number;
  /**
   * A model's answers to an item in a group count as variance-collapsed when their variance is
   * below this fraction of the human variance.
   * @exclusiveMinimum 0
   * @maximum 1
   * @default 0.5
   */
  varianceCollapseRatio?: number;
  /**
   * What a model's invalid answer (a refusal, an unparseable reply, an option out of range) counts
   * as in the distances. `exclude`: left out of the distribution; the answer coverage beside the
   * distance shows how many were left out. `worstCase`: counted as the option that puts the model
   * farthest from the humans, so that refusing can only cost. Either way a cell with fewer than
   * `minCellSize` valid answers enters the headline at the worst distance, 1.
   * @default "exclude"
   */
  invalidAnswers?: 'exclude' | 'worstCase';
  /**
   * Fewest valid answers an item needs in a group for its divergences to be computed. A human
   * cell below it takes the item out of the common item set of the headlines (listed in the
   * results); a model cell below it is scored at the worst distance, 1.
   * @asType integer
   * @minimum 1
   * @default 10
   */
  minCellSize?: number;
  /**
   * Also compute the correlation of group means (the ecological measure of "Beyond Marginal
   * Distributions"); needs at least 3 groups.
   * @default true
   */
  groupMeanLevel?: boolean;
  /**
   * Items whose share of unusable model answers exceeds this are flagged.
   * @minimum 0
   * @maximum 1
   * @default 0.1
   */
  invalidShareWarning?: number;
  /**
   * Where polychoric thresholds come from: `pairwise` (each item's marginal over the pair's
   * complete cases, the classic two-step estimator) or `global` (each item's own marginal over
   * all its answers, as `psych::polychoric`'s default).
   * @default "pairwise"
   */
  polychoricThresholds?: 'pairwise' | 'global';
  /**
   * Make polychoric matrices positive semidefinite (eigenvalues below 1e-12 raised, then
   * rescaled to a unit diagonal, as `psych::cor.smooth`) before they are compared.
   * @default false
   */
  smoothPolychoric?: boolean;
  /**
   * Principal components of the human correlation matrix whose loadings are compared with each
   * condition's (Tucker's congruence after Procrustes alignment). 0 skips the latent comparison.
   * @asType integer
   * @minimum 0
   * @maximum 10
   * @default 3
   */
  components?: number;
  /**
   * Permutations of the Mantel test between human and model correlation matrices. 0 skips it.
   * @asType integer
   * @minimum 0
   * @default 999
   */
  mantelPermutations?: number;
  /**
   * Bootstrap replicates for confidence intervals (percentile, 95 %). 0 skips the bootstrap.
   * @asType integer
   * @minimum 0
   * @default 1000
   */
  bootstrap?: number;
  /**
   * Also resample the human respondents in each bootstrap replicate (with their weights), so the
   * intervals include the uncertainty of the human reference, not only of the model sample. The
   * humans are resampled within the groups of `headlineGroups` (one more stratum for respondents
   * in none of them), or as one sample without headline groups. Every condition of a replicate
   * is compared with the same human resample, so differences between conditions are paired.
   * @default true
   */
  resampleHumans?: boolean;
  /**
   * False discovery rate of the per-item flags: in each condition and group, an item is flagged
   * as differing from the humans when its Benjamini–Hochberg adjusted p-value (q) is at most
   * this. The p-value is Pearson's chi-square test of the model's against the humans' answer
   * distribution, the human counts scaled to their effective sample size under the weights.
   * @exclusiveMinimum 0
   * @exclusiveMaximum 1
   * @default 0.05
   */
  itemFdr?: number;
}
