import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError } from '../../../src/core/errors';
import { buildCategoryMatrixFromCodes } from '../../../src/core/structure/categoryMatrix';
import {
  computePairTables,
  computePairTablesSync,
  pairIndex,
  pairTable,
  PairTablesPool,
  type PairTables,
} from '../../../src/core/structure/pairTables';
import { syntheticMatrix } from './helpers';

/** Five respondents, three items; -1 is missing. */
function tinyMatrix() {
  return buildCategoryMatrixFromCodes(
    [Int16Array.of(1, 2, 2, 3, -1), Int16Array.of(1, 1, 2, 2, 2), Int16Array.of(4, -1, 3, 1, 2)],
    [
      [1, 2, 3],
      [1, 2],
      [1, 2, 3, 4],
    ],
  );
}

/** Enough work (about 70 million increments without item grouping) to still be counting 50 ms in. */
function slowMatrix() {
  return syntheticMatrix(60_000, Array.from({ length: 48 }, (_, item) => (item % 3 === 0 ? 10 : 4)), 0.05, 15).matrix;
}

function assertSameTables(actual: PairTables, expected: PairTables, label: string): void {
  assert.deepEqual(actual.cells, expected.cells, `${label}: cells`);
  assert.deepEqual(actual.pairN, expected.pairN, `${label}: pairN`);
  assert.deepEqual(actual.itemMarginals, expected.itemMarginals, `${label}: itemMarginals`);
  assert.deepEqual(actual.itemN, expected.itemN, `${label}: itemN`);
}

describe('computePairTables', () => {
  it('counts each pair over its complete rows only (hand-checked 5 x 3)', () => {
    const tables = computePairTablesSync(tinyMatrix());
    assert.deepEqual([...pairTable(tables, 0, 1)], [1, 0, 1, 1, 0, 1]);
    assert.deepEqual([...pairTable(tables, 0, 2)], [0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0]);
    assert.deepEqual([...pairTable(tables, 1, 2)], [0, 0, 0, 1, 1, 1, 1, 0]);
    assert.deepEqual([...tables.pairN], [4, 3, 4]);
    assert.deepEqual([...tables.itemN], [4, 5, 4]);
    assert.deepEqual([...tables.itemMarginals], [1, 2, 1, 2, 3, 1, 1, 1, 1]);
    assert.equal(tables.weighted, false);
  });

  it('sums weights into the tables and still reports unweighted complete counts', () => {
    const tables = computePairTablesSync(tinyMatrix(), { weights: Float64Array.of(1, 2, 3, 4, 5) });
    assert.deepEqual([...pairTable(tables, 0, 1)], [1, 0, 2, 3, 0, 4]);
    assert.deepEqual([...pairTable(tables, 1, 2)], [0, 0, 0, 1, 4, 5, 3, 0]);
    assert.deepEqual([...tables.pairN], [4, 3, 4]);
    assert.deepEqual([...tables.itemN], [4, 5, 4]);
    assert.deepEqual([...tables.itemMarginals], [1, 5, 4, 3, 12, 4, 5, 3, 1]);
    assert.equal(tables.weighted, true);
  });

  it('gives the same plain counts for every item grouping, equal to a direct count', () => {
    const { matrix } = syntheticMatrix(700, [4, 10, 2, 3, 5, 4, 7, 2, 10, 4, 1], 0.08, 11);
    const reference = computePairTablesSync(matrix, { maxJointCodes: 1 });
    const { nItems, nRows, categories, nCategories } = matrix;
    for (let i = 0; i < nItems; i++) {
      for (let j = i + 1; j < nItems; j++) {
        const expected = new Float64Array(nCategories[i]! * nCategories[j]!);
        let complete = 0;
        for (let row = 0; row < nRows; row++) {
          const a = categories[row * nItems + i]!;
          const b = categories[row * nItems + j]!;
          if (a === 255 || b === 255) continue;
          expected[a * nCategories[j]! + b]!++;
          complete++;
        }
        assert.deepEqual(pairTable(reference, i, j), expected, `pair ${i},${j}`);
        assert.equal(reference.pairN[pairIndex(i, j, nItems)], complete);
      }
    }
    for (const maxJointCodes of [2, 9, 30, 130, 1024]) {
      assertSameTables(computePairTablesSync(matrix, { maxJointCodes }), reference, `maxJointCodes ${maxJointCodes}`);
    }
  });

  it('gives weighted sums within 1e-12 of a direct sum for every item grouping', () => {
    const { matrix, weights } = syntheticMatrix(500, [4, 10, 2, 3, 5, 4], 0.1, 12);
    const direct = computePairTablesSync(matrix, { weights, maxJointCodes: 1 });
    for (const maxJointCodes of [25, 300]) {
      const grouped = computePairTablesSync(matrix, { weights, maxJointCodes });
      grouped.cells.forEach((value, cell) => assert.ok(Math.abs(value - direct.cells[cell]!) < 1e-12, `cell ${cell}`));
      assert.deepEqual(grouped.pairN, direct.pairN);
    }
  });

  it('gives bit-identical tables on 1 and 2 worker threads and in the calling thread', async () => {
    const { matrix, weights } = syntheticMatrix(3000, [4, 10, 4, 2, 5, 10, 4, 3, 4, 4, 10, 2, 7, 4, 4, 5], 0.06, 13);
    for (const withWeights of [false, true]) {
      const options = { weights: withWeights ? weights : undefined, minWorkForThreads: 0 };
      const inThread = await computePairTables(matrix, { ...options, threads: 0 });
      assert.equal(inThread.threads, 0);
      for (const threads of [1, 2]) {
        const threaded = await computePairTables(matrix, { ...options, threads });
        assert.equal(threaded.threads, threads);
        assertSameTables(threaded, inThread, `${threads} threads, weighted ${withWeights}`);
      }
    }
  });

  it('reports progress that never decreases and ends at exactly 1, on threads and in the calling thread', async () => {
    const { matrix } = syntheticMatrix(2000, [4, 10, 4, 2, 5, 10, 4, 3], 0.05, 14);
    for (const threads of [0, 2]) {
      const fractions: number[] = [];
      await computePairTables(matrix, { threads, minWorkForThreads: 0, onProgress: (fraction) => fractions.push(fraction) });
      assert.equal(fractions.at(-1), 1, `threads ${threads}`);
      for (let index = 1; index < fractions.length; index++) assert.ok(fractions[index]! >= fractions[index - 1]!);
      assert.ok(fractions.every((fraction) => fraction >= 0 && fraction <= 1));
    }
  });

  it('throws CancelledError within a second when the signal aborts while workers count', async () => {
    const matrix = slowMatrix();
    const controller = new AbortController();
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = Date.now();
      controller.abort();
    }, 50);
    await assert.rejects(
      computePairTables(matrix, { threads: 2, minWorkForThreads: 0, maxJointCodes: 1, signal: controller.signal }),
      (error: unknown) => error instanceof CancelledError,
    );
    assert.ok(abortedAt > 0, 'the count finished before the abort; make the input larger');
    assert.ok(Date.now() - abortedAt < 1000, `took ${Date.now() - abortedAt} ms to cancel`);
  });

  it('throws CancelledError in the calling thread when aborted from the progress callback, and at once when already aborted', async () => {
    const { matrix } = syntheticMatrix(60_000, Array.from({ length: 40 }, () => 4), 0.05, 16);
    const controller = new AbortController();
    assert.throws(
      () => computePairTablesSync(matrix, { signal: controller.signal, onProgress: () => controller.abort() }),
      CancelledError,
    );
    await assert.rejects(computePairTables(matrix, { signal: AbortSignal.abort() }), CancelledError);
  });

  it('rejects negative, infinite or NaN weights and a weight vector of the wrong length', () => {
    const matrix = tinyMatrix();
    assert.throws(() => computePairTablesSync(matrix, { weights: Float64Array.of(1, 2, -1, 1, 1) }), /computePairTables: weight of row 2 is -1/);
    assert.throws(() => computePairTablesSync(matrix, { weights: Float64Array.of(1, 2, 1, NaN, 1) }), /weight of row 3 is NaN/);
    assert.throws(() => computePairTablesSync(matrix, { weights: Float64Array.of(1, 2) }), /computePairTables: 2 weights for 5 rows/);
  });

  it('handles zero rows and a single item', () => {
    const empty = computePairTablesSync(buildCategoryMatrixFromCodes([new Int16Array(0), new Int16Array(0)], [[1, 2], [1, 2]]));
    assert.deepEqual([...empty.cells], [0, 0, 0, 0]);
    assert.deepEqual([...empty.pairN], [0]);
    const single = computePairTablesSync(buildCategoryMatrixFromCodes([Int16Array.of(1, 2, 2)], [[1, 2]]));
    assert.equal(single.pairN.length, 0);
    assert.deepEqual([...single.itemMarginals], [1, 2]);
  });
});

