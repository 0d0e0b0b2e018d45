/**
 * The two simulated model conditions of the sample. Each simulated respondent stands for one
 * group and is drawn from that group's human profile, but the two conditions fail in opposite
 * ways, so the sample shows the reversal RepScope exists to catch:
 *
 * - "finetuned" copies each group's marginal distribution item by item (pulled part-way toward the
 *   whole sample's, slightly perturbed) with only weak spurious co-variation between items:
 *   marginals close to the humans', correlation structure flattened.
 * - "persona" runs the humans' own latent model (same loadings, so similar structure) but with
 *   shifted item means, compressed spread, stereotyped group positions, mode collapse on a few
 *   items and a small share of unusable replies: marginals further off, structure closer.
 */
import { itemCodes, type SampleItem } from './items';
import {
  cutAtThresholds,
  drawFactors,
  drawNominal,
  expectedFactors,
  groupSampler,
  dot,
  features,
  ITEM_NOISE_SD,
  loadingVector,
  type HumanRespondent,
  type LatentPosition,
  type Population,
} from './population';
import { SeededRandom, standardNormalCdf } from './random';

export interface SampleGroup {
  name: string;
  matches(respondent: HumanRespondent): boolean;
}

/** Must agree with the `groups` section of the sample's experiment.yaml. */
export const SAMPLE_GROUPS: readonly SampleGroup[] = [
  { name: 'left', matches: (respondent) => respondent.leftRight >= 1 && respondent.leftRight <= 3 },
  { name: 'right', matches: (respondent) => respondent.leftRight >= 8 && respondent.leftRight <= 10 },
  { name: 'female', matches: (respondent) => respondent.female === 1 },
  { name: 'male', matches: (respondent) => respondent.female === 0 },
  { name: 'young', matches: (respondent) => respondent.age <= 34 },
  { name: 'old', matches: (respondent) => respondent.age >= 55 },
  { name: 'DEU', matches: (respondent) => respondent.country === 'DEU' },
  { name: 'USA', matches: (respondent) => respondent.country === 'USA' },
];

/** A simulated answer: a code, or (persona only) a raw reply the loader must classify. */
export type ModelAnswer = number | string;

export interface ModelRespondent {
  id: string;
  group: string;
  /** In `SAMPLE_ITEMS` order. */
  answers: ModelAnswer[];
}

function groupMembers(population: Population, group: SampleGroup): HumanRespondent[] {
  const members = population.respondents.filter((respondent) => group.matches(respondent));
  if (members.length === 0) throw new Error(`generateSample: group "${group.name}" has no respondents; use more respondents`);
  return members;
}

function padded(index: number): string {
  return String(index + 1).padStart(4, '0');
}

/** Weighted share of each code among a group's valid answers to the item at `itemIndex`. */
function groupMarginal(members: readonly HumanRespondent[], itemIndex: number, codes: readonly number[]): number[] {
  const positionOf = new Map(codes.map((code, position) => [code, position]));
  const totals = codes.map(() => 0);
  for (const member of members) {
    const position = positionOf.get(member.answers[itemIndex] ?? -1);
    if (position !== undefined) totals[position] = (totals[position] ?? 0) + member.weight;
  }
  const sum = totals.reduce((total, value) => total + value, 0);
  // An item not asked of the group leaves nothing to copy; a flat guess is what a model would have.
  return sum > 0 ? totals.map((value) => value / sum) : codes.map(() => 1 / codes.length);
}

/**
 * The fine-tuned model under-differentiates groups: each group's distribution is this mix of the
 * group's own and the whole sample's. It also keeps the groups' mean differences, which mirror the
 * human structure, from dominating the pooled correlations.
 */
const FINETUNED_GROUP_SHRINKAGE = 0.6;
/** Each group x item distribution is shifted by this much (logit scale, SD): close, not exact. */
const FINETUNED_CELL_SHIFT = 0.25;
/**
 * Spurious co-variation of the fine-tuned model: loadings (SD) of answers on a few nuisance factors
 * that have nothing to do with the human factors. Without it, the only structure left when pooling
 * groups would be the groups' mean differences, which mirror the human pattern at a tiny scale.
 */
const FINETUNED_NUISANCE_LOADING = 0.15;
const FINETUNED_NUISANCE_FACTORS = 3;

