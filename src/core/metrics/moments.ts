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
 *   μ = Σ_k p_k x_k,   σ² = Σ_k p_k (x_k − μ)²,   p_k = m_k / Σ_j m_j
 *
 * with m the mass and x the positions (default 0..K-1). The variance is the population (not the
 * n − 1 sample) variance: p is already a weighted frequency table, and a sample correction would
 * need an effective sample size the table does not carry. This is the variance the source study
 * compares between model and human answers to detect variance collapse; it equals
 * `numpy.average((x - μ)**2, weights=p)`. Computed in two passes (mean first) for accuracy; the
 * terms are (m_k / total) · x_k and (m_k / total) · (x_k − μ)² in that operation order, which the
 * golden results of the bundled sample pin bit for bit.
 *
 * Missing data: the mass is normalised internally; total mass 0 gives NaN for both (an empty cell
 * has no moments). Negative or non-finite mass and non-finite positions are errors. The positions
 * may come in any order: a nominal item's codes are listed as the codebook lists them.
 */
export function distributionMoments(mass: Float64Array, positions?: Float64Array): DistributionMoments {
  return momentsChecked('distributionMoments', mass, positions);
}

/**
 * μ = Σ_k p_k x_k alone: the same arithmetic as `distributionMoments().mean`, without building an
 * object or checking every position up front, because the bootstrap calls it for every group mean
 * of every replicate (inference/marginals.ts `rescaledMean`). Missing data and errors as in
 * `distributionMoments`.
 */
export function distributionMean(mass: Float64Array, positions?: Float64Array): number {
  const total = checkedTotalMass('distributionMean', 'mass', mass);
  if (positions === undefined || positions.length !== mass.length) {
    return momentsChecked('distributionMean', mass, positions).mean;
  }
  // A non-finite position always makes the mean non-finite (0 · ∞ is NaN), so only an empty cell
  // or a non-finite mean needs the positions checked one by one.
  if (total === 0) {
    checkedPositions('distributionMean', positions, mass.length, false);
    return Number.NaN;
  }
  const mean = meanOf(mass, total, positions);
  if (!Number.isFinite(mean)) checkedPositions('distributionMean', positions, mass.length, false);
  return mean;
}

/** `distributionMoments` for callers that name themselves in errors (e.g. `varianceRatio`). */
export function momentsChecked(
  functionName: string,
  mass: Float64Array,
  positions: Float64Array | undefined,
  name = 'mass',
): DistributionMoments {
  const total = checkedTotalMass(functionName, name, mass);
  const x = checkedPositions(functionName, positions, mass.length, false);
  if (total === 0) return { mean: Number.NaN, variance: Number.NaN };
  const mean = meanOf(mass, total, x);
  let variance = 0;
  for (let k = 0; k < mass.length; k++) variance += ((mass[k] as number) / total) * ((x[k] as number) - mean) ** 2;
  return { mean, variance };
}

function meanOf(mass: Float64Array, total: number, x: Float64Array): number {
  let mean = 0;
  for (let k = 0; k < mass.length; k++) mean += ((mass[k] as number) / total) * (x[k] as number);
  return mean;
}
