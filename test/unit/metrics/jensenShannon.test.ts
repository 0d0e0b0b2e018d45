import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jensenShannonDivergence } from '../../../src/core/metrics';
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
