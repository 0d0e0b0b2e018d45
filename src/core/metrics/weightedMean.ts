/**
 * Mean of the defined values, each weighted:
 *
 *   mean = Σ_{i: v_i defined} w_i v_i / Σ_{i: v_i defined} w_i
 *
 * The engine aggregates a metric over the items of a condition × group this way, each item
 * weighted by its model cell's valid answers, so an item the model mostly failed to answer counts
 * less. Summed in index order.
 *
 * Missing data: a value that is NaN or infinite (a cell the metric does not define) is skipped
 * with its weight; the result is NaN when no weight remains (no defined value, or only weight 0).
 * A counted weight that is negative or not finite is an error, as are arrays of unequal length.
 *
 * @param values one value per item, NaN where undefined
 * @param weights one weight per item
 */
export function weightedMean(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  if (values.length !== weights.length) {
    throw new RangeError(`weightedMean: values and weights must have the same length (${values.length} vs ${weights.length})`);
  }
  let weighted = 0;
  let weightSum = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    if (!Number.isFinite(value)) continue;
    const weight = weights[index] as number;
    if (!(weight >= 0) || weight === Number.POSITIVE_INFINITY) {
      throw new RangeError(`weightedMean: weights[${index}] must be finite and >= 0 (got ${weight})`);
    }
    weighted += value * weight;
    weightSum += weight;
  }
  return weightSum > 0 ? weighted / weightSum : Number.NaN;
}
