import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bivariateNormalCdf,
  normalQuantile,
  polychoricCorrelation,
  rectangleProbability,
  thresholdsFromMarginal,
} from '../../../src/core/polychoric';
import { assertClose, categoryOf, correlatedNormals, seededRandom } from './helpers';

/** Expected counts N·π_rc(ρ) of a table with the given interior cut points. */
function expectedTable(rowCuts: number[], columnCuts: number[], rho: number, total: number): Float64Array {
  const rowLimits = [Number.NEGATIVE_INFINITY, ...rowCuts, Number.POSITIVE_INFINITY];
  const columnLimits = [Number.NEGATIVE_INFINITY, ...columnCuts, Number.POSITIVE_INFINITY];
  const rows = rowLimits.length - 1;
  const columns = columnLimits.length - 1;
  const table = new Float64Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      table[r * columns + c] =
        total * rectangleProbability(rowLimits[r]!, rowLimits[r + 1]!, columnLimits[c]!, columnLimits[c + 1]!, rho);
    }
  }
  return table;
}

/** ℓ(ρ) = Σ n log π(ρ) with thresholds from the table's margins, computed independently of the solver. */
function logLikelihood(table: Float64Array, rows: number, columns: number, rho: number): number {
  const rowMargin = new Float64Array(rows);
  const columnMargin = new Float64Array(columns);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      rowMargin[r]! += table[r * columns + c]!;
      columnMargin[c]! += table[r * columns + c]!;
    }
  }
  const a = thresholdsFromMarginal(rowMargin);
  const b = thresholdsFromMarginal(columnMargin);
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const n = table[r * columns + c]!;
      if (n > 0) sum += n * Math.log(rectangleProbability(a[r]!, a[r + 1]!, b[c]!, b[c + 1]!, rho));
    }
  }
  return sum;
}

describe('polychoricCorrelation: estimates', () => {
  it('recovers ρ = 0.6 to 1e-7 from the exact expected 5 x 7 table', () => {
    const table = expectedTable([-1.2, -0.3, 0.4, 1.5], [-1.8, -1, -0.5, 0, 0.6, 1.3], 0.6, 10000);
    const result = polychoricCorrelation(table, 5, 7);
    assertClose(result.rho, 0.6, 1e-7);
    assert.equal(result.converged, true);
    assert.equal(result.atBoundary, false);
    assert.equal(result.reason, undefined);
    assert.ok(result.iterations <= 8, `took ${result.iterations} iterations`);
  });

  it('recovers negative and strong correlations from exact 10 x 10 and 4 x 3 tables', () => {
    const tenCuts = [-1.6, -1.1, -0.7, -0.35, 0, 0.3, 0.7, 1.1, 1.7];
    for (const rho of [-0.85, -0.3, 0.05, 0.93, 0.98]) {
      assertClose(polychoricCorrelation(expectedTable(tenCuts, tenCuts, rho, 97000), 10, 10).rho, rho, 1e-7, `10 x 10, ρ = ${rho}`);
      assertClose(polychoricCorrelation(expectedTable([-1, 0.2, 1], [-0.4, 0.8], rho, 5000), 4, 3).rho, rho, 1e-7, `4 x 3, ρ = ${rho}`);
    }
  });

  it('recovers ρ = 0.45 within 3 standard errors from 40,000 simulated cases on 4- and 10-point scales', () => {
    const random = seededRandom(11);
    const rowCuts = [-0.9, 0.1, 1.1];
    const columnCuts = [-1.5, -1, -0.6, -0.2, 0.2, 0.5, 0.9, 1.3, 1.8];
    const table = new Float64Array(4 * 10);
    for (let index = 0; index < 40000; index++) {
      const [x, y] = correlatedNormals(random, 0.45);
      table[categoryOf(x, rowCuts) * 10 + categoryOf(y, columnCuts)]! += 1;
    }
    const result = polychoricCorrelation(table, 4, 10);
    assert.ok(Math.abs(result.rho - 0.45) < 3 * result.standardError, `ρ̂ = ${result.rho}, SE = ${result.standardError}`);
    // The large-sample SE of a polychoric r near 0.45 with N = 40,000 is a little above (1 − ρ²)/√N ≈ 0.004.
    assert.ok(result.standardError > 0.004 && result.standardError < 0.008, `SE = ${result.standardError}`);
  });

  it('gives the tetrachoric sin(2π(p11 − 1/4)) for a 2 x 2 table split at the medians', () => {
    const result = polychoricCorrelation(Float64Array.of(35, 15, 15, 35), 2, 2);
    assertClose(result.rho, Math.sin(2 * Math.PI * (0.35 - 0.25)), 1e-9);
  });

  it('fits a skewed 2 x 2 table exactly: Φ₂(a, b; ρ̂) equals the observed p11', () => {
    const result = polychoricCorrelation(Float64Array.of(240, 20, 8, 19), 2, 2);
    const a = normalQuantile(260 / 287);
    const b = normalQuantile(248 / 287);
    assertClose(bivariateNormalCdf(a, b, result.rho), 240 / 287, 1e-10);
    assertClose(result.rho, 0.8198, 1e-4, 'psych (sparse-binary-three-point, items 1-2)');
  });

  it('reports the log-likelihood Σ n log π at the estimate', () => {
    const table = Float64Array.of(20, 10, 3, 8, 25, 9, 2, 11, 30);
    const result = polychoricCorrelation(table, 3, 3);
    assertClose(result.logLikelihood, logLikelihood(table, 3, 3, result.rho), 1e-9);
    assert.ok(result.logLikelihood > logLikelihood(table, 3, 3, result.rho + 1e-3));
    assert.ok(result.logLikelihood > logLikelihood(table, 3, 3, result.rho - 1e-3));
  });
});

