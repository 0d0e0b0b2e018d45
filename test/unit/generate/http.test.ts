import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CancelledError } from '../../../src/core/errors';
import { DEFAULT_BACKOFF, parseRetryAfter, postJson, RequestFailure, retryDelayMs, withRetries } from '../../../src/core/generate/http';
import { startFaultServer, type FaultAction, type FaultServer } from './faultServer';

function headers(values: Record<string, string>): { get(name: string): string | null } {
  return { get: (name) => values[name] ?? null };
}

describe('backoff policy', () => {
  const policy = { baseMs: 100, maxMs: 1000, maxRetryAfterMs: 5000 };

  it('doubles the delay range with each retry, drawing within [cap/2, cap]', () => {
    assert.equal(retryDelayMs(0, policy, () => 0), 50);
    assert.equal(retryDelayMs(0, policy, () => 1), 100);
    assert.equal(retryDelayMs(1, policy, () => 0), 100);
    assert.equal(retryDelayMs(2, policy, () => 0.5), 300);
    assert.equal(retryDelayMs(3, policy, () => 1), 800);
  });

  it('stops growing at maxMs', () => {
    assert.equal(retryDelayMs(10, policy, () => 1), 1000);
    assert.equal(retryDelayMs(10, policy, () => 0), 500);
  });

  it('waits as long as Retry-After says (capped), plus a little jitter', () => {
    assert.equal(retryDelayMs(0, policy, () => 0, 2000), 2000);
    assert.equal(retryDelayMs(0, policy, () => 1, 2000), 2020);
    assert.equal(retryDelayMs(0, policy, () => 0, 60_000), 5000);
  });

  it('reads Retry-After as seconds or an HTTP date, and retry-after-ms', () => {
    assert.equal(parseRetryAfter(headers({ 'retry-after': '3' })), 3000);
    assert.equal(parseRetryAfter(headers({ 'retry-after': '0.5' })), 500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now), 7000);
    assert.equal(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '9' })), 250);
    assert.equal(parseRetryAfter(headers({ 'retry-after': 'soon' })), undefined);
    assert.equal(parseRetryAfter(headers({})), undefined);
  });
});

describe('retrying', () => {
  const fast = { retries: 3, policy: DEFAULT_BACKOFF, random: () => 0.5 };

  it('retries retryable failures and returns the first success', async () => {
    const delays: number[] = [];
    let attempts = 0;
    const result = await withRetries(
      () => {
        attempts++;
        return attempts < 3 ? Promise.reject(new RequestFailure('status', 'HTTP 503', { status: 503, retryable: true })) : Promise.resolve('ok');
      },
      {
        ...fast,
        sleep: (ms) => {
          delays.push(ms);
          return Promise.resolve();
        },
      },
    );
    assert.equal(result, 'ok');
    assert.equal(attempts, 3);
    assert.deepEqual(delays, [375, 750]);
  });

  it('gives up after the allowed retries with the last failure', async () => {
    let attempts = 0;
    await assert.rejects(
      withRetries(
        () => {
          attempts++;
          return Promise.reject(new RequestFailure('timeout', `timeout ${attempts}`, { retryable: true }));
        },
        { ...fast, sleep: () => Promise.resolve() },
      ),
      /timeout 4/,
    );
    assert.equal(attempts, 4);
  });

  it('does not retry a failure only the config can fix', async () => {
    let attempts = 0;
    await assert.rejects(
      withRetries(
        () => {
          attempts++;
          return Promise.reject(new RequestFailure('status', 'HTTP 404', { status: 404, retryable: false }));
        },
        { ...fast, sleep: () => Promise.resolve() },
      ),
      /HTTP 404/,
    );
    assert.equal(attempts, 1);
  });

  it('stops waiting when cancelled', async () => {
    const controller = new AbortController();
    const pending = withRetries(
      () => Promise.reject(new RequestFailure('status', 'HTTP 429', { status: 429, retryable: true, retryAfterMs: 60_000 })),
      { ...fast, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(pending, CancelledError);
  });
});

describe('posting to an endpoint', () => {
  let server: FaultServer;
  let action: FaultAction = { kind: 'reply' };

  before(async () => {
    server = await startFaultServer(() => action);
  });
  after(async () => {
    await server.close();
  });

  const post = (timeoutMs = 2000, signal?: AbortSignal) =>
    postJson(`${server.url}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, {
      headers: { authorization: 'Bearer secret' },
      timeoutMs,
      ...(signal ? { signal } : {}),
      errorMessage: (body) => (body as { error?: { message?: string } }).error?.message,
    });

  it('returns the parsed reply', async () => {
    action = { kind: 'reply', text: '3' };
    const result = await post();
    assert.equal((result.body as { choices: { message: { content: string } }[] }).choices[0]!.message.content, '3');
    assert.ok(result.elapsedMs >= 0);
  });

  it('marks 429 and 5xx retryable, with Retry-After, and 400/404 not', async () => {
    const failure = async (): Promise<RequestFailure> => {
      try {
        await post();
      } catch (error) {
        if (error instanceof RequestFailure) return error;
        throw error;
      }
      throw new Error('expected a failure');
    };
    action = { kind: 'status', status: 429, message: 'slow down', retryAfter: '2' };
    let error = await failure();
    assert.deepEqual([error.kind, error.status, error.retryable, error.retryAfterMs, error.message], ['status', 429, true, 2000, 'HTTP 429: slow down']);
    action = { kind: 'status', status: 500 };
    error = await failure();
    assert.equal(error.retryable, true);
    action = { kind: 'status', status: 400, message: 'bad field' };
    error = await failure();
    assert.deepEqual([error.retryable, error.message], [false, 'HTTP 400: bad field']);
    action = { kind: 'status', status: 404 };
    error = await failure();
    assert.equal(error.retryable, false);
    action = { kind: 'malformed' };
    error = await failure();
    assert.deepEqual([error.kind, error.retryable], ['malformed', true]);
    action = { kind: 'drop' };
    error = await failure();
    assert.deepEqual([error.kind, error.retryable], ['network', true]);
  });

  it('times out a hung response and a slow one', async () => {
    action = { kind: 'hang' };
    await assert.rejects(post(150), (error: unknown) => error instanceof RequestFailure && error.kind === 'timeout' && error.retryable);
    action = { kind: 'reply', delayMs: 400 };
    await assert.rejects(post(100), (error: unknown) => error instanceof RequestFailure && error.kind === 'timeout');
  });

  it('throws CancelledError, not a failure, when the caller cancels', async () => {
    action = { kind: 'hang' };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(post(5000, controller.signal), CancelledError);
  });

  it('sends the API key as a bearer header', async () => {
    action = { kind: 'reply' };
    const before = server.calls.length;
    await post();
    assert.equal(server.calls.length, before + 1);
    assert.equal(server.calls[before]!.headers['authorization'], 'Bearer secret');
    assert.equal(server.calls[before]!.headers['content-type'], 'application/json');
  });
});
