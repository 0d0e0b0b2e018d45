import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { marginalDistance, normalizedWasserstein1, totalVariation } from '../../../src/core/metrics';
import { assertClose, f64 } from './assertClose';

describe('marginalDistance', () => {
  const human = f64(4, 1, 0, 5);
  const model = f64(0, 6, 3, 1);
  const codes = f64(1, 2, 3, 4);

  it('is the normalised Wasserstein-1 distance for an ordinal item', () => {
    assert.equal(marginalDistance(human, model, codes, true), normalizedWasserstein1(human, model, codes));
    // F_h = (.4, .5, .5), F_m = (0, .6, .9): (.4 + .1 + .4) / 3.
    assertClose(marginalDistance(f64(0.4, 0.1, 0, 0.5), f64(0, 0.6, 0.3, 0.1), codes, true), 0.3, 1e-15);
  });

  it('is the total variation for a nominal or binary item, whatever the order of the codes', () => {
    assert.equal(marginalDistance(human, model, f64(3, 1, 4, 2), false), totalVariation(human, model));
    assert.equal(marginalDistance(f64(1, 0), f64(0, 1), f64(1, 0), false), 1);
  });

  it('gives NaN for an ordinal item with a single category (no span) and 0 for a nominal one', () => {
    assert.ok(Number.isNaN(marginalDistance(f64(3), f64(2), f64(5), true)));
    assert.equal(marginalDistance(f64(3), f64(2), f64(5), false), 0);
  });

  it('gives NaN for an empty cell on either side', () => {
    assert.ok(Number.isNaN(marginalDistance(f64(0, 0), f64(1, 1), f64(1, 2), true)));
    assert.ok(Number.isNaN(marginalDistance(f64(1, 1), f64(0, 0), f64(1, 2), false)));
  });

  it('names the metric it used in errors', () => {
    assert.throws(() => marginalDistance(f64(1, 2), f64(1, 2), f64(2, 1), true), {
      message: 'normalizedWasserstein1: positions must be strictly increasing (positions[0] = 2, positions[1] = 1)',
    });
    assert.throws(() => marginalDistance(f64(1, -2), f64(1, 2), f64(1, 2), false), { message: 'totalVariation: p[1] is negative (-2)' });
  });
});
