/**
 * How close a model's correlation matrix is to the human one.
 */
import { imputeUndefinedModel } from './imputeUndefined';
import { linConcordance } from './linConcordance';

export interface MatrixComparison {
  /** Pairs i<j where the human matrix is finite (the model's undefined ones count as 0). */
  nPairs: number;
  /** Of those, pairs where the model's correlation was undefined and counted as 0 (collapse penalty). */
  nPairsImputed: number;
  /** Pearson r between the two upper-triangle vectors; NaN below 3 pairs or without variance. */
  r: number;
  /**
   * Lin's concordance correlation coefficient between the two upper-triangle vectors
   * (`linConcordance`, human as x): unlike r it falls below 1 when the model's correlations are a
   * rescaled or shifted copy of the human ones. NaN below 2 pairs or when both vectors are the same constant.
   */
  concordance: number;
  /** sqrt(mean over pairs of (model - human)^2). */
  rmse: number;
  /** Mean over pairs of |model - human|. */
  meanAbsoluteDifference: number;
  /**
   * Frobenius norm of the difference over the full symmetric off-diagonal, i.e. every used pair
   * counted twice: sqrt(2 * sum over pairs of (model - human)^2). The diagonal is left out.
   */
  frobenius: number;
  /** Per item i: RMSE of (model - human) over the pairs (i, j), j != i, used above; NaN when none. */
  itemRowError: Float64Array;
}

/** Fewer pairs than this leave r undefined (two points always correlate +-1). */
const MIN_PAIRS_FOR_R = 3;

/**
 * Compares a model's P x P correlation matrix with the humans' (row-major; only the upper triangle
 * is read) over the pairs i<j where the human value is finite. A pair the humans have but the
 * model does not (a constant item) counts with model correlation 0 (`imputeUndefinedModel`), so
 * collapse lowers the score instead of leaving it; pairs undefined for the humans are skipped.
 * Empty comparisons give nPairs 0 and NaN statistics. The Pearson r is computed in two passes
 * (means first).
 */
export function compareMatrices(
  human: { items: number; r: Float64Array },
  modelAsGiven: { items: number; r: Float64Array },
): MatrixComparison {
  const items = human.items;
  if (modelAsGiven.items !== items || human.r.length !== items * items || modelAsGiven.r.length !== items * items) {
    throw new RangeError(
      `compareMatrices: human has ${human.items} items (${human.r.length} values), model ${modelAsGiven.items} items (${modelAsGiven.r.length} values)`,
    );
  }
  const model = imputeUndefinedModel(human, modelAsGiven);
  const humanValues = new Float64Array((items * (items - 1)) / 2);
  const modelValues = new Float64Array(humanValues.length);
  const rowSquares = new Float64Array(items);
  const rowCounts = new Float64Array(items);
  let nPairs = 0;
  let sumHuman = 0;
  let sumModel = 0;
  let sumSquares = 0;
  let sumAbsolute = 0;
  for (let i = 0; i < items; i++) {
    for (let j = i + 1; j < items; j++) {
      const h = human.r[i * items + j]!;
      const m = model.r[i * items + j]!;
      if (!Number.isFinite(h) || !Number.isFinite(m)) continue;
      const difference = m - h;
      humanValues[nPairs] = h;
      modelValues[nPairs] = m;
      nPairs++;
      sumHuman += h;
      sumModel += m;
      sumSquares += difference * difference;
      sumAbsolute += Math.abs(difference);
      rowSquares[i]! += difference * difference;
      rowSquares[j]! += difference * difference;
      rowCounts[i]!++;
      rowCounts[j]!++;
    }
  }
  const itemRowError = new Float64Array(items);
  for (let i = 0; i < items; i++) itemRowError[i] = rowCounts[i]! > 0 ? Math.sqrt(rowSquares[i]! / rowCounts[i]!) : NaN;
  const { nPairsImputed } = model;
  if (nPairs === 0) {
    return { nPairs, nPairsImputed, r: NaN, concordance: NaN, rmse: NaN, meanAbsoluteDifference: NaN, frobenius: NaN, itemRowError };
  }
  let r = NaN;
  if (nPairs >= MIN_PAIRS_FOR_R) {
    const meanHuman = sumHuman / nPairs;
    const meanModel = sumModel / nPairs;
    let shh = 0;
    let smm = 0;
    let shm = 0;
    for (let pair = 0; pair < nPairs; pair++) {
      const h = humanValues[pair]!;
      const m = modelValues[pair]!;
      shh += (h - meanHuman) * (h - meanHuman);
      smm += (m - meanModel) * (m - meanModel);
      shm += (h - meanHuman) * (m - meanModel);
    }
    if (shh > 0 && smm > 0) r = Math.max(-1, Math.min(1, shm / Math.sqrt(shh * smm)));
  }
  return {
    nPairs,
    nPairsImputed,
    r,
    concordance: linConcordance(humanValues.subarray(0, nPairs), modelValues.subarray(0, nPairs)),
    rmse: Math.sqrt(sumSquares / nPairs),
    meanAbsoluteDifference: sumAbsolute / nPairs,
    frobenius: Math.sqrt(2 * sumSquares),
    itemRowError,
  };
}
