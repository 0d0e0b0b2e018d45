/**
 * The results panel (browser side). Shows one run in four tabs (overview, marginals, structure,
 * groups), each a Vega-Lite chart from src/core/charts. Clicking an item anywhere selects it in
 * every view and asks the host to reveal it in the config; pickers choose the condition, group
 * and correlation method; each view exports PNG, SVG, CSV and the results JSON through the host.
 * State (tab, selection, results file) survives hiding and reloads via `vscode.setState`.
 */
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { Result } from 'vega-embed';
import type { TopLevelSpec } from 'vega-lite/build/index';
import { specDataCsv } from '../src/core/charts/csv';
import { itemFullLabels } from '../src/core/charts/labels';
import { correlationMethods, resolveSelection, selectionLabel, SELECTED_ITEM, SELECTED_ITEM_LABEL, type ChartSelection } from '../src/core/charts/model';
import { viewSpec } from '../src/core/charts/index';
import type { CorrelationMethod } from '../src/core/config/resolved';
import { ALL_GROUP, type RunResults } from '../src/core/results/types';
import {
  isPanelView,
  isToWebviewMessage,
  PANEL_VIEWS,
  type ExportFormat,
  type PanelFocus,
  type PanelState,
  type PanelView,
  type ToWebviewMessage,
} from '../src/shared/protocol';
import { countMarks, embedChart } from './render';
import { currentTheme, themeKey, watchTheme } from './theme';
import { vscodeApi } from './vscodeApi';

const VIEW_TITLES: Record<PanelView, string> = {
  overview: 'Overview',
  marginals: 'Marginals',
  structure: 'Structure',
  groups: 'Groups',
};

/** Which pickers change which view (the overview depends on none). */
const VIEW_DEPENDS_ON: Record<PanelView, readonly (keyof ChartSelection)[]> = {
  overview: [],
  marginals: ['group'],
  structure: ['condition', 'group', 'method'],
  groups: ['condition', 'method'],
};

interface RenderedView {
  result: Result;
  spec: TopLevelSpec;
  width: number;
  theme: string;
}

// Lit (under vscode-elements) tags any <style> it must fall back to with this nonce.
(globalThis as { litNonce?: string }).litNonce = (document.currentScript as HTMLScriptElement | null)?.nonce || undefined;

const vscode = vscodeApi();
let state: PanelState = vscode.getState() ?? {};
let results: RunResults | undefined;
const rendered = new Map<PanelView, RenderedView>();
/** Each view renders one spec at a time; a newer request supersedes an older one. */
const renderGeneration = new Map<PanelView, number>();
let knownItems = new Set<string>();

const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));