describe('polychoricCorrelation: standard error', () => {
  it('is π / (2√N) for a median-split 2 x 2 table at ρ = 0 (the classical tetrachoric variance)', () => {
    const result = polychoricCorrelation(Float64Array.of(100, 100, 100, 100), 2, 2);
    assertClose(result.rho, 0, 1e-12);
    assertClose(result.standardError, Math.PI / (2 * Math.sqrt(400)), 1e-9);
  });

  it('equals 1/√(−ℓ″) with ℓ″ from central differences of the log-likelihood', () => {
    const table = Float64Array.of(20, 10, 3, 1, 8, 25, 9, 4, 2, 11, 30, 12);
    const result = polychoricCorrelation(table, 3, 4);
    const step = 1e-4;
    const second =
      (logLikelihood(table, 3, 4, result.rho + step) - 2 * logLikelihood(table, 3, 4, result.rho) + logLikelihood(table, 3, 4, result.rho - step)) /
      (step * step);
    assertClose(result.standardError, 1 / Math.sqrt(-second), 1e-5);
  });

  it('shrinks as 1/√N and is rescaled to sampleSize for weighted tables', () => {
    const base = Float64Array.of(30, 12, 5, 9, 28, 14, 4, 10, 33);
    const single = polychoricCorrelation(base, 3, 3);
    const quadrupled = polychoricCorrelation(base.map((n) => 4 * n), 3, 3);
    assertClose(quadrupled.rho, single.rho, 1e-9);
    assertClose(quadrupled.standardError, single.standardError / 2, 1e-9);
    const weighted = polychoricCorrelation(base.map((n) => 4 * n), 3, 3, { sampleSize: 145 });
    assertClose(weighted.standardError, single.standardError, 1e-9);
  });
});

