/** The chart theme from the editor's current colours (VS Code's `--vscode-*` CSS variables). */
import { themeFromCssVariables, themeKindFromBodyClasses, type ChartTheme } from '../src/core/charts/theme';

export function currentTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const kind = themeKindFromBodyClasses(Array.from(document.body.classList));
  return themeFromCssVariables(kind, (name) => style.getPropertyValue(name));
}

/** A fingerprint of the theme, so a re-render happens only when a colour actually changed. */
export function themeKey(theme: ChartTheme): string {
  return JSON.stringify(theme);
}

/**
 * Calls `onChange` when VS Code switches theme: it changes the body's class
 * (vscode-light / vscode-dark / vscode-high-contrast…) and the variables on <html>.
 */
export function watchTheme(onChange: () => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, 80);
  };
  const observer = new MutationObserver(schedule);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}
