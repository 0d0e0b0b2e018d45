import { momentsChecked } from './moments';

/**
 * Ratio of the model's answer variance to the human answer variance on the same item:
 *
 *   ratio = σ²_model / σ²_human,   σ² = Σ_k p_k (x_k − μ)²  (population variance, see `distributionMoments`)
 *
 * A ratio well below 1 is variance collapse: the model answers more uniformly than the people it
 * stands for (the source study, "Beyond Marginal Distributions", flags cells below a configured
 * fraction, `metrics.varianceCollapseRatio`). The ratio does not depend on a shift or uniform
 * stretch of the positions.
 *
 * Missing data: both masses are normalised internally. The result is NaN when either has total
 * mass 0 (an empty cell) and when the human variance is 0 (every human gave the same answer, so no
 * ratio exists; the engine reports this as "human variance zero"). Negative or non-finite mass,
 * unequal lengths and non-finite positions are errors.
 *
 * @param model model answer masses in scale order
 * @param human human answer masses in the same order
 * @param positions position of each category on the scale; default 0..K-1
 */
export function varianceRatio(model: Float64Array, human: Float64Array, positions?: Float64Array): number {
  if (model.length !== human.length) {
    throw new RangeError(`varianceRatio: model and human must have the same length (${model.length} vs ${human.length})`);
  }
  const modelVariance = momentsChecked('varianceRatio', model, positions, 'model').variance;
  const humanVariance = momentsChecked('varianceRatio', human, positions, 'human').variance;
  if (!(humanVariance > 0)) return Number.NaN;
  return modelVariance / humanVariance;
}
