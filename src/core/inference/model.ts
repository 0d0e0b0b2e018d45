/**
 * What the bootstrap needs from an evaluation, gathered once on the calling thread into plain
 * data (typed arrays, numbers, strings) that worker threads receive as is.
 */
import type { CorrelationMethod, ResolvedExperiment } from '../config/resolved';
import type { Population } from '../model/population';
import { INVALID_KEYS, MISSING_CATEGORY, type CategorizedColumn, type PreparedItem } from '../model/items';
import type { MarginalPlan } from '../model/marginalPlan';
import { ALL_GROUP, type ConditionInfo } from '../results/types';
import { withinGroupPlan, type GroupWeighting } from '../structure/withinGroups';
import { independenceNull, itemMasses, type WeightedRows } from './independenceNull';
import type { ItemModel } from './marginals';
import { ESTIMATE_REPLICATE, ReplicateRandom } from './random';
import { headlineStrata, membershipStrata } from './resample';
import { encodeRowsOf, structureLayout, type EncodedRows, type PolychoricSettings, type StructureLayout } from './tables';
import type { InferenceSettings } from './types';

/**
 * The engine's state at the end of `evaluateExperiment`, which the bootstrap starts from:
 * `computeInference({ experiment, items: prepared, human: humanPopulation, conditions, conditionInfos }, ...)`.
 */
export interface InferenceContext {
  experiment: ResolvedExperiment;
  /** The prepared items, in the order of the populations' columns. */
  items: readonly PreparedItem[];
  human: Population;
  conditions: readonly Population[];
  /** Per condition, in `conditions` order: its name and how its respondents were assigned to groups (the headline's basis). */
  conditionInfos: readonly Pick<ConditionInfo, 'name' | 'groupAssignment'>[];
  /** The engine's marginal plan: common items and group weights of the headline. */
  marginalPlan: MarginalPlan;
}

/** The marginal plan as the replicates read it. */
export interface MarginalPlanModel {
  /** Indices into `items`, ascending. */
  commonItems: Int32Array;
  /** Indices into `groupNames` with their weights; `all` alone when the plan has no groups. */
  groups: { group: number; weight: number }[];
  weighting: MarginalPlan['groupWeighting'];
  /** Invalid model answers on the farthest option (`metrics.invalidAnswers: worstCase`). */
  worstCase: boolean;
}

export interface PopulationModel {
  name: string;
  nRows: number;
  /** Column-major category bytes of every prepared item: `categories[item * nRows + row]`, 255 = missing. */
  categories: Uint8Array;
  /** Survey weight per row; null when every row counts 1. */
  weights: Float64Array | null;
  /** Rows of each of the model's `groupNames` (`all` first); null where the engine has no row list for the group. */
  groupRows: (Uint32Array | null)[];
  /** Rows resampled together (sizes kept). */
  strata: Uint32Array[];
  /** Structural items encoded for the pair-table kernel; null when the population's structure is not compared. */
  encoded: EncodedRows | null;
  /** Respondents behind the rows, when rows were split (the independence null); else nRows. */
  respondents?: number;
}

/** One group's rows of a population, encoded on their own for the pair-table kernel. */
export interface GroupStructureModel {
  /** Index into the model's `groupNames`. */
  group: number;
  /** The population's rows in the group (indices into its rows, engine order). */
  rows: Uint32Array;
  /** Survey weights of those rows; null when every row counts 1. */
  weights: Float64Array | null;
  encoded: EncodedRows;
}

/** The within-group structure headline of a condition (structure/withinGroups.ts). */
export interface WithinGroupModel {
  weighting: GroupWeighting;
  /** The groups combined, with their weights (summing to 1) in the same order as the engine's. */
  groups: (GroupStructureModel & { weight: number })[];
}

export interface ConditionModel extends PopulationModel {
  groupAssignment: ConditionInfo['groupAssignment'];
  /**
   * Per group of `groupNames` x item (`group * nItems + item`): 1 where the full-sample cell had
   * fewer than `minCellSize` valid answers and so counts at the worst distance in every replicate.
   */
  scoredAtWorst: Uint8Array;
  /** Column-major 1 where an answer is invalid (refusal, unparseable, out of range); null unless `worstCase`. */
  invalid: Uint8Array | null;
  /** Whether the engine compares this condition's respondent-level matrices (group `all`). */
  structure: boolean;
  /** The groups its structure headline combines; null when the headline is on group `all`. */
  withinGroup: WithinGroupModel | null;
  /** Whether the engine compares this condition at the group-mean level. */
  groupMean: boolean;
}

