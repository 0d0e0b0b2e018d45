/**
 * What every API style reduces to: a request built from a `ModelRequest`, and a response read
 * into a `ModelReply`. Both directions are pure functions, so each style is tested without a
 * server.
 */
import { isRecord } from '../../util/isRecord';
import type { ConstrainMode } from '../config';

/** One chat message (the completions style joins them into one prompt). */
export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/** Everything that goes into one request, independent of the API style. */
export interface ModelRequest {
  model: string;
  messages: ChatMessage[];
  /** 0 asks for the most likely reply. */
  temperature: number;
  seed: number;
  maxTokens: number;
  /** Alternatives per position; 0 asks for no logprobs. */
  topLogprobs: number;
  constrain: ConstrainMode;
  /** The labels a constrained reply may be, in the order shown. */
  choices: string[];
  extraBody: Record<string, unknown>;
}

/** An alternative at one position of the reply, its text normalised (see `normalizeToken`). */
export interface TokenAlternative {
  token: string;
  logprob: number;
}

/** One generated token, its log-probability and the most likely tokens at its position. */
export interface ReplyToken {
  token: string;
  logprob: number;
  top: TokenAlternative[];
}

/** A model's reply, the same for every API style. */
export interface ModelReply {
  text: string;
  /** `stop`, `length`, ... as the endpoint says. */
  finishReason?: string;
  /** Per generated token; absent when the endpoint returned no logprobs. */
  tokens?: ReplyToken[];
}

/**
 * An API style: where requests go and how they are written and read. Its members are plain
 * functions (no `this`), so each can be handed on alone, as `errorMessage` is to `postJson`.
 */
export interface ApiStyleClient {
  /** The request body for `request`. */
  buildBody: (request: ModelRequest) => Record<string, unknown>;
  /**
   * The reply in a response body. Throws `MalformedReplyError` when the body is not the shape this
   * style returns.
   */
  parseBody: (body: unknown) => ModelReply;
  /** The error message in an error response body, when it has one. */
  errorMessage: (body: unknown) => string | undefined;
}

/** A response body that is not what the API style returns. */
export class MalformedReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedReplyError';
  }
}

/** The JSON schema of a constrained reply: `{"answer": "<one of the labels>"}`. */
export function answerSchema(choices: readonly string[]): Record<string, unknown> {
  return {
    type: 'object',
    properties: { answer: { type: 'string', enum: [...choices] } },
    required: ['answer'],
    additionalProperties: false,
  };
}

/** A llama.cpp GBNF grammar allowing exactly one of `choices`. */
export function choiceGrammar(choices: readonly string[]): string {
  return `root ::= ${choices.map((choice) => JSON.stringify(choice)).join(' | ')}`;
}

/** The constraint fields of an OpenAI-compatible request body (both chat and completions). */
export function openAiConstraint(request: ModelRequest, chat: boolean): Record<string, unknown> {
  switch (request.constrain) {
    case 'none':
      return {};
    case 'json-schema':
      if (!chat) throw new Error('openAiConstraint: json-schema is a chat completions feature');
      return { response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema: answerSchema(request.choices) } } };
    case 'choice':
      return { structured_outputs: { choice: [...request.choices] } };
    case 'guided-choice':
      return { guided_choice: [...request.choices] };
    case 'grammar':
      return { grammar: choiceGrammar(request.choices) };
  }
}

/** `{error: {message}}` (OpenAI), `{error: "..."}` (Ollama), `{message}` or `{detail}` (others). */
export function commonErrorMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() === '' ? undefined : body.trim().slice(0, 500);
  if (!isRecord(body)) return undefined;
  const error = body['error'];
  if (typeof error === 'string') return error;
  if (isRecord(error) && typeof error['message'] === 'string') return error['message'];
  if (typeof body['message'] === 'string') return body['message'];
  if (typeof body['detail'] === 'string') return body['detail'];
  return undefined;
}

/** A finite logprob; the endpoint's `-inf` (or null) as -Infinity. */
export function readLogprob(value: unknown, where: string): number {
  if (typeof value === 'number' && !Number.isNaN(value)) return value;
  if (value === null || value === '-inf' || value === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw new MalformedReplyError(`${where}: logprob is ${JSON.stringify(value)}, not a number`);
}
