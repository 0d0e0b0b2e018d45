/**
 * Checks a condition's `generate:` block and applies its defaults. Every problem is reported at
 * the field it concerns (the config's schema checks the same shapes once the block is part of it;
 * the checks here also cover what a schema cannot say: placeholders, group names, item ids).
 */
import * as path from 'node:path';
import { InputError } from '../errors';
import type { FieldPath, ParsedSource } from '../config/parse';
import { formatFieldPath } from '../config/parse';
import { closestName } from '../config/suggest';
import { isRecord } from '../util/isRecord';
import {
  DEFAULT_CACHE_FOLDER,
  DEFAULT_CONCURRENCY,
  DEFAULT_MIN_COVERED_MASS,
  DEFAULT_PROMPT,
  DEFAULT_RESPONDENTS_PER_GROUP,
  DEFAULT_RETRIES,
  DEFAULT_TIMEOUT_MS,
  PROMPT_PLACEHOLDERS,
  requestUrl,
  type GenerateApiStyle,
  type ResolvedGenerate,
  type ResolvedPersona,
} from './config';

const FIELDS = [
  'endpoint',
  'api',
  'model',
  'apiKeyEnv',
  'prompt',
  'system',
  'persona',
  'questions',
  'respondentsPerGroup',
  'answerMode',
  'optionLabels',
  'reverseOptions',
  'constrain',
  'temperature',
  'topLogprobs',
  'minCoveredMass',
  'seed',
  'maxTokens',
  'concurrency',
  'timeoutMs',
  'retries',
  'cache',
  'extraBody',
];

/** What a `generate:` block is checked against. */
export interface GenerateContext {
  conditionName: string;
  /** Path of the block in the config, e.g. `['conditions', 'persona', 'generate']`. */
  fieldPath: FieldPath;
  /** Folder of the config (absolute). */
  configDir: string;
  /** The output file, absolute. */
  outputFile: string;
  experimentSeed: number;
  /** Group names with their descriptions. */
  groups: readonly { name: string; description?: string }[];
  itemIds: readonly string[];
}

type Raw = Record<string, unknown>;

/** Fields RepScope itself sets in request bodies, which `extraBody` may not replace. */
const RESERVED_BODY_FIELDS = new Set([
  'model',
  'messages',
  'prompt',
  'temperature',
  'seed',
  'max_tokens',
  'logprobs',
  'top_logprobs',
  'response_format',
  'structured_outputs',
  'guided_choice',
  'grammar',
  'format',
  'options',
  'stream',
  'n',
]);

/** A text's placeholders that are not known ones, `{{`/`}}` escapes excepted. */
export function unknownPlaceholders(template: string): string[] {
  const unknown: string[] = [];
  const text = template.replace(/\{\{|\}\}/g, '');
  for (const match of text.matchAll(/\{([^{}]*)\}/g)) {
    const name = match[1] ?? '';
    if (!(PROMPT_PLACEHOLDERS as readonly string[]).includes(name)) unknown.push(name);
  }
  return unknown;
}

export function templateUses(template: string, placeholder: string): boolean {
  return template.replace(/\{\{|\}\}/g, '').includes(`{${placeholder}}`);
}

/**
 * Checks a `generate:` value and resolves it. Problems are pushed to `errors` (each located in
 * `parsed`); the returned value is undefined when there were any.
 */
