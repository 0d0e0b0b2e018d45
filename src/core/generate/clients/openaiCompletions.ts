/**
 * OpenAI-compatible legacy completions (`/v1/completions`): prompt text in, text out. `logprobs`
 * is an integer (OpenAI: at most 5; vLLM: up to `--max-logprobs`); the response has
 * `{tokens, token_logprobs, top_logprobs: [{token: logprob}], text_offset}`. The system message,
 * if any, goes in front of the prompt.
 */
import { normalizeToken } from '../tokens';
import { isRecord } from '../../util/isRecord';
import {
  commonErrorMessage,
  MalformedReplyError,
  openAiConstraint,
  readLogprob,
  type ApiStyleClient,
  type ModelReply,
  type ModelRequest,
  type ReplyToken,
} from './types';

/** The messages as one prompt: contents separated by a blank line. */
export function promptText(request: Pick<ModelRequest, 'messages'>): string {
  return request.messages.map((message) => message.content).join('\n\n');
}

function readCompletionLogprobs(logprobs: Record<string, unknown>): ReplyToken[] {
  const tokens = logprobs['tokens'];
  const values = logprobs['token_logprobs'];
  const tops = logprobs['top_logprobs'];
  if (!Array.isArray(tokens) || !Array.isArray(values) || tokens.length !== values.length) {
    throw new MalformedReplyError('completion logprobs: `tokens` and `token_logprobs` should be lists of the same length');
  }
  return tokens.map((token, index) => {
    const where = `completion logprobs position ${index}`;
    if (typeof token !== 'string') throw new MalformedReplyError(`${where}: token is not text`);
    const top: unknown = Array.isArray(tops) ? tops[index] : undefined;
    const alternatives = isRecord(top)
      ? Object.entries(top).map(([text, logprob]) => ({ token: normalizeToken(text), logprob: readLogprob(logprob, where) }))
      : [];
    alternatives.sort((a, b) => b.logprob - a.logprob);
    return { token: normalizeToken(token), logprob: readLogprob(values[index], where), top: alternatives };
  });
}

export const openAiCompletionsClient: ApiStyleClient = {
  buildBody(request: ModelRequest): Record<string, unknown> {
    const body: Record<string, unknown> = {
      ...request.extraBody,
      model: request.model,
      prompt: promptText(request),
      temperature: request.temperature,
      seed: request.seed,
      max_tokens: request.maxTokens,
      n: 1,
      ...openAiConstraint(request, false),
    };
    if (request.topLogprobs > 0) body['logprobs'] = request.topLogprobs;
    return body;
  },

  parseBody(body: unknown): ModelReply {
    const choice: unknown = isRecord(body) && Array.isArray(body['choices']) ? body['choices'][0] : undefined;
    if (!isRecord(choice)) throw new MalformedReplyError('completion: no `choices[0]`');
    const text = choice['text'];
    if (typeof text !== 'string') throw new MalformedReplyError('completion: `choices[0].text` is not text');
    const reply: ModelReply = { text };
    if (typeof choice['finish_reason'] === 'string') reply.finishReason = choice['finish_reason'];
    const logprobs = choice['logprobs'];
    if (isRecord(logprobs)) reply.tokens = readCompletionLogprobs(logprobs);
    return reply;
  },

  errorMessage: commonErrorMessage,
};
