import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConfigSymbol } from '../../../src/core/config/symbols';
import {
  blockBars,
  distributionChartSvg,
  hoverMarkdown,
  HUMAN_COLOR,
  itemIdsOfSymbol,
  noRunHoverMarkdown,
} from '../../../src/core/report/hoverMarkdown';
import { itemDistanceInterval, type ConditionInference, type InferenceResults, type Interval } from '../../../src/core/results/inference';
import type { RunResults } from '../../../src/core/results/types';
import { removeSample, sampleRun, symbolNamed, type SampleRun } from './sampleRun';

const RESULTS_FILE = '/work/runs/2026-01-01T00-00-00-000Z_abcdef/results.json';

/** The cells of the table row whose first cell is `first`. */
function row(markdown: string, first: string): string[] {
  const line = markdown.split('\n').find((each) => each.startsWith(`| ${first} |`));
  assert.ok(line, `a table row for ${first} in:\n${markdown}`);
  return line
    .slice(2, -2)
    .split(' | ')
    .map((cell) => cell.trim());
}

/** The cell of a table row under a column header (the first table whose header has it). */
function column(markdown: string, first: string, header: string): string | undefined {
  const lines = markdown.split('\n');
  const headerLine = lines.find((line) => line.startsWith('| ') && line.slice(2, -2).split(' | ').map((cell) => cell.trim()).includes(header));
  assert.ok(headerLine, `a table with a ${header} column`);
  const index = headerLine.slice(2, -2).split(' | ').map((cell) => cell.trim()).indexOf(header);
  return row(markdown, first)[index];
}

/** The decoded SVG of the hover's data-URI image. */
function chartOf(markdown: string): string {
  const match = /!\[[^\]]*\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(markdown);
  assert.ok(match?.[1], 'a base64 SVG data-URI image');
  return Buffer.from(match[1], 'base64').toString('utf8');
}

/** The arguments of the hover's `Open in panel` command link. */
function openLinkArguments(markdown: string): unknown[] {
  const match = /\[Open in panel\]\(command:repscope\.openResults\?([^)]+)\)/.exec(markdown);
  assert.ok(match?.[1], 'an Open in panel command link');
  return JSON.parse(decodeURIComponent(match[1])) as unknown[];
}

/** `0.123 [0.100, 0.150]` from the run's own bootstrap interval of the item's distance (plain when the run has none). */
function distanceText(results: RunResults, item: string, condition: string): string {
  const value = cell(results, item, condition).distance!.toFixed(3);
  const interval = results.inference?.conditions.find((each) => each.condition === condition)?.items.find((each) => each.item === item)?.distance;
  if (!interval || interval.lower === null || interval.upper === null) return value;
  return `${value} [${interval.lower.toFixed(3)}, ${interval.upper.toFixed(3)}]`;
}

/** The run with one condition's inference section replaced (the sample run has one: bootstrap on by default). */
function withConditionInference(results: RunResults, condition: string, change: (entry: ConditionInference) => ConditionInference): RunResults {
  const inference: InferenceResults | null = results.inference;
  assert.ok(inference, 'the sample run has an inference section');
  return {
    ...results,
    inference: { ...inference, conditions: inference.conditions.map((entry) => (entry.condition === condition ? change(entry) : entry)) },
  };
}

function cell(results: RunResults, item: string, condition: string) {
  const found = results.marginals.cells.find((each) => each.item === item && each.group === 'all' && each.condition === condition);
  assert.ok(found, `cell ${item}/${condition}`);
  return found;
}

