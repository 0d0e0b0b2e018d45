import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TopLevelSpec } from 'vega-lite/build/index';
import { clusterOrder } from '../../../src/core/charts/clusterOrder';
import { groupItemRows, groupScoreRows, groupsSpec } from '../../../src/core/charts/groups';
import { distributionRows, marginalsSpec, rankingRows } from '../../../src/core/charts/marginals';
import { upperTriangleToMatrix } from '../../../src/core/charts/model';
import { overviewRows, overviewSpec, pairRows } from '../../../src/core/charts/overview';
import { reversalSentence } from '../../../src/core/report/reversal';
import { round } from '../../../src/core/charts/model';
import { structureData, structureSpec } from '../../../src/core/charts/structure';
import { DARK_THEME, HIGH_CONTRAST_THEME, LIGHT_THEME } from '../../../src/core/charts/theme';
import { viewSpec, VIEW_SPECS } from '../../../src/core/charts/index';
import { PANEL_VIEWS } from '../../../src/shared/protocol';
import { compileAndRun, HUMAN_ALL, MODEL_ALL, sampleResults, STRUCTURE_ITEMS, syntheticResults, syntheticWithInference } from './fixtures';

const options = { theme: LIGHT_THEME, width: 900 };

type Json = Record<string, unknown>;

/** Every object in a spec (depth first), to find marks and encodings wherever composition put them. */
function objects(value: unknown, found: Json[] = []): Json[] {
  if (Array.isArray(value)) value.forEach((entry) => objects(entry, found));
  else if (value !== null && typeof value === 'object') {
    found.push(value as Json);
    for (const [key, child] of Object.entries(value)) if (key !== 'datasets') objects(child, found);
  }
  return found;
}

function datasets(spec: TopLevelSpec): Record<string, Json[]> {
  return (spec as { datasets?: Record<string, Json[]> }).datasets ?? {};
}

function markType(layer: Json): string | undefined {
  const mark = layer.mark;
  return typeof mark === 'string' ? mark : (mark as Json | undefined)?.type as string | undefined;
}

function encodingFields(layer: Json): Record<string, unknown> {
  const encoding = (layer.encoding ?? {}) as Record<string, Json>;
  return Object.fromEntries(Object.entries(encoding).map(([channel, definition]) => [channel, definition?.field]));
}

