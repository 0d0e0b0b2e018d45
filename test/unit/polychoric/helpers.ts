import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolychoricTableSource } from '../../../src/core/polychoric';

export { assertClose, seededRandom } from '../support/numeric';

/** JSON numbers, with R's infinities written as strings and NA as null. */
export type FixtureNumber = number | 'Infinity' | '-Infinity' | null;

export function fixtureNumber(value: FixtureNumber): number {
  if (value === null) return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return value;
}

export interface PsychRun {
  global: boolean;
  correct: number;
  call: string;
  rho: FixtureNumber[][];
  rhoTight: FixtureNumber[][];
  tau: FixtureNumber[][] | null;
}

export interface PolychoricDataset {
  name: string;
  description: string;
  nItems: number;
  nCategories: number[];
  /** Rows of answer codes 1..K, null for NA. */
  data: (number | null)[][];
  weights: number[] | null;
  runs: PsychRun[];
}

/** Written by scripts/reference/polychoric.R from R, psych and mnormt. */
export interface PolychoricFixture {
  psych: string;
  normal: { x: number[]; cdf: number[]; upperTail: number[]; p: number[]; quantile: FixtureNumber[] };
  bivariate: { h: number[]; k: number[]; rho: number[]; cdf: number[] };
  datasets: PolychoricDataset[];
  corSmooth: {
    n: number;
    input: number[][];
    eigenvalues: number[];
    output: number[][];
    outputEigenvalues: number[];
    positiveDefiniteInput: number[][];
    positiveDefiniteOutput: number[][];
  };
}

// Compiled tests run from out/test/unit/polychoric; the fixture stays in the source tree.
const fixturePath = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'reference', 'polychoric.json');

let cached: PolychoricFixture | undefined;
export function loadFixture(): PolychoricFixture {
  cached ??= JSON.parse(readFileSync(fixturePath, 'utf8')) as PolychoricFixture;
  return cached;
}

/**
 * Pairwise-complete pair tables of raw answer codes (1..K), in the shape of
 * src/core/structure/pairTables.ts's PairTables. Counted the obvious way, independently of that
 * module. `marginalWeights: 'none'` makes the item marginals unweighted counts even when the
 * tables are weighted (psych's global thresholds ignore the weights).
 */
export function pairTablesFromData(
  data: (number | null)[][],
  nCategories: number[],
  weights: number[] | null,
  marginalWeights: 'same' | 'none' = 'same',
): Required<PolychoricTableSource> {
  const nItems = nCategories.length;
  const pairOffsets: number[] = [];
  let total = 0;
  for (let i = 0; i < nItems; i++) {
    for (let j = i + 1; j < nItems; j++) {
      pairOffsets.push(total);
      total += nCategories[i]! * nCategories[j]!;
    }
  }
  pairOffsets.push(total);
  const cells = new Float64Array(total);
  const pairN = new Float64Array(pairOffsets.length - 1);
  const itemOffsets = new Int32Array(nItems + 1);
  for (let item = 0; item < nItems; item++) itemOffsets[item + 1] = itemOffsets[item]! + nCategories[item]!;
  const itemMarginals = new Float64Array(itemOffsets[nItems]!);
  data.forEach((row, rowIndex) => {
    const weight = weights ? weights[rowIndex]! : 1;
    let pair = 0;
    for (let i = 0; i < nItems; i++) {
      const a = row[i];
      if (a !== null && a !== undefined) {
        itemMarginals[itemOffsets[i]! + a - 1]! += marginalWeights === 'none' ? 1 : weight;
      }
      for (let j = i + 1; j < nItems; j++, pair++) {
        const b = row[j];
        if (a === null || a === undefined || b === null || b === undefined) continue;
        cells[pairOffsets[pair]! + (a - 1) * nCategories[j]! + (b - 1)]! += weight;
        pairN[pair]! += 1;
      }
    }
  });
  return {
    nItems,
    nCategories: Uint8Array.from(nCategories),
    pairOffsets: Float64Array.from(pairOffsets),
    cells,
    pairN,
    weighted: weights !== null,
    itemOffsets,
    itemMarginals,
  };
}

/** Standard normal pairs with correlation rho (Box–Muller). */
export function correlatedNormals(random: () => number, rho: number): [number, number] {
  const u = 1 - random();
  const v = random();
  const radius = Math.sqrt(-2 * Math.log(u));
  const x = radius * Math.cos(2 * Math.PI * v);
  const z = radius * Math.sin(2 * Math.PI * v);
  return [x, rho * x + Math.sqrt(1 - rho * rho) * z];
}

/** Category (0-based) of a latent value given the interior cut points. */
export function categoryOf(value: number, cuts: readonly number[]): number {
  let category = 0;
  while (category < cuts.length && value > cuts[category]!) category++;
  return category;
}
