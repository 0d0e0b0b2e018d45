/**
 * Unfinished run folders. The engine writes a run under `.partial-<run id>-<pid>` and renames it
 * into place when complete (src/core/results/write.ts); a worker terminated mid-write leaves that
 * folder behind, and the runner removes it. No editor API here (unit-tested).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export const PARTIAL_PREFIX = '.partial-';

/** Names of the `.partial-*` folders in a folder (none when it does not exist). */
export async function listPartialFolders(folder: string): Promise<Set<string>> {
  try {
    return new Set((await fs.readdir(folder)).filter((name) => name.startsWith(PARTIAL_PREFIX)));
  } catch {
    return new Set();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a `.partial-*` folder belongs to a run of the config with this hash, written by the
 * process `pid`: run ids end in `_<first 6 hex digits of the config hash>` (and `-<n>` when the id
 * was taken), and the partial name adds `-<pid>`.
 */
export function isPartialOf(name: string, configHash: string, pid: number): boolean {
  if (configHash.length < 6) return false;
  return new RegExp(`^${escapeRegExp(PARTIAL_PREFIX)}.+_${escapeRegExp(configHash.slice(0, 6))}(-\\d+)?-${pid}$`).test(name);
}

/**
 * Removes the partial folders of a config's run that appeared since `before` (a snapshot taken
 * when the run started) and returns their names.
 */
export async function removeNewPartialFolders(folder: string, before: ReadonlySet<string>, configHash: string, pid = process.pid): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await listPartialFolders(folder)) {
    if (before.has(name) || !isPartialOf(name, configHash, pid)) continue;
    await fs.rm(path.join(folder, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
