/**
 * The statistics of bootstrap replicates: every headline metric of every condition and the three
 * baselines, as one row of numbers per replicate (NaN where undefined). A replicate's row depends
 * only on the model, the seed and the replicate index, so any split of the replicates over
 * threads gives the same rows, bit for bit.
 */
import { compareMatrices } from '../structure/compareMatrices';
import { groupMeanCorrelation } from '../structure/groupMeanCorrelation';
import { marginalDistance, WORST_DISTANCE } from '../metrics/marginalDistance';
import { weightedMean } from '../metrics/weightedMean';
import { cellDistance, cellScore, commonItemMean, compactRows, invalidCopies, rescaledMean, tallyCompact, tallyRows, type Tally } from './marginals';
import type { GroupStructureModel, InferenceModel, PopulationModel, WithinGroupModel } from './model';
import { ESTIMATE_REPLICATE, ReplicateRandom } from './random';
import { multinomialDraw } from './multinomial';
import { resampleMultiplicities, splitHalves } from './resample';
import {
  correlationFromTables,
  countResamples,
  subtractTables,
  visitResampleTables,
  TableCounter,
  type CountedTables,
  type EncodedRows,
} from './tables';

/** The statistics of one structure comparison a replicate row holds, in this order. */
const COMPARISON_STATS = 4;

/** Where each statistic sits in a replicate's row. */
export class StatLayout {
  readonly perCondition: number;
  readonly baselineStart: number;
  readonly count: number;

  constructor(
    readonly nConditions: number,
    readonly nMethods: number,
    readonly nItems: number,
  ) {
    this.perCondition = 4 + COMPARISON_STATS * nMethods + 2 * nItems + COMPARISON_STATS;
    this.baselineStart = nConditions * this.perCondition;
    this.count = this.baselineStart + 6;
  }

  marginalDistance(condition: number): number {
    return condition * this.perCondition;
  }
  groupMeanR(condition: number): number {
    return condition * this.perCondition + 1;
  }
  /** Answer coverage on the headline's basis. */
  marginalCoverage(condition: number): number {
    return condition * this.perCondition + 2;
  }
  /** The headline distance of a sample drawn from the humans themselves (replicates only; its mean is the noise floor). */
  marginalFloor(condition: number): number {
    return condition * this.perCondition + 3;
  }
  /** r, then RMSE, MAD and Lin's concordance of `method` (index into the configured methods), group `all`. */
  comparison(condition: number, method: number): number {
    return condition * this.perCondition + 4 + COMPARISON_STATS * method;
  }
  itemDistance(condition: number, item: number): number {
    return condition * this.perCondition + 4 + COMPARISON_STATS * this.nMethods + item;
  }
  /** An item's `all` distance for a sample drawn from the humans (replicates only). */
  itemFloor(condition: number, item: number): number {
    return condition * this.perCondition + 4 + COMPARISON_STATS * this.nMethods + this.nItems + item;
  }
  /** The structure headline (first method, within groups or `all` as the engine's): r, then RMSE, MAD and concordance. */
  structureHeadline(condition: number): number {
    return condition * this.perCondition + 4 + COMPARISON_STATS * this.nMethods + 2 * this.nItems;
  }
  /** Marginal distance, then structure r, of a baseline. */
  baseline(name: 'uniform' | 'independenceNull' | 'splitHalfCeiling'): number {
    const index = name === 'uniform' ? 0 : name === 'independenceNull' ? 1 : 2;
    return this.baselineStart + 2 * index;
  }
}

/** r, RMSE, MAD and concordance of a comparison at `at`, `at + 1`, ... (the COMPARISON_STATS order). */
function writeComparison(row: Float64Array, at: number, comparison: ReturnType<typeof compareMatrices>): void {
  row[at] = comparison.r;
  row[at + 1] = comparison.rmse;
  row[at + 2] = comparison.meanAbsoluteDifference;
  row[at + 3] = comparison.concordance;
}

export function statLayoutOf(model: InferenceModel): StatLayout {
  return new StatLayout(model.conditions.length, model.methods.length, model.items.length);
}

