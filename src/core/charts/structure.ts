/**
 * The structure view: the human correlation matrix, the condition's, and their difference as
 * heatmaps with items in the order of a clustering of the human matrix (related items form
 * blocks on the diagonal, so a condition that loses a block shows it), the human-vs-model
 * scatter of every pair's correlation against the identity line, and the latent comparison.
 */
import type { TopLevelSpec } from 'vega-lite/build/index';
import type { NonNormalizedSpec } from 'vega-lite/build/spec/index';
import type { CorrelationMethod } from '../config/resolved';
import { formatNumber, withInterval } from '../report/format';
import { conditionInference } from '../results/inference';
import { ALL_GROUP, type RunResults } from '../results/types';
import { clusterOrder } from './clusterOrder';
import { vegaLiteConfig } from './config';
import { itemAxisLabels, itemFullLabels, truncateLabel } from './labels';
import {
  conditionColours,
  DEFAULT_WIDTH,
  findHumanMatrix,
  findMatrix,
  resolveSelection,
  selectionParams,
  round,
  SELECTED_ITEM,
  upperTriangleToMatrix,
  type ChartOptions,
} from './model';

export interface HeatmapCell {
  /** The row item (what a click selects). */
  item: string;
  col: string;
  rowLabel: string;
  itemTitle: string;
  colTitle: string;
  rowIndex: number;
  colIndex: number;
  human: number | null;
  model: number | null;
  /** model - human. */
  difference: number | null;
}

export interface PairPoint {
  a: string;
  b: string;
  pairTitle: string;
  human: number;
  model: number;
  difference: number;
}

export interface LatentBar {
  component: string;
  population: string;
  explained: number | null;
  congruence: number | null;
  band: string;
}

export interface StructureData {
  /** Items in heatmap order (clustering of the human matrix). */
  order: string[];
  cells: HeatmapCell[];
  pairs: PairPoint[];
  latent: LatentBar[];
  /** The group actually shown (falls back to `all` when the chosen group has no matrix). */
  group: string;
  method: CorrelationMethod;
  condition: string | null;
}

/** The three matrices of `condition` x `group` x `method`, clustered, as heatmap cells and scatter points. */
export function structureData(results: RunResults, condition: string | null, group: string, method: CorrelationMethod): StructureData {
  const items = results.structure.items;
  const size = items.length;
  const shownGroup = findHumanMatrix(results, group, method) ? group : ALL_GROUP;
  const humanMatrix = findHumanMatrix(results, shownGroup, method);
  const modelMatrix = condition ? findMatrix(results, condition, shownGroup, method) : undefined;
  const empty: (number | null)[][] = Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => (i === j ? 1 : null)));
  const human = humanMatrix ? upperTriangleToMatrix(humanMatrix.values, size) : empty;
  const model = modelMatrix ? upperTriangleToMatrix(modelMatrix.values, size) : empty;
  const order = clusterOrder(human);
  const labels = itemAxisLabels(results);
  const titles = itemFullLabels(results);
  const cells: HeatmapCell[] = [];
  order.forEach((i, rowIndex) => {
    order.forEach((j, colIndex) => {
      const h = human[i]![j]!;
      const m = model[i]![j]!;
      cells.push({
        item: items[i]!,
        col: items[j]!,
        rowLabel: labels.get(items[i]!) ?? items[i]!,
        itemTitle: titles.get(items[i]!) ?? items[i]!,
        colTitle: titles.get(items[j]!) ?? items[j]!,
        rowIndex,
        colIndex,
        human: round(h),
        model: modelMatrix ? round(m) : null,
        difference: modelMatrix && h !== null && m !== null ? round(m - h) : null,
      });
    });
  });
  const pairs: PairPoint[] = [];
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const h = human[i]![j]!;
      const m = model[i]![j]!;
      if (h === null || m === null || !modelMatrix) continue;
      pairs.push({
        a: items[i]!,
        b: items[j]!,
        pairTitle: `${truncateLabel(titles.get(items[i]!) ?? items[i]!, 40)} × ${truncateLabel(titles.get(items[j]!) ?? items[j]!, 40)}`,
        human: round(h)!,
        model: round(m)!,
        difference: round(m - h)!,
      });
    }
  }
  const latent: LatentBar[] = [];
  const comparison = results.structure.latent?.find((entry) => entry.condition === condition && entry.group === shownGroup && entry.method === method);
  if (comparison) {
    comparison.humanExplained.forEach((explained, index) => {
      const component = `PC${index + 1}`;
      const congruence = round(comparison.congruence[index] ?? null, 3);
      const band = comparison.bands[index] ?? '';
      latent.push({ component, population: 'human', explained: round(explained), congruence, band });
      latent.push({ component, population: condition ?? 'model', explained: round(comparison.modelExplained[index] ?? null), congruence, band });
    });
  }
  return { order: order.map((index) => items[index]!), cells, pairs, latent, group: shownGroup, method, condition };
}

