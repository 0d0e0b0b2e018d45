import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCategoryMatrixFromCodes, type CategoryMatrix } from '../../../src/core/structure/categoryMatrix';

export { assertClose } from '../support/numeric';

/** Deterministic pseudo-random numbers in [0, 1) (a 32-bit LCG), so test data needs no fixtures. */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/**
 * A respondents x items dataset with codes 1..K per item, correlated through one latent factor, and
 * `missingShare` of the cells set to the WVS missing code -1.
 */
export function syntheticMatrix(
  nRows: number,
  categories: readonly number[],
  missingShare: number,
  seed: number,
): { matrix: CategoryMatrix; columns: Int16Array[]; weights: Float64Array } {
  const random = lcg(seed);
  const latent = Float64Array.from({ length: nRows }, () => random() + random() + random() - 1.5);
  const columns = categories.map((k, item) =>
    Int16Array.from({ length: nRows }, (_, row) => {
      if (random() < missingShare) return -1;
      const sign = item % 2 === 0 ? 1 : -1;
      const value = 0.5 + sign * latent[row]! * 0.6 + (random() - 0.5) * 0.8;
      return 1 + Math.max(0, Math.min(k - 1, Math.floor(value * k)));
    }),
  );
  const codes = categories.map((k) => Array.from({ length: k }, (_, index) => index + 1));
  const weights = Float64Array.from({ length: nRows }, () => 0.25 + 2 * random());
  return { matrix: buildCategoryMatrixFromCodes(columns, codes), columns, weights };
}

/**
 * test/fixtures/reference/correlations.json, written by scripts/reference/correlations.R. Compiled
 * tests run from out/test/unit/structure; the fixture stays in the source tree. null = R's NA.
 */
export function correlationsReference<T>(): T {
  const file = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'reference', 'correlations.json');
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
