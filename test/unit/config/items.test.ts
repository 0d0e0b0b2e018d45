import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseItemEntry } from '../../../src/core/config/items';

describe('parseItemEntry', () => {
  it('reads an id', () => assert.deepEqual(parseItemEntry('Q46'), { kind: 'id', id: 'Q46' }));
  it('reads ids with underscores and letters after digits', () => {
    assert.deepEqual(parseItemEntry('B_COUNTRY_ALPHA'), { kind: 'id', id: 'B_COUNTRY_ALPHA' });
    assert.deepEqual(parseItemEntry('Q275R'), { kind: 'id', id: 'Q275R' });
  });
  it('reads a set reference', () => assert.deepEqual(parseItemEntry('@trust'), { kind: 'set', name: 'trust' }));
  it('expands a range', () => {
    assert.deepEqual(parseItemEntry('Q1-Q6'), { kind: 'range', from: 'Q1', to: 'Q6', ids: ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6'] });
  });
  it('expands a one-item range', () => assert.deepEqual(parseItemEntry('Q7-Q7'), { kind: 'range', from: 'Q7', to: 'Q7', ids: ['Q7'] }));
  it('keeps the zero padding of the first bound', () => {
    assert.deepEqual(parseItemEntry('V098-V101'), { kind: 'range', from: 'V098', to: 'V101', ids: ['V098', 'V099', 'V100', 'V101'] });
  });
  it('splits the prefix before the last run of digits', () => {
    assert.deepEqual(parseItemEntry('E1_2-E1_4'), { kind: 'range', from: 'E1_2', to: 'E1_4', ids: ['E1_2', 'E1_3', 'E1_4'] });
  });
  it('rejects a backwards range', () => {
    assert.deepEqual(parseItemEntry('Q6-Q1'), { kind: 'invalid', reason: 'the range `Q6-Q1` runs backwards; write it as `Q1-Q6`' });
  });
  it('rejects a range across prefixes', () => {
    assert.deepEqual(parseItemEntry('Q1-V3'), {
      kind: 'invalid',
      reason: 'the range `Q1-V3` has different prefixes (`Q` and `V`); both ends need the same one, as in `Q1-Q6`',
    });
  });
  it('rejects a range of more than 10000 items', () => {
    assert.deepEqual(parseItemEntry('Q1-Q10001'), { kind: 'invalid', reason: 'the range `Q1-Q10001` spans 10001 items; at most 10000 are allowed' });
  });
  it('rejects spaces around the dash', () => {
    assert.deepEqual(parseItemEntry('Q1 - Q6'), {
      kind: 'invalid',
      reason: '`Q1 - Q6` contains spaces; write an item id like `Q46`, a range like `Q1-Q6` (no spaces) or a set like `@trust`',
    });
  });
  it('rejects an id starting with a digit', () => {
    assert.deepEqual(parseItemEntry('1Q'), { kind: 'invalid', reason: '`1Q` is not an item id like `Q46`, a range like `Q1-Q6` or a set like `@trust`' });
  });
});
