/**
 * The coverage simulation of the bootstrap intervals (issue #8, "Checked by"): do the reported 95%
 * intervals contain the quantity they estimate in about 95% of repeated samples?
 *
 * The populations are known latent-factor models of K ordinal items with four categories, so
 * samples of any size can be drawn from them. The humans load 0.6 on one factor with a sign
 * pattern (so the upper triangle of their correlation matrix varies: two blocks of positive
 * correlations, negative between blocks); each regime is a model population compared with them:
 * - `far`: thresholds shifted by FAR_THRESHOLD_SHIFT and loadings 0.3 on another sign pattern,
 *   so marginals and structure both differ;
 * - `floor`: the human population itself (a perfect model, at the noise floor);
 * - `structureFree`: the humans' thresholds with loadings 0, so exactly the humans' marginals and
 *   independent items.
 *
 * The intervals are basic bootstrap intervals for the statistic's expected value at the observed
 * sample sizes (inference/percentile.ts `basicInterval`), so the estimands are, for N humans and
 * n model respondents:
 * - marginal distance: E[D̂];
 * - marginal excess: E[D̂] − F, with F = E[D̂] of the `floor` regime (a sample of n drawn from
 *   the humans' own population); exactly 0 for `floor`;
 * - structure r: E[r̂], the Pearson r between the upper triangles of the human and the model
 *   Pearson matrices of the ordinal codes.
 * They are computed by Monte Carlo from the populations (the same N, n, and the engine's metric
 * functions), then R samples are evaluated by computeInference and the share of intervals that
 * contain each estimand is counted.
 */
import { DEFAULT_METRICS } from '../../../src/core/config/resolve';
import { computeInference, type InferenceContext } from '../../../src/core/inference';
import type { PreparedItem } from '../../../src/core/model/items';
import type { Population } from '../../../src/core/model/population';
import { marginalDistance } from '../../../src/core/metrics/marginalDistance';
import { ALL_GROUP } from '../../../src/core/results/types';
import { compareMatrices } from '../../../src/core/structure/compareMatrices';
import { SeededRandom } from '../../../src/core/sample/random';
import { ordinalItems, syntheticExperiment } from './helpers';

export type CoverageRegime = 'far' | 'floor' | 'structureFree';
export type CoverageStatistic = 'marginalDistance' | 'marginalExcess' | 'structureR';

export const COVERAGE_REGIMES: readonly CoverageRegime[] = ['far', 'floor', 'structureFree'];
export const COVERAGE_STATISTICS: readonly CoverageStatistic[] = ['marginalDistance', 'marginalExcess', 'structureR'];

/** Categories of every simulated item (codes 1..4). */
export const CATEGORIES = 4;
export const HUMAN_LOADING = 0.6;
export const FAR_LOADING = 0.3;
/** How far the `far` model's thresholds sit from the humans', in latent standard deviations. */
export const FAR_THRESHOLD_SHIFT = 0.6;
/** Monte-Carlo draws of (human sample, model sample) behind each estimand, unless set. */
export const DEFAULT_ESTIMAND_DRAWS = 2000;
/** Nominal confidence of the intervals, and the band the full simulation judges coverage by. */
export const NOMINAL_COVERAGE = 0.95;
export const ACCEPTED_COVERAGE = { lower: 0.92, upper: 0.98 } as const;

