/**
 * The malformed-input corpus in test/fixtures/malformed/: each file and the exact message it
 * produces. Paths are passed relative to the repository root and printed as given.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ResolvedCondition, ResolvedItem } from '../../../src/core/config/resolved';
import { loadCondition } from '../../../src/core/data/conditions';
import { loadDelimited } from '../../../src/core/data/loadTable';
import type { ColumnKind } from '../../../src/core/data/types';
import { isInputError } from '../../../src/core/errors';
import { fixture } from './helpers';

const items: ResolvedItem[] = ['Q1', 'Q2'].map((id) => ({ id, label: id, scale: undefined, optionLabels: {} }));

const human = (name: string, kind: ColumnKind = 'code') => (file: string) => loadDelimited(file, { columns: [{ name, kind }] });
const model = (format: ResolvedCondition['format'], groupColumn?: string) => (file: string) =>
  loadCondition({ name: 'm', file, format, groupColumn, respondentColumn: 'id', itemColumn: 'item', answerColumn: 'answer' }, items, []);

const corpus: [file: string, load: (file: string) => Promise<unknown>, message: string][] = [
  ['ragged-row.csv', human('Q1'), 'ragged-row.csv:3:5: expected 3 fields, found 2'],
  [
    'unterminated-quote.csv',
    human('Q1'),
    'unterminated-quote.csv:3:6: unterminated quote: the quoted field starting here is never closed',
  ],
  ['bom-only.csv', human('Q1'), 'bom-only.csv: the file is empty (it holds only a UTF-8 byte-order mark)'],
  ['empty.csv', human('Q1'), 'empty.csv: the file is empty'],
  ['blank-lines-only.csv', human('Q1'), 'blank-lines-only.csv: no header line: the file holds only blank lines'],
  [
    'non-numeric-code.csv',
    human('Q3'),
    'non-numeric-code.csv:4:8: column Q3: "abc" is not a number or an answer label of Q3',
  ],
  ['non-integer-code.csv', human('Q1'), 'non-integer-code.csv:2:4: column Q1: "2.5" is not an integer code'],
  ['non-numeric-weight.csv', human('W_WEIGHT', 'number'), 'non-numeric-weight.csv:4:4: column W_WEIGHT: "n/a" is not a number'],
  ['missing-column.csv', human('Q1'), 'missing-column.csv:1: column Q1 not found in the header; did you mean Q10, Q11, Q2?'],
  ['missing-column.csv', model('wide'), 'missing-column.csv:1: column Q1 not found in the header; did you mean Q10, Q11, Q2?'],
  ['duplicate-header.csv', human('Q1'), 'duplicate-header.csv:1:10: column Q1 matches 2 headers: "Q1" (field 2) and "Q1" (field 4)'],
  [
    'text-after-quote.csv',
    human('Q1'),
    'text-after-quote.csv:2:14: unexpected "x" after a closing quote (a quote inside a quoted field is written "")',
  ],
  ['bad-line.jsonl', model('jsonl', 'group'), 'bad-line.jsonl:2:51: invalid JSON: Expected double-quoted property name'],
  ['not-object.jsonl', model('jsonl'), 'not-object.jsonl:2:1: expected a JSON object for one respondent, found an array'],
  ['duplicate-long-answer.csv', model('long'), 'duplicate-long-answer.csv:5: respondent "r1" already answered Q1 on line 2'],
  ['two-groups-long.csv', model('long', 'group'), 'two-groups-long.csv:3: respondent "r1" has group "right" here but "left" on line 2'],
  ['does-not-exist.csv', human('Q1'), 'does-not-exist.csv: file not found'],
];

describe('malformed-input corpus', () => {
  for (const [name, load, message] of corpus) {
    it(`reports ${name}: ${message.slice(name.length + 1)}`, async () => {
      const file = fixture('malformed', name);
      await assert.rejects(load(file), (error: unknown) => {
        assert.ok(isInputError(error), `expected an InputError, got ${String(error)}`);
        assert.equal(error.message, `test/fixtures/malformed/${message}`);
        return true;
      });
    });
  }
});
