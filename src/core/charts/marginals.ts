/**
 * The marginals view: which items each condition gets most wrong (per-item distance, ranked),
 * and for the selected item what the answers look like, human against each condition, in every
 * group. Selecting another item only changes the `selectedItem` param: the distributions of all
 * items are in the data and filtered in the chart, so the webview need not rebuild the spec.
 */
import type { TopLevelSpec } from 'vega-lite/build/index';
import type { NonNormalizedSpec } from 'vega-lite/build/spec/index';
import { itemDistanceInterval } from '../results/inference';
import { HUMAN_POPULATION, type RunResults } from '../results/types';
import { vegaLiteConfig } from './config';
import { itemAxisLabels, itemFullLabels, optionLegend } from './labels';
import {
  cellIndex,
  conditionColours,
  DEFAULT_WIDTH,
  itemsByDivergence,
  resolveSelection,
  selectionLabel,
  selectionParams,
  round,
  SELECTED_ITEM,
  SELECTED_ITEM_LABEL,
  type ChartOptions,
} from './model';

export interface RankingRow {
  item: string;
  itemLabel: string;
  itemTitle: string;
  condition: string;
  group: string;
  distance: number | null;
  lower: number | null;
  upper: number | null;
  metric: string;
  varianceRatio: number | null;
  invalidShare: number | null;
  flags: string;
  note: string;
}

export interface DistributionRow {
  item: string;
  group: string;
  population: string;
  code: number;
  optionLabel: string;
  share: number;
  nValid: number;
}

/** Per item x condition distance in `group`, items ranked by their worst condition. */
export function rankingRows(results: RunResults, group: string): RankingRow[] {
  const cells = cellIndex(results);
  const labels = itemAxisLabels(results);
  const titles = itemFullLabels(results);
  const scale = new Map(results.items.map((item) => [item.id, item.scale.type]));
  const rows: RankingRow[] = [];
  for (const item of itemsByDivergence(results, group)) {
    for (const condition of results.conditions) {
      const cell = cells.get(`${item}|${group}|${condition.name}`);
      if (!cell) continue;
      // The bootstrap's per-item intervals are for the `all` cell only.
      const interval = group === 'all' ? itemDistanceInterval(results, condition.name, item) : undefined;
      const flags = [cell.varianceCollapsed ? 'variance collapsed' : '', cell.modeCollapsed ? 'mode collapsed' : ''].filter(Boolean).join(', ');
      rows.push({
        item,
        itemLabel: labels.get(item) ?? item,
        itemTitle: titles.get(item) ?? item,
        condition: condition.name,
        group,
        distance: round(cell.distance),
        lower: round(interval?.lower),
        upper: round(interval?.upper),
        metric: scale.get(item) === 'ordinal' ? 'normalised W1' : 'total variation',
        varianceRatio: round(cell.varianceRatio, 3),
        invalidShare: round(cell.invalidShare, 3),
        flags,
        note: cell.note ?? '',
      });
    }
  }
  return rows;
}

/** Answer shares per item x group x population (human, then each condition) x category. */
export function distributionRows(results: RunResults): DistributionRow[] {
  const rows: DistributionRow[] = [];
  const items = new Map(results.items.map((item) => [item.id, item]));
  const humanDone = new Set<string>();
  const push = (item: string, group: string, population: string, distribution: number[] | null, nValid: number): void => {
    const info = items.get(item);
    if (!info || !distribution) return;
    info.codes.forEach((code, index) => {
      const label = info.optionLabels[String(code)] ?? '';
      rows.push({
        item,
        group,
        population,
        code,
        optionLabel: label ? `${code}: ${label}` : String(code),
        share: round(distribution[index] ?? 0)!,
        nValid,
      });
    });
  };
  for (const cell of results.marginals.cells) {
    const key = `${cell.item}|${cell.group}`;
    // The human side of a cell depends on item and group only: take it once.
    if (!humanDone.has(key)) {
      humanDone.add(key);
      push(cell.item, cell.group, HUMAN_POPULATION, cell.human.distribution, cell.human.nValid);
    }
    push(cell.item, cell.group, cell.condition, cell.model.distribution, cell.model.nValid);
  }
  return rows;
}

