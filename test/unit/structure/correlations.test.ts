import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCategoryMatrixFromCodes } from '../../../src/core/structure/categoryMatrix';
import { computePairTables, computePairTablesSync } from '../../../src/core/structure/pairTables';
import { pearsonMatrix } from '../../../src/core/structure/pearson';
import { spearmanMatrix } from '../../../src/core/structure/spearman';
import { assertClose, correlationsReference } from './helpers';

interface ReferenceDataset {
  name: string;
  nRows: number;
  nItems: number;
  codes: number[][];
  columns: number[][];
  weights: number[];
  n: number[][];
  pearson: (number | null)[][];
  spearman: (number | null)[][];
  weightedPearson: (number | null)[][];
  weightedSpearman: (number | null)[][];
}

const reference = correlationsReference<{ datasets: ReferenceDataset[] }>();

function matrixOf(columns: number[][], codes: number[][]) {
  return buildCategoryMatrixFromCodes(
    columns.map((column) => Int16Array.from(column)),
    codes,
  );
}

describe('pearsonMatrix and spearmanMatrix', () => {
  // Items: a = 1,2,2,3,- ; b = 1,1,2,2,2 ; c = 4,-,3,1,2 (scores = codes, - missing)
  const tiny = matrixOf(
    [
      [1, 2, 2, 3, -1],
      [1, 1, 2, 2, 2],
      [4, -1, 3, 1, 2],
    ],
    [
      [1, 2, 3],
      [1, 2],
      [1, 2, 3, 4],
    ],
  );

  it('gives Pearson -3/sqrt(28/3) for (a, c) over its three complete rows x = 1,2,3, y = 4,3,1', () => {
    const { r, n } = pearsonMatrix(computePairTablesSync(tiny));
    assertClose(r[0 * 3 + 2]!, -3 / Math.sqrt(28 / 3), 1e-15, 'r(a,c)');
    assert.equal(r[2 * 3 + 0], r[0 * 3 + 2]);
    assert.equal(n[0 * 3 + 2], 3);
    assert.equal(n[1 * 3 + 1], 5);
    assert.deepEqual([r[0], r[4], r[8]], [1, 1, 1]);
  });

  it('gives Spearman -3/sqrt(15) for (b, c) with tied midranks 1,3,3,3 against ranks 4,3,1,2', () => {
    const { r } = spearmanMatrix(computePairTablesSync(tiny));
    assertClose(r[1 * 3 + 2]!, -3 / Math.sqrt(15), 1e-15, 'rho(b,c)');
    assertClose(r[0 * 3 + 2]!, -1, 1e-15, 'rho(a,c)');
  });

  it('gives NaN where an item does not vary within a pair, and on the diagonal of a constant item', () => {
    // d varies only where e is missing; f is constant.
    const matrix = matrixOf(
      [
        [1, 2, 1, 2, 3],
        [1, -1, 1, -1, -1],
        [2, 2, 2, 2, 2],
      ],
      [
        [1, 2, 3],
        [1, 2],
        [1, 2],
      ],
    );
    for (const correlation of [pearsonMatrix, spearmanMatrix]) {
      const { r, n } = correlation(computePairTablesSync(matrix));
      assert.ok(Number.isNaN(r[0 * 3 + 1]!), 'd vs e: d constant where e is present');
      assert.ok(Number.isNaN(r[0 * 3 + 2]!), 'd vs constant f');
      assert.ok(Number.isNaN(r[2 * 3 + 2]!), 'diagonal of f');
      assert.ok(Number.isNaN(r[1 * 3 + 1]!), 'diagonal of e (one category)');
      assert.equal(r[0], 1);
      assert.equal(n[0 * 3 + 1], 2);
    }
  });

  it('gives identical Pearson and Spearman matrices from plain counts on 2 threads and in the calling thread', async () => {
    const dataset = reference.datasets[0]!;
    const matrix = matrixOf(dataset.columns, dataset.codes);
    const inThread = await computePairTables(matrix, { threads: 0 });
    const threaded = await computePairTables(matrix, { threads: 2, minWorkForThreads: 0 });
    assert.deepEqual(pearsonMatrix(threaded), pearsonMatrix(inThread));
    assert.deepEqual(spearmanMatrix(threaded), spearmanMatrix(inThread));
  });

  for (const dataset of reference.datasets) {
    describe(`against R on ${dataset.name} (${dataset.nRows} x ${dataset.nItems})`, () => {
      const matrix = matrixOf(dataset.columns, dataset.codes);
      const plain = computePairTablesSync(matrix);
      const weighted = computePairTablesSync(matrix, { weights: Float64Array.from(dataset.weights) });
      const cases = [
        ['cor(pairwise.complete.obs)', pearsonMatrix(plain), dataset.pearson],
        ['cor(method = "spearman", pairwise.complete.obs)', spearmanMatrix(plain), dataset.spearman],
        ['cov.wt(cor = TRUE) on complete cases', pearsonMatrix(weighted), dataset.weightedPearson],
        ['weighted midrank Spearman', spearmanMatrix(weighted), dataset.weightedSpearman],
      ] as const;
      for (const [label, result, expected] of cases) {
        it(`matches ${label} within 1e-9`, () => {
          for (let i = 0; i < dataset.nItems; i++) {
            for (let j = 0; j < dataset.nItems; j++) {
              assertClose(result.r[i * dataset.nItems + j]!, expected[i]![j]!, 1e-9, `${label} [${i},${j}]`);
            }
          }
        });
      }
      it('reports the pairwise-complete counts of crossprod(!is.na(X)), weighted or not', () => {
        for (const result of [pearsonMatrix(plain), spearmanMatrix(weighted)]) {
          assert.deepEqual([...result.n], dataset.n.flat());
        }
      });
    });
  }
});
