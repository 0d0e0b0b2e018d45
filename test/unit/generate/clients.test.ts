import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  choiceGrammar,
  clientFor,
  MalformedReplyError,
  ollamaClient,
  openAiChatClient,
  openAiCompletionsClient,
  type ModelRequest,
} from '../../../src/core/generate/clients';
import { requestUrl } from '../../../src/core/generate/config';

function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    model: 'm',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Question?\n1: Yes\n2: No' },
    ],
    temperature: 0.7,
    seed: 42,
    maxTokens: 16,
    topLogprobs: 0,
    constrain: 'none',
    choices: ['1', '2'],
    extraBody: {},
    ...overrides,
  };
}

describe('request URLs', () => {
  it('appends each style’s path to the base URL', () => {
    assert.equal(requestUrl('http://h:8000/v1', 'openai-chat'), 'http://h:8000/v1/chat/completions');
    assert.equal(requestUrl('http://h:8000/v1/', 'openai-completions'), 'http://h:8000/v1/completions');
    assert.equal(requestUrl('http://h:11434', 'ollama'), 'http://h:11434/api/chat');
  });

  it('keeps a URL that already names the route', () => {
    assert.equal(requestUrl('http://h/v1/chat/completions', 'openai-chat'), 'http://h/v1/chat/completions');
    assert.equal(requestUrl('http://h/api/chat', 'ollama'), 'http://h/api/chat');
  });
});

describe('OpenAI chat completions', () => {
  it('sends messages, sampling settings and no logprobs when none are wanted', () => {
    assert.deepEqual(openAiChatClient.buildBody(request()), {
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Question?\n1: Yes\n2: No' },
      ],
      temperature: 0.7,
      seed: 42,
      max_tokens: 16,
      n: 1,
    });
  });

  it('asks for logprobs with top_logprobs in distribution mode', () => {
    const body = openAiChatClient.buildBody(request({ topLogprobs: 20, temperature: 0 }));
    assert.equal(body['logprobs'], true);
    assert.equal(body['top_logprobs'], 20);
    assert.equal(body['temperature'], 0);
  });

  it('writes each constraint in its server’s field', () => {
    assert.deepEqual(openAiChatClient.buildBody(request({ constrain: 'json-schema' }))['response_format'], {
      type: 'json_schema',
      json_schema: {
        name: 'answer',
        strict: true,
        schema: { type: 'object', properties: { answer: { type: 'string', enum: ['1', '2'] } }, required: ['answer'], additionalProperties: false },
      },
    });
    assert.deepEqual(openAiChatClient.buildBody(request({ constrain: 'choice' }))['structured_outputs'], { choice: ['1', '2'] });
    assert.deepEqual(openAiChatClient.buildBody(request({ constrain: 'guided-choice' }))['guided_choice'], ['1', '2']);
    assert.equal(openAiChatClient.buildBody(request({ constrain: 'grammar' }))['grammar'], 'root ::= "1" | "2"');
  });

  it('passes extra body fields through', () => {
    assert.equal(openAiChatClient.buildBody(request({ extraBody: { top_k: 50 } }))['top_k'], 50);
  });

  it('reads the text, finish reason and normalised logprobs of a reply', () => {
    const reply = openAiChatClient.parseBody({
      choices: [
        {
          message: { role: 'assistant', content: ' 2' },
          finish_reason: 'stop',
          logprobs: {
            content: [
              {
                token: '\u25812',
                logprob: -0.1,
                bytes: [32, 50],
                top_logprobs: [
                  { token: ' 2', logprob: -0.1, bytes: [32, 50] },
                  { token: '\u25811', logprob: -2.5, bytes: null },
                  { token: '<0x0A>', logprob: -4 },
                ],
              },
            ],
          },
        },
      ],
    });
    assert.equal(reply.text, ' 2');
    assert.equal(reply.finishReason, 'stop');
    assert.deepEqual(reply.tokens, [
      {
        token: ' 2',
        logprob: -0.1,
        top: [
          { token: ' 2', logprob: -0.1 },
          { token: ' 1', logprob: -2.5 },
          { token: '\n', logprob: -4 },
        ],
      },
    ]);
  });

  it('leaves tokens out when the endpoint ignored logprobs', () => {
    const reply = openAiChatClient.parseBody({ choices: [{ message: { content: '1' }, logprobs: null, finish_reason: 'stop' }] });
    assert.equal(reply.tokens, undefined);
  });

  it('takes a structured-output refusal as the reply text', () => {
    const reply = openAiChatClient.parseBody({ choices: [{ message: { content: null, refusal: 'I can’t help with that.' } }] });
    assert.equal(reply.text, 'I can’t help with that.');
  });

  it('rejects bodies that are not chat completions', () => {
    assert.throws(() => openAiChatClient.parseBody({ object: 'list' }), MalformedReplyError);
    assert.throws(() => openAiChatClient.parseBody({ choices: [{ message: { content: 3 } }] }), MalformedReplyError);
    assert.throws(
      () => openAiChatClient.parseBody({ choices: [{ message: { content: '1' }, logprobs: { content: [{ token: '1', logprob: 'high' }] } }] }),
      MalformedReplyError,
    );
  });

  it('reads OpenAI, Ollama and plain error bodies', () => {
    assert.equal(openAiChatClient.errorMessage({ error: { message: 'bad model' } }), 'bad model');
    assert.equal(openAiChatClient.errorMessage({ error: 'model not found' }), 'model not found');
    assert.equal(openAiChatClient.errorMessage({ detail: 'nope' }), 'nope');
    assert.equal(openAiChatClient.errorMessage(42), undefined);
  });
});

