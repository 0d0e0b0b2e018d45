/**
 * Ollama's `/api/chat`, asked with `stream: false` (its default is an NDJSON stream). Sampling
 * settings go in `options` (`temperature`, `seed`, `num_predict`); a JSON schema in `format`
 * constrains the reply; `logprobs: true` with `top_logprobs` returns a top-level `logprobs` list
 * with the same entries as OpenAI's chat completions.
 */
import { readChatLogprobs } from './openaiChat';
import { isRecord } from '../../util/isRecord';
import { answerSchema, commonErrorMessage, MalformedReplyError, type ApiStyleClient, type ModelReply, type ModelRequest } from './types';

export const ollamaClient: ApiStyleClient = {
  buildBody(request: ModelRequest): Record<string, unknown> {
    const body: Record<string, unknown> = {
      ...request.extraBody,
      model: request.model,
      messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
      stream: false,
      options: { temperature: request.temperature, seed: request.seed, num_predict: request.maxTokens },
    };
    if (request.constrain === 'json-schema') body['format'] = answerSchema(request.choices);
    else if (request.constrain !== 'none') throw new Error(`ollamaClient: Ollama has no \`${request.constrain}\` constraint`);
    if (request.topLogprobs > 0) {
      body['logprobs'] = true;
      body['top_logprobs'] = request.topLogprobs;
    }
    return body;
  },

  parseBody(body: unknown): ModelReply {
    if (!isRecord(body)) throw new MalformedReplyError('ollama chat: the response is not an object');
    const message = body['message'];
    if (!isRecord(message) || typeof message['content'] !== 'string') throw new MalformedReplyError('ollama chat: `message.content` is missing');
    const reply: ModelReply = { text: message['content'] };
    if (typeof body['done_reason'] === 'string') reply.finishReason = body['done_reason'];
    if (body['logprobs'] !== undefined && body['logprobs'] !== null) reply.tokens = readChatLogprobs(body['logprobs'], 'ollama logprobs');
    return reply;
  },

  errorMessage: commonErrorMessage,
};
