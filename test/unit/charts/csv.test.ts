import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TopLevelSpec } from 'vega-lite/build/index';
import { csvField, rowsToCsv, specDataCsv } from '../../../src/core/charts/csv';

describe('view data as CSV', () => {
  it('quotes fields with commas, quotes or line breaks and leaves null empty', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a, b'), '"a, b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField(null), '');
    assert.equal(csvField(0.25), '0.25');
  });

  it('writes a header of every key in first-seen order, rows with CRLF', () => {
    assert.equal(rowsToCsv([{ a: 1, b: 'x' }, { b: 'y', c: true }]), 'a,b,c\r\n1,x,\r\n,y,true\r\n');
  });

  it("exports one dataset as is and several under a leading 'dataset' column", () => {
    const one = { datasets: { cells: [{ item: 'Q1', r: 0.5 }], empty: [] }, mark: 'point', data: { name: 'cells' } } as unknown as TopLevelSpec;
    assert.equal(specDataCsv(one), 'item,r\r\nQ1,0.5\r\n');
    const two = { datasets: { cells: [{ item: 'Q1', r: 0.5 }], pairs: [{ a: 'Q1', b: 'Q2' }] }, mark: 'point', data: { name: 'cells' } } as unknown as TopLevelSpec;
    assert.equal(specDataCsv(two), 'dataset,item,r,a,b\r\ncells,Q1,0.5,,\r\npairs,,,Q1,Q2\r\n');
  });
});
