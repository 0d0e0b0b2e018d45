import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizedWasserstein1 } from '../../../src/core/metrics';
import { assertClose, f64 } from './assertClose';

describe('normalizedWasserstein1', () => {
  it('gives 2/3 for halves at opposite ends of a 1..4 scale', () => {
    // F_p = (.5, 1, 1), F_q = (0, 0, .5): W1 = .5 + 1 + .5 = 2 over a span of 3.
    assertClose(normalizedWasserstein1(f64(0.5, 0.5, 0, 0), f64(0, 0, 0.5, 0.5), f64(1, 2, 3, 4)), 2 / 3, 1e-15);
  });

  it('uses unit steps 0..K-1 when no positions are given', () => {
    assertClose(normalizedWasserstein1(f64(0.5, 0.5, 0, 0), f64(0, 0, 0.5, 0.5)), 2 / 3, 1e-15);
    assertClose(normalizedWasserstein1(f64(1, 0, 0, 0, 0), f64(0, 0, 0, 0, 1)), 1, 1e-15);
  });

  it('gives the mean shift over the span when one distribution is a translate of the other', () => {
    // Shifted by two steps on a span of three.
    assertClose(normalizedWasserstein1(f64(0.2, 0.8, 0, 0), f64(0, 0, 0.2, 0.8)), 2 / 3, 1e-15);
  });

  it('gives 1 for all mass at the two ends of non-uniform positions', () => {
    assertClose(normalizedWasserstein1(f64(5, 0, 0), f64(0, 0, 1), f64(-3, 0.5, 9)), 1, 1e-15);
  });

  it('weights each CDF gap by the spacing of non-uniform positions and divides by the span', () => {
    // F_p − F_q = (.5, .5) over gaps (1, 10): W1 = 0.5 + 5 = 5.5, span 11.
    assertClose(normalizedWasserstein1(f64(1, 0, 0), f64(0.5, 0, 0.5), f64(0, 1, 11)), 0.5, 1e-15);
  });

  it('does not change when the positions are shifted', () => {
    const p = f64(1, 2, 3);
    const q = f64(3, 1, 1);
    assertClose(normalizedWasserstein1(p, q, f64(101, 102, 104)), normalizedWasserstein1(p, q, f64(0, 1, 3)), 1e-15);
  });

  it('does not change when the positions are stretched uniformly', () => {
    const p = f64(1, 2, 3, 0);
    const q = f64(0, 1, 1, 7);
    assertClose(normalizedWasserstein1(p, q, f64(10, 20, 30, 40)), normalizedWasserstein1(p, q), 1e-15);
  });

  it('gives 0 for a single category and NaN for a single empty one', () => {
    assert.equal(normalizedWasserstein1(f64(2), f64(3), f64(7)), 0);
    assert.ok(Number.isNaN(normalizedWasserstein1(f64(0), f64(3), f64(7))));
  });

  it('rejects positions of another length', () => {
    assert.throws(() => normalizedWasserstein1(f64(1, 2, 3), f64(1, 2, 3), f64(1, 2)), {
      message: 'normalizedWasserstein1: positions must have one entry per category (2 vs 3)',
    });
  });

  it('rejects positions that are not strictly increasing', () => {
    assert.throws(() => normalizedWasserstein1(f64(1, 2, 3), f64(1, 2, 3), f64(1, 3, 3)), {
      message: 'normalizedWasserstein1: positions must be strictly increasing (positions[1] = 3, positions[2] = 3)',
    });
    assert.throws(() => normalizedWasserstein1(f64(1, 2), f64(1, 2), f64(2, 1)), {
      message: 'normalizedWasserstein1: positions must be strictly increasing (positions[0] = 2, positions[1] = 1)',
    });
  });

  it('rejects non-finite positions', () => {
    assert.throws(() => normalizedWasserstein1(f64(1, 2), f64(1, 2), f64(0, Number.NaN)), {
      message: 'normalizedWasserstein1: positions[1] is not finite (NaN)',
    });
  });
});