describe('structure view', () => {
  it('has one heatmap row per item pair, P x P, with human, model and difference for a known matrix', () => {
    const results = syntheticResults();
    const data = structureData(results, 'beta', 'all', 'pearson');
    assert.equal(data.cells.length, STRUCTURE_ITEMS.length ** 2);
    const cell = (row: string, col: string) => data.cells.find((entry) => entry.item === row && entry.col === col)!;
    assert.deepEqual([cell('Q1', 'Q2').human, cell('Q1', 'Q2').model, cell('Q1', 'Q2').difference], [0.6, 0.55, -0.05]);
    assert.deepEqual([cell('Q4', 'Q3').human, cell('Q4', 'Q3').model, cell('Q4', 'Q3').difference], [0.4, 0.35, -0.05]);
    assert.deepEqual([cell('Q2', 'Q2').human, cell('Q2', 'Q2').model, cell('Q2', 'Q2').difference], [1, 1, 0]);
    // A pair appears once above and once below the diagonal, with the same numbers.
    assert.deepEqual([cell('Q3', 'Q1').human, cell('Q3', 'Q1').model], [cell('Q1', 'Q3').human, cell('Q1', 'Q3').model]);
    assert.equal(data.pairs.length, 6);
    assert.deepEqual(data.pairs.map((pair) => pair.model), MODEL_ALL.beta);
  });

  it('orders items by the clustering of the human matrix, in rows and columns alike', () => {
    const results = syntheticResults();
    const data = structureData(results, 'alpha', 'all', 'pearson');
    const expected = clusterOrder(upperTriangleToMatrix(HUMAN_ALL, 4)).map((index) => STRUCTURE_ITEMS[index]);
    assert.deepEqual(data.order, expected);
    // Q1-Q2 (r = .6) and Q3-Q4 (r = .4) are the two blocks.
    const position = (item: string) => data.order.indexOf(item);
    assert.equal(Math.abs(position('Q1') - position('Q2')), 1);
    assert.equal(Math.abs(position('Q3') - position('Q4')), 1);
    const spec = structureSpec(results, { ...options, selection: { condition: 'alpha' } });
    const heatmapX = objects(spec).find((entry) => (entry as { field?: unknown }).field === 'col' && Array.isArray((entry as { sort?: unknown }).sort));
    assert.deepEqual((heatmapX as { sort: string[] }).sort, expected);
  });

  it('falls back to all respondents when the chosen group has no matrix, and says so', () => {
    const results = syntheticResults();
    results.structure.matrices = results.structure.matrices.filter((matrix) => matrix.group !== 'right');
    assert.equal(structureData(results, 'alpha', 'right', 'pearson').group, 'all');
    const spec = structureSpec(results, { ...options, selection: { group: 'right' } });
    assert.match(JSON.stringify((spec as { title: unknown }).title), /group right has no correlation matrix/);
  });

  it('draws the three heatmaps, the scatter and the components: 3 x P x P cells in a headless Vega run', async () => {
    const chart = await compileAndRun(structureSpec(syntheticResults(), options));
    assert.deepEqual(chart.warnings, []);
    const cells = chart.marks('concat_0_layer_0') + chart.marks('concat_1_layer_0') + chart.marks('concat_2_layer_0');
    assert.equal(cells, 3 * 16);
    assert.equal(chart.marks('concat_3_layer_1'), 6);
  });

  it('keeps an undefined correlation as a cell, in the missing colour', async () => {
    const results = syntheticResults();
    const beta = results.structure.matrices.find((matrix) => matrix.population === 'beta' && matrix.group === 'all')!;
    beta.values = [0.55, null, 0.05, -0.25, 0.1, 0.35];
    const chart = await compileAndRun(structureSpec(results, { ...options, selection: { condition: 'beta' } }));
    const modelCells = chart.items('concat_1_layer_0');
    assert.equal(modelCells.length, 16);
    const undefinedCells = modelCells.filter((item) => item.datum?.model === null);
    const described = undefinedCells.map((item) => `${String(item.datum?.item)}-${String(item.datum?.col)} ${String(item.fill)}`).sort();
    assert.deepEqual(described, [`Q1-Q3 ${LIGHT_THEME.missing}`, `Q3-Q1 ${LIGHT_THEME.missing}`]);
  });

  it('outlines the selected item when the selection param changes, without a new spec', async () => {
    const chart = await compileAndRun(structureSpec(syntheticResults(), options));
    const before = chart.marks();
    await chart.view.signal('selectedItem', 'Q2').runAsync();
    // One row outline and one column outline per heatmap.
    assert.equal(chart.marks() - before, 6);
  });
});

