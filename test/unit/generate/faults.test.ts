import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { CancelledError, InputError } from '../../../src/core/errors';
import { ReplyCache } from '../../../src/core/generate/cache';
import { generateFromConfig, GenerationFailedError, type GenerateOptions } from '../../../src/core/generate/run';
import { metaFileOf } from '../../../src/core/generate/output';
import { startFaultServer, type FaultAction, type FaultCall, type FaultServer } from './faultServer';
import { makeTempDir, writeExperiment } from './helpers';

const FAST: GenerateOptions = { backoff: { baseMs: 2, maxMs: 10, maxRetryAfterMs: 30 } };

let servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function serve(script: (call: FaultCall) => FaultAction): Promise<FaultServer> {
  const server = await startFaultServer(script);
  servers.push(server);
  return server;
}

/** 2 groups x 3 respondents x 2 items = 12 distinct requests (sampling: each has its own seed). */
async function experiment(url: string, generate: Record<string, unknown> = {}, condition: Record<string, unknown> = {}): Promise<{ dir: string; config: string; output: string }> {
  const dir = await makeTempDir();
  const config = await writeExperiment(dir, {
    items: ['Q46', 'Q57'],
    conditions: {
      llm: { ...condition, generate: { endpoint: url, api: 'openai-chat', model: 'fault-model', respondentsPerGroup: 3, concurrency: 2, timeoutMs: 2000, retries: 3, ...generate } },
    },
  });
  return { dir, config, output: path.join(dir, 'generated', 'llm.jsonl') };
}