function logistic(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

/**
 * Moves a distribution on ordered codes by `shift` on the logit scale of its cumulative shares.
 * On a nominal item the code order is arbitrary, so this is just a perturbation there.
 */
function shiftedCumulative(shares: readonly number[], shift: number): number[] {
  const cumulative: number[] = [];
  let total = 0;
  shares.forEach((share, index) => {
    total += share;
    if (index === shares.length - 1) cumulative.push(1);
    else if (total <= 0) cumulative.push(0);
    else if (total >= 1) cumulative.push(1);
    else cumulative.push(logistic(Math.log(total / (1 - total)) + shift));
  });
  return cumulative;
}

/** The first code whose cumulative share reaches `uniform`. */
function codeAtQuantile(uniform: number, cumulative: readonly number[], codes: readonly number[]): number {
  const index = cumulative.findIndex((value) => uniform <= value);
  return codes[index < 0 ? codes.length - 1 : index] ?? 0;
}

export function simulateFinetuned(
  population: Population,
  items: readonly SampleItem[],
  perGroup: number,
  seed: number,
): ModelRespondent[] {
  const random = new SeededRandom(seed, 'finetuned');
  const nuisance = items.map(() => {
    const loadings = Array.from({ length: FINETUNED_NUISANCE_FACTORS }, () => FINETUNED_NUISANCE_LOADING * random.normal());
    // Unit total variance, so the normal CDF below maps the latent onto the copied shares.
    return { loadings, uniqueSd: Math.sqrt(Math.max(0.2, 1 - dot(loadings, loadings))) };
  });
  const pooled = items.map((item, itemIndex) => groupMarginal(population.respondents, itemIndex, itemCodes(item)));
  const simulated: ModelRespondent[] = [];
  for (const group of SAMPLE_GROUPS) {
    const members = groupMembers(population, group);
    const distributions = items.map((item, itemIndex) => {
      const codes = itemCodes(item);
      const overall = pooled[itemIndex] ?? [];
      const shares = groupMarginal(members, itemIndex, codes).map(
        (share, index) => (1 - FINETUNED_GROUP_SHRINKAGE) * share + FINETUNED_GROUP_SHRINKAGE * (overall[index] ?? 0),
      );
      const cumulative = shiftedCumulative(shares, FINETUNED_CELL_SHIFT * random.normal());
      return { codes, cumulative };
    });
    for (let index = 0; index < perGroup; index++) {
      const factors = Array.from({ length: FINETUNED_NUISANCE_FACTORS }, () => random.normal());
      simulated.push({
        id: `finetuned-${group.name}-${padded(index)}`,
        group: group.name,
        answers: distributions.map(({ codes, cumulative }, itemIndex) => {
          const { loadings, uniqueSd } = nuisance[itemIndex] ?? { loadings: [], uniqueSd: 1 };
          const latent = dot(loadings, factors) + uniqueSd * random.normal();
          return codeAtQuantile(standardNormalCdf(latent), cumulative, codes);
        }),
      });
    }
  }
  return simulated;
}

interface PersonaDistortion {
  /** Added to the item's latent response, in its latent units. */
  shift: number;
  /** When set, this share of replies is the given code regardless of the respondent. */
  collapse?: { code: number; share: number };
}

/** Each item's latent mean moves by a size drawn uniformly from this range, up or down. */
const PERSONA_SHIFT_MIN = 0.25;
const PERSONA_SHIFT_MAX = 0.55;
/** How strongly the persona model spreads respondents around their expected position (humans: 1). */
const PERSONA_SPREAD = 0.8;
/** Latent responses are pulled toward the population centre by this factor: compressed variance. */
const PERSONA_COMPRESSION = 0.65;
/** Group positions are exaggerated by this share of their distance from the population mean. */
const PERSONA_STEREOTYPE = 0.6;
/** Items on which the persona model mostly gives one answer. */
const PERSONA_COLLAPSE: Readonly<Record<string, { code: number; share: number }>> = {
  Q46: { code: 2, share: 0.92 },
  Q57: { code: 2, share: 0.9 },
  Q131: { code: 2, share: 0.9 },
};
/** Unusable replies, per answer. */
const PERSONA_REFUSAL = 0.006;
const PERSONA_UNPARSEABLE = 0.005;
const PERSONA_OUT_OF_RANGE = 0.003;
/** Replies given as answer-option text rather than a code (valid; they exercise the label path). */
const PERSONA_LABEL_TEXT = 0.004;

function personaDistortions(items: readonly SampleItem[], random: SeededRandom): PersonaDistortion[] {
  return items.map((item) => {
    const size = PERSONA_SHIFT_MIN + (PERSONA_SHIFT_MAX - PERSONA_SHIFT_MIN) * random.uniform();
    const collapse = PERSONA_COLLAPSE[item.id];
    return { shift: random.chance(0.5) ? size : -size, ...(collapse ? { collapse } : {}) };
  });
}

function meanFactors(respondents: readonly LatentPosition[]): { secular: number; selfExpression: number } {
  let secular = 0;
  let selfExpression = 0;
  for (const respondent of respondents) {
    const expected = expectedFactors(respondent);
    secular += expected.secular;
    selfExpression += expected.selfExpression;
  }
  const n = Math.max(1, respondents.length);
  return { secular: secular / n, selfExpression: selfExpression / n };
}

function invalidReply(outOfRangeCode: number, random: SeededRandom): ModelAnswer | undefined {
  const draw = random.uniform();
  if (draw < PERSONA_REFUSAL) return 'refusal';
  if (draw < PERSONA_REFUSAL + PERSONA_UNPARSEABLE) return 'unparseable';
  if (draw < PERSONA_REFUSAL + PERSONA_UNPARSEABLE + PERSONA_OUT_OF_RANGE) return outOfRangeCode;
  return undefined;
}

/** What the persona model needs per item, computed once. */
interface PersonaItemPlan {
  item: SampleItem;
  codes: number[];
  /** Undefined for nominal items. */
  loadings: number[] | undefined;
  centre: number;
  thresholds: number[];
  distortion: PersonaDistortion;
  /** One past the highest code, e.g. 11 on a 1–10 scale. */
  outOfRangeCode: number;
}

function personaPlans(population: Population, items: readonly SampleItem[], random: SeededRandom): PersonaItemPlan[] {
  const distortions = personaDistortions(items, random);
  return items.map((item, itemIndex) => {
    const codes = itemCodes(item);
    return {
      item,
      codes,
      loadings: item.loadings ? loadingVector(item.loadings) : undefined,
      centre: population.latentMeans.get(item.id) ?? 0,
      thresholds: population.thresholds.get(item.id) ?? [],
      distortion: distortions[itemIndex] ?? { shift: 0 },
      outOfRangeCode: (codes[codes.length - 1] ?? 0) + 1,
    };
  });
}

function personaAnswer(plan: PersonaItemPlan, featureValues: readonly number[], random: SeededRandom): ModelAnswer {
  const { distortion } = plan;
  let code: number;
  if (distortion.collapse && random.chance(distortion.collapse.share)) {
    code = distortion.collapse.code;
  } else if (plan.loadings) {
    const latent = dot(plan.loadings, featureValues) + ITEM_NOISE_SD * PERSONA_SPREAD * random.normal();
    const distorted = plan.centre + distortion.shift + PERSONA_COMPRESSION * (latent - plan.centre);
    code = cutAtThresholds(distorted, plan.thresholds, plan.codes);
  } else {
    code = drawNominal(plan.item, featureValues, random, 1.5);
  }
  const invalid = invalidReply(plan.outOfRangeCode, random);
  if (invalid !== undefined) return invalid;
  const label = plan.item.options[code];
  return label !== undefined && random.chance(PERSONA_LABEL_TEXT) ? label : code;
}

export function simulatePersona(
  population: Population,
  items: readonly SampleItem[],
  perGroup: number,
  seed: number,
): ModelRespondent[] {
  const random = new SeededRandom(seed, 'persona');
  const plans = personaPlans(population, items, random);
  const populationCentre = meanFactors(population.respondents);
  const simulated: ModelRespondent[] = [];
  for (const group of SAMPLE_GROUPS) {
    const members = groupMembers(population, group);
    const sampler = groupSampler(members);
    const groupCentre = meanFactors(members);
    for (let index = 0; index < perGroup; index++) {
      const template = members[sampler.draw(random)] ?? members[0];
      if (!template) continue;
      const profile = { country: template.country, female: template.female, age: template.age, right: template.right };
      const factors = drawFactors(profile, random, PERSONA_SPREAD);
      const featureValues = features({
        ...profile,
        secular: factors.secular + PERSONA_STEREOTYPE * (groupCentre.secular - populationCentre.secular),
        selfExpression: factors.selfExpression + PERSONA_STEREOTYPE * (groupCentre.selfExpression - populationCentre.selfExpression),
      });
      const answers = plans.map((plan) => personaAnswer(plan, featureValues, random));
      simulated.push({ id: `persona-${group.name}-${padded(index)}`, group: group.name, answers });
    }
  }
  return simulated;
}
