/**
 * The items of the synthetic sample: real WVS wave 7 codes, wording and answer scales, each with
 * the parameters of the latent model that generates its answers (see `population.ts`).
 *
 * Signs follow the item's coding, not its meaning: a positive loading means respondents high on
 * that factor give HIGHER codes. Most WVS 4-point items put 1 = "very", so a secular respondent
 * rating religion "not at all important" (4) needs a positive loading on `secular`.
 */

/** Respondent-level quantities an item's latent response can depend on. */
export interface Loadings {
  /** Traditional (−) to secular-rational (+) values. */
  secular?: number;
  /** Survival (−) to self-expression (+) values. */
  selfExpression?: number;
  /** Left (−) to right (+) political orientation. */
  right?: number;
  /** Age, standardised. */
  age?: number;
  /** 1 for women, 0 for men. */
  female?: number;
  /** +1 for Germany, −1 for the United States. */
  germany?: number;
}

export type SampleScale =
  | { type: 'ordinal'; min: number; max: number }
  | { type: 'binary'; codes: [number, number] }
  | { type: 'nominal'; codes: number[] };

export interface SampleItem {
  id: string;
  label: string;
  scale: SampleScale;
  /** Answer wording by code; 1–10 scales label only their end points, as the questionnaire does. */
  options: Record<number, string>;
  /** Share of each code, in code order, in the pooled human sample before missing codes. */
  shares: number[];
  /** Ordinal and binary items: loadings of the latent response. */
  loadings?: Loadings;
  /** Nominal items: a utility per code (same order as `shares`), drawn by a softmax. */
  categoryLoadings?: Loadings[];
  /** Extra "don't know" rate, for items people find hard (economic attitudes, God). */
  extraDontKnow?: number;
  /** Country in which the item was not asked (all its cells are -4 there). */
  notAskedIn?: string;
}

const IMPORTANCE = { 1: 'Very important', 2: 'Rather important', 3: 'Not very important', 4: 'Not at all important' };
const MENTIONED = { 1: 'Mentioned', 2: 'Not mentioned' };
const AGREE4 = { 1: 'Agree strongly', 2: 'Agree', 3: 'Disagree', 4: 'Strongly disagree' };
const JUSTIFIABLE = { 1: 'Never justifiable', 10: 'Always justifiable' };

const ordinal = (min: number, max: number): SampleScale => ({ type: 'ordinal', min, max });
const BINARY: SampleScale = { type: 'binary', codes: [1, 2] };

/** Shares of a 1–10 justifiability item: mostly "never", a long tail. */
const RARELY_JUSTIFIABLE = [0.66, 0.11, 0.07, 0.04, 0.05, 0.025, 0.02, 0.01, 0.01, 0.005];