describe('overview', () => {
  it('has one row per condition with the headline numbers and no intervals without inference', () => {
    const rows = overviewRows(syntheticResults());
    assert.deepEqual(rows.map((row) => [row.condition, row.marginalDistance, row.structureR, row.structureLower, row.mantelP]), [
      ['alpha', 0.03, 0.12, null, 0.3],
      ['beta', 0.17, 0.93, null, null],
    ]);
    const spec = overviewSpec(syntheticResults(), options);
    assert.equal(objects(spec).some((entry) => encodingFields(entry).x2 === 'structureUpper'), false);
    assert.deepEqual(datasets(spec).baselines, []);
  });

  it('takes the reversal sentence from the headlines when there is no inference', () => {
    assert.equal(
      reversalSentence(syntheticResults()),
      'Closest on marginals: alpha; closest on correlation structure: beta. The rankings disagree: a marginal-only evaluation would pick the other condition.',
    );
    const agreeing = syntheticResults();
    agreeing.headlines[1]!.structureR = 0.05;
    assert.equal(reversalSentence(agreeing), 'alpha is closest both on marginals and on correlation structure.');
  });

  it('draws intervals as error bars and the null..ceiling band when the run has inference', async () => {
    const results = syntheticWithInference();
    const rows = overviewRows(results);
    assert.deepEqual(rows.map((row) => [row.structureLower, row.structureUpper, row.marginalLower, row.fidelity]), [
      [0.07, 0.17, 0.02, 0.1],
      [0.88, 0.98, 0.16, 0.95],
    ]);
    const spec = overviewSpec(results, options);
    const layers = objects(spec);
    const errorBar = layers.find((entry) => markType(entry) === 'rule' && encodingFields(entry).x2 === 'structureUpper');
    assert.ok(errorBar, 'a rule from structureLower to structureUpper');
    assert.equal(encodingFields(errorBar).x, 'structureLower');
    const band = layers.find((entry) => markType(entry) === 'rect' && encodingFields(entry).x === 'nullR');
    assert.ok(band, 'a rect from the null to the ceiling');
    assert.equal(encodingFields(band).x2, 'ceilingR');
    assert.deepEqual(datasets(spec).baselines, [{ nullR: 0.01, ceilingR: 0.85, ceilingLower: 0.81, ceilingUpper: 0.89 }]);
    assert.match(JSON.stringify((spec as { title: unknown }).title), /alpha is closest on marginals but beta on structure/);
    assert.deepEqual(pairRows(undefined), []);
    assert.deepEqual(datasets(spec).pairs!.map((row) => [row.pair, row.measure, row.difference]), [
      ['alpha − beta', 'marginal distance', -0.14],
      ['alpha − beta', 'structure r', -0.81],
      ['alpha − beta', 'structure RMSE', 0.25],
      ['alpha − beta', 'structure concordance', -0.8],
      ['alpha − beta', 'group-mean r', -0.5],
    ]);
    const chart = await compileAndRun(spec);
    assert.deepEqual(chart.warnings, []);
  });
});

describe('overview cultural map', () => {
  const isMapLayer = (entry: Json) => JSON.stringify(entry.data ?? null).includes('culturalMap');

  it('draws a point per population x group and a human → condition rule per condition x group, with the run’s numbers', async () => {
    const results = await sampleResults();
    const map = results.culturalMap;
    assert.ok(map, 'the sample places populations on the cultural map');
    const groups = results.groups.map((group) => group.name);
    const conditions = results.conditions.map((condition) => condition.name);
    const spec = overviewSpec(results, options);
    const data = datasets(spec);
    const points = data.culturalMap!;
    const links = data.culturalMapLinks!;
    assert.equal(points.length, (1 + conditions.length) * groups.length);
    assert.equal(links.length, conditions.length * groups.length);
    const score = (population: string, group: string) => map.points.find((point) => point.population === population && point.group === group)!;
    for (const point of points) {
      const expected = score(point.population as string, point.group as string);
      assert.deepEqual([point.traditionalSecular, point.survivalSelfExpression], [round(expected.traditionalSecular), round(expected.survivalSelfExpression)]);
    }
    for (const link of links) {
      const human = score('human', link.group as string);
      const model = score(link.population as string, link.group as string);
      assert.ok(conditions.includes(link.population as string));
      assert.deepEqual(
        [link.humanTraditionalSecular, link.humanSurvivalSelfExpression, link.traditionalSecular, link.survivalSelfExpression],
        [round(human.traditionalSecular), round(human.survivalSelfExpression), round(model.traditionalSecular), round(model.survivalSelfExpression)],
      );
    }
    const layers = objects(spec).filter(isMapLayer);
    const rule = layers.find((entry) => markType(entry) === 'rule');
    assert.deepEqual(encodingFields(rule!), {
      x: 'humanTraditionalSecular',
      y: 'humanSurvivalSelfExpression',
      x2: 'traditionalSecular',
      y2: 'survivalSelfExpression',
      color: 'population',
      tooltip: undefined,
    });
    const pointLayers = layers.filter((entry) => markType(entry) === 'point');
    assert.deepEqual(pointLayers.map((entry) => (entry.mark as Json).filled), [false, true]);
    const titles = objects(spec).filter((entry) => typeof entry.title === 'string').map((entry) => entry.title);
    assert.ok(titles.includes('traditional ← → secular-rational') && titles.includes('survival ← → self-expression'));
    const colourScale = (rule!.encoding as Record<string, Json>).color!.scale as Json;
    assert.deepEqual(colourScale.domain, ['human', ...conditions]);
    assert.deepEqual(colourScale.range, [LIGHT_THEME.human, ...conditions.map((_, index) => LIGHT_THEME.categorical[index % LIGHT_THEME.categorical.length])]);
    assert.match(JSON.stringify(spec), /equal-weight index of indicators z-scored/);

    const chart = await compileAndRun(spec);
    assert.deepEqual(chart.warnings, []);
    assert.equal(chart.items().filter((item) => item.datum && 'humanTraditionalSecular' in item.datum).length, links.length);
  });

  it('leaves the overview unchanged when the run has no cultural map', async () => {
    const results = { ...(await sampleResults()), culturalMap: null };
    const spec = overviewSpec(results, options);
    assert.equal(objects(spec).some(isMapLayer), false);
    assert.deepEqual(Object.keys(datasets(spec)).sort(), ['baselines', 'conditions', 'pairs']);
    assert.equal('resolve' in spec, false);
    assert.equal(JSON.stringify(spec).includes('cultural'), false);
    const chart = await compileAndRun(spec);
    assert.deepEqual(chart.warnings, []);
  });
});

