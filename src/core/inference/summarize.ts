/**
 * Turns the estimate row and the replicate rows into intervals, paired differences, the fidelity
 * score and the reversal sentence.
 */
import { PAIRED_MEASURES, type PairedMeasure } from '../results/inference';
import type { InferenceModel } from './model';
import { bootstrapPValue, holmAdjust, holmIntervalLevels } from './multiplicity';
import { basicInterval, mirroredReplicates, pairedDifference, replicateMean } from './percentile';
import { statLayoutOf } from './replicate';
import type {
  BaselineInference,
  ConditionInference,
  ConditionPairInference,
  InferenceResults,
  Interval,
  PairedDifference,
  ReversalInference,
} from './types';

/**
 * Normalised structure fidelity: 0 at the independence null, 1 at the split-half human ceiling,
 *
 *   fidelity = (r_model - r_null) / (r_ceiling - r_null),
 *
 * NaN when an input is undefined or the ceiling is not above the null. It exceeds 1 when the
 * model's matrix agrees with the full human matrix better than two human halves agree with each
 * other (each half has half the respondents, so its matrix is noisier).
 */
export function structureFidelity(model: number, nullR: number, ceiling: number): number {
  if (!Number.isFinite(model) || !Number.isFinite(nullR) || !Number.isFinite(ceiling)) return Number.NaN;
  const span = ceiling - nullR;
  return span > 0 ? (model - nullR) / span : Number.NaN;
}

function format(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3);
}

/** The difference B − A from A − B: intervals mirrored, p-values and decisions unchanged. */
function negated(difference: PairedDifference): PairedDifference {
  const minus = (value: number | null) => (value === null ? null : -value);
  return {
    ...difference,
    estimate: minus(difference.estimate),
    lower: minus(difference.upper),
    upper: minus(difference.lower),
    adjustedLower: minus(difference.adjustedUpper),
    adjustedUpper: minus(difference.adjustedLower),
  };
}

/**
 * Paired differences of one measure over every condition pair, adjusted for the number of pairs
 * with Holm's step-down procedure at family-wise level α = 1 − confidence. Each difference gets
 * its two-sided bootstrap p-value (`bootstrapPValue` of the mirrored replicates θ̂ + m − θ*: the
 * inversion of the basic interval, which is the interval reported) and Holm's adjusted p-value;
 * its adjusted interval is the basic interval at the Holm level of its rank
 * (`holmIntervalLevels`), so it excludes 0 when Holm rejects (up to the p-value's 1 / (1 + B)
 * Monte Carlo correction and the quantile interpolation, which can disagree at the boundary).
 * With one pair the adjusted values equal the plain ones.
 */
