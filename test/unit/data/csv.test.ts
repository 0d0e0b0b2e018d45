import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'crypto';
import * as fs from 'fs';
import { detectDelimiter } from '../../../src/core/data/csv';
import { loadDelimited } from '../../../src/core/data/loadTable';
import { BLANK, type ColumnRequest } from '../../../src/core/data/types';
import { CancelledError, InputError } from '../../../src/core/errors';
import { plainColumn, plainTable, tempFile } from './helpers';

const CHUNK_SIZES = [1, 2, 3, 4, 5, 7, 8, 13, 64, undefined];

let counter = 0;
async function load(content: string | Uint8Array, columns: ColumnRequest[], chunkSize?: number) {
  const file = tempFile(`parse-${counter++}.csv`, content);
  return loadDelimited(file, { columns, chunkSize });
}

/** Loads `content` at every chunk size and checks they all agree; returns the plain table. */
async function loadEverywhere(content: string | Uint8Array, columns: ColumnRequest[]) {
  const file = tempFile(`parse-${counter++}.csv`, content);
  const results = [];
  for (const chunkSize of CHUNK_SIZES) {
    results.push(plainTable(await loadDelimited(file, { columns, chunkSize })));
  }
  for (const [index, result] of results.entries()) {
    assert.deepEqual(result, results[0], `chunk size ${CHUNK_SIZES[index]} differs from chunk size ${CHUNK_SIZES[0]}`);
  }
  return results[0]!;
}

const text = (name: string): ColumnRequest => ({ name, kind: 'text' });
const code = (name: string): ColumnRequest => ({ name, kind: 'code' });
const number = (name: string): ColumnRequest => ({ name, kind: 'number' });

describe('delimiter detection', () => {
  const detect = (header: string): string => detectDelimiter(new TextEncoder().encode(header));

  it('picks the most frequent candidate outside quotes', () => {
    assert.equal(detect('a;b;c,d'), ';');
    assert.equal(detect('a\tb\tc'), '\t');
    assert.equal(detect('a|b|c'), '|');
    assert.equal(detect('"x;y;z",b,c'), ',');
  });

  it('breaks ties in the order comma, tab, semicolon, pipe and falls back when none occurs', () => {
    assert.equal(detect('a;b,c'), ',');
    assert.equal(detect('a|b\tc'), '\t');
    assert.equal(detect('single'), ',');
  });

  it('reads a semicolon file with a BOM, CRLF and WVS-style headers', async () => {
    const file = tempFile('semicolon.csv', '\ufeffQ1 Important in life: Family;Q2\r\n1;2\r\n3;4\r\n');
    const table = await loadDelimited(file, { columns: [code('Q1'), code('Q2')] });
    assert.equal(table.delimiter, ';');
    assert.deepEqual(table.headers, ['Q1 Important in life: Family', 'Q2']);
    assert.deepEqual(plainColumn(table.columns.get('Q1')), [1, 3]);
  });
});

describe('quotes', () => {
  it('keeps delimiters, doubled quotes and line breaks inside quoted fields', async () => {
    const table = await loadEverywhere('id,note,n\n1,"a, b",2\n2,"say ""hi""",3\n3,"two\nlines",4\n4,"cr\r\nlf",5\n', [
      text('note'),
      code('n'),
    ]);
    assert.deepEqual(table.columns['note'], ['a, b', 'say "hi"', 'two\nlines', 'cr\r\nlf']);
    assert.deepEqual(table.columns['n'], [2, 3, 4, 5]);
    assert.deepEqual(table.rowLines, [2, 3, 4, 6]);
  });

  it('reads quoted numbers and an empty quoted field as blank', async () => {
    const table = await loadEverywhere('a,b,w\n"3","","1.5"  \n', [code('a'), code('b'), number('w')]);
    assert.deepEqual(table.columns, { a: [3], b: [BLANK], w: [1.5] });
  });

  it('follows RFC 4180 in reading a quote after leading spaces as part of an unquoted field', async () => {
    const table = await loadEverywhere('a,t\n1,  "x"\n', [code('a'), text('t')]);
    assert.deepEqual(table.columns, { a: [1], t: ['"x"'] });
  });

  it('treats a quote inside an unquoted field as a literal character', async () => {
    const table = await loadEverywhere('a,b\nx"y,1\n', [text('a'), code('b')]);
    assert.deepEqual(table.columns, { a: ['x"y'], b: [1] });
  });

  it('parses quoted headers with doubled quotes', async () => {
    const table = await load('"id","Q1 ""Family""",Q2\n1,2,3\n', [code('Q1')]);
    assert.deepEqual(table.headers, ['id', 'Q1 "Family"', 'Q2']);
    assert.deepEqual(plainColumn(table.columns.get('Q1')), [2]);
  });

  it('skips quoted fields of columns that are not requested, line breaks included', async () => {
    const table = await loadEverywhere('a,skip,b\n1,"x,\n""y""\n",2\n3,,4\n', [code('a'), code('b')]);
    assert.deepEqual(table.columns, { a: [1, 3], b: [2, 4] });
    assert.deepEqual(table.rowLines, [2, 5]);
  });
});