export function marginalsSpec(results: RunResults, options: ChartOptions): TopLevelSpec {
  const { theme } = options;
  const width = options.width ?? DEFAULT_WIDTH;
  const selection = resolveSelection(results, options.selection);
  const ranking = rankingRows(results, selection.group);
  const distributions = distributionRows(results);
  const colours = conditionColours(results, theme);
  const itemOrder = [...new Set(ranking.map((row) => row.itemLabel))];
  const conditionCount = Math.max(1, results.conditions.length);
  const hasIntervals = ranking.some((row) => row.lower !== null);
  const maxDistance = Math.max(0.05, ...ranking.flatMap((row) => [row.distance ?? 0, row.upper ?? 0]));
  const isSelected = `datum.item === ${SELECTED_ITEM}`;
  const shownItem = `(${SELECTED_ITEM} || ${JSON.stringify(selection.shownItem ?? '')})`;
  const shownLabel = `(${SELECTED_ITEM_LABEL} || ${JSON.stringify(selectionLabel(results, selection.shownItem))})`;
  const labelIsSelected = `${SELECTED_ITEM} && (datum.value === ${SELECTED_ITEM} || indexof(datum.value, ${SELECTED_ITEM} + ' ') === 0)`;

  const yOffset = { field: 'condition', type: 'nominal' as const, sort: colours.domain };
  const bandHeight = Math.max(10, 5 * conditionCount + 6);
  const rankingPanel: NonNormalizedSpec = {
    width: Math.max(220, Math.min(520, width - 300)),
    height: bandHeight * itemOrder.length,
    title: {
      text: `Per-item marginal distance · ${selection.group === 'all' ? 'all respondents' : `group ${selection.group}`}`,
      subtitle: `ranked by the worst condition · click an item${hasIntervals ? ' · whiskers: bootstrap intervals' : ''}`,
      anchor: 'start',
    },
    data: { name: 'ranking' },
    encoding: {
      y: {
        field: 'itemLabel',
        type: 'nominal',
        sort: itemOrder,
        title: null,
        axis: {
          labelLimit: 240,
          labelFontWeight: { expr: `${labelIsSelected} ? 'bold' : 'normal'` },
          labelColor: { expr: `${labelIsSelected} ? ${JSON.stringify(theme.highlight)} : ${JSON.stringify(theme.foreground)}` },
        },
      },
      tooltip: [
        { field: 'itemTitle', title: 'item' },
        { field: 'condition', title: 'condition' },
        { field: 'group', title: 'group' },
        { field: 'distance', title: 'distance', format: '.3f' },
        ...(hasIntervals ? [{ field: 'lower', title: 'lower', format: '.3f' }, { field: 'upper', title: 'upper', format: '.3f' }] : []),
        { field: 'metric', title: 'metric' },
        { field: 'varianceRatio', title: 'variance ratio', format: '.2f' },
        { field: 'invalidShare', title: 'invalid share', format: '.1%' },
        { field: 'flags', title: 'flags' },
        { field: 'note', title: 'note' },
      ],
    },
    layer: [
      {
        // A full-width strip behind the selected item's bars, so the selection shows in every row.
        transform: [{ filter: isSelected }],
        mark: { type: 'bar', color: theme.highlight, opacity: 0.16, height: { band: 1 } },
        encoding: { x: { datum: 0, type: 'quantitative' }, x2: { datum: round(maxDistance * 1.1, 3) } },
      },
      {
        mark: { type: 'bar', cornerRadiusEnd: 1 },
        encoding: {
          x: {
            field: 'distance',
            type: 'quantitative',
            title: 'normalised W1 (ordinal) / total variation (nominal)',
            scale: { domain: [0, round(maxDistance * 1.1, 3)!], nice: false },
            axis: { orient: 'top', format: '.2f', grid: true, tickCount: 5 },
          },
          yOffset,
          color: { field: 'condition', type: 'nominal', scale: colours, legend: { orient: 'top', title: null, direction: 'horizontal' } },
        },
      },
      ...(hasIntervals
        ? [
            {
              transform: [{ filter: 'isValid(datum.lower)' }],
              mark: { type: 'rule' as const, color: theme.foreground, strokeWidth: 1 },
              encoding: { x: { field: 'lower', type: 'quantitative' as const }, x2: { field: 'upper' }, yOffset },
            },
          ]
        : []),
    ],
  };

  const groups = results.groups.map((group) => group.name);
  const populations = [HUMAN_POPULATION, ...colours.domain];
  // Each facet is its plot plus a y axis (~45 px) and spacing.
  const facetColumns = Math.max(1, Math.min(groups.length, Math.floor((width - 20) / 240)));
  const distributionPanel: NonNormalizedSpec = {
    data: { name: 'distributions' },
    transform: [{ filter: `datum.item === ${shownItem}` }],
    title: {
      // Two lines: the item, then what its codes mean (when the codebook says).
      text: { expr: `['Answers to ' + ${shownLabel} + ' by group', optionLegends[${shownItem}] || '']` },
      subtitle: 'share of valid answers · human weighted as configured',
      anchor: 'start',
    },
    facet: {
      field: 'group',
      type: 'nominal',
      sort: groups,
      title: null,
      header: { labelAnchor: 'start', labelFontWeight: 'bold', labelColor: theme.foreground },
    },
    columns: facetColumns,
    spec: {
      width: Math.max(140, Math.floor((width - 20) / facetColumns) - 70),
      height: 110,
      mark: { type: 'bar', cornerRadiusEnd: 1 },
      encoding: {
        x: { field: 'code', type: 'ordinal', title: null, axis: { labelAngle: 0, labelFontSize: Math.max(8, theme.fontSize - 3) } },
        xOffset: { field: 'population', type: 'nominal', sort: populations },
        y: { field: 'share', type: 'quantitative', title: null, axis: { format: '.0%', tickCount: 3, grid: true } },
        color: {
          field: 'population',
          type: 'nominal',
          scale: { domain: populations, range: [theme.human, ...colours.range] },
          legend: { orient: 'top', title: null, direction: 'horizontal' },
        },
        tooltip: [
          { field: 'group', title: 'group' },
          { field: 'population', title: 'population' },
          { field: 'optionLabel', title: 'answer' },
          { field: 'share', title: 'share', format: '.1%' },
          { field: 'nValid', title: 'valid answers', format: ',' },
        ],
      },
    },
  };

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    params: [
      ...selectionParams(results, selection.item),
      // Item id -> what its codes mean, for the distributions' subtitle.
      { name: 'optionLegends', value: Object.fromEntries(results.items.map((item) => [item.id, optionLegend(item)])) },
    ],
    datasets: { ranking, distributions },
    vconcat: [rankingPanel, distributionPanel],
    spacing: 32,
    // Each chart starts at the left edge: the ranking's long item labels must not push the facets right.
    align: 'none',
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    config: vegaLiteConfig(theme),
  };
}
