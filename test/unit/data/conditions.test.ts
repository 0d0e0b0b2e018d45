import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'crypto';
import * as fs from 'fs';
import type { ConditionFormat, ResolvedCondition, ResolvedItem } from '../../../src/core/config/resolved';
import { loadCondition, type RespondentTable } from '../../../src/core/data/conditions';
import { BLANK, OUT_OF_RANGE, REFUSAL, UNPARSEABLE } from '../../../src/core/data/types';
import { InputError } from '../../../src/core/errors';
import { fixture, plainColumn, tempFile } from './helpers';

const importance = { '1': 'Very important', '2': 'Rather important', '3': 'Not very important', '4': 'Not at all important' };
const happiness = { '1': 'Very happy', '2': 'Quite happy', '3': 'Not very happy', '4': 'Not at all happy' };
const items: ResolvedItem[] = [
  { id: 'Q1', label: 'Family', scale: { type: 'ordinal', min: 1, max: 4 }, optionLabels: importance },
  { id: 'Q2', label: 'Friends', scale: { type: 'ordinal', min: 1, max: 4 }, optionLabels: importance },
  { id: 'Q46', label: 'Feeling of happiness', scale: { type: 'ordinal', min: 1, max: 4 }, optionLabels: happiness },
];

function condition(file: string, format: ConditionFormat, overrides: Partial<ResolvedCondition> = {}): ResolvedCondition {
  return { name: 'model', file, format, groupColumn: 'group', respondentColumn: 'id', itemColumn: 'item', answerColumn: 'answer', ...overrides };
}

function plainRespondents(table: RespondentTable) {
  return {
    nRows: table.nRows,
    items: Object.fromEntries([...table.items].map(([id, values]) => [id, Array.from(values)])),
    group: table.group ? plainColumn(table.group) : undefined,
    columns: Object.fromEntries([...table.columns].map(([name, column]) => [name, plainColumn(column)])),
    rowLines: Array.from(table.rowLines),
    ignoredItems: table.ignoredItems,
  };
}

function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

describe('wide conditions', () => {
  const file = fixture('data', 'condition-wide.csv');

  it('reads codes, labels, reply shapes and model tokens, with the group and extra columns as text', async () => {
    const table = await loadCondition(condition(file, 'wide'), items, ['Q240', 'note', 'group', 'not_in_file', 'Q1']);
    assert.deepEqual(plainRespondents(table), {
      nRows: 4,
      items: {
        Q1: [1, 2, 2, BLANK],
        Q2: [2, REFUSAL, OUT_OF_RANGE, UNPARSEABLE],
        Q46: [1, 3, UNPARSEABLE, 99],
      },
      group: ['left', 'left', 'right', 'right'],
      columns: {
        Q240: ['2', '3', '9', '8'],
        note: ['said "hi"', null, 'multi\nline', 'ok'],
        group: ['left', 'left', 'right', 'right'],
      },
      rowLines: [2, 3, 4, 6],
      ignoredItems: [],
    });
    assert.equal(table.sha256, sha256Of(file));
    assert.equal(table.bytes, fs.statSync(file).size);
    assert.equal(table.file, file);
  });

  it('reads the same at a tiny chunk size', async () => {
    const whole = await loadCondition(condition(file, 'wide'), items, ['note']);
    const chunked = await loadCondition(condition(file, 'wide'), items, ['note'], { chunkSize: 3 });
    assert.deepEqual(plainRespondents(chunked), plainRespondents(whole));
  });

  it('rejects a file without an item column, naming file and column', async () => {
    const path = tempFile('wide-missing.csv', 'id,group,Q1,Q2\nm1,left,1,2\n');
    await assert.rejects(loadCondition(condition(path, 'wide'), items, []), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.message, `${path}:1: column Q46 not found in the header`);
      return true;
    });
  });

  it('has no group when the condition names no group column', async () => {
    const table = await loadCondition(condition(file, 'wide', { groupColumn: undefined }), items, []);
    assert.equal(table.group, undefined);
    assert.equal(table.nRows, 4);
  });
});