/** The human side of one replicate. */
export interface HumanState {
  multiplicity: Int32Array | undefined;
  /** Per group (model.groupNames), per item; null where the human has no rows entry. */
  tallies: (Tally[] | null)[];
  tables: CountedTables | null;
  /** Respondent-level matrices of group `all`, per configured method. */
  matrices: Float64Array[] | null;
  /** First-method matrices of the groups some within-group headline compares with, per `groupNames` entry; null elsewhere. */
  groupMatrices: (Float64Array | null)[];
  /** Correlation matrix of the group means, when the group-mean level is computed. */
  groupMeans: Float64Array | null;
}

export class ReplicateEngine {
  readonly stats: StatLayout;
  private readonly counters = new Map<EncodedRows, TableCounter>();
  private fullHuman: HumanState | undefined;

  /**
   * @param fullHuman the full-sample human state from another engine on the same model
   *   (`fullHumanState()`), so worker threads need not count the human tables again
   */
  constructor(
    readonly model: InferenceModel,
    fullHuman?: HumanState,
  ) {
    this.stats = statLayoutOf(model);
    this.fullHuman = fullHuman;
  }

  /** The human side without resampling (computed on first use). */
  fullHumanState(): HumanState {
    this.fullHuman ??= this.humanState(
      undefined,
      this.model.human.structure ? this.countTables(this.model.human, [undefined])[0]! : null,
      this.humanGroupMatrices([undefined])[0]!,
    );
    return this.fullHuman;
  }

  /**
   * Fills `out` (one row of `stats.count` values per replicate) for the given replicate indices
   * (ESTIMATE_REPLICATE for the full sample). Yields the fraction done after each step, so a
   * caller can report progress and give the event loop a turn.
   */
  *run(replicates: readonly number[], out: Float64Array): Generator<number, void, void> {
    const { model, stats } = this;
    out.fill(Number.NaN, 0, replicates.length * stats.count);
    const steps = 1 + model.conditions.length + (model.uniform ? 3 : 0);
    let step = 0;
    const humans = this.humanStates(replicates);
    yield ++step / steps;
    for (let condition = 0; condition < model.conditions.length; condition++) {
      this.conditionStats(condition, replicates, humans, out);
      yield ++step / steps;
    }
    if (model.uniform && model.independenceNull) {
      this.baselineStats(model.uniform, 'uniform', replicates, humans, out);
      yield ++step / steps;
      this.baselineStats(model.independenceNull, 'independenceNull', replicates, humans, out);
      yield ++step / steps;
      this.ceilingStats(replicates, humans, out);
      yield (step + 1) / steps;
    }
  }

  private counter(encoded: EncodedRows): TableCounter {
    let counter = this.counters.get(encoded);
    if (!counter) {
      counter = new TableCounter(encoded.plan);
      this.counters.set(encoded, counter);
    }
    return counter;
  }

  private random(replicate: number, purpose: string): ReplicateRandom {
    return new ReplicateRandom(this.model.settings.seed, replicate, purpose);
  }

  private countTables(population: PopulationModel, resamples: readonly (Int32Array | undefined)[]): CountedTables[] {
    const { model } = this;
    return countResamples(model.layout!, population.encoded!, this.counter(population.encoded!), population.weights, resamples, model.needsItemMarginals);
  }

  /** Visits each resample's tables (buffers reused after the call). */
  private visitTables(
    population: PopulationModel,
    resamples: readonly (Int32Array | undefined)[],
    visit: (index: number, tables: CountedTables) => void,
  ): void {
    const { model } = this;
    visitResampleTables(
      model.layout!,
      population.encoded!,
      this.counter(population.encoded!),
      population.weights,
      resamples,
      model.needsItemMarginals,
      visit,
    );
  }

  /**
   * Visits the tables of one group's rows under each resample of the whole population: a row's
   * multiplicity is its multiplicity in the resample, so the groups cost together about what `all`
   * costs when they partition the rows.
   */
  private visitGroupTables(
    group: GroupStructureModel,
    resamples: readonly (Int32Array | undefined)[],
    visit: (index: number, tables: CountedTables) => void,
  ): void {
    const { model } = this;
    const subsets = resamples.map((multiplicity) => (multiplicity ? Int32Array.from(group.rows, (row) => multiplicity[row]!) : undefined));
    visitResampleTables(model.layout!, group.encoded, this.counter(group.encoded), group.weights, subsets, model.needsItemMarginals, visit);
  }

