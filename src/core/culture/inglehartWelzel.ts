/**
 * Positions on the Inglehart–Welzel cultural map: traditional vs secular-rational values and
 * survival vs self-expression values, from the WVS wave 7 items that make up the two dimensions.
 *
 * Source: Inglehart & Welzel (2005), "Modernization, Cultural Change, and Democracy"; WVS wave 7
 * variable mapping in the WVS documentation (F063 = Q164, Y003 from Q8/Q14/Q15/Q17, F120 = Q184,
 * G006 = Q254, E018 = Q45; Y002 from Q154/Q155, A008 = Q46, F118 = Q182, E025 = Q209, A165 = Q57).
 *
 * Method (documented approximation): each indicator is oriented so that higher means more
 * secular-rational (or more self-expression), z-scored with the weighted mean and standard
 * deviation of the human respondents, and a respondent's dimension score is the mean of their
 * available z-scores (at least half of the dimension's indicators present). Group positions are
 * weighted means of respondent scores. The published map uses factor scores from a pooled
 * respondent-level factor analysis; an equal-weight index of the same standardised indicators
 * orders groups the same way in practice, but its units differ, so compare positions within a
 * run (human vs model), not with published maps. Model respondents are scored with the human
 * means and standard deviations, so both sit on one scale.
 */

/** How one indicator is read from a respondent's answer codes. */
export interface CulturalIndicator {
  /** Trend-file code of the indicator, e.g. `F063`. */
  id: string;
  label: string;
  /** WVS-7 items it needs. */
  items: readonly string[];
  /** The oriented value (higher = secular / self-expression), or NaN when it cannot be computed. */
  value: (code: (item: string) => number) => number;
}

export type CulturalDimension = 'traditionalSecular' | 'survivalSelfExpression';

/** Codes are survey answers; NaN marks missing. */
const reverse = (min: number, max: number) => (x: number) => min + max - x;

function single(id: string, label: string, item: string, orient: (x: number) => number = (x) => x): CulturalIndicator {
  return { id, label, items: [item], value: (code) => orient(code(item)) };
}

/** Y003 autonomy index: (Q15 + Q17) − (Q8 + Q14) with 1 = mentioned, 2 = not; −2 (obedience, faith) … 2 (independence, determination). */
const autonomyIndex: CulturalIndicator = {
  id: 'Y003',
  label: 'Autonomy index (child qualities)',
  items: ['Q8', 'Q14', 'Q15', 'Q17'],
  value: (code) => code('Q15') + code('Q17') - (code('Q8') + code('Q14')),
};

/** Y002 post-materialism: from the first and second aims (1 order, 2 say, 3 prices, 4 free speech): 1 materialist, 2 mixed, 3 post-materialist. */
const postMaterialism: CulturalIndicator = {
  id: 'Y002',
  label: 'Post-materialist index (4 items)',
  items: ['Q154', 'Q155'],
  value: (code) => {
    const first = code('Q154');
    const second = code('Q155');
    if (!Number.isFinite(first) || !Number.isFinite(second)) return Number.NaN;
    const materialist = (x: number) => x === 1 || x === 3;
    const postMaterialist = (x: number) => x === 2 || x === 4;
    if (materialist(first) && materialist(second)) return 1;
    if (postMaterialist(first) && postMaterialist(second)) return 3;
    return 2;
  },
};

export const CULTURAL_DIMENSIONS: Record<CulturalDimension, readonly CulturalIndicator[]> = {
  traditionalSecular: [
    single('F063', 'Importance of God (reversed)', 'Q164', reverse(1, 10)),
    autonomyIndex,
    single('F120', 'Abortion justifiable', 'Q184'),
    single('G006', 'National pride (1 very proud … 4 not at all)', 'Q254'),
    single('E018', 'Respect for authority (1 good … 3 bad)', 'Q45'),
  ],
  survivalSelfExpression: [
    postMaterialism,
    single('A008', 'Feeling of happiness (reversed)', 'Q46', reverse(1, 4)),
    single('F118', 'Homosexuality justifiable', 'Q182'),
    single('E025', 'Signing a petition (reversed: 1 have done)', 'Q209', reverse(1, 3)),
    single('A165', 'Most people can be trusted (reversed: 1 trust)', 'Q57', reverse(1, 2)),
  ],
};

