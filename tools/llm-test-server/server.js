#!/usr/bin/env node
// A small real language model behind the HTTP APIs RepScope's generator talks to, for its tests
// and benchmark: OpenAI-compatible `/v1/chat/completions` (logprobs/top_logprobs) and
// `/v1/completions` (integer logprobs), and Ollama's `/api/chat` (NDJSON stream or `stream: false`).
//
// The model is stories260K.gguf (llama2.c's TinyStories model, ~260K parameters) run on the CPU by
// node-llama-cpp with one thread. Its answers to survey questions mean nothing, but its next-token
// distributions are real, so the whole path prompt -> endpoint -> logprobs or sampled text -> parsed
// option is exercised against a real model. Generation is done here token by token from the full
// next-token distribution: temperature, top-k/top-p and seeded sampling are applied in this file,
// so the same request on the same machine gives the same bytes.
//
// Constrained output, as the real servers offer it: vLLM `guided_choice` / `structured_outputs:
// {choice}`, llama.cpp `grammar` (alternatives of string literals), and a JSON schema (`response_format`
// for OpenAI, `format` for Ollama) of one object with one `enum` property. Logprobs are the model's raw
// values before temperature and constraints (as vLLM reports them). Token strings: the chat APIs return
// decoded text with `bytes` (as llama.cpp does); legacy completions return SentencePiece pieces such as
// `▁the` and byte tokens such as `<0x0A>` (as servers without detokenised logprobs do), so clients meet
// both conventions.
//
// Usage: node server.js [--port N] [--host H]. Prints `{"port": N, "host": ..., "model": ...}` on one
// stdout line once listening (port 0, the default, picks a free port); stops on SIGTERM or SIGINT.
// Environment: REPSCOPE_TEST_MODEL (path of the GGUF), REPSCOPE_TEST_SEQUENCES (parallel sequences,
// default 4), REPSCOPE_TEST_CONTEXT (tokens per sequence, default 1024).
// Every response carries `x-server-time-ms`: the time spent inside the handler, so a client can
// measure its own overhead.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const MODEL_SHA256 = '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d';
const MODEL_NAME = 'stories260K';
const DEFAULT_MODEL_PATH = path.resolve(REPO_ROOT, '..', 'shared', 'models', 'stories260K.gguf');

function parseCommandLine(argv) {
  const options = { port: 0, host: '127.0.0.1' };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--port') options.port = Number(argv[++index]);
    else if (arg === '--host') options.host = String(argv[++index]);
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error('--port needs 0..65535');
  return options;
}

function positiveIntegerFromEnv(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

function checkModelFile(modelPath) {
  if (!fs.existsSync(modelPath)) throw new Error(`model file not found: ${modelPath} (set REPSCOPE_TEST_MODEL)`);
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(modelPath)).digest('hex');
  if (sha256 !== MODEL_SHA256) {
    throw new Error(`model file ${modelPath} has sha256 ${sha256}, expected ${MODEL_SHA256}; refusing to serve it`);
  }
}

// --- Tokens -----------------------------------------------------------------------------------

const BYTE_PIECE = /^<0x([0-9A-Fa-f]{2})>$/;

/** Per token id: the SentencePiece piece, its bytes, and its text when it decodes on its own. */
function buildVocabulary(model) {
  const metadata = model.fileInfo.metadata.tokenizer.ggml;
  const pieces = metadata.tokens;
  const types = metadata.token_type || [];
  return pieces.map((piece, id) => {
    const type = types[id];
    const control = type === 3 || type === 2;
    const byte = BYTE_PIECE.exec(piece);
    let bytes;
    if (control) bytes = [];
    else if (byte) bytes = [parseInt(byte[1], 16)];
    else bytes = [...Buffer.from(piece.replace(/\u2581/g, ' '), 'utf8')];
    // A lone byte of a multi-byte character has no text of its own.
    const text = bytes.length === 1 && bytes[0] >= 0x80 ? '' : Buffer.from(bytes).toString('utf8');
    return { id, piece, bytes, text, control };
  });
}

// --- Random numbers and sampling --------------------------------------------------------------

