/**
 * The collapse penalty of every structure comparison: where the humans have a correlation and the
 * model has none, the model's correlation counts as 0.
 *
 * A model that answers an item with one constant value has no correlation between that item and
 * any other (zero variance). Skipping those pairs, as a pairwise-complete comparison would, removes
 * mode collapse from the score: the collapsed item simply stops counting. Counting the model's
 * correlation as 0 instead scores a collapsed item as "no association", which is what a constant
 * answer carries.
 */

/** A P x P correlation matrix, row-major (both triangles). */
export interface SquareMatrix {
  items: number;
  r: Float64Array;
}

export interface ImputedMatrix extends SquareMatrix {
  /** Pairs i < j where the human value is finite and the model's was not (now 0). */
  nPairsImputed: number;
}

/**
 * The model matrix with 0 wherever the human off-diagonal entry is finite and the model's is not,
 * and 1 on the diagonal where the human's is finite and the model's is not (a constant item is
 * then an item correlated with nothing, and the matrix stays a valid input for principal
 * components). Entries undefined for the humans are left as they are, so comparisons skip them.
 * Returns the model matrix itself (not a copy) when nothing needs imputing.
 *
 * @throws RangeError when the matrices differ in size
 */
export function imputeUndefinedModel(human: SquareMatrix, model: SquareMatrix): ImputedMatrix {
  const items = human.items;
  if (model.items !== items || human.r.length !== items * items || model.r.length !== items * items) {
    throw new RangeError(
      `imputeUndefinedModel: human has ${human.items} items (${human.r.length} values), model ${model.items} items (${model.r.length} values)`,
    );
  }
  let r: Float64Array | undefined;
  let nPairsImputed = 0;
  for (let i = 0; i < items; i++) {
    for (let j = i; j < items; j++) {
      const at = i * items + j;
      if (!Number.isFinite(human.r[at]!) || Number.isFinite(model.r[at]!)) continue;
      r ??= Float64Array.from(model.r);
      const value = i === j ? 1 : 0;
      r[at] = value;
      r[j * items + i] = value;
      if (i !== j) nPairsImputed++;
    }
  }
  return { items, r: r ?? model.r, nPairsImputed };
}