export function resolveGenerateBlock(raw: unknown, parsed: ParsedSource, context: GenerateContext, errors: InputError[]): ResolvedGenerate | undefined {
  const before = errors.length;
  const at = (...segments: (string | number)[]): FieldPath => [...context.fieldPath, ...segments];
  const fail = (fieldPath: FieldPath, detail: string, part: 'value' | 'key' = 'value'): void => {
    errors.push(parsed.errorAt(fieldPath, detail, part));
  };
  const named = (...segments: (string | number)[]): string => `\`${formatFieldPath(at(...segments))}\``;

  if (!isRecord(raw)) {
    fail(context.fieldPath, `${named()} should be a mapping with at least \`endpoint\`, \`api\` and \`model\``);
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (FIELDS.includes(key)) continue;
    const suggestion = closestName(key, FIELDS);
    fail(at(key), `unknown field \`${key}\` in ${named()}${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`, 'key');
  }

  const text = (key: string, required: boolean): string | undefined => {
    const value = raw[key];
    if (value === undefined) {
      if (required) fail(context.fieldPath, `${named()} needs \`${key}\``, 'key');
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      fail(at(key), `${named(key)} should be a non-empty text`);
      return undefined;
    }
    return value;
  };
  const choice = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const value = raw[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      fail(at(key), `${named(key)} should be one of ${allowed.map((each) => `\`${each}\``).join(', ')}`);
      return fallback;
    }
    return value as T;
  };
  const number = (key: string, options: { min: number; max?: number; integer?: boolean; exclusiveMin?: boolean }): number | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    const { min, max, integer, exclusiveMin } = options;
    const bad =
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      (integer && !Number.isInteger(value)) ||
      (exclusiveMin ? value <= min : value < min) ||
      (max !== undefined && value > max);
    if (bad) {
      const kind = integer ? 'a whole number' : 'a number';
      const range = max !== undefined ? ` from ${min} to ${max}` : ` ${exclusiveMin ? 'above' : 'of at least'} ${min}`;
      fail(at(key), `${named(key)} should be ${kind}${range}`);
      return undefined;
    }
    return value;
  };

  const endpoint = text('endpoint', true);
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
    fail(at('endpoint'), `${named('endpoint')} should be an http:// or https:// URL, e.g. \`http://localhost:11434\``);
  }
  const api = choice<GenerateApiStyle>('api', ['openai-chat', 'openai-completions', 'ollama'], 'openai-chat');
  if (raw['api'] === undefined) fail(context.fieldPath, `${named()} needs \`api\`: \`openai-chat\`, \`openai-completions\` or \`ollama\``, 'key');
  const model = text('model', true);
  const apiKeyEnv = text('apiKeyEnv', false);
  if (apiKeyEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv)) {
    fail(at('apiKeyEnv'), `${named('apiKeyEnv')} is the NAME of an environment variable (like \`OPENAI_API_KEY\`), never the key itself`);
  }

  const prompt = text('prompt', false) ?? DEFAULT_PROMPT;
  const system = text('system', false);
  for (const [key, template] of [['prompt', raw['prompt']], ['system', raw['system']]] as const) {
    if (typeof template !== 'string') continue;
    const unknown = unknownPlaceholders(template);
    if (unknown.length > 0) {
      fail(
        at(key),
        `${named(key)} has unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `\`{${name}}\``).join(', ')}; ` +
          `the placeholders are ${PROMPT_PLACEHOLDERS.map((name) => `\`{${name}}\``).join(', ')} (write \`{{\` and \`}}\` for braces)`,
      );
    }
  }
  const templates = `${prompt}\n${system ?? ''}`;
  for (const needed of ['question', 'options'] as const) {
    if (!templateUses(templates, needed)) fail(at(raw['prompt'] !== undefined ? 'prompt' : 'system'), `${named('prompt')} needs the placeholder \`{${needed}}\``);
  }

  const answerMode = choice('answerMode', ['distribution', 'sampling'] as const, 'sampling');
  const optionLabels = choice('optionLabels', ['auto', 'codes', 'letters'] as const, 'auto');
  const reverseOptions = choice('reverseOptions', ['alternate', 'never'] as const, 'alternate');
  const constrain = choice('constrain', ['none', 'json-schema', 'choice', 'guided-choice', 'grammar'] as const, 'none');
  if (constrain === 'json-schema' && api === 'openai-completions') {
    fail(at('constrain'), '`json-schema` is not offered by legacy completions endpoints; use `choice`, `guided-choice` (vLLM) or `grammar` (llama.cpp)');
  }
  if ((constrain === 'choice' || constrain === 'guided-choice' || constrain === 'grammar') && api === 'ollama') {
    fail(at('constrain'), `Ollama offers only \`json-schema\` (its \`format\`), not \`${constrain}\``);
  }

  const respondentsPerGroup = number('respondentsPerGroup', { min: 1, integer: true }) ?? DEFAULT_RESPONDENTS_PER_GROUP;
  const temperature = number('temperature', { min: 0, max: 2 }) ?? 1;
  const topLogprobs = number('topLogprobs', { min: 1, integer: true }) ?? (api === 'openai-completions' ? 5 : 20);
  const minCoveredMass = number('minCoveredMass', { min: 0, max: 1 }) ?? DEFAULT_MIN_COVERED_MASS;
  const seed = number('seed', { min: -(2 ** 53), integer: true }) ?? context.experimentSeed;
  const maxTokens = number('maxTokens', { min: 1, integer: true }) ?? (constrain === 'json-schema' ? 32 : 16);
  const concurrency = number('concurrency', { min: 1, max: 256, integer: true }) ?? DEFAULT_CONCURRENCY;
  const timeoutMs = number('timeoutMs', { min: 100, integer: true }) ?? DEFAULT_TIMEOUT_MS;
  const retries = number('retries', { min: 0, max: 20, integer: true }) ?? DEFAULT_RETRIES;
  const cache = text('cache', false) ?? DEFAULT_CACHE_FOLDER;

  const questions = new Map<string, string>();
  const rawQuestions = raw['questions'];
  if (rawQuestions !== undefined) {
    if (!isRecord(rawQuestions)) fail(at('questions'), `${named('questions')} should map item ids to question texts`);
    else {
      for (const [id, question] of Object.entries(rawQuestions)) {
        if (typeof question !== 'string' || question.trim() === '') fail(at('questions', id), `the question of \`${id}\` should be a non-empty text`);
        else if (!context.itemIds.includes(id)) {
          const suggestion = closestName(id, context.itemIds);
          fail(at('questions', id), `\`${id}\` is not one of the experiment's items${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`, 'key');
        } else questions.set(id, question);
      }
    }
  }

  const extraBody: Record<string, unknown> = {};
  const rawExtra = raw['extraBody'];
  if (rawExtra !== undefined) {
    if (!isRecord(rawExtra)) fail(at('extraBody'), `${named('extraBody')} should be a mapping of request fields`);
    else {
      for (const [key, value] of Object.entries(rawExtra)) {
        if (RESERVED_BODY_FIELDS.has(key)) fail(at('extraBody', key), `\`${key}\` is set by RepScope from the other fields of ${named()}; it cannot be given in \`extraBody\``, 'key');
        else extraBody[key] = value;
      }
    }
  }

  const persona = resolvePersona(raw['persona'], templateUses(templates, 'persona'), context, at, fail);

  if (errors.length > before || endpoint === undefined || model === undefined) return undefined;
  const resolved: ResolvedGenerate = {
    condition: context.conditionName,
    endpoint,
    url: requestUrl(endpoint, api),
    api,
    model,
    prompt,
    persona,
    questions,
    respondentsPerGroup,
    answerMode,
    optionLabels,
    reverseOptions,
    constrain,
    temperature,
    topLogprobs,
    minCoveredMass,
    seed,
    maxTokens,
    concurrency,
    timeoutMs,
    retries,
    cacheDir: path.resolve(context.configDir, cache),
    outputFile: context.outputFile,
    extraBody,
  };
  if (apiKeyEnv !== undefined) resolved.apiKeyEnv = apiKeyEnv;
  if (system !== undefined) resolved.system = system;
  return resolved;
}