describe('marginals view', () => {
  it('ranks items by their worst distance, with every condition per item', () => {
    const rows = rankingRows(syntheticResults(), 'all');
    assert.deepEqual([...new Set(rows.map((row) => row.item))], ['Q3', 'Q1', 'Q4', 'Q5', 'Q2']);
    assert.deepEqual(rows.filter((row) => row.item === 'Q3').map((row) => [row.condition, row.distance]), [
      ['alpha', 0.01],
      ['beta', 0.3],
    ]);
    assert.equal(rows.find((row) => row.item === 'Q4')?.itemLabel, 'Q4 Justifiable: Claiming…');
    assert.ok(rows.every((row) => row.lower === null));
  });

  it('carries per-item intervals in the all group when the run has inference', () => {
    const rows = rankingRows(syntheticWithInference(), 'all');
    assert.deepEqual(rows.filter((row) => row.item === 'Q1').map((row) => [row.condition, row.lower, row.upper]), [
      ['alpha', 0.015, 0.025],
      ['beta', 0.195, 0.205],
    ]);
    assert.ok(rankingRows(syntheticWithInference(), 'left').every((row) => row.lower === null));
  });

  it('holds human and model answer shares per item, group and category, each summing to 1', () => {
    const rows = distributionRows(syntheticResults());
    const q1All = rows.filter((row) => row.item === 'Q1' && row.group === 'all');
    assert.deepEqual([...new Set(q1All.map((row) => row.population))], ['human', 'alpha', 'beta']);
    assert.deepEqual(q1All.filter((row) => row.population === 'human').map((row) => [row.code, row.share, row.optionLabel]), [
      [1, 0.5, '1: Very important'],
      [2, 0.1667, '2: Rather important'],
      [3, 0.1667, '3: Not very important'],
      [4, 0.1667, '4: Not at all important'],
    ]);
    assert.equal(rows.filter((row) => row.item === 'Q4' && row.group === 'left' && row.population === 'beta').length, 10);
  });

  it('shows the most divergent item until one is selected, then the selected one', async () => {
    const chart = await compileAndRun(marginalsSpec(syntheticResults(), options));
    assert.deepEqual(chart.warnings, []);
    // Q3 (binary): 2 categories x 3 populations x 3 groups.
    assert.equal(chart.marks('concat_1'), 18);
    await chart.view.signal('selectedItem', 'Q4').runAsync();
    assert.equal(chart.marks('concat_1'), 10 * 3 * 3);
  });
});

