export { assertClose } from '../support/numeric';

export function f64(...values: number[]): Float64Array {
  return Float64Array.from(values);
}
