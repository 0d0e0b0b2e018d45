import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DelimitedReader } from '../../../src/core/data/csv';
import { loadDelimited } from '../../../src/core/data/loadTable';
import { InputError } from '../../../src/core/errors';
import { plainColumn, tempFile } from './helpers';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Header names, columns and line as the reader sees them. */
function readHeader(text: string, chunkSize?: number): { headers: string[]; columns: number[]; line: number; delimiter: string } {
  const reader = DelimitedReader.fromBytes('header.csv', encode(text), { chunkSize });
  reader.close();
  return { headers: reader.headers, columns: reader.headerColumns, line: reader.headerLine, delimiter: reader.delimiter };
}

describe('header row', () => {
  it('gives each header the column where it starts, in characters, restarting after a quoted line break', () => {
    for (const chunkSize of [1, 3, undefined]) {
      assert.deepEqual(readHeader('\n\nid,"Ä ""b""\nc",日本,x\n1,2,3,4\n', chunkSize), {
        headers: ['id', 'Ä "b"\nc', '日本', 'x'],
        columns: [1, 4, 4, 7],
        line: 3,
        delimiter: ',',
      });
    }
  });

  it('reads 20,000 columns in linear time, with every name and column right', () => {
    const names = Array.from({ length: 20_000 }, (_, index) => (index % 1000 === 7 ? `"Q${index}, é"` : `Q${index}`));
    const header = names.join(';');
    const expectedColumns: number[] = [];
    let column = 1;
    for (const name of names) {
      expectedColumns.push(column);
      column += name.length + 1;
    }
    const started = process.hrtime.bigint();
    const read = readHeader(`${header}\n${names.map(() => '1').join(';')}\n`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    assert.equal(read.delimiter, ';');
    assert.equal(read.headers.length, 20_000);
    assert.equal(read.headers[7], 'Q7, é');
    assert.equal(read.headers[19_999], 'Q19999');
    assert.deepEqual(read.columns, expectedColumns);
    // A field-by-field rescan of the row took about 3 s here; one pass takes a few tens of ms.
    assert.ok(seconds < 1, `reading the header took ${seconds.toFixed(2)} s`);
  });

  it('finds a header row longer than one read, with quoted line breaks across reads', () => {
    const names = Array.from({ length: 15_000 }, (_, index) => (index % 5 === 0 ? `"long\r\nname ${index}"` : `name ${index}`));
    const text = `${names.join('\t')}\r\n${names.map(() => '1').join('\t')}\r\n`;
    assert.ok(text.length > 2 * 64 * 1024);
    for (const chunkSize of [1000, undefined]) {
      const read = readHeader(text, chunkSize);
      assert.equal(read.delimiter, '\t');
      assert.equal(read.headers.length, 15_000);
      assert.equal(read.headers[14_995], 'long\r\nname 14995');
      assert.equal(read.headers[14_999], 'name 14999');
      // Field 14999 is on the header's last line (3,000 line breaks inside quotes), after the end
      // of `name 14995"` with its tab and `name 14996\tname 14997\tname 14998\t`.
      assert.equal(read.columns[14_999], 'name 14995"\t'.length + 3 * 'name 1499x\t'.length + 1);
    }
  });

  it('points an unterminated quote in the header at its opening quote', async () => {
    const file = tempFile('open-header.csv', 'a,"b\n1,2\n');
    await assert.rejects(loadDelimited(file, { columns: [{ name: 'a', kind: 'code' }] }), (error: Error) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.detail, 'unterminated quote: the quoted field starting here is never closed');
      assert.deepEqual([error.location.line, error.location.column], [1, 3]);
      return true;
    });
  });
});

describe('column growth', () => {
  it('keeps every code when the rows outgrow the size estimated from the first read', async () => {
    // The first rows are long, so the first read promises few rows; the columns then grow in the
    // middle of a chunk, and the codes stored after that must land in the grown columns.
    const content = `t,q\n${`${'x'.repeat(2000)},1\n`.repeat(40)}${',7\n'.repeat(20_000)}`;
    const file = tempFile('growth.csv', content);
    const table = await loadDelimited(file, { columns: [{ name: 'q', kind: 'code' }] });
    const values = plainColumn(table.columns.get('q'));
    assert.equal(table.nRows, 20_040);
    assert.deepEqual(values.slice(38, 42), [1, 1, 7, 7]);
    assert.equal(values.filter((value) => value === 7).length, 20_000);
  });
});
