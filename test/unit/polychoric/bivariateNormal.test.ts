import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bivariateNormalCdf,
  bivariateNormalDensity,
  fillBivariateNormalCdfGrid,
  normalCdf,
} from '../../../src/core/polychoric';
import { assertClose, loadFixture } from './helpers';

describe('bivariateNormalCdf', () => {
  it('matches mnormt::pmnorm (Genz BVND) to 1e-14 at 81 fixed and random points', () => {
    const { bivariate } = loadFixture();
    let largest = 0;
    bivariate.h.forEach((h, index) => {
      const k = bivariate.k[index]!;
      const rho = bivariate.rho[index]!;
      const actual = bivariateNormalCdf(h, k, rho);
      largest = Math.max(largest, Math.abs(actual - bivariate.cdf[index]!));
      assertClose(actual, bivariate.cdf[index]!, 1e-14, `Φ₂(${h}, ${k}; ${rho})`);
    });
    assert.ok(largest < 1e-14);
  });

  it('gives 1/4 + asin(ρ)/(2π) at the origin for ρ across (-1, 1)', () => {
    for (const rho of [-0.9999, -0.97, -0.925, -0.8, -0.5, -0.29, 0, 0.1, 0.3, 0.74, 0.76, 0.93, 0.99, 0.999999]) {
      assertClose(bivariateNormalCdf(0, 0, rho), 0.25 + Math.asin(rho) / (2 * Math.PI), 2e-16, `ρ = ${rho}`);
    }
  });

  it('factorises into Φ(h)Φ(k) at ρ = 0', () => {
    assertClose(bivariateNormalCdf(0.7, -1.3, 0), normalCdf(0.7) * normalCdf(-1.3), 1e-16);
  });

  it('reduces to the marginal for infinite limits and to 0 for -∞', () => {
    assert.equal(bivariateNormalCdf(Number.POSITIVE_INFINITY, 0.4, 0.6), normalCdf(0.4));
    assert.equal(bivariateNormalCdf(-0.4, Number.POSITIVE_INFINITY, -0.6), normalCdf(-0.4));
    assert.equal(bivariateNormalCdf(Number.NEGATIVE_INFINITY, 2, 0.5), 0);
    assert.equal(bivariateNormalCdf(2, Number.NEGATIVE_INFINITY, 0.5), 0);
    assert.equal(bivariateNormalCdf(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 0.5), 1);
  });

  it('gives the degenerate limits at ρ = ±1 and NaN beyond', () => {
    assertClose(bivariateNormalCdf(0.3, -0.2, 1), normalCdf(-0.2), 1e-16);
    assertClose(bivariateNormalCdf(0.3, 0.5, -1), normalCdf(0.3) + normalCdf(0.5) - 1, 1e-16);
    assert.equal(bivariateNormalCdf(-0.3, -0.5, -1), 0);
    assert.ok(Number.isNaN(bivariateNormalCdf(0, 0, 1.01)));
    assert.ok(Number.isNaN(bivariateNormalCdf(Number.NaN, 0, 0.5)));
  });

  it('is continuous across the 0.925 switch between its two quadratures', () => {
    const below = bivariateNormalCdf(0.4, -0.8, 0.925 - 1e-12);
    const above = bivariateNormalCdf(0.4, -0.8, 0.925);
    assertClose(above, below, 1e-14);
  });
});

describe('bivariateNormalDensity', () => {
  it('is the ρ-derivative of Φ₂ (Plackett) to 1e-8 by central differences', () => {
    for (const [h, k, rho] of [
      [0.3, -1.1, 0.2],
      [1.4, 0.9, 0.8],
      [-0.6, 0.2, -0.95],
    ] as const) {
      const step = 1e-5;
      const numeric = (bivariateNormalCdf(h, k, rho + step) - bivariateNormalCdf(h, k, rho - step)) / (2 * step);
      assertClose(bivariateNormalDensity(h, k, rho), numeric, 1e-8, `(${h}, ${k}, ${rho})`);
    }
  });

  it('is 1/(2π) at the origin for ρ = 0 and 0 at an infinite limit', () => {
    assertClose(bivariateNormalDensity(0, 0, 0), 1 / (2 * Math.PI), 1e-17);
    assert.equal(bivariateNormalDensity(Number.POSITIVE_INFINITY, 0, 0.3), 0);
  });
});

describe('fillBivariateNormalCdfGrid', () => {
  it('equals the pointwise function at every corner, for each quadrature rule and near ±1', () => {
    const h = Float64Array.of(-1.5, -0.2, 0.4, 2.1, Number.POSITIVE_INFINITY);
    const k = Float64Array.of(Number.NEGATIVE_INFINITY, -0.7, 0, 1.3);
    const cdfH = h.map(normalCdf);
    const cdfK = k.map(normalCdf);
    const out = new Float64Array(h.length * k.length);
    for (const rho of [-0.97, -0.6, -0.1, 0, 0.29, 0.5, 0.8, 0.93]) {
      fillBivariateNormalCdfGrid(h, cdfH, k, cdfK, rho, out);
      for (let i = 0; i < h.length; i++) {
        for (let j = 0; j < k.length; j++) {
          assertClose(out[i * k.length + j]!, bivariateNormalCdf(h[i]!, k[j]!, rho), 1e-16, `ρ = ${rho}, (${i}, ${j})`);
        }
      }
    }
  });
});