export interface CoverageOptions {
  regimes: readonly CoverageRegime[];
  /** Model sample sizes n. */
  sizes: readonly number[];
  /** Human sample size N. */
  humans: number;
  /** Ordinal items K. */
  items: number;
  /** Samples evaluated per regime and size (R). */
  repetitions: number;
  /** Bootstrap replicates per sample (B). */
  replicates: number;
  seed: number;
  /** Worker threads of computeInference; 0 (default) computes in the calling thread. */
  threads?: number;
  /** Monte-Carlo draws behind each estimand (M, default DEFAULT_ESTIMAND_DRAWS). */
  estimandDraws?: number;
  /** Called after each evaluated sample, with the count done and the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface CoverageRow {
  regime: CoverageRegime;
  /** Model sample size. */
  n: number;
  statistic: CoverageStatistic;
  /** The value every interval should contain (Monte Carlo, see `estimandError`). */
  estimand: number;
  /** Monte-Carlo standard error of `estimand`. */
  estimandError: number;
  /** Share of the repetitions whose interval contained the estimand. */
  coverage: number;
  /** Repetitions whose interval contained the estimand. */
  covered: number;
  repetitions: number;
  /** Mean of upper − lower over the repetitions with an interval. */
  meanWidth: number;
  /** Repetitions whose full-sample estimate lay outside its own interval (or had no interval). */
  estimatesOutside: number;
}

/** A latent one-factor population: answer z = λ_i f + √(1 − λ_i²) e_i, cut at the item's thresholds. */
export interface PopulationSpec {
  loadings: Float64Array;
  /** Per item, CATEGORIES − 1 ascending cut points on the latent scale. */
  thresholds: Float64Array[];
}

/** The humans' sign pattern: the first half of the items load positively, the second negatively. */
function humanSign(item: number, items: number): number {
  return item < items / 2 ? 1 : -1;
}

/** The `far` model's pattern: the humans' rotated by one item, so most but not all pairs keep their sign. */
function farSign(item: number, items: number): number {
  return humanSign((item + items - 1) % items, items);
}

/** The human population: loadings ±HUMAN_LOADING, thresholds that differ a little between items. */
export function humanPopulationSpec(items: number): PopulationSpec {
  return {
    loadings: Float64Array.from({ length: items }, (_, item) => HUMAN_LOADING * humanSign(item, items)),
    thresholds: Array.from({ length: items }, (_, item) => {
      const offset = 0.15 * ((item % 3) - 1);
      return Float64Array.of(-0.9 + offset, 0.1 + offset, 1.0 + offset);
    }),
  };
}

/** The model population of a regime. */
export function regimePopulationSpec(regime: CoverageRegime, human: PopulationSpec): PopulationSpec {
  const items = human.loadings.length;
  switch (regime) {
    case 'floor':
      return human;
    case 'structureFree':
      return { loadings: new Float64Array(items), thresholds: human.thresholds };
    case 'far':
      return {
        loadings: Float64Array.from({ length: items }, (_, item) => FAR_LOADING * farSign(item, items)),
        thresholds: human.thresholds.map((cuts) => cuts.map((cut) => cut + FAR_THRESHOLD_SHIFT)),
      };
  }
}

/** `size` respondents of a population: column-major categories 0..CATEGORIES−1, `[item * size + row]`. */
export function drawSample(spec: PopulationSpec, size: number, random: SeededRandom): Uint8Array {
  const items = spec.loadings.length;
  const noiseScale = Float64Array.from(spec.loadings, (loading) => Math.sqrt(1 - loading * loading));
  const categories = new Uint8Array(items * size);
  for (let row = 0; row < size; row++) {
    const factor = random.normal();
    for (let item = 0; item < items; item++) {
      const z = spec.loadings[item]! * factor + noiseScale[item]! * random.normal();
      const cuts = spec.thresholds[item]!;
      let category = 0;
      while (category < cuts.length && z > cuts[category]!) category++;
      categories[item * size + row] = category;
    }
  }
  return categories;
}

/** What D̂ and r̂ need of a sample: per item its category counts, and its Pearson matrix of the codes. */
interface SampleSummary {
  counts: Float64Array[];
  pearson: Float64Array;
}