describe('long conditions', () => {
  const file = fixture('data', 'condition-long.csv');

  it('collects rows into respondents in order of first appearance, unanswered items blank', async () => {
    const table = await loadCondition(condition(file, 'long'), items, ['group']);
    assert.deepEqual(plainRespondents(table), {
      nRows: 3,
      items: {
        Q1: [1, REFUSAL, OUT_OF_RANGE],
        Q2: [3, BLANK, BLANK],
        Q46: [4, 2, BLANK],
      },
      group: ['left', 'left', 'right'],
      columns: { group: ['left', 'left', 'right'] },
      rowLines: [2, 4, 7],
      ignoredItems: ['Q99'],
    });
    assert.equal(table.sha256, sha256Of(file));
  });

  it('uses the column names the condition gives', async () => {
    const path = tempFile('long-named.tsv', 'who\tquestion\treply\nx\tQ1: Family\t2\ny\tq2\tVery important\n');
    const table = await loadCondition(
      condition(path, 'long', { respondentColumn: 'who', itemColumn: 'question', answerColumn: 'reply', groupColumn: undefined }),
      items,
      [],
    );
    assert.deepEqual(plainRespondents(table).items, { Q1: [2, BLANK], Q2: [BLANK, 1], Q46: [BLANK, BLANK] });
  });

  it('rejects a second answer to the same item, naming the first line', async () => {
    const path = tempFile('long-dup.csv', 'id,item,answer\nr1,Q1,3\nr2,Q1,1\nr1,Q2,1\nr1,q1,4\n');
    await assert.rejects(
      loadCondition(condition(path, 'long', { groupColumn: undefined }), items, []),
      (error: unknown) => error instanceof InputError && error.message === `${path}:5: respondent "r1" already answered Q1 on line 2`,
    );
  });

  it('rejects a blank respondent id', async () => {
    const path = tempFile('long-blank.csv', 'id,item,answer\n,Q1,3\n');
    await assert.rejects(
      loadCondition(condition(path, 'long', { groupColumn: undefined }), items, []),
      (error: unknown) => error instanceof InputError && error.message === `${path}:2: column id is blank: every row needs a respondent id`,
    );
  });

  it('rejects a respondent whose per-respondent columns disagree between rows', async () => {
    const path = tempFile('long-extra.csv', 'id,item,answer,Q240\nr1,Q1,3,2\nr1,Q2,1,\nr1,Q46,1,5\n');
    await assert.rejects(
      loadCondition(condition(path, 'long', { groupColumn: undefined }), items, ['Q240']),
      (error: unknown) => error instanceof InputError && error.message === `${path}:4: respondent "r1" has Q240 "5" here but "2" on line 2`,
    );
  });
});

describe('JSON Lines conditions', () => {
  it('reads nested answers: codes, labels, reply shapes, tokens, null, non-integers, skipping blank lines', async () => {
    const file = fixture('data', 'condition-nested.jsonl');
    const table = await loadCondition(condition(file, 'jsonl'), items, []);
    assert.deepEqual(plainRespondents(table), {
      nRows: 3,
      items: {
        Q1: [1, UNPARSEABLE, OUT_OF_RANGE],
        Q2: [1, REFUSAL, UNPARSEABLE],
        Q46: [BLANK, 3, OUT_OF_RANGE],
      },
      group: ['left', 'left', 'right'],
      columns: {},
      rowLines: [1, 3, 4],
      ignoredItems: ['Q7'],
    });
    assert.equal(table.sha256, sha256Of(file));
  });

  it('reads flat objects with CRLF and no final newline, numbers as group tags and extra columns as text', async () => {
    const file = fixture('data', 'condition-flat.jsonl');
    for (const chunkSize of [1, 7, undefined]) {
      const table = await loadCondition(condition(file, 'jsonl'), items, ['Q240', 'absent'], { chunkSize });
      assert.deepEqual(plainRespondents(table), {
        nRows: 2,
        items: { Q1: [3, UNPARSEABLE], Q2: [1, BLANK], Q46: [BLANK, BLANK] },
        group: ['left', '7'],
        columns: { Q240: ['2', '9'] },
        rowLines: [1, 2],
        ignoredItems: ['model'],
      });
    }
  });

  it('reads a byte-order mark before the first object', async () => {
    const path = tempFile('bom.jsonl', '\ufeff{"id": "a", "Q1": 2}\n');
    const table = await loadCondition(condition(path, 'jsonl'), items, []);
    assert.deepEqual(Array.from(table.items.get('Q1')!), [2]);
  });

  it('reports a JSON syntax error at its line and column', async () => {
    const path = tempFile('syntax.jsonl', '{"id": "a", "Q1": 2}\n{"id": "b" "Q1": 2}\n');
    await assert.rejects(
      loadCondition(condition(path, 'jsonl'), items, []),
      (error: unknown) =>
        error instanceof InputError && error.message === `${path}:2:12: invalid JSON: Expected ',' or '}' after property value`,
    );
  });
});