function resolvePersona(
  raw: unknown,
  used: boolean,
  context: GenerateContext,
  at: (...segments: (string | number)[]) => FieldPath,
  fail: (fieldPath: FieldPath, detail: string, part?: 'value' | 'key') => void,
): ResolvedPersona {
  const personaPath = at('persona');
  const named = `\`${formatFieldPath(personaPath)}\``;
  if (raw === undefined) {
    if (!used) return { source: 'none' };
    // Without a persona block, the groups' own descriptions are the personas.
    return groupPersonas({}, context, personaPath, fail, true);
  }
  if (!isRecord(raw)) {
    fail(personaPath, `${named} should be \`{ source: respondents, columns: {...} }\` or \`{ source: groups, descriptions: {...} }\``);
    return { source: 'none' };
  }
  const source = raw['source'];
  if (source !== 'respondents' && source !== 'groups') {
    fail(raw['source'] === undefined ? personaPath : [...personaPath, 'source'], `${named} needs \`source: respondents\` or \`source: groups\``, raw['source'] === undefined ? 'key' : 'value');
    return { source: 'none' };
  }
  const allowed = source === 'respondents' ? ['source', 'columns', 'separator'] : ['source', 'descriptions'];
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) fail([...personaPath, key], `unknown field \`${key}\` for \`source: ${source}\`; the fields are ${allowed.map((each) => `\`${each}\``).join(', ')}`, 'key');
  }
  if (!used) fail(personaPath, `${named} is given but the prompt has no \`{persona}\` placeholder to put it in`, 'key');
  if (source === 'groups') {
    const descriptions = raw['descriptions'];
    if (descriptions !== undefined && !isRecord(descriptions)) {
      fail([...personaPath, 'descriptions'], '`descriptions` should map group names to texts');
      return { source: 'none' };
    }
    return groupPersonas(descriptions ?? {}, context, personaPath, fail, false);
  }
  const columns = raw['columns'];
  if (!isRecord(columns) || Object.keys(columns).length === 0) {
    fail(columns === undefined ? personaPath : [...personaPath, 'columns'], `${named} needs \`columns\`: human data column -> description, e.g. \`Q260: { 1: a man, 2: a woman }\``, columns === undefined ? 'key' : 'value');
    return { source: 'none' };
  }
  const separator = raw['separator'] ?? ', ';
  if (typeof separator !== 'string') fail([...personaPath, 'separator'], '`separator` should be a text');
  const resolved: { column: string; describe: { values: Map<string, string> } | { format: string } }[] = [];
  for (const [column, describe] of Object.entries(columns)) {
    const columnPath = [...personaPath, 'columns', column];
    if (typeof describe === 'string') {
      if (!describe.includes('{value}')) fail(columnPath, `the description of \`${column}\` should contain \`{value}\`, or map each value to a text`);
      resolved.push({ column, describe: { format: describe } });
    } else if (isRecord(describe) && Object.keys(describe).length > 0 && Object.values(describe).every((text) => typeof text === 'string')) {
      resolved.push({ column, describe: { values: new Map(Object.entries(describe).map(([value, text]) => [value.trim(), text as string])) } });
    } else {
      fail(columnPath, `the description of \`${column}\` should be a text with \`{value}\` or a mapping such as \`{ 1: a man, 2: a woman }\``);
    }
  }
  return { source: 'respondents', columns: resolved, separator: typeof separator === 'string' ? separator : ', ' };
}