function summarize(categories: Uint8Array, size: number, items: number): SampleSummary {
  const counts = Array.from({ length: items }, () => new Float64Array(CATEGORIES));
  const sums = new Float64Array(items);
  const products = new Float64Array(items * items);
  const row = new Float64Array(items);
  for (let index = 0; index < size; index++) {
    for (let item = 0; item < items; item++) {
      const category = categories[item * size + index]!;
      counts[item]![category]!++;
      row[item] = category;
      sums[item]! += category;
    }
    for (let i = 0; i < items; i++) {
      const x = row[i]!;
      for (let j = i; j < items; j++) products[i * items + j]! += x * row[j]!;
    }
  }
  const pearson = new Float64Array(items * items);
  for (let i = 0; i < items; i++) {
    for (let j = i; j < items; j++) {
      const covariance = products[i * items + j]! - (sums[i]! * sums[j]!) / size;
      const varianceI = products[i * items + i]! - (sums[i]! * sums[i]!) / size;
      const varianceJ = products[j * items + j]! - (sums[j]! * sums[j]!) / size;
      const r = covariance / Math.sqrt(varianceI * varianceJ);
      pearson[i * items + j] = r;
      pearson[j * items + i] = r;
    }
  }
  return { counts, pearson };
}

const CODE_POSITIONS = Float64Array.from({ length: CATEGORIES }, (_, category) => category + 1);

/**
 * D̂ and r̂ of a pair of samples (column-major categories, as `drawSample` returns them), the way
 * the estimands are computed; they equal computeInference's estimates for the same samples.
 */
export function sampleStatistics(human: Uint8Array, humans: number, model: Uint8Array, n: number, items: number): { distance: number; r: number } {
  return statistics(summarize(human, humans, items), summarize(model, n, items), items);
}

/** The headline marginal distance D̂ (equal-weight mean over the items of the normalised W1) and the structure r̂. */
function statistics(human: SampleSummary, model: SampleSummary, items: number): { distance: number; r: number } {
  let total = 0;
  for (let item = 0; item < items; item++) total += marginalDistance(human.counts[item]!, model.counts[item]!, CODE_POSITIONS, true);
  return { distance: total / items, r: compareMatrices({ items, r: human.pearson }, { items, r: model.pearson }).r };
}

/** Running mean and standard error. */
class MeanAccumulator {
  private count = 0;
  private sum = 0;
  private sumSquares = 0;

  add(value: number): void {
    this.count++;
    this.sum += value;
    this.sumSquares += value * value;
  }

  get mean(): number {
    return this.sum / this.count;
  }

  get standardError(): number {
    const variance = (this.sumSquares - (this.sum * this.sum) / this.count) / (this.count - 1);
    return Math.sqrt(Math.max(0, variance) / this.count);
  }
}

export interface Estimands {
  distance: number;
  distanceError: number;
  excess: number;
  excessError: number;
  r: number;
  rError: number;
}

/**
 * E[D̂], E[D̂] − F and E[r̂] for every regime and model size, by Monte Carlo over `draws` pairs of
 * samples. Each draw shares one human sample across regimes and sizes (common random numbers),
 * so the excess E[D̂] − F is averaged per draw and its Monte-Carlo error is small; for `floor` it
 * is 0 by definition.
 */
export function estimands(
  regimes: readonly CoverageRegime[],
  sizes: readonly number[],
  humans: number,
  items: number,
  draws: number,
  seed: number,
): Map<string, Estimands> {
  const humanSpec = humanPopulationSpec(items);
  const specs = new Map(COVERAGE_REGIMES.map((regime) => [regime, regimePopulationSpec(regime, humanSpec)]));
  const random = new SeededRandom(seed, 'coverage estimands');
  const accumulators = new Map<string, { distance: MeanAccumulator; excess: MeanAccumulator; r: MeanAccumulator }>();
  for (const regime of regimes) {
    for (const n of sizes) accumulators.set(cellKey(regime, n), { distance: new MeanAccumulator(), excess: new MeanAccumulator(), r: new MeanAccumulator() });
  }
  for (let draw = 0; draw < draws; draw++) {
    const human = summarize(drawSample(humanSpec, humans, random), humans, items);
    for (const n of sizes) {
      const floor = statistics(human, summarize(drawSample(humanSpec, n, random), n, items), items).distance;
      for (const regime of regimes) {
        const value = statistics(human, summarize(drawSample(specs.get(regime)!, n, random), n, items), items);
        const accumulator = accumulators.get(cellKey(regime, n))!;
        accumulator.distance.add(value.distance);
        accumulator.excess.add(regime === 'floor' ? 0 : value.distance - floor);
        accumulator.r.add(value.r);
      }
    }
  }
  const result = new Map<string, Estimands>();
  for (const [key, accumulator] of accumulators) {
    result.set(key, {
      distance: accumulator.distance.mean,
      distanceError: accumulator.distance.standardError,
      excess: accumulator.excess.mean,
      excessError: accumulator.excess.standardError,
      r: accumulator.r.mean,
      rError: accumulator.r.standardError,
    });
  }
  return result;
}

