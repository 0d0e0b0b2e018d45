/**
 * Refactoring guard: every number the engine writes for the bundled sample stays bit-identical
 * unless a change means to alter it. After an intended change, regenerate the committed file
 * with `npm run golden` and say why in the commit.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readGolden, sampleResultsNormalised } from './sampleGolden';

describe('bundled sample results', () => {
  it('are bit-identical to the committed golden results (ignoring run times and folder paths)', async () => {
    const actual = await sampleResultsNormalised();
    assert.deepStrictEqual(actual, readGolden());
  });
});
