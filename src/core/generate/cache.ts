/**
 * The answer cache: one append-only JSON Lines file per model, `{"k": key, "r": reply}` per line,
 * in the condition's cache folder. A reply is appended as soon as it arrives, so a run that is
 * interrupted (Ctrl-C, a crash, a power cut) keeps every reply it had; the next run sends only the
 * rest. Appends are not fsynced: a torn last line is skipped on reading, and a key written twice
 * (two runs at once) keeps its first reply.
 *
 * The key is a hash of everything that changes a reply: the endpoint URL, the API style, the answer
 * mode, the options' order and the whole request body (model, prompt text, sampling parameters,
 * seed, constraint, logprob settings, extra fields). The API key is a header and never part of it.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ModelReply } from './clients/types';
import type { AnswerMode, GenerateApiStyle } from './config';

/** Bumped when the key recipe or the stored reply shape changes: old entries are then not reused. */
export const CACHE_FORMAT_VERSION = 1;

export interface CacheKeyParts {
  /** The URL requests are posted to. */
  url: string;
  api: GenerateApiStyle;
  answerMode: AnswerMode;
  /** Codes of the options in the order shown. */
  optionOrder: readonly number[];
  /** The full request body. */
  body: unknown;
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`canonicalJson: ${value} has no JSON form`);
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((entry) => canonicalJson(entry === undefined ? null : entry)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, entry]) => entry !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
}

/** sha256 (hex) of the canonical form of `parts`. */
export function cacheKey(parts: CacheKeyParts): string {
  const text = canonicalJson({
    v: CACHE_FORMAT_VERSION,
    url: parts.url,
    api: parts.api,
    answerMode: parts.answerMode,
    optionOrder: [...parts.optionOrder],
    body: parts.body,
  });
  return createHash('sha256').update(text).digest('hex');
}

/** `<cacheDir>/<model>-<hash of url and model>.jsonl`: one file per endpoint and model. */
export function cacheFileFor(cacheDir: string, url: string, model: string): string {
  const slug = model.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'model';
  const hash = createHash('sha256').update(`${url}\n${model}`).digest('hex').slice(0, 12);
  return path.join(cacheDir, `${slug}-${hash}.jsonl`);
}

function isReply(value: unknown): value is ModelReply {
  if (value === null || typeof value !== 'object') return false;
  const reply = value as Record<string, unknown>;
  return typeof reply['text'] === 'string' && (reply['tokens'] === undefined || Array.isArray(reply['tokens']));
}

export interface CacheReadReport {
  entries: number;
  /** Lines that could not be read (a torn last line after a crash, or damage). */
  skippedLines: number;
}

export class ReplyCache {
  private readonly replies = new Map<string, ModelReply>();
  private handle: fs.FileHandle | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** The first failed append's error; later appends are skipped. */
  private writeFailure: { error: unknown } | undefined;

  private constructor(readonly file: string) {}

  /** Opens (and reads) the cache file; a missing file is an empty cache. */
  static async open(file: string): Promise<{ cache: ReplyCache; report: CacheReadReport }> {
    const cache = new ReplyCache(file);
    let text = '';
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    let skippedLines = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const entry = JSON.parse(line) as { k?: unknown; r?: unknown };
        if (typeof entry.k === 'string' && isReply(entry.r)) {
          if (!cache.replies.has(entry.k)) cache.replies.set(entry.k, entry.r);
        } else skippedLines++;
      } catch {
        skippedLines++;
      }
    }
    return { cache, report: { entries: cache.replies.size, skippedLines } };
  }

  get size(): number {
    return this.replies.size;
  }

  has(key: string): boolean {
    return this.replies.has(key);
  }

  get(key: string): ModelReply | undefined {
    return this.replies.get(key);
  }

  /**
   * Records a reply and appends it to the file. Appends are serialised; each is one `write` of a
   * whole line, after a newline if the file ended in a torn line.
   */
  put(key: string, reply: ModelReply): Promise<void> {
    if (this.replies.has(key)) return this.writing;
    this.replies.set(key, reply);
    const line = `${JSON.stringify({ k: key, r: reply })}\n`;
    this.writing = this.writing.then(async () => {
      if (this.writeFailure) return;
      try {
        if (!this.handle) {
          await fs.mkdir(path.dirname(this.file), { recursive: true });
          this.handle = await fs.open(this.file, 'a+');
          const { size } = await this.handle.stat();
          if (size > 0) {
            const last = Buffer.alloc(1);
            await this.handle.read(last, 0, 1, size - 1);
            if (last[0] !== 0x0a) await this.handle.write('\n');
          }
        }
        await this.handle.write(line);
      } catch (error) {
        this.writeFailure = { error };
      }
    });
    return this.writing;
  }

  /** Waits for pending appends and closes the file. Throws the first write error, if any. */
  async close(): Promise<void> {
    await this.writing;
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
    if (this.writeFailure) throw this.writeFailure.error;
  }
}
