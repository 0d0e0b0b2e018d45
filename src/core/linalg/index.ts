/** Dense linear algebra on row-major Float64Arrays, dependency-free. */
export { symmetricEigen } from './symmetricEigen';
export type { SymmetricEigen } from './symmetricEigen';
export { svd } from './svd';
export type { SingularValueDecomposition } from './svd';
