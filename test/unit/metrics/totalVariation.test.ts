import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { totalVariation } from '../../../src/core/metrics';
import { assertClose, f64 } from './assertClose';

describe('totalVariation', () => {
  it('gives 0.25 when a quarter of the mass moves between two categories', () => {
    assertClose(totalVariation(f64(0.5, 0.5), f64(0.25, 0.75)), 0.25, 1e-15);
  });

  it('gives 1 for disjoint support even when the categories are adjacent', () => {
    assert.equal(totalVariation(f64(1, 0, 1, 0), f64(0, 3, 0, 3)), 1);
  });

  it('ignores category order', () => {
    // Same mass moved one step or three steps: TV does not see distance on the scale.
    assert.equal(totalVariation(f64(1, 0, 0, 0), f64(0, 1, 0, 0)), totalVariation(f64(1, 0, 0, 0), f64(0, 0, 0, 1)));
  });

  it('gives 0.3 for a hand-computed three-category pair', () => {
    // ½(|.2−.5| + |.3−.3| + |.5−.2|) = .3
    assertClose(totalVariation(f64(2, 3, 5), f64(5, 3, 2)), 0.3, 1e-15);
  });
});
