/**
 * A scripted OpenAI-compatible chat endpoint on 127.0.0.1 for fault-injection tests. Each request
 * is answered by `script(call)`: a normal reply, an HTTP error (with `Retry-After`), a slow or hung
 * response, malformed JSON, a reply without logprobs, or a dropped connection. Every request is
 * recorded, so tests can assert what was (re)sent.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FaultCall {
  /** 0-based over the server's life. */
  index: number;
  /** How many times this exact body was received before (0 for the first time). */
  repeat: number;
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  /** The user message, for convenience. */
  prompt: string;
}

export type FaultAction =
  | { kind: 'reply'; text?: string; delayMs?: number; logprobs?: boolean }
  | { kind: 'status'; status: number; message?: string; retryAfter?: string; delayMs?: number }
  | { kind: 'malformed' }
  | { kind: 'hang' }
  | { kind: 'drop' };

export interface FaultServer {
  url: string;
  calls: FaultCall[];
  /** Resolves once `count` requests have arrived. */
  waitForCalls(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A chat completion whose reply is `text`, with logprobs that put most mass on its first character. */
export function chatCompletion(text: string, withLogprobs: boolean, topLogprobs: number): Record<string, unknown> {
  const first = text.charAt(0) || ' ';
  const alternatives = [
    { token: first, logprob: Math.log(0.7) },
    { token: first === '1' ? '2' : '1', logprob: Math.log(0.2) },
    { token: ' The', logprob: Math.log(0.05) },
  ].slice(0, Math.max(1, topLogprobs));
  return {
    id: 'chatcmpl-fault',
    object: 'chat.completion',
    model: 'fault-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text },
        logprobs: withLogprobs
          ? { content: [{ token: first, logprob: Math.log(0.7), bytes: [...Buffer.from(first)], top_logprobs: alternatives }] }
          : null,
        finish_reason: 'stop',
      },
    ],
  };
}

export async function startFaultServer(script: (call: FaultCall) => FaultAction): Promise<FaultServer> {
  const calls: FaultCall[] = [];
  const seen = new Map<string, number>();
  const waiters: { count: number; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, action: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // Recorded with an empty body: the test will notice.
      }
      const repeat = seen.get(text) ?? 0;
      seen.set(text, repeat + 1);
      const messages = Array.isArray(body['messages']) ? (body['messages'] as { content?: string }[]) : [];
      const call: FaultCall = { index: calls.length, repeat, body, headers: request.headers, prompt: String(messages[messages.length - 1]?.content ?? '') };
      calls.push(call);
      for (const waiter of [...waiters]) {
        if (calls.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
      const action = script(call);
      const send = (status: number, payload: string, headers: Record<string, string> = {}): void => {
        if (response.destroyed) return;
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(payload);
      };
      switch (action.kind) {
        case 'reply': {
          const topLogprobs = typeof body['top_logprobs'] === 'number' ? body['top_logprobs'] : 0;
          const wantLogprobs = body['logprobs'] === true && action.logprobs !== false;
          const payload = JSON.stringify(chatCompletion(action.text ?? '1', wantLogprobs, topLogprobs));
          later(action.delayMs ?? 0, () => send(200, payload));
          break;
        }
        case 'status': {
          const headers: Record<string, string> = action.retryAfter !== undefined ? { 'retry-after': action.retryAfter } : {};
          const payload = JSON.stringify({ error: { message: action.message ?? `status ${action.status}`, type: 'test' } });
          later(action.delayMs ?? 0, () => send(action.status, payload, headers));
          break;
        }
        case 'malformed':
          send(200, '{"choices": [{"message": {"content": "1"');
          break;
        case 'hang':
          break;
        case 'drop':
          request.socket.destroy();
          break;
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    calls,
    waitForCalls: (count) =>
      calls.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