function groupPersonas(
  descriptions: Raw,
  context: GenerateContext,
  personaPath: FieldPath,
  fail: (fieldPath: FieldPath, detail: string, part?: 'value' | 'key') => void,
  implicit: boolean,
): ResolvedPersona {
  const names = context.groups.map((group) => group.name);
  const resolved = new Map<string, string>();
  for (const [name, text] of Object.entries(descriptions)) {
    if (!names.includes(name)) {
      const suggestion = closestName(name, names);
      fail([...personaPath, 'descriptions', name], `\`${name}\` is not a group of the config${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`, 'key');
    } else if (typeof text !== 'string' || text.trim() === '') {
      fail([...personaPath, 'descriptions', name], `the description of group \`${name}\` should be a non-empty text`);
    } else resolved.set(name, text);
  }
  if (context.groups.length === 0) {
    fail(implicit ? context.fieldPath : personaPath, 'the prompt uses `{persona}` but the config has no groups to describe; use `persona: { source: respondents, columns: {...} }` or drop `{persona}` from the prompt', 'key');
    return { source: 'none' };
  }
  const undescribed: string[] = [];
  for (const group of context.groups) {
    if (resolved.has(group.name)) continue;
    if (group.description !== undefined && group.description.trim() !== '') resolved.set(group.name, group.description);
    else undescribed.push(group.name);
  }
  if (undescribed.length > 0) {
    const list = undescribed.map((name) => `\`${name}\``).join(', ');
    fail(
      implicit ? context.fieldPath : [...personaPath, 'descriptions'],
      implicit
        ? `the prompt uses \`{persona}\`, but group${undescribed.length > 1 ? 's' : ''} ${list} ha${undescribed.length > 1 ? 've' : 's'} no description; add \`persona: { source: groups, descriptions: {...} }\` or \`persona: { source: respondents, columns: {...} }\``
        : `group${undescribed.length > 1 ? 's' : ''} ${list} ha${undescribed.length > 1 ? 've' : 's'} no description here or in \`groups\``,
      'key',
    );
  }
  return { source: 'groups', descriptions: resolved };
}