/** mulberry32: a seeded uniform [0, 1) source, so sampling repeats exactly for a seed. */
function seededUniform(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Picks the next token from `candidates` ([id, probability], sorted by probability, descending):
 * greedy at temperature 0, else p^(1/T) renormalised after top-k and top-p, then a seeded draw.
 */
function pickToken(candidates, sampling, uniform) {
  if (candidates.length === 0) return undefined;
  if (!(sampling.temperature > 0)) return candidates[0][0];
  let pool = candidates;
  if (sampling.topK > 0) pool = pool.slice(0, sampling.topK);
  const weights = pool.map(([, p]) => Math.pow(p, 1 / sampling.temperature));
  let total = weights.reduce((sum, w) => sum + w, 0);
  if (sampling.topP > 0 && sampling.topP < 1 && total > 0) {
    let kept = 0;
    let mass = 0;
    while (kept < weights.length && mass < sampling.topP * total) mass += weights[kept++];
    pool = pool.slice(0, kept);
    weights.length = kept;
    total = mass;
  }
  if (!(total > 0)) return pool[0][0];
  let threshold = uniform() * total;
  for (let index = 0; index < pool.length; index++) {
    threshold -= weights[index];
    if (threshold < 0) return pool[index][0];
  }
  return pool[pool.length - 1][0];
}

// --- Constraints ------------------------------------------------------------------------------

class RequestError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** `root ::= "1" | "2"`: the only grammar shape this server understands. */
function choicesFromGrammar(grammar) {
  const match = /^\s*root\s*::=\s*(.*)$/s.exec(grammar);
  if (!match) throw new RequestError(400, 'grammar: this test server supports only `root ::= "a" | "b" | ...`');
  const choices = [];
  const alternative = /\s*"((?:[^"\\]|\\.)*)"\s*(\||$)/gy;
  let found;
  let end = 0;
  while ((found = alternative.exec(match[1])) !== null) {
    choices.push(JSON.parse(`"${found[1]}"`));
    end = alternative.lastIndex;
    if (found[2] === '') break;
  }
  if (choices.length === 0 || match[1].slice(end).trim() !== '') {
    throw new RequestError(400, 'grammar: this test server supports only `root ::= "a" | "b" | ...`');
  }
  return choices;
}

/** An object schema with exactly one property holding an `enum`: the JSON texts it allows. */
function choicesFromSchema(schema) {
  const properties = schema && schema.type === 'object' ? schema.properties : undefined;
  const keys = properties ? Object.keys(properties) : [];
  const values = keys.length === 1 ? properties[keys[0]].enum : undefined;
  if (!Array.isArray(values) || values.length === 0) {
    throw new RequestError(400, 'json schema: this test server supports only an object with one property that has an `enum`');
  }
  return values.map((value) => `{"${keys[0]}": ${JSON.stringify(value)}}`);
}

function constraintOf(body, style) {
  if (style === 'ollama') {
    if (body.format === undefined || body.format === null || body.format === '') return undefined;
    if (typeof body.format !== 'object') throw new RequestError(400, 'format: this test server supports only a JSON schema object');
    return choicesFromSchema(body.format);
  }
  if (Array.isArray(body.guided_choice)) return body.guided_choice.map(String);
  if (body.structured_outputs && Array.isArray(body.structured_outputs.choice)) return body.structured_outputs.choice.map(String);
  if (typeof body.grammar === 'string') return choicesFromGrammar(body.grammar);
  const format = body.response_format;
  if (format && format.type === 'json_schema') {
    const schema = format.json_schema && format.json_schema.schema;
    return choicesFromSchema(schema);
  }
  if (format && format.type !== 'text') throw new RequestError(400, `response_format type ${JSON.stringify(format.type)} is not supported`);
  return undefined;
}

// --- The model ----------------------------------------------------------------------------------

class Engine {
  constructor(llama, model, context, sequences) {
    this.llama = llama;
    this.model = model;
    this.context = context;
    this.free = sequences;
    this.waiting = [];
    this.vocabulary = buildVocabulary(model);
    this.eos = model.tokens.eos;
    this.bos = model.tokens.bos;
    this.contextSize = context.contextSize;
  }

