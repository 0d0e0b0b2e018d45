import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readResults, readRunResults } from '../../src/core/results/read';
import { runCli, scratchDir } from './helpers';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const bundledCli = path.join(repoRoot, 'dist', 'cli.js');

function runFolders(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

describe('repscope run --sample', () => {
  it('writes the sample, prints the table with the reversal sentence and writes a versioned results file', async () => {
    const cwd = scratchDir();
    const result = await runCli(['run', '--sample', '--quiet', '--bootstrap', '0'], cwd);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^finetuned\s+4000\s+0\.\d{3}/m);
    assert.match(result.stdout, /^persona\s+4000\s+0\.\d{3}/m);
    assert.match(result.stdout, /Closest on marginals: finetuned; closest on correlation structure: persona/);
    const runs = runFolders(path.join(cwd, 'repscope-sample', 'runs'));
    assert.equal(runs.length, 1);
    const results = await readResults(path.join(cwd, 'repscope-sample', 'runs', runs[0]!, 'results.json'));
    assert.equal(results.schemaVersion, 2);
    assert.equal(results.run.id, runs[0]);
    assert.deepEqual(
      results.headlines.map((h) => h.condition),
      ['finetuned', 'persona'],
    );
    const [finetuned, persona] = results.headlines;
    assert.ok(finetuned!.marginalDistance! < persona!.marginalDistance!, 'finetuned is closer on marginals');
    assert.ok(persona!.structureR! > finetuned!.structureR!, 'persona is closer on structure');
    assert.match(result.stdout, new RegExp(`^finetuned\\s+4000\\s+${finetuned!.marginalDistance!.toFixed(3)}\\s`, 'm'));
    assert.match(result.stdout, new RegExp(`^finetuned\\s+partition \\(2\\)\\s+${finetuned!.structureR!.toFixed(3)}\\s`, 'm'));
    assert.equal(results.inputs.filter((input) => input.role === 'condition').length, 2);
    assert.match(results.inputs[0]!.sha256, /^[0-9a-f]{64}$/);
  });

  it('leaves an earlier run untouched and writes a second run folder', async () => {
    const cwd = scratchDir();
    assert.equal((await runCli(['run', '--sample', '--quiet', '--bootstrap', '0'], cwd)).code, 0);
    const runsDir = path.join(cwd, 'repscope-sample', 'runs');
    const [first] = runFolders(runsDir);
    const before = readFileSync(path.join(runsDir, first!, 'results.json'), 'utf8');
    const second = await runCli(['run', '--sample', '--quiet', '--bootstrap', '0'], cwd);
    assert.equal(second.code, 0);
    assert.match(second.stderr, /using the sample in/);
    assert.equal(runFolders(runsDir).length, 2);
    assert.equal(readFileSync(path.join(runsDir, first!, 'results.json'), 'utf8'), before);
  });

  it('prints parseable results JSON with --json and writes the run into --out', async () => {
    const cwd = scratchDir();
    const result = await runCli(['run', '--sample', '--quiet', '--bootstrap', '0', '--json', '--out', 'elsewhere'], cwd);
    assert.equal(result.code, 0, result.stderr);
    const printed = readRunResults(JSON.parse(result.stdout), 'stdout');
    assert.equal(printed.schemaVersion, 2);
    assert.equal(runFolders(path.join(cwd, 'elsewhere')).length, 1);
    assert.equal(runFolders(path.join(cwd, 'repscope-sample', 'runs')).length, 0);
  });

  it('exits 1 and leaves no run folder when cancelled', async () => {
    const cwd = scratchDir();
    assert.equal((await runCli(['init'], cwd)).code, 0);
    const controller = new AbortController();
    controller.abort();
    const result = await runCli(['run', 'repscope-sample/experiment.yaml', '--quiet'], cwd, controller.signal);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cancelled; no run folder was written/);
    assert.deepEqual(runFolders(path.join(cwd, 'repscope-sample', 'runs')), []);
  });
});

