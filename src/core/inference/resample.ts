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
 * The human strata of the bootstrap: the rows of each headline group (the groups of the headline
 * partition, e.g. countries), then the rows in none of them as one more stratum; empty strata are
 * left out. A row in several headline groups belongs to the first of them (config order) and is
 * counted in `overlapping`, so the caller can warn: the groups are meant to be a partition.
 *
 * @param headlineGroupRows the headline groups' rows, in config order, each ascending
 */
export function headlineStrata(nRows: number, headlineGroupRows: readonly Uint32Array[]): { strata: Uint32Array[]; overlapping: number } {
  const assigned = new Uint8Array(nRows);
  const countedTwice = new Uint8Array(nRows);
  let overlapping = 0;
  const members = headlineGroupRows.map((rows) => {
    const kept: number[] = [];
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index]!;
      if (!assigned[row]) {
        assigned[row] = 1;
        kept.push(row);
      } else if (!countedTwice[row]) {
        countedTwice[row] = 1;
        overlapping++;
      }
    }
    return kept;
  });
  const rest: number[] = [];
  for (let row = 0; row < nRows; row++) if (!assigned[row]) rest.push(row);
  const strata = [...members, rest].filter((rows) => rows.length > 0).map((rows) => Uint32Array.from(rows));
  return { strata, overlapping };
}

/**
 * Splits the rows into two random halves of distinct rows, within each stratum (so both halves
 * keep the strata's shares): a stratum's rows are shuffled and the first half of them goes to
 * half A. An odd stratum's extra row goes alternately to B and A, so A has floor(n/2) rows in all.
 *
 * With `resample`, each half is then resampled within itself (each stratum's part of it drawn
 * with replacement, sizes kept), so a respondent's copies all land in one half: the halves stay
 * two disjoint sets of respondents, as two independent human samples would be. Splitting the
 * copies of an already resampled sample instead put copies of one respondent in both halves
 * (about 15 % of the respondents), which makes the halves agree more than independent halves do.
 *
 * Returns both halves as multiplicities over all `nRows` rows (0 outside the strata).
 *
 * @param strata the rows to split, e.g. `[all rows]` or the human strata (headlineStrata)
 */
export function splitHalves(
  nRows: number,
  strata: readonly Uint32Array[],
  random: ReplicateRandom,
  resample = false,
): { first: Int32Array; second: Int32Array } {
  const firstStrata: Uint32Array[] = [];
  const secondStrata: Uint32Array[] = [];
  let oddStrata = 0;
  for (const stratum of strata) {
    const rows = Uint32Array.from(stratum);
    shuffle(rows, random);
    let firstSize = Math.floor(rows.length / 2);
    if (rows.length % 2 === 1 && oddStrata++ % 2 === 1) firstSize++;
    firstStrata.push(rows.subarray(0, firstSize));
    secondStrata.push(rows.subarray(firstSize));
  }
  const halfOf = (halfStrata: Uint32Array[]) => {
    if (resample) return resampleMultiplicities(nRows, halfStrata, random);
    const multiplicity = new Int32Array(nRows);
    for (const rows of halfStrata) for (let index = 0; index < rows.length; index++) multiplicity[rows[index]!] = 1;
    return multiplicity;
  };
  return { first: halfOf(firstStrata), second: halfOf(secondStrata) };
}