  async acquire() {
    const sequence = this.free.pop();
    if (sequence) return sequence;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(sequence) {
    const next = this.waiting.shift();
    if (next) next(sequence);
    else this.free.push(sequence);
  }

  /**
   * Generates up to `maxTokens` tokens after `prompt`. Returns the generated tokens with their raw
   * log-probabilities and the `topN` most likely alternatives at each position.
   */
  async generate({ prompt, maxTokens, sampling, topN, choices, stop, onToken }) {
    const promptTokens = [this.bos, ...this.model.tokenize(prompt)];
    if (promptTokens.length + maxTokens > this.contextSize) {
      throw new RequestError(
        400,
        `This model's maximum context length is ${this.contextSize} tokens; the prompt has ${promptTokens.length} and ${maxTokens} more were requested.`,
        'context_length_exceeded',
      );
    }
    const uniform = seededUniform(sampling.seed);
    const sequence = await this.acquire();
    const generated = [];
    let text = '';
    let finishReason = 'length';
    try {
      await sequence.clearHistory();
      let input = promptTokens.map((token, index) =>
        index === promptTokens.length - 1 ? [token, { generateNext: { probabilities: true } }] : token,
      );
      for (let step = 0; step < maxTokens; step++) {
        const output = await sequence.controlledEvaluate(input);
        const distribution = output[output.length - 1].next.probabilities;
        let candidates = [...distribution.entries()];
        if (choices) {
          const allowed = this.allowedTokens(text, choices);
          if (allowed.size === 0) {
            finishReason = 'stop';
            break;
          }
          candidates = candidates.filter(([id]) => allowed.has(id));
        }
        const token = pickToken(candidates, sampling, uniform);
        if (token === undefined || token === this.eos) {
          finishReason = 'stop';
          break;
        }
        const entry = this.vocabulary[token];
        const top = [];
        if (topN > 0) {
          for (const [id, probability] of distribution) {
            if (top.length >= topN) break;
            top.push({ token: this.vocabulary[id], logprob: Math.log(probability) });
          }
        }
        generated.push({ token: entry, logprob: Math.log(distribution.get(token)), top });
        text = decodeText(generated);
        if (onToken) onToken(entry);
        const stopAt = stop.find((each) => each !== '' && text.includes(each));
        if (stopAt !== undefined) {
          text = text.slice(0, text.indexOf(stopAt));
          finishReason = 'stop';
          break;
        }
        if (choices && choices.includes(text) && !choices.some((choice) => choice.length > text.length && choice.startsWith(text))) {
          finishReason = 'stop';
          break;
        }
        input = [[token, { generateNext: { probabilities: true } }]];
      }
    } finally {
      this.release(sequence);
    }
    return { promptTokens: promptTokens.length, tokens: generated, text, finishReason };
  }

  /** Tokens that keep the text on the way to one of `choices` (EOS once it is one). */
  allowedTokens(text, choices) {
    const allowed = new Set();
    for (const entry of this.vocabulary) {
      if (entry.control || entry.text === '') continue;
      const next = text + entry.text;
      if (choices.some((choice) => choice.startsWith(next))) allowed.add(entry.id);
    }
    if (choices.includes(text)) allowed.add(this.eos);
    return allowed;
  }
}

function decodeText(generated) {
  return Buffer.from(generated.flatMap((each) => each.token.bytes)).toString('utf8');
}

// --- HTTP ---------------------------------------------------------------------------------------

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJsonBody(text) {
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value;
  } catch (error) {
    throw new RequestError(400, `the request body is not a JSON object: ${error.message}`);
  }
}

function integerField(body, name, { min, max, fallback }) {
  const value = body[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RequestError(400, `${name} must be an integer between ${min} and ${max}`);
  }
  return value;
}

function numberField(value, name, { min, max, fallback }) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RequestError(400, `${name} must be a number between ${min} and ${max}`);
  }
  return value;
}

function checkModel(body) {
  if (typeof body.model !== 'string') throw new RequestError(400, 'model is required');
  if (body.model !== MODEL_NAME && body.model !== `${MODEL_NAME}.gguf`) {
    throw new RequestError(404, `The model \`${body.model}\` does not exist.`, 'model_not_found');
  }
}

function samplingOf(source, names) {
  const seed = source[names.seed];
  return {
    temperature: numberField(source[names.temperature], names.temperature, { min: 0, max: 5, fallback: 1 }),
    topK: numberField(source[names.topK], names.topK, { min: 0, max: 1e6, fallback: 0 }),
    topP: numberField(source[names.topP], names.topP, { min: 0, max: 1, fallback: 1 }),
    seed: typeof seed === 'number' && Number.isFinite(seed) ? Math.trunc(seed) : crypto.randomInt(2 ** 31),
  };
}

function stopOf(stop) {
  if (stop === undefined || stop === null) return [];
  if (typeof stop === 'string') return [stop];
  if (Array.isArray(stop) && stop.every((each) => typeof each === 'string')) return stop;
  throw new RequestError(400, 'stop must be a string or a list of strings');
}

/** Chat messages as one prompt: this model has no chat template, so contents are joined by blank lines. */
function promptFromMessages(messages) {
  if (!Array.isArray(messages) || messages.length === 0) throw new RequestError(400, 'messages must be a non-empty list');
  return messages
    .map((message) => {
      if (!message || typeof message.content !== 'string') throw new RequestError(400, 'every message needs a string content');
      return message.content;
    })
    .join('\n\n');
}