describe('groups view', () => {
  it('has a group x condition row with the aggregate distance and the structure r', () => {
    const rows = groupScoreRows(syntheticResults(), 'pearson');
    assert.equal(rows.length, 3 * 2);
    assert.deepEqual(rows.filter((row) => row.group === 'left').map((row) => [row.condition, row.distance, row.structureR, row.groupTitle]), [
      ['alpha', 0.03, 0.12, 'left (Left of centre)'],
      ['beta', 0.17, 0.93, 'left (Left of centre)'],
    ]);
  });

  it("lists the condition's items from the furthest down, in every group", () => {
    const rows = groupItemRows(syntheticResults(), 'beta');
    assert.deepEqual([...new Set(rows.map((row) => row.item))], ['Q3', 'Q1', 'Q4', 'Q5', 'Q2']);
    assert.deepEqual(rows.filter((row) => row.item === 'Q3').map((row) => [row.group, row.distance]), [
      ['all', 0.3],
      ['left', 0.45],
      ['right', 0.45],
    ]);
    assert.deepEqual(groupItemRows(syntheticResults(), null), []);
  });

  it('draws an unscored item x group cell in the missing colour instead of dropping it', async () => {
    const results = syntheticResults();
    const cell = results.marginals.cells.find((entry) => entry.item === 'Q2' && entry.group === 'right' && entry.condition === 'alpha')!;
    cell.distance = null;
    const chart = await compileAndRun(groupsSpec(results, options));
    const cells = chart.items('concat_1_layer_0');
    assert.equal(cells.length, 5 * 3);
    assert.deepEqual(cells.filter((item) => item.datum?.distance === null).map((item) => [item.datum?.item, item.datum?.group, item.fill]), [['Q2', 'right', LIGHT_THEME.missing]]);
  });

  it('writes each score in its cell', async () => {
    const chart = await compileAndRun(groupsSpec(syntheticResults(), options));
    assert.deepEqual(chart.warnings, []);
    // Two tables of 3 x 2 cells, each a rect and a text.
    assert.equal(chart.marks('concat_0_concat_0'), 12);
    assert.equal(chart.marks('concat_0_concat_1'), 12);
  });
});

describe('every view', () => {
  const themes = [LIGHT_THEME, HIGH_CONTRAST_THEME];

  it('has a builder per panel view', () => {
    assert.deepEqual(Object.keys(VIEW_SPECS).sort(), [...PANEL_VIEWS].sort());
  });

  for (const view of PANEL_VIEWS) {
    it(`compiles the ${view} view without warnings, with and without inference, in a normal and a high-contrast theme`, async () => {
      for (const results of [syntheticResults(), syntheticWithInference()]) {
        for (const theme of themes) {
          const chart = await compileAndRun(viewSpec(view, results, { theme, width: 700, selection: { item: 'Q1' } }));
          assert.deepEqual(chart.warnings, [], `${view} / ${theme.kind}`);
          assert.ok(chart.marks() > 0, `${view} / ${theme.kind} draws marks`);
        }
      }
    });

    it(`compiles and draws the ${view} view of the bundled sample`, async () => {
      const results = await sampleResults();
      for (const width of [600, 1400]) {
        const chart = await compileAndRun(viewSpec(view, results, { theme: DARK_THEME, width }));
        assert.deepEqual(chart.warnings, [], `${view} at ${width}px`);
        assert.ok(chart.marks() > 0);
      }
    });
  }

  it("uses the theme's colours: background, text and the diverging ramp of the heatmaps", () => {
    const spec = structureSpec(syntheticResults(), { theme: DARK_THEME, width: 900 }) as unknown as { config: Json };
    assert.equal(spec.config.background, DARK_THEME.background);
    assert.equal((spec.config.axis as Json).labelColor, DARK_THEME.foreground);
    const ramps = objects(spec).filter((entry) => Array.isArray(entry.range) && (entry.range as unknown[]).length === 3);
    assert.ok(ramps.length >= 2 && ramps.every((entry) => JSON.stringify(entry.range) === JSON.stringify(DARK_THEME.diverging)));
  });
});