describe('hoverMarkdown on the evaluated sample', () => {
  let run: SampleRun;
  before(async () => {
    run = await sampleRun();
  });
  after(removeSample);

  it('shows an ordinal item with its label, scale and each condition’s W1, TV, JSD and Hellinger to three digits', () => {
    const markdown = hoverMarkdown(run.results, symbolNamed(run, 'itemEntry', 'Q131'), { resultsFile: RESULTS_FILE });
    const item = run.results.items.find((each) => each.id === 'Q131');
    assert.ok(item);
    assert.ok(markdown.startsWith(`**Q131** · ${item.label}`), markdown.split('\n')[0]);
    assert.match(markdown, /ordinal 1–4/);
    for (const condition of ['finetuned', 'persona']) {
      const expected = cell(run.results, 'Q131', condition);
      assert.equal(column(markdown, condition, 'n'), String(expected.model.nValid));
      assert.equal(column(markdown, condition, 'distance'), distanceText(run.results, 'Q131', condition));
      assert.equal(column(markdown, condition, 'W1'), expected.wasserstein!.toFixed(3));
      assert.equal(column(markdown, condition, 'TV'), expected.totalVariation!.toFixed(3));
      assert.equal(column(markdown, condition, 'JSD'), expected.jensenShannon!.toFixed(3));
      assert.equal(column(markdown, condition, 'Hellinger'), expected.hellinger!.toFixed(3));
    }
    // An ordinal item's distance is its normalised W1.
    assert.ok(column(markdown, 'persona', 'distance')!.startsWith(column(markdown, 'persona', 'W1')!));
    // The image shows the answers, so no Unicode bars column.
    assert.doesNotMatch(markdown, /\| answers \|/);
  });

  it('gives each condition’s correlation-row error for the item from the respondent-level pearson comparison', () => {
    const markdown = hoverMarkdown(run.results, symbolNamed(run, 'itemEntry', 'Q131'), { resultsFile: RESULTS_FILE });
    const index = run.results.structure.items.indexOf('Q131');
    assert.ok(index >= 0);
    const persona = run.results.structure.comparisons.find(
      (each) => each.condition === 'persona' && each.group === 'all' && each.method === 'pearson' && each.level === 'respondent',
    );
    assert.equal(column(markdown, 'persona', 'corr. row error (pearson)'), persona!.itemRowError[index]!.toFixed(3));
    assert.match(markdown, /corr\. row error \(pearson\)/);
  });

  it('reports the persona condition’s mode collapse on Q131 that the sample builds in', () => {
    const markdown = hoverMarkdown(run.results, symbolNamed(run, 'itemEntry', 'Q131'), { resultsFile: RESULTS_FILE });
    const persona = cell(run.results, 'Q131', 'persona');
    assert.equal(persona.modeCollapsed, true);
    assert.match(markdown, new RegExp(`- ⚠ persona: mode collapsed \\(${Math.round(persona.modeShare! * 100)}% give one answer\\)`));
    assert.doesNotMatch(markdown, /finetuned: mode collapsed/);
  });

  it('draws one bar per code for the humans and each condition, scaled to the largest share', () => {
    const markdown = hoverMarkdown(run.results, symbolNamed(run, 'itemEntry', 'Q131'), { resultsFile: RESULTS_FILE });
    const svg = chartOf(markdown);
    const humanBars = [...svg.matchAll(new RegExp(`<rect x="[\\d.]+" y="[\\d.]+" width="\\d+" height="(\\d+\\.\\d)" fill="${HUMAN_COLOR}"/>`, 'g'))].map((m) => Number(m[1]));
    assert.equal(humanBars.length, 4);
    const human = cell(run.results, 'Q131', 'finetuned').human.distribution!;
    const shares = [human, cell(run.results, 'Q131', 'finetuned').model.distribution!, cell(run.results, 'Q131', 'persona').model.distribution!].flat();
    const max = Math.max(...shares);
    human.forEach((share, index) => assert.ok(Math.abs(humanBars[index]! - (share / max) * 54) <= 0.06, `bar ${index}: ${humanBars[index]} vs ${(share / max) * 54}`));
    // 3 legend swatches + 4 codes x 3 populations.
    assert.equal((svg.match(/<rect /g) ?? []).length, 3 + 12);
    assert.match(svg, />persona<\/text>/);
  });

  it('shows a binary item’s distance as its total variation and marks it as in the structure', () => {
    const markdown = hoverMarkdown(run.results, symbolNamed(run, 'itemEntry', 'Q57'), { resultsFile: RESULTS_FILE });
    assert.match(markdown, /binary 1, 2/);
    const tv = cell(run.results, 'Q57', 'finetuned').totalVariation!.toFixed(3);
    assert.equal(column(markdown, 'finetuned', 'distance'), distanceText(run.results, 'Q57', 'finetuned'));
    assert.ok(column(markdown, 'finetuned', 'distance')!.startsWith(tv));
    assert.equal(column(markdown, 'finetuned', 'TV'), tv);
    assert.notEqual(column(markdown, 'finetuned', 'corr. row error (pearson)'), 'n/a');
    // W1 is undefined on a binary item: no column of dashes.
    assert.doesNotMatch(markdown, /\| W1 \|/);
  });

  it('says a nominal item is left out of the correlation structure', () => {
    const markdown = hoverMarkdown(run.results, symbolNamed(run, 'itemEntry', 'Q152'), { resultsFile: RESULTS_FILE });
    assert.equal(column(markdown, 'persona', 'corr. row error (pearson)'), 'n/a');
    assert.match(markdown, /nominal items are left out of the correlation structure/);
  });

  it('ends an item hover with a command link to that item in the panel', () => {
    const markdown = hoverMarkdown(run.results, symbolNamed(run, 'itemEntry', 'Q131'), { resultsFile: RESULTS_FILE });
    assert.deepEqual(openLinkArguments(markdown), [RESULTS_FILE, { item: 'Q131' }]);
    assert.ok(markdown.trimEnd().endsWith(')'));
  });

  it('lists a range’s six items with each condition’s marginal distance', () => {
    const markdown = hoverMarkdown(run.results, symbolNamed(run, 'itemEntry', 'Q1-Q6'), { resultsFile: RESULTS_FILE });
    assert.match(markdown, /^\*\*Q1-Q6\*\* · 6 items/);
    for (const id of ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6']) {
      const cells = row(markdown, id);
      assert.equal(cells[2], cell(run.results, id, 'finetuned').distance!.toFixed(3));
      assert.equal(cells[3], cell(run.results, id, 'persona').distance!.toFixed(3));
    }
    assert.deepEqual(openLinkArguments(markdown), [RESULTS_FILE, {}]);
  });

  it('expands a set reference and a set name to the set’s items', () => {
    const itemSets = { childQualities: ['Q8', 'Q14', 'Q15', 'Q17'], justifiable: ['Q177', 'Q180', 'Q182', 'Q184', 'Q185'] };
    assert.deepEqual(itemIdsOfSymbol(symbolNamed(run, 'itemEntry', '@childQualities'), itemSets), ['Q8', 'Q14', 'Q15', 'Q17']);
    const markdown = hoverMarkdown(run.results, symbolNamed(run, 'itemSet', 'justifiable'), { resultsFile: RESULTS_FILE, itemSets });
    assert.match(markdown, /^\*\*Item set @justifiable\*\* · 5 items/);
    assert.equal(row(markdown, 'Q184')[3], cell(run.results, 'Q184', 'persona').distance!.toFixed(3));
  });

  it('shows a group’s respondents and each condition’s aggregate distance, structure r and concordance', () => {
    const markdown = hoverMarkdown(run.results, symbolNamed(run, 'group', 'young'), { resultsFile: RESULTS_FILE });
    const group = run.results.groups.find((each) => each.name === 'young')!;
    assert.match(markdown, /^\*\*Group young\*\* · Aged 34 or younger/);
    assert.match(markdown, new RegExp(`human ${group.nHuman} \\(weight ${group.weightHuman.toFixed(1)}\\) · finetuned ${group.nByCondition.finetuned} · persona ${group.nByCondition.persona}`));
    const aggregate = run.results.marginals.aggregates.find((each) => each.group === 'young' && each.condition === 'persona')!;
    const comparison = run.results.structure.comparisons.find(
      (each) => each.group === 'young' && each.condition === 'persona' && each.method === 'pearson' && each.level === 'respondent',
    )!;
    const cells = row(markdown, 'persona');
    assert.equal(cells[1], aggregate.distance!.toFixed(3));
    assert.equal(cells[2], String(aggregate.nItems));
    assert.equal(cells[4], comparison.r!.toFixed(3));
    assert.equal(cells[5], comparison.concordance!.toFixed(3));
    assert.equal(cells[6], comparison.rmse!.toFixed(3));
    assert.deepEqual(openLinkArguments(markdown), [RESULTS_FILE, { group: 'young' }]);
  });

  it('shows a condition’s headline scores: persona is far on marginals but close on structure', () => {
    const markdown = hoverMarkdown(run.results, symbolNamed(run, 'condition', 'persona'), { resultsFile: RESULTS_FILE });
    const headline = run.results.headlines.find((each) => each.condition === 'persona')!;
    assert.match(markdown, /^\*\*Condition persona\*\* · Persona prompting of the base model \(simulated\)/);
    const inference = run.results.inference?.conditions.find((each) => each.condition === 'persona');
    const withCi = (value: number, interval: { lower: number | null; upper: number | null } | undefined) =>
      interval && interval.lower !== null && interval.upper !== null ? `${value.toFixed(3)} [${interval.lower.toFixed(3)}, ${interval.upper.toFixed(3)}]` : value.toFixed(3);
    assert.equal(row(markdown, 'marginal distance (groups weighted by human share; lower is closer)')[1], withCi(headline.marginalDistance!, inference?.marginalDistance));
    assert.equal(
      row(markdown, 'structure r (pearson) (within 2 groups, by human shares; higher is closer)')[1],
      withCi(headline.structureR!, inference?.structureR),
    );
    assert.equal(row(markdown, "structure concordance (Lin's; scale-sensitive)")[1], withCi(headline.structureConcordance!, inference?.structureConcordance));
    assert.equal(row(markdown, 'pooled structure r (group all)')[1], headline.pooledStructureR!.toFixed(3));
    assert.equal(row(markdown, 'group-mean r')[1], withCi(headline.groupMeanR!, inference?.groupMeanR));
    assert.ok(headline.structureR! > 0.8 && headline.marginalDistance! > 0.1);
    assert.deepEqual(openLinkArguments(markdown), [RESULTS_FILE, { condition: 'persona' }]);
  });

  it('shows the run’s own bootstrap interval of each item distance', () => {
    assert.ok(run.results.inference, 'the sample run has an inference section (bootstrap on by default)');
    const markdown = hoverMarkdown(run.results, symbolNamed(run, 'itemEntry', 'Q131'), { resultsFile: RESULTS_FILE });
    const [lower, upper] = /\[(-?\d\.\d{3}), (-?\d\.\d{3})\]/.exec(column(markdown, 'persona', 'distance')!)!.slice(1).map(Number);
    const estimate = cell(run.results, 'Q131', 'persona').distance!;
    assert.ok(lower! <= upper!, `${lower} <= ${upper}`);
    assert.ok(upper! - lower! < 0.1, 'a narrow interval for 4000 respondents');
    assert.ok(Math.abs(estimate - (lower! + upper!) / 2) < 0.05, 'the interval is near the estimate');
  });

  it('adds the bootstrap interval to an item’s distance from an inference section', () => {
    const distance: Interval = { estimate: 0.2, lower: 0.1234, upper: 0.2567, replicates: 200 };
    const withInference = withConditionInference(run.results, 'persona', (persona) => ({
      ...persona,
      items: persona.items.map((entry) => (entry.item === 'Q131' ? { ...entry, distance } : entry)),
    }));
    assert.deepEqual(itemDistanceInterval(withInference, 'persona', 'Q131'), distance);
    const markdown = hoverMarkdown(withInference, symbolNamed(run, 'itemEntry', 'Q131'), { resultsFile: RESULTS_FILE });
    assert.equal(column(markdown, 'persona', 'distance'), `${cell(run.results, 'Q131', 'persona').distance!.toFixed(3)} [0.123, 0.257]`);
    assert.match(markdown, /\[ \]: bootstrap interval/);
    assert.equal(itemDistanceInterval({ ...run.results, inference: null }, 'persona', 'Q131'), undefined);
    const plain = hoverMarkdown({ ...run.results, inference: null }, symbolNamed(run, 'itemEntry', 'Q131'), { resultsFile: RESULTS_FILE });
    assert.equal(column(plain, 'persona', 'distance'), cell(run.results, 'Q131', 'persona').distance!.toFixed(3));
  });

  it('gives a condition’s headline intervals and fidelity when the run has them', () => {
    const headline = run.results.headlines.find((each) => each.condition === 'persona')!;
    const interval = (lower: number | null, upper: number | null): Interval => ({ estimate: 0, lower, upper, replicates: 200 });
    const withInference = withConditionInference(run.results, 'persona', (persona) => ({
      ...persona,
      marginalDistance: interval(0.14, 0.151),
      structureR: interval(0.93, 0.96),
      structureRmse: interval(null, null),
      groupMeanR: interval(0.8, 0.97),
      fidelity: { estimate: 0.9, lower: 0.85, upper: 0.95, replicates: 200 },
    }));
    const markdown = hoverMarkdown(withInference, symbolNamed(run, 'condition', 'persona'), { resultsFile: RESULTS_FILE });
    assert.equal(row(markdown, 'structure r (pearson) (within 2 groups, by human shares; higher is closer)')[1], `${headline.structureR!.toFixed(3)} [0.930, 0.960]`);
    assert.equal(row(markdown, 'marginal distance (groups weighted by human share; lower is closer)')[1], `${headline.marginalDistance!.toFixed(3)} [0.140, 0.151]`);
    assert.equal(row(markdown, 'structure RMSE')[1], headline.structureRmse!.toFixed(3), 'no interval where the bootstrap had none');
    assert.equal(row(markdown, 'fidelity (0 = null, 1 = split-half ceiling)')[1], '0.900 [0.850, 0.950]');
    assert.match(markdown, /\| score \| value \[bootstrap interval\] \|/);
  });

  it('says when the config changed since the run, and when an item is not in it', () => {
    const stale = hoverMarkdown(run.results, symbolNamed(run, 'condition', 'finetuned'), { resultsFile: RESULTS_FILE, stale: true });
    assert.match(stale, /the config changed since this run/);
    const added: ConfigSymbol = { kind: 'itemEntry', name: 'Q999', path: ['items', 99], field: 'items[99]', location: { file: 'x' }, entry: { kind: 'id', id: 'Q999' } };
    assert.match(hoverMarkdown(run.results, added, { resultsFile: RESULTS_FILE }), /`Q999` is not in the last run/);
  });

  it('tells how to run the config when it has no run, with a run command link', () => {
    const markdown = noRunHoverMarkdown(symbolNamed(run, 'group', 'left'), run.configFile);
    assert.match(markdown, /no run of this config yet/);
    const match = /\(command:repscope\.runEvaluation\?([^)]+)\)/.exec(markdown);
    assert.ok(match?.[1]);
    assert.deepEqual(JSON.parse(decodeURIComponent(match[1])), [run.configFile]);
  });

  it('can leave the image out and keep the Unicode bars', () => {
    const markdown = hoverMarkdown(run.results, symbolNamed(run, 'itemEntry', 'Q131'), { resultsFile: RESULTS_FILE, chart: 'bars' });
    assert.doesNotMatch(markdown, /data:image/);
    assert.match(column(markdown, 'human', 'answers') ?? '', /^[▁▂▃▄▅▆▇█]{4}$/);
    assert.match(column(markdown, 'persona', 'answers') ?? '', /^[▁▂▃▄▅▆▇█]{4}$/);
  });
});

describe('blockBars', () => {
  it('gives █▅▁ for shares 1, 0.5, 0 (eighths, rounded)', () => {
    assert.equal(blockBars([1, 0.5, 0]), '█▅▁');
  });

  it('scales to a shared maximum so populations compare', () => {
    assert.equal(blockBars([0.25, 0.25], 0.5), '▅▅');
  });
});

describe('distributionChartSvg', () => {
  it('escapes condition names that look like markup', () => {
    const svg = distributionChartSvg([1, 2], [{ name: '<b>&', color: '#000', distribution: [0.5, 0.5] }]);
    assert.match(svg, />&#60;b&#62;&#38;<\/text>/);
  });

  it('draws no bar height for a population without answers', () => {
    const svg = distributionChartSvg([1, 2], [{ name: 'm', color: '#123456', distribution: null }]);
    assert.equal((svg.match(/height="0\.0" fill="#123456"/g) ?? []).length, 2);
  });
});