export interface InferenceModel {
  settings: Required<InferenceSettings>;
  items: ItemModel[];
  /** Indices of the ordinal and binary items, which enter the correlation matrices. */
  structural: number[];
  /** Null with fewer than two structural items. */
  layout: StructureLayout | null;
  methods: CorrelationMethod[];
  polychoric: PolychoricSettings;
  minCellSize: number;
  /** `all`, then the configured groups. */
  groupNames: string[];
  plan: MarginalPlanModel;
  human: PopulationModel & {
    structure: boolean;
    /** Per `groupNames` entry: the human rows of a group some condition's within-group headline compares with; else null. */
    groupStructure: (GroupStructureModel | null)[];
  };
  conditions: ConditionModel[];
  /** Indices into `groupNames` of the groups of the group-mean level; empty when the engine skips it. */
  groupMeanGroups: number[];
  /** The uniform random responder (a fixed sample, resampled like a condition); null without baselines. */
  uniform: PopulationModel | null;
  /** The independence null (a fixed sample, resampled like a condition); null without baselines. */
  independenceNull: PopulationModel | null;
  /** Whether correlations read the tables' item marginals (polychoric with global thresholds). */
  needsItemMarginals: boolean;
}

function itemModel(item: PreparedItem): ItemModel {
  return {
    id: item.id,
    nCategories: item.codes.length,
    positions: Float64Array.from(item.positions),
    range: item.range,
    firstCode: item.codes[0]!,
    ordinal: item.scale.type === 'ordinal',
  };
}

/** Column-major flags of the invalid model answers (the engine's INVALID_KEYS). */
function invalidFlags(columns: readonly CategorizedColumn[], nRows: number): Uint8Array {
  const flags = new Uint8Array(columns.length * nRows);
  columns.forEach((column, item) => {
    const invalidKinds = column.missingKeys.map((key) => INVALID_KEYS.has(key));
    const base = item * nRows;
    for (let row = 0; row < nRows; row++) {
      if (column.categories[row] === MISSING_CATEGORY && invalidKinds[column.missingKind[row]!]) flags[base + row] = 1;
    }
  });
  return flags;
}

/** Which cells of a condition count at the worst distance: full-sample valid answers below `minCellSize`. */
function cellsAtWorst(columns: readonly CategorizedColumn[], groupRows: readonly (Uint32Array | null)[], minCellSize: number): Uint8Array {
  const nItems = columns.length;
  const flags = new Uint8Array(groupRows.length * nItems);
  groupRows.forEach((rows, group) => {
    if (!rows) return;
    columns.forEach((column, item) => {
      let valid = 0;
      for (let index = 0; index < rows.length; index++) if (column.categories[rows[index]!] !== MISSING_CATEGORY) valid++;
      if (valid < minCellSize) flags[group * nItems + item] = 1;
    });
  });
  return flags;
}

function columnMajor(columns: readonly { categories: Uint8Array }[], rows: Uint32Array | undefined, nRows: number): Uint8Array {
  const categories = new Uint8Array(columns.length * nRows);
  columns.forEach((column, item) => {
    const base = item * nRows;
    if (!rows) categories.set(column.categories.subarray(0, nRows), base);
    else for (let index = 0; index < nRows; index++) categories[base + index] = column.categories[rows[index]!]!;
  });
  return categories;
}

/** Row-major bytes of the structural items, the kernel's input. */
export function structuralRowMajor(categories: Uint8Array, nRows: number, structural: readonly number[]): Uint8Array {
  const nItems = structural.length;
  const out = new Uint8Array(nRows * nItems);
  structural.forEach((item, position) => {
    const base = item * nRows;
    for (let row = 0; row < nRows; row++) out[row * nItems + position] = categories[base + row]!;
  });
  return out;
}

