import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizedWasserstein1, wasserstein1 } from '../../../src/core/metrics';
import { assertClose, f64 } from './assertClose';

describe('wasserstein1', () => {
  it('gives 2 for halves at opposite ends of a 1..4 scale', () => {
    // F_p = (.5, 1, 1), F_q = (0, 0, .5): |.5| + |1| + |.5| = 2, each step of width 1.
    assertClose(wasserstein1(f64(0.5, 0.5, 0, 0), f64(0, 0, 0.5, 0.5), f64(1, 2, 3, 4)), 2);
  });

  it('uses unit steps 0..K-1 when no positions are given', () => {
    assertClose(wasserstein1(f64(0.5, 0.5, 0, 0), f64(0, 0, 0.5, 0.5)), 2);
    assertClose(wasserstein1(f64(1, 0, 0, 0, 0), f64(0, 0, 0, 0, 1)), 4);
  });

  it('gives the mean shift when one distribution is a translate of the other', () => {
    assertClose(wasserstein1(f64(0.2, 0.8, 0, 0), f64(0, 0, 0.2, 0.8)), 2);
  });

  it('weights each CDF gap by the spacing of non-uniform positions', () => {
    // F_p − F_q = (.5, .5) over gaps (1, 10): 0.5 + 5 = 5.5.
    assertClose(wasserstein1(f64(1, 0, 0), f64(0.5, 0, 0.5), f64(0, 1, 11)), 5.5);
  });

  it('does not change when the positions are shifted', () => {
    const p = f64(1, 2, 3);
    const q = f64(3, 1, 1);
    assertClose(wasserstein1(p, q, f64(101, 102, 104)), wasserstein1(p, q, f64(0, 1, 3)), 1e-13);
  });

  it('rejects positions of another length', () => {
    assert.throws(() => wasserstein1(f64(1, 2, 3), f64(1, 2, 3), f64(1, 2)), {
      message: 'wasserstein1: positions must have one entry per category (2 vs 3)',
    });
  });

  it('rejects positions that are not strictly increasing', () => {
    assert.throws(() => wasserstein1(f64(1, 2, 3), f64(1, 2, 3), f64(1, 3, 3)), {
      message: 'wasserstein1: positions must be strictly increasing (positions[1] = 3, positions[2] = 3)',
    });
    assert.throws(() => wasserstein1(f64(1, 2), f64(1, 2), f64(2, 1)), {
      message: 'wasserstein1: positions must be strictly increasing (positions[0] = 2, positions[1] = 1)',
    });
  });

  it('rejects non-finite positions', () => {
    assert.throws(() => wasserstein1(f64(1, 2), f64(1, 2), f64(0, Number.NaN)), {
      message: 'wasserstein1: positions[1] is not finite (NaN)',
    });
  });
});

describe('normalizedWasserstein1', () => {
  it('gives 2/3 for halves at opposite ends of a 1..4 scale', () => {
    assertClose(normalizedWasserstein1(f64(0.5, 0.5, 0, 0), f64(0, 0, 0.5, 0.5), f64(1, 2, 3, 4)), 2 / 3, 1e-15);
  });

  it('gives 1 for all mass at the two ends of non-uniform positions', () => {
    assertClose(normalizedWasserstein1(f64(5, 0, 0), f64(0, 0, 1), f64(-3, 0.5, 9)), 1, 1e-15);
  });

  it('divides by the scale span, not the number of steps', () => {
    // W1 = 5.5 on positions 0, 1, 11: span 11.
    assertClose(normalizedWasserstein1(f64(1, 0, 0), f64(0.5, 0, 0.5), f64(0, 1, 11)), 0.5, 1e-15);
  });

  it('does not change when the positions are stretched uniformly', () => {
    const p = f64(1, 2, 3, 0);
    const q = f64(0, 1, 1, 7);
    assertClose(
      normalizedWasserstein1(p, q, f64(10, 20, 30, 40)),
      normalizedWasserstein1(p, q),
      1e-15,
    );
  });

  it('gives 0 for a single category and NaN for a single empty one', () => {
    assert.equal(normalizedWasserstein1(f64(2), f64(3), f64(7)), 0);
    assert.ok(Number.isNaN(normalizedWasserstein1(f64(0), f64(3), f64(7))));
  });

  it('names itself in errors', () => {
    assert.throws(() => normalizedWasserstein1(f64(1, 2), f64(1, 2), f64(1, 1)), {
      message: 'normalizedWasserstein1: positions must be strictly increasing (positions[0] = 1, positions[1] = 1)',
    });
  });
});
