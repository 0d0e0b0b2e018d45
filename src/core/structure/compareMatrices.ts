/**
 * How close a model's correlation matrix is to the human one.
 */

export interface MatrixComparison {
  /** Pairs i<j where both matrices are finite. */
  nPairs: number;
  /** Pearson r between the two upper-triangle vectors; NaN below 3 pairs or without variance. */
  r: number;
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
 * Compares two P x P correlation matrices (row-major; only the upper triangle is read) over the
 * pairs i<j where both values are finite. Empty comparisons give nPairs 0 and NaN statistics.
 * The Pearson r is computed in two passes (means first).
 */
export function compareMatrices(
  human: { items: number; r: Float64Array },
  model: { items: number; r: Float64Array },
): MatrixComparison {
  const items = human.items;
  if (model.items !== items || human.r.length !== items * items || model.r.length !== items * items) {
    throw new RangeError(
      `compareMatrices: human has ${human.items} items (${human.r.length} values), model ${model.items} items (${model.r.length} values)`,
    );
  }
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
  if (nPairs === 0) {
    return { nPairs, r: NaN, rmse: NaN, meanAbsoluteDifference: NaN, frobenius: NaN, itemRowError };
  }
  let r = NaN;
  if (nPairs >= MIN_PAIRS_FOR_R) {
    const meanHuman = sumHuman / nPairs;
    const meanModel = sumModel / nPairs;
    let shh = 0;
    let smm = 0;
    let shm = 0;
    for (let i = 0; i < items; i++) {
      for (let j = i + 1; j < items; j++) {
        const h = human.r[i * items + j]!;
        const m = model.r[i * items + j]!;
        if (!Number.isFinite(h) || !Number.isFinite(m)) continue;
        shh += (h - meanHuman) * (h - meanHuman);
        smm += (m - meanModel) * (m - meanModel);
        shm += (h - meanHuman) * (m - meanModel);
      }
    }
    if (shh > 0 && smm > 0) r = Math.max(-1, Math.min(1, shm / Math.sqrt(shh * smm)));
  }
  return {
    nPairs,
    r,
    rmse: Math.sqrt(sumSquares / nPairs),
    meanAbsoluteDifference: sumAbsolute / nPairs,
    frobenius: Math.sqrt(2 * sumSquares),
    itemRowError,
  };
}
