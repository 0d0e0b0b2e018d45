/**
 * Sending one request: global `fetch` with a per-request time limit and the caller's cancellation,
 * failures sorted into those worth retrying (rate limits, server errors, timeouts, dropped
 * connections, garbled bodies) and those that are the config's to fix (400, 401, 404, ...), and
 * retries with exponential backoff, jitter and the server's `Retry-After`.
 */
import { CancelledError } from '../errors';

export type RequestFailureKind = 'status' | 'timeout' | 'network' | 'malformed' | 'capability';

/** A request that did not give a usable reply. */
export class RequestFailure extends Error {
  readonly kind: RequestFailureKind;
  readonly status: number | undefined;
  /** Worth sending again (after a delay). */
  readonly retryable: boolean;
  /** The server asked to wait this long before the next try. */
  readonly retryAfterMs: number | undefined;

  constructor(kind: RequestFailureKind, message: string, options: { status?: number; retryable: boolean; retryAfterMs?: number }) {
    super(message);
    this.name = 'RequestFailure';
    this.kind = kind;
    this.status = options.status;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Statuses that say "try again later": timeouts, conflicts, rate limits, server trouble. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 409, 425, 429, 500, 502, 503, 504, 529]);

export interface BackoffPolicy {
  /** Delay before the first retry (the cap of its jitter range), ms. */
  baseMs: number;
  /** Largest delay from the exponential schedule, ms. */
  maxMs: number;
  /** Largest `Retry-After` honoured, ms (a server asking for an hour is not waited for). */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffPolicy> = Object.freeze({ baseMs: 500, maxMs: 30_000, maxRetryAfterMs: 120_000 });

/**
 * Delay before retry `attempt` (0 for the first retry). With a `Retry-After`, that long (capped)
 * plus up to a fifth of `baseMs` of jitter; otherwise "equal jitter" exponential backoff: with
 * cap = min(maxMs, baseMs * 2^attempt), a delay uniform in [cap/2, cap] (AWS Architecture Blog,
 * "Exponential Backoff and Jitter", 2015), so retries spread out but still grow.
 */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs) + random() * policy.baseMs * 0.2;
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return cap / 2 + random() * (cap / 2);
}

/**
 * `Retry-After` (seconds or an HTTP date, RFC 9110 §10.2.3) or `retry-after-ms` (OpenAI) as
 * milliseconds from `now`; undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: { get(name: string): string | null }, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && /^\s*\d+(\.\d+)?\s*$/.test(milliseconds)) return Number(milliseconds);
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface PostOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Replaces global fetch (tests). */
  fetch?: typeof fetch;
  /** Reads the error message of an error body. */
  errorMessage?: (body: unknown) => string | undefined;
}

export interface PostResult {
  body: unknown;
  /** Wall time of the request, ms. */
  elapsedMs: number;
  /** The server's own time when it says (`x-server-time-ms`), for overhead measurements. */
  serverMs?: number;
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Posts `body` as JSON and returns the parsed JSON reply. Throws `CancelledError` when `signal`
 * aborts, `RequestFailure` for everything else that went wrong.
 */
export async function postJson(url: string, body: unknown, options: PostOptions): Promise<PostResult> {
  if (options.signal?.aborted) throw new CancelledError();
  const fetchFn = options.fetch ?? fetch;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  const started = performance.now();
  let status: number;
  let text: string;
  let serverMs: number | undefined;
  let retryAfterMs: number | undefined;
  try {
    const response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
      body: JSON.stringify(body),
      signal,
    });
    status = response.status;
    retryAfterMs = parseRetryAfter(response.headers);
    const serverTime = response.headers.get('x-server-time-ms');
    if (serverTime !== null && Number.isFinite(Number(serverTime))) serverMs = Number(serverTime);
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw new CancelledError();
    if (timeout.signal.aborted) {
      throw new RequestFailure('timeout', `no complete response within ${options.timeoutMs} ms`, { retryable: true });
    }
    throw new RequestFailure('network', `connection failed: ${describeNetworkError(error)}`, { retryable: true });
  } finally {
    clearTimeout(timer);
  }
  const elapsedMs = performance.now() - started;

  let parsed: unknown;
  let parseProblem: string | undefined;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    parseProblem = error instanceof Error ? error.message : String(error);
  }
  if (status < 200 || status >= 300) {
    const message = (parseProblem === undefined ? options.errorMessage?.(parsed) : undefined) ?? (text.trim().slice(0, 300) || 'no message');
    const retryable = RETRYABLE_STATUSES.has(status);
    const failureOptions: { status: number; retryable: boolean; retryAfterMs?: number } = { status, retryable };
    if (retryAfterMs !== undefined) failureOptions.retryAfterMs = retryAfterMs;
    throw new RequestFailure('status', `HTTP ${status}: ${message}`, failureOptions);
  }
  if (parseProblem !== undefined) {
    throw new RequestFailure('malformed', `the response is not JSON (${parseProblem}): ${JSON.stringify(text.slice(0, 120))}`, { retryable: true });
  }
  const result: PostResult = { body: parsed, elapsedMs };
  if (serverMs !== undefined) result.serverMs = serverMs;
  return result;
}

/** Waits `ms`, or throws `CancelledError` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryOptions {
  retries: number;
  policy: BackoffPolicy;
  random: () => number;
  signal?: AbortSignal;
  /** Called before each retry with the failure and the delay chosen. */
  onRetry?: (failure: RequestFailure, attempt: number, delayMs: number) => void;
  /** Replaces the wait (tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Runs `attempt` until it succeeds, it fails with a failure that is not retryable, or `retries`
 * retries are used up (the last failure is thrown).
 */
export async function withRetries<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.sleep ?? sleep;
  for (let attemptNumber = 0; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!(error instanceof RequestFailure) || !error.retryable || attemptNumber >= options.retries) throw error;
      const delay = retryDelayMs(attemptNumber, options.policy, options.random, error.retryAfterMs);
      options.onRetry?.(error, attemptNumber, delay);
      await wait(delay, options.signal);
    }
  }
}
