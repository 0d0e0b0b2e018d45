/**
 * Where the delimited reader's bytes come from: a file read in place, or memory (tests, the
 * parser's warm-up).
 */
import * as fs from 'fs';
import { InputError } from '../errors';

export interface ByteSource {
  readonly size: number;
  /** Reads up to `length` bytes at file offset `position` into `target[offset..]`; returns the count read. */
  read(target: Uint8Array, offset: number, length: number, position: number): number;
  close(): void;
}

/** Opens `file` for reading. Throws InputError for a missing, unreadable or directory path. */
export function openFileSource(file: string): ByteSource {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw new InputError({ file }, describeOpenError(error));
  }
  let size: number;
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new InputError({ file }, 'is a directory, not a data file');
    size = stat.size;
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  let open = true;
  return {
    size,
    read: (target, offset, length, position) => fs.readSync(fd, target, offset, length, position),
    close: () => {
      if (open) fs.closeSync(fd);
      open = false;
    },
  };
}

/** Serves `bytes` as if they were a file. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (target, offset, length, position) => {
      const chunk = bytes.subarray(position, Math.min(bytes.length, position + length));
      target.set(chunk, offset);
      return chunk.length;
    },
    close: () => undefined,
  };
}

function describeOpenError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied: cannot read the file';
  if (code === 'EISDIR') return 'is a directory, not a data file';
  return `cannot open the file: ${error instanceof Error ? error.message : String(error)}`;
}
