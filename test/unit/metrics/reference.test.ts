import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  distributionMean,
  distributionMoments,
  hellinger,
  jensenShannonDivergence,
  marginalDistance,
  normalizedWasserstein1,
  totalVariation,
  varianceRatio,
} from '../../../src/core/metrics';
import { assertClose } from './assertClose';

/** Written by scripts/reference/marginals.py from SciPy (wasserstein_distance, jensenshannon base 2) and NumPy. */
interface ReferenceCase {
  name: string;
  p: number[];
  q: number[];
  positions: number[] | null;
  wasserstein1: number;
  normalizedWasserstein1: number;
  jensenShannonDistance: number;
  jensenShannonDivergence: number;
  totalVariation: number;
  hellinger: number;
  pMean: number;
  pVariance: number;
  qMean: number;
  qVariance: number;
  varianceRatioQOverP: number | null;
}

// Compiled tests run from out/test/unit/metrics; the fixture stays in the source tree.
const fixturePath = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'reference', 'marginals.json');
const reference = JSON.parse(readFileSync(fixturePath, 'utf8')) as { cases: ReferenceCase[] };
const tolerance = 1e-9;

describe('marginal metrics against SciPy/NumPy (test/fixtures/reference/marginals.json)', () => {
  it('has the generated cases', () => {
    assert.ok(reference.cases.length >= 40, `${reference.cases.length} cases`);
  });

  for (const c of reference.cases) {
    it(`agrees within 1e-9 on ${c.name}`, () => {
      const p = Float64Array.from(c.p);
      const q = Float64Array.from(c.q);
      const positions = c.positions === null ? undefined : Float64Array.from(c.positions);
      assertClose(normalizedWasserstein1(p, q, positions), c.normalizedWasserstein1, tolerance, 'normalizedWasserstein1');
      const codes = positions ?? Float64Array.from(c.p, (_, k) => k);
      const span = codes[codes.length - 1]! - codes[0]!;
      assertClose(normalizedWasserstein1(p, q, positions) * span, c.wasserstein1, tolerance * span, 'W1 (normalised W1 × span)');
      // SciPy gives the Jensen–Shannon distance; the engine reports the divergence, its square.
      assertClose(Math.sqrt(jensenShannonDivergence(p, q)), c.jensenShannonDistance, tolerance, 'jensenShannonDistance');
      assertClose(jensenShannonDivergence(p, q), c.jensenShannonDivergence, tolerance, 'jensenShannonDivergence');
      assertClose(totalVariation(p, q), c.totalVariation, tolerance, 'totalVariation');
      assertClose(hellinger(p, q), c.hellinger, tolerance, 'hellinger');
      const pMoments = distributionMoments(p, positions);
      const qMoments = distributionMoments(q, positions);
      assertClose(pMoments.mean, c.pMean, tolerance, 'mean of p');
      assertClose(pMoments.variance, c.pVariance, tolerance, 'variance of p');
      assertClose(qMoments.mean, c.qMean, tolerance, 'mean of q');
      assertClose(qMoments.variance, c.qVariance, tolerance, 'variance of q');
      assertClose(distributionMean(p, positions), c.pMean, tolerance, 'distributionMean of p');
      assertClose(marginalDistance(p, q, codes, true), c.normalizedWasserstein1, tolerance, 'marginalDistance (ordinal)');
      assertClose(marginalDistance(p, q, codes, false), c.totalVariation, tolerance, 'marginalDistance (nominal)');
      assertClose(varianceRatio(q, p, positions), c.varianceRatioQOverP ?? Number.NaN, tolerance, 'varianceRatio');
    });
  }
});
