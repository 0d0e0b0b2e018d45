import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { symmetricEigen } from '../../../src/core/linalg';
import { mantelTestSync, principalComponents, procrustes, tuckerCongruence } from '../../../src/core/latent';
import { assertAllClose, assertClose } from '../linalg/matrixTestUtils';

/** Written by scripts/reference/latent.R from R's eigen/svd (LAPACK) and psych; matrices row-major, NaN as null. */
type Numbers = (number | null)[];
interface EigenCase {
  name: string;
  n: number;
  matrix: Numbers;
  values: Numbers;
  vectors: Numbers;
  eigengaps: Numbers;
  components: number;
  loadings: Numbers;
  explainedVariance: Numbers;
}
interface ProcrustesCase {
  name: string;
  rows: number;
  components: number;
  target: Numbers;
  loadings: Numbers;
  rotation: Numbers;
  rotated: Numbers;
  congruenceBefore: Numbers;
  congruenceAfter: Numbers;
  overallBefore: number;
  overallAfter: number;
}
interface MantelCase {
  name: string;
  n: number;
  a: Numbers;
  b: Numbers;
  permutations: number;
  statistic: number;
  pValue: number;
  pairs: number;
}
interface Reference {
  eigen: EigenCase[];
  procrustes: ProcrustesCase[];
  mantel: MantelCase[];
}

// Compiled tests run from out/test/unit/latent; the fixture stays in the source tree.
const fixturePath = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'reference', 'latent.json');
const reference = JSON.parse(readFileSync(fixturePath, 'utf8')) as Reference;
const tolerance = 1e-9;
/** Eigenvectors are compared only where the eigenvalue is this far from its neighbours. */
const minimumEigengap = 1e-3;

const array = (values: Numbers): Float64Array => Float64Array.from(values, (value) => value ?? Number.NaN);

describe('linear algebra and latent structure against R (test/fixtures/reference/latent.json)', () => {
  it('has the generated cases', () => {
    assert.equal(reference.eigen.length, 5);
    assert.equal(reference.procrustes.length, 2);
    assert.equal(reference.mantel.length, 4);
  });

  for (const c of reference.eigen) {
    it(`matches eigen() values within 1e-9 and vectors up to sign on ${c.name}`, () => {
      const { values, vectors } = symmetricEigen(array(c.matrix), c.n);
      assertAllClose(values, array(c.values), tolerance, 'values');
      const expected = array(c.vectors);
      let compared = 0;
      for (let k = 0; k < c.n; k++) {
        if ((c.eigengaps[k] as number) < minimumEigengap) continue;
        compared++;
        let dot = 0;
        for (let i = 0; i < c.n; i++) dot += (vectors[i * c.n + k] as number) * (expected[i * c.n + k] as number);
        const sign = dot < 0 ? -1 : 1;
        for (let i = 0; i < c.n; i++) {
          assertClose(sign * (vectors[i * c.n + k] as number), expected[i * c.n + k] as number, tolerance, `vector ${k}[${i}]`);
        }
      }
      assert.ok(compared >= c.n - 2, `${compared} of ${c.n} vectors compared`);
    });

    it(`matches psych::principal(rotate = "none") loadings, signs included where defined, on ${c.name}`, () => {
      const result = principalComponents(array(c.matrix), c.n, { components: c.components });
      const expected = array(c.loadings);
      const k = c.components;
      for (let component = 0; component < k; component++) {
        // psych signs a column by its sum; where that is zero up to rounding its sign is noise.
        let sum = 0;
        let magnitude = 0;
        for (let i = 0; i < c.n; i++) {
          sum += expected[i * k + component] as number;
          magnitude += Math.abs(expected[i * k + component] as number);
        }
        const signless = Math.abs(sum) <= 1e-8 * magnitude;
        const sign = signless && (result.loadings[component] as number) * (expected[component] as number) < 0 ? -1 : 1;
        for (let i = 0; i < c.n; i++) {
          const actual = sign * (result.loadings[i * k + component] as number);
          assertClose(actual, expected[i * k + component] as number, tolerance, `loading (${i}, ${component})${signless ? ' up to sign' : ''}`);
        }
      }
      assertAllClose(result.explainedVariance, array(c.explainedVariance), tolerance, 'explained');
    });
  }

  for (const c of reference.procrustes) {
    it(`matches R's svd-based Procrustes rotation and psych::factor.congruence on ${c.name}`, () => {
      const loadings = array(c.loadings);
      const target = array(c.target);
      const aligned = procrustes(loadings, target, c.rows, c.components);
      assertAllClose(aligned.rotation, array(c.rotation), tolerance, 'rotation');
      assertAllClose(aligned.rotated, array(c.rotated), tolerance, 'rotated');
      const before = tuckerCongruence(loadings, target, c.rows, c.components);
      assertAllClose(before.crossComponent, array(c.congruenceBefore), tolerance, 'congruence before');
      assertClose(before.overall, c.overallBefore, tolerance, 'overall before');
      const after = tuckerCongruence(aligned.rotated, target, c.rows, c.components);
      assertAllClose(after.crossComponent, array(c.congruenceAfter), tolerance, 'congruence after');
      assertClose(after.overall, c.overallAfter, tolerance, 'overall after');
    });
  }

  it('reproduces the 12-item Procrustes case end to end from the two correlation matrices', () => {
    const human = reference.eigen[0] as EigenCase;
    const model = reference.eigen[1] as EigenCase;
    const c = reference.procrustes[0] as ProcrustesCase;
    const target = principalComponents(array(human.matrix), human.n, { components: 3 });
    const loadings = principalComponents(array(model.matrix), model.n, { components: 3 });
    const aligned = procrustes(loadings.loadings, target.loadings, human.n, 3);
    assertAllClose(aligned.rotated, array(c.rotated), tolerance, 'rotated');
  });

  for (const c of reference.mantel) {
    it(`matches the plain-R Mantel statistic within 1e-9 and its p-value statistically on ${c.name}`, () => {
      const result = mantelTestSync(array(c.a), array(c.b), c.n, { permutations: c.permutations, seed: 20260101 });
      assertClose(result.statistic, c.statistic, tolerance, 'statistic');
      assert.equal(result.pairs, c.pairs);
      // Two independent Monte Carlo estimates of one p: their difference has sd √(2p(1−p)/B).
      const p = (result.pValue + c.pValue) / 2;
      const allowed = 4 * Math.sqrt((2 * p * (1 - p)) / c.permutations) + 2 / (c.permutations + 1);
      assert.ok(Math.abs(result.pValue - c.pValue) <= allowed, `p ${result.pValue} vs R ${c.pValue} (allowed ${allowed})`);
    });
  }
});
