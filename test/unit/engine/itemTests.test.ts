import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadExperiment } from '../../../src/core/config/resolve';
import { evaluateExperiment } from '../../../src/core/engine/evaluate';
import { kishEffectiveSize, testItemCells } from '../../../src/core/engine/itemTests';
import { MISSING_CATEGORY, type PreparedItem } from '../../../src/core/model/items';
import type { Population } from '../../../src/core/model/population';
import type { DistributionSummary, MarginalCell } from '../../../src/core/results/types';
import { assertClose } from '../support/numeric';

const tinyConfig = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'engine', 'tiny', 'experiment.yaml');

/** Counts per category as the rows of one column, padded with missing rows to `nRows`. */
function columnOf(counts: readonly number[], nRows: number): Uint8Array {
  const categories = new Uint8Array(nRows).fill(MISSING_CATEGORY);
  let row = 0;
  counts.forEach((count, category) => {
    for (let copy = 0; copy < count; copy++) categories[row++] = category;
  });
  return categories;
}

function summaryOf(counts: readonly number[]): DistributionSummary {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return {
    n: total,
    nValid: total,
    weightValid: total,
    distribution: total > 0 ? counts.map((count) => count / total) : null,
    mean: null,
    variance: null,
    missing: {},
  };
}

function cellOf(item: string, condition: string, human: readonly number[], model: readonly number[]): MarginalCell {
  return {
    item,
    group: 'all',
    condition,
    human: summaryOf(human),
    model: summaryOf(model),
    invalidCount: 0,
    coverage: 1,
    scoredAtWorst: false,
    wasserstein: null,
    totalVariation: null,
    jensenShannon: null,
    hellinger: null,
    distance: null,
    varianceRatio: null,
    varianceCollapsed: false,
    modeShare: null,
    modeCollapsed: false,
    invalidShare: 0,
    pValue: null,
    qValue: null,
    flagged: null,
  };
}

describe('per-item chi-square tests with Benjamini–Hochberg flags', () => {
  // Four tables of scripts/reference/chisq.R, whose p-values R gives as below, and an item the
  // model answered 3 times (under minCellSize 10).
  const tables: Record<string, { human: number[]; model: number[]; p: number }> = {
    I1: { human: [30, 20], model: [18, 32], p: 0.016309171877754988 },
    I2: { human: [120, 340, 410, 130], model: [12, 35, 39, 14], p: 0.9799427205217329 },
    I3: { human: [120, 340, 410, 130], model: [2, 10, 80, 8], p: 2.0037019125689928e-12 },
    I4: { human: [10, 0, 25, 5], model: [14, 0, 9, 17], p: 0.0006293855774141604 },
    I5: { human: [40, 60], model: [1, 2], p: Number.NaN },
  };
  const ids = Object.keys(tables);
  const nRows = 1000;
  const human: Population = {
    name: 'human',
    nRows,
    columns: ids.map((id) => ({ categories: columnOf(tables[id]!.human, nRows), missingKind: new Uint8Array(nRows), missingKeys: [] })),
    weights: undefined,
    groupRows: new Map([['all', Uint32Array.from({ length: nRows }, (_, row) => row)]]),
  };
  const items = ids.map((id) => ({ id }) as PreparedItem);

  function tested(itemFdr: number): MarginalCell[] {
    const cells = ids.map((id) => cellOf(id, 'model', tables[id]!.human, tables[id]!.model));
    cells.push(cellOf('I1', 'other', tables.I1!.human, tables.I1!.model));
    testItemCells(cells, items, human, { minCellSize: 10, itemFdr });
    return cells;
  }

  it("gives each scored cell R's chisq.test p-value (unweighted humans count as they are)", () => {
    const cells = tested(0.05);
    for (const cell of cells.slice(0, 4)) assertClose(cell.pValue!, tables[cell.item]!.p, 1e-11 * Math.max(tables[cell.item]!.p, 1e-300), cell.item);
  });

  it("adjusts within a condition × group over its tested items, as R's p.adjust(p, 'BH')", () => {
    const cells = tested(0.05);
    // p.adjust(c(0.016309171877754988, 0.9799427205217329, 2.0037019125689928e-12, 0.0006293855774141604), "BH")
    const expected = [2.1745562503673314e-2, 9.7994272052173292e-1, 8.0148076502759711e-12, 1.2587711548283208e-3];
    cells.slice(0, 4).forEach((cell, index) => assertClose(cell.qValue!, expected[index]!, 1e-11 * expected[index]!, cell.item));
    assert.deepEqual(cells.slice(0, 4).map((cell) => cell.flagged), [true, false, true, true]);
    // The other condition is a family of one: its q is its p.
    assert.equal(cells[5]!.qValue, cells[5]!.pValue);
  });

  it('leaves cells under minCellSize untested (nulls) and out of the number of tests', () => {
    const untested = tested(0.05)[4]!;
    assert.deepEqual([untested.pValue, untested.qValue, untested.flagged], [null, null, null]);
  });

  it('flags by q ≤ itemFdr', () => {
    assert.deepEqual(tested(0.01).slice(0, 4).map((cell) => cell.flagged), [false, false, true, true]);
    assert.deepEqual(tested(1e-11).slice(0, 4).map((cell) => cell.flagged), [false, false, true, false]);
  });

  it("computes Kish's effective size (Σw)² / Σw² over the valid answers, the count when unweighted", () => {
    const categories = Uint8Array.of(0, 1, MISSING_CATEGORY, 2, 0);
    const rows = Uint32Array.of(0, 1, 2, 3, 4);
    // valid weights 1, 2, 3, 2: (8)² / (1 + 4 + 9 + 4) = 64 / 18
    assertClose(kishEffectiveSize(categories, rows, Float64Array.of(1, 2, 5, 3, 2)), 64 / 18, 1e-14);
    assert.equal(kishEffectiveSize(categories, rows, undefined), 4);
    assert.equal(kishEffectiveSize(categories, Uint32Array.of(2), undefined), 0);
  });

  it("scales the weighted human shares to the effective size: the tiny fixture's Q1 p is R's on (0.75, 1.5, 2.25) vs (2, 1, 1)", async () => {
    const experiment = await loadExperiment(tinyConfig);
    experiment.metrics.bootstrap = 0;
    const results = await evaluateExperiment(experiment, { threads: 0, host: 'test' });
    const q1 = results.marginals.cells.find((cell) => cell.item === 'Q1' && cell.group === 'all')!;
    // Valid human weights 1, 1, 2, 1, 1: n_eff = 6² / 8 = 4.5, shares 1/6, 2/6, 3/6.
    // R: chisq.test(rbind(c(0.75, 1.5, 2.25), c(2, 1, 1)), correct = FALSE)$p.value
    assertClose(q1.pValue!, 0.57023125682029274, 1e-12);
    // Q2: weights 1, 1, 2, 1, 1, 1, n_eff = 7² / 9, shares 2/7, 3/7, 2/7 against the model's (1, 1, 1); R gives p = 0.96395084547247989.
    const q2 = results.marginals.cells.find((cell) => cell.item === 'Q2' && cell.group === 'all')!;
    assertClose(q2.pValue!, 0.96395084547247989, 1e-12);
    // p.adjust(c(0.5702..., 0.9640...), "BH"): both 0.96395084547247989, so neither is flagged.
    assertClose(q1.qValue!, 0.96395084547247989, 1e-12);
    assert.deepEqual([q1.flagged, q2.flagged], [false, false]);
  });
});
