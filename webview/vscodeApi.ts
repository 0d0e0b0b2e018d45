/** The API VS Code injects into a webview: messages to the host and persisted state. */
import type { FromWebviewMessage, PanelState } from '../src/shared/protocol';

export interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/** The API object; VS Code allows acquiring it once per page, so it is cached here. */
export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}
