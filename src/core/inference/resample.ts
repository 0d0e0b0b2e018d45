/**
 * Bootstrap resamples as multiplicities: how many times each row is drawn. A resample's tallies
 * and pair tables are then those of the original rows with the multiplicities as (extra) weights,
 * so no resampled copy of the data is ever built.
 */
import type { ReplicateRandom } from './random';

/**
 * Rows with the same group membership, in order of first appearance (rows ascending within each).
 * Resampling within these strata keeps every group's size, also when groups overlap.
 *
 * @param groupRows the configured groups' rows (not `all`), each ascending
 */
export function membershipStrata(nRows: number, groupRows: readonly Uint32Array[]): Uint32Array[] {
  const signatures: string[] = new Array<string>(nRows).fill('');
  groupRows.forEach((rows, group) => {
    for (let index = 0; index < rows.length; index++) signatures[rows[index]!] += `${group},`;
  });
  const byKey = new Map<string, number[]>();
  for (let row = 0; row < nRows; row++) {
    const key = signatures[row]!;
    let list = byKey.get(key);
    if (!list) {
      list = [];
      byKey.set(key, list);
    }
    list.push(row);
  }
  return [...byKey.values()].map((rows) => Uint32Array.from(rows));
}

/**
 * Draws each stratum's size of rows from it with replacement and returns the multiplicity of
 * every row (rows outside the strata get 0). Strata are drawn in the given order, so the result
 * depends only on the strata and the random stream.
 */
export function resampleMultiplicities(nRows: number, strata: readonly Uint32Array[], random: ReplicateRandom): Int32Array {
  const multiplicity = new Int32Array(nRows);
  for (const stratum of strata) {
    const size = stratum.length;
    for (let draw = 0; draw < size; draw++) multiplicity[stratum[random.integer(size)]!]!++;
  }
  return multiplicity;
}

/** In-place Fisher–Yates shuffle (Durstenfeld's version) of the first `length` entries. */
export function shuffle(values: Int32Array | Uint32Array, random: ReplicateRandom, length = values.length): void {
  for (let index = length - 1; index > 0; index--) {
    const other = random.integer(index + 1);
    const kept = values[index]!;
    values[index] = values[other]!;
    values[other] = kept;
  }
}

/**
 * Splits a sample into two random halves: every drawn copy of a row (multiplicity m gives m
 * copies) is shuffled, the first floor(n/2) copies form half A and the rest half B. Returns both
 * halves as multiplicities over the same rows.
 *
 * @param multiplicity copies of each row in the sample; undefined means each row once
 */
export function splitHalves(
  nRows: number,
  multiplicity: Int32Array | undefined,
  random: ReplicateRandom,
): { first: Int32Array; second: Int32Array } {
  let total = 0;
  if (multiplicity) for (let row = 0; row < nRows; row++) total += multiplicity[row]!;
  else total = nRows;
  const copies = new Int32Array(total);
  let next = 0;
  for (let row = 0; row < nRows; row++) {
    const count = multiplicity ? multiplicity[row]! : 1;
    for (let copy = 0; copy < count; copy++) copies[next++] = row;
  }
  shuffle(copies, random);
  const first = new Int32Array(nRows);
  const second = new Int32Array(nRows);
  const half = Math.floor(total / 2);
  for (let index = 0; index < total; index++) {
    if (index < half) first[copies[index]!]!++;
    else second[copies[index]!]!++;
  }
  return { first, second };
}