function comparisonLine(results: RunResults, data: StructureData): string {
  const comparison = results.structure.comparisons.find(
    (entry) => entry.condition === data.condition && entry.group === data.group && entry.method === data.method && entry.level === 'respondent',
  );
  if (!comparison) return 'no comparison for this condition and group';
  // The bootstrap bounds the `all` group's r of every method.
  const interval =
    data.condition !== null && data.group === ALL_GROUP
      ? conditionInference(results, data.condition)?.comparisons.find((entry) => entry.method === data.method)?.r
      : undefined;
  const parts = [`r = ${withInterval(comparison.r, interval)}`];
  parts.push(
    `concordance ${formatNumber(comparison.concordance)}`,
    `RMSE ${formatNumber(comparison.rmse)}`,
    `mean |Δr| ${formatNumber(comparison.meanAbsoluteDifference)}`,
    `${comparison.nPairs} pairs${comparison.nPairsImputed > 0 ? ` (${comparison.nPairsImputed} undefined for the model, counted as 0)` : ''}`,
  );
  const mantel = results.structure.mantel?.find((entry) => entry.condition === data.condition && entry.group === data.group && entry.method === data.method);
  if (mantel?.pValue !== null && mantel?.pValue !== undefined) parts.push(`Mantel p ${formatNumber(mantel.pValue)}`);
  return parts.join(' · ');
}

