import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DARK_THEME, HIGH_CONTRAST_THEME, themeFromCssVariables, themeKindFromBodyClasses } from '../../../src/core/charts/theme';

describe('chart theme', () => {
  it('reads the theme kind from the classes VS Code puts on the webview body', () => {
    assert.equal(themeKindFromBodyClasses(['vscode-light']), 'light');
    assert.equal(themeKindFromBodyClasses(['vscode-dark']), 'dark');
    assert.equal(themeKindFromBodyClasses(['vscode-high-contrast']), 'highContrast');
    assert.equal(themeKindFromBodyClasses(['vscode-high-contrast', 'vscode-high-contrast-light']), 'highContrastLight');
    assert.equal(themeKindFromBodyClasses([]), 'light');
  });

  it("takes the editor's colours from its CSS variables and keeps the default for unset ones", () => {
    const variables: Record<string, string> = {
      '--vscode-editor-foreground': ' #d4d4d4 ',
      '--vscode-editor-background': '#1e1e1e',
      '--vscode-charts-blue': '#0000ff',
      '--vscode-font-size': '14px',
    };
    const theme = themeFromCssVariables('dark', (name) => variables[name] ?? '');
    assert.equal(theme.foreground, '#d4d4d4');
    assert.equal(theme.background, '#1e1e1e');
    assert.equal(theme.categorical[0], '#0000ff');
    assert.equal(theme.categorical[1], DARK_THEME.categorical[1]);
    assert.equal(theme.fontSize, 14);
    assert.equal(theme.muted, DARK_THEME.muted);
    assert.deepEqual(theme.diverging, DARK_THEME.diverging);
  });

  it('uses wider strokes in high contrast', () => {
    const theme = themeFromCssVariables('highContrast', () => '');
    assert.equal(theme.strokeWidth, HIGH_CONTRAST_THEME.strokeWidth);
    assert.ok(theme.strokeWidth > DARK_THEME.strokeWidth);
  });
});