  /** Per resample of the humans, the first-method matrices of the groups the within-group headlines compare with. */
  private humanGroupMatrices(resamples: readonly (Int32Array | undefined)[]): (Float64Array | null)[][] {
    const matrices = resamples.map(() => this.model.human.groupStructure.map((): Float64Array | null => null));
    for (const group of this.model.human.groupStructure) {
      if (!group) continue;
      this.visitGroupTables(group, resamples, (k, tables) => (matrices[k]![group.group] = this.correlation(tables, 0)));
    }
    return matrices;
  }

  private correlation(tables: CountedTables, method: number): Float64Array {
    const { model } = this;
    return correlationFromTables(model.layout!, tables, model.methods[method]!, model.polychoric);
  }

  private compare(human: Float64Array, other: Float64Array) {
    const items = this.model.layout!.nItems;
    return compareMatrices({ items, r: human }, { items, r: other });
  }

  /** Per group of `groupNames` with a row list, per item: the population's tallies under `multiplicity`. */
  private talliesOf(population: PopulationModel, multiplicity: Int32Array | undefined): (Tally[] | null)[] {
    const { items } = this.model;
    const { categories, nRows, weights } = population;
    return population.groupRows.map((rows) => {
      if (!rows) return null;
      if (!multiplicity) return items.map((item, index) => tallyRows(categories, nRows, index, item.nCategories, rows, undefined, weights));
      const compact = compactRows(rows, multiplicity, weights);
      return items.map((item, index) => tallyCompact(categories, nRows, index, item.nCategories, compact));
    });
  }

  /** Group means (rescaled) of the group-mean level's groups x structural items, then their correlation matrix. */
  private groupMeanMatrix(tallies: (Tally[] | null)[]): Float64Array {
    const { model } = this;
    const groups = model.groupMeanGroups;
    const nItems = model.structural.length;
    const means = new Float64Array(groups.length * nItems);
    groups.forEach((group, g) => {
      model.structural.forEach((itemIndex, i) => {
        const tally = tallies[group]?.[itemIndex];
        means[g * nItems + i] = tally ? rescaledMean(tally, model.items[itemIndex]!) : Number.NaN;
      });
    });
    return groupMeanCorrelation(means, groups.length, nItems).r;
  }

  private humanState(multiplicity: Int32Array | undefined, tables: CountedTables | null, groupMatrices: (Float64Array | null)[]): HumanState {
    const { model } = this;
    const tallies = this.talliesOf(model.human, multiplicity);
    return {
      multiplicity,
      tallies,
      tables,
      matrices: tables ? model.methods.map((_, method) => this.correlation(tables, method)) : null,
      groupMatrices,
      groupMeans: model.groupMeanGroups.length > 0 ? this.groupMeanMatrix(tallies) : null,
    };
  }

  private humanStates(replicates: readonly number[]): HumanState[] {
    const { model } = this;
    const { human } = model;
    const states: HumanState[] = [];
    const pending: number[] = [];
    replicates.forEach((replicate, index) => {
      if (model.settings.resampleHumans && replicate !== ESTIMATE_REPLICATE) pending.push(index);
    });
    const multiplicities = pending.map((index) =>
      resampleMultiplicities(human.nRows, human.strata, this.random(replicates[index]!, 'human')),
    );
    const tables = human.structure && pending.length > 0 ? this.countTables(human, multiplicities) : [];
    const groupMatrices = pending.length > 0 ? this.humanGroupMatrices(multiplicities) : [];
    replicates.forEach((_, index) => {
      const position = pending.indexOf(index);
      states.push(
        position < 0 ? this.fullHumanState() : this.humanState(multiplicities[position], tables[position] ?? null, groupMatrices[position]!),
      );
    });
    return states;
  }

