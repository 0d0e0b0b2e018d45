/** Polychoric correlations of ordinal items under the latent-normal model (two-step ML, Olsson 1979). */
export { normalCdf, normalDensity, normalQuantile, normalUpperTail } from './normal';
export { thresholdsFromMarginal } from './thresholds';
export { bivariateNormalCdf, bivariateNormalDensity, fillBivariateNormalCdfGrid } from './bivariateNormal';
export { polychoricCorrelation, PolychoricSolver, rectangleProbability, resolvePolychoricOptions } from './polychoric';
export type { PolychoricOptions, PolychoricPairOptions, PolychoricResult, ResolvedPolychoricOptions } from './polychoric';
export { polychoricFromTables } from './polychoricMatrix';
export type { PolychoricMatrix, PolychoricMatrixOptions, PolychoricPairIssue, PolychoricTableSource } from './polychoricMatrix';
export { nearestPositiveSemidefinite } from './nearestPositiveSemidefinite';
export type { NearestPositiveSemidefiniteOptions, SmoothedCorrelationMatrix } from './nearestPositiveSemidefinite';
