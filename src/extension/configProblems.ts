/**
 * Every problem of a config's (possibly unsaved) text, as the editor's diagnostics need them:
 * syntax, schema and resolution errors, then the data-header checks the engine would make before
 * a run. No editor API here, so it runs in unit tests and in the extension host alike.
 */
import * as path from 'node:path';
import { parseSourceText, type ParsedSource } from '../core/config/parse';
import { DEFAULT_OUTPUT, resolveExperiment } from '../core/config/resolve';
import { checkExperimentInputs } from '../core/engine/check';
import { InputError, InputErrors, type SourceLocation } from '../core/errors';
import { isRecord } from '../core/util/isRecord';

export interface ConfigProblem {
  /** `file` is absolute (the config itself, its codebook, a data file). */
  location: SourceLocation;
  /** The message without the location. */
  detail: string;
}

export interface ConfigCheck {
  problems: ConfigProblem[];
  /** Absolute paths of the files the config names (data, codebook): a change to them re-checks it. */
  referencedFiles: string[];
  /** The parsed text, when it parses. */
  parsed?: ParsedSource;
  /** An unexpected failure (a bug, not the user's input): logged, never shown as a diagnostic. */
  internalError?: Error;
}

/** The InputErrors inside an error, located in absolute files; undefined for other errors. */
export function problemsOf(error: unknown, configPath: string): ConfigProblem[] | undefined {
  const errors = error instanceof InputErrors ? error.errors : error instanceof InputError ? [error] : undefined;
  if (!errors) return undefined;
  const base = path.dirname(configPath);
  return errors.map((each) => ({ location: { ...each.location, file: path.resolve(base, each.location.file) }, detail: each.detail }));
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

/** The files a config's value names, resolved against its folder (best effort on invalid configs). */
export function referencedFilesOf(value: unknown, configPath: string): string[] {
  const root = asRecord(value) ?? {};
  const base = path.dirname(configPath);
  const files: string[] = [];
  const add = (file: unknown) => {
    if (typeof file === 'string' && file.length > 0) files.push(path.resolve(base, file));
  };
  add(asRecord(root.human)?.file);
  add(root.codebook);
  for (const condition of Object.values(asRecord(root.conditions) ?? {})) add(asRecord(condition)?.file);
  return [...new Set(files)];
}

/**
 * The folder a config's runs go to: the `repscope.outputFolder` override (relative to the config)
 * when set, else the config's `output` (default `runs`).
 */
export function outputFolderOf(value: unknown, configPath: string, override = ''): string {
  const base = path.dirname(configPath);
  if (override.trim() !== '') return path.resolve(base, override.trim());
  const output = asRecord(value)?.output;
  return path.resolve(base, typeof output === 'string' && output.trim() !== '' ? output : DEFAULT_OUTPUT);
}

/**
 * Checks a config's text as if saved at `configPath` (absolute). Syntax errors stop there;
 * otherwise schema and resolution problems are all reported; when those pass, the data files'
 * headers are checked as a run would (an item missing from the human data, a rule on a missing
 * column, a condition file lacking an item).
 */
export async function checkConfigText(text: string, configPath: string): Promise<ConfigCheck> {
  let parsed: ParsedSource;
  try {
    parsed = parseSourceText(text, configPath);
  } catch (error) {
    const problems = problemsOf(error, configPath);
    if (problems) return { problems, referencedFiles: [] };
    return { problems: [], referencedFiles: [], internalError: error as Error };
  }
  const referencedFiles = referencedFilesOf(parsed.value, configPath);
  try {
    const experiment = resolveExperiment(parsed);
    await checkExperimentInputs(experiment);
    return { problems: [], referencedFiles, parsed };
  } catch (error) {
    const problems = problemsOf(error, configPath);
    if (problems) return { problems, referencedFiles, parsed };
    return { problems: [], referencedFiles, parsed, internalError: error as Error };
  }
}

/** Names that say "RepScope config" by themselves: `*.repscope.yaml`, `repscope*.json`, … */
const EXPLICIT_CONFIG_NAME = /(^repscope[^/\\]*|\.repscope)\.(ya?ml|json)$/i;

/**
 * Whether a file matched by the config glob really is a RepScope config. Explicitly named files
 * always are; a generic name such as `experiment.yaml` (common in other tools' projects) is only
 * when its text has a top-level `human:` or `conditions:` key, read by pattern so that a config
 * with a syntax error still counts (its errors are what the user needs to see).
 */
export function looksLikeRepScopeConfig(fileName: string, text: string): boolean {
  if (EXPLICIT_CONFIG_NAME.test(fileName.split(/[\\/]/).pop() ?? fileName)) return true;
  return /^(human|conditions)[ \t]*:/m.test(text) || /^\s{0,8}"(human|conditions)"\s*:/m.test(text);
}