function saveState(patch: Partial<PanelState>): void {
  state = { ...state, ...patch };
  vscode.setState(state);
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function selection(): ChartSelection {
  return {
    item: state.item ?? null,
    condition: state.condition,
    group: state.group,
    method: state.method as CorrelationMethod | undefined,
  };
}

function chartWidth(): number {
  return Math.max(420, Math.floor(document.body.clientWidth) - 40);
}

// ---- layout ----

function picker(id: string, label: string, options: { value: string; label: string }[], selected: string, onChange: (value: string) => void): HTMLElement {
  const wrapper = element('label', { class: 'picker' });
  wrapper.append(element('span', { class: 'picker-label' }, label));
  const select = element('vscode-single-select', { id, 'aria-label': label });
  for (const option of options) {
    const node = element('vscode-option', { value: option.value }, option.label);
    if (option.value === selected) node.setAttribute('selected', '');
    select.append(node);
  }
  select.addEventListener('change', () => onChange(select.value));
  wrapper.append(select);
  return wrapper;
}

function exportButton(view: PanelView, format: ExportFormat, label: string, title: string): HTMLElement {
  const button = element('vscode-button', { secondary: '', title, 'data-export': format }, label);
  button.addEventListener('click', () => void exportView(view, format));
  return button;
}

function buildLayout(run: RunResults): void {
  app.replaceChildren();
  app.removeAttribute('aria-busy');
  const resolved = resolveSelection(run, selection());
  const header = element('header', { class: 'run-header' });
  const heading = element('div', { class: 'run-title' });
  heading.append(element('h1', {}, run.config.resolved.name || 'RepScope results'));
  const when = run.run.finishedAt ? new Date(run.run.finishedAt).toLocaleString() : run.run.id;
  heading.append(
    element('span', { class: 'muted' }, `${run.run.id} · ${when} · ${run.conditions.length} conditions · ${run.items.length} items · ${run.groups.filter((group) => group.name !== 'all').length} groups`),
  );
  header.append(heading);
  const pickers = element('div', { class: 'pickers' });
  pickers.append(
    picker('condition-picker', 'Condition', run.conditions.map((c) => ({ value: c.name, label: c.name })), resolved.condition ?? '', (value) => changeSelection({ condition: value })),
    picker('group-picker', 'Group', run.groups.map((g) => ({ value: g.name, label: g.description ? `${g.name} — ${g.description}` : g.name })), resolved.group, (value) => changeSelection({ group: value })),
  );
  const methods = correlationMethods(run);
  if (methods.length > 1) {
    pickers.append(picker('method-picker', 'Correlation', methods.map((m) => ({ value: m, label: m })), resolved.method, (value) => changeSelection({ method: value })));
  }
  header.append(pickers);
  app.append(header);

  const tabs = element('vscode-tabs', { id: 'views' });
  for (const view of PANEL_VIEWS) {
    tabs.append(element('vscode-tab-header', { slot: 'header', 'data-view': view }, VIEW_TITLES[view]));
    const panel = element('vscode-tab-panel', { 'data-view': view });
    const toolbar = element('div', { class: 'view-toolbar', role: 'toolbar', 'data-view': view, 'aria-label': `${VIEW_TITLES[view]} exports` });
    toolbar.append(
      exportButton(view, 'png', 'PNG', 'Save this view as a PNG image'),
      exportButton(view, 'svg', 'SVG', 'Save this view as an SVG drawing'),
      exportButton(view, 'csv', 'CSV', "Save this view's data as CSV"),
      exportButton(view, 'json', 'Results JSON', 'Save the whole results file'),
    );
    panel.append(toolbar, element('div', { class: 'chart', id: `chart-${view}`, 'data-view': view }));
    tabs.append(panel);
  }
  const initial = PANEL_VIEWS.indexOf(state.view ?? 'overview');
  tabs.selectedIndex = initial < 0 ? 0 : initial;
  tabs.addEventListener('vsc-tabs-select', (event) => {
    const view = PANEL_VIEWS[event.detail.selectedIndex];
    if (view) saveState({ view });
  });
  app.append(tabs);
}

function setPicker(id: string, value: string | undefined): void {
  const select = document.getElementById(id) as (HTMLElement & { value: string }) | null;
  if (select && value !== undefined && select.value !== value) select.value = value;
}

// ---- rendering ----

async function renderView(view: PanelView): Promise<void> {
  const run = results;
  const container = document.getElementById(`chart-${view}`);
  if (!run || !container) return;
  const generation = (renderGeneration.get(view) ?? 0) + 1;
  renderGeneration.set(view, generation);
  const theme = currentTheme();
  const width = chartWidth();
  try {
    const spec = viewSpec(view, run, { theme, width, selection: selection() });
    rendered.get(view)?.result.finalize();
    rendered.delete(view);
    container.replaceChildren();
    const result = await embedChart(container, spec);
    if (renderGeneration.get(view) !== generation) {
      result.finalize();
      return;
    }
    result.view.addEventListener('click', (_event, item) => onChartClick(item?.datum));
    rendered.set(view, { result, spec, width, theme: themeKey(theme) });
    container.dataset.rendered = 'true';
    reportRendered(view);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    container.replaceChildren(element('p', { class: 'error' }, `Could not draw this view: ${message}`));
    vscode.postMessage({ type: 'error', view, message });
  }
}

function reportRendered(view: PanelView): void {
  const container = document.getElementById(`chart-${view}`);
  if (!container) return;
  const marks = countMarks(container);
  container.dataset.marks = String(marks);
  vscode.postMessage({ type: 'rendered', view, marks });
}

async function renderViews(views: readonly PanelView[]): Promise<void> {
  // The visible view first, so the user sees something while the others draw.
  const current = state.view ?? 'overview';
  const ordered = [...views].sort((a, b) => Number(b === current) - Number(a === current));
  for (const view of ordered) await renderView(view);
  document.body.dataset.rendered = String(rendered.size);
}

// ---- selection ----

/** The item a clicked datum stands for: a row's `item`, or an axis label "Q46 Feeling…". */
function itemOfDatum(datum: unknown): string | undefined {
  if (datum === null || typeof datum !== 'object') return undefined;
  const record = datum as Record<string, unknown>;
  if (typeof record.item === 'string' && knownItems.has(record.item)) return record.item;
  if (typeof record.value === 'string') {
    const id = record.value.split(' ')[0] ?? '';
    if (knownItems.has(id)) return id;
  }
  return undefined;
}

function onChartClick(datum: unknown): void {
  const item = itemOfDatum(datum);
  if (item) {
    void selectItem(item, true);
    return;
  }
  // A condition row (overview) or a group x condition cell (groups): move the pickers there.
  const record = datum && typeof datum === 'object' ? (datum as Record<string, unknown>) : {};
  const condition = typeof record.condition === 'string' && results?.conditions.some((c) => c.name === record.condition) ? record.condition : undefined;
  const group = typeof record.group === 'string' && results?.groups.some((g) => g.name === record.group) ? record.group : undefined;
  if (!condition && !group) return;
  const patch: Partial<Pick<PanelState, 'condition' | 'group'>> = {};
  if (condition && condition !== state.condition) patch.condition = condition;
  if (group && group !== state.group) patch.group = group;
  setPicker('condition-picker', condition);
  setPicker('group-picker', group);
  if (Object.keys(patch).length > 0) changeSelection(patch);
  // The `all` group is not written in the config; its condition is.
  if (group && group !== ALL_GROUP) vscode.postMessage({ type: 'revealInConfig', kind: 'group', name: group });
  else if (condition) vscode.postMessage({ type: 'revealInConfig', kind: 'condition', name: condition });
}

/** Highlights `item` in every view by moving the shared param, without rebuilding any chart. */
async function selectItem(item: string | null, reveal: boolean): Promise<void> {
  if (!results) return;
  const valid = item && knownItems.has(item) ? item : null;
  saveState({ item: valid });
  const label = selectionLabel(results, valid);
  await Promise.all(
    [...rendered.entries()].map(async ([view, entry]) => {
      await entry.result.view.signal(SELECTED_ITEM, valid).signal(SELECTED_ITEM_LABEL, label).runAsync();
      reportRendered(view);
    }),
  );
  const status = document.getElementById('selection-status');
  if (status) status.textContent = valid ? `Selected: ${itemFullLabels(results).get(valid) ?? valid}` : '';
  if (valid && reveal) vscode.postMessage({ type: 'revealInConfig', kind: 'item', name: valid });
}

function changeSelection(patch: Partial<Pick<PanelState, 'condition' | 'group' | 'method'>>): void {
  saveState(patch);
  const changed = Object.keys(patch) as (keyof ChartSelection)[];
  const views = PANEL_VIEWS.filter((view) => VIEW_DEPENDS_ON[view].some((key) => changed.includes(key)));
  void renderViews(views);
}

function selectView(view: PanelView): void {
  saveState({ view });
  const tabs = document.getElementById('views') as (HTMLElement & { selectedIndex: number }) | null;
  if (tabs) tabs.selectedIndex = PANEL_VIEWS.indexOf(view);
}

function applyFocus(focus: PanelFocus | undefined): void {
  if (!focus) return;
  const patch: Partial<PanelState> = {};
  if (focus.condition) patch.condition = focus.condition;
  if (focus.group) patch.group = focus.group;
  if (focus.item) patch.item = focus.item;
  if (focus.view && isPanelView(focus.view)) patch.view = focus.view;
  saveState(patch);
}

// ---- exports ----

async function exportView(view: PanelView, format: ExportFormat): Promise<void> {
  const entry = rendered.get(view);
  if (!results) return;
  try {
    let data: string;
    switch (format) {
      case 'png':
        if (!entry) return;
        data = await entry.result.view.toImageURL('png', 2);
        break;
      case 'svg':
        if (!entry) return;
        data = await entry.result.view.toSVG();
        break;
      case 'csv':
        if (!entry) return;
        data = specDataCsv(entry.spec);
        break;
      case 'json':
        data = JSON.stringify(results, null, 1);
        break;
    }
    vscode.postMessage({ type: 'export', format, view, data });
  } catch (error) {
    vscode.postMessage({ type: 'error', view, message: `export failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}

// ---- messages ----

async function showResults(run: RunResults, resultsFile: string, focus: PanelFocus | undefined): Promise<void> {
  if (state.resultsFile !== resultsFile) saveState({ resultsFile, item: null, condition: undefined, group: undefined, method: undefined });
  results = run;
  knownItems = new Set(run.items.map((item) => item.id));
  applyFocus(focus);
  const resolved = resolveSelection(run, selection());
  saveState({ condition: resolved.condition ?? undefined, group: resolved.group, method: resolved.method, item: resolved.item });
  for (const entry of rendered.values()) entry.result.finalize();
  rendered.clear();
  buildLayout(run);
  const status = element('div', { id: 'selection-status', class: 'muted', role: 'status', 'aria-live': 'polite' });
  app.append(status);
  status.textContent = resolved.item ? `Selected: ${itemFullLabels(run).get(resolved.item) ?? resolved.item}` : '';
  await renderViews(PANEL_VIEWS);
}

async function onMessage(message: ToWebviewMessage): Promise<void> {
  switch (message.type) {
    case 'showResults':
      await showResults(message.results, message.resultsFile, message.focus);
      break;
    case 'focus': {
      if (!results) return;
      const before = selection();
      applyFocus(message.focus);
      const after = selection();
      setPicker('condition-picker', after.condition);
      setPicker('group-picker', after.group);
      const changed = (['condition', 'group'] as const).filter((key) => before[key] !== after[key]);
      if (changed.length > 0) await renderViews(PANEL_VIEWS.filter((view) => VIEW_DEPENDS_ON[view].some((key) => (changed as string[]).includes(key))));
      if (message.focus.view) selectView(message.focus.view);
      if (message.focus.item) await selectItem(message.focus.item, false);
      break;
    }
    case 'selectItem':
      await selectItem(message.item, false);
      break;
    case 'showError':
      app.replaceChildren(element('p', { class: 'error' }, message.message));
      app.removeAttribute('aria-busy');
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isToWebviewMessage(event.data)) void onMessage(event.data);
});

// Re-render on a theme switch (colours are baked into the specs) and on a real width change.
let lastTheme = themeKey(currentTheme());
watchTheme(() => {
  const next = themeKey(currentTheme());
  if (next === lastTheme || !results) return;
  lastTheme = next;
  void renderViews(PANEL_VIEWS);
});
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
new ResizeObserver(() => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    const width = chartWidth();
    const stale = [...rendered.entries()].filter(([, entry]) => Math.abs(entry.width - width) > 60).map(([view]) => view);
    if (stale.length > 0) void renderViews(stale);
  }, 250);
}).observe(document.body);

vscode.postMessage({ type: 'ready' });
