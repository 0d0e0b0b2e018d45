/**
 * Shared checks for the marginal-distribution metrics.
 *
 * A distribution is a mass vector over an item's categories in scale order (index k = the k-th
 * answer option). Mass need not sum to 1: every metric normalises internally, so raw weighted
 * counts and proportions give the same result. Policy, the same for every metric:
 * - negative, NaN or infinite mass is an error (it is a bug upstream, not data to skip);
 * - a distribution whose total mass is 0 is an empty cell and gives NaN ("an empty cell has no
 *   distance"), never an error, so one empty group does not stop a run;
 * - a distribution with no categories at all is an error.
 */

/** Throws unless every entry of `mass` is finite and non-negative; returns the total mass. */
export function checkedTotalMass(functionName: string, name: string, mass: Float64Array): number {
  if (mass.length === 0) {
    throw new RangeError(`${functionName}: ${name} must have at least one category`);
  }
  let total = 0;
  for (let k = 0; k < mass.length; k++) {
    const value = mass[k] as number;
    if (!Number.isFinite(value)) {
      throw new RangeError(`${functionName}: ${name}[${k}] is not finite (${value})`);
    }
    if (value < 0) {
      throw new RangeError(`${functionName}: ${name}[${k}] is negative (${value})`);
    }
    total += value;
  }
  if (!Number.isFinite(total)) {
    throw new RangeError(`${functionName}: the total mass of ${name} overflows`);
  }
  return total;
}

/** Checks two distributions to be compared; returns their total masses. */
export function checkedPairTotals(
  functionName: string,
  p: Float64Array,
  q: Float64Array,
  names: readonly [string, string] = ['p', 'q'],
): { pTotal: number; qTotal: number } {
  const [pName, qName] = names;
  if (p.length !== q.length) {
    throw new RangeError(`${functionName}: ${pName} and ${qName} must have the same length (${p.length} vs ${q.length})`);
  }
  return { pTotal: checkedTotalMass(functionName, pName, p), qTotal: checkedTotalMass(functionName, qName, q) };
}

/**
 * The category positions to use: `positions` after checking it (same length as the distribution,
 * finite and, unless `ordered` is false, strictly increasing, i.e. in scale order), or 0..K-1 when
 * it is not given. Moments need no order (a nominal item's codes are listed in any order); the
 * Wasserstein distance does.
 */
export function checkedPositions(
  functionName: string,
  positions: Float64Array | undefined,
  nCategories: number,
  ordered = true,
): Float64Array {
  if (positions === undefined) {
    const defaults = new Float64Array(nCategories);
    for (let k = 0; k < nCategories; k++) defaults[k] = k;
    return defaults;
  }
  if (positions.length !== nCategories) {
    throw new RangeError(
      `${functionName}: positions must have one entry per category (${positions.length} vs ${nCategories})`,
    );
  }
  for (let k = 0; k < positions.length; k++) {
    const position = positions[k] as number;
    if (!Number.isFinite(position)) {
      throw new RangeError(`${functionName}: positions[${k}] is not finite (${position})`);
    }
    if (ordered && k > 0 && !(position > (positions[k - 1] as number))) {
      throw new RangeError(
        `${functionName}: positions must be strictly increasing (positions[${k - 1}] = ${positions[k - 1]}, positions[${k}] = ${position})`,
      );
    }
  }
  return positions;
}