describe('repscope run with the bootstrap', () => {
  it('prints intervals, flagged items, baselines and Holm-adjusted paired differences, and calls the reversal significant', async () => {
    const cwd = scratchDir();
    const result = await runCli(['run', '--sample', '--quiet', '--bootstrap', '60'], cwd);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^persona\s+4000\s+0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]\s+0\.\d{3}/m);
    assert.match(result.stdout, /^persona\s+0\.\d{3}\s+0\.\d{3}\s+0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]$/m, 'distance, noise floor and excess');
    assert.match(
      result.stdout,
      /\[lower, upper\]: 95% basic bootstrap intervals, 60 replicates \(model respondents resampled within groups, humans resampled within the headline groups \(DEU, USA\)\)/,
    );
    assert.match(result.stdout, /^finetuned: items differing from the humans \(chi-square, BH q ≤ 0\.05\): \d+ of 38$/m);
    assert.match(result.stdout, /^persona: items differing from the humans \(chi-square, BH q ≤ 0\.05\): 38 of 38$/m);
    assert.match(result.stdout, /^independence null\s+4000/m);
    assert.match(result.stdout, /^split-half ceiling\s+2500/m);
    assert.match(result.stdout, /^finetuned − persona\s+-0\.\d{3} \[-0\.\d{3}, -0\.\d{3}\] \*\s+0\.033\s+-0\.\d{3} \[-0\.\d{3}, -0\.\d{3}\] \*\s+0\.033$/m);
    assert.match(result.stdout, /Holm-adjusted over the 1 condition pair, per measure/);
    assert.match(result.stdout, /^Paired bootstrap: every replicate compares both conditions with the same resample of the humans\.$/m);
    assert.match(result.stdout, /the rankings disagree, and the reversal is significant: both Holm-adjusted intervals exclude 0/);
    const runs = runFolders(path.join(cwd, 'repscope-sample', 'runs'));
    const results = await readResults(path.join(cwd, 'repscope-sample', 'runs', runs[0]!, 'results.json'));
    assert.equal(results.inference?.settings.replicates, 60);
    assert.equal(results.inference?.reversal?.detected, true);
    assert.equal(results.inference?.reversal?.marginalDifferenceSignificant, true);
    assert.equal(results.inference?.reversal?.structureDifferenceSignificant, true);
  });
});

describe('repscope init', () => {
  it('refuses to overwrite existing files and changes nothing', async () => {
    const cwd = scratchDir();
    assert.equal((await runCli(['init', 'study'], cwd)).code, 0);
    const config = path.join(cwd, 'study', 'experiment.yaml');
    writeFileSync(config, 'my edits\n');
    const again = await runCli(['init', 'study'], cwd);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /refusing to overwrite existing files: .*experiment\.yaml/);
    assert.equal(readFileSync(config, 'utf8'), 'my edits\n');
  });
});

describe('repscope validate', () => {
  it('accepts the sample config', async () => {
    const cwd = scratchDir();
    await runCli(['init'], cwd);
    const result = await runCli(['validate', 'repscope-sample/experiment.yaml'], cwd);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /ok · \d+ items · 8 groups · 2 conditions/);
  });

  it('names the config line of an item the human file lacks, and of a group rule on a missing column', async () => {
    const cwd = scratchDir();
    await runCli(['init'], cwd);
    const config = path.join(cwd, 'repscope-sample', 'experiment.yaml');
    const text = readFileSync(config, 'utf8');
    const broken = text.replace(/^( *- )Q57\b/m, '$1Q5700').replace(/\bQ260: 2\b/, 'Q2600: 2');
    assert.notEqual(broken, text);
    writeFileSync(config, broken);
    const lines = broken.split('\n');
    const itemLine = lines.findIndex((line) => /^ *- Q5700\b/.test(line)) + 1;
    const groupLine = lines.findIndex((line) => /Q2600: 2/.test(line)) + 1;
    const result = await runCli(['validate', 'repscope-sample/experiment.yaml'], cwd);
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`experiment\\.yaml:${itemLine}:\\d+: item Q5700 is not a column of data/human\\.csv`));
    assert.match(result.stderr, new RegExp(`experiment\\.yaml:${groupLine}:\\d+: group \\w+: column Q2600 is not in data/human\\.csv`));
  });

  it('exits 2 with the path when the config does not exist', async () => {
    const cwd = scratchDir();
    const result = await runCli(['validate', 'nope.yaml'], cwd);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /nope\.yaml/);
  });
});

describe('repscope usage', () => {
  it('exits 2 on an unknown option and on a missing config argument', async () => {
    const cwd = scratchDir();
    const unknown = await runCli(['run', 'x.yaml', '--fast'], cwd);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option --fast/);
    const missing = await runCli(['run'], cwd);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /run needs exactly one config path/);
  });

  it('runs as the bundled bin: --version exits 0, a missing config exits 2', () => {
    const version = spawnSync(process.execPath, [bundledCli, '--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0);
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+/);
    const missing = spawnSync(process.execPath, [bundledCli, 'run', path.join(scratchDir(), 'missing.yaml')], { encoding: 'utf8' });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing\.yaml/);
  });
});