export function structureSpec(results: RunResults, options: ChartOptions): TopLevelSpec {
  const { theme } = options;
  const width = options.width ?? DEFAULT_WIDTH;
  const selection = resolveSelection(results, options.selection);
  const data = structureData(results, selection.condition, selection.group, selection.method);
  const size = Math.max(1, data.order.length);
  const labels = itemAxisLabels(results);
  const labelWidth = Math.min(200, 7 * Math.max(...data.order.map((item) => (labels.get(item) ?? item).length), 4));
  const legendWidth = 110;
  // As many heatmaps per row as keep their cells at least 8 px; one per row on a narrow panel.
  const cellFor = (columns: number) => Math.floor((width - labelWidth - legendWidth - 24 * (columns - 1)) / (columns * size));
  const columns = [3, 2].find((candidate) => cellFor(candidate) >= 8) ?? 1;
  const cell = Math.max(5, Math.min(18, cellFor(columns)));
  const side = cell * size;
  const labelFontSize = Math.max(7, Math.min(theme.fontSize - 1, cell));
  const labelIsSelected = (test: string) => `${SELECTED_ITEM} && (${test})`;
  const yLabelSelected = labelIsSelected(`datum.value === ${SELECTED_ITEM} || indexof(datum.value, ${SELECTED_ITEM} + ' ') === 0`);
  const xLabelSelected = labelIsSelected(`datum.value === ${SELECTED_ITEM}`);
  const conditionName = data.condition ?? 'model';
  const maxDifference = Math.max(0.1, ...data.cells.map((entry) => Math.abs(entry.difference ?? 0)));
  const differenceLimit = Math.ceil(maxDifference * 10) / 10;
  const groupNote = data.group === ALL_GROUP ? 'all respondents' : `group ${data.group}`;
  const tooltip = [
    { field: 'itemTitle', title: 'row' },
    { field: 'colTitle', title: 'column' },
    { field: 'human', title: 'human r', format: '.3f' },
    { field: 'model', title: `${conditionName} r`, format: '.3f' },
    { field: 'difference', title: `${conditionName} − human`, format: '+.3f' },
  ];

  const heatmap = (index: number, field: 'human' | 'model' | 'difference', title: string): NonNormalizedSpec => {
    const showRowLabels = index % columns === 0;
    const scale =
      field === 'difference'
        ? { domain: [-differenceLimit, 0, differenceLimit], range: theme.diverging }
        : { domain: [-1, 0, 1], range: theme.diverging };
    const xEncoding = {
      field: 'col',
      type: 'nominal' as const,
      sort: data.order,
      title: null,
      axis: {
        labelAngle: -90,
        labelFontSize,
        labelPadding: 2,
        ticks: false,
        domain: false,
        labelFontWeight: { expr: `${xLabelSelected} ? 'bold' : 'normal'` },
        labelColor: { expr: `${xLabelSelected} ? ${JSON.stringify(theme.highlight)} : ${JSON.stringify(theme.foreground)}` },
      },
    };
    const yEncoding = {
      field: 'rowLabel',
      type: 'nominal' as const,
      sort: data.order.map((item) => labels.get(item) ?? item),
      title: null,
      axis: showRowLabels
        ? {
            labelFontSize,
            labelLimit: labelWidth,
            ticks: false,
            domain: false,
            labelFontWeight: { expr: `${yLabelSelected} ? 'bold' : 'normal'` },
            labelColor: { expr: `${yLabelSelected} ? ${JSON.stringify(theme.highlight)} : ${JSON.stringify(theme.foreground)}` },
          }
        : null,
    };
    // The selected item's row and column, outlined across the whole matrix.
    const outline = { type: 'rect' as const, fill: null, stroke: theme.highlight, strokeWidth: theme.strokeWidth };
    return {
      width: side,
      height: side,
      title: { text: title, anchor: 'start', fontSize: theme.fontSize },
      data: { name: 'cells' },
      layer: [
        {
          // invalid: null keeps undefined correlations as cells in the missing colour (config.scale.invalid).
          mark: { type: 'rect', strokeWidth: 0, invalid: null },
          encoding: {
            x: xEncoding,
            y: yEncoding,
            color: {
              field,
              type: 'quantitative',
              scale,
              title: field === 'difference' ? 'model − human' : 'r',
              legend: field === 'model' ? null : { gradientLength: Math.min(160, side), orient: 'right', format: field === 'difference' ? '+.1f' : '.1f' },
            },
            tooltip,
          },
        },
        { transform: [{ filter: `datum.item === ${SELECTED_ITEM} && datum.colIndex === 0` }], mark: outline, encoding: { y: yEncoding } },
        { transform: [{ filter: `datum.col === ${SELECTED_ITEM} && datum.rowIndex === 0` }], mark: outline, encoding: { x: xEncoding } },
      ],
    };
  };

  const values = data.pairs.flatMap((pair) => [pair.human, pair.model]);
  const low = Math.min(-0.2, Math.floor(Math.min(0, ...values) * 10) / 10);
  const high = Math.max(0.2, Math.ceil(Math.max(0, ...values) * 10) / 10);
  const scatterSide = Math.max(200, Math.min(side, 360));
  const colours = conditionColours(results, theme);
  const conditionColour = colours.range[Math.max(0, colours.domain.indexOf(conditionName))] ?? theme.foreground;
  const pairSelected = `datum.a === ${SELECTED_ITEM} || datum.b === ${SELECTED_ITEM}`;
  const scatter: NonNormalizedSpec = {
    width: scatterSide,
    height: scatterSide,
    title: { text: `Every pair: human r vs ${conditionName} r`, subtitle: 'on the diagonal = reproduced', anchor: 'start', fontSize: theme.fontSize },
    layer: [
      {
        data: { values: [{ r: low }, { r: high }] },
        mark: { type: 'line', color: theme.muted, strokeDash: [4, 3], strokeWidth: 1 },
        encoding: {
          x: { field: 'r', type: 'quantitative', scale: { domain: [low, high], nice: false }, title: 'human r' },
          y: { field: 'r', type: 'quantitative', scale: { domain: [low, high], nice: false }, title: `${conditionName} r` },
        },
      },
      {
        data: { name: 'pairs' },
        mark: { type: 'circle', size: 22, color: conditionColour },
        encoding: {
          x: { field: 'human', type: 'quantitative', axis: { grid: true, tickCount: 5 } },
          y: { field: 'model', type: 'quantitative', axis: { grid: true, tickCount: 5 } },
          opacity: { condition: { test: `!${SELECTED_ITEM} || ${pairSelected}`, value: 0.85 }, value: theme.dimOpacity * 0.7 },
          size: { condition: { test: `${SELECTED_ITEM} && (${pairSelected})`, value: 60 }, value: 22 },
          stroke: { condition: { test: `${SELECTED_ITEM} && (${pairSelected})`, value: theme.foreground }, value: null },
          tooltip: [
            { field: 'pairTitle', title: 'pair' },
            { field: 'human', title: 'human r', format: '.3f' },
            { field: 'model', title: `${conditionName} r`, format: '.3f' },
            { field: 'difference', title: 'difference', format: '+.3f' },
          ],
        },
      },
    ],
  };

  const panels: NonNormalizedSpec[] = [
    heatmap(0, 'human', `Human (${groupNote})`),
    heatmap(1, 'model', conditionName),
    heatmap(2, 'difference', `${conditionName} − human`),
    scatter,
  ];
  if (data.latent.length > 0) {
    const latentColours = { domain: ['human', conditionName], range: [theme.human, conditionColour] };
    panels.push({
      width: Math.max(160, Math.min(side, 300)),
      height: Math.max(160, Math.min(scatterSide, 240)),
      title: { text: 'Principal components', subtitle: 'variance explained · Tucker congruence after Procrustes', anchor: 'start', fontSize: theme.fontSize },
      data: { name: 'latent' },
      encoding: { x: { field: 'component', type: 'nominal', title: null, axis: { labelAngle: 0 } } },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            xOffset: { field: 'population', type: 'nominal', sort: latentColours.domain },
            y: { field: 'explained', type: 'quantitative', title: 'share of variance', axis: { format: '.0%', grid: true, tickCount: 4 } },
            color: { field: 'population', type: 'nominal', scale: latentColours, legend: { orient: 'top', title: null } },
            tooltip: [
              { field: 'component', title: 'component' },
              { field: 'population', title: 'population' },
              { field: 'explained', title: 'explained', format: '.1%' },
              { field: 'congruence', title: 'congruence', format: '.2f' },
              { field: 'band', title: 'reading' },
            ],
          },
        },
        {
          transform: [{ filter: "datum.population === 'human' && isValid(datum.congruence)" }, { calculate: "'c = ' + format(datum.congruence, '.2f')", as: 'congruenceText' }],
          mark: { type: 'text', baseline: 'bottom', dy: -3, fontSize: Math.max(9, theme.fontSize - 2) },
          encoding: {
            y: { field: 'explained', type: 'quantitative' },
            text: { field: 'congruenceText', type: 'nominal' },
            color: { value: theme.muted },
          },
        },
      ],
    });
  }

  const title = `Correlation structure · ${conditionName} vs human · ${groupNote} · ${data.method}`;
  const notes = [comparisonLine(results, data), `items ordered by average-linkage clustering of the human matrix (1 − r) · click a cell or label`];
  if (data.group !== selection.group) notes.push(`group ${selection.group} has no correlation matrix (too few respondents); showing all respondents`);
  const headline = results.headlines.find((entry) => entry.condition === data.condition);
  if (data.group === ALL_GROUP && headline && headline.structureBasis !== 'all' && headline.structureMethod === data.method) {
    // Pooling personas of different groups creates structure of its own: say which number is the headline.
    notes.push(
      `pooled over all groups; the headline is the within-group r ${formatNumber(headline.structureR)} (${headline.structureGroups.length} groups, ${headline.structureBasis === 'partition' ? 'by human shares' : 'equal weights'})`,
    );
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: notes, anchor: 'start' },
    params: selectionParams(results, selection.item),
    datasets: { cells: data.cells, pairs: data.pairs, latent: data.latent },
    concat: panels,
    columns,
    align: 'each',
    spacing: { row: 28, column: 20 },
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    config: vegaLiteConfig(theme),
  };
}
