/**
 * What every chart shares: the user's selection (item, condition, group, correlation method)
 * checked against the run, and lookups into the results' flat tables.
 */
import type { CorrelationMethod } from '../config/resolved';
import { ALL_GROUP, HUMAN_POPULATION, type CorrelationMatrixResult, type MarginalCell, type RunResults } from '../results/types';
import type { Field } from 'vega-lite/build/channeldef';
import type { LayerSpec, UnitSpec } from 'vega-lite/build/spec/index';
import { itemFullLabels, truncateLabel } from './labels';
import type { ChartTheme } from './theme';

/** What a `layer` array holds. */
export type LayerChild = LayerSpec<Field> | UnitSpec<Field>;

/** What the user picked; anything missing or unknown falls back to a default (`resolveSelection`). */
export interface ChartSelection {
  item?: string | null;
  condition?: string;
  group?: string;
  method?: CorrelationMethod;
}

export interface ResolvedSelection {
  /** The highlighted item; null when nothing is selected. */
  item: string | null;
  /** The item whose answers the marginals view shows: the selected one, else the most divergent. */
  shownItem: string | null;
  /** Null only when the run has no conditions. */
  condition: string | null;
  group: string;
  method: CorrelationMethod;
}

export interface ChartOptions {
  theme: ChartTheme;
  /** Width available to the chart in CSS pixels (the panel's width); charts size themselves to it. */
  width?: number;
  selection?: ChartSelection;
}

export const DEFAULT_WIDTH = 900;

/**
 * The names of the Vega-Lite params every view declares, so the webview can change the
 * selection without rebuilding the chart: `view.signal(SELECTED_ITEM, id)`.
 */
export const SELECTED_ITEM = 'selectedItem';
export const SELECTED_ITEM_LABEL = 'selectedItemLabel';

/** Items whose `all`-group marginal distance is largest, over conditions (ties by item order). */
export function itemsByDivergence(results: RunResults, group = ALL_GROUP): string[] {
  const worst = new Map<string, number>();
  for (const cell of results.marginals.cells) {
    if (cell.group !== group || cell.distance === null) continue;
    worst.set(cell.item, Math.max(worst.get(cell.item) ?? -Infinity, cell.distance));
  }
  const position = new Map(results.items.map((item, index) => [item.id, index]));
  return results.items
    .map((item) => item.id)
    .sort((a, b) => (worst.get(b) ?? -Infinity) - (worst.get(a) ?? -Infinity) || position.get(a)! - position.get(b)!);
}

/** The correlation methods the run computed, in config order. */
export function correlationMethods(results: RunResults): CorrelationMethod[] {
  const configured = results.config.resolved.metrics?.correlation ?? [];
  const present = new Set(results.structure.matrices.map((matrix) => matrix.method));
  const methods = configured.filter((method) => present.has(method));
  for (const method of present) if (!methods.includes(method)) methods.push(method);
  return methods.length > 0 ? methods : ['pearson'];
}

/** The selection with every gap filled and every unknown name replaced by a default. */
export function resolveSelection(results: RunResults, selection: ChartSelection = {}): ResolvedSelection {
  const conditions = results.conditions.map((condition) => condition.name);
  const groups = results.groups.map((group) => group.name);
  const methods = correlationMethods(results);
  const items = results.items.map((item) => item.id);
  const item = selection.item && items.includes(selection.item) ? selection.item : null;
  return {
    item,
    shownItem: item ?? itemsByDivergence(results)[0] ?? null,
    condition: selection.condition && conditions.includes(selection.condition) ? selection.condition : (conditions[0] ?? null),
    group: selection.group && groups.includes(selection.group) ? selection.group : ALL_GROUP,
    method: selection.method && methods.includes(selection.method) ? selection.method : methods[0]!,
  };
}

export function findMatrix(
  results: RunResults,
  population: string,
  group: string,
  method: CorrelationMethod,
  level: CorrelationMatrixResult['level'] = 'respondent',
): CorrelationMatrixResult | undefined {
  return results.structure.matrices.find(
    (matrix) => matrix.population === population && matrix.group === group && matrix.method === method && matrix.level === level,
  );
}

export function findHumanMatrix(results: RunResults, group: string, method: CorrelationMethod): CorrelationMatrixResult | undefined {
  return findMatrix(results, HUMAN_POPULATION, group, method);
}

/**
 * A full symmetric P x P matrix from a strict upper triangle stored row-major (i < j), with 1 on
 * the diagonal. Throws when the triangle's length does not fit P.
 */
export function upperTriangleToMatrix(values: readonly (number | null)[], size: number): (number | null)[][] {
  const expected = (size * (size - 1)) / 2;
  if (values.length !== expected) {
    throw new Error(`upperTriangleToMatrix: ${size} items need ${expected} upper-triangle values, got ${values.length}`);
  }
  const matrix: (number | null)[][] = Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => (i === j ? 1 : null)));
  let index = 0;
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const value = values[index++] ?? null;
      const finite = value !== null && Number.isFinite(value) ? value : null;
      matrix[i]![j] = finite;
      matrix[j]![i] = finite;
    }
  }
  return matrix;
}

/** Marginal cells indexed by `item|group|condition`. */
export function cellIndex(results: RunResults): Map<string, MarginalCell> {
  return new Map(results.marginals.cells.map((cell) => [`${cell.item}|${cell.group}|${cell.condition}`, cell]));
}

/** `value` rounded to `digits` decimals for chart data (keeps specs and CSV exports small). */
export function round(value: number | null | undefined, digits = 4): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Position of each condition in the theme's categorical palette (stable across views). */
export function conditionColours(results: RunResults, theme: ChartTheme): { domain: string[]; range: string[] } {
  const domain = results.conditions.map((condition) => condition.name);
  return { domain, range: domain.map((_, index) => theme.categorical[index % theme.categorical.length]!) };
}

/** The text the charts show for the selected item (e.g. in the distributions' title). */
export function selectionLabel(results: Pick<RunResults, 'items'>, item: string | null): string {
  return item ? truncateLabel(itemFullLabels(results).get(item) ?? item, 60) : '';
}

/** The params every view declares, so the webview can move the selection in all of them alike. */
export function selectionParams(results: Pick<RunResults, 'items'>, item: string | null): { name: string; value: string | null }[] {
  return [
    { name: SELECTED_ITEM, value: item },
    { name: SELECTED_ITEM_LABEL, value: selectionLabel(results, item) },
  ];
}
