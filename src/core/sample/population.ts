/**
 * The latent model behind the synthetic human respondents.
 *
 * Each respondent has a country, sex, age and a latent left–right position; two correlated
 * cultural factors in the spirit of the Inglehart–Welzel map (traditional↔secular,
 * survival↔self-expression) depend on those plus individual variation. Each item's latent
 * response is a weighted sum of these quantities plus item noise, cut into the item's codes at
 * thresholds chosen so the pooled sample hits the item's target shares. Items loading on the same
 * factor therefore correlate, and groups differ in their marginals, which is exactly what the
 * comparison needs on both levels.
 */
import { itemCodes, type Loadings, type SampleItem } from './items';
import { SeededRandom, WeightedSampler } from './random';

export type Country = 'DEU' | 'USA';

export interface Profile {
  country: Country;
  /** 1 for women, 0 for men. */
  female: number;
  /** Age in years. */
  age: number;
  /** Latent left (−) to right (+) position, about standard normal. */
  right: number;
}

export interface LatentPosition extends Profile {
  secular: number;
  selfExpression: number;
}

export interface HumanRespondent extends LatentPosition {
  id: number;
  weight: number;
  /** Q240 code 1–10, or a negative missing code. */
  leftRight: number;
  /** Answer code (or negative missing code) per item, in `SAMPLE_ITEMS` order. */
  answers: Int16Array;
}

export interface Population {
  respondents: HumanRespondent[];
  /** Per ordinal/binary item: the latent cut points between consecutive codes. */
  thresholds: Map<string, number[]>;
  /** Per ordinal/binary item: mean latent response in the pooled sample, the centre for compression. */
  latentMeans: Map<string, number>;
}

const AGE_MEAN = 48;
const AGE_SD = 17;
/** Noise on every item's latent response; the factors' share of variance makes the correlations. */
export const ITEM_NOISE_SD = 0.75;
/** Correlation of the two cultural factors' individual parts (they correlate in WVS data too). */
const FACTOR_CORRELATION = 0.35;

/** Q240 shares for codes 1–10: most people near the centre. */
const LEFT_RIGHT_SHARES = [0.05, 0.05, 0.1, 0.12, 0.22, 0.14, 0.12, 0.1, 0.05, 0.05];

export function standardisedAge(age: number): number {
  return (age - AGE_MEAN) / AGE_SD;
}

/** The part of the two cultural factors explained by who the respondent is. */
export function expectedFactors(profile: Profile): { secular: number; selfExpression: number } {
  const germany = profile.country === 'DEU' ? 1 : -1;
  const age = standardisedAge(profile.age);
  return {
    secular: 0.45 * germany - 0.3 * profile.right - 0.25 * age - 0.1 * profile.female,
    selfExpression: 0.08 * germany - 0.2 * profile.right - 0.3 * age + 0.05 * profile.female,
  };
}

/** Adds individual variation to the expected factors; `spread` scales it (1 for humans). */
export function drawFactors(profile: Profile, random: SeededRandom, spread = 1): { secular: number; selfExpression: number } {
  const expected = expectedFactors(profile);
  const first = random.normal();
  const second = FACTOR_CORRELATION * first + Math.sqrt(1 - FACTOR_CORRELATION ** 2) * random.normal();
  return {
    secular: expected.secular + spread * 0.75 * first,
    selfExpression: expected.selfExpression + spread * 0.8 * second,
  };
}

/** Loadings as a fixed-order vector matching `features`; plain number arrays keep the hot loop fast. */
export function loadingVector(loadings: Loadings): number[] {
  return [
    loadings.secular ?? 0,
    loadings.selfExpression ?? 0,
    loadings.right ?? 0,
    loadings.age ?? 0,
    loadings.female ?? 0,
    loadings.germany ?? 0,
  ];
}

/** The quantities items load on, in `loadingVector` order. */
export function features(position: LatentPosition): number[] {
  return [
    position.secular,
    position.selfExpression,
    position.right,
    standardisedAge(position.age),
    position.female,
    position.country === 'DEU' ? 1 : -1,
  ];
}

export function dot(first: readonly number[], second: readonly number[]): number {
  let total = 0;
  for (let index = 0; index < first.length; index++) total += (first[index] ?? 0) * (second[index] ?? 0);
  return total;
}

/** The code whose interval of the latent scale contains `latent`. */
export function cutAtThresholds(latent: number, thresholds: readonly number[], codes: readonly number[]): number {
  let index = 0;
  while (index < thresholds.length && latent > (thresholds[index] ?? Infinity)) index++;
  return codes[index] ?? codes[codes.length - 1] ?? 0;
}

/** Cut points that give `shares` of `values` below each successive threshold (empirical quantiles). */
export function quantileThresholds(values: Float64Array, shares: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  const thresholds: number[] = [];
  let cumulative = 0;
  for (let index = 0; index < shares.length - 1; index++) {
    cumulative += shares[index] ?? 0;
    const position = Math.min(sorted.length - 1, Math.max(0, Math.round(cumulative * sorted.length) - 1));
    thresholds.push(sorted[position] ?? 0);
  }
  return thresholds;
}

