import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerValue, drawCode, optionDistribution, parseReplyText, tokensNeeded } from '../../../src/core/generate/answers';
import type { ModelReply } from '../../../src/core/generate/clients/types';
import { labelledOptions, type ItemQuestion } from '../../../src/core/generate/prompt';
import { isBlankToken, labelOfTokenText, normalizeToken } from '../../../src/core/generate/tokens';

const HAPPINESS: ItemQuestion = {
  itemId: 'Q46',
  question: 'Feeling of happiness',
  labelKind: 'number',
  options: labelledOptions([1, 2, 3, 4], { '1': 'Very happy', '2': 'Rather happy', '3': 'Not very happy', '4': 'Not at all happy' }, 'number'),
};

const TEN_POINT_LETTERS: ItemQuestion = {
  itemId: 'Q164',
  question: 'Importance of God',
  labelKind: 'letter',
  options: labelledOptions([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { '1': 'Not at all important', '10': 'Very important' }, 'letter'),
};

describe('token normalisation', () => {
  it('reads SentencePiece, GPT-2 byte-level, byte-fallback and vLLM byte tokens as text', () => {
    assert.equal(normalizeToken('\u25811'), ' 1');
    assert.equal(normalizeToken('\u0120Yes'), ' Yes');
    assert.equal(normalizeToken('\u010a'), '\n');
    assert.equal(normalizeToken('<0x31>'), '1');
    assert.equal(normalizeToken('<0x0A>'), '\n');
    assert.equal(normalizeToken('bytes:\\x32'), '2');
    assert.equal(normalizeToken(' 1'), ' 1');
  });

  it('prefers decodable bytes and gives no text for a lone byte of a multi-byte character', () => {
    assert.equal(normalizeToken('whatever', [32, 51]), ' 3');
    assert.equal(normalizeToken('<0xC3>'), '');
    assert.equal(normalizeToken('\u00c3', [0xc3]), '\u00c3');
    assert.equal(normalizeToken('bytes:\\xe2\\x80'), '');
  });

  it('finds the label inside a token', () => {
    assert.equal(labelOfTokenText(' 1'), '1');
    assert.equal(labelOfTokenText('1:'), '1');
    assert.equal(labelOfTokenText('(A'), 'A');
    assert.equal(labelOfTokenText('**2'), '2');
    assert.equal(labelOfTokenText('"3"'), '3');
    assert.equal(labelOfTokenText(' The'), 'The');
  });

  it('tells blank tokens apart', () => {
    assert.equal(isBlankToken(' '), true);
    assert.equal(isBlankToken('\n'), true);
    assert.equal(isBlankToken(''), true);
    assert.equal(isBlankToken(' 1'), false);
  });
});

describe('parsing a reply', () => {
  it('reads labels alone and in the paper’s `k: text` form', () => {
    assert.deepEqual(parseReplyText('2', HAPPINESS), { kind: 'code', code: 2 });
    assert.deepEqual(parseReplyText(' 3: Not very happy', HAPPINESS), { kind: 'code', code: 3 });
    assert.deepEqual(parseReplyText('Answer: 4', HAPPINESS), { kind: 'code', code: 4 });
    assert.deepEqual(parseReplyText('**1**', HAPPINESS), { kind: 'code', code: 1 });
    assert.deepEqual(parseReplyText('(2) Rather happy', HAPPINESS), { kind: 'code', code: 2 });
  });

  it('reads an option given by its text', () => {
    assert.deepEqual(parseReplyText('Rather happy.', HAPPINESS), { kind: 'code', code: 2 });
    assert.deepEqual(parseReplyText('not at all happy', HAPPINESS), { kind: 'code', code: 4 });
  });

  it('reads the JSON of a constrained reply', () => {
    assert.deepEqual(parseReplyText('{"answer": "3"}', HAPPINESS, 'json-schema'), { kind: 'code', code: 3 });
    assert.deepEqual(parseReplyText('{"answer": 1}', HAPPINESS, 'json-schema'), { kind: 'code', code: 1 });
  });

  it('maps letters back to their codes', () => {
    assert.deepEqual(parseReplyText('J', TEN_POINT_LETTERS), { kind: 'code', code: 10 });
    assert.deepEqual(parseReplyText('C: whatever', TEN_POINT_LETTERS), { kind: 'code', code: 3 });
  });

  it('keeps numbers and letters beyond the options as out_of_range', () => {
    assert.deepEqual(parseReplyText('7', HAPPINESS), { kind: 'out_of_range' });
    assert.deepEqual(parseReplyText('0: none', HAPPINESS), { kind: 'out_of_range' });
    assert.deepEqual(parseReplyText('K', TEN_POINT_LETTERS), { kind: 'out_of_range' });
  });

  it('keeps refusals apart from unparseable replies', () => {
    assert.deepEqual(parseReplyText("I'm sorry, but I can't share personal opinions.", HAPPINESS), { kind: 'refusal' });
    assert.deepEqual(parseReplyText('As an AI, I do not have feelings.', HAPPINESS), { kind: 'refusal' });
    assert.deepEqual(parseReplyText('Once upon a time there was a dog.', HAPPINESS), { kind: 'unparseable' });
    assert.deepEqual(parseReplyText('   ', HAPPINESS), { kind: 'unparseable' });
    assert.deepEqual(parseReplyText('2.5', HAPPINESS), { kind: 'unparseable' });
    assert.deepEqual(parseReplyText('I think so', TEN_POINT_LETTERS), { kind: 'unparseable' });
  });

  it('writes invalid kinds as the words the condition loader reads', () => {
    assert.equal(answerValue({ kind: 'code', code: 3 }), 3);
    assert.equal(answerValue({ kind: 'refusal' }), 'refusal');
    assert.equal(answerValue({ kind: 'unparseable' }), 'unparseable');
    assert.equal(answerValue({ kind: 'out_of_range' }), 'out_of_range');
  });
});

describe('option probabilities from logprobs', () => {
  it('renormalises over the options and records the covered mass', () => {
    const reply: ModelReply = {
      text: '1',
      tokens: [
        {
          token: '1',
          logprob: Math.log(0.5),
          top: [
            { token: '1', logprob: Math.log(0.5) },
            { token: ' 2', logprob: Math.log(0.2) },
            { token: 'The', logprob: Math.log(0.2) },
            { token: '2', logprob: Math.log(0.1) },
          ],
        },
      ],
    };
    const distribution = optionDistribution(reply, HAPPINESS)!;
    assert.ok(Math.abs(distribution.covered - 0.8) < 1e-12);
    assert.ok(Math.abs(distribution.probabilities.get(1)! - 0.625) < 1e-12);
    assert.ok(Math.abs(distribution.probabilities.get(2)! - 0.375) < 1e-12);
    assert.equal(distribution.probabilities.get(3), 0);
    assert.equal(distribution.probabilities.get(4), 0);
  });

  it('walks through a leading blank token, weighting what follows by its probability', () => {
    const reply: ModelReply = {
      text: ' 3',
      tokens: [
        { token: ' ', logprob: Math.log(0.6), top: [{ token: ' ', logprob: Math.log(0.6) }, { token: '4', logprob: Math.log(0.3) }] },
        { token: '3', logprob: Math.log(0.5), top: [{ token: '3', logprob: Math.log(0.5) }, { token: '2', logprob: Math.log(0.5) }] },
      ],
    };
    const distribution = optionDistribution(reply, HAPPINESS)!;
    // 4: 0.3 directly; 3 and 2: 0.6 * 0.5 each.
    assert.ok(Math.abs(distribution.covered - 0.9) < 1e-12);
    assert.ok(Math.abs(distribution.probabilities.get(4)! - 0.3 / 0.9) < 1e-12);
    assert.ok(Math.abs(distribution.probabilities.get(3)! - 0.3 / 0.9) < 1e-12);
    assert.ok(Math.abs(distribution.probabilities.get(2)! - 0.3 / 0.9) < 1e-12);
    assert.equal(tokensNeeded(reply.tokens!), 2);
  });

  it('counts the chosen token when the endpoint left it out of the top list', () => {
    const reply: ModelReply = {
      text: '4',
      tokens: [{ token: '4', logprob: Math.log(0.05), top: [{ token: 'Once', logprob: Math.log(0.9) }] }],
    };
    const distribution = optionDistribution(reply, HAPPINESS)!;
    assert.ok(Math.abs(distribution.covered - 0.05) < 1e-12);
    assert.equal(distribution.probabilities.get(4), 1);
  });

  it('reports zero coverage when no option is among the top tokens', () => {
    const reply: ModelReply = { text: 'Once', tokens: [{ token: 'Once', logprob: -0.1, top: [{ token: 'Once', logprob: -0.1 }] }] };
    const distribution = optionDistribution(reply, HAPPINESS)!;
    assert.equal(distribution.covered, 0);
    assert.equal(distribution.probabilities.get(1), 0);
  });

  it('reads the answer position of a JSON reply, not its first token', () => {
    const reply: ModelReply = {
      text: '{"answer": "2"}',
      tokens: [
        { token: '{"', logprob: 0, top: [{ token: '{"', logprob: 0 }] },
        { token: 'answer', logprob: 0, top: [{ token: 'answer', logprob: 0 }] },
        { token: '":', logprob: 0, top: [{ token: '":', logprob: 0 }] },
        {
          token: ' "2',
          logprob: Math.log(0.6),
          top: [
            { token: ' "2', logprob: Math.log(0.6) },
            { token: ' "1', logprob: Math.log(0.3) },
            { token: ' "', logprob: Math.log(0.05) },
          ],
        },
        { token: '"}', logprob: 0, top: [{ token: '"}', logprob: 0 }] },
      ],
    };
    const distribution = optionDistribution(reply, HAPPINESS, 'json-schema')!;
    assert.ok(Math.abs(distribution.covered - 0.9) < 1e-12);
    assert.ok(Math.abs(distribution.probabilities.get(2)! - 2 / 3) < 1e-12);
    assert.ok(Math.abs(distribution.probabilities.get(1)! - 1 / 3) < 1e-12);
    assert.equal(tokensNeeded(reply.tokens!, 'json-schema'), 4);
  });

  it('returns undefined for a reply without logprobs', () => {
    assert.equal(optionDistribution({ text: '1' }, HAPPINESS), undefined);
  });

  it('maps letter tokens to codes on a ten-point scale', () => {
    const reply: ModelReply = {
      text: 'J',
      tokens: [{ token: 'J', logprob: Math.log(0.7), top: [{ token: 'J', logprob: Math.log(0.7) }, { token: 'A', logprob: Math.log(0.3) }] }],
    };
    const distribution = optionDistribution(reply, TEN_POINT_LETTERS)!;
    assert.ok(Math.abs(distribution.probabilities.get(10)! - 0.7) < 1e-12);
    assert.ok(Math.abs(distribution.probabilities.get(1)! - 0.3) < 1e-12);
  });
});

describe('drawing from a distribution', () => {
  const probabilities = new Map([
    [1, 0.25],
    [2, 0],
    [3, 0.75],
  ]);

  it('draws by the inverse CDF in option order', () => {
    assert.equal(drawCode(probabilities, 0), 1);
    assert.equal(drawCode(probabilities, 0.2499), 1);
    assert.equal(drawCode(probabilities, 0.25), 3);
    assert.equal(drawCode(probabilities, 0.9999), 3);
  });

  it('gives nothing when every probability is zero', () => {
    assert.equal(drawCode(new Map([[1, 0]]), 0.5), undefined);
  });
});
