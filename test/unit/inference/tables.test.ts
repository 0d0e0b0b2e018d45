import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReplicateRandom } from '../../../src/core/inference/random';
import { resampleMultiplicities, splitHalves } from '../../../src/core/inference/resample';
import {
  correlationFromTables,
  countResamples,
  encodeRowsOf,
  packingLanes,
  structureLayout,
  subtractTables,
  TableCounter,
  unpackLanes,
  type StructureLayout,
} from '../../../src/core/inference/tables';
import { polychoricFromTables } from '../../../src/core/polychoric';
import type { CategoryMatrix } from '../../../src/core/structure/categoryMatrix';
import { computePairTablesSync } from '../../../src/core/structure/pairTables';
import { pearsonMatrix } from '../../../src/core/structure/pearson';
import { spearmanMatrix } from '../../../src/core/structure/spearman';
import { SeededRandom } from '../../../src/core/sample/random';

const CATEGORIES = [4, 10, 4, 2, 5, 4, 10, 3];

/** Correlated categories (one factor), 5% missing. */
function matrixOf(nRows: number, seed: number): CategoryMatrix {
  const random = new SeededRandom(seed, 'tables test');
  const nItems = CATEGORIES.length;
  const categories = new Uint8Array(nRows * nItems);
  for (let row = 0; row < nRows; row++) {
    const factor = random.normal();
    CATEGORIES.forEach((k, item) => {
      const z = 0.7 * factor + 0.7 * random.normal();
      categories[row * nItems + item] = random.chance(0.05) ? 255 : Math.max(0, Math.min(k - 1, Math.floor(((z + 2) / 4) * k)));
    });
  }
  return {
    nRows,
    nItems,
    categories,
    nCategories: Uint8Array.from(CATEGORIES),
    scores: CATEGORIES.map((k) => Float64Array.from({ length: k }, (_, c) => c + 1)),
  };
}

/** The resample written out row by row (each row repeated by its multiplicity). */
function expanded(matrix: CategoryMatrix, multiplicity: Int32Array, weights?: Float64Array): { matrix: CategoryMatrix; weights?: Float64Array } {
  const rows: number[] = [];
  multiplicity.forEach((count, row) => {
    for (let copy = 0; copy < count; copy++) rows.push(row);
  });
  const categories = new Uint8Array(rows.length * matrix.nItems);
  rows.forEach((row, index) => categories.set(matrix.categories.subarray(row * matrix.nItems, (row + 1) * matrix.nItems), index * matrix.nItems));
  return {
    matrix: { ...matrix, nRows: rows.length, categories },
    ...(weights ? { weights: Float64Array.from(rows, (row) => weights[row]!) } : {}),
  };
}

function layoutOf(matrix: CategoryMatrix): StructureLayout {
  return structureLayout(matrix.nCategories, matrix.scores);
}

function upper(r: Float64Array, nItems: number): number[] {
  const values: number[] = [];
  for (let i = 0; i < nItems; i++) for (let j = i + 1; j < nItems; j++) values.push(r[i * nItems + j]!);
  return values;
}

