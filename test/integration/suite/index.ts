/**
 * Entry of the integration suite: VS Code loads this module in the extension host (the workbench
 * payload's `extensionTestsPath`, or @vscode/test-electron's) and awaits `run()`. A rejected
 * promise makes the workbench exit with status 1.
 *
 * REPSCOPE_TEST_FILTER (optional) runs only the tests whose names contain it.
 */
import * as vscode from 'vscode';
import { report, runRegistered } from './registry';

// Registration order is run order: the evaluation leaves a run the hover and panel tests read.
import './activation';
import './evaluation';
import './editor';
import './panel';

export async function run(): Promise<void> {
  report(`suite started: VS Code ${vscode.version}, ui ${vscode.UIKind[vscode.env.uiKind]}, remote ${vscode.env.remoteName ?? 'none'}`);
  const outcome = await runRegistered(process.env.REPSCOPE_TEST_FILTER ?? '');
  if (outcome.failed > 0) throw new Error(`${outcome.failed} integration test(s) failed`);
  if (outcome.passed === 0) throw new Error('no integration test passed');
}
