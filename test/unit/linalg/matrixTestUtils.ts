import assert from 'node:assert/strict';
import { SeededRandom } from '../../../src/core/sample/random';
import { assertClose } from '../support/numeric';

export { assertClose };

/** Entry-by-entry `assertClose` of two arrays of the same length. */
export function assertAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label = ''): void {
  assert.equal(actual.length, expected.length, `${label} length`);
  for (let index = 0; index < expected.length; index++) {
    assertClose(actual[index] as number, expected[index] as number, tolerance, `${label}[${index}]`);
  }
}

/** Row-major matrix from nested rows. */
export function matrixOf(rows: readonly (readonly number[])[]): Float64Array {
  return Float64Array.from(rows.flat());
}

/** (rows × inner) · (inner × columns), row-major. */
export function multiply(a: Float64Array, b: Float64Array, rows: number, inner: number, columns: number): Float64Array {
  const result = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      let sum = 0;
      for (let k = 0; k < inner; k++) sum += (a[i * inner + k] as number) * (b[k * columns + j] as number);
      result[i * columns + j] = sum;
    }
  }
  return result;
}

export function transpose(a: Float64Array, rows: number, columns: number): Float64Array {
  const result = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) result[j * rows + i] = a[i * columns + j] as number;
  return result;
}

export function identity(n: number): Float64Array {
  const result = new Float64Array(n * n);
  for (let i = 0; i < n; i++) result[i * n + i] = 1;
  return result;
}

/** Largest |entry| of QᵀQ − I for the rows × columns matrix Q. */
export function orthonormalityError(q: Float64Array, rows: number, columns: number): number {
  const gram = multiply(transpose(q, rows, columns), q, columns, rows, columns);
  let worst = 0;
  for (let i = 0; i < columns; i++) {
    for (let j = 0; j < columns; j++) worst = Math.max(worst, Math.abs((gram[i * columns + j] as number) - (i === j ? 1 : 0)));
  }
  return worst;
}

export function randomSymmetric(n: number, random: SeededRandom): Float64Array {
  const result = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const value = random.normal();
      result[i * n + j] = value;
      result[j * n + i] = value;
    }
  }
  return result;
}

export function randomMatrix(rows: number, columns: number, random: SeededRandom): Float64Array {
  return Float64Array.from({ length: rows * columns }, () => random.normal());
}

/**
 * Pearson correlation matrix of `observations` rows of data drawn from `factors` common factors
 * plus noise (factors = 0: independent items).
 */
export function randomCorrelation(items: number, observations: number, factors: number, random: SeededRandom): Float64Array {
  const loadings = randomMatrix(items, factors, random);
  const data = new Float64Array(observations * items);
  for (let row = 0; row < observations; row++) {
    const scores = Array.from({ length: factors }, () => random.normal());
    for (let item = 0; item < items; item++) {
      let value = random.normal();
      for (let f = 0; f < factors; f++) value += (loadings[item * factors + f] as number) * (scores[f] as number);
      data[row * items + item] = value;
    }
  }
  const means = new Float64Array(items);
  for (let row = 0; row < observations; row++) for (let item = 0; item < items; item++) means[item] = (means[item] as number) + (data[row * items + item] as number) / observations;
  const covariance = new Float64Array(items * items);
  for (let row = 0; row < observations; row++) {
    for (let i = 0; i < items; i++) {
      const x = (data[row * items + i] as number) - (means[i] as number);
      for (let j = 0; j <= i; j++) {
        covariance[i * items + j] = (covariance[i * items + j] as number) + x * ((data[row * items + j] as number) - (means[j] as number));
      }
    }
  }
  const result = new Float64Array(items * items);
  for (let i = 0; i < items; i++) {
    for (let j = 0; j <= i; j++) {
      const r = i === j ? 1 : (covariance[i * items + j] as number) / Math.sqrt((covariance[i * items + i] as number) * (covariance[j * items + j] as number));
      result[i * items + j] = r;
      result[j * items + i] = r;
    }
  }
  return result;
}

/** A random orthogonal k × k matrix (QR of a Gaussian matrix by Gram–Schmidt). */
export function randomOrthogonal(k: number, random: SeededRandom): Float64Array {
  const q = randomMatrix(k, k, random);
  for (let c = 0; c < k; c++) {
    for (let previous = 0; previous < c; previous++) {
      let dot = 0;
      for (let r = 0; r < k; r++) dot += (q[r * k + c] as number) * (q[r * k + previous] as number);
      for (let r = 0; r < k; r++) q[r * k + c] = (q[r * k + c] as number) - dot * (q[r * k + previous] as number);
    }
    let norm = 0;
    for (let r = 0; r < k; r++) norm += (q[r * k + c] as number) ** 2;
    for (let r = 0; r < k; r++) q[r * k + c] = (q[r * k + c] as number) / Math.sqrt(norm);
  }
  return q;
}

export { SeededRandom };

export function f64(...values: number[]): Float64Array {
  return Float64Array.from(values);
}
