/**
 * Which items of one or more item × item matrices can enter an analysis that needs every pair
 * defined (an eigendecomposition): the missing-data policy of the latent-structure comparisons.
 */

export interface CompleteItems {
  /** Items kept, ascending: every pair among them is finite in every matrix. */
  included: number[];
  /** Items dropped, in the order they were dropped. */
  excluded: number[];
}

/**
 * Drops items until every remaining pair is finite in every matrix (each n × n, row-major).
 *
 * A non-finite entry is a pair whose correlation is undefined (a constant item, too few joint
 * answers). Replacing it by 0 would claim "no association" where there is no information, and
 * can make the matrix indefinite, so the policy is to drop items instead, and to say which:
 * repeatedly drop the item with the most non-finite entries (summed over the matrices, diagonal
 * included) among the items still kept — ties go to the later item — until none is left. A
 * constant item, undefined against everything, goes first and alone; an isolated undefined pair
 * costs one of its two items.
 *
 * Passing the human and the model matrix together gives one item set for both, so their
 * components are comparable.
 *
 * @param candidates items to start from (default all); indices outside [0, n) are an error.
 */
export function completeItems(
  matrices: readonly Float64Array[],
  n: number,
  candidates?: readonly number[],
): CompleteItems {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`completeItems: n must be a non-negative integer, got ${n}`);
  matrices.forEach((matrix, index) => {
    if (matrix.length !== n * n) {
      throw new RangeError(`completeItems: matrix ${index} has ${matrix.length} entries, expected n² = ${n * n}`);
    }
  });
  const kept = new Uint8Array(n);
  if (candidates === undefined) {
    kept.fill(1);
  } else {
    for (const item of candidates) {
      if (!Number.isInteger(item) || item < 0 || item >= n) {
        throw new RangeError(`completeItems: item ${item} is outside 0..${n - 1}`);
      }
      kept[item] = 1;
    }
  }

  const undefinedCounts = new Int32Array(n);
  const isUndefinedPair = (i: number, j: number): number => {
    let count = 0;
    for (const matrix of matrices) {
      // Either triangle undefined makes the pair undefined.
      if (!Number.isFinite(matrix[i * n + j]) || !Number.isFinite(matrix[j * n + i])) count++;
    }
    return count;
  };
  for (let i = 0; i < n; i++) {
    if (!kept[i]) continue;
    undefinedCounts[i] = (undefinedCounts[i] as number) + isUndefinedPair(i, i);
    for (let j = i + 1; j < n; j++) {
      if (!kept[j]) continue;
      const count = isUndefinedPair(i, j);
      if (count === 0) continue;
      undefinedCounts[i] = (undefinedCounts[i] as number) + count;
      undefinedCounts[j] = (undefinedCounts[j] as number) + count;
    }
  }

  const excluded: number[] = [];
  for (;;) {
    let worst = -1;
    let worstCount = 0;
    for (let i = 0; i < n; i++) {
      if (kept[i] && (undefinedCounts[i] as number) >= worstCount && (undefinedCounts[i] as number) > 0) {
        worst = i;
        worstCount = undefinedCounts[i] as number;
      }
    }
    if (worst < 0) break;
    kept[worst] = 0;
    excluded.push(worst);
    for (let j = 0; j < n; j++) {
      if (!kept[j]) continue;
      const count = isUndefinedPair(worst, j);
      if (count > 0) undefinedCounts[j] = (undefinedCounts[j] as number) - count;
    }
  }

  const included: number[] = [];
  for (let i = 0; i < n; i++) if (kept[i]) included.push(i);
  return { included, excluded };
}