export function holmAdjustedDifferences(differences: readonly { estimate: number; values: Float64Array }[], confidence: number): PairedDifference[] {
  const pValues = differences.map((difference) => bootstrapPValue(mirroredReplicates(difference.estimate, difference.values)));
  const adjusted = holmAdjust(pValues);
  const levels = holmIntervalLevels(pValues, 1 - confidence);
  return differences.map((difference, index) => {
    const plain = pairedDifference(difference.estimate, difference.values, confidence);
    const level = levels[index]!;
    const wide = Number.isNaN(level) ? null : pairedDifference(difference.estimate, difference.values, level);
    return {
      ...plain,
      pValue: finiteOrNull(pValues[index]!),
      pAdjusted: finiteOrNull(adjusted[index]!),
      adjustedConfidence: finiteOrNull(level),
      adjustedLower: wide?.lower ?? null,
      adjustedUpper: wide?.upper ?? null,
      excludesZeroAdjusted: wide?.excludesZero ?? null,
    };
  });
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * @param estimate the full-sample row
 * @param replicates B rows of `statLayoutOf(model).count` values, replicate after replicate
 */
export function summarizeInference(model: InferenceModel, estimate: Float64Array, replicates: Float64Array): InferenceResults {
  const stats = statLayoutOf(model);
  const { settings } = model;
  const count = stats.count;
  const nReplicates = replicates.length / count;
  const { confidence } = settings;
  const notes: string[] = [];

  const column = (at: number): Float64Array => {
    const values = new Float64Array(nReplicates);
    for (let b = 0; b < nReplicates; b++) values[b] = replicates[b * count + at]!;
    return values;
  };
  const interval = (at: number) => basicInterval(estimate[at]!, column(at), confidence);
  /**
   * A distance's or share's interval cut to the values the quantity can take: its expected value
   * lies in [0, 1], so the cut loses no coverage and keeps the estimate inside.
   */
  const unitInterval = (at: number) => withinUnitRange(interval(at));
  /** The noise floor (mean of the floor replicates) and the excess distance over it, with the distance's interval shifted by the floor. */
  const excess = (distanceAt: number, floorAt: number) => {
    const floor = replicateMean(column(floorAt));
    const distance = unitInterval(distanceAt);
    const shift = (value: number | null) => (value === null || !Number.isFinite(floor) ? null : value - floor);
    return {
      floor: Number.isFinite(floor) ? floor : null,
      excess: { estimate: shift(distance.estimate), lower: shift(distance.lower), upper: shift(distance.upper), replicates: distance.replicates },
    };
  };
  const derived = (of: (row: Float64Array) => number) => {
    const values = new Float64Array(nReplicates);
    for (let b = 0; b < nReplicates; b++) values[b] = of(replicates.subarray(b * count, (b + 1) * count));
    return { estimate: of(estimate), values };
  };

  const nullAt = stats.baseline('independenceNull') + 1;
  const ceilingAt = stats.baseline('splitHalfCeiling') + 1;
  const fidelityOf = (condition: number) =>
    derived((row) => structureFidelity(row[stats.comparison(condition, 0)]!, row[nullAt]!, row[ceilingAt]!));

  const conditions: ConditionInference[] = model.conditions.map((condition, c) => {
    const comparisons = model.methods.map((method, m) => {
      const at = stats.comparison(c, m);
      return { method, r: interval(at), rmse: interval(at + 1), mad: interval(at + 2), concordance: interval(at + 3) };
    });
    const structure = stats.structureHeadline(c);
    const headlineExcess = excess(stats.marginalDistance(c), stats.marginalFloor(c));
    const fidelity = model.uniform ? fidelityOf(c) : { estimate: Number.NaN, values: new Float64Array(0) };
    return {
      condition: condition.name,
      marginalDistance: unitInterval(stats.marginalDistance(c)),
      marginalCoverage: unitInterval(stats.marginalCoverage(c)),
      marginalFloor: headlineExcess.floor,
      marginalExcess: headlineExcess.excess,
      structureMethod: model.methods[0] ?? null,
      structureBasis: condition.withinGroup?.weighting ?? 'all',
      structureR: interval(structure),
      structureRmse: interval(structure + 1),
      structureMad: interval(structure + 2),
      structureConcordance: interval(structure + 3),
      comparisons,
      groupMeanR: interval(stats.groupMeanR(c)),
      fidelity: basicInterval(fidelity.estimate, fidelity.values, confidence),
      items: model.items.map((item, index) => {
        const { floor, excess: itemExcess } = excess(stats.itemDistance(c, index), stats.itemFloor(c, index));
        return { item: item.id, distance: unitInterval(stats.itemDistance(c, index)), floor, excess: itemExcess };
      }),
    };
  });

  // Every pair of conditions on each measure, then Holm across the pairs of that measure.
  const columnOf: Record<PairedMeasure, (condition: number) => number> = {
    marginalDistance: (condition) => stats.marginalDistance(condition),
    structureR: (condition) => stats.structureHeadline(condition),
    structureRmse: (condition) => stats.structureHeadline(condition) + 1,
    structureConcordance: (condition) => stats.structureHeadline(condition) + 3,
    groupMeanR: (condition) => stats.groupMeanR(condition),
  };
  const conditionPairs: [number, number][] = [];
  for (let a = 0; a < model.conditions.length; a++) for (let b = a + 1; b < model.conditions.length; b++) conditionPairs.push([a, b]);
  const differences = Object.fromEntries(
    PAIRED_MEASURES.map((measure) => {
      const at = columnOf[measure];
      return [measure, holmAdjustedDifferences(conditionPairs.map(([a, b]) => derived((row) => row[at(a)]! - row[at(b)]!)), confidence)];
    }),
  ) as Record<PairedMeasure, PairedDifference[]>;
  const pairs: ConditionPairInference[] = conditionPairs.map(([a, b], index) => ({
    conditionA: model.conditions[a]!.name,
    conditionB: model.conditions[b]!.name,
    marginalDistance: differences.marginalDistance[index]!,
    structureR: differences.structureR[index]!,
    structureRmse: differences.structureRmse[index]!,
    structureConcordance: differences.structureConcordance[index]!,
    groupMeanR: differences.groupMeanR[index]!,
  }));

  let baselines: InferenceResults['baselines'] = null;
  if (model.uniform && model.independenceNull) {
    const baseline = (name: 'uniform' | 'independenceNull' | 'splitHalfCeiling', description: string, nRespondents: number): BaselineInference => {
      const at = stats.baseline(name);
      return { description, nRespondents, marginalDistance: unitInterval(at), structureR: interval(at + 1) };
    };
    baselines = {
      uniform: baseline(
        'uniform',
        'A random responder: every item answered uniformly at random over its codes, as many respondents as the largest condition (one fixed sample, resampled like a condition).',
        model.uniform.nRows,
      ),
      independenceNull: baseline(
        'independenceNull',
        "Human respondents (as many as the largest condition, drawn at random with their weights) with each item's answers dealt out independently: every item's weighted human marginal kept exactly, the structure destroyed (one fixed sample, resampled like a condition).",
        model.independenceNull.respondents ?? model.independenceNull.nRows,
      ),
      splitHalfCeiling: baseline(
        'splitHalfCeiling',
        'Two random halves of the human respondents compared with each other: how closely a second human sample of half the size agrees.',
        Math.floor(model.human.nRows / 2),
      ),
    };
    for (const condition of conditions) {
      if (condition.fidelity.estimate !== null && condition.fidelity.estimate > 1) {
        notes.push(
          `${condition.condition}: structure fidelity above 1 means its matrix agrees with the full human matrix better than two human halves agree with each other (each half has half the respondents).`,
        );
      }
    }
  }

  const outside: string[] = [];
  for (const condition of conditions) {
    const headline = [
      ['marginal distance', condition.marginalDistance],
      ['structure r', condition.structureR],
      ['group-mean r', condition.groupMeanR],
    ] as const;
    for (const [label, value] of headline) {
      if (value.estimate === null || value.lower === null || value.upper === null) continue;
      if (value.estimate < value.lower || value.estimate > value.upper) outside.push(`${condition.condition} ${label}`);
    }
  }
  if (outside.length > 0) {
    notes.push(
      `The full-sample estimate lies outside its interval for ${outside.join(', ')}. Resampling adds sampling noise, which ` +
        'inflates distances and weakens correlations, so the replicates are shifted (bootstrap bias) and the percentile ' +
        'interval shows the spread of a resampled estimate around that shifted centre; differences between conditions of ' +
        'similar size share most of the shift.',
    );
  }

  for (const condition of conditions) {
    const partial = [
      ['marginal distance', condition.marginalDistance],
      ['structure r', condition.structureR],
      ['group-mean r', condition.groupMeanR],
    ] as const;
    for (const [label, value] of partial) {
      if (value.estimate !== null && value.replicates < nReplicates) {
        notes.push(
          `${condition.condition}: ${label} is undefined in ${nReplicates - value.replicates} of ${nReplicates} replicates (e.g. a cell below minCellSize); its interval uses the other ${value.replicates}.`,
        );
      }
    }
  }

  return {
    settings: {
      replicates: settings.replicates,
      resampleHumans: settings.resampleHumans,
      seed: settings.seed,
      confidence,
      baselines: settings.baselines,
      interval: 'basic',
      quantile: 'linear interpolation (R type 7)',
      multiplicity: 'Holm across condition pairs, per measure',
    },
    conditions,
    pairs,
    baselines,
    reversal: reversalOf(conditions, pairs),
    notes,
  };
}

function differenceBetween(pairs: readonly ConditionPairInference[], first: string, second: string, key: 'marginalDistance' | 'structureR'): PairedDifference | undefined {
  const direct = pairs.find((pair) => pair.conditionA === first && pair.conditionB === second);
  if (direct) return direct[key];
  const reversed = pairs.find((pair) => pair.conditionA === second && pair.conditionB === first);
  return reversed ? negated(reversed[key]) : undefined;
}

/** The Holm-adjusted interval and p-value of a difference, in words. */
function describeDifference(difference: PairedDifference | undefined): string {
  if (!difference || difference.estimate === null) return 'difference n/a';
  const { adjustedLower, adjustedUpper, adjustedConfidence, pAdjusted } = difference;
  const ci =
    adjustedLower === null || adjustedUpper === null || adjustedConfidence === null
      ? 'no interval'
      : `Holm-adjusted ${percentOf(adjustedConfidence)} CI ${format(adjustedLower)} to ${format(adjustedUpper)}`;
  const p = pAdjusted === null ? '' : `, Holm p ${formatP(pAdjusted)}`;
  return `difference ${format(difference.estimate)}, ${ci}${p}`;
}

function percentOf(level: number): string {
  return `${Math.round(level * 1000) / 10}%`;
}

function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/**
 * Whether the condition closest on marginals is the one closest on structure, in words. The two
 * conditions are picked by their estimates, so the verdict rests on the Holm-adjusted differences:
 * Holm controls the family-wise error over every condition pair of a measure, hence also for the
 * pair picked after looking. A reversal needs both differences (an intersection–union test, which
 * needs no further adjustment), so it is called significant only when both adjusted intervals
 * exclude 0.
 */
export function reversalOf(conditions: readonly ConditionInference[], pairs: readonly ConditionPairInference[]): ReversalInference | null {
  const candidates = conditions.filter((c) => c.marginalDistance.estimate !== null && c.structureR.estimate !== null);
  if (candidates.length < 2) return null;
  let byMarginals = candidates[0]!;
  let byStructure = candidates[0]!;
  for (const candidate of candidates) {
    if (candidate.marginalDistance.estimate! < byMarginals.marginalDistance.estimate!) byMarginals = candidate;
    if (candidate.structureR.estimate! > byStructure.structureR.estimate!) byStructure = candidate;
  }
  if (byMarginals === byStructure) {
    return {
      detected: false,
      closestOnMarginals: byMarginals.condition,
      closestOnStructure: byStructure.condition,
      marginalDifferenceSignificant: null,
      structureDifferenceSignificant: null,
      sentence:
        `${byMarginals.condition} is closest to the humans on both marginals (distance ${format(byMarginals.marginalDistance.estimate)}) ` +
        `and correlation structure (r ${format(byMarginals.structureR.estimate)}): the rankings agree.`,
    };
  }
  const m = byMarginals.condition;
  const s = byStructure.condition;
  // Oriented so that the condition named first is ahead: distance(m) - distance(s) < 0, r(s) - r(m) > 0.
  const marginal = differenceBetween(pairs, m, s, 'marginalDistance');
  const structure = differenceBetween(pairs, s, m, 'structureR');
  const marginalSignificant = marginal?.excludesZeroAdjusted ?? null;
  const structureSignificant = structure?.excludesZeroAdjusted ?? null;
  const family = pairs.length === 1 ? '' : ` over the ${pairs.length} condition pairs`;
  let verdict: string;
  if (marginalSignificant && structureSignificant) {
    verdict = `the reversal is significant: both Holm-adjusted intervals${family} exclude 0`;
  } else if (marginalSignificant) {
    verdict = `the reversal is not significant: the structure difference's Holm-adjusted interval${family} includes 0`;
  } else if (structureSignificant) {
    verdict = `the reversal is not significant: the marginal difference's Holm-adjusted interval${family} includes 0`;
  } else {
    verdict = `the reversal is not significant: both Holm-adjusted intervals${family} include 0, so it may be sampling noise`;
  }
  return {
    detected: true,
    closestOnMarginals: m,
    closestOnStructure: s,
    marginalDifferenceSignificant: marginalSignificant,
    structureDifferenceSignificant: structureSignificant,
    sentence:
      `${m} is closer to the humans on marginals (distance ${format(byMarginals.marginalDistance.estimate)} vs ${format(byStructure.marginalDistance.estimate)}; ${describeDifference(marginal)}) ` +
      `but ${s} is closer on correlation structure (r ${format(byStructure.structureR.estimate)} vs ${format(byMarginals.structureR.estimate)}; ${describeDifference(structure)}): ` +
      `the rankings disagree, and ${verdict}.`,
  };
}

/** An interval with its ends cut to [0, 1]. */
function withinUnitRange(interval: Interval): Interval {
  const cut = (value: number | null) => (value === null ? null : Math.min(1, Math.max(0, value)));
  return { ...interval, lower: cut(interval.lower), upper: cut(interval.upper) };
}
