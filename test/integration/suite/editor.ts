/** Language features on experiment configs: diagnostics, hovers, CodeLens and the task provider. */
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/core/commandIds';
import { SAMPLE_ITEMS } from '../../../src/core/sample/items';
import { ensureSample, hoverText, positionOf, produced, sampleConfigUri, samplePath, waitFor } from './fixture';
import { skip, test } from './registry';

test('puts a diagnostic on the line of an unknown item', async () => {
  ensureSample();
  const text = readFileSync(samplePath('experiment.yaml'), 'utf8').replace(/^ {2}- Q131\b/m, '  - Q999');
  assert.match(text, /- Q999/);
  const file = samplePath('broken.repscope.yaml');
  writeFileSync(file, text, 'utf8');
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const line = positionOf(text, /^ {2}- Q999\b/, 'Q999').line;
  const diagnostics = await waitFor(
    `a diagnostic on line ${line + 1} of broken.repscope.yaml`,
    () => {
      const found = vscode.languages.getDiagnostics(uri);
      return found.some((each) => each.range.start.line === line) ? found : undefined;
    },
    30_000,
  );
  const onLine = diagnostics.filter((each) => each.range.start.line === line);
  assert.ok(
    onLine.some((each) => each.severity === vscode.DiagnosticSeverity.Error && /Q999/.test(each.message)),
    `an error naming Q999; got ${onLine.map((each) => each.message).join(' | ')}`,
  );
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});

test('a hover on an item shows its label and its numbers from the last run', async () => {
  if (!produced.resultsFile) skip('needs the run of the evaluation test');
  const uri = sampleConfigUri();
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  const start = positionOf(document.getText(), /^ {2}- Q57\b/, 'Q57');
  const inside = start.translate(0, 1);
  const label = SAMPLE_ITEMS.find((item) => item.id === 'Q57')?.label;
  assert.ok(label, 'the sample has item Q57');
  const text = await waitFor(
    'a hover with the label of Q57',
    async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, inside);
      const joined = hoverText(hovers ?? []);
      return joined.includes(label) ? joined : undefined;
    },
    30_000,
    500,
  );
  assert.match(text, /\d\.\d/, 'a metric with decimals');
});

test('shows a Run CodeLens above the config', async () => {
  const lenses = await waitFor(
    'CodeLenses on experiment.yaml',
    async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', ensureSample(), 10);
      return found && found.length > 0 ? found : undefined;
    },
    30_000,
    500,
  );
  const commands = lenses.map((lens) => lens.command?.command);
  assert.ok(commands.includes(COMMANDS.runEvaluation), `lens commands: ${commands.join(', ')}`);
});

test('provides a repscope task for the sample config', async () => {
  ensureSample();
  const tasks = await waitFor(
    'a repscope task for sample/experiment.yaml',
    async () => {
      const found = await vscode.tasks.fetchTasks({ type: 'repscope' });
      return found.some((task) => String(task.definition.config).replace(/\\/g, '/').endsWith('sample/experiment.yaml')) ? found : undefined;
    },
    30_000,
    500,
  );
  assert.ok(tasks.length >= 1);
});
