/**
 * From a model's reply to an answer: a sampled reply's text parsed as an option label, or the
 * probabilities of the option labels at the answer position (renormalised over the options, the
 * covered probability mass kept). Replies that are no answer stay apart from the survey's own
 * missing codes: `refusal`, `unparseable` and `out_of_range` are written as those words, which
 * the condition loader reads as its sentinels (see `data/answers.ts`, `classifyModelToken`).
 */
import type { ModelReply, ReplyToken } from './clients/types';
import type { ConstrainMode } from './config';
import type { ItemQuestion } from './prompt';
import { isBlankToken, labelOfTokenText } from './tokens';

export type InvalidAnswerKind = 'refusal' | 'unparseable' | 'out_of_range';

export type ParsedAnswer = { kind: 'code'; code: number } | { kind: InvalidAnswerKind };

/** Phrases by which assistants decline; matched anywhere in a reply that names no option. */
const REFUSAL =
  /\b(I\s+(?:can(?:no|')t|can\s+not|am\s+(?:not\s+able|unable)|'m\s+(?:not\s+able|unable)|won't|will\s+not|would\s+rather\s+not|'d\s+rather\s+not|prefer\s+not|do\s+not\s+have\s+(?:personal\s+)?(?:opinions|beliefs|views|preferences)|don't\s+have\s+(?:personal\s+)?(?:opinions|beliefs|views|preferences))|as\s+an\s+AI|as\s+a\s+(?:large\s+)?language\s+model|I(?:'m|\s+am)\s+sorry|I\s+apologi[sz]e|decline\s+to\s+answer)\b/i;

const LEAD_IN = /^(?:my\s+)?(?:answer|option|choice|reply|response)\s*(?:is)?\s*[:\-–—]?\s*/i;

function codeOfLabel(question: ItemQuestion, label: string): number | undefined {
  return question.options.find((option) => option.label === label)?.code;
}

/** The text of a constrained JSON reply's `answer`, or undefined when the text is not such JSON. */
function jsonAnswer(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'answer' in value) {
      const answer = (value as Record<string, unknown>)['answer'];
      if (typeof answer === 'string' || typeof answer === 'number') return String(answer);
    }
  } catch {
    // Not JSON (e.g. cut off by the token limit): read it as free text.
  }
  return undefined;
}

/**
 * Reads a reply's text as one of the question's options. Accepted: the label alone or followed by
 * punctuation or the option text (`3`, `3: Not very happy`, `(C)`, `**2**`, `Answer: 4`), an option's
 * text, or the JSON `{"answer": "3"}` of a constrained reply. A number that is no option's label is
 * `out_of_range` (as is a lone letter past the options); a declining reply is `refusal`; anything
 * else `unparseable`.
 */