async function cacheEntries(dir: string): Promise<number> {
  const folder = path.join(dir, '.repscope-cache');
  const files = await fs.readdir(folder);
  let entries = 0;
  for (const file of files) {
    const { cache, report } = await ReplyCache.open(path.join(folder, file));
    await cache.close();
    entries += report.entries;
  }
  return entries;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

describe('generation against a faulty endpoint', () => {
  it('retries 429 (honouring Retry-After), 500, malformed JSON, dropped connections and hung responses', async () => {
    const faults: FaultAction[] = [
      { kind: 'status', status: 429, retryAfter: '0' },
      { kind: 'status', status: 500 },
      { kind: 'malformed' },
      { kind: 'drop' },
      { kind: 'hang' },
    ];
    // The first five distinct requests each meet one fault on their first try.
    let firsts = 0;
    const server = await serve((call) => (call.repeat === 0 && firsts < faults.length ? faults[firsts++]! : { kind: 'reply', text: '2' }));
    const { config, output } = await experiment(server.url, { timeoutMs: 300 });
    const run = await generateFromConfig(config, FAST);
    const [summary] = run.conditions;
    assert.deepEqual(summary!.requests, { total: 12, cached: 0, sent: 12, failed: 0, retries: 5 });
    assert.equal(server.calls.length, 17);
    // Each failed request was sent again, and no request more than twice.
    assert.ok(server.calls.every((call) => call.repeat <= 1));
    const lines = (await fs.readFile(output, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { answers: Record<string, number> });
    assert.equal(lines.length, 6);
    assert.ok(lines.every((line) => line.answers['Q46'] === 2 && line.answers['Q57'] === 2));
  });

  it('stops at once with a config error on 404, keeping the replies received', async () => {
    const server = await serve((call) => (call.index === 2 ? { kind: 'status', status: 404, message: 'The model `fault-model` does not exist.' } : { kind: 'reply' }));
    const { dir, config, output } = await experiment(server.url, { concurrency: 1 });
    await assert.rejects(generateFromConfig(config, FAST), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.location.field, 'conditions.llm.generate.model');
      assert.match(error.detail, /HTTP 404: The model `fault-model` does not exist\.; check `model`/);
      return true;
    });
    assert.equal(server.calls.length, 3);
    assert.equal(await cacheEntries(dir), 2);
    assert.equal(await exists(output), false);
  });

  it('does not retry a 400 and names the generate block', async () => {
    const server = await serve(() => ({ kind: 'status', status: 400, message: 'max_tokens is too large' }));
    const { config } = await experiment(server.url, { concurrency: 1 });
    await assert.rejects(generateFromConfig(config, FAST), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.location.field, 'conditions.llm.generate');
      assert.match(error.detail, /rejected a request \(HTTP 400: max_tokens is too large\)/);
      return true;
    });
    assert.equal(server.calls.length, 1);
  });

  it('tells distribution mode that the endpoint returned no logprobs', async () => {
    const server = await serve(() => ({ kind: 'reply', logprobs: false }));
    const { config } = await experiment(server.url, { answerMode: 'distribution', concurrency: 1 });
    await assert.rejects(generateFromConfig(config, FAST), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.location.field, 'conditions.llm.generate.answerMode');
      assert.match(error.detail, /returned no logprobs.*use `answerMode: sampling`/);
      return true;
    });
    assert.equal(server.calls.length, 1);
  });

  it('reports requests that kept failing, and a second run sends only those', async () => {
    const failing = await serve((call) => (call.prompt.includes('Germany') && call.prompt.includes('happiness') ? { kind: 'status', status: 503 } : { kind: 'reply' }));
    const { dir, config, output } = await experiment(failing.url, { retries: 1 });
    let failure: GenerationFailedError | undefined;
    await generateFromConfig(config, FAST).catch((error: unknown) => {
      if (error instanceof GenerationFailedError) failure = error;
      else throw error;
    });
    assert.ok(failure, 'the run should fail');
    assert.deepEqual(failure.summary.requests, { total: 12, cached: 0, sent: 9, failed: 3, retries: 3 });
    assert.match(failure.message, /3 of 12 requests have no reply/);
    assert.equal(await exists(output), false);
    assert.equal(await cacheEntries(dir), 9);

    // The same endpoint address (cache keys include it), now healthy: only the three missing requests go out.
    await failing.close();
    servers = servers.filter((server) => server !== failing);
    const reopened = await startFaultServerOn(failing.url, () => ({ kind: 'reply' }));
    const run = await generateFromConfig(config, FAST);
    assert.deepEqual(run.conditions[0]!.requests, { total: 12, cached: 9, sent: 3, failed: 0, retries: 0 });
    assert.equal(reopened.calls.length, 3);
    assert.ok(reopened.calls.every((call) => call.prompt.includes('Germany') && call.prompt.includes('happiness')));
    assert.equal(await exists(output), true);
  });

  it('stops sending when every request fails, instead of retrying all of them', async () => {
    const server = await serve(() => ({ kind: 'status', status: 503 }));
    const { config } = await experiment(server.url, { retries: 0, concurrency: 1 });
    await assert.rejects(generateFromConfig(config, FAST), (error: unknown) => {
      assert.ok(error instanceof GenerationFailedError);
      assert.match(error.message, /stopped after 3 requests in a row failed/);
      return true;
    });
    assert.equal(server.calls.length, 3);
  });

  it('keeps the cache intact when cancelled mid-run, and resumes with only the missing requests', async () => {
    const server = await serve(() => ({ kind: 'reply', delayMs: 40 }));
    const { dir, config, output } = await experiment(server.url);
    const controller = new AbortController();
    const pending = generateFromConfig(config, { ...FAST, signal: controller.signal });
    await server.waitForCalls(5);
    controller.abort();
    await assert.rejects(pending, CancelledError);
    assert.equal(await exists(output), false);
    const cached = await cacheEntries(dir);
    assert.ok(cached >= 3 && cached <= 5, `3 to 5 replies should be cached, found ${cached}`);
    const sentBefore = server.calls.length;
    const run = await generateFromConfig(config, FAST);
    assert.deepEqual(run.conditions[0]!.requests, { total: 12, cached, sent: 12 - cached, failed: 0, retries: 0 });
    assert.equal(server.calls.length - sentBefore, 12 - cached);
    assert.equal(await cacheEntries(dir), 12);
    // A third run sends nothing at all.
    const again = await generateFromConfig(config, FAST);
    assert.equal(again.conditions[0]!.requests.sent, 0);
    assert.equal(server.calls.length - sentBefore, 12 - cached);
  });
});

