import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hellinger } from '../../../src/core/metrics';
import { assertClose, f64 } from './assertClose';

describe('hellinger', () => {
  it('gives sqrt(1 − √2/2) for a point mass against a fair coin', () => {
    // ½((1 − √.5)² + (0 − √.5)²) = 1 − √2/2
    assertClose(hellinger(f64(1, 0), f64(0.5, 0.5)), Math.sqrt(1 - Math.SQRT2 / 2), 1e-15);
    assertClose(hellinger(f64(1, 0), f64(0.5, 0.5)), 0.5411961001461969, 1e-15);
  });

  it('gives sqrt(1 − 0.96) for (.36, .64) against (.64, .36)', () => {
    // Bhattacharyya coefficient √(.36·.64)·2 = .96, and H² = 1 − BC.
    assertClose(hellinger(f64(0.36, 0.64), f64(0.64, 0.36)), 0.2, 1e-15);
  });

  it('gives 1 for disjoint support', () => {
    assert.equal(hellinger(f64(0, 2, 0), f64(3, 0, 3)), 1);
  });

  it('keeps precision for nearly identical distributions', () => {
    // δ = 2^-30 is exact in binary; √(.5 ± δ) − √.5 ≈ ±δ/√2, so H ≈ δ/√2 up to O(δ³).
    // The shortcut sqrt(1 − Σ√(p q)) would give 0 or about 1e-8 here from rounding alone.
    const delta = 2 ** -30;
    const value = hellinger(f64(0.5 + delta, 0.5 - delta), f64(0.5, 0.5));
    assertClose(value, delta * Math.SQRT1_2, 1e-18);
  });
});
