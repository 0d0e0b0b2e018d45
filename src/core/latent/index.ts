/** Latent-structure comparisons of item × item matrices: components, their alignment and agreement. */
export { completeItems } from './completeItems';
export type { CompleteItems } from './completeItems';
export { principalComponents } from './principalComponents';
export type { PrincipalComponents, PrincipalComponentsOptions } from './principalComponents';
export { procrustes } from './procrustes';
export type { ProcrustesRotation } from './procrustes';
export { congruenceBand, congruenceCoefficient, tuckerCongruence } from './tuckerCongruence';
export type { CongruenceBand, TuckerCongruence } from './tuckerCongruence';
export { mantelTest, mantelTestSync } from './mantel';
export type { MantelOptions, MantelResult } from './mantel';