describe('line endings and file edges', () => {
  const expected = { a: [1, 3], b: [2, 4] };

  for (const [label, content] of [
    ['LF with a trailing newline', 'a,b\n1,2\n3,4\n'],
    ['LF without a trailing newline', 'a,b\n1,2\n3,4'],
    ['CRLF with a trailing newline', 'a,b\r\n1,2\r\n3,4\r\n'],
    ['CRLF without a trailing newline', 'a,b\r\n1,2\r\n3,4'],
    ['old Mac CR line ends', 'a,b\r1,2\r3,4\r'],
    ['blank lines at the end', 'a,b\n1,2\n3,4\n\n\r\n\n'],
    ['a UTF-8 BOM', '\ufeffa,b\n1,2\n3,4\n'],
  ] as const) {
    it(`reads ${label}`, async () => {
      const table = await loadEverywhere(content, [code('a'), code('b')]);
      assert.deepEqual(table.columns, expected);
      assert.equal(table.nRows, 2);
    });
  }

  it('skips blank lines between rows and before the header, counting them in row lines', async () => {
    const table = await loadEverywhere('\n\na,b\n1,2\n\n3,4\n', [code('a')]);
    assert.deepEqual(table.columns, { a: [1, 3] });
    assert.deepEqual(table.rowLines, [4, 6]);
  });

  it('reads an empty last field after a trailing delimiter, with or without a newline', async () => {
    assert.deepEqual((await loadEverywhere('a,b\n1,\n', [code('a'), code('b')])).columns, { a: [1], b: [BLANK] });
    assert.deepEqual((await loadEverywhere('a,b\n1,', [code('a'), code('b')])).columns, { a: [1], b: [BLANK] });
  });

  it('returns no rows for a header-only file', async () => {
    const table = await loadEverywhere('a,b\n', [code('a')]);
    assert.equal(table.nRows, 0);
    assert.deepEqual(table.columns, { a: [] });
  });

  it('reads tab-separated files with spaces around numbers', async () => {
    const table = await loadEverywhere('a\tb\tw\n 1 \t-2\t 0.25\n', [code('a'), code('b'), number('w')]);
    assert.deepEqual(table.columns, { a: [1], b: [-2], w: [0.25] });
  });

  it('keeps multi-byte UTF-8 text whole across chunk boundaries', async () => {
    const table = await loadEverywhere('land,n\nÖsterreich,1\n日本,2\n', [text('land'), code('n')]);
    assert.deepEqual(table.columns['land'], ['Österreich', '日本']);
  });
});

describe('numbers', () => {
  it('parses integers, signs and decimals exactly as Number() does', async () => {
    const values = ['0', '-0', '+7', '12.5', '-3.25', '.5', '5.', '0.1', '1e3', '123456789012.125', '1234567890123456789'];
    const table = await loadEverywhere(`w\n${values.join('\n')}\n`, [number('w')]);
    assert.deepEqual(
      table.columns['w'],
      values.map((value) => Number(value)),
    );
  });

  it('stores blank number cells as NaN', async () => {
    const table = await load('w,x\n,1\n  ,2\n', [number('w')]);
    const column = table.columns.get('w');
    assert.ok(column?.kind === 'number');
    assert.ok(Number.isNaN(column.values[0]!) && Number.isNaN(column.values[1]!));
  });

  it('accepts codes written as whole decimals and the full storable range', async () => {
    const table = await loadEverywhere('q\n3.0\n-32764\n32767\n-5\n007\n', [code('q')]);
    assert.deepEqual(table.columns['q'], [3, -32764, 32767, -5, 7]);
  });

  it('stores codes in Int16Array, numbers in Float64Array and text as a dictionary', async () => {
    const table = await load('c,w,t\n1,0.5,DEU\n2,1.5,USA\n3,1,DEU\n', [code('c'), number('w'), text('t')]);
    const c = table.columns.get('c');
    const w = table.columns.get('w');
    const t = table.columns.get('t');
    assert.ok(c?.kind === 'code' && c.values instanceof Int16Array);
    assert.ok(w?.kind === 'number' && w.values instanceof Float64Array);
    assert.ok(t?.kind === 'text');
    assert.deepEqual(t.dictionary, ['DEU', 'USA']);
    assert.deepEqual(Array.from(t.codes), [0, 1, 0]);
  });
});

