import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  NameResolver,
  headerLookupError,
  headerName,
  lookupHeader,
  nameMatchTier,
  suggestHeaders,
} from '../../../src/core/data/headers';

describe('nameMatchTier', () => {
  it('matches the exact name and WVS CsvTxt headers that continue with a space, colon or dash', () => {
    assert.equal(nameMatchTier('Q1', 'Q1'), 0);
    assert.equal(nameMatchTier(' Q1 ', 'Q1'), 0);
    assert.equal(nameMatchTier('Q1 Important in life: Family', 'Q1'), 1);
    assert.equal(nameMatchTier('Q1: Important in life', 'Q1'), 1);
    assert.equal(nameMatchTier('Q1-Family', 'Q1'), 1);
    assert.equal(nameMatchTier('q1', 'Q1'), 2);
    assert.equal(nameMatchTier('q1: important', 'Q1'), 3);
  });

  it('never matches a longer variable name', () => {
    assert.equal(nameMatchTier('Q10', 'Q1'), undefined);
    assert.equal(nameMatchTier('Q10 Important child qualities', 'Q1'), undefined);
    assert.equal(nameMatchTier('Q1_1', 'Q1'), undefined);
    assert.equal(nameMatchTier('XQ1', 'Q1'), undefined);
  });
});

describe('lookupHeader', () => {
  const wvs = ['B_COUNTRY_ALPHA', 'Q1 Important in life: Family', 'Q10 Important child qualities: tolerance', 'Q11', 'q2'];

  it('finds WVS CsvTxt headers by variable name', () => {
    assert.deepEqual(lookupHeader(wvs, 'Q1'), { status: 'found', index: 1 });
    assert.deepEqual(lookupHeader(wvs, 'Q10'), { status: 'found', index: 2 });
    assert.deepEqual(lookupHeader(wvs, 'Q11'), { status: 'found', index: 3 });
  });

  it('prefers a case-sensitive match and falls back to ignoring case', () => {
    assert.deepEqual(lookupHeader(['q1', 'Q1 Family'], 'Q1'), { status: 'found', index: 1 });
    assert.deepEqual(lookupHeader(['Q1 Family', 'Q1'], 'Q1'), { status: 'found', index: 1 });
    assert.deepEqual(lookupHeader(wvs, 'Q2'), { status: 'found', index: 4 });
  });

  it('finds names that themselves hold a space or dash', () => {
    const headers = ['Age', 'Age group: years', 'left-right scale'];
    assert.deepEqual(lookupHeader(headers, 'Age group'), { status: 'found', index: 1 });
    assert.deepEqual(lookupHeader(headers, 'Left-Right scale'), { status: 'found', index: 2 });
    assert.deepEqual(lookupHeader(headers, 'Age'), { status: 'found', index: 0 });
  });

  it('reports two headers of the same tier as ambiguous', () => {
    assert.deepEqual(lookupHeader(['Q1', 'Q2', 'Q1'], 'Q1'), { status: 'ambiguous', indexes: [0, 2] });
    assert.deepEqual(lookupHeader(['Q1: a', 'Q1 - b'], 'Q1'), { status: 'ambiguous', indexes: [0, 1] });
  });

  it('suggests close names for a missing column, extensions first', () => {
    assert.deepEqual(lookupHeader(['id', 'Q10', 'Q11', 'Q2', 'Q12'], 'Q1'), { status: 'missing', suggestions: ['Q10', 'Q11', 'Q12'] });
    assert.deepEqual(suggestHeaders(['W_WEIGHT', 'S018', 'Q260 Sex'], 'W_WEIGTH'), ['W_WEIGHT']);
    assert.deepEqual(suggestHeaders(['B_COUNTRY', 'B_COUNTRY_ALPHA'], 'country'), ['B_COUNTRY']);
    assert.deepEqual(suggestHeaders(['W_WEIGHT', 'S018'], 'Q260'), []);
    assert.deepEqual(suggestHeaders(['Q3 Important in life: Leisure time'], 'Q4'), ['Q3']);
  });
});

describe('headerName', () => {
  it('takes the variable name before the question text', () => {
    assert.equal(headerName('Q1 Important in life: Family'), 'Q1');
    assert.equal(headerName('Q46: Feeling of happiness'), 'Q46');
    assert.equal(headerName('W_WEIGHT'), 'W_WEIGHT');
  });
});

describe('headerLookupError', () => {
  it('names the file, the header line and the column, with suggestions', () => {
    const headers = ['id', 'Q10', 'Q11'];
    const lookup = lookupHeader(headers, 'Q1');
    assert.ok(lookup.status === 'missing');
    const error = headerLookupError('data/human.csv', headers, 'Q1', lookup, { line: 1 });
    assert.equal(error.message, 'data/human.csv:1: column Q1 not found in the header; did you mean Q10, Q11?');
    assert.equal(error.location.field, 'Q1');
  });

  it('lists the duplicate headers and points at the second', () => {
    const headers = ['id', 'Q1', 'Q2', 'Q1'];
    const lookup = lookupHeader(headers, 'Q1');
    assert.ok(lookup.status === 'ambiguous');
    const error = headerLookupError('h.csv', headers, 'Q1', lookup, { line: 2, columns: [1, 4, 7, 10] });
    assert.equal(error.message, 'h.csv:2:10: column Q1 matches 2 headers: "Q1" (field 2) and "Q1" (field 4)');
  });
});

describe('NameResolver', () => {
  it('resolves item keys of long and JSONL files with the header rules', () => {
    const resolver = new NameResolver(['Q1', 'Q10', 'Q46']);
    assert.equal(resolver.resolve('Q1'), 0);
    assert.equal(resolver.resolve('Q10'), 1);
    assert.equal(resolver.resolve('q46'), 2);
    assert.equal(resolver.resolve('Q46: Feeling of happiness'), 2);
    assert.equal(resolver.resolve('Q4'), -1);
    assert.equal(resolver.resolve('Q100'), -1);
  });
});