/** Indicators whose items are all in the experiment. */
export function availableIndicators(items: ReadonlySet<string>): Record<CulturalDimension, CulturalIndicator[]> {
  const pick = (dimension: CulturalDimension) => CULTURAL_DIMENSIONS[dimension].filter((indicator) => indicator.items.every((item) => items.has(item)));
  return { traditionalSecular: pick('traditionalSecular'), survivalSelfExpression: pick('survivalSelfExpression') };
}

/** A dimension is scored when at least this many of its five indicators are available. */
export const MIN_INDICATORS_PER_DIMENSION = 3;

export interface RespondentSource {
  nRows: number;
  /** Answer code of a respondent to an item, NaN when missing or invalid. */
  code: (row: number, item: string) => number;
  weight: (row: number) => number;
}

export interface Standardisation {
  mean: Float64Array;
  sd: Float64Array;
}

/** Raw oriented indicator values, rows x indicators, NaN where missing. */
export function indicatorValues(source: RespondentSource, indicators: readonly CulturalIndicator[], rows: Uint32Array): Float64Array {
  const values = new Float64Array(rows.length * indicators.length);
  rows.forEach((row, index) => {
    const code = (item: string) => source.code(row, item);
    indicators.forEach((indicator, k) => {
      values[index * indicators.length + k] = indicator.value(code);
    });
  });
  return values;
}

/** Weighted mean and standard deviation of each indicator over the rows where it is defined. */
export function standardisation(values: Float64Array, weights: Float64Array, nIndicators: number): Standardisation {
  const nRows = weights.length;
  const mean = new Float64Array(nIndicators);
  const sd = new Float64Array(nIndicators);
  for (let k = 0; k < nIndicators; k++) {
    let total = 0;
    let sum = 0;
    for (let row = 0; row < nRows; row++) {
      const x = values[row * nIndicators + k]!;
      if (Number.isNaN(x)) continue;
      total += weights[row]!;
      sum += weights[row]! * x;
    }
    const m = total > 0 ? sum / total : Number.NaN;
    let squares = 0;
    for (let row = 0; row < nRows; row++) {
      const x = values[row * nIndicators + k]!;
      if (Number.isNaN(x)) continue;
      squares += weights[row]! * (x - m) ** 2;
    }
    mean[k] = m;
    sd[k] = total > 0 ? Math.sqrt(squares / total) : Number.NaN;
  }
  return { mean, sd };
}

/**
 * Weighted mean dimension score of the rows: each respondent's mean z-score over their available
 * indicators (NaN for respondents with fewer than half present), then the weighted mean over
 * respondents with a score. NaN when none has one.
 */
export function meanDimensionScore(values: Float64Array, weights: Float64Array, scale: Standardisation): { score: number; n: number } {
  const nIndicators = scale.mean.length;
  const nRows = weights.length;
  const needed = Math.ceil(nIndicators / 2);
  let total = 0;
  let sum = 0;
  let n = 0;
  for (let row = 0; row < nRows; row++) {
    let present = 0;
    let zSum = 0;
    for (let k = 0; k < nIndicators; k++) {
      const x = values[row * nIndicators + k]!;
      const sd = scale.sd[k]!;
      if (Number.isNaN(x) || !(sd > 0)) continue;
      zSum += (x - scale.mean[k]!) / sd;
      present++;
    }
    if (present < needed) continue;
    total += weights[row]!;
    sum += weights[row]! * (zSum / present);
    n++;
  }
  return { score: total > 0 ? sum / total : Number.NaN, n };
}
