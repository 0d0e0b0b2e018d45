import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cacheFileFor, cacheKey, canonicalJson, ReplyCache, type CacheKeyParts } from '../../../src/core/generate/cache';
import { makeTempDir } from './helpers';

const BASE: CacheKeyParts = {
  url: 'http://127.0.0.1:8000/v1/chat/completions',
  api: 'openai-chat',
  answerMode: 'sampling',
  optionOrder: [1, 2, 3, 4],
  body: {
    model: 'm',
    messages: [{ role: 'user', content: 'Answer as a woman.\nQuestion: Happiness\n1: Very happy' }],
    temperature: 1,
    seed: 12345,
    max_tokens: 16,
    n: 1,
  },
};

function withBody(change: Record<string, unknown>): CacheKeyParts {
  return { ...BASE, body: { ...(BASE.body as Record<string, unknown>), ...change } };
}

describe('cache keys', () => {
  it('are the same for the same request, whatever the key order of the body', () => {
    const reordered = { ...BASE, body: Object.fromEntries(Object.entries(BASE.body as Record<string, unknown>).reverse()) };
    assert.equal(cacheKey(reordered), cacheKey(BASE));
    assert.match(cacheKey(BASE), /^[0-9a-f]{64}$/);
  });

  it('change with anything that changes the answer', () => {
    const variants: [string, CacheKeyParts][] = [
      ['endpoint', { ...BASE, url: 'http://127.0.0.1:8001/v1/chat/completions' }],
      ['api style', { ...BASE, api: 'ollama' }],
      ['answer mode', { ...BASE, answerMode: 'distribution' }],
      ['options order', { ...BASE, optionOrder: [4, 3, 2, 1] }],
      ['model', withBody({ model: 'm2' })],
      ['prompt text', withBody({ messages: [{ role: 'user', content: 'Answer as a man.\nQuestion: Happiness\n1: Very happy' }] })],
      ['system message', withBody({ messages: [{ role: 'system', content: 'x' }, ...((BASE.body as { messages: unknown[] }).messages)] })],
      ['temperature', withBody({ temperature: 0.7 })],
      ['seed', withBody({ seed: 12346 })],
      ['max tokens', withBody({ max_tokens: 17 })],
      ['logprobs', withBody({ logprobs: true, top_logprobs: 5 })],
      ['constraint', withBody({ guided_choice: ['1', '2'] })],
      ['extra field', withBody({ top_k: 40 })],
    ];
    const keys = new Set([cacheKey(BASE)]);
    for (const [what, parts] of variants) {
      const key = cacheKey(parts);
      assert.ok(!keys.has(key), `changing the ${what} must change the key`);
      keys.add(key);
    }
  });

  it('write canonical JSON with sorted keys and no undefined fields', () => {
    assert.equal(canonicalJson({ b: 1, a: [2, { d: undefined, c: 'x' }] }), '{"a":[2,{"c":"x"}],"b":1}');
    assert.throws(() => canonicalJson({ a: Number.NaN }), /no JSON form/);
  });

  it('put each endpoint and model in its own file', () => {
    const a = cacheFileFor('/c', 'http://h/v1/chat/completions', 'org/model:7b');
    const b = cacheFileFor('/c', 'http://h2/v1/chat/completions', 'org/model:7b');
    assert.match(path.basename(a), /^org_model_7b-[0-9a-f]{12}\.jsonl$/);
    assert.notEqual(a, b);
  });
});

describe('the reply cache file', () => {
  it('keeps replies across openings', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'sub', 'cache.jsonl');
    const { cache } = await ReplyCache.open(file);
    await cache.put('k1', { text: '1' });
    await cache.put('k2', { text: '2', tokens: [{ token: '2', logprob: -0.1, top: [] }] });
    await cache.put('k1', { text: 'ignored: the first reply stays' });
    await cache.close();
    const { cache: again, report } = await ReplyCache.open(file);
    assert.deepEqual(report, { entries: 2, skippedLines: 0 });
    assert.deepEqual(again.get('k1'), { text: '1' });
    assert.deepEqual(again.get('k2'), { text: '2', tokens: [{ token: '2', logprob: -0.1, top: [] }] });
    await again.close();
  });

  it('skips a torn last line and appends after it on a fresh line', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'cache.jsonl');
    await fs.writeFile(file, '{"k":"a","r":{"text":"1"}}\n{"k":"b","r":{"te');
    const { cache, report } = await ReplyCache.open(file);
    assert.deepEqual(report, { entries: 1, skippedLines: 1 });
    assert.equal(cache.has('b'), false);
    await cache.put('b', { text: '2' });
    await cache.close();
    const text = await fs.readFile(file, 'utf8');
    assert.equal(text.split('\n').filter((line) => line.startsWith('{"k":"b","r":{"text":"2"}}')).length, 1);
    const { cache: again, report: second } = await ReplyCache.open(file);
    assert.deepEqual(second, { entries: 2, skippedLines: 1 });
    assert.deepEqual(again.get('b'), { text: '2' });
    await again.close();
  });

  it('treats a missing file as an empty cache and creates nothing until a reply arrives', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'none', 'cache.jsonl');
    const { cache, report } = await ReplyCache.open(file);
    assert.deepEqual(report, { entries: 0, skippedLines: 0 });
    await cache.close();
    await assert.rejects(fs.access(file));
  });
});
