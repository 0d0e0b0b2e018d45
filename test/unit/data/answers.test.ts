import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyModelToken,
  labelsFromOptions,
  modelAnswerFromText,
  normalizeLabel,
  readAnswerText,
} from '../../../src/core/data/answers';
import { OUT_OF_RANGE, REFUSAL, UNPARSEABLE } from '../../../src/core/data/types';

const happiness = labelsFromOptions({ '1': 'Very happy', '2': 'Quite happy', '3': 'Not very happy', '4': 'Not at all happy' });

describe('labels', () => {
  it('normalises label text: trimmed, lower-cased, inner whitespace collapsed', () => {
    assert.equal(normalizeLabel('  Quite   HAPPY \t'), 'quite happy');
  });

  it('builds a text-to-code map from codebook options, skipping codes Int16 cannot hold', () => {
    assert.deepEqual([...happiness], [
      ['very happy', 1],
      ['quite happy', 2],
      ['not very happy', 3],
      ['not at all happy', 4],
    ]);
    assert.deepEqual([...labelsFromOptions({ '-1': "Don't know", x: 'bad', '40000': 'big' })], [["don't know", -1]]);
  });
});

describe('readAnswerText', () => {
  it('maps label text to its code, ignoring case and surrounding spaces', () => {
    assert.deepEqual(readAnswerText('  quite HAPPY ', happiness), { kind: 'code', code: 2 });
  });

  it("reads the paper's reply shape `k: text` and `k - text` as code k", () => {
    assert.deepEqual(readAnswerText('3: Quite happy', happiness), { kind: 'code', code: 3 });
    assert.deepEqual(readAnswerText('3 - Quite happy', undefined), { kind: 'code', code: 3 });
    assert.deepEqual(readAnswerText('-1: Don\'t know', undefined), { kind: 'code', code: -1 });
  });

  it('does not read a range or a decimal as a reply shape', () => {
    assert.deepEqual(readAnswerText('3-4', undefined), { kind: 'text' });
    assert.deepEqual(readAnswerText('2.5', undefined), { kind: 'nonInteger', value: 2.5 });
  });

  it('reads numbers and flags those that are not storable codes', () => {
    assert.deepEqual(readAnswerText(' 4 ', undefined), { kind: 'code', code: 4 });
    assert.deepEqual(readAnswerText('1e1', undefined), { kind: 'code', code: 10 });
    assert.deepEqual(readAnswerText('40000', undefined), { kind: 'outOfRange', value: 40000 });
    assert.deepEqual(readAnswerText('-32768', undefined), { kind: 'outOfRange', value: -32768 });
    assert.deepEqual(readAnswerText('happy-ish', happiness), { kind: 'text' });
  });
});

describe('model reply tokens', () => {
  it('classifies refusals, out-of-range replies and everything else as unparseable', () => {
    assert.equal(classifyModelToken('refusal'), REFUSAL);
    assert.equal(classifyModelToken(' Refused '), REFUSAL);
    assert.equal(classifyModelToken('invalid:refusal'), REFUSAL);
    assert.equal(classifyModelToken('out_of_range'), OUT_OF_RANGE);
    assert.equal(classifyModelToken('INVALID:OUT_OF_RANGE'), OUT_OF_RANGE);
    assert.equal(classifyModelToken('unparseable'), UNPARSEABLE);
    assert.equal(classifyModelToken('I think family matters'), UNPARSEABLE);
  });

  it('turns a model text reply into a code or a sentinel', () => {
    assert.equal(modelAnswerFromText('Not very happy', happiness), 3);
    assert.equal(modelAnswerFromText('2.5', happiness), UNPARSEABLE);
    assert.equal(modelAnswerFromText('99999', happiness), OUT_OF_RANGE);
    assert.equal(modelAnswerFromText('refused', happiness), REFUSAL);
  });
});
