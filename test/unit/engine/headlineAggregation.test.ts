/**
 * The marginal headline cannot be gamed (issue #8): items count equally over one common item set,
 * refusing never makes a model look closer, and groups combine by the humans' shares.
 *
 * The data are built so every distance is exact: binary items, humans 50/50; "easy" items are
 * answered 55/45 by the model (total variation 0.05), "hard" ones 90/10 (0.40).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadExperiment } from '../../../src/core/config/resolve';
import { evaluateExperiment } from '../../../src/core/engine/evaluate';
import type { RunResults } from '../../../src/core/results/types';

const EASY = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5'];
const HARD = ['Q6', 'Q7', 'Q8', 'Q9', 'Q10'];
const ITEMS = [...EASY, ...HARD];
const ROWS = 1000;

const folders: string[] = [];
after(() => folders.forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));

/** `count` answers: the first `ones` are 1, the rest 2. */
function answers(ones: number, count: number): string[] {
  return Array.from({ length: count }, (_, index) => (index < ones ? '1' : '2'));
}

/** A wide CSV from per-item answer columns (each ROWS long) plus extra columns. */
function wide(columns: Record<string, string[]>): string {
  const names = Object.keys(columns);
  const lines = [['id', ...names].join(',')];
  for (let row = 0; row < ROWS; row++) lines.push([String(row + 1), ...names.map((name) => columns[name]![row]!)].join(','));
  return `${lines.join('\n')}\n`;
}

/** The model answering easy items 55/45 and hard items as `hard(item)` gives. */
function modelColumns(hard: (item: string) => string[]): Record<string, string[]> {
  const columns: Record<string, string[]> = {};
  for (const item of EASY) columns[item] = answers(550, ROWS);
  for (const item of HARD) columns[item] = hard(item);
  return columns;
}

interface Setup {
  conditions: Record<string, Record<string, string[]>>;
  metrics?: string;
  extraHuman?: Record<string, string[]>;
  extraConfig?: string;
}

async function evaluate(setup: Setup): Promise<RunResults> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'repscope-headline-'));
  folders.push(folder);
  const human: Record<string, string[]> = { ...setup.extraHuman };
  for (const item of ITEMS) human[item] = answers(500, ROWS);
  fs.writeFileSync(path.join(folder, 'human.csv'), wide(human));
  const conditionLines: string[] = [];
  for (const [name, columns] of Object.entries(setup.conditions)) {
    fs.writeFileSync(path.join(folder, `${name}.csv`), wide(columns));
    conditionLines.push(`  ${name}: { file: ${name}.csv${'group' in columns ? ', groupColumn: group' : ''} }`);
  }
  const config = [
    'name: headline aggregation',
    `human: { file: human.csv${setup.extraHuman?.['W'] ? ', weight: W' : ''} }`,
    `items: [Q1-Q10]`,
    'scales:',
    ...ITEMS.map((item) => `  ${item}: { type: binary }`),
    setup.extraConfig ?? '',
    'conditions:',
    ...conditionLines,
    `metrics: { bootstrap: 0, mantelPermutations: 0${setup.metrics ? `, ${setup.metrics}` : ''} }`,
  ].join('\n');
  fs.writeFileSync(path.join(folder, 'experiment.yaml'), config);
  return evaluateExperiment(await loadExperiment(path.join(folder, 'experiment.yaml')), { threads: 0, host: 'test' });
}

const headline = (results: RunResults, condition: string) => results.headlines.find((h) => h.condition === condition)!;

/** 980 refusals, then 20 answers split 18/2: the same 90/10 as answering everything. */
const refusingMostHard = () => [...Array.from({ length: 980 }, () => 'refusal'), ...answers(18, 20)];
const refusingAllHard = () => Array.from({ length: ROWS }, () => 'refusal');

