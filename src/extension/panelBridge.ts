/**
 * The one place the host opens the results panel (H10's `ResultsPanel`), so a change to the
 * panel's entry point touches one line.
 */
import type * as vscode from 'vscode';
import type { PanelPlace } from '../core/report/hoverMarkdown';
import { ResultsPanel } from './panel';

/** Opens (or reveals) the results panel beside the active editor on a results file, at a place when given. */
export function showResultsPanel(extensionUri: vscode.Uri, resultsFile: string, place?: PanelPlace): void {
  ResultsPanel.createOrShow(extensionUri, resultsFile, place);
}
