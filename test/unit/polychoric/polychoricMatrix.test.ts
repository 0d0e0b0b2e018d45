import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError } from '../../../src/core/errors';
import { polychoricFromTables, thresholdsFromMarginal } from '../../../src/core/polychoric';
import { buildCategoryMatrix, computePairTablesSync } from '../../../src/core/structure';
import { assertClose, fixtureNumber, loadFixture, pairTablesFromData } from './helpers';

/** The tolerance for agreement with psych::polychoric. */
const PSYCH_TOLERANCE = 1e-3;
/** psych's objective maximised with optimize(tol = 1e-11): what remains is Φ₂ and rounding. */
const TIGHT_TOLERANCE = 1e-6;

describe('polychoricFromTables agrees with psych::polychoric', () => {
  const fixture = loadFixture();
  for (const dataset of fixture.datasets) {
    for (const run of dataset.runs) {
      const mode = run.global ? 'global' : 'pairwise';
      const correct = run.global ? 0 : run.correct;
      it(`matches ${run.call} on ${dataset.name} within 1e-3 (thresholds ${mode}, correct ${correct})`, (t) => {
        // psych's global thresholds ignore the weights, so the item marginals are unweighted here.
        const tables = pairTablesFromData(dataset.data, dataset.nCategories, dataset.weights, 'none');
        const result = polychoricFromTables(tables, { thresholds: mode, correct: run.correct });
        const p = dataset.nItems;
        let versusPsych = 0;
        let versusTight = 0;
        for (let i = 0; i < p; i++) {
          for (let j = 0; j < p; j++) {
            const ours = result.r[i * p + j]!;
            versusPsych = Math.max(versusPsych, Math.abs(ours - fixtureNumber(run.rho[i]![j]!)));
            versusTight = Math.max(versusTight, Math.abs(ours - fixtureNumber(run.rhoTight[i]![j]!)));
            assertClose(ours, fixtureNumber(run.rho[i]![j]!), PSYCH_TOLERANCE, `psych r[${i}][${j}]`);
            assertClose(ours, fixtureNumber(run.rhoTight[i]![j]!), TIGHT_TOLERANCE, `tight r[${i}][${j}]`);
          }
        }
        t.diagnostic(`max |ours − psych| = ${versusPsych.toExponential(2)}, max |ours − tight optimum| = ${versusTight.toExponential(2)}`);
        assert.equal(result.failures.length, 0);
        assert.equal(result.flagged.length, 0);
      });
    }
  }

  it('computes psych\'s global thresholds (tau) from the unweighted item marginals', () => {
    for (const dataset of fixture.datasets) {
      const tables = pairTablesFromData(dataset.data, dataset.nCategories, dataset.weights, 'none');
      for (const run of dataset.runs) {
        if (run.tau === null) continue;
        for (let item = 0; item < dataset.nItems; item++) {
          const start = tables.itemOffsets[item]!;
          const ours = thresholdsFromMarginal(tables.itemMarginals.subarray(start, start + dataset.nCategories[item]!));
          run.tau[item]!.forEach((tau, k) => assertClose(ours[k + 1]!, fixtureNumber(tau), 1e-13, `${dataset.name} item ${item} τ${k + 1}`));
        }
      }
    }
  });

  it('reads the PairTables of src/core/structure directly, with the same result as hand-counted tables', () => {
    const dataset = fixture.datasets.find((candidate) => candidate.weights !== null)!;
    const columns = Array.from({ length: dataset.nItems }, (_, item) => Int16Array.from(dataset.data, (row) => row[item] ?? -1));
    const matrix = buildCategoryMatrix({
      columns,
      nCategories: dataset.nCategories,
      scores: dataset.nCategories.map((k) => Array.from({ length: k }, (_, index) => index + 1)),
      categoryOf: (_item, code) => (code >= 1 ? code - 1 : 255),
      shared: false,
    });
    const structureTables = computePairTablesSync(matrix, { weights: Float64Array.from(dataset.weights!), threads: 0 });
    const handTables = pairTablesFromData(dataset.data, dataset.nCategories, dataset.weights);
    for (const thresholds of ['pairwise', 'global'] as const) {
      const fromStructure = polychoricFromTables(structureTables, { thresholds });
      const fromHand = polychoricFromTables(handTables, { thresholds });
      fromStructure.r.forEach((value, index) => assertClose(value, fromHand.r[index]!, 1e-12, `${thresholds} r[${index}]`));
      fromStructure.standardErrors.forEach((value, index) => assertClose(value, fromHand.standardErrors[index]!, 1e-12, `SE[${index}]`));
    }
  });
});

