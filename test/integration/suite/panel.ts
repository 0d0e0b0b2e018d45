/**
 * The results panel: opening a run, and every view drawing its chart in the real webview. The
 * webview reports each render back to the host (`rendered` messages with the SVG data marks it
 * counted); the internal command `TEST_COMMANDS.panelState` exposes those counts.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PANEL_VIEWS } from '../../../src/core/charts/views';
import { COMMANDS, TEST_COMMANDS } from '../../../src/core/commandIds';
import type { PanelStateSnapshot } from '../../../src/extension/panel';
import { produced, waitFor } from './fixture';
import { report, skip, test } from './registry';

function panelState(): Thenable<PanelStateSnapshot> {
  return vscode.commands.executeCommand<PanelStateSnapshot>(TEST_COMMANDS.panelState);
}

test('opens the results panel on the run and draws every view', async () => {
  if (!produced.resultsFile) skip('needs the run of the evaluation test');
  const resultsFile = produced.resultsFile;
  const opened = await vscode.commands.executeCommand<string | undefined>(COMMANDS.openResults, vscode.Uri.file(resultsFile));
  assert.equal(opened, resultsFile, 'the command returns the results file it opened');
  const state = await waitFor(
    'every panel view to report drawn marks',
    async () => {
      const current = await panelState();
      return current.open && current.resultsFile === resultsFile && PANEL_VIEWS.every((view) => current.views[view] > 0) ? current : undefined;
    },
    60_000,
    500,
  );
  assert.deepEqual(Object.keys(state.views).sort(), [...PANEL_VIEWS].sort());
  report(`        marks drawn: ${PANEL_VIEWS.map((view) => `${view} ${state.views[view]}`).join(', ')}`);
});

test('closing the panel is reflected in its state', async () => {
  const before = await panelState();
  if (!before.open) skip('the panel test did not open the panel');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitFor('the panel to be closed', async () => !(await panelState()).open, 10_000);
});
