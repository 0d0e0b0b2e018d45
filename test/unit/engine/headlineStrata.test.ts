import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadExperiment } from '../../../src/core/config/resolve';
import type { ResolvedExperiment } from '../../../src/core/config/resolved';
import { evaluateExperiment } from '../../../src/core/engine/evaluate';
import { resolveInferenceSettings } from '../../../src/core/inference';
import { buildInferenceModel } from '../../../src/core/inference/model';
import { syntheticContext } from '../inference/helpers';

const tinyConfig = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'engine', 'tiny', 'experiment.yaml');

/** The tiny fixture (6 humans: a = rows 1, 2, 5; b = rows 3, 4, 6) with a group `everyone` of all of them. */
async function tinyWithHeadline(headlineGroups: string[], resampleHumans: boolean): Promise<ResolvedExperiment> {
  const experiment = await loadExperiment(tinyConfig);
  experiment.groups.push({ name: 'everyone', rules: [] });
  experiment.headlineGroups = headlineGroups;
  experiment.metrics.bootstrap = 12;
  experiment.metrics.resampleHumans = resampleHumans;
  return experiment;
}

describe('human resampling strata', () => {
  it('resamples the humans within the headline groups, the rest as one more stratum', () => {
    const context = syntheticContext();
    context.experiment.headlineGroups = ['a', 'b'];
    const model = buildInferenceModel(context, resolveInferenceSettings({ seed: 1 }));
    const aRows = model.human.groupRows[1]!;
    const bRows = model.human.groupRows[2]!;
    const cRows = model.human.groupRows[3]!;
    assert.deepEqual(model.human.strata.map((rows) => [...rows]), [[...aRows], [...bRows], [...cRows]]);
  });

  it('resamples the humans as one sample without headline groups', () => {
    const model = buildInferenceModel(syntheticContext(), resolveInferenceSettings({ seed: 1 }));
    assert.equal(model.human.strata.length, 1);
    assert.equal(model.human.strata[0]!.length, model.human.nRows);
  });

  it('warns with the count when headline groups overlap, and resamples each such respondent in the first', async () => {
    const results = await evaluateExperiment(await tinyWithHeadline(['a', 'everyone'], true), { threads: 0, host: 'test' });
    const warning = results.warnings.find((w) => w.code === 'headlineGroupsOverlap');
    assert.ok(warning, JSON.stringify(results.warnings));
    assert.match(warning.message, /^headlineGroups overlap: 3 human respondent\(s\) are in more than one of a, everyone/);
  });

  it('does not warn for disjoint headline groups, nor when the humans are not resampled', async () => {
    const disjoint = await evaluateExperiment(await tinyWithHeadline(['a', 'b'], true), { threads: 0, host: 'test' });
    const fixed = await evaluateExperiment(await tinyWithHeadline(['a', 'everyone'], false), { threads: 0, host: 'test' });
    for (const results of [disjoint, fixed]) assert.equal(results.warnings.filter((w) => w.code === 'headlineGroupsOverlap').length, 0);
  });
});