  private conditionStats(conditionIndex: number, replicates: readonly number[], humans: HumanState[], out: Float64Array): void {
    const { model, stats } = this;
    const condition = model.conditions[conditionIndex]!;
    const multiplicities = replicates.map((replicate) =>
      replicate === ESTIMATE_REPLICATE
        ? undefined
        : resampleMultiplicities(condition.nRows, condition.strata, this.random(replicate, `condition ${condition.name}`)),
    );
    if (condition.structure) {
      this.visitTables(condition, multiplicities, (k, tables) => {
        const human = humans[k]!;
        if (!human.matrices) return;
        const row = out.subarray(k * stats.count, (k + 1) * stats.count);
        model.methods.forEach((_, method) => {
          const comparison = this.compare(human.matrices![method]!, this.correlation(tables, method));
          writeComparison(row, stats.comparison(conditionIndex, method), comparison);
        });
      });
    }
    this.structureHeadlineStats(conditionIndex, multiplicities, humans, out);
    replicates.forEach((_, k) => {
      const row = out.subarray(k * stats.count, (k + 1) * stats.count);
      const human = humans[k]!;
      const tallies = this.talliesOf(condition, multiplicities[k]);
      this.marginalStats(conditionIndex, multiplicities[k], tallies, human, row);
      if (replicates[k] !== ESTIMATE_REPLICATE) this.floorStats(conditionIndex, human, row, this.random(replicates[k]!, `floor ${condition.name}`));

      // Group-mean level.
      if (condition.groupMean && human.groupMeans) {
        row[stats.groupMeanR(conditionIndex)] = this.compare(human.groupMeans, this.groupMeanMatrix(tallies)).r;
      }
    });
  }

  /**
   * A condition's marginal statistics in one replicate, as the engine computes them on the full
   * sample: item distances of `all` (every item), then per group of the plan the equal-weight mean
   * over the common items (cells at the worst distance where the full sample had too few valid
   * answers) and the answer coverage, combined with the plan's weights; `all` alone when the
   * condition's respondents do not stand for groups.
   */
  private marginalStats(
    conditionIndex: number,
    multiplicity: Int32Array | undefined,
    tallies: (Tally[] | null)[],
    human: HumanState,
    row: Float64Array,
  ): void {
    const { model, stats } = this;
    const condition = model.conditions[conditionIndex]!;
    const nItems = model.items.length;
    const { plan } = model;
    const groupValue = (group: number): { distance: number; coverage: number } | null => {
      const rows = condition.groupRows[group];
      const modelTallies = tallies[group];
      const humanTallies = human.tallies[group];
      if (!rows || !modelTallies || !humanTallies || (rows.length === 0 && group !== 0)) return null;
      const compact = multiplicity && condition.invalid ? compactRows(rows, multiplicity, null) : null;
      const respondents = multiplicity ? countCopies(rows, multiplicity) : rows.length;
      const distances = new Float64Array(nItems);
      const coverages = new Float64Array(nItems);
      model.items.forEach((item, index) => {
        const modelTally = modelTallies[index]!;
        let invalid = 0;
        if (condition.invalid) invalid = compact ? invalidCopies(condition.invalid, condition.nRows, index, compact) : countFlags(condition.invalid, condition.nRows, index, rows);
        distances[index] = cellScore(item, humanTallies[index]!, modelTally, condition.scoredAtWorst[group * nItems + index] === 1, invalid, plan.worstCase);
        coverages[index] = respondents > 0 ? modelTally.nValid / respondents : Number.NaN;
      });
      if (group === 0) {
        for (let index = 0; index < nItems; index++) {
          row[stats.itemDistance(conditionIndex, index)] = cellDistance(model.items[index]!, humanTallies[index]!, modelTallies[index]!, model.minCellSize);
        }
      }
      return { distance: commonItemMean(distances, plan.commonItems), coverage: commonItemMean(coverages, plan.commonItems) };
    };
    const all = groupValue(0);
    if (condition.groupAssignment === 'none' || plan.weighting === 'none') {
      row[stats.marginalDistance(conditionIndex)] = all?.distance ?? Number.NaN;
      row[stats.marginalCoverage(conditionIndex)] = all?.coverage ?? Number.NaN;
      return;
    }
    const distances = new Float64Array(plan.groups.length);
    const coverages = new Float64Array(plan.groups.length);
    const weights = Float64Array.from(plan.groups, (entry) => entry.weight);
    plan.groups.forEach(({ group }, index) => {
      const value = group === 0 ? all : groupValue(group);
      distances[index] = value ? value.distance : WORST_DISTANCE;
      coverages[index] = value ? value.coverage : 0;
    });
    row[stats.marginalDistance(conditionIndex)] = weightedMean(distances, weights);
    row[stats.marginalCoverage(conditionIndex)] = weightedMean(coverages, weights);
  }

