import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { structureFidelity } from '../../../src/core/inference';

describe('structure fidelity', () => {
  it('is 0 at the null, 1 at the ceiling and linear in between', () => {
    assert.equal(structureFidelity(0.1, 0.1, 0.9), 0);
    assert.equal(structureFidelity(0.9, 0.1, 0.9), 1);
    assert.equal(structureFidelity(0.5, 0.1, 0.9), 0.5);
  });

  it('goes above 1 when the model agrees with the humans better than two human halves do', () => {
    assert.ok(Math.abs(structureFidelity(0.95, 0, 0.9) - 0.95 / 0.9) < 1e-15);
  });

  it('is undefined (NaN) when the ceiling is not above the null or an input is undefined', () => {
    assert.ok(Number.isNaN(structureFidelity(0.5, 0.4, 0.4)));
    assert.ok(Number.isNaN(structureFidelity(0.5, 0.6, 0.4)));
    assert.ok(Number.isNaN(structureFidelity(Number.NaN, 0, 1)));
  });
});