describe('streaming', () => {
  it('computes the sha256 of exactly the file bytes', async () => {
    const content = '\ufeffa,b\r\n1,"x\ny"\r\n2,z';
    const file = tempFile('hash.csv', content);
    const expected = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    for (const chunkSize of [1, 3, undefined]) {
      const table = await loadDelimited(file, { columns: [code('a')], chunkSize });
      assert.equal(table.sha256, expected);
      assert.equal(table.bytes, Buffer.byteLength(content));
    }
  });

  it('reports progress every 4 MB and once at the end, up to the file size', async () => {
    const row = `${'1,'.repeat(99)}1\n`;
    const file = tempFile('progress.csv', `${Array.from({ length: 100 }, (_, i) => `c${i}`).join(',')}\n${row.repeat(50_000)}`);
    const size = fs.statSync(file).size;
    const seen: number[] = [];
    const table = await loadDelimited(file, {
      columns: [code('c0'), code('c99')],
      chunkSize: 1 << 20,
      onProgress: (progress) => {
        assert.equal(progress.totalBytes, size);
        seen.push(progress.bytesRead);
      },
    });
    assert.equal(table.nRows, 50_000);
    assert.equal(size, 10_000_390);
    // Reads of 1 MiB after a 64 KiB header read: reports at 4, 8 MiB (+64 KiB), then the end.
    assert.deepEqual(seen, [4 * 2 ** 20 + 65536, 8 * 2 ** 20 + 65536, size]);
  });

  it('throws CancelledError when the signal aborts between chunks', async () => {
    const file = tempFile('cancel.csv', `a\n${'1\n'.repeat(20_000)}`);
    const controller = new AbortController();
    const loading = loadDelimited(file, { columns: [code('a')], chunkSize: 256, signal: controller.signal });
    setImmediate(() => controller.abort());
    await assert.rejects(loading, (error: Error) => error instanceof CancelledError);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const file = tempFile('aborted.csv', 'a\n1\n');
    await assert.rejects(
      loadDelimited(file, { columns: [code('a')], signal: AbortSignal.abort() }),
      (error: Error) => error instanceof CancelledError,
    );
  });
});

describe('structural errors', () => {
  const message = async (content: string, columns: ColumnRequest[], chunkSize?: number): Promise<string> => {
    try {
      await load(content, columns, chunkSize);
    } catch (error) {
      assert.ok(error instanceof InputError);
      return error.detail + ` @${error.location.line}:${error.location.column}`;
    }
    throw new Error('expected an InputError');
  };

  it('reports a short row at its end and a long row at its first surplus field', async () => {
    for (const chunkSize of [1, 5, undefined]) {
      assert.equal(await message('a,b,c\n1,2,3\n4,5\n', [code('a')], chunkSize), 'expected 3 fields, found 2 @3:4');
      assert.equal(await message('a,b\n1,2,3,4\n', [code('a')], chunkSize), 'expected 2 fields, found 4 @2:5');
    }
  });

  it('points an unterminated quote at the quote that opened it', async () => {
    for (const chunkSize of [1, 4, undefined]) {
      assert.equal(
        await message('a,b\n1,x\n2,"open\n3,y\n', [code('a')], chunkSize),
        'unterminated quote: the quoted field starting here is never closed @3:3',
      );
    }
  });

  it('reports text after a closing quote', async () => {
    assert.equal(
      await message('a,b\n1,"x"y\n', [code('a')]),
      'unexpected "y" after a closing quote (a quote inside a quoted field is written "") @2:6',
    );
  });

  it('counts columns in characters, not bytes, on lines with multi-byte text', async () => {
    assert.equal(await message('t,n\nÄÖÜ,x\n', [{ name: 'n', kind: 'number' }]), 'column n: "x" is not a number @2:5');
  });
});