  /**
   * The sampling-noise floor of a condition in one replicate: every cell of the headline (and
   * every item of `all`) compared with a sample of the cell's size drawn from the full-sample
   * human distribution, against this replicate's humans; aggregated exactly as the headline. Its
   * mean over the replicates is the distance a model that is a sample of the humans themselves
   * would be expected to score at these sample sizes.
   */
  private floorStats(conditionIndex: number, human: HumanState, row: Float64Array, random: ReplicateRandom): void {
    const { model, stats } = this;
    const condition = model.conditions[conditionIndex]!;
    const { plan } = model;
    const population = this.fullHumanState().tallies;
    const nItems = model.items.length;
    const groupFloor = (group: number, itemFloors: boolean): number => {
      const rows = condition.groupRows[group];
      const reference = population[group];
      const humanTallies = human.tallies[group];
      if (!rows || rows.length === 0 || !reference || !humanTallies) return Number.NaN;
      const distances = new Float64Array(nItems).fill(Number.NaN);
      const items = itemFloors ? model.items.map((_, index) => index) : Array.from(plan.commonItems);
      for (const index of items) {
        const item = model.items[index]!;
        const source = reference[index]!;
        if (!(source.weightValid > 0) || !(humanTallies[index]!.weightValid > 0)) continue;
        const drawn = multinomialDraw(rows.length, source.mass, random);
        distances[index] = marginalDistance(humanTallies[index]!.mass, drawn, item.positions, item.ordinal);
      }
      if (itemFloors) for (let index = 0; index < nItems; index++) row[stats.itemFloor(conditionIndex, index)] = distances[index]!;
      return commonItemMean(distances, plan.commonItems);
    };
    const all = groupFloor(0, true);
    if (condition.groupAssignment === 'none' || plan.weighting === 'none') {
      row[stats.marginalFloor(conditionIndex)] = all;
      return;
    }
    const floors = Float64Array.from(plan.groups, ({ group }) => groupFloor(group, false));
    row[stats.marginalFloor(conditionIndex)] = weightedMean(floors, Float64Array.from(plan.groups, (entry) => entry.weight));
  }

  /**
   * The structure headline slots: the condition's groups compared one by one and combined with
   * the engine's weights (structure/withinGroups.ts), or a copy of the `all` comparison.
   */
  private structureHeadlineStats(conditionIndex: number, multiplicities: readonly (Int32Array | undefined)[], humans: HumanState[], out: Float64Array): void {
    const { model, stats } = this;
    const condition = model.conditions[conditionIndex]!;
    const at = stats.structureHeadline(conditionIndex);
    const within: WithinGroupModel | null = condition.withinGroup;
    if (!within) {
      const all = stats.comparison(conditionIndex, 0);
      multiplicities.forEach((_, k) => out.copyWithin(k * stats.count + at, k * stats.count + all, k * stats.count + all + COMPARISON_STATS));
      return;
    }
    const nGroups = within.groups.length;
    // values[k][statistic * nGroups + group]
    const values = multiplicities.map(() => new Float64Array(COMPARISON_STATS * nGroups).fill(Number.NaN));
    within.groups.forEach((group, position) => {
      this.visitGroupTables(group, multiplicities, (k, tables) => {
        const human = humans[k]!.groupMatrices[group.group];
        if (!human) return;
        const comparison = this.compare(human, this.correlation(tables, 0));
        const statistics = [comparison.r, comparison.rmse, comparison.meanAbsoluteDifference, comparison.concordance];
        statistics.forEach((value, statistic) => (values[k]![statistic * nGroups + position] = value));
      });
    });
    const weights = within.groups.map((group) => group.weight);
    values.forEach((groupValues, k) => {
      for (let statistic = 0; statistic < COMPARISON_STATS; statistic++) {
        out[k * stats.count + at + statistic] = weightedMean(groupValues.subarray(statistic * nGroups, (statistic + 1) * nGroups), weights);
      }
    });
  }

