/**
 * Shared by the config tests. Messages name files as the caller did, so the tests work from the
 * repository root and pass repository-relative paths: the expected messages stay the same on
 * every machine. (node --test runs each test file in its own process, so changing the working
 * folder here affects only that file.)
 */
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
process.chdir(repoRoot);

export const fixtures = 'test/fixtures/config';

const LOCATION_KEYS = new Set(['location', 'fileLocation', 'weightLocation']);

/** A copy without the source locations, for comparing the substance of a resolution. */
export function withoutLocations<T>(value: T): T {
  if (Array.isArray(value)) return value.map((entry: unknown) => withoutLocations(entry)) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (!LOCATION_KEYS.has(key)) copy[key] = withoutLocations(field);
  }
  return copy as T;
}