describe('polychoricCorrelation: degenerate tables', () => {
  it('gives NaN with a reason for a table without cases', () => {
    const result = polychoricCorrelation(new Float64Array(9), 3, 3);
    assert.ok(Number.isNaN(result.rho));
    assert.ok(Number.isNaN(result.standardError));
    assert.match(result.reason ?? '', /no complete cases/);
  });

  it('gives NaN with a reason when an item is constant on the pair', () => {
    const first = polychoricCorrelation(Float64Array.of(0, 0, 0, 5, 7, 9), 2, 3);
    assert.ok(Number.isNaN(first.rho));
    assert.match(first.reason ?? '', /first item has a single observed category/);
    const second = polychoricCorrelation(Float64Array.of(0, 4, 0, 6), 2, 2);
    assert.match(second.reason ?? '', /second item has a single observed category/);
  });

  it('drops an empty category: the same ρ as the table without that row and column', () => {
    const withEmpty = Float64Array.of(20, 0, 10, 3, 0, 0, 0, 0, 8, 0, 25, 9, 2, 0, 11, 30);
    const without = Float64Array.of(20, 10, 3, 8, 25, 9, 2, 11, 30);
    const a = polychoricCorrelation(withEmpty, 4, 4);
    const b = polychoricCorrelation(without, 3, 3);
    assertClose(a.rho, b.rho, 1e-14);
    assertClose(a.standardError, b.standardError, 1e-12);
  });

  it('clamps perfect association to ±0.9999 and flags it', () => {
    const positive = polychoricCorrelation(Float64Array.of(50, 0, 0, 50), 2, 2);
    assert.equal(positive.rho, 0.9999);
    assert.equal(positive.atBoundary, true);
    assert.ok(Number.isNaN(positive.standardError));
    assert.match(positive.reason ?? '', /perfect association/);
    const negative = polychoricCorrelation(Float64Array.of(0, 0, 10, 0, 20, 0, 30, 0, 0), 3, 3);
    assert.equal(negative.rho, -0.9999);
    assert.equal(negative.atBoundary, true);
    const custom = polychoricCorrelation(Float64Array.of(50, 0, 0, 50), 2, 2, { maxAbsRho: 0.995 });
    assert.equal(custom.rho, 0.995);
  });

  it('stays inside (−1, 1) for a sparse table with zero cells, and the continuity correction pulls it in', () => {
    const table = Float64Array.of(40, 6, 0, 5, 20, 2, 0, 3, 9);
    const plain = polychoricCorrelation(table, 3, 3);
    assert.equal(plain.converged, true);
    assert.equal(plain.atBoundary, false);
    assert.ok(plain.rho > 0.8 && plain.rho < 0.95, `ρ̂ = ${plain.rho}`);
    const corrected = polychoricCorrelation(table, 3, 3, { correct: 0.5 });
    assert.ok(corrected.rho < plain.rho, `corrected ${corrected.rho} vs ${plain.rho}`);
  });

  it('ignores the continuity correction for a table without zero cells', () => {
    const table = Float64Array.of(20, 10, 3, 8, 25, 9, 2, 11, 30);
    assert.equal(polychoricCorrelation(table, 3, 3, { correct: 0.5 }).rho, polychoricCorrelation(table, 3, 3).rho);
  });

  it('reports non-convergence when the iteration budget runs out', () => {
    const result = polychoricCorrelation(expectedTable([0], [0.5, 1], 0.7, 1000), 2, 3, { maxIterations: 1 });
    assert.equal(result.converged, false);
    assert.match(result.reason ?? '', /did not converge in 1 iterations/);
  });
});

describe('polychoricCorrelation: given thresholds and input checks', () => {
  it('uses fixed thresholds as given (psych global = TRUE): the expected table at other cut points', () => {
    const table = expectedTable([-0.5, 0.5], [0], 0.4, 1000);
    const thresholds = { rows: thresholdsFromMarginal([30, 40, 30]), columns: Float64Array.of(Number.NEGATIVE_INFINITY, 0, Number.POSITIVE_INFINITY) };
    const given = polychoricCorrelation(table, 3, 2, { thresholds });
    const pairwise = polychoricCorrelation(table, 3, 2);
    assertClose(pairwise.rho, 0.4, 1e-7);
    assert.ok(Math.abs(given.rho - 0.4) > 1e-4, 'misplaced thresholds change ρ̂');
    assert.equal(given.converged, true);
  });

  it('rejects negative counts, a wrong table size and malformed thresholds, naming the function', () => {
    assert.throws(() => polychoricCorrelation(Float64Array.of(1, -1, 2, 3), 2, 2), /polychoricCorrelation: cell \(0, 1\) is -1/);
    assert.throws(() => polychoricCorrelation(Float64Array.of(1, 2, 3), 2, 2), /polychoricCorrelation: table has 3 cells/);
    const bad = { rows: Float64Array.of(Number.NEGATIVE_INFINITY, 1, 0, Number.POSITIVE_INFINITY), columns: thresholdsFromMarginal([1, 1]) };
    assert.throws(() => polychoricCorrelation(new Float64Array(6).fill(1), 3, 2, { thresholds: bad }), /non-decreasing/);
    assert.throws(() => polychoricCorrelation(Float64Array.of(1, 2, 3, 4), 2, 2, { maxAbsRho: 1 }), /maxAbsRho must be in \(0, 1\)/);
  });
});
