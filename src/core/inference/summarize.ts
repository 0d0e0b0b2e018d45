/**
 * Turns the estimate row and the replicate rows into intervals, paired differences, the fidelity
 * score and the reversal sentence.
 */
import type { InferenceModel } from './model';
import { pairedDifference, percentileInterval } from './percentile';
import { statLayoutOf } from './replicate';
import type {
  BaselineInference,
  ConditionInference,
  ConditionPairInference,
  InferenceResults,
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

/** The interval of -x from that of x. */
function negated(difference: PairedDifference): PairedDifference {
  return {
    estimate: difference.estimate === null ? null : -difference.estimate,
    lower: difference.upper === null ? null : -difference.upper,
    upper: difference.lower === null ? null : -difference.lower,
    replicates: difference.replicates,
    excludesZero: difference.excludesZero,
  };
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
  const percent = `${Math.round(confidence * 1000) / 10}%`;
  const notes: string[] = [];

  const column = (at: number): Float64Array => {
    const values = new Float64Array(nReplicates);
    for (let b = 0; b < nReplicates; b++) values[b] = replicates[b * count + at]!;
    return values;
  };
  const interval = (at: number) => percentileInterval(estimate[at]!, column(at), confidence);
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
    const fidelity = model.uniform ? fidelityOf(c) : { estimate: Number.NaN, values: new Float64Array(0) };
    return {
      condition: condition.name,
      marginalDistance: interval(stats.marginalDistance(c)),
      structureMethod: model.methods[0] ?? null,
      structureBasis: condition.withinGroup?.weighting ?? 'all',
      structureR: interval(structure),
      structureRmse: interval(structure + 1),
      structureMad: interval(structure + 2),
      structureConcordance: interval(structure + 3),
      comparisons,
      groupMeanR: interval(stats.groupMeanR(c)),
      fidelity: percentileInterval(fidelity.estimate, fidelity.values, confidence),
      items: model.items.map((item, index) => ({ item: item.id, distance: interval(stats.itemDistance(c, index)) })),
    };
  });

  const pairs: ConditionPairInference[] = [];
  for (let a = 0; a < model.conditions.length; a++) {
    for (let b = a + 1; b < model.conditions.length; b++) {
      const difference = (atA: number, atB: number) => {
        const values = derived((row) => row[atA]! - row[atB]!);
        return pairedDifference(values.estimate, values.values, confidence);
      };
      pairs.push({
        conditionA: model.conditions[a]!.name,
        conditionB: model.conditions[b]!.name,
        marginalDistance: difference(stats.marginalDistance(a), stats.marginalDistance(b)),
        structureR: difference(stats.structureHeadline(a), stats.structureHeadline(b)),
        structureRmse: difference(stats.structureHeadline(a) + 1, stats.structureHeadline(b) + 1),
        structureConcordance: difference(stats.structureHeadline(a) + 3, stats.structureHeadline(b) + 3),
        groupMeanR: difference(stats.groupMeanR(a), stats.groupMeanR(b)),
      });
    }
  }

  let baselines: InferenceResults['baselines'] = null;
  if (model.uniform && model.independenceNull) {
    const baseline = (name: 'uniform' | 'independenceNull' | 'splitHalfCeiling', description: string, nRespondents: number): BaselineInference => {
      const at = stats.baseline(name);
      return { description, nRespondents, marginalDistance: interval(at), structureR: interval(at + 1) };
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
      interval: 'percentile',
      quantile: 'linear interpolation (R type 7)',
    },
    conditions,
    pairs,
    baselines,
    reversal: reversalOf(conditions, pairs, percent),
    notes,
  };
}

function differenceBetween(pairs: ConditionPairInference[], first: string, second: string, key: 'marginalDistance' | 'structureR'): PairedDifference | undefined {
  const direct = pairs.find((pair) => pair.conditionA === first && pair.conditionB === second);
  if (direct) return direct[key];
  const reversed = pairs.find((pair) => pair.conditionA === second && pair.conditionB === first);
  return reversed ? negated(reversed[key]) : undefined;
}

function describeDifference(difference: PairedDifference | undefined, percent: string): string {
  if (!difference || difference.estimate === null) return 'difference n/a';
  const ci = difference.lower === null || difference.upper === null ? 'no interval' : `${percent} CI ${format(difference.lower)} to ${format(difference.upper)}`;
  return `difference ${format(difference.estimate)}, ${ci}`;
}

/** Whether the condition closest on marginals is the one closest on structure, in words. */
function reversalOf(conditions: ConditionInference[], pairs: ConditionPairInference[], percent: string): ReversalInference | null {
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
  const marginalSignificant = marginal?.excludesZero ?? null;
  const structureSignificant = structure?.excludesZero ?? null;
  let verdict: string;
  if (marginalSignificant && structureSignificant) {
    verdict = `both differences are significant (their ${percent} intervals exclude 0)`;
  } else if (marginalSignificant) {
    verdict = `only the marginal difference is significant; the structure difference's ${percent} interval includes 0`;
  } else if (structureSignificant) {
    verdict = `only the structure difference is significant; the marginal difference's ${percent} interval includes 0`;
  } else {
    verdict = `neither difference is significant (both ${percent} intervals include 0), so the reversal may be sampling noise`;
  }
  return {
    detected: true,
    closestOnMarginals: m,
    closestOnStructure: s,
    marginalDifferenceSignificant: marginalSignificant,
    structureDifferenceSignificant: structureSignificant,
    sentence:
      `${m} is closer to the humans on marginals (distance ${format(byMarginals.marginalDistance.estimate)} vs ${format(byStructure.marginalDistance.estimate)}; ${describeDifference(marginal, percent)}) ` +
      `but ${s} is closer on correlation structure (r ${format(byStructure.structureR.estimate)} vs ${format(byMarginals.structureR.estimate)}; ${describeDifference(structure, percent)}): ` +
      `the rankings disagree, and ${verdict}.`,
  };
}