function chatLogprobEntry(token, logprob) {
  return { token: token.text, logprob, bytes: token.bytes };
}

async function handleChat(engine, body) {
  checkModel(body);
  const prompt = promptFromMessages(body.messages);
  const wantLogprobs = body.logprobs === true;
  const topN = integerField(body, 'top_logprobs', { min: 0, max: engine.vocabulary.length, fallback: 0 });
  if (topN > 0 && !wantLogprobs) throw new RequestError(400, 'top_logprobs requires logprobs to be true');
  const maxTokens = integerField(body, body.max_completion_tokens !== undefined ? 'max_completion_tokens' : 'max_tokens', {
    min: 1,
    max: engine.contextSize,
    fallback: 64,
  });
  if (body.n !== undefined && body.n !== 1) throw new RequestError(400, 'this test server supports only n = 1');
  const result = await engine.generate({
    prompt,
    maxTokens,
    sampling: samplingOf(body, { temperature: 'temperature', topK: 'top_k', topP: 'top_p', seed: 'seed' }),
    topN: wantLogprobs ? Math.max(topN, 0) : 0,
    choices: constraintOf(body, 'openai'),
    stop: stopOf(body.stop),
  });
  return {
    id: `chatcmpl-${crypto.randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: result.text },
        logprobs: wantLogprobs
          ? {
              content: result.tokens.map((each) => ({
                ...chatLogprobEntry(each.token, each.logprob),
                top_logprobs: each.top.slice(0, topN).map((alternative) => chatLogprobEntry(alternative.token, alternative.logprob)),
              })),
            }
          : null,
        finish_reason: result.finishReason,
      },
    ],
    usage: { prompt_tokens: result.promptTokens, completion_tokens: result.tokens.length, total_tokens: result.promptTokens + result.tokens.length },
  };
}

async function handleCompletions(engine, body) {
  checkModel(body);
  let prompt = body.prompt;
  if (Array.isArray(prompt) && prompt.length === 1) prompt = prompt[0];
  if (typeof prompt !== 'string') throw new RequestError(400, 'prompt must be a string');
  if (body.echo === true) throw new RequestError(400, 'echo is not supported by this test server');
  const logprobs = body.logprobs === undefined || body.logprobs === null ? undefined : integerField(body, 'logprobs', { min: 0, max: engine.vocabulary.length, fallback: 0 });
  const maxTokens = integerField(body, 'max_tokens', { min: 1, max: engine.contextSize, fallback: 16 });
  const result = await engine.generate({
    prompt,
    maxTokens,
    sampling: samplingOf(body, { temperature: 'temperature', topK: 'top_k', topP: 'top_p', seed: 'seed' }),
    topN: logprobs ?? 0,
    choices: constraintOf(body, 'openai'),
    stop: stopOf(body.stop),
  });
  let offset = prompt.length;
  const textOffset = [];
  for (const each of result.tokens) {
    textOffset.push(offset);
    offset += each.token.text.length;
  }
  return {
    id: `cmpl-${crypto.randomUUID()}`,
    object: 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [
      {
        index: 0,
        text: result.text,
        logprobs:
          logprobs === undefined
            ? null
            : {
                tokens: result.tokens.map((each) => each.token.piece),
                token_logprobs: result.tokens.map((each) => each.logprob),
                top_logprobs: result.tokens.map((each) =>
                  Object.fromEntries(each.top.slice(0, logprobs).map((alternative) => [alternative.token.piece, alternative.logprob])),
                ),
                text_offset: textOffset,
              },
        finish_reason: result.finishReason,
      },
    ],
    usage: { prompt_tokens: result.promptTokens, completion_tokens: result.tokens.length, total_tokens: result.promptTokens + result.tokens.length },
  };
}

async function handleOllamaChat(engine, body, response, started) {
  if (typeof body.model !== 'string') throw new RequestError(400, 'model is required');
  if (body.model !== MODEL_NAME && body.model !== `${MODEL_NAME}.gguf` && body.model !== `${MODEL_NAME}:latest`) {
    throw new RequestError(404, `model '${body.model}' not found`);
  }
  const prompt = promptFromMessages(body.messages);
  const options = body.options && typeof body.options === 'object' ? body.options : {};
  const wantLogprobs = body.logprobs === true;
  const topN = integerField(body, 'top_logprobs', { min: 0, max: engine.vocabulary.length, fallback: 0 });
  const numPredict = options.num_predict === undefined || options.num_predict === -1 ? 128 : options.num_predict;
  if (!Number.isInteger(numPredict) || numPredict < 1) throw new RequestError(400, 'options.num_predict must be a positive integer or -1');
  const stream = body.stream !== false;
  const createdAt = new Date().toISOString();
  if (stream) {
    response.writeHead(200, { 'content-type': 'application/x-ndjson' });
  }
  const result = await engine.generate({
    prompt,
    maxTokens: Math.min(numPredict, engine.contextSize),
    sampling: samplingOf(options, { temperature: 'temperature', topK: 'top_k', topP: 'top_p', seed: 'seed' }),
    topN: wantLogprobs ? topN : 0,
    choices: constraintOf(body, 'ollama'),
    stop: stopOf(options.stop),
    onToken: stream
      ? (token) => response.write(`${JSON.stringify({ model: body.model, created_at: createdAt, message: { role: 'assistant', content: token.text }, done: false })}\n`)
      : undefined,
  });
  const final = {
    model: body.model,
    created_at: createdAt,
    message: { role: 'assistant', content: stream ? '' : result.text },
    done: true,
    done_reason: result.finishReason,
    total_duration: Math.round((performance.now() - started) * 1e6),
    prompt_eval_count: result.promptTokens,
    eval_count: result.tokens.length,
  };
  if (wantLogprobs) {
    final.logprobs = result.tokens.map((each) => ({
      ...chatLogprobEntry(each.token, each.logprob),
      top_logprobs: each.top.slice(0, topN).map((alternative) => chatLogprobEntry(alternative.token, alternative.logprob)),
    }));
  }
  if (stream) {
    response.end(`${JSON.stringify(final)}\n`);
    return undefined;
  }
  return final;
}

function sendJson(response, status, value, started) {
  const text = JSON.stringify(value);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-server-time-ms': (performance.now() - started).toFixed(3),
  });
  response.end(text);
}

function errorBody(style, error) {
  if (style === 'ollama') return { error: error.message };
  return { error: { message: error.message, type: 'invalid_request_error', code: error.code ?? null } };
}

function createServer(engine) {
  return http.createServer(async (request, response) => {
    const started = performance.now();
    const url = new URL(request.url ?? '/', 'http://localhost');
    const style = url.pathname.startsWith('/api/') ? 'ollama' : 'openai';
    try {
      if (request.method === 'GET' && (url.pathname === '/health' || url.pathname === '/')) {
        sendJson(response, 200, { status: 'ok', model: MODEL_NAME }, started);
        return;
      }
      if (request.method === 'GET' && url.pathname === '/v1/models') {
        sendJson(response, 200, { object: 'list', data: [{ id: MODEL_NAME, object: 'model', owned_by: 'repscope-test' }] }, started);
        return;
      }
      if (request.method !== 'POST') throw new RequestError(404, `no route ${request.method} ${url.pathname}`);
      const body = parseJsonBody(await readBody(request));
      let result;
      if (url.pathname === '/v1/chat/completions') result = await handleChat(engine, body);
      else if (url.pathname === '/v1/completions') result = await handleCompletions(engine, body);
      else if (url.pathname === '/api/chat') result = await handleOllamaChat(engine, body, response, started);
      else throw new RequestError(404, `no route POST ${url.pathname}`);
      if (result !== undefined) sendJson(response, 200, result, started);
    } catch (error) {
      const status = error instanceof RequestError ? error.status : 500;
      if (!(error instanceof RequestError)) process.stderr.write(`llm-test-server: ${error.stack ?? error}\n`);
      if (response.headersSent) response.end();
      else sendJson(response, status, errorBody(style, error), started);
    }
  });
}

async function main() {
  const options = parseCommandLine(process.argv.slice(2));
  const modelPath = process.env.REPSCOPE_TEST_MODEL || DEFAULT_MODEL_PATH;
  checkModelFile(modelPath);
  const sequences = positiveIntegerFromEnv('REPSCOPE_TEST_SEQUENCES', 4);
  const contextSize = positiveIntegerFromEnv('REPSCOPE_TEST_CONTEXT', 1024);
  const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error, logger: () => {} });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ threads: 1, contextSize, sequences, batchSize: 512 });
  const pool = [];
  for (let index = 0; index < sequences; index++) pool.push(context.getSequence());
  const engine = new Engine(llama, model, context, pool);
  const server = createServer(engine);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: address.port, host: options.host, model: MODEL_NAME, sequences, contextSize: engine.contextSize })}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    Promise.resolve()
      .then(() => context.dispose())
      .then(() => model.dispose())
      .then(() => llama.dispose())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`llm-test-server: ${error.message}\n`);
    process.exit(1);
  });
}

module.exports = { choicesFromGrammar, choicesFromSchema, pickToken, seededUniform, MODEL_SHA256 };
