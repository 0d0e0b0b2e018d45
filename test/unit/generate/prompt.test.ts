import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PROMPT } from '../../../src/core/generate/config';
import { describeRespondent, systematicSample } from '../../../src/core/generate/personas';
import {
  codesOfScale,
  fillTemplate,
  labelKindFor,
  labelledOptions,
  letterLabel,
  listLabels,
  optionLines,
  templateValues,
  type ItemQuestion,
} from '../../../src/core/generate/prompt';
import { requestSeed } from '../../../src/core/generate/run';
import { unknownPlaceholders } from '../../../src/core/generate/validate';
import { SeededRandom } from '../../../src/core/sample/random';

describe('options as shown', () => {
  it('lists the codes of each scale type', () => {
    assert.deepEqual(codesOfScale({ type: 'ordinal', min: 0, max: 2 }), [0, 1, 2]);
    assert.deepEqual(codesOfScale({ type: 'nominal', codes: [4, 1, 2] }), [4, 1, 2]);
    assert.deepEqual(codesOfScale({ type: 'binary', codes: [1, 2] }), [1, 2]);
  });

  it('uses codes, except letters for multi-character codes in distribution mode', () => {
    const tenPoint = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert.equal(labelKindFor(tenPoint, 'auto', 'sampling'), 'number');
    assert.equal(labelKindFor(tenPoint, 'auto', 'distribution'), 'letter');
    assert.equal(labelKindFor([1, 2, 3, 4], 'auto', 'distribution'), 'number');
    assert.equal(labelKindFor([1, 2], 'letters', 'sampling'), 'letter');
    assert.equal(labelKindFor(tenPoint, 'codes', 'distribution'), 'number');
  });

  it('names letters A..Z then AA', () => {
    assert.deepEqual([0, 1, 25, 26, 27].map(letterLabel), ['A', 'B', 'Z', 'AA', 'AB']);
  });

  it('writes `k: text` lines, the label alone where the codebook has no text', () => {
    const options = labelledOptions([1, 2, 3], { '1': 'Not at all', '3': ' Very ' }, 'number');
    assert.equal(optionLines(options), '1: Not at all\n2\n3: Very');
    assert.equal(listLabels(options), '1, 2 or 3');
    assert.equal(optionLines(labelledOptions([5, 7], { '5': 'Yes', '7': 'No' }, 'letter')), 'A: Yes\nB: No');
  });
});

describe('prompt templates', () => {
  const question: ItemQuestion = {
    itemId: 'Q57',
    question: 'Most people can be trusted',
    labelKind: 'number',
    options: [...labelledOptions([1, 2], { '1': 'Most people can be trusted', '2': 'Need to be very careful' }, 'number')].reverse(),
  };

  it('fills the default prompt, options in the order shown', () => {
    assert.equal(
      fillTemplate(DEFAULT_PROMPT, templateValues(question, 'a woman, 34 years old')),
      [
        'Answer the following survey question as if you were a woman, 34 years old.',
        '',
        'Question: Most people can be trusted',
        '2: Need to be very careful',
        '1: Most people can be trusted',
        '',
        'Reply with the number of one option (2 or 1) and nothing else.',
        'Answer:',
      ].join('\n'),
    );
  });

  it('writes doubled braces as braces and leaves unknown names alone', () => {
    assert.equal(fillTemplate('{{"answer": {labels}}} {other}', { labels: '1 or 2' }), '{"answer": 1 or 2} {other}');
  });

  it('finds unknown placeholders, ignoring escaped braces', () => {
    assert.deepEqual(unknownPlaceholders('{persona} {questoin} {{json}} {options}'), ['questoin']);
  });
});

describe('personas from human respondents', () => {
  const persona = {
    source: 'respondents' as const,
    separator: ', ',
    columns: [
      { column: 'Q260', describe: { values: new Map([['1', 'a man'], ['2', 'a woman']]) } },
      { column: 'Q262', describe: { format: '{value} years old' } },
      { column: 'B_COUNTRY_ALPHA', describe: { values: new Map([['DEU', 'living in Germany']]) } },
    ],
  };
  const isMissing = (code: number) => code < 0;

  it('joins the descriptions of the respondent’s values in column order', () => {
    const values: Record<string, string> = { Q260: '2', Q262: '34', B_COUNTRY_ALPHA: 'DEU' };
    assert.equal(describeRespondent(persona, (column) => values[column], isMissing), 'a woman, 34 years old, living in Germany');
  });

  it('matches numeric values numerically and leaves out blank, missing-coded and unmapped values', () => {
    const values: Record<string, string> = { Q260: '2.0', Q262: '-2', B_COUNTRY_ALPHA: 'USA' };
    assert.equal(describeRespondent(persona, (column) => values[column], isMissing), 'a woman');
    assert.equal(describeRespondent(persona, () => undefined, isMissing), '');
  });
});

describe('systematic sampling of personas', () => {
  it('takes each row once when as many are drawn as there are (equal weights)', () => {
    const picks = systematicSample([0, 1, 2, 3, 4], () => 1, 5, new SeededRandom(3, 's'));
    assert.deepEqual([...picks].sort(), [0, 1, 2, 3, 4]);
  });

  it('picks rows in proportion to their weights, never a zero-weight row', () => {
    const weights = [3, 1, 0, 0];
    const picks = systematicSample([0, 1, 2, 3], (row) => weights[row]!, 8, new SeededRandom(11, 's'));
    assert.equal(picks.length, 8);
    assert.equal(picks.filter((row) => row === 0).length, 6);
    assert.equal(picks.filter((row) => row === 1).length, 2);
  });

  it('repeats for the same seed and returns nothing without positive weight', () => {
    const a = systematicSample([0, 1, 2, 3, 4, 5], () => 1, 3, new SeededRandom(5, 'x'));
    const b = systematicSample([0, 1, 2, 3, 4, 5], () => 1, 3, new SeededRandom(5, 'x'));
    assert.deepEqual(a, b);
    assert.deepEqual(systematicSample([0, 1], () => 0, 3, new SeededRandom(5, 'x')), []);
  });
});

describe('request seeds', () => {
  it('differ between respondents and items and repeat for the same inputs', () => {
    const seed = requestSeed(7, 'DEU', 0, 'Q46');
    assert.equal(seed, requestSeed(7, 'DEU', 0, 'Q46'));
    assert.ok(seed >= 0 && seed < 2 ** 31);
    assert.notEqual(seed, requestSeed(7, 'DEU', 1, 'Q46'));
    assert.notEqual(seed, requestSeed(7, 'DEU', 0, 'Q57'));
    assert.notEqual(seed, requestSeed(7, 'USA', 0, 'Q46'));
    assert.notEqual(seed, requestSeed(8, 'DEU', 0, 'Q46'));
  });
});