function cellKey(regime: CoverageRegime, n: number): string {
  return `${regime} ${n}`;
}

/** A drawn sample as the engine's Population: every answer valid, unweighted, `all` rows only. */
export function populationOf(name: string, categories: Uint8Array, size: number, items: number): Population {
  return {
    name,
    nRows: size,
    columns: Array.from({ length: items }, (_, item) => ({
      categories: categories.slice(item * size, (item + 1) * size),
      missingKind: new Uint8Array(size),
      missingKeys: [],
    })),
    weights: undefined,
    groupRows: new Map([[ALL_GROUP, Uint32Array.from({ length: size }, (_, row) => row)]]),
  };
}

/**
 * The InferenceContext of one simulated evaluation: no groups, one condition without group
 * assignment, every item in the headline, Pearson structure, humans resampled. The one place that
 * builds the experiment and the marginal plan, so new config fields are filled in here.
 */
export function coverageContext(items: readonly PreparedItem[], human: Population, model: Population, replicates: number, seed: number): InferenceContext {
  const experiment = syntheticExperiment([], seed);
  experiment.metrics = {
    ...DEFAULT_METRICS,
    resampleHumans: true,
    bootstrap: replicates,
    correlation: ['pearson'],
    minCellSize: 10,
    mantelPermutations: 0,
    components: 0,
    groupMeanLevel: false,
  };
  return {
    experiment,
    items,
    human,
    conditions: [model],
    conditionInfos: [{ name: model.name, groupAssignment: 'none' }],
    marginalPlan: {
      groupWeighting: 'none',
      groupWeights: [{ group: ALL_GROUP, weight: 1 }],
      commonItems: items.map((_, index) => index),
      excludedItems: [],
    },
  };
}

/**
 * Runs the simulation: estimands by Monte Carlo, then for every regime and model size R samples
 * evaluated by computeInference (B replicates, humans resampled, no baselines). One row per
 * regime, size and statistic, in that order.
 */
