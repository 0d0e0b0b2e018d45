/**
 * Reading a results file: the one place that turns parsed JSON into `RunResults`. It checks the
 * schema version and brings files of older revisions up to the current shape, so every consumer
 * (panel, hovers, CodeLens, run comparison, CLI) reads the typed fields directly.
 */
import { promises as fs } from 'node:fs';
import { InputError } from '../errors';
import { isRecord } from '../util/isRecord';
import { ALL_GROUP, RESULTS_SCHEMA_VERSION, type RunResults } from './types';

/** Top-level sections every version-1 file has had since the first release. */
const VERSION_1_OBJECTS = ['run', 'config', 'marginals', 'structure'] as const;
const VERSION_1_ARRAYS = ['inputs', 'items', 'groups', 'conditions', 'headlines', 'warnings'] as const;

function notResults(file: string, why: string): InputError {
  return new InputError({ file }, `not a RepScope results file: ${why}`);
}

/** The entries of `list` (when it is one) with `defaults` filled in where a key is absent. */
function withDefaults(list: unknown, defaults: (entry: Record<string, unknown>) => Record<string, unknown>): unknown[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry: unknown) => (isRecord(entry) ? { ...defaults(entry), ...entry } : entry));
}

/**
 * Version 1 grew within the version: `structure.latent` and `structure.mantel` (Tucker and
 * Mantel), `culturalMap` and `inference` were added without a bump. Files written before each
 * one lack it; the empty value is what a run without that analysis writes.
 *
 * Files written before the within-group structure headline compared structure on group `all`
 * only and never imputed undefined model correlations: their headlines are on the `all` basis,
 * their Tucker and Mantel entries are of group `all`, and their comparisons imputed no pair.
 */
function fromVersion1(document: Record<string, unknown>, file: string): RunResults {
  const tool = document.tool;
  if (!isRecord(tool) || tool.name !== 'repscope') throw notResults(file, '`tool.name` is not "repscope"');
  for (const key of VERSION_1_OBJECTS) if (!isRecord(document[key])) throw notResults(file, `\`${key}\` is missing or not an object`);
  for (const key of VERSION_1_ARRAYS) if (!Array.isArray(document[key])) throw notResults(file, `\`${key}\` is missing or not a list`);
  const structure = document.structure as Record<string, unknown>;
  const pooled = () => ({ group: ALL_GROUP });
  return {
    ...document,
    headlines: withDefaults(document.headlines, (headline) => ({
      structureConcordance: null,
      structureBasis: ALL_GROUP,
      structureGroups: [],
      pooledStructureR: headline.structureR ?? null,
    })),
    structure: {
      ...structure,
      comparisons: withDefaults(structure.comparisons, () => ({ concordance: null, nPairsImputed: 0 })),
      withinGroup: structure.withinGroup ?? [],
      latent: withDefaults(structure.latent, pooled),
      mantel: withDefaults(structure.mantel, pooled),
    },
    culturalMap: document.culturalMap ?? null,
    inference: document.inference ?? null,
  } as unknown as RunResults;
}

/**
 * Parsed JSON of a results file as `RunResults`. Files of this version (and of earlier revisions
 * of it) are read as the current shape; a newer or unknown schema version, or JSON that is not a
 * results document, throws an `InputError` naming `file`.
 */
export function readRunResults(json: unknown, file: string): RunResults {
  if (!isRecord(json) || !('schemaVersion' in json)) throw notResults(file, 'no `schemaVersion` at the top level');
  const version = json.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new InputError({ file, field: 'schemaVersion' }, `unknown results schema version ${JSON.stringify(version)}`);
  }
  if (version > RESULTS_SCHEMA_VERSION) {
    throw new InputError(
      { file, field: 'schemaVersion' },
      `results schema version ${version} is newer than this RepScope reads (${RESULTS_SCHEMA_VERSION}); update RepScope to open it`,
    );
  }
  return fromVersion1(json, file);
}

/** Reads and parses a results file (see `readRunResults`); an unreadable file or invalid JSON throws an `InputError`. */
export async function readResults(file: string): Promise<RunResults> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError({ file }, `not a readable RepScope results file: ${(error as Error).message}`);
  }
  return readRunResults(parsed, file);
}
