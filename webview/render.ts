/**
 * Embeds a Vega-Lite spec under the panel's CSP: Vega's expressions run in its AST interpreter
 * (no `Function`/eval), the loader refuses every fetch (all data is inline), vega-embed and
 * vega-tooltip inject no <style> (their styles are in media/panel.css), and the SVG renderer is
 * used so marks can be counted and exported as vectors.
 */
import embed, { type Result } from 'vega-embed';
import { loader as vegaLoader, type Loader } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import type { TopLevelSpec } from 'vega-lite/build/index';

function refuse(what: string): Promise<never> {
  return Promise.reject(new Error(`RepScope charts load nothing from outside the results (${what})`));
}

/** A loader that fetches nothing: the specs carry their data inline. */
function offlineLoader(): Loader {
  const loader = vegaLoader();
  loader.load = (uri) => refuse(uri);
  loader.sanitize = (uri) => refuse(uri);
  loader.http = (uri) => refuse(uri);
  loader.file = (file) => refuse(file);
  return loader;
}

const LOADER = offlineLoader();

export async function embedChart(container: HTMLElement, spec: TopLevelSpec): Promise<Result> {
  return embed(container, spec, {
    mode: 'vega-lite',
    renderer: 'svg',
    actions: false,
    ast: true,
    expr: expressionInterpreter,
    loader: LOADER,
    defaultStyle: false,
    tooltip: { theme: 'custom', disableDefaultStyle: true, offsetX: 12, offsetY: 12 },
    logLevel: 1,
  });
}

/** Data marks in the rendered SVG (bars, cells, points, rules, texts; not axes or legends). */
export function countMarks(container: HTMLElement): number {
  return container.querySelectorAll('svg g.role-mark > *').length;
}