export async function runCoverage(options: CoverageOptions): Promise<CoverageRow[]> {
  const { regimes, sizes, humans, items: nItems, repetitions, replicates, seed } = options;
  const threads = options.threads ?? 0;
  const truths = estimands(regimes, sizes, humans, nItems, options.estimandDraws ?? DEFAULT_ESTIMAND_DRAWS, seed);
  const items = ordinalItems(Array.from({ length: nItems }, () => CATEGORIES));
  const humanSpec = humanPopulationSpec(nItems);
  const rows: CoverageRow[] = [];
  const total = regimes.length * sizes.length * repetitions;
  let done = 0;
  for (const regime of regimes) {
    const modelSpec = regimePopulationSpec(regime, humanSpec);
    for (const n of sizes) {
      const truth = truths.get(cellKey(regime, n))!;
      const targets: Record<CoverageStatistic, { estimand: number; error: number }> = {
        marginalDistance: { estimand: truth.distance, error: truth.distanceError },
        marginalExcess: { estimand: truth.excess, error: truth.excessError },
        structureR: { estimand: truth.r, error: truth.rError },
      };
      const tallies = Object.fromEntries(
        COVERAGE_STATISTICS.map((statistic) => [statistic, { covered: 0, widthSum: 0, widths: 0, outside: 0 }]),
      ) as Record<CoverageStatistic, { covered: number; widthSum: number; widths: number; outside: number }>;
      for (let repetition = 0; repetition < repetitions; repetition++) {
        const random = new SeededRandom(seed, `coverage ${regime} ${n} ${repetition}`);
        const human = populationOf('human', drawSample(humanSpec, humans, random), humans, nItems);
        const model = populationOf('model', drawSample(modelSpec, n, random), n, nItems);
        const inferenceSeed = seed + repetition;
        const context = coverageContext(items, human, model, replicates, inferenceSeed);
        const results = await computeInference(context, { seed: inferenceSeed, replicates, resampleHumans: true, baselines: false }, { threads });
        const condition = results.conditions[0]!;
        for (const statistic of COVERAGE_STATISTICS) {
          const interval = condition[statistic];
          const tally = tallies[statistic];
          const { lower, upper, estimate } = interval;
          if (lower === null || upper === null) {
            tally.outside++;
            continue;
          }
          if (lower <= targets[statistic].estimand && targets[statistic].estimand <= upper) tally.covered++;
          if (estimate === null || estimate < lower || estimate > upper) tally.outside++;
          tally.widthSum += upper - lower;
          tally.widths++;
        }
        options.onProgress?.(++done, total);
      }
      for (const statistic of COVERAGE_STATISTICS) {
        const tally = tallies[statistic];
        rows.push({
          regime,
          n,
          statistic,
          estimand: targets[statistic].estimand,
          estimandError: targets[statistic].error,
          coverage: tally.covered / repetitions,
          covered: tally.covered,
          repetitions,
          meanWidth: tally.widths > 0 ? tally.widthSum / tally.widths : Number.NaN,
          estimatesOutside: tally.outside,
        });
      }
    }
  }
  return rows;
}

/**
 * The 95% Wilson score interval of a coverage share (Wilson 1927): where the true coverage lies
 * given `covered` of `repetitions`, i.e. the Monte-Carlo uncertainty of the simulation itself.
 */
export function coverageBand(covered: number, repetitions: number): { lower: number; upper: number } {
  const z = 1.959963984540054;
  const p = covered / repetitions;
  const denominator = 1 + (z * z) / repetitions;
  const centre = (p + (z * z) / (2 * repetitions)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / repetitions + (z * z) / (4 * repetitions * repetitions))) / denominator;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/** Whether a row's coverage lies in the accepted 92–98%. */
export function coveragePasses(row: CoverageRow): boolean {
  return row.coverage >= ACCEPTED_COVERAGE.lower && row.coverage <= ACCEPTED_COVERAGE.upper;
}

/** The rows as an aligned text table, one line per row after a header. */
export function formatCoverageTable(rows: readonly CoverageRow[]): string[] {
  const header = ['regime', 'n', 'statistic', 'estimand', 'coverage', '95% MC band', 'mean width', 'est. outside', 'verdict'];
  const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
  const body = rows.map((row) => {
    const band = coverageBand(row.covered, row.repetitions);
    return [
      row.regime,
      String(row.n),
      row.statistic,
      `${row.estimand.toFixed(4)} ± ${row.estimandError.toFixed(4)}`,
      `${percent(row.coverage)} (${row.covered}/${row.repetitions})`,
      `${percent(band.lower)}–${percent(band.upper)}`,
      Number.isFinite(row.meanWidth) ? row.meanWidth.toFixed(4) : 'n/a',
      String(row.estimatesOutside),
      coveragePasses(row) ? 'PASS' : 'MISS',
    ];
  });
  const table = [header, ...body];
  const widths = header.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  return table.map((line) => line.map((cell, column) => (column === 1 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd());
}
