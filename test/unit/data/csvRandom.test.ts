/**
 * Differential test of the byte-level parser against a plain string-based RFC 4180 reader, on
 * generated files with quotes, doubled quotes, embedded delimiters and line breaks, mixed LF /
 * CRLF / CR line ends, blank lines, multi-byte text and spaces, read at many chunk sizes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadDelimited } from '../../../src/core/data/loadTable';
import { BLANK } from '../../../src/core/data/types';
import { plainTable, tempFile } from './helpers';
import { seededRandom as random } from '../support/numeric';

const isBreak = (text: string, at: number): boolean => text[at] === '\n' || text[at] === '\r';
const afterBreak = (text: string, at: number): number => (text[at] === '\r' && text[at + 1] === '\n' ? at + 2 : at + 1);
const trimSpaces = (value: string): string => value.replace(/^[ \t]+|[ \t]+$/g, '');

/** The reference: rows of field strings with the line each row starts on; blank lines skipped. */
function referenceRows(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let at = 0;
  let line = 1;
  while (at < text.length) {
    if (isBreak(text, at)) {
      at = afterBreak(text, at);
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    for (;;) {
      if (text[at] === '"') {
        let value = '';
        let j = at + 1;
        for (;;) {
          if (text[j] === '"') {
            if (text[j + 1] === '"') {
              value += '"';
              j += 2;
              continue;
            }
            break;
          }
          if (text[j] === '\n' || (text[j] === '\r' && text[j + 1] !== '\n')) line++;
          value += text[j];
          j++;
        }
        fields.push(value);
        at = j + 1;
      } else {
        let j = at;
        while (j < text.length && text[j] !== ',' && !isBreak(text, j)) j++;
        fields.push(text.slice(at, j));
        at = j;
      }
      if (at >= text.length) break;
      if (text[at] === ',') {
        at++;
        continue;
      }
      at = afterBreak(text, at);
      line++;
      break;
    }
    rows.push({ line: start, fields });
  }
  return rows;
}

function generate(next: () => number, nRows: number): string {
  const pick = <T>(options: readonly T[]): T => options[Math.floor(next() * options.length)]!;
  const textPieces = ['a', 'b', 'é', '日', ' ', ',', '"', '\n', '\r\n', '\r', 'x y', '1'];
  const quote = (value: string): string => `"${value.replace(/"/g, '""')}"`;
  const textCell = (): string => {
    const value = Array.from({ length: Math.floor(next() * 5) }, () => pick(textPieces)).join('');
    return /[",\r\n]/.test(value) || next() < 0.2 ? quote(value) : value;
  };
  const codeCell = (): string => {
    if (next() < 0.1) return pick(['', ' ', '""']);
    const value = String(Math.floor(next() * 200) - 100);
    return pick([value, value, value, ` ${value} `, quote(value)]);
  };
  const numberCell = (): string => {
    if (next() < 0.1) return '';
    const value = ((next() - 0.5) * 1000).toFixed(Math.floor(next() * 4));
    return next() < 0.2 ? quote(value) : value;
  };
  let text = pick(['', '\ufeff']) + 'code,text,skip,weight';
  for (let row = 0; row < nRows; row++) {
    text += pick(['\n', '\r\n', '\r', '\n\n', '\r\n\r\n']);
    text += [codeCell(), textCell(), textCell(), numberCell()].join(',');
  }
  return text + pick(['', '\n', '\r\n', '\n\n']);
}

describe('byte-level parser against a reference reader', () => {
  for (let seed = 1; seed <= 25; seed++) {
    it(`reads generated file ${seed} like the reference at every chunk size`, async () => {
      const next = random(seed);
      const content = generate(next, 60);
      const rows = referenceRows(content.replace(/^\ufeff/, ''));
      const data = rows.slice(1);
      assert.ok(data.some((row) => /[\r\n]/.test(row.fields[1]!)), 'the sample has a quoted line break');
      assert.ok(data.some((row) => row.fields[1]!.includes('"')), 'the sample has a doubled quote');
      const blankOr = <T>(value: string, read: (trimmed: string) => T): T | null =>
        trimSpaces(value) === '' ? null : read(trimSpaces(value));
      const expected = {
        nRows: data.length,
        rowLines: data.map((row) => row.line),
        columns: {
          code: data.map((row) => blankOr(row.fields[0]!, Number) ?? BLANK),
          text: data.map((row) => blankOr(row.fields[1]!, (value) => value)),
          weight: data.map((row) => blankOr(row.fields[3]!, Number)),
        },
      };
      const file = tempFile(`random-${seed}.csv`, content);
      for (const chunkSize of [1, 2, 3, 5, 8, 17, 64, undefined]) {
        const table = await loadDelimited(file, {
          columns: [
            { name: 'code', kind: 'code' },
            { name: 'text', kind: 'text' },
            { name: 'weight', kind: 'number' },
          ],
          chunkSize,
        });
        assert.deepEqual(plainTable(table), expected, `chunk size ${chunkSize}`);
      }
    });
  }
});