describe('marginal headline aggregation', () => {
  it('averages items with equal weights: 5 easy (0.05) and 5 hard (0.40) items give 0.225', async () => {
    const results = await evaluate({ conditions: { answers: modelColumns(() => answers(900, ROWS)) } });
    assert.ok(Math.abs(headline(results, 'answers').marginalDistance! - 0.225) < 1e-12);
    assert.equal(headline(results, 'answers').marginalCoverage, 1);
    assert.equal(headline(results, 'answers').marginalBasis, 'all');
  });

  it('does not reward refusing 98% of the hard items: same distance as answering them, coverage shows the refusals', async () => {
    const results = await evaluate({
      conditions: { answers: modelColumns(() => answers(900, ROWS)), refuses: modelColumns(refusingMostHard) },
    });
    const answering = headline(results, 'answers');
    const refusing = headline(results, 'refuses');
    assert.ok(Math.abs(refusing.marginalDistance! - answering.marginalDistance!) < 1e-12, `${refusing.marginalDistance} vs ${answering.marginalDistance}`);
    assert.ok(Math.abs(refusing.marginalCoverage! - (5 * 1 + 5 * 0.02) / 10) < 1e-12);
  });

  it('scores items a model refuses entirely at the worst distance 1 and lists the cells', async () => {
    const results = await evaluate({
      conditions: { answers: modelColumns(() => answers(900, ROWS)), refuses: modelColumns(refusingAllHard) },
    });
    const refusing = headline(results, 'refuses');
    assert.ok(Math.abs(refusing.marginalDistance! - (5 * 0.05 + 5 * 1) / 10) < 1e-12);
    assert.ok(refusing.marginalDistance! > headline(results, 'answers').marginalDistance!);
    assert.equal(refusing.marginalCellsAtWorst, 5);
    const cells = results.marginals.cells.filter((cell) => cell.condition === 'refuses' && cell.scoredAtWorst).map((cell) => cell.item);
    assert.deepEqual(cells, HARD);
    assert.ok(results.warnings.some((warning) => warning.code === 'cellScoredAtWorst'));
    // Both conditions are averaged over the same ten items.
    assert.deepEqual(results.marginals.commonItems, ITEMS);
  });

  it('with invalidAnswers: worstCase, puts refusals on the farthest option, so refusing costs', async () => {
    const results = await evaluate({
      conditions: { answers: modelColumns(() => answers(900, ROWS)), refuses: modelColumns(refusingMostHard) },
      metrics: 'invalidAnswers: worstCase',
    });
    // Hard cells: 18 ones, 2 twos and 980 refusals moved to "1": 998/1000 vs the humans' 1/2.
    assert.ok(Math.abs(headline(results, 'refuses').marginalDistance! - (5 * 0.05 + 5 * 0.498) / 10) < 1e-12);
    assert.ok(Math.abs(headline(results, 'answers').marginalDistance! - 0.225) < 1e-12);
  });

  it('never improves when a model refuses more, whatever the policy', async () => {
    for (const metrics of [undefined, 'invalidAnswers: worstCase']) {
      const distances: number[] = [];
      for (const refused of [0, 500, 980, 995, 1000]) {
        const hard = () => [...Array.from({ length: refused }, () => 'refusal'), ...answers(Math.round(0.9 * (ROWS - refused)), ROWS - refused)];
        const results = await evaluate({ conditions: { model: modelColumns(hard) }, ...(metrics ? { metrics } : {}) });
        distances.push(headline(results, 'model').marginalDistance!);
      }
      for (let index = 1; index < distances.length; index++) {
        assert.ok(distances[index]! >= distances[index - 1]! - 0.002, `${metrics ?? 'exclude'}: ${distances.join(', ')}`);
      }
      assert.ok(distances[distances.length - 1]! > distances[0]!, `${metrics ?? 'exclude'}: ${distances.join(', ')}`);
    }
  });

  it('combines groups by the humans weighted shares of headlineGroups, and a missing group counts at the worst distance', async () => {
    // Humans: 800 in a (weight 1) and 200 in b (weight 2): shares 800/1200 and 400/1200.
    const groupColumn = Array.from({ length: ROWS }, (_, row) => (row % 5 === 0 ? 'b' : 'a'));
    const weights = groupColumn.map((group) => (group === 'b' ? '2' : '1'));
    const tagged = (columns: Record<string, string[]>, tags: string[]) => ({ ...columns, group: tags });
    const results = await evaluate({
      extraHuman: { grp: groupColumn, W: weights },
      extraConfig: 'groups: { a: { grp: a }, b: { grp: b } }\nheadlineGroups: [a, b]',
      conditions: {
        both: tagged(modelColumns(() => answers(900, ROWS)), groupColumn),
        onlyA: tagged(modelColumns(() => answers(900, ROWS)), groupColumn.map(() => 'a')),
      },
    });
    assert.equal(results.marginals.groupWeighting, 'partition');
    const shares = Object.fromEntries(results.marginals.groupWeights.map((entry) => [entry.group, entry.weight]));
    assert.equal(headline(results, 'both').marginalBasis, 'partition');
    // Every group of "both" is at its own distance; "onlyA" has no respondents for b: 1 there.
    const aggregate = (condition: string, group: string) => results.marginals.aggregates.find((a) => a.condition === condition && a.group === group)!.distance!;
    const expectedBoth = shares['a']! * aggregate('both', 'a') + shares['b']! * aggregate('both', 'b');
    assert.ok(Math.abs(headline(results, 'both').marginalDistance! - expectedBoth) < 1e-12);
    const expectedOnlyA = shares['a']! * aggregate('onlyA', 'a') + shares['b']! * 1;
    assert.ok(Math.abs(headline(results, 'onlyA').marginalDistance! - expectedOnlyA) < 1e-12);
    assert.ok(results.warnings.some((warning) => warning.code === 'headlineGroupMissing' && warning.condition === 'onlyA'));
  });
});
