/**
 * Running evaluations through the editor: the bundled sample to completion, and a cancelled run
 * that must leave nothing that looks like a finished run.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/core/commandIds';
import { readResults } from '../../../src/core/results/read';
import { generateSample } from '../../../src/core/sample';
import { delay, ensureSample, entriesOf, finishedRuns, produced, samplePath, waitFor, writeSampleInto } from './fixture';
import { test } from './registry';

/** The sample takes a few seconds on two cores; the limit leaves room for a loaded CI machine. */
const RUN_TIMEOUT_MS = 240_000;

test('creates the bundled sample with repscope.initSample', async () => {
  const folder = samplePath();
  assert.deepEqual(entriesOf(folder), [], 'the driver opens a fresh workspace');
  mkdirSync(folder, { recursive: true });
  const config = await vscode.commands.executeCommand<string | undefined>(COMMANDS.initSample, vscode.Uri.file(folder));
  assert.equal(config, samplePath('experiment.yaml'));
  for (const file of generateSample().files) {
    assert.equal(readFileSync(samplePath(...file.path.split('/')), 'utf8'), file.content, `${file.path} as generateSample() writes it`);
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

test(
  'runs the bundled sample to completion and writes a run folder with results.json',
  async () => {
    const config = ensureSample();
    const runsFolder = samplePath('runs');
    const before = new Set(finishedRuns(runsFolder));
    const returned = await vscode.commands.executeCommand<string | undefined>(COMMANDS.runEvaluation, config);
    assert.ok(returned, 'runEvaluation returned no results file: the run failed or was cancelled (see the RepScope output channel)');
    // The command resolves once the run folder is in place.
    const created = await waitFor('a new finished run folder in sample/runs', () => finishedRuns(runsFolder).find((entry) => !before.has(entry)), 5_000);
    const resultsFile = path.join(runsFolder, created, 'results.json');
    assert.equal(returned, resultsFile, 'the command returns the results file it wrote');
    const results = await readResults(resultsFile);
    assert.equal(results.run.id, created);
    assert.deepEqual(
      results.conditions.map((condition) => condition.name).sort(),
      ['finetuned', 'persona'],
    );
    assert.ok(results.headlines.length > 0, 'the run has headline numbers');
    assert.deepEqual(
      entriesOf(runsFolder).filter((entry) => entry.startsWith('.partial-')),
      [],
      'no partial folder is left behind',
    );
    produced.resultsFile = resultsFile;
  },
  RUN_TIMEOUT_MS + 10_000,
);

test(
  'a cancelled run leaves no finished run folder and no partial folder',
  async () => {
    // A sample six times the bundled one, with polychoric correlations: several seconds of work,
    // so the cancel arrives mid-run.
    const folder = writeSampleInto('slow', { respondents: 30_000, modelRespondentsPerGroup: 3_000 });
    const config = path.join(folder, 'slow.repscope.yaml');
    const text = readFileSync(path.join(folder, 'experiment.yaml'), 'utf8').replace(
      /^ {2}correlation: \[pearson, spearman\].*$/m,
      '  correlation: [pearson, spearman, polychoric]',
    );
    assert.match(text, /polychoric/);
    writeFileSync(config, text.replace(/^output: runs\b.*$/m, 'output: runs-cancelled'), 'utf8');
    const runsFolder = path.join(folder, 'runs-cancelled');

    const started = Date.now();
    const running = Promise.resolve(vscode.commands.executeCommand<string | undefined>(COMMANDS.runEvaluation, vscode.Uri.file(config))).then(
      (resultsFile) => ({ resultsFile }),
      (error: unknown) => ({ error: String(error) }),
    );
    await delay(1_500);
    const cancelled = await vscode.commands.executeCommand<boolean>(COMMANDS.cancel);
    const cancelledAt = Date.now();
    const settled = await Promise.race([running, delay(30_000).then(() => 'still running 30 s after cancel' as const)]);
    assert.notEqual(settled, 'still running 30 s after cancel');
    assert.equal(cancelled, true, 'repscope.cancel found the run to cancel');
    assert.deepEqual(settled, { resultsFile: undefined }, 'a cancelled run returns no results file');
    // Give a worker that ignored the cancel time to (wrongly) finish.
    await delay(3_000);
    assert.deepEqual(finishedRuns(runsFolder), [], `finished run folders after a cancel ${cancelledAt - started} ms into the run`);
    await waitFor('partial folders to be removed', () => entriesOf(runsFolder).every((entry) => !entry.startsWith('.partial-')), 10_000);
  },
  120_000,
);