function allRows(nRows: number): Uint32Array {
  const rows = new Uint32Array(nRows);
  for (let row = 0; row < nRows; row++) rows[row] = row;
  return rows;
}

/** Row-major structural bytes of some rows of a column-major population. */
function structuralRowsOf(categories: Uint8Array, nRows: number, structural: readonly number[], rows: Uint32Array): Uint8Array {
  const nItems = structural.length;
  const out = new Uint8Array(rows.length * nItems);
  structural.forEach((item, position) => {
    const base = item * nRows;
    for (let index = 0; index < rows.length; index++) out[index * nItems + position] = categories[base + rows[index]!]!;
  });
  return out;
}

export function buildInferenceModel(context: InferenceContext, settings: Required<InferenceSettings>): InferenceModel {
  const { experiment, human } = context;
  const { metrics } = experiment;
  if (context.conditionInfos.length !== context.conditions.length) {
    throw new RangeError(
      `computeInference: ${context.conditions.length} conditions but ${context.conditionInfos.length} condition infos`,
    );
  }
  const items = context.items.map(itemModel);
  const structural = context.items.flatMap((item, index) => (item.structural ? [index] : []));
  const layout =
    structural.length >= 2
      ? structureLayout(
          Uint8Array.from(structural, (index) => items[index]!.nCategories),
          structural.map((index) => Float64Array.from(items[index]!.positions)),
        )
      : null;
  const groupNames = [ALL_GROUP, ...experiment.groups.map((group) => group.name)];
  const minimum = metrics.minGroupSizeForStructure;
  const worstCase = metrics.invalidAnswers === 'worstCase';
  const plan: MarginalPlanModel = {
    commonItems: Int32Array.from(context.marginalPlan.commonItems),
    groups: context.marginalPlan.groupWeights.map(({ group, weight }) => {
      const index = groupNames.indexOf(group);
      if (index < 0) throw new RangeError(`computeInference: the marginal plan names ${group}, which is not a group`);
      return { group: index, weight };
    }),
    weighting: context.marginalPlan.groupWeighting,
    worstCase,
  };

  // The human sample is the kept rows (after filters), renumbered 0..n-1.
  const kept = human.groupRows.get(ALL_GROUP);
  if (!kept) throw new RangeError(`computeInference: the human population has no "${ALL_GROUP}" rows`);
  const nHuman = kept.length;
  const keptIndex = new Int32Array(human.nRows).fill(-1);
  kept.forEach((row, index) => (keptIndex[row] = index));
  const humanCategories = columnMajor(human.columns, kept, nHuman);
  const humanGroupRows = groupNames.map((name) => {
    const rows = human.groupRows.get(name);
    if (!rows) return null;
    return Uint32Array.from(rows, (row) => {
      const index = keptIndex[row]!;
      if (index < 0) throw new RangeError(`computeInference: human group ${name} has a row outside the kept rows`);
      return index;
    });
  });
  const humanStructure = layout !== null && nHuman >= minimum;
  const encode = (categories: Uint8Array, nRows: number, grouping: 'engine' | 'fastest' = 'fastest') =>
    layout ? encodeRowsOf(layout, structuralRowMajor(categories, nRows, structural), nRows, grouping) : null;
  const humanWeights = human.weights ? Float64Array.from(kept, (row) => human.weights![row]!) : null;
  const humanModel: InferenceModel['human'] = {
    name: human.name,
    nRows: nHuman,
    categories: humanCategories,
    weights: humanWeights,
    groupRows: humanGroupRows,
    strata: humanStrata(experiment, groupNames, humanGroupRows, nHuman).strata,
    // The engine's grouping: the full-sample weighted tables then equal the engine's bit for bit.
    encoded: humanStructure ? encode(humanCategories, nHuman, 'engine') : null,
    structure: humanStructure,
    groupStructure: groupNames.map(() => null),
  };
  // A group's rows encoded on their own, as the engine counts each group's tables (the engine's
  // grouping for the humans, for bit-identical weighted sums).
  const groupStructureOf = (
    population: Pick<PopulationModel, 'categories' | 'nRows' | 'weights' | 'groupRows'>,
    group: number,
    grouping: 'engine' | 'fastest',
  ): GroupStructureModel => {
    const rows = population.groupRows[group]!;
    const { weights } = population;
    return {
      group,
      rows,
      weights: weights ? Float64Array.from(rows, (row) => weights[row]!) : null,
      encoded: encodeRowsOf(layout!, structuralRowsOf(population.categories, population.nRows, structural, rows), rows.length, grouping),
    };
  };

  // The group-mean level as the engine decides it (engine/structure.ts).
  const configured = groupNames.slice(1);
  const rowsOf = (population: Population, name: string) => population.groupRows.get(name)?.length ?? 0;
  const grouped = context.conditions.map((condition) => configured.some((name) => rowsOf(condition, name) > 0));
  let groupMeanGroups: number[] = [];
  if (layout && metrics.groupMeanLevel && configured.length > 0 && grouped.some(Boolean)) {
    const common = configured.flatMap((name, index) =>
      rowsOf(human, name) > 0 && context.conditions.every((condition, c) => !grouped[c] || rowsOf(condition, name) > 0)
        ? [index + 1]
        : [],
    );
    if (common.length >= 3) groupMeanGroups = common;
  }

  const conditions = context.conditions.map((condition, index): ConditionModel => {
    const categories = columnMajor(condition.columns, undefined, condition.nRows);
    const groupRows = groupNames.map((name) => condition.groupRows.get(name) ?? null);
    const configuredRows = groupRows.slice(1).filter((rows): rows is Uint32Array => rows !== null);
    const structure = humanStructure && condition.nRows >= minimum;
    const plan = structure && context.conditionInfos[index]!.groupAssignment !== 'none' ? withinGroupPlan(experiment, human, condition) : undefined;
    const population = { categories, nRows: condition.nRows, weights: null, groupRows };
    const withinGroup: WithinGroupModel | null = plan
      ? {
          weighting: plan.weighting,
          groups: plan.groups.map(({ group, weight }) => {
            const groupIndex = groupNames.indexOf(group);
            humanModel.groupStructure[groupIndex] ??= groupStructureOf(humanModel, groupIndex, 'engine');
            return { ...groupStructureOf(population, groupIndex, 'fastest'), weight };
          }),
        }
      : null;
    return {
      name: condition.name,
      nRows: condition.nRows,
      categories,
      weights: null,
      groupRows,
      strata: membershipStrata(condition.nRows, configuredRows),
      encoded: structure ? encode(categories, condition.nRows) : null,
      groupAssignment: context.conditionInfos[index]!.groupAssignment,
      scoredAtWorst: cellsAtWorst(condition.columns, groupRows, metrics.minCellSize),
      invalid: worstCase ? invalidFlags(condition.columns, condition.nRows) : null,
      structure,
      withinGroup,
      groupMean: groupMeanGroups.length > 0 && grouped[index]!,
    };
  });

  // Both synthetic baselines have as many respondents as the largest condition (the humans' count
  // without conditions), so their r compares like for like with the conditions'.
  const baselineRows = context.conditions.length > 0 ? Math.max(...context.conditions.map((c) => c.nRows)) : nHuman;
  let uniform: PopulationModel | null = null;
  let nullModel: PopulationModel | null = null;
  if (settings.baselines && baselineRows > 0) {
    const random = new ReplicateRandom(settings.seed, ESTIMATE_REPLICATE, 'uniform sample');
    const categories = new Uint8Array(items.length * baselineRows);
    items.forEach((item, itemIndex) => {
      for (let row = 0; row < baselineRows; row++) categories[itemIndex * baselineRows + row] = random.integer(item.nCategories);
    });
    const rows = allRows(baselineRows);
    uniform = {
      name: 'uniform',
      nRows: baselineRows,
      categories,
      weights: null,
      groupRows: [rows],
      strata: [rows],
      encoded: humanStructure ? encode(categories, baselineRows) : null,
    };
    nullModel = independenceNullModel(humanModel, items, Math.min(baselineRows, nHuman), settings.seed, humanStructure ? encode : null);
  }

  return {
    settings,
    items,
    structural,
    layout,
    methods: [...metrics.correlation],
    polychoric: { thresholds: metrics.polychoricThresholds, smooth: metrics.smoothPolychoric },
    minCellSize: metrics.minCellSize,
    groupNames,
    plan,
    human: humanModel,
    conditions,
    groupMeanGroups,
    uniform,
    independenceNull: nullModel,
    needsItemMarginals: metrics.correlation.includes('polychoric') && metrics.polychoricThresholds === 'global',
  };
}