export const SAMPLE_ITEMS: readonly SampleItem[] = [
  // Important in life (1 very … 4 not at all).
  { id: 'Q1', label: 'Important in life: Family', scale: ordinal(1, 4), options: IMPORTANCE, shares: [0.86, 0.11, 0.02, 0.01], loadings: { secular: 0.2, selfExpression: -0.1, age: -0.1 } },
  { id: 'Q2', label: 'Important in life: Friends', scale: ordinal(1, 4), options: IMPORTANCE, shares: [0.48, 0.42, 0.08, 0.02], loadings: { selfExpression: -0.35, age: 0.15 } },
  { id: 'Q3', label: 'Important in life: Leisure time', scale: ordinal(1, 4), options: IMPORTANCE, shares: [0.38, 0.46, 0.13, 0.03], loadings: { selfExpression: -0.35, age: 0.15 } },
  { id: 'Q4', label: 'Important in life: Politics', scale: ordinal(1, 4), options: IMPORTANCE, shares: [0.12, 0.38, 0.35, 0.15], loadings: { selfExpression: -0.35, age: -0.2, female: 0.15 } },
  { id: 'Q5', label: 'Important in life: Work', scale: ordinal(1, 4), options: IMPORTANCE, shares: [0.44, 0.36, 0.12, 0.08], loadings: { secular: 0.15, age: 0.35 } },
  { id: 'Q6', label: 'Important in life: Religion', scale: ordinal(1, 4), options: IMPORTANCE, shares: [0.24, 0.22, 0.24, 0.3], loadings: { secular: 0.8, right: -0.1 } },
  // Important child qualities (1 mentioned, 2 not mentioned).
  { id: 'Q8', label: 'Important child qualities: Independence', scale: BINARY, options: MENTIONED, shares: [0.7, 0.3], loadings: { secular: -0.35, selfExpression: -0.25 } },
  { id: 'Q14', label: 'Important child qualities: Determination, perseverance', scale: BINARY, options: MENTIONED, shares: [0.55, 0.45], loadings: { secular: -0.35, germany: -0.1 } },
  { id: 'Q15', label: 'Important child qualities: Religious faith', scale: BINARY, options: MENTIONED, shares: [0.25, 0.75], loadings: { secular: 0.75 } },
  { id: 'Q17', label: 'Important child qualities: Obedience', scale: BINARY, options: MENTIONED, shares: [0.2, 0.8], loadings: { secular: 0.45, selfExpression: 0.25 } },
  // Social values and gender roles (1 agree strongly … 4 strongly disagree).
  { id: 'Q27', label: 'One of my main goals in life has been to make my parents proud', scale: ordinal(1, 4), options: AGREE4, shares: [0.3, 0.45, 0.18, 0.07], loadings: { secular: 0.5, age: -0.1 } },
  { id: 'Q28', label: 'When a mother works for pay, the children suffer', scale: ordinal(1, 4), options: AGREE4, shares: [0.07, 0.23, 0.42, 0.28], loadings: { secular: 0.3, selfExpression: 0.4 } },
  { id: 'Q29', label: 'On the whole, men make better political leaders than women do', scale: ordinal(1, 4), options: AGREE4, shares: [0.04, 0.14, 0.4, 0.42], loadings: { secular: 0.2, selfExpression: 0.55, female: 0.2 } },
  { id: 'Q30', label: 'A university education is more important for a boy than for a girl', scale: ordinal(1, 4), options: AGREE4, shares: [0.02, 0.06, 0.37, 0.55], loadings: { selfExpression: 0.5, female: 0.1 } },
  { id: 'Q31', label: 'On the whole, men make better business executives than women do', scale: ordinal(1, 4), options: AGREE4, shares: [0.03, 0.12, 0.42, 0.43], loadings: { secular: 0.2, selfExpression: 0.55, female: 0.2 } },
  { id: 'Q32', label: 'Being a housewife is just as fulfilling as working for pay', scale: ordinal(1, 4), options: AGREE4, shares: [0.18, 0.42, 0.28, 0.12], loadings: { selfExpression: 0.35, secular: 0.1 } },
  // Future changes (1 good, 2 don't mind, 3 bad).
  { id: 'Q45', label: 'Future changes: Greater respect for authority', scale: ordinal(1, 3), options: { 1: 'Good thing', 2: "Don't mind", 3: 'Bad thing' }, shares: [0.5, 0.36, 0.14], loadings: { secular: 0.5, right: -0.2 } },
  // Happiness and wellbeing.
  { id: 'Q46', label: 'Feeling of happiness', scale: ordinal(1, 4), options: { 1: 'Very happy', 2: 'Rather happy', 3: 'Not very happy', 4: 'Not at all happy' }, shares: [0.35, 0.55, 0.08, 0.02], loadings: { selfExpression: -0.45 } },
  { id: 'Q47', label: 'State of health (subjective)', scale: ordinal(1, 5), options: { 1: 'Very good', 2: 'Good', 3: 'Fair', 4: 'Poor', 5: 'Very poor' }, shares: [0.25, 0.42, 0.25, 0.07, 0.01], loadings: { age: 0.55, selfExpression: -0.25 } },
  { id: 'Q48', label: 'How much freedom of choice and control', scale: ordinal(1, 10), options: { 1: 'No choice at all', 10: 'A great deal of choice' }, shares: [0.01, 0.01, 0.02, 0.04, 0.1, 0.12, 0.2, 0.25, 0.13, 0.12], loadings: { selfExpression: 0.5 } },
  { id: 'Q49', label: 'Satisfaction with your life', scale: ordinal(1, 10), options: { 1: 'Completely dissatisfied', 10: 'Completely satisfied' }, shares: [0.01, 0.01, 0.02, 0.03, 0.08, 0.09, 0.18, 0.28, 0.17, 0.13], loadings: { selfExpression: 0.55, age: 0.05 } },
  // Social capital, trust (1 can be trusted, 2 need to be very careful).
  { id: 'Q57', label: 'Most people can be trusted', scale: BINARY, options: { 1: 'Most people can be trusted', 2: 'Need to be very careful' }, shares: [0.4, 0.6], loadings: { selfExpression: -0.4, germany: -0.1, age: -0.1 } },
  // Economic values (1–10 between two statements).
  { id: 'Q106', label: 'Incomes should be made more equal vs larger income differences as incentives', scale: ordinal(1, 10), options: { 1: 'Incomes should be made more equal', 10: 'We need larger income differences as incentives for individual effort' }, shares: [0.1, 0.06, 0.09, 0.09, 0.16, 0.12, 0.12, 0.12, 0.06, 0.08], loadings: { right: 0.5, germany: -0.15 }, extraDontKnow: 0.02 },
  { id: 'Q107', label: 'Private vs state ownership of business', scale: ordinal(1, 10), options: { 1: 'Private ownership of business and industry should be increased', 10: 'Government ownership of business and industry should be increased' }, shares: [0.12, 0.1, 0.13, 0.12, 0.18, 0.1, 0.09, 0.08, 0.04, 0.04], loadings: { right: -0.45, germany: 0.15 }, extraDontKnow: 0.02 },
  { id: 'Q108', label: "Government's vs individual's responsibility", scale: ordinal(1, 10), options: { 1: 'Government should take more responsibility to ensure that everyone is provided for', 10: 'People should take more responsibility to provide for themselves' }, shares: [0.1, 0.07, 0.1, 0.1, 0.17, 0.11, 0.11, 0.11, 0.06, 0.07], loadings: { right: 0.5, germany: -0.25 }, extraDontKnow: 0.02 },
  { id: 'Q109', label: 'Competition good or harmful', scale: ordinal(1, 10), options: { 1: 'Competition is good', 10: 'Competition is harmful' }, shares: [0.14, 0.14, 0.17, 0.13, 0.15, 0.09, 0.07, 0.05, 0.03, 0.03], loadings: { right: -0.3, selfExpression: 0.1 }, extraDontKnow: 0.01 },
  { id: 'Q110', label: 'Success: hard work vs luck', scale: ordinal(1, 10), options: { 1: 'In the long run, hard work usually brings a better life', 10: "Hard work doesn't generally bring success, it's more a matter of luck and connections" }, shares: [0.12, 0.1, 0.13, 0.11, 0.16, 0.1, 0.1, 0.09, 0.05, 0.04], loadings: { right: -0.4, selfExpression: 0.15 }, extraDontKnow: 0.01, notAskedIn: 'DEU' },
  // Security.
  { id: 'Q131', label: 'Secure in neighborhood', scale: ordinal(1, 4), options: { 1: 'Very secure', 2: 'Quite secure', 3: 'Not very secure', 4: 'Not at all secure' }, shares: [0.35, 0.5, 0.12, 0.03], loadings: { selfExpression: -0.3, female: 0.2 } },
  // Post-materialism: a nominal item.
  {
    id: 'Q152',
    label: 'Aims of country: first choice',
    scale: { type: 'nominal', codes: [1, 2, 3, 4] },
    options: {
      1: 'A high level of economic growth',
      2: 'Making sure this country has strong defense forces',
      3: 'Seeing that people have more say about how things are done at their jobs and in their communities',
      4: 'Trying to make our cities and countryside more beautiful',
    },
    shares: [0.52, 0.11, 0.3, 0.07],
    categoryLoadings: [{}, { right: 0.6, secular: -0.4 }, { selfExpression: 0.7 }, { selfExpression: 0.4, age: 0.2 }],
  },
  // Religious values (Q164: 1 not at all … 10 very important, the reverse of Q6).
  { id: 'Q164', label: 'Importance of God', scale: ordinal(1, 10), options: { 1: 'Not at all important', 10: 'Very important' }, shares: [0.2, 0.05, 0.05, 0.04, 0.08, 0.06, 0.07, 0.09, 0.08, 0.28], loadings: { secular: -0.85, right: 0.1 }, extraDontKnow: 0.01 },
  // Ethical values (1 never … 10 always justifiable).
  { id: 'Q177', label: 'Justifiable: Claiming government benefits to which you are not entitled', scale: ordinal(1, 10), options: JUSTIFIABLE, shares: RARELY_JUSTIFIABLE, loadings: { age: -0.35, selfExpression: 0.1 } },
  { id: 'Q180', label: 'Justifiable: Cheating on taxes if you have a chance', scale: ordinal(1, 10), options: JUSTIFIABLE, shares: RARELY_JUSTIFIABLE, loadings: { age: -0.3, secular: 0.1 } },
  { id: 'Q182', label: 'Justifiable: Homosexuality', scale: ordinal(1, 10), options: JUSTIFIABLE, shares: [0.15, 0.03, 0.03, 0.03, 0.1, 0.06, 0.08, 0.11, 0.1, 0.31], loadings: { selfExpression: 0.6, secular: 0.35, female: 0.1 } },
  { id: 'Q184', label: 'Justifiable: Abortion', scale: ordinal(1, 10), options: JUSTIFIABLE, shares: [0.22, 0.05, 0.06, 0.05, 0.15, 0.08, 0.09, 0.1, 0.06, 0.14], loadings: { secular: 0.6, selfExpression: 0.3 } },
  { id: 'Q185', label: 'Justifiable: Divorce', scale: ordinal(1, 10), options: JUSTIFIABLE, shares: [0.06, 0.03, 0.04, 0.05, 0.16, 0.11, 0.13, 0.16, 0.1, 0.16], loadings: { secular: 0.55, selfExpression: 0.3 } },
  // Political interest and participation.
  { id: 'Q199', label: 'Interest in politics', scale: ordinal(1, 4), options: { 1: 'Very interested', 2: 'Somewhat interested', 3: 'Not very interested', 4: 'Not at all interested' }, shares: [0.15, 0.45, 0.28, 0.12], loadings: { selfExpression: -0.3, age: -0.3, female: 0.2 } },
  { id: 'Q209', label: 'Political action: Signing a petition', scale: ordinal(1, 3), options: { 1: 'Have done', 2: 'Might do', 3: 'Would never do' }, shares: [0.5, 0.33, 0.17], loadings: { selfExpression: -0.55, age: 0.1 } },
  // National identity.
  { id: 'Q254', label: 'National pride', scale: ordinal(1, 4), options: { 1: 'Very proud', 2: 'Quite proud', 3: 'Not very proud', 4: 'Not at all proud' }, shares: [0.5, 0.35, 0.11, 0.04], loadings: { secular: 0.45, right: -0.25, germany: 0.3, age: -0.15 } },
];

/** The codes an item's answers take, in order. */
export function itemCodes(item: SampleItem): number[] {
  const scale = item.scale;
  if (scale.type === 'ordinal') {
    const codes: number[] = [];
    for (let code = scale.min; code <= scale.max; code++) codes.push(code);
    return codes;
  }
  return [...scale.codes];
}
