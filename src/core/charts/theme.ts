/**
 * Colours and type for the charts, resolved from the editor's theme. The webview reads VS Code's
 * `--vscode-*` CSS variables and passes them through `themeFromCssVariables`; tests and exports
 * outside the editor use the defaults. Charts never hard-code a colour that must contrast with
 * the background: they take it from here.
 */

export type ThemeKind = 'light' | 'dark' | 'highContrast' | 'highContrastLight';

export interface ChartTheme {
  kind: ThemeKind;
  foreground: string;
  /** Secondary text: subtitles, axis titles, notes. */
  muted: string;
  background: string;
  /** Gridlines and axis domains. */
  grid: string;
  fontFamily: string;
  fontSize: number;
  /** Correlations from -1 to 1: negative, zero, positive (blue, white, red). */
  diverging: [string, string, string];
  /** Distances from 0 (close) to the largest (far). */
  sequential: [string, string];
  /** Conditions, in condition order. */
  categorical: string[];
  /** The human reference population (neutral, so conditions stand out against it). */
  human: string;
  /** The selected item's marks and labels. */
  highlight: string;
  /** Cells with no value (not scored, undefined correlation). */
  missing: string;
  /** The null..ceiling band behind structure r. */
  band: string;
  /** Opacity of marks that are not selected while something is selected. */
  dimOpacity: number;
  /** Stroke width of point and rule marks (wider in high contrast). */
  strokeWidth: number;
}

const FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", "Ubuntu", "Droid Sans", sans-serif';

/** ColorBrewer RdBu ends with a white middle: reads as "no correlation" in every theme. */
const RED_WHITE_BLUE: [string, string, string] = ['#2166ac', '#f7f7f7', '#b2182b'];

export const LIGHT_THEME: ChartTheme = {
  kind: 'light',
  foreground: '#3b3b3b',
  muted: '#717171',
  background: '#ffffff',
  grid: '#e5e5e5',
  fontFamily: FONT,
  fontSize: 12,
  diverging: RED_WHITE_BLUE,
  sequential: ['#fff5eb', '#a63603'],
  categorical: ['#1a85ff', '#d41159', '#388a34', '#bf8803', '#652d90', '#0f7c8a'],
  human: '#6b6b6b',
  highlight: '#005fb8',
  missing: '#b4b4b4',
  band: '#9a9a9a',
  dimOpacity: 0.3,
  strokeWidth: 1.5,
};

export const DARK_THEME: ChartTheme = {
  kind: 'dark',
  foreground: '#cccccc',
  muted: '#9d9d9d',
  background: '#1f1f1f',
  grid: '#3c3c3c',
  fontFamily: FONT,
  fontSize: 12,
  diverging: ['#4393c3', '#f7f7f7', '#d6604d'],
  sequential: ['#fff5eb', '#d94801'],
  categorical: ['#3794ff', '#f14c4c', '#89d185', '#cca700', '#b180d7', '#4ec9b0'],
  human: '#a0a0a0',
  highlight: '#4daafc',
  missing: '#5a5a5a',
  band: '#8a8a8a',
  dimOpacity: 0.3,
  strokeWidth: 1.5,
};

export const HIGH_CONTRAST_THEME: ChartTheme = {
  kind: 'highContrast',
  foreground: '#ffffff',
  muted: '#ffffff',
  background: '#000000',
  grid: '#6fc3df',
  fontFamily: FONT,
  fontSize: 13,
  // The same ramps as the normal themes: brighter ends would tint near-zero cells.
  diverging: ['#4393c3', '#f7f7f7', '#d6604d'],
  sequential: ['#ffffff', '#ff8c00'],
  categorical: ['#3794ff', '#ff8c00', '#89d185', '#ffd700', '#b180d7', '#4ec9b0'],
  human: '#ffffff',
  highlight: '#f38518',
  missing: '#808080',
  band: '#ffffff',
  dimOpacity: 0.45,
  strokeWidth: 2.5,
};

export const HIGH_CONTRAST_LIGHT_THEME: ChartTheme = {
  kind: 'highContrastLight',
  foreground: '#000000',
  muted: '#000000',
  background: '#ffffff',
  grid: '#0f4a85',
  fontFamily: FONT,
  fontSize: 13,
  diverging: RED_WHITE_BLUE,
  sequential: ['#ffffff', '#8f3200'],
  categorical: ['#0f4a85', '#b5200d', '#205a00', '#7a5600', '#5a2d8a', '#005e6b'],
  human: '#000000',
  highlight: '#006bbd',
  missing: '#808080',
  band: '#000000',
  dimOpacity: 0.45,
  strokeWidth: 2.5,
};

export function defaultTheme(kind: ThemeKind): ChartTheme {
  switch (kind) {
    case 'light':
      return LIGHT_THEME;
    case 'dark':
      return DARK_THEME;
    case 'highContrast':
      return HIGH_CONTRAST_THEME;
    case 'highContrastLight':
      return HIGH_CONTRAST_LIGHT_THEME;
  }
}

/** The theme kind VS Code announces through the webview body's classes. */
export function themeKindFromBodyClasses(classes: readonly string[]): ThemeKind {
  if (classes.includes('vscode-high-contrast-light')) return 'highContrastLight';
  if (classes.includes('vscode-high-contrast')) return 'highContrast';
  if (classes.includes('vscode-dark')) return 'dark';
  return 'light';
}

/**
 * The chart theme for the editor's current colours. `read` returns a CSS variable's value (empty
 * when unset); anything unset falls back to the default theme of that kind. Diverging and
 * sequential ramps stay fixed per kind: their meaning must not depend on a colour theme.
 */
export function themeFromCssVariables(kind: ThemeKind, read: (name: string) => string): ChartTheme {
  const base = defaultTheme(kind);
  const pick = (fallback: string, ...names: string[]): string => {
    for (const name of names) {
      const value = read(name).trim();
      if (value) return value;
    }
    return fallback;
  };
  const fontSize = Number.parseFloat(read('--vscode-font-size'));
  const chartColours = ['blue', 'red', 'green', 'yellow', 'purple', 'orange'].map((name, index) =>
    pick(base.categorical[index] ?? base.foreground, `--vscode-charts-${name}`),
  );
  return {
    ...base,
    foreground: pick(base.foreground, '--vscode-editor-foreground', '--vscode-foreground'),
    muted: pick(base.muted, '--vscode-descriptionForeground'),
    background: pick(base.background, '--vscode-editor-background'),
    grid: pick(base.grid, '--vscode-charts-lines', '--vscode-editorWidget-border', '--vscode-panel-border'),
    fontFamily: pick(base.fontFamily, '--vscode-font-family'),
    fontSize: Number.isFinite(fontSize) && fontSize > 0 ? fontSize : base.fontSize,
    categorical: chartColours,
    human: pick(base.human, '--vscode-charts-foreground', '--vscode-descriptionForeground'),
    highlight: pick(base.highlight, '--vscode-focusBorder'),
  };
}