/**
 * The humans' bootstrap strata: the groups of `experiment.headlineGroups` and the rest, or all
 * rows as one stratum without headline groups (resample.ts headlineStrata). `overlapping` counts
 * rows in more than one headline group, each resampled within the first.
 *
 * @param groupRows rows of each of `groupNames`, as in PopulationModel.groupRows
 */
export function humanStrata(
  experiment: Pick<ResolvedExperiment, 'headlineGroups'>,
  groupNames: readonly string[],
  groupRows: readonly (Uint32Array | null)[],
  nRows: number,
): { strata: Uint32Array[]; overlapping: number } {
  const headline = experiment.headlineGroups.map((name) => groupRows[groupNames.indexOf(name)] ?? new Uint32Array(0));
  return headlineStrata(nRows, headline);
}

/**
 * The independence null as a fixed sample: `size` human rows drawn without replacement, keeping
 * their weights, dealt answers so that every item's weighted marginal is the whole human
 * sample's (independenceNull.ts).
 */
function independenceNullModel(
  human: PopulationModel,
  items: readonly ItemModel[],
  size: number,
  seed: number,
  encode: ((categories: Uint8Array, nRows: number) => EncodedRows | null) | null,
): PopulationModel {
  const nCategories = items.map((item) => item.nCategories);
  const everyone = weightedRowsOf(human, items.length, undefined);
  const random = new ReplicateRandom(seed, ESTIMATE_REPLICATE, 'independence null');
  const chosen = Int32Array.from({ length: everyone.nRows }, (_, row) => row);
  const take = Math.min(size, everyone.nRows);
  // The first `take` entries of a partial Fisher–Yates shuffle.
  for (let index = 0; index < take; index++) {
    const other = index + random.integer(everyone.nRows - index);
    const kept = chosen[index]!;
    chosen[index] = chosen[other]!;
    chosen[other] = kept;
  }
  const subset = chosen.subarray(0, take).sort();
  const generated = independenceNull(weightedRowsOf(human, items.length, subset), nCategories, random, itemMasses(everyone, nCategories));
  const nRows = generated.nRows;
  const categories = new Uint8Array(items.length * nRows);
  for (let row = 0; row < nRows; row++) {
    for (let item = 0; item < items.length; item++) categories[item * nRows + row] = generated.categories[row * items.length + item]!;
  }
  // Rows that all kept weight 1 count as unweighted: their resamples can be packed (tables.ts).
  const unitWeights = generated.weights.every((weight) => weight === 1);
  const rows = allRows(nRows);
  return {
    name: 'independence null',
    nRows,
    categories,
    weights: unitWeights ? null : Float64Array.from(generated.weights),
    groupRows: [rows],
    strata: [rows],
    encoded: encode ? encode(categories, nRows) : null,
    respondents: take,
  };
}

/**
 * Human rows as weighted rows, row-major over all items; rows of weight 0 are left out.
 *
 * @param among positions among the rows of positive weight to keep (ascending); all when undefined
 */
function weightedRowsOf(human: PopulationModel, nItems: number, among: Int32Array | undefined): WeightedRows {
  const { nRows, categories, weights } = human;
  let keptRows: number[] = [];
  for (let row = 0; row < nRows; row++) if (!weights || weights[row]! > 0) keptRows.push(row);
  if (among) keptRows = Array.from(among, (position) => keptRows[position]!);
  const rowMajor = new Uint8Array(keptRows.length * nItems);
  keptRows.forEach((row, index) => {
    for (let item = 0; item < nItems; item++) rowMajor[index * nItems + item] = categories[item * nRows + row]!;
  });
  return {
    nRows: keptRows.length,
    categories: rowMajor,
    weights: Float64Array.from(keptRows, (row) => (weights ? weights[row]! : 1)),
  };
}