describe('pair tables of resamples', () => {
  const matrix = matrixOf(700, 11);
  const layout = layoutOf(matrix);
  const strata = [Uint32Array.from({ length: matrix.nRows }, (_, row) => row)];
  const resamples = Array.from({ length: 7 }, (_, replicate) =>
    resampleMultiplicities(matrix.nRows, strata, new ReplicateRandom(1, replicate, 'tables')),
  );

  it('packs several unweighted resamples into one pass and separates them exactly', () => {
    assert.deepEqual(packingLanes(700), { bits: 10, lanes: 5 });
    const encoded = encodeRowsOf(layout, matrix.categories, matrix.nRows, 'fastest');
    const counted = countResamples(layout, encoded, new TableCounter(encoded.plan), null, [...resamples, undefined]);
    resamples.forEach((multiplicity, index) => {
      const reference = computePairTablesSync(expanded(matrix, multiplicity).matrix);
      assert.deepEqual(counted[index]!.cells, reference.cells, `resample ${index}: cells`);
      assert.deepEqual(counted[index]!.itemMarginals, reference.itemMarginals, `resample ${index}: marginals`);
    });
    assert.deepEqual(counted[7]!.cells, computePairTablesSync(matrix).cells, 'full sample');
  });

  it('sums multiplicity x weight for weighted resamples, and equals the engine bit for bit on the full sample', () => {
    const weights = Float64Array.from({ length: matrix.nRows }, (_, row) => 0.5 + ((row * 37) % 100) / 40);
    const encoded = encodeRowsOf(layout, matrix.categories, matrix.nRows, 'engine');
    const counted = countResamples(layout, encoded, new TableCounter(encoded.plan), weights, [resamples[0], undefined]);
    const resample = expanded(matrix, resamples[0]!, weights);
    const reference = computePairTablesSync(resample.matrix, { weights: resample.weights! });
    counted[0]!.cells.forEach((value, index) => {
      assert.ok(Math.abs(value - reference.cells[index]!) <= 1e-9 * Math.max(1, Math.abs(value)), `cell ${index}`);
    });
    assert.deepEqual(counted[1]!.cells, computePairTablesSync(matrix, { weights }).cells);
    assert.equal(counted[0]!.weighted, true);
  });

  it('gets one half of a split of the sample as the whole minus the other half, exactly for counts', () => {
    const encoded = encodeRowsOf(layout, matrix.categories, matrix.nRows, 'fastest');
    const counter = new TableCounter(encoded.plan);
    const { first, second } = splitHalves(matrix.nRows, strata, new ReplicateRandom(1, 1, 'split'));
    const [whole, firstTables, secondTables] = countResamples(layout, encoded, counter, null, [undefined, first, second]);
    assert.deepEqual(subtractTables(whole!, firstTables!).cells, secondTables!.cells);
  });

  it('unpacks lanes filled to capacity (2^bits - 1) without carrying into the next lane', () => {
    const bits = 13;
    const top = 2 ** bits - 1;
    const packed = Float64Array.of(top + top * 2 ** bits + top * 2 ** (2 * bits) + top * 2 ** (3 * bits), 5 * 2 ** (2 * bits) + 1);
    const lanes = Array.from({ length: 4 }, () => new Float64Array(2));
    unpackLanes(packed, bits, lanes);
    assert.deepEqual(lanes.map((lane) => [...lane]), [
      [top, 1],
      [top, 0],
      [top, 5],
      [top, 0],
    ]);
  });
});

describe('correlations from the tables', () => {
  const matrix = matrixOf(900, 5);
  const layout = layoutOf(matrix);
  const tables = computePairTablesSync(matrix, { weights: Float64Array.from({ length: 900 }, (_, row) => 1 + (row % 3)) });
  const counted = { cells: tables.cells, itemMarginals: tables.itemMarginals, weighted: true };
  const polychoric = { thresholds: 'pairwise' as const, smooth: false };

  it('gives Pearson r bit-identical to pearsonMatrix', () => {
    const r = correlationFromTables(layout, counted, 'pearson', polychoric);
    assert.deepEqual(upper(r, matrix.nItems), upper(pearsonMatrix(tables).r, matrix.nItems));
  });

  it('gives Spearman rho bit-identical to spearmanMatrix', () => {
    const r = correlationFromTables(layout, counted, 'spearman', polychoric);
    assert.deepEqual(upper(r, matrix.nItems), upper(spearmanMatrix(tables).r, matrix.nItems));
  });

  it('gives the polychoric correlations of polychoricFromTables', () => {
    const r = correlationFromTables(layout, counted, 'polychoric', polychoric);
    assert.deepEqual(upper(r, matrix.nItems), upper(polychoricFromTables(tables).r, matrix.nItems));
  });
});
