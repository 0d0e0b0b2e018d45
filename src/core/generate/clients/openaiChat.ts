/**
 * OpenAI-compatible chat completions (`/v1/chat/completions`): OpenAI, vLLM, llama.cpp's
 * llama-server, LM Studio, ... Logprobs come as `choices[0].logprobs.content[] = {token, logprob,
 * bytes, top_logprobs[]}`; `top_logprobs` may be 0-20 on OpenAI (vLLM: up to `--max-logprobs`).
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
  type TokenAlternative,
} from './types';

function bytesOf(value: unknown): number[] | undefined {
  return Array.isArray(value) && value.every((byte) => typeof byte === 'number') ? value : undefined;
}

function readEntry(value: unknown, where: string): TokenAlternative {
  if (!isRecord(value) || typeof value['token'] !== 'string') throw new MalformedReplyError(`${where}: expected {token, logprob}`);
  return { token: normalizeToken(value['token'], bytesOf(value['bytes'])), logprob: readLogprob(value['logprob'], where) };
}

/** `logprobs.content` of a chat choice (also Ollama's top-level `logprobs`, which has the same entries). */
export function readChatLogprobs(content: unknown, where: string): ReplyToken[] {
  if (!Array.isArray(content)) throw new MalformedReplyError(`${where}: expected a list of token logprobs`);
  return content.map((entry, index) => {
    const at = `${where}[${index}]`;
    const chosen = readEntry(entry, at);
    const top = isRecord(entry) && Array.isArray(entry['top_logprobs']) ? entry['top_logprobs'] : [];
    return { ...chosen, top: top.map((alternative, rank) => readEntry(alternative, `${at}.top_logprobs[${rank}]`)) };
  });
}

export const openAiChatClient: ApiStyleClient = {
  buildBody(request: ModelRequest): Record<string, unknown> {
    const body: Record<string, unknown> = {
      ...request.extraBody,
      model: request.model,
      messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
      temperature: request.temperature,
      seed: request.seed,
      max_tokens: request.maxTokens,
      n: 1,
      ...openAiConstraint(request, true),
    };
    if (request.topLogprobs > 0) {
      body['logprobs'] = true;
      body['top_logprobs'] = request.topLogprobs;
    }
    return body;
  },

  parseBody(body: unknown): ModelReply {
    const choice: unknown = isRecord(body) && Array.isArray(body['choices']) ? body['choices'][0] : undefined;
    if (!isRecord(choice)) throw new MalformedReplyError('chat completion: no `choices[0]`');
    const message = choice['message'];
    if (!isRecord(message)) throw new MalformedReplyError('chat completion: `choices[0].message` is missing');
    const content = message['content'];
    // A refusal field (OpenAI structured outputs) is the reply's text when there is no content.
    const refusal = typeof message['refusal'] === 'string' ? message['refusal'] : undefined;
    if (content !== null && content !== undefined && typeof content !== 'string') {
      throw new MalformedReplyError('chat completion: `choices[0].message.content` is not text');
    }
    const reply: ModelReply = { text: typeof content === 'string' ? content : (refusal ?? '') };
    if (typeof choice['finish_reason'] === 'string') reply.finishReason = choice['finish_reason'];
    const logprobs = choice['logprobs'];
    if (isRecord(logprobs) && logprobs['content'] !== null && logprobs['content'] !== undefined) {
      reply.tokens = readChatLogprobs(logprobs['content'], 'chat completion logprobs');
    }
    return reply;
  },

  errorMessage: commonErrorMessage,
};
