/**
 * The groups view: how each condition does in each group, on marginals (distance) and on
 * structure (r), as group x condition tables with the numbers written in the cells, and the
 * selected condition's per-item distance in every group (which items go wrong for whom).
 */
import type { TopLevelSpec } from 'vega-lite/build/index';
import type { NonNormalizedSpec } from 'vega-lite/build/spec/index';
import { ALL_GROUP, type RunResults } from '../results/types';
import { vegaLiteConfig } from './config';
import { itemAxisLabels, itemFullLabels } from './labels';
import { cellIndex, DEFAULT_WIDTH, resolveSelection, selectionParams, round, SELECTED_ITEM, type ChartOptions } from './model';

export interface GroupScoreRow {
  group: string;
  groupTitle: string;
  condition: string;
  distance: number | null;
  representativeness: number | null;
  nItems: number;
  structureR: number | null;
  structureRmse: number | null;
  nHuman: number;
  nModel: number;
}

export interface GroupItemRow {
  item: string;
  itemLabel: string;
  itemTitle: string;
  group: string;
  condition: string;
  distance: number | null;
  note: string;
}

/** One row per group x condition: the aggregate marginal distance and the structure r in that group. */
export function groupScoreRows(results: RunResults, method: string): GroupScoreRow[] {
  const rows: GroupScoreRow[] = [];
  for (const group of results.groups) {
    for (const condition of results.conditions) {
      const aggregate = results.marginals.aggregates.find((entry) => entry.group === group.name && entry.condition === condition.name);
      const comparison = results.structure.comparisons.find(
        (entry) => entry.group === group.name && entry.condition === condition.name && entry.method === method && entry.level === 'respondent',
      );
      rows.push({
        group: group.name,
        groupTitle: group.description ? `${group.name} (${group.description})` : group.name,
        condition: condition.name,
        distance: round(aggregate?.distance ?? null),
        representativeness: round(aggregate?.representativeness ?? null),
        nItems: aggregate?.nItems ?? 0,
        structureR: round(comparison?.r ?? null),
        structureRmse: round(comparison?.rmse ?? null),
        nHuman: group.nHuman,
        nModel: group.nByCondition[condition.name] ?? 0,
      });
    }
  }
  return rows;
}

/** The condition's distance per item x group, items from the furthest (in the `all` group) down. */
export function groupItemRows(results: RunResults, condition: string | null): GroupItemRow[] {
  if (!condition) return [];
  const cells = cellIndex(results);
  const labels = itemAxisLabels(results);
  const titles = itemFullLabels(results);
  const rows: GroupItemRow[] = [];
  const order = results.items
    .map((item, index) => ({ item: item.id, index, distance: cells.get(`${item.id}|${ALL_GROUP}|${condition}`)?.distance ?? -Infinity }))
    .sort((a, b) => b.distance - a.distance || a.index - b.index)
    .map((entry) => entry.item);
  for (const item of order) {
    for (const group of results.groups) {
      const cell = cells.get(`${item}|${group.name}|${condition}`);
      if (!cell) continue;
      rows.push({
        item,
        itemLabel: labels.get(item) ?? item,
        itemTitle: titles.get(item) ?? item,
        group: group.name,
        condition,
        distance: round(cell.distance),
        note: cell.note ?? '',
      });
    }
  }
  return rows;
}

/** Relative luminance of a #rrggbb colour (WCAG), to pick readable text over a cell. */
function luminance(hex: string): number {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!match) return 0.5;
  const value = Number.parseInt(match[1]!, 16);
  const channel = (shift: number) => {
    const c = ((value >> shift) & 255) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
}