export function parseReplyText(text: string, question: ItemQuestion, constrain: ConstrainMode = 'none'): ParsedAnswer {
  let body = text.trim();
  if (constrain === 'json-schema' || body.startsWith('{')) body = (jsonAnswer(body) ?? body).trim();
  body = body.replace(LEAD_IN, '').replace(/^[\s"'([*_]+/, '');
  if (body === '') return { kind: 'unparseable' };

  if (question.labelKind === 'number') {
    const number = /^([+-]?\d+)(?!\d|[.,]\d)/.exec(body);
    if (number?.[1] !== undefined) {
      const code = codeOfLabel(question, String(Number(number[1])));
      return code !== undefined ? { kind: 'code', code } : { kind: 'out_of_range' };
    }
  } else {
    const letter = /^([A-Z]{1,2})(?=$|\s*[:.)\]"'*\-–—,]|\s*$)/.exec(body);
    if (letter?.[1] !== undefined) {
      const code = codeOfLabel(question, letter[1]);
      if (code !== undefined) return { kind: 'code', code };
      if (letter[1].length === 1) return { kind: 'out_of_range' };
    }
  }

  const lowered = body.toLowerCase().replace(/[\s.!"'*]+$/, '');
  const byText = [...question.options].filter((option) => option.text !== '').sort((a, b) => b.text.length - a.text.length);
  for (const option of byText) {
    const optionText = option.text.toLowerCase();
    if (lowered === optionText || (lowered.startsWith(optionText) && /^[\s.,;:!]/.test(lowered.slice(optionText.length)))) {
      return { kind: 'code', code: option.code };
    }
  }
  if (REFUSAL.test(text)) return { kind: 'refusal' };
  return { kind: 'unparseable' };
}

/** The option probabilities at the answer position of a reply. */
export interface OptionDistribution {
  /** Per option (in the question's shown order): probability renormalised over the options; 0 when not seen. */
  probabilities: Map<number, number>;
  /** Probability the options had before renormalisation (0..1): how much of the model's choice they cover. */
  covered: number;
}

/** Where the answer starts in a JSON reply: the token holding it and how many of its characters come before. */
function jsonAnswerStart(tokens: readonly ReplyToken[]): { index: number; skip: number } | undefined {
  const text = tokens.map((token) => token.token).join('');
  const match = /"answer"\s*:\s*"?/.exec(text);
  if (!match) return undefined;
  const answerAt = match.index + match[0].length;
  let start = 0;
  for (let index = 0; index < tokens.length; index++) {
    const end = start + tokens[index]!.token.length;
    if (answerAt < end) return { index, skip: answerAt - start };
    start = end;
  }
  return undefined;
}

/**
 * Probabilities of the options from the reply's logprobs. Plain replies: the first position
 * whose chosen token is not blank; blank tokens before it (a leading space or newline, which
 * SentencePiece models often emit first) are walked through, each position's option tokens weighted
 * by the probability of the blanks chosen before them. JSON replies (`constrain: json-schema`): the
 * position where the value of `answer` starts. Alternatives whose label is the same option (`1`,
 * ` 1`, `1.`) are summed. Returns undefined when the reply carries no logprobs.
 */
export function optionDistribution(reply: ModelReply, question: ItemQuestion, constrain: ConstrainMode = 'none'): OptionDistribution | undefined {
  const tokens = reply.tokens;
  if (!tokens) return undefined;
  const mass = new Map<number, number>(question.options.map((option) => [option.code, 0]));
  const add = (tokenText: string, logprob: number, weight: number): void => {
    const code = codeOfLabel(question, labelOfTokenText(tokenText));
    if (code !== undefined) mass.set(code, (mass.get(code) ?? 0) + weight * Math.exp(logprob));
  };

  if (constrain === 'json-schema') {
    const start = jsonAnswerStart(tokens);
    const position = start ? tokens[start.index] : undefined;
    if (start && position) {
      const chosenPrefix = position.token.slice(0, start.skip);
      for (const alternative of alternativesOf(position)) {
        if (alternative.token.startsWith(chosenPrefix)) add(alternative.token.slice(start.skip), alternative.logprob, 1);
      }
    }
  } else {
    let weight = 1;
    // A few leading blanks at most: a reply that is all white space has no answer position.
    for (let index = 0; index < Math.min(tokens.length, 8); index++) {
      const position = tokens[index]!;
      for (const alternative of alternativesOf(position)) add(alternative.token, alternative.logprob, weight);
      if (!isBlankToken(position.token)) break;
      weight *= Math.exp(position.logprob);
    }
  }

  let total = 0;
  for (const value of mass.values()) total += value;
  const probabilities = new Map<number, number>();
  for (const [code, value] of mass) probabilities.set(code, total > 0 ? value / total : 0);
  // Rounding in the endpoint's logprobs can push a sum of nearly everything just past 1.
  return { probabilities, covered: Math.min(1, total) };
}

/**
 * How many leading tokens of a reply `optionDistribution` reads (so a cache can keep only those):
 * through the answer position, or all of them when it cannot be found.
 */
export function tokensNeeded(tokens: readonly ReplyToken[], constrain: ConstrainMode = 'none'): number {
  if (constrain === 'json-schema') {
    const start = jsonAnswerStart(tokens);
    return start ? start.index + 1 : tokens.length;
  }
  for (let index = 0; index < Math.min(tokens.length, 8); index++) {
    if (!isBlankToken(tokens[index]!.token)) return index + 1;
  }
  return Math.min(tokens.length, 8);
}

/** The top alternatives at a position, with the chosen token added when the endpoint left it out of them. */
function alternativesOf(position: ReplyToken): { token: string; logprob: number }[] {
  if (position.top.some((alternative) => alternative.token === position.token)) return position.top;
  return [...position.top, { token: position.token, logprob: position.logprob }];
}

/**
 * Draws a code from renormalised probabilities with a uniform number in [0, 1): inverse CDF over
 * the options in the order given.
 */
export function drawCode(probabilities: ReadonlyMap<number, number>, uniform: number): number | undefined {
  let total = 0;
  for (const value of probabilities.values()) total += value;
  if (!(total > 0)) return undefined;
  let threshold = uniform * total;
  let last: number | undefined;
  for (const [code, value] of probabilities) {
    if (value <= 0) continue;
    last = code;
    threshold -= value;
    if (threshold < 0) return code;
  }
  return last;
}

/** How an answer is written in the output file: the code, or the invalid kind's word. */
export function answerValue(answer: ParsedAnswer): number | InvalidAnswerKind {
  return answer.kind === 'code' ? answer.code : answer.kind;
}
