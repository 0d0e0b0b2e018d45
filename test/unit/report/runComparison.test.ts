import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { headlineShort, formatDelta, runIdTime, escapeMarkdown } from '../../../src/core/report/format';
import { compareRunsMarkdown } from '../../../src/core/report/runComparison';
import type { RunResults } from '../../../src/core/results/types';
import { removeSample, sampleRun, type SampleRun } from './sampleRun';

function row(markdown: string, first: string): string[] {
  const line = markdown.split('\n').find((each) => each.startsWith(`| ${first} |`));
  assert.ok(line, `a row for ${first}`);
  return line.slice(2, -2).split(' | ');
}

describe('compareRunsMarkdown', () => {
  let run: SampleRun;
  before(async () => {
    run = await sampleRun();
  });
  after(removeSample);

  function changed(): RunResults {
    const copy = structuredClone(run.results);
    copy.run = { ...copy.run, id: '2026-12-01T08-00-00-000Z_abcdef' };
    copy.headlines = copy.headlines.map((headline) => (headline.condition === 'persona' ? { ...headline, structureR: headline.structureR! - 0.1 } : headline));
    copy.inputs = copy.inputs.map((input) => (input.name === 'persona' ? { ...input, sha256: 'f'.repeat(64) } : input));
    const cell = copy.marginals.cells.find((each) => each.item === 'Q46' && each.group === 'all' && each.condition === 'persona')!;
    cell.distance = cell.distance! + 0.25;
    return copy;
  }

  it('puts the older run first and gives each headline with B − A', () => {
    const before = { results: { ...run.results, run: { ...run.results.run, id: '2026-11-01T08-00-00-000Z_abcdef' } }, resultsFile: '/a/results.json' };
    const markdown = compareRunsMarkdown(before, { results: changed(), resultsFile: '/b/results.json' });
    const persona = row(markdown, 'persona');
    const r = run.results.headlines.find((each) => each.condition === 'persona')!.structureR!;
    assert.equal(persona[4], r.toFixed(3));
    assert.equal(persona[5], (r - 0.1).toFixed(3));
    assert.equal(persona[6], '−0.100');
    assert.equal(row(markdown, 'finetuned')[3], '0.000');
    assert.match(markdown, /- \*\*A\*\*: run 2026-11-01 08:00:00 UTC \(\/a\/results\.json\)/);
  });

  it('names the input file that changed between the runs', () => {
    const markdown = compareRunsMarkdown({ results: run.results, resultsFile: '/a' }, { results: changed(), resultsFile: '/b' });
    assert.match(markdown, /- changed: condition persona \(.*persona\.jsonl\)/);
    assert.doesNotMatch(markdown, /changed: condition finetuned/);
  });

  it('lists the item whose distance moved most first', () => {
    const markdown = compareRunsMarkdown({ results: run.results, resultsFile: '/a' }, { results: changed(), resultsFile: '/b' });
    const moved = markdown.split('## Items whose marginal distance moved most')[1] ?? '';
    const first = moved.split('\n').find((line) => line.startsWith('| persona |'));
    assert.ok(first?.startsWith('| persona | Q46 |'), first);
    assert.ok(first?.endsWith('| +0.250 |'), first);
  });

  it('says nothing changed when comparing a run with itself', () => {
    const markdown = compareRunsMarkdown({ results: run.results, resultsFile: '/a' }, { results: run.results, resultsFile: '/a' });
    assert.match(markdown, /- nothing: same config, inputs, seed and version/);
    assert.doesNotMatch(markdown, /moved most/);
  });
});

describe('format helpers', () => {
  it('shortens a headline to two digits: persona: marg 0.15 · struct r 0.94', () => {
    assert.equal(
      headlineShort({ condition: 'persona', marginalDistance: 0.1454, marginalBasis: 'groups', marginalCoverage: 1, marginalCellsAtWorst: 0, structureR: 0.9449, structureRmse: 0.08, structureConcordance: 0.94, structureBasis: 'groups', structureGroups: ['left', 'right'], pooledStructureR: 0.9449, structureMethod: 'pearson', groupMeanR: 0.93, nRespondents: 4000 }),
      'persona: marg 0.15 · struct r 0.94',
    );
  });

  it('adds the answer coverage when a model left answers out: persona: marg 0.15 (cov 0.91) · struct r 0.94', () => {
    assert.equal(
      headlineShort({ condition: 'persona', marginalDistance: 0.1454, marginalBasis: 'partition', marginalCoverage: 0.912, marginalCellsAtWorst: 0, structureR: 0.9449, structureRmse: 0.08, structureConcordance: 0.94, structureBasis: 'partition', structureGroups: ['DEU', 'USA'], pooledStructureR: 0.9449, structureMethod: 'pearson', groupMeanR: 0.93, nRespondents: 4000 }),
      'persona: marg 0.15 (cov 0.91) · struct r 0.94',
    );
  });

  it('prints an uncomputable number as a dash', () => {
    assert.equal(
      headlineShort({ condition: 'x', marginalDistance: null, marginalBasis: 'all', marginalCoverage: null, marginalCellsAtWorst: 0, structureR: null, structureRmse: null, structureConcordance: null, structureBasis: 'all', structureGroups: [], pooledStructureR: null, structureMethod: null, groupMeanR: null, nRespondents: 0 }),
      'x: marg — · struct r —',
    );
  });

  it('signs deltas with a true minus and shows zero without a sign', () => {
    assert.equal(formatDelta(0.5, 0.25), '−0.250');
    assert.equal(formatDelta(0.25, 0.5), '+0.250');
    assert.equal(formatDelta(0.5, 0.5000001), '0.000');
    assert.equal(formatDelta(null, 0.5), '—');
  });

  it('reads a run folder name as its UTC start time', () => {
    assert.equal(runIdTime('2026-11-27T04-55-07-270Z_971b73'), '2026-11-27 04:55:07 UTC');
    assert.equal(runIdTime('my-run'), 'my-run');
  });

  it('escapes Markdown that would format, link or split a table cell', () => {
    assert.equal(escapeMarkdown('a|b *c* [d](e) <f>'), 'a\\|b \\*c\\* \\[d\\](e) \\<f\\>');
  });
});
