/** The Vega-Lite config every view shares: the editor's colours and type, quiet axes. */
import type { Config } from 'vega-lite/build/index';
import type { ChartTheme } from './theme';

export function vegaLiteConfig(theme: ChartTheme): Config {
  const small = Math.max(9, theme.fontSize - 1);
  return {
    // The PNG/SVG exports carry the panel's background so they stay readable outside the editor.
    background: theme.background,
    padding: 8,
    font: theme.fontFamily,
    view: { stroke: null },
    title: { color: theme.foreground, subtitleColor: theme.muted, fontSize: theme.fontSize + 2, subtitleFontSize: theme.fontSize, anchor: 'start', offset: 10 },
    axis: {
      domainColor: theme.grid,
      gridColor: theme.grid,
      tickColor: theme.grid,
      labelColor: theme.foreground,
      titleColor: theme.muted,
      labelFontSize: small,
      titleFontSize: small,
      titleFontWeight: 'normal',
    },
    legend: { labelColor: theme.foreground, titleColor: theme.muted, labelFontSize: small, titleFontSize: small, titleFontWeight: 'normal' },
    header: { labelColor: theme.foreground, titleColor: theme.muted, labelFontSize: theme.fontSize, titleFontSize: small },
    text: { color: theme.foreground, fontSize: small },
    concat: { spacing: 24 },
    // Marks that keep invalid values (`invalid: null`: unscored cells, undefined correlations) get this colour.
    scale: { invalid: { color: { value: theme.missing } } },
    style: { 'guide-label': { fill: theme.foreground }, 'guide-title': { fill: theme.muted } },
  };
}
