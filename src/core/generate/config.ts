/**
 * Defaults and the resolved form of a condition's `generate:` block (its config-facing types are
 * in config/generateTypes.ts): `ResolvedGenerate` is what the generator reads after defaults are
 * applied.
 */
import type { AnswerMode, ConstrainMode, GenerateApiStyle, OptionLabelStyle, ReverseOptions } from '../config/generateTypes';

export type {
  AnswerMode,
  ConstrainMode,
  GenerateApiStyle,
  GenerateConfig,
  GroupPersonaConfig,
  OptionLabelStyle,
  PersonaConfig,
  RespondentPersonaConfig,
  ReverseOptions,
} from '../config/generateTypes';

// -----------------------------------------------------------------------------------------------
// Defaults and the resolved form

export const DEFAULT_RESPONDENTS_PER_GROUP = 100;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_RETRIES = 4;
export const DEFAULT_MIN_COVERED_MASS = 0.5;
export const DEFAULT_CACHE_FOLDER = '.repscope-cache';
export { DEFAULT_GENERATED_FOLDER, defaultGeneratedFile } from '../config/generated';

export const DEFAULT_PROMPT = [
  'Answer the following survey question as if you were {persona}.',
  '',
  'Question: {question}',
  '{options}',
  '',
  'Reply with the {labelKind} of one option ({labels}) and nothing else.',
  'Answer:',
].join('\n');

/** Placeholders a prompt template may use. */
export const PROMPT_PLACEHOLDERS = ['persona', 'question', 'options', 'labels', 'labelKind'] as const;
export type PromptPlaceholder = (typeof PROMPT_PLACEHOLDERS)[number];

export type ResolvedPersona =
  | { source: 'respondents'; columns: { column: string; describe: { values: Map<string, string> } | { format: string } }[]; separator: string }
  | { source: 'groups'; descriptions: Map<string, string> }
  | { source: 'none' };

/** A `generate:` block with every default applied; paths absolute. */
export interface ResolvedGenerate {
  condition: string;
  endpoint: string;
  /** The full URL requests are posted to. */
  url: string;
  api: GenerateApiStyle;
  model: string;
  apiKeyEnv?: string;
  prompt: string;
  system?: string;
  persona: ResolvedPersona;
  questions: Map<string, string>;
  respondentsPerGroup: number;
  answerMode: AnswerMode;
  optionLabels: OptionLabelStyle;
  reverseOptions: ReverseOptions;
  constrain: ConstrainMode;
  temperature: number;
  topLogprobs: number;
  minCoveredMass: number;
  seed: number;
  maxTokens: number;
  concurrency: number;
  timeoutMs: number;
  retries: number;
  /** Absolute cache folder. */
  cacheDir: string;
  /** Absolute output file (the condition's `file`). */
  outputFile: string;
  extraBody: Record<string, unknown>;
}

/** The URL requests of `api` go to, from the configured base URL. */
export function requestUrl(endpoint: string, api: GenerateApiStyle): string {
  const base = endpoint.replace(/\/+$/, '');
  const suffix = api === 'openai-chat' ? '/chat/completions' : api === 'openai-completions' ? '/completions' : '/api/chat';
  return base.endsWith(suffix) ? base : `${base}${suffix}`;
}
