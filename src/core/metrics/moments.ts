import { checkedPositions, checkedTotalMass } from './distribution';

export interface DistributionMoments {
  /** μ = Σ_k p_k x_k */
  mean: number;
  /** Population variance σ² = Σ_k p_k (x_k − μ)² */
  variance: number;
}

/**
 * Mean and population variance of a categorical distribution placed on scale positions:
 *
 *   μ = Σ_k p_k x_k,   σ² = Σ_k p_k (x_k − μ)²
 *
 * with p the normalised mass and x the positions (default 0..K-1). The variance is the population
 * (not the n − 1 sample) variance: p is already a weighted frequency table, and a sample
 * correction would need an effective sample size the table does not carry. This is the variance
 * the source study compares between model and human answers to detect variance collapse; it
 * equals `numpy.average((x - μ)**2, weights=p)`. Computed in two passes (mean first) for accuracy.
 *
 * Missing data: the mass is normalised internally; total mass 0 gives NaN for both (an empty cell
 * has no moments). Negative or non-finite mass and positions that are not finite and strictly
 * increasing are errors.
 */
export function distributionMoments(mass: Float64Array, positions?: Float64Array): DistributionMoments {
  return momentsChecked('distributionMoments', mass, positions);
}

/** μ = Σ_k p_k x_k; see `distributionMoments` for the missing-data policy. */
export function distributionMean(mass: Float64Array, positions?: Float64Array): number {
  return momentsChecked('distributionMean', mass, positions).mean;
}

/** Population variance Σ_k p_k (x_k − μ)²; see `distributionMoments` for the missing-data policy. */
export function distributionVariance(mass: Float64Array, positions?: Float64Array): number {
  return momentsChecked('distributionVariance', mass, positions).variance;
}

/** For callers that name themselves in errors (e.g. `varianceRatio`). */
export function momentsChecked(
  functionName: string,
  mass: Float64Array,
  positions: Float64Array | undefined,
  name = 'mass',
): DistributionMoments {
  const total = checkedTotalMass(functionName, name, mass);
  const x = checkedPositions(functionName, positions, mass.length);
  if (total === 0) return { mean: Number.NaN, variance: Number.NaN };

  let mean = 0;
  for (let k = 0; k < mass.length; k++) mean += ((mass[k] as number) / total) * (x[k] as number);
  let variance = 0;
  for (let k = 0; k < mass.length; k++) {
    const deviation = (x[k] as number) - mean;
    variance += ((mass[k] as number) / total) * deviation * deviation;
  }
  return { mean, variance };
}