describe('PairTablesPool', () => {
  it('serves several computations with the same workers, also after a cancelled one, until closed', async () => {
    const pool = new PairTablesPool({ threads: 2 });
    try {
      const { matrix, weights } = syntheticMatrix(2500, [4, 10, 4, 2, 5, 10, 4, 3, 4, 4], 0.06, 17);
      const expected = computePairTablesSync(matrix, { weights });
      const [first, second] = await Promise.all([
        computePairTables(matrix, { weights, pool, minWorkForThreads: 0 }),
        computePairTables(matrix, { weights, pool, minWorkForThreads: 0 }),
      ]);
      assertSameTables(first, expected, 'first');
      assertSameTables(second, expected, 'second, queued behind the first');
      await assert.rejects(
        computePairTables(matrix, { pool, minWorkForThreads: 0, signal: AbortSignal.abort() }),
        CancelledError,
      );
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(
        computePairTables(slowMatrix(), { pool, minWorkForThreads: 0, maxJointCodes: 1, signal: controller.signal }),
        CancelledError,
      );
      assertSameTables(await computePairTables(matrix, { weights, pool, minWorkForThreads: 0 }), expected, 'after a cancel');
    } finally {
      await pool.close();
    }
    await assert.rejects(
      computePairTables(syntheticMatrix(2000, [4, 4, 4], 0, 19).matrix, { pool, minWorkForThreads: 0 }).then((tables) => {
        // A closed pool is not usable: the count falls back to the calling thread.
        assert.equal(tables.threads, 0);
        throw new Error('fell back');
      }),
      /fell back/,
    );
  });
});

describe('computePairTables input checks', () => {
  it('rejects a category byte beyond the item scale instead of counting it into another cell', async () => {
    const matrix = buildCategoryMatrixFromCodes([Int16Array.of(1, 2), Int16Array.of(1, 2)], [[1, 2], [1, 2]]);
    matrix.categories[3] = 7;
    assert.throws(() => computePairTablesSync(matrix), /computePairTables: item 1 has category 7 at row 1; expected 0\.\.1 or 255/);
    const large = syntheticMatrix(5000, [4, 4, 4, 4, 4, 4], 0, 20).matrix;
    large.categories[6 * 4000 + 2] = 9;
    await assert.rejects(
      computePairTables(large, { threads: 2, minWorkForThreads: 0 }),
      (error: unknown) => error instanceof RangeError && /^computePairTables: item 2 has category 9 at row 4000/.test(error.message),
    );
  });
});