/** A fault server on the same address as a closed one, so cache keys (which include the URL) match. */
async function startFaultServerOn(url: string, script: (call: FaultCall) => FaultAction): Promise<FaultServer> {
  const port = Number(new URL(url).port);
  const http = await import('node:http');
  const calls: FaultCall[] = [];
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      const messages = body['messages'] as { content: string }[];
      const call: FaultCall = { index: calls.length, repeat: 0, body, headers: request.headers, prompt: messages[messages.length - 1]!.content };
      calls.push(call);
      script(call);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ choices: [{ message: { content: '1' }, finish_reason: 'stop' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const handle: FaultServer = {
    url,
    calls,
    waitForCalls: () => Promise.resolve(),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  servers.push(handle);
  return handle;
}

describe('API keys', () => {
  it('sends the key from the named environment variable and never writes it down', async () => {
    const server = await serve(() => ({ kind: 'reply' }));
    const { dir, config, output } = await experiment(server.url, { apiKeyEnv: 'REPSCOPE_TEST_KEY', respondentsPerGroup: 1 });
    await generateFromConfig(config, { ...FAST, env: { REPSCOPE_TEST_KEY: 'sk-test-123' } });
    assert.ok(server.calls.length > 0);
    assert.ok(server.calls.every((call) => call.headers['authorization'] === 'Bearer sk-test-123'));
    for (const file of [output, metaFileOf(output), ...(await fs.readdir(path.join(dir, '.repscope-cache'))).map((name) => path.join(dir, '.repscope-cache', name))]) {
      assert.equal((await fs.readFile(file, 'utf8')).includes('sk-test-123'), false, `${file} must not hold the key`);
    }
  });

  it('prefers a key given by the caller (the editor’s secret storage)', async () => {
    const server = await serve(() => ({ kind: 'reply' }));
    const { config } = await experiment(server.url, { apiKeyEnv: 'REPSCOPE_TEST_KEY', respondentsPerGroup: 1 });
    await generateFromConfig(config, { ...FAST, env: {}, apiKey: (generate) => (generate.condition === 'llm' ? 'from-secret-storage' : undefined) });
    assert.ok(server.calls.every((call) => call.headers['authorization'] === 'Bearer from-secret-storage'));
  });

  it('names the missing environment variable', async () => {
    const server = await serve(() => ({ kind: 'reply' }));
    const { config } = await experiment(server.url, { apiKeyEnv: 'REPSCOPE_TEST_KEY', respondentsPerGroup: 1 });
    await assert.rejects(generateFromConfig(config, { ...FAST, env: {} }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.location.field, 'conditions.llm.generate.apiKeyEnv');
      assert.match(error.detail, /`REPSCOPE_TEST_KEY` is not set/);
      return true;
    });
    assert.equal(server.calls.length, 0);
  });
});

describe('the output file', () => {
  it('never overwrites a hand-made file unless forced, but replaces its own', async () => {
    const server = await serve(() => ({ kind: 'reply' }));
    const { config, output } = await experiment(server.url, { respondentsPerGroup: 1 });
    await fs.mkdir(path.dirname(output), { recursive: true });
    await fs.writeFile(output, '{"id": "mine", "answers": {"Q46": 1}}\n');
    await assert.rejects(generateFromConfig(config, FAST), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.detail, /not overwriting .*llm\.jsonl: it exists and was not generated by RepScope/);
      return true;
    });
    assert.equal(await fs.readFile(output, 'utf8'), '{"id": "mine", "answers": {"Q46": 1}}\n');
    await generateFromConfig(config, { ...FAST, force: true });
    const meta = JSON.parse(await fs.readFile(metaFileOf(output), 'utf8')) as { generator: string; condition: string; respondents: number };
    assert.deepEqual([meta.generator, meta.condition, meta.respondents], ['repscope', 'llm', 2]);
    // Its own file is replaced without force; once edited by hand, it is not.
    await generateFromConfig(config, FAST);
    await fs.appendFile(output, '{"id": "extra"}\n');
    await assert.rejects(generateFromConfig(config, FAST), /it was changed since RepScope generated it/);
  });

  it('a dry run counts requests and cached replies and sends nothing', async () => {
    const server = await serve(() => ({ kind: 'reply' }));
    const { config, output } = await experiment(server.url, { respondentsPerGroup: 2 });
    const dry = await generateFromConfig(config, { ...FAST, dryRun: true });
    const [summary] = dry.conditions;
    assert.deepEqual(summary!.requests, { total: 8, cached: 0, sent: 0, failed: 0, retries: 0 });
    assert.equal(summary!.samplePrompt.group, 'DEU');
    assert.equal(summary!.samplePrompt.itemId, 'Q46');
    assert.match(summary!.samplePrompt.messages[0]!.content, /as if you were a person living in Germany\.\n\nQuestion: Feeling of happiness\n1: Very happy\n/);
    assert.equal(server.calls.length, 0);
    assert.equal(await exists(output), false);
    await generateFromConfig(config, FAST);
    const after = await generateFromConfig(config, { ...FAST, dryRun: true });
    assert.equal(after.conditions[0]!.requests.cached, 8);
  });

  it('stands the respondents of a config without groups for the whole population, `all`', async () => {
    const server = await serve(() => ({ kind: 'reply', text: '1' }));
    const dir = await makeTempDir();
    const config = await writeExperiment(dir, {
      items: ['Q57'],
      groups: 'none',
      conditions: { base: { generate: { endpoint: server.url, api: 'openai-chat', model: 'fault-model', respondentsPerGroup: 3, prompt: '{question}\n{options}' } } },
    });
    await generateFromConfig(config, FAST);
    const lines = (await fs.readFile(path.join(dir, 'generated', 'base.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((line) => [line['id'], line['group'], line['persona'], line['answers']]),
      [
        ['all-1', 'all', undefined, { Q57: 1 }],
        ['all-2', 'all', undefined, { Q57: 1 }],
        ['all-3', 'all', undefined, { Q57: 1 }],
      ],
    );
    assert.equal(server.calls[0]!.prompt, 'Most people can be trusted\n1: Most people can be trusted\n2: Need to be very careful');
  });
});

