import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jensenShannonDistance, jensenShannonDivergence } from '../../../src/core/metrics';
import { assertClose, f64 } from './assertClose';

describe('jensenShannonDivergence', () => {
  it('gives 1.5 − ¾·log2(3) for a point mass against a fair coin', () => {
    // m = (.75, .25); KL(p‖m) = log2(4/3); KL(q‖m) = ½log2(2/3) + ½; half their sum.
    assertClose(jensenShannonDivergence(f64(1, 0), f64(0.5, 0.5)), 1.5 - 0.75 * Math.log2(3), 1e-15);
    assertClose(jensenShannonDivergence(f64(1, 0), f64(0.5, 0.5)), 0.31127812445913283, 1e-15);
  });

  it('treats 0·log 0 as 0 so a zero category adds nothing', () => {
    assertClose(
      jensenShannonDivergence(f64(1, 0, 0), f64(0.5, 0.5, 0)),
      jensenShannonDivergence(f64(1, 0), f64(0.5, 0.5)),
      1e-15,
    );
  });

  it('gives 1 for disjoint support', () => {
    assert.equal(jensenShannonDivergence(f64(1, 0, 1), f64(0, 4, 0)), 1);
  });
});

describe('jensenShannonDistance', () => {
  it('is the square root of the divergence', () => {
    const p = f64(0.2, 0.5, 0.3);
    const q = f64(0.6, 0.1, 0.3);
    assertClose(jensenShannonDistance(p, q), Math.sqrt(jensenShannonDivergence(p, q)), 1e-15);
  });

  it('gives sqrt(1.5 − ¾·log2(3)) for a point mass against a fair coin', () => {
    assertClose(jensenShannonDistance(f64(1, 0), f64(0.5, 0.5)), Math.sqrt(0.31127812445913283), 1e-15);
  });
});
