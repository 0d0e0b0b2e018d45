/**
 * Writing and listing run folders (./read.ts reads a run's results file). A run is written under
 * a hidden temporary name and renamed into place only when complete, so a crash or a cancel never
 * leaves a folder that looks like a finished run, and an existing run is never overwritten.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { RESULTS_FILE_NAME, type RunResults } from './types';

const PARTIAL_PREFIX = '.partial-';

/** `2026-11-27T10-15-00-123Z_ab12cd`: sortable by time, unique by the config hash and a counter. */
export function runId(startedAt: Date, configHash: string): string {
  return `${startedAt.toISOString().replace(/[:.]/g, '-')}_${configHash.slice(0, 6)}`;
}

/**
 * JSON cannot hold NaN or Infinity; every number that is not finite becomes null (and the
 * engine has said why in `warnings`). Typed arrays become plain arrays.
 */
export function toJson(results: RunResults): string {
  return JSON.stringify(
    results,
    (_key, value: unknown) => {
      if (typeof value === 'number' && !Number.isFinite(value)) return null;
      if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
      return value;
    },
    1,
  );
}

export interface WrittenRun {
  folder: string;
  resultsFile: string;
  id: string;
}

/** Writes `results` into a new run folder under `outputDir` and returns where. */
export async function writeRun(results: RunResults, outputDir: string): Promise<WrittenRun> {
  await fs.mkdir(outputDir, { recursive: true });
  const base = runId(new Date(results.run.startedAt), results.config.sha256);
  let id = base;
  for (let attempt = 1; ; attempt++) {
    try {
      await fs.access(path.join(outputDir, id));
      id = `${base}-${attempt}`;
    } catch {
      break;
    }
  }
  const partial = path.join(outputDir, `${PARTIAL_PREFIX}${id}-${process.pid}`);
  await fs.mkdir(partial, { recursive: false });
  try {
    const document: RunResults = { ...results, run: { ...results.run, id } };
    const temporary = path.join(partial, `${RESULTS_FILE_NAME}.tmp`);
    await fs.writeFile(temporary, toJson(document), 'utf8');
    await fs.rename(temporary, path.join(partial, RESULTS_FILE_NAME));
    const folder = path.join(outputDir, id);
    // rename() of a directory onto an existing non-empty one fails rather than replacing it.
    await fs.rename(partial, folder);
    return { folder, resultsFile: path.join(folder, RESULTS_FILE_NAME), id };
  } catch (error) {
    await fs.rm(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Completed runs in `outputDir`, newest first (partial folders are skipped). */
export async function listRuns(outputDir: string): Promise<WrittenRun[]> {
  let entries: string[];
  try {
    entries = await fs.readdir(outputDir);
  } catch {
    return [];
  }
  const runs: WrittenRun[] = [];
  for (const entry of entries) {
    if (entry.startsWith('.')) continue;
    const resultsFile = path.join(outputDir, entry, RESULTS_FILE_NAME);
    try {
      await fs.access(resultsFile);
      runs.push({ folder: path.join(outputDir, entry), resultsFile, id: entry });
    } catch {
      // not a run folder
    }
  }
  return runs.sort((a, b) => (a.id < b.id ? 1 : -1));
}
