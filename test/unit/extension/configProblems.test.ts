import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkConfigText, looksLikeRepScopeConfig, outputFolderOf, referencedFilesOf } from '../../../src/extension/configProblems';
import { writeSample } from '../report/sampleRun';

/** 1-based line and column of the first occurrence of `needle` (after `after`, when given). */
function positionOf(text: string, needle: string, after = ''): { line: number; column: number } {
  const offset = text.indexOf(needle, after ? text.indexOf(after) : 0);
  assert.ok(offset >= 0, `${needle} in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

describe('checkConfigText on the sample config', () => {
  let dir: string;
  let configFile: string;
  let text: string;
  before(async () => {
    ({ dir, configFile } = await writeSample());
    text = await fs.readFile(configFile, 'utf8');
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  it('finds no problem in the sample as written', async () => {
    const check = await checkConfigText(text, configFile);
    assert.deepEqual(check.problems, []);
    assert.equal(check.internalError, undefined);
  });

  it('puts "not a column" on exactly the item entry Q999 the user typed in the unsaved text', async () => {
    const edited = text.replace('  - Q131                # secure', '  - Q999                # secure');
    const check = await checkConfigText(edited, configFile);
    assert.equal(check.problems.length, 2);
    const [problem, conditionProblem] = check.problems;
    const start = positionOf(edited, 'Q999');
    assert.deepEqual(
      { file: problem!.location.file, line: problem!.location.line, column: problem!.location.column, endLine: problem!.location.endLine, endColumn: problem!.location.endColumn },
      { file: configFile, line: start.line, column: start.column, endLine: start.line, endColumn: start.column + 4 },
    );
    assert.match(problem!.detail, /item Q999 is not a column of data[\\/]human\.csv \(did you mean Q199\?\)/);
    // The wide condition file lacks the item too: reported on the condition's name.
    const name = positionOf(edited, 'finetuned:', 'conditions:');
    assert.deepEqual([conditionProblem!.location.line, conditionProblem!.location.column, conditionProblem!.location.endColumn], [name.line, name.column, name.column + 9]);
    assert.match(conditionProblem!.detail, /condition finetuned: model[\\/]finetuned\.csv has no column Q999/);
  });

  it('puts a group rule on a missing column on the column’s key', async () => {
    const edited = text.replace('female: { Q260: 2 }', 'female: { Q261: 2 }');
    const check = await checkConfigText(edited, configFile);
    assert.equal(check.problems.length, 1);
    const start = positionOf(edited, 'Q261');
    assert.equal(check.problems[0]!.location.line, start.line);
    assert.equal(check.problems[0]!.location.column, start.column);
    assert.match(check.problems[0]!.detail, /group female: column Q261 is not in/);
  });

  it('reports every schema problem at once, each where it is written', async () => {
    const edited = text.replace('seed: 20260101', 'seed: many').replace('output: runs', 'outptu: runs');
    const check = await checkConfigText(edited, configFile);
    const lines = check.problems.map((problem) => problem.location.line);
    assert.ok(lines.includes(positionOf(edited, 'seed: many').line), JSON.stringify(check.problems));
    assert.ok(lines.includes(positionOf(edited, 'outptu').line), JSON.stringify(check.problems));
    const seed = check.problems.find((problem) => problem.location.field === 'seed');
    assert.equal(seed?.location.column, positionOf(edited, 'many', 'seed: many').column);
    assert.equal(seed?.location.endColumn, positionOf(edited, 'many', 'seed: many').column + 4);
  });

  it('reports a YAML syntax error at its line', async () => {
    const edited = text.replace('name: Sample', 'name: "Sample');
    const check = await checkConfigText(edited, configFile);
    assert.equal(check.problems.length, 1);
    assert.match(check.problems[0]!.detail, /^YAML syntax error/);
    assert.equal(check.parsed, undefined);
  });

  it('locates a codebook syntax error in the codebook file, not the config', async () => {
    const codebook = path.join(dir, 'codebook.yaml');
    const original = await fs.readFile(codebook, 'utf8');
    try {
      await fs.writeFile(codebook, `${original}\nQ1: [unclosed\n`, 'utf8');
      const check = await checkConfigText(text, configFile);
      assert.ok(check.problems.length >= 1);
      assert.equal(check.problems[0]!.location.file, codebook);
      assert.ok((check.problems[0]!.location.line ?? 0) > original.split('\n').length - 2);
    } finally {
      await fs.writeFile(codebook, original, 'utf8');
    }
  });

  it('says a missing condition file does not exist, on the file field', async () => {
    const edited = text.replace('file: model/persona.jsonl', 'file: model/persona2.jsonl');
    const check = await checkConfigText(edited, configFile);
    assert.equal(check.problems.length, 1);
    assert.equal(check.problems[0]!.location.line, positionOf(edited, 'model/persona2.jsonl').line);
    assert.match(check.problems[0]!.detail, /does not exist/);
  });

  it('lists the data and codebook files the config names, absolute', async () => {
    const check = await checkConfigText(text, configFile);
    assert.deepEqual(
      [...check.referencedFiles].sort(),
      [path.join(dir, 'codebook.yaml'), path.join(dir, 'data', 'human.csv'), path.join(dir, 'model', 'finetuned.csv'), path.join(dir, 'model', 'persona.jsonl')].sort(),
    );
  });
});

describe('outputFolderOf and referencedFilesOf', () => {
  it('uses the config’s output, relative to its folder', () => {
    assert.equal(outputFolderOf({ output: 'results/x' }, '/w/exp/a.yaml'), path.resolve('/w/exp/results/x'));
  });

  it('defaults to runs next to the config', () => {
    assert.equal(outputFolderOf({}, '/w/exp/a.yaml'), path.resolve('/w/exp/runs'));
  });

  it('lets the outputFolder setting override the config', () => {
    assert.equal(outputFolderOf({ output: 'mine' }, '/w/exp/a.yaml', '../all-runs'), path.resolve('/w/all-runs'));
  });

  it('reads what it can from an invalid config', () => {
    assert.deepEqual(referencedFilesOf({ human: { file: 'h.csv' }, conditions: { a: { file: 3 }, b: { file: 'b.csv' } } }, '/w/a.yaml'), [
      path.resolve('/w/h.csv'),
      path.resolve('/w/b.csv'),
    ]);
  });
});

describe('looksLikeRepScopeConfig', () => {
  it('takes explicitly named files as configs whatever they hold', () => {
    assert.equal(looksLikeRepScopeConfig('/w/study.repscope.yaml', ''), true);
    assert.equal(looksLikeRepScopeConfig('/w/repscope-pilot.json', '{}'), true);
  });

  it('takes an experiment.yaml with a top-level human or conditions key, even with a syntax error', () => {
    assert.equal(looksLikeRepScopeConfig('/w/experiment.yaml', 'name: x\nhuman:\n  file: "unclosed\n'), true);
    assert.equal(looksLikeRepScopeConfig('/w/experiment.json', '{\n  "name": "x",\n  "conditions": {}\n}'), true);
  });

  it('leaves another tool’s experiment.yaml alone', () => {
    assert.equal(looksLikeRepScopeConfig('/w/conf/experiment.yaml', 'defaults:\n  - model: resnet\ntrainer:\n  human: false\n'), false);
  });
});
