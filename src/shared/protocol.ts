/**
 * The messages between the extension host and the results panel's webview: one interface per
 * message with a literal `type`, one union per direction. Both sides import this file, so a
 * message that changes shape breaks the build on both. The host checks everything the webview
 * sends with `isFromWebviewMessage` (a webview is a separate, less trusted context).
 */
import { PANEL_VIEWS, type PanelView } from '../core/charts/views';
import type { RunResults } from '../core/results/types';
import { isRecord } from '../core/util/isRecord';

export { PANEL_VIEWS, type PanelView };

export type ExportFormat = 'png' | 'svg' | 'csv' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['png', 'svg', 'csv', 'json'];

/** Where the panel should look first; anything unset keeps the panel's current choice. */
export interface PanelFocus {
  view?: PanelView;
  item?: string;
  group?: string;
  condition?: string;
}

/** What the webview keeps with `vscode.setState`; the host gets it back when VS Code restores the panel. */
export interface PanelState {
  resultsFile?: string;
  view?: PanelView;
  item?: string | null;
  condition?: string;
  group?: string;
  method?: string;
}

// ---- host -> webview ----

/** A run to show (on open, on `ready` after a reload, or when another run is opened in the same panel). */
export interface ShowResultsMessage {
  type: 'showResults';
  results: RunResults;
  resultsFile: string;
  focus?: PanelFocus;
}

/** Move to a view / item / group / condition without reloading the run. */
export interface FocusMessage {
  type: 'focus';
  focus: PanelFocus;
}

/** Highlight an item in every view (null clears), e.g. when the cursor moves onto it in the config. */
export interface SelectItemMessage {
  type: 'selectItem';
  item: string | null;
}

/** The run could not be read: the panel says why instead of charts. */
export interface ShowErrorMessage {
  type: 'showError';
  message: string;
}

export type ToWebviewMessage = ShowResultsMessage | FocusMessage | SelectItemMessage | ShowErrorMessage;

// ---- webview -> host ----

/** The webview's script has loaded and listens: the host may send `showResults`. */
export interface ReadyMessage {
  type: 'ready';
}

/** A view finished rendering; `marks` counts its SVG data marks (tests assert on it). */
export interface RenderedMessage {
  type: 'rendered';
  view: PanelView;
  marks: number;
}

/**
 * Save a view's image or data: `data` is a `data:image/png;base64,…` URL for PNG, the text
 * itself for SVG, CSV and JSON. `view` is the view exported (the results JSON names the view it
 * was asked from).
 */
export interface ExportMessage {
  type: 'export';
  format: ExportFormat;
  view: PanelView;
  data: string;
}

/** The user clicked a named thing in a chart: the host reveals it in the config. */
export interface RevealInConfigMessage {
  type: 'revealInConfig';
  kind: 'item' | 'group' | 'condition';
  name: string;
}

/** Rendering failed; the host logs it (the panel shows it too). */
export interface WebviewErrorMessage {
  type: 'error';
  view?: PanelView;
  message: string;
}

export type FromWebviewMessage = ReadyMessage | RenderedMessage | ExportMessage | RevealInConfigMessage | WebviewErrorMessage;

// ---- guards ----

export function isPanelView(value: unknown): value is PanelView {
  return typeof value === 'string' && (PANEL_VIEWS as readonly string[]).includes(value);
}

function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** A PNG export must be a base64 PNG data URL: nothing else is written as binary. */
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/;

/** Exports above this size are refused (a 4K PNG at scale 2 is ~5 MB). */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;

/** True when `value` is a well-formed message from the webview (every field of its type checked). */
export function isFromWebviewMessage(value: unknown): value is FromWebviewMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'rendered':
      return isPanelView(value.view) && typeof value.marks === 'number' && Number.isInteger(value.marks) && value.marks >= 0;
    case 'export':
      return (
        isExportFormat(value.format) &&
        isPanelView(value.view) &&
        typeof value.data === 'string' &&
        value.data.length <= MAX_EXPORT_CHARS &&
        (value.format !== 'png' || PNG_DATA_URL.test(value.data))
      );
    case 'revealInConfig':
      return (value.kind === 'item' || value.kind === 'group' || value.kind === 'condition') && typeof value.name === 'string' && value.name.length > 0;
    case 'error':
      return typeof value.message === 'string' && (value.view === undefined || isPanelView(value.view));
    default:
      return false;
  }
}

/** True when `value` is a message the host sends (the webview checks before acting on it). */
export function isToWebviewMessage(value: unknown): value is ToWebviewMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'showResults':
      return isRecord(value.results) && typeof value.resultsFile === 'string' && (value.focus === undefined || isRecord(value.focus));
    case 'focus':
      return isRecord(value.focus);
    case 'selectItem':
      return value.item === null || typeof value.item === 'string';
    case 'showError':
      return typeof value.message === 'string';
    default:
      return false;
  }
}