export function groupsSpec(results: RunResults, options: ChartOptions): TopLevelSpec {
  const { theme } = options;
  const width = options.width ?? DEFAULT_WIDTH;
  const selection = resolveSelection(results, options.selection);
  const scores = groupScoreRows(results, selection.method);
  const itemRows = groupItemRows(results, selection.condition);
  const groups = results.groups.map((group) => group.name);
  const conditions = results.conditions.map((condition) => condition.name);
  const maxDistance = Math.max(0.05, ...scores.map((row) => row.distance ?? 0), ...itemRows.map((row) => row.distance ?? 0));
  const distanceDomain = [0, round(maxDistance, 3)!];
  // Dark text on the light end of a ramp, light text on the dark end.
  const darkText = '#1e1e1e';
  const lightText = '#ffffff';
  const textOn = (colour: string) => (luminance(colour) > 0.35 ? darkText : lightText);
  const cellWidth = Math.max(56, Math.min(110, Math.floor((width - 200) / Math.max(2, conditions.length * 2))));
  const rowHeight = 22;
  const groupAxis = { field: 'group', type: 'nominal' as const, sort: groups, title: null, axis: { labelFontSize: theme.fontSize - 1, ticks: false, domain: false } };
  const conditionAxis = { field: 'condition', type: 'nominal' as const, sort: conditions, title: null, axis: { orient: 'top' as const, labelAngle: 0, ticks: false, domain: false, labelLimit: cellWidth } };
  const scoreTooltip = [
    { field: 'groupTitle', title: 'group' },
    { field: 'condition', title: 'condition' },
    { field: 'distance', title: 'marginal distance', format: '.3f' },
    { field: 'representativeness', title: 'representativeness', format: '.3f' },
    { field: 'nItems', title: 'items scored' },
    { field: 'structureR', title: `structure r (${selection.method})`, format: '.3f' },
    { field: 'structureRmse', title: 'structure RMSE', format: '.3f' },
    { field: 'nHuman', title: 'human respondents', format: ',' },
    { field: 'nModel', title: 'model respondents', format: ',' },
  ];
  const scoreTable = (field: 'distance' | 'structureR', title: string, subtitle: string): NonNormalizedSpec => {
    const isDistance = field === 'distance';
    const scale = isDistance ? { domain: distanceDomain, range: theme.sequential } : { domain: [-1, 0, 1], range: theme.diverging };
    const threshold = isDistance ? maxDistance * 0.55 : 0.6;
    const strongColour = isDistance ? theme.sequential[1] : theme.diverging[2];
    return {
      width: cellWidth * Math.max(1, conditions.length),
      height: rowHeight * groups.length,
      title: { text: title, subtitle, anchor: 'start', fontSize: theme.fontSize },
      data: { name: 'scores' },
      encoding: { x: conditionAxis, y: groupAxis, tooltip: scoreTooltip },
      layer: [
        {
          // invalid: null keeps unscored cells (drawn in the missing colour, see config.scale.invalid).
          mark: { type: 'rect', stroke: theme.background, strokeWidth: 1, invalid: null },
          encoding: {
            color: { field, type: 'quantitative', scale, legend: null },
          },
        },
        {
          transform: [{ filter: `isValid(datum.${field})` }],
          mark: { type: 'text', fontSize: theme.fontSize - 1 },
          encoding: {
            text: { field, type: 'quantitative', format: '.3f' },
            color: {
              condition: { test: isDistance ? `datum.${field} > ${threshold}` : `abs(datum.${field}) > ${threshold}`, value: textOn(strongColour) },
              value: textOn(isDistance ? theme.sequential[0] : theme.diverging[1]),
            },
          },
        },
      ],
    };
  };

  const itemOrder = [...new Set(itemRows.map((row) => row.itemLabel))];
  const yLabelSelected = `${SELECTED_ITEM} && (datum.value === ${SELECTED_ITEM} || indexof(datum.value, ${SELECTED_ITEM} + ' ') === 0)`;
  const itemY = {
    field: 'itemLabel',
    type: 'nominal' as const,
    sort: itemOrder,
    title: null,
    axis: {
      labelLimit: 240,
      ticks: false,
      domain: false,
      labelFontWeight: { expr: `${yLabelSelected} ? 'bold' : 'normal'` },
      labelColor: { expr: `${yLabelSelected} ? ${JSON.stringify(theme.highlight)} : ${JSON.stringify(theme.foreground)}` },
    },
  };
  const itemPanel: NonNormalizedSpec = {
    width: Math.max(200, Math.min(width - 280, 40 * groups.length)),
    height: 14 * itemOrder.length,
    title: {
      text: `Per-item distance by group · ${selection.condition ?? ''}`,
      subtitle: 'darker is further from the humans in that group · grey: not scored · click an item',
      anchor: 'start',
      fontSize: theme.fontSize,
    },
    data: { name: 'items' },
    layer: [
      {
        mark: { type: 'rect', stroke: theme.background, strokeWidth: 0.5, invalid: null },
        encoding: {
          x: { field: 'group', type: 'nominal', sort: groups, title: null, axis: { orient: 'top', labelAngle: -40, ticks: false, domain: false } },
          y: itemY,
          color: {
            field: 'distance',
            type: 'quantitative',
            scale: { domain: distanceDomain, range: theme.sequential },
            legend: { title: 'distance', orient: 'right', format: '.2f', gradientLength: 140 },
          },
          tooltip: [
            { field: 'itemTitle', title: 'item' },
            { field: 'group', title: 'group' },
            { field: 'condition', title: 'condition' },
            { field: 'distance', title: 'distance', format: '.3f' },
            { field: 'note', title: 'note' },
          ],
        },
      },
      {
        // The selected item's row, outlined.
        transform: [{ filter: `datum.item === ${SELECTED_ITEM} && datum.group === ${JSON.stringify(groups[0] ?? '')}` }],
        mark: { type: 'rect', fill: null, stroke: theme.highlight, strokeWidth: theme.strokeWidth },
        encoding: { y: itemY },
      },
    ],
  };

  const hasAll = groups.includes(ALL_GROUP);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Groups',
      subtitle: `each cell: one condition in one group${hasAll ? ` · "${ALL_GROUP}" is every respondent` : ''}`,
      anchor: 'start',
    },
    params: selectionParams(results, selection.item),
    datasets: { scores, items: itemRows },
    vconcat: [
      {
        hconcat: [
          scoreTable('distance', 'Marginal distance', 'lower is closer'),
          scoreTable('structureR', `Structure r (${selection.method})`, 'higher is closer · blank: group too small'),
        ],
        spacing: 36,
        resolve: { scale: { color: 'independent' } },
      },
      itemPanel,
    ],
    spacing: 32,
    resolve: { scale: { color: 'independent' } },
    config: vegaLiteConfig(theme),
  };
}