/** Draws a nominal item's code by softmax over per-code utilities (Gumbel-max). */
export function drawNominal(item: SampleItem, featureValues: readonly number[], random: SeededRandom, sharpness = 1): number {
  const codes = itemCodes(item);
  let bestCode = codes[0] ?? 1;
  let bestUtility = -Infinity;
  codes.forEach((code, index) => {
    const base = Math.log(item.shares[index] ?? 1e-9);
    const loadings = loadingVector(item.categoryLoadings?.[index] ?? {});
    const utility = base + sharpness * dot(loadings, featureValues) + random.gumbel();
    if (utility > bestUtility) {
      bestUtility = utility;
      bestCode = code;
    }
  });
  return bestCode;
}

/** Survey missing codes by kind, per cell; "not asked" (-4) comes from `notAskedIn` instead. */
const MISSING_RATES_BASE = { dontKnow: 0.018, noAnswer: 0.01, notApplicable: 0.003, missing: 0.005 };

function drawMissing(dontKnowRate: number, random: SeededRandom): number | undefined {
  let draw = random.uniform();
  if (draw < dontKnowRate) return -1;
  draw -= dontKnowRate;
  if (draw < MISSING_RATES_BASE.noAnswer) return -2;
  draw -= MISSING_RATES_BASE.noAnswer;
  if (draw < MISSING_RATES_BASE.notApplicable) return -3;
  draw -= MISSING_RATES_BASE.notApplicable;
  return draw < MISSING_RATES_BASE.missing ? -5 : undefined;
}

function drawAge(random: SeededRandom): number {
  for (;;) {
    const age = Math.round(AGE_MEAN + AGE_SD * random.normal());
    if (age >= 18 && age <= 85) return age;
  }
}

/**
 * Survey-like weights: mean 1 within each country, larger for groups surveys under-reach
 * (the young, men), bounded as calibration weights usually are.
 */
function assignWeights(respondents: HumanRespondent[], random: SeededRandom): void {
  const raw = respondents.map((respondent) =>
    Math.exp(0.3 * random.normal() - 0.15 * standardisedAge(respondent.age) + 0.08 * (1 - respondent.female)),
  );
  for (const country of ['DEU', 'USA'] as const) {
    const indices = respondents.flatMap((respondent, index) => (respondent.country === country ? [index] : []));
    const mean = indices.reduce((sum, index) => sum + (raw[index] ?? 0), 0) / Math.max(1, indices.length);
    for (const index of indices) {
      const weight = Math.min(3, Math.max(0.3, (raw[index] ?? 1) / mean));
      const respondent = respondents[index];
      if (respondent) respondent.weight = Math.round(weight * 10000) / 10000;
    }
  }
}

export function generatePopulation(size: number, items: readonly SampleItem[], seed: number): Population {
  const random = new SeededRandom(seed, 'humans');
  const respondents: HumanRespondent[] = [];
  for (let id = 0; id < size; id++) {
    const country: Country = random.chance(0.5) ? 'DEU' : 'USA';
    const female = random.chance(0.52) ? 1 : 0;
    const age = drawAge(random);
    const right =
      0.95 * random.normal() + 0.12 * standardisedAge(age) + 0.1 * (1 - female) + (country === 'USA' ? 0.1 : -0.1);
    const profile: Profile = { country, female, age, right };
    const factors = drawFactors(profile, random);
    respondents.push({
      id,
      country,
      female,
      age,
      right,
      secular: factors.secular,
      selfExpression: factors.selfExpression,
      weight: 1,
      leftRight: 0,
      answers: new Int16Array(items.length),
    });
  }

  const rights = Float64Array.from(respondents, (respondent) => respondent.right);
  const leftRightThresholds = quantileThresholds(rights, LEFT_RIGHT_SHARES);
  const leftRightCodes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  for (const respondent of respondents) {
    const draw = random.uniform();
    respondent.leftRight = draw < 0.04 ? -1 : draw < 0.05 ? -2 : cutAtThresholds(respondent.right, leftRightThresholds, leftRightCodes);
  }

  const featureRows = respondents.map((respondent) => features(respondent));
  const thresholds = new Map<string, number[]>();
  const latentMeans = new Map<string, number>();
  items.forEach((item, itemIndex) => {
    const codes = itemCodes(item);
    let answers: number[];
    if (item.loadings) {
      const loadings = loadingVector(item.loadings);
      const latent = Float64Array.from(featureRows, (row) => dot(loadings, row) + ITEM_NOISE_SD * random.normal());
      const cuts = quantileThresholds(latent, item.shares);
      thresholds.set(item.id, cuts);
      latentMeans.set(item.id, latent.reduce((sum, value) => sum + value, 0) / Math.max(1, latent.length));
      answers = Array.from(latent, (value) => cutAtThresholds(value, cuts, codes));
    } else {
      answers = featureRows.map((row) => drawNominal(item, row, random));
    }
    const dontKnowRate = MISSING_RATES_BASE.dontKnow + (item.extraDontKnow ?? 0);
    respondents.forEach((respondent, index) => {
      const missing = respondent.country === item.notAskedIn ? -4 : drawMissing(dontKnowRate, random);
      respondent.answers[itemIndex] = missing ?? answers[index] ?? 0;
    });
  });

  assignWeights(respondents, random);
  return { respondents, thresholds, latentMeans };
}

/** Resamples members of a group in proportion to their survey weight. */
export function groupSampler(members: readonly HumanRespondent[]): WeightedSampler {
  return new WeightedSampler(members.map((member) => member.weight));
}
