/**
 * Charts of a run as Vega-Lite specs: pure functions of the results, the user's selection and
 * the editor's theme. The results panel renders them; tests compile them in Node.
 */
import type { TopLevelSpec } from 'vega-lite/build/index';
import type { RunResults } from '../results/types';
import type { PanelView } from './views';
import { groupsSpec } from './groups';
import { marginalsSpec } from './marginals';
import type { ChartOptions } from './model';
import { overviewSpec } from './overview';
import { structureSpec } from './structure';

export const VIEW_SPECS: Record<PanelView, (results: RunResults, options: ChartOptions) => TopLevelSpec> = {
  overview: overviewSpec,
  marginals: marginalsSpec,
  structure: structureSpec,
  groups: groupsSpec,
};

export function viewSpec(view: PanelView, results: RunResults, options: ChartOptions): TopLevelSpec {
  return VIEW_SPECS[view](results, options);
}

export { averageLinkage, clusterOrder, type Dendrogram } from './clusterOrder';
export { vegaLiteConfig } from './config';
export { specDataCsv, rowsToCsv, csvField } from './csv';
export { groupsSpec, groupScoreRows, groupItemRows } from './groups';
export { itemAxisLabel, itemAxisLabels, itemFullLabels, truncateLabel, wrapText } from './labels';
export { marginalsSpec, rankingRows, distributionRows } from './marginals';
export {
  correlationMethods,
  itemsByDivergence,
  resolveSelection,
  upperTriangleToMatrix,
  SELECTED_ITEM,
  SELECTED_ITEM_LABEL,
  type ChartOptions,
  type ChartSelection,
  type ResolvedSelection,
} from './model';
export { culturalMapData, overviewSpec, overviewRows, pairRows, type CulturalMapLinkRow, type CulturalMapRow } from './overview';
export { structureSpec, structureData } from './structure';
export {
  defaultTheme,
  themeFromCssVariables,
  themeKindFromBodyClasses,
  DARK_THEME,
  HIGH_CONTRAST_LIGHT_THEME,
  HIGH_CONTRAST_THEME,
  LIGHT_THEME,
  type ChartTheme,
  type ThemeKind,
} from './theme';
