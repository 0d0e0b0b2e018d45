import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { structureSpec } from '../../../src/core/charts/structure';
import { LIGHT_THEME } from '../../../src/core/charts/theme';
import { formatSummary } from '../../../src/core/report/summary';
import { removeSample, sampleRun, type SampleRun } from './sampleRun';

/** The cells of `first`'s row in the table whose header includes `column` (cells are two or more spaces apart). */
function tableRow(text: string, column: string, first: string): string[] {
  const lines = text.split('\n');
  const header = lines.findIndex((line) => line.startsWith('condition ') && line.includes(column));
  assert.ok(header >= 0, `a table with a ${column} column in:\n${text}`);
  const line = lines.slice(header).find((each) => each.startsWith(`${first} `));
  assert.ok(line, `a row for ${first}`);
  return line.trim().split(/ {2,}/);
}

describe('formatSummary on the evaluated sample', () => {
  let run: SampleRun;
  let text: string;
  before(async () => {
    run = await sampleRun();
    text = formatSummary(run.results, undefined);
  });
  after(removeSample);

  it('shows the structure headline within groups with its basis, r and concordance', () => {
    const header = text.split('\n').find((line) => line.startsWith('condition ') && line.includes('basis'));
    assert.ok(header, 'a structure table');
    assert.deepEqual(header.trim().split(/ {2,}/), ['condition', 'basis', 'structure r (pearson)', 'concordance', 'structure RMSE']);
    const finetuned = run.results.headlines.find((headline) => headline.condition === 'finetuned')!;
    const cells = tableRow(text, 'basis', 'finetuned');
    assert.equal(cells[1], 'partition (2)');
    assert.ok(cells[2]!.startsWith(`${finetuned.structureR!.toFixed(3)} [`), cells[2]);
    assert.ok(cells[3]!.startsWith(`${finetuned.structureConcordance!.toFixed(3)} [`), cells[3]);
  });

  it("prints finetuned's pooled r, which differs from its within-group r by more than 0.1, and not persona's", () => {
    const line = text.split('\n').find((each) => each.startsWith('pooled r (group all):'));
    assert.equal(line, "pooled r (group all): finetuned 0.138 — pooling groups creates structure (Simpson's paradox).");
  });

  it('counts the groups where the Mantel test finds structure: none for finetuned, both countries for persona', () => {
    assert.equal(tableRow(text, 'groups p < .05', 'finetuned')[3], '0 of 2');
    assert.equal(tableRow(text, 'groups p < .05', 'persona')[3], '2 of 2');
  });

  it('keeps every table line within 100 columns', () => {
    const tableLines = text.split('\n').filter((line) => /^\S.* {2}\S/.test(line) && !line.includes('. '));
    assert.ok(tableLines.length > 10);
    for (const line of tableLines) assert.ok(line.length <= 100, `${line.length}: ${line}`);
  });
});

describe('the Structure view on the evaluated sample', () => {
  after(removeSample);

  it('says that the `all` matrix is pooled and names the within-group headline beside it', async () => {
    const run = await sampleRun();
    const spec = structureSpec(run.results, { theme: LIGHT_THEME, selection: { condition: 'finetuned', group: 'all', method: 'pearson' } }) as {
      title: { subtitle: string[] };
    };
    const finetuned = run.results.headlines.find((headline) => headline.condition === 'finetuned')!;
    assert.ok(
      spec.title.subtitle.includes(`pooled over all groups; the headline is the within-group r ${finetuned.structureR!.toFixed(3)} (2 groups, by human shares)`),
      spec.title.subtitle.join('\n'),
    );
  });
});