  /** `all`-group marginal distance from the human tallies to another sample's: the equal-weight mean over the common items. */
  private allDistance(human: Tally[], other: Tally[]): number {
    const { model } = this;
    const distances = new Float64Array(model.items.length);
    model.items.forEach((item, index) => {
      distances[index] = cellDistance(item, human[index]!, other[index]!, model.minCellSize);
    });
    return commonItemMean(distances, model.plan.commonItems);
  }

  /** A fixed synthetic baseline sample, resampled like a condition: its `all` marginal distance and structure r. */
  private baselineStats(
    population: PopulationModel,
    name: 'uniform' | 'independenceNull',
    replicates: readonly number[],
    humans: HumanState[],
    out: Float64Array,
  ): void {
    const { model, stats } = this;
    const multiplicities = replicates.map((replicate) =>
      replicate === ESTIMATE_REPLICATE ? undefined : resampleMultiplicities(population.nRows, population.strata, this.random(replicate, name)),
    );
    const at = stats.baseline(name);
    if (population.encoded && model.human.structure) {
      this.visitTables(population, multiplicities, (k, tables) => {
        const human = humans[k]!;
        if (human.matrices) out[k * stats.count + at + 1] = this.compare(human.matrices[0]!, this.correlation(tables, 0)).r;
      });
    }
    replicates.forEach((_, k) => {
      const tallies = this.talliesOf(population, multiplicities[k])[0]!;
      out[k * stats.count + at] = this.allDistance(humans[k]!.tallies[0]!, tallies);
    });
  }

  private ceilingStats(replicates: readonly number[], humans: HumanState[], out: Float64Array): void {
    const { model, stats } = this;
    const { human } = model;
    // A replicate that resamples the humans splits the distinct respondents, then resamples within each half.
    const resampled = replicates.map((_, k) => humans[k]!.multiplicity !== undefined);
    const halves = replicates.map((replicate, k) => splitHalves(human.nRows, human.strata, this.random(replicate, 'split'), resampled[k]));
    const allRows = human.groupRows[0]!;
    const at = stats.baseline('splitHalfCeiling');
    if (human.structure) {
      const firstMatrices: (Float64Array | undefined)[] = [];
      this.visitTables(human, halves.map((half) => half.first), (k, first) => {
        const whole = humans[k]!.tables;
        if (!whole) return;
        firstMatrices[k] = this.correlation(first, 0);
        // Unresampled halves partition the sample, so the second half's tables are the rest.
        if (!resampled[k]) out[k * stats.count + at + 1] = this.compare(firstMatrices[k], this.correlation(subtractTables(whole, first), 0)).r;
      });
      const pending = replicates.flatMap((_, k) => (resampled[k] && firstMatrices[k] ? [k] : []));
      this.visitTables(human, pending.map((k) => halves[k]!.second), (index, second) => {
        const k = pending[index]!;
        out[k * stats.count + at + 1] = this.compare(firstMatrices[k]!, this.correlation(second, 0)).r;
      });
    }
    replicates.forEach((_, k) => {
      const { first, second } = halves[k]!;
      const tallyHalf = (multiplicity: Int32Array) => {
        const compact = compactRows(allRows, multiplicity, human.weights);
        return model.items.map((item, index) => tallyCompact(human.categories, human.nRows, index, item.nCategories, compact));
      };
      out[k * stats.count + at] = this.allDistance(tallyHalf(first), tallyHalf(second));
    });
  }
}

/** Respondents in `rows` counted with their multiplicity. */
function countCopies(rows: Uint32Array, multiplicity: Int32Array): number {
  let total = 0;
  for (let index = 0; index < rows.length; index++) total += multiplicity[rows[index]!]!;
  return total;
}

/** Rows of `rows` flagged for `item` in column-major `flags`. */
function countFlags(flags: Uint8Array, nRows: number, item: number, rows: Uint32Array): number {
  const base = item * nRows;
  let count = 0;
  for (let index = 0; index < rows.length; index++) count += flags[base + rows[index]!]!;
  return count;
}
