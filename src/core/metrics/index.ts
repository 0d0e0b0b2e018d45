/** Marginal-distribution metrics: per-item category histograms and the distances between them. */
export { MISSING_CATEGORY, categoryHistogram } from './histogram';
export type { CategoryHistogram, CategoryIndices } from './histogram';
export { wasserstein1, normalizedWasserstein1 } from './wasserstein';
export { totalVariation } from './totalVariation';
export { jensenShannonDivergence, jensenShannonDistance } from './jensenShannon';
export { hellinger } from './hellinger';
export { distributionMoments, distributionMean, distributionVariance } from './moments';
export type { DistributionMoments } from './moments';
export { varianceRatio } from './varianceRatio';
export { modeShare } from './modeShare';
export type { ModeShare } from './modeShare';
