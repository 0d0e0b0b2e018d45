/**
 * Streams a text file line by line (LF or CRLF), hashing its bytes on the way; for JSON Lines.
 */
import * as fs from 'fs';
import { createHash } from 'crypto';
import { CancelledError, InputError } from '../errors';
import type { LoadProgress } from './types';

const LF = 10;
const CR = 13;
const DEFAULT_CHUNK_SIZE = 1024 * 1024;
const PROGRESS_EVERY_BYTES = 4 * 1024 * 1024;

export interface LineReaderOptions {
  chunkSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
}

export interface LinesRead {
  sha256: string;
  bytes: number;
  /** Lines seen, including blank ones. */
  lines: number;
}

const utf8 = new TextDecoder('utf-8');

/**
 * Calls `onLine(text, line)` for every line, 1-based, without its line break; a UTF-8 byte-order
 * mark before the first line is dropped. Throws InputError when the file cannot be read or is
 * empty, CancelledError when `signal` aborts.
 */
export async function forEachLine(
  file: string,
  options: LineReaderOptions,
  onLine: (text: string, line: number) => void,
): Promise<LinesRead> {
  if (options.signal?.aborted) throw new CancelledError();
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    throw new InputError({ file }, code === 'ENOENT' ? 'file not found' : `cannot open the file: ${String(error)}`);
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) throw new InputError({ file }, 'the file is empty');
    const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? DEFAULT_CHUNK_SIZE));
    const hash = createHash('sha256');
    let buffer = new Uint8Array(chunkSize * 2);
    let start = 0;
    let end = 0;
    let offset = 0;
    let line = 1;
    let lastProgress = 0;
    const emit = (from: number, to: number): void => {
      let stop = to;
      if (stop > from && buffer[stop - 1] === CR) stop--;
      let text = utf8.decode(buffer.subarray(from, stop));
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      onLine(text, line);
      line++;
    };
    for (;;) {
      if (start > 0) {
        buffer.copyWithin(0, start, end);
        end -= start;
        start = 0;
      }
      if (buffer.length - end < chunkSize) {
        const grown = new Uint8Array(Math.max(buffer.length * 2, end + chunkSize));
        grown.set(buffer.subarray(0, end));
        buffer = grown;
      }
      const read = fs.readSync(fd, buffer, end, chunkSize, offset);
      if (read === 0) break;
      hash.update(buffer.subarray(end, end + read));
      offset += read;
      let searchFrom = end;
      end += read;
      for (let at = buffer.indexOf(LF, searchFrom); at >= 0 && at < end; at = buffer.indexOf(LF, searchFrom)) {
        emit(start, at);
        start = at + 1;
        searchFrom = start;
      }
      if (options.onProgress && offset - lastProgress >= PROGRESS_EVERY_BYTES) {
        lastProgress = offset;
        options.onProgress({ bytesRead: offset, totalBytes: Math.max(size, offset) });
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (options.signal?.aborted) throw new CancelledError();
    }
    if (end > start) emit(start, end);
    options.onProgress?.({ bytesRead: offset, totalBytes: Math.max(size, offset) });
    return { sha256: hash.digest('hex'), bytes: offset, lines: line - 1 };
  } finally {
    fs.closeSync(fd);
  }
}