describe('polychoricFromTables: matrix shape and bookkeeping', () => {
  const dataset = loadFixture().datasets[0]!;

  it('returns a symmetric matrix with unit diagonal and positive, symmetric standard errors', () => {
    const tables = pairTablesFromData(dataset.data, dataset.nCategories, null);
    const { r, standardErrors, nItems } = polychoricFromTables(tables);
    for (let i = 0; i < nItems; i++) {
      assert.equal(r[i * nItems + i], 1);
      assert.equal(standardErrors[i * nItems + i], 0);
      for (let j = 0; j < nItems; j++) {
        assert.equal(r[i * nItems + j], r[j * nItems + i]);
        assert.equal(standardErrors[i * nItems + j], standardErrors[j * nItems + i]);
        if (i !== j) {
          const se = standardErrors[i * nItems + j]!;
          // About (1 − ρ²)/√N for N ≈ 450 pairwise-complete cases, inflated by the coarse categories.
          assert.ok(se > 0.03 && se < 0.07, `SE(${i}, ${j}) = ${se}`);
        }
      }
    }
  });

  it('scales weighted standard errors to the unweighted pair counts (weights of 2 change nothing)', () => {
    const plain = polychoricFromTables(pairTablesFromData(dataset.data, dataset.nCategories, null));
    const doubled = polychoricFromTables(pairTablesFromData(dataset.data, dataset.nCategories, dataset.data.map(() => 2)));
    plain.standardErrors.forEach((value, index) => assertClose(doubled.standardErrors[index]!, value, 1e-12, `SE[${index}]`));
    plain.r.forEach((value, index) => assertClose(doubled.r[index]!, value, 1e-12, `r[${index}]`));
  });

  it('lists pairs with a constant item as failures (NaN) and perfect association as flagged', () => {
    // Item 0 constant, items 1 and 2 identical, item 3 unrelated.
    const data = Array.from({ length: 40 }, (_, row) => [1, 1 + (row % 3), 1 + (row % 3), 1 + ((row * 7) % 4)]);
    const result = polychoricFromTables(pairTablesFromData(data, [2, 3, 3, 4], null));
    assert.deepEqual(
      result.failures.map(({ i, j }) => [i, j]),
      [
        [0, 1],
        [0, 2],
        [0, 3],
      ],
    );
    assert.ok(Number.isNaN(result.r[0 * 4 + 1]!));
    assert.ok(Number.isNaN(result.r[3 * 4 + 0]!));
    assert.equal(result.r[0], 1);
    assert.equal(result.flagged.length, 1);
    assert.deepEqual([result.flagged[0]!.i, result.flagged[0]!.j, result.flagged[0]!.rho], [1, 2, 0.9999]);
  });

  it('reports progress up to 1 and stops with CancelledError when aborted', () => {
    const tables = pairTablesFromData(dataset.data, dataset.nCategories, null);
    const fractions: number[] = [];
    polychoricFromTables(tables, { onProgress: (fraction) => fractions.push(fraction) });
    assert.equal(fractions.at(-1), 1);
    const controller = new AbortController();
    controller.abort();
    assert.throws(() => polychoricFromTables(tables, { signal: controller.signal }), CancelledError);
  });

  it('needs item marginals for global thresholds and consistent pair offsets', () => {
    const tables = pairTablesFromData(dataset.data, dataset.nCategories, null);
    const { itemMarginals: _marginals, itemOffsets: _offsets, ...withoutMarginals } = tables;
    assert.throws(() => polychoricFromTables(withoutMarginals, { thresholds: 'global' }), /polychoricFromTables: thresholds 'global' needs itemOffsets/);
    assert.throws(
      () => polychoricFromTables({ ...tables, pairOffsets: tables.pairOffsets.subarray(1) }),
      /polychoricFromTables: pairOffsets has 10 entries, expected 11/,
    );
  });
});
