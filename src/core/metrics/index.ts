/**
 * Marginal-distribution metrics: per-item category histograms, the distances and moments computed
 * from them, and the item-weighted mean that aggregates them. The engine (engine/marginals.ts) and
 * the bootstrap (inference/marginals.ts) both call these; neither computes a formula of its own.
 */
export { MISSING_CATEGORY, categoryHistogram } from './histogram';
export type { CategoryHistogram, CategoryIndices } from './histogram';
export { normalizedWasserstein1 } from './wasserstein';
export { totalVariation } from './totalVariation';
export { jensenShannonDivergence } from './jensenShannon';
export { hellinger } from './hellinger';
export { marginalDistance, WORST_DISTANCE } from './marginalDistance';
export { worstCaseDistance } from './worstCaseDistance';
export { distributionMoments, distributionMean } from './moments';
export type { DistributionMoments } from './moments';
export { varianceRatio } from './varianceRatio';
export { modeShare } from './modeShare';
export type { ModeShare } from './modeShare';
export { weightedMean } from './weightedMean';
export { chiSquareHomogeneity, chiSquareUpperTail, regularizedUpperGamma } from './chiSquare';
export type { ChiSquareTest } from './chiSquare';