describe('OpenAI legacy completions', () => {
  it('joins the messages into one prompt and asks for integer logprobs', () => {
    const body = openAiCompletionsClient.buildBody(request({ topLogprobs: 5, constrain: 'grammar' }));
    assert.deepEqual(body, {
      model: 'm',
      prompt: 'Be brief.\n\nQuestion?\n1: Yes\n2: No',
      temperature: 0.7,
      seed: 42,
      max_tokens: 16,
      n: 1,
      grammar: 'root ::= "1" | "2"',
      logprobs: 5,
    });
  });

  it('refuses the chat-only json-schema constraint', () => {
    assert.throws(() => openAiCompletionsClient.buildBody(request({ constrain: 'json-schema' })), /chat completions feature/);
  });

  it('reads tokens, token_logprobs and the top_logprobs dictionaries, most likely first', () => {
    const reply = openAiCompletionsClient.parseBody({
      choices: [
        {
          text: ' 3',
          finish_reason: 'length',
          logprobs: {
            tokens: ['\u2581', '3'],
            token_logprobs: [-0.5, -1.2],
            top_logprobs: [
              { '<0x0A>': -2, '\u2581': -0.5 },
              { '4': -0.9, '3': -1.2 },
            ],
            text_offset: [10, 11],
          },
        },
      ],
    });
    assert.equal(reply.text, ' 3');
    assert.deepEqual(reply.tokens, [
      { token: ' ', logprob: -0.5, top: [{ token: ' ', logprob: -0.5 }, { token: '\n', logprob: -2 }] },
      { token: '3', logprob: -1.2, top: [{ token: '4', logprob: -0.9 }, { token: '3', logprob: -1.2 }] },
    ]);
  });

  it('rejects token and logprob lists of different lengths', () => {
    assert.throws(
      () => openAiCompletionsClient.parseBody({ choices: [{ text: '1', logprobs: { tokens: ['1', '2'], token_logprobs: [-1] } }] }),
      MalformedReplyError,
    );
  });
});

describe('Ollama chat', () => {
  it('asks without streaming, with sampling settings in options and the schema in format', () => {
    const body = ollamaClient.buildBody(request({ constrain: 'json-schema', topLogprobs: 3, temperature: 0 }));
    assert.deepEqual(body, {
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Question?\n1: Yes\n2: No' },
      ],
      stream: false,
      options: { temperature: 0, seed: 42, num_predict: 16 },
      format: { type: 'object', properties: { answer: { type: 'string', enum: ['1', '2'] } }, required: ['answer'], additionalProperties: false },
      logprobs: true,
      top_logprobs: 3,
    });
  });

  it('reads content, done_reason and the top-level logprobs', () => {
    const reply = ollamaClient.parseBody({
      message: { role: 'assistant', content: '{"answer": "1"}' },
      done: true,
      done_reason: 'stop',
      logprobs: [{ token: '{', logprob: -0.01, bytes: [123], top_logprobs: [{ token: '{', logprob: -0.01, bytes: [123] }] }],
    });
    assert.equal(reply.text, '{"answer": "1"}');
    assert.equal(reply.finishReason, 'stop');
    assert.deepEqual(reply.tokens, [{ token: '{', logprob: -0.01, top: [{ token: '{', logprob: -0.01 }] }]);
  });

  it('rejects a response without message content', () => {
    assert.throws(() => ollamaClient.parseBody({ done: true }), MalformedReplyError);
  });

  it('is the client of the ollama style', () => {
    assert.equal(clientFor('ollama'), ollamaClient);
    assert.equal(clientFor('openai-chat'), openAiChatClient);
    assert.equal(clientFor('openai-completions'), openAiCompletionsClient);
  });
});

describe('choice grammar', () => {
  it('quotes labels as GBNF string literals', () => {
    assert.equal(choiceGrammar(['A', 'B"']), 'root ::= "A" | "B\\""');
  });
});
