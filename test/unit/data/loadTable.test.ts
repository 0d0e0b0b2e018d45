import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'crypto';
import * as fs from 'fs';
import { loadDelimited } from '../../../src/core/data/loadTable';
import { BLANK, OUT_OF_RANGE, REFUSAL, UNPARSEABLE, type ColumnRequest } from '../../../src/core/data/types';
import { InputError, InputErrors } from '../../../src/core/errors';
import { fixture, plainColumn, plainTable, tempFile } from './helpers';

const happinessLabels = new Map([
  ['Very happy', 1],
  ['Quite happy', 2],
  ['Not very happy', 3],
  ['Not at all happy', 4],
]);

describe('loadDelimited on a WVS CsvTxt-style human file', () => {
  const human = fixture('data', 'human-wvs.csv');
  const columns: ColumnRequest[] = [
    { name: 'B_COUNTRY_ALPHA', kind: 'text' },
    { name: 'W_WEIGHT', kind: 'number' },
    { name: 'Q1', kind: 'code' },
    { name: 'Q2', kind: 'code' },
    { name: 'Q10', kind: 'code' },
    { name: 'Q46', kind: 'code', labels: happinessLabels },
  ];

  it('resolves headers by variable name and reads every kind of column', async () => {
    const table = await loadDelimited(human, { columns });
    assert.equal(table.file, human);
    assert.equal(table.delimiter, ';');
    assert.equal(table.nRows, 4);
    assert.deepEqual(plainTable(table), {
      nRows: 4,
      rowLines: [2, 3, 4, 5],
      columns: {
        B_COUNTRY_ALPHA: ['DEU', 'DEU', 'USA', 'USA'],
        W_WEIGHT: [1.25, 0.75, 1, 1.5],
        Q1: [1, 1, 2, 4],
        Q2: [2, -1, 1, 3],
        Q10: [1, 2, BLANK, 2],
        Q46: [2, 1, 4, -2],
      },
    });
    const q1 = table.columns.get('Q1');
    assert.equal(q1?.header, 'Q1 Important in life: Family');
    assert.equal(q1?.fieldIndex, 2);
  });

  it('hashes the file like crypto does and reports its size', async () => {
    const table = await loadDelimited(human, { columns });
    const bytes = fs.readFileSync(human);
    assert.equal(table.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(table.bytes, bytes.length);
  });
});

describe('code columns', () => {
  const load = (content: string, request: ColumnRequest, onText?: 'error' | 'model') =>
    loadDelimited(tempFile('codes.csv', content), { columns: [request], onText });

  it('maps label text case-insensitively after trimming, with labels given in any case', async () => {
    const table = await load('q\nQUITE HAPPY\n  very happy \n"Not at all happy"\n2\n', { name: 'q', kind: 'code', labels: happinessLabels });
    assert.deepEqual(plainColumn(table.columns.get('q')), [2, 1, 4, 2]);
  });

  it('classifies model replies: refusals, out-of-range, unparseable, non-integers and huge numbers', async () => {
    const table = await load(
      'q\nrefusal\nRefused\ninvalid:refusal\nout_of_range\ninvalid:out_of_range\nunparseable\n2.5\n99999\nblah\n\n3: Quite happy\n',
      { name: 'q', kind: 'code', labels: happinessLabels },
      'model',
    );
    assert.deepEqual(plainColumn(table.columns.get('q')), [
      REFUSAL,
      REFUSAL,
      REFUSAL,
      OUT_OF_RANGE,
      OUT_OF_RANGE,
      UNPARSEABLE,
      UNPARSEABLE,
      OUT_OF_RANGE,
      UNPARSEABLE,
      3,
    ]);
  });

  it('treats a single-column blank line as a skipped line, and blank cells as BLANK', async () => {
    const table = await load('q,r\n,1\n \t,2\n', { name: 'q', kind: 'code' });
    assert.deepEqual(plainColumn(table.columns.get('q')), [BLANK, BLANK]);
  });

  it('rejects, in human files, text that is no label, non-integers and codes Int16 cannot hold', async () => {
    const message = async (cell: string): Promise<string> => {
      try {
        await load(`id,Q3\nr1,${cell}\n`, { name: 'Q3', kind: 'code', labels: happinessLabels });
      } catch (error) {
        assert.ok(error instanceof InputError);
        return error.message.replace(/^.*?\.csv/, 'file');
      }
      throw new Error('expected an InputError');
    };
    assert.equal(await message('abc'), 'file:2:4: column Q3: "abc" is not a number or an answer label of Q3');
    assert.equal(await message('2.5'), 'file:2:4: column Q3: "2.5" is not an integer code');
    assert.equal(await message('40000'), 'file:2:4: column Q3: 40000 is outside the storable code range -32764..32767');
    assert.equal(await message('-32768'), 'file:2:4: column Q3: -32768 is outside the storable code range -32764..32767');
    assert.equal(await message('refusal'), 'file:2:4: column Q3: "refusal" is not a number or an answer label of Q3');
  });

  it('gives the range of the offending cell for diagnostics', async () => {
    try {
      await load('id,Q3\nr1,  abc  \n', { name: 'Q3', kind: 'code' });
      assert.fail('expected an InputError');
    } catch (error) {
      assert.ok(error instanceof InputError);
      assert.deepEqual(
        { ...error.location, file: undefined },
        { file: undefined, line: 2, column: 6, endLine: 2, endColumn: 9, field: 'Q3' },
      );
    }
  });
});

describe('column requests', () => {
  const file = (): string => tempFile('requests.csv', 'id,Q1,Q2\na,1,2\nb,3,4\n');

  it('reads one column twice under different keys', async () => {
    const table = await loadDelimited(file(), {
      columns: [
        { name: 'Q1', kind: 'code' },
        { name: 'Q1', kind: 'text', key: 'Q1 as text' },
      ],
    });
    assert.deepEqual(plainTable(table).columns, { Q1: [1, 3], 'Q1 as text': ['1', '3'] });
  });

  it('leaves out a missing optional column', async () => {
    const table = await loadDelimited(file(), { columns: [{ name: 'Q9', kind: 'text', optional: true }, { name: 'Q2', kind: 'code' }] });
    assert.deepEqual([...table.columns.keys()], ['Q2']);
  });

  it('reports every missing column at once', async () => {
    const path = file();
    await assert.rejects(
      loadDelimited(path, { columns: [{ name: 'Q3', kind: 'code' }, { name: 'Q4', kind: 'code' }] }),
      (error: unknown) =>
        error instanceof InputErrors &&
        error.message === `${path}:1: column Q3 not found in the header; did you mean Q1, Q2?\n${path}:1: column Q4 not found in the header; did you mean Q1, Q2?`,
    );
  });
});
