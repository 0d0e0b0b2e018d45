/** Generating a model condition by asking an endpoint the survey (see run.ts). */
export * from './config';
export { resolveGenerateBlock, unknownPlaceholders, templateUses, type GenerateContext } from './validate';
export { loadGenerationSetup, type GenerationSetup } from './experiment';
export {
  generateFromConfig,
  generateCondition,
  compactReply,
  requestSeed,
  GenerationFailedError,
  type GenerateOptions,
  type GenerateProgress,
  type GenerateRun,
  type ConditionSummary,
  type SamplePrompt,
  type AnswerCounts,
} from './run';
export { parseReplyText, optionDistribution, drawCode, answerValue, tokensNeeded, type ParsedAnswer, type InvalidAnswerKind, type OptionDistribution } from './answers';
export { normalizeToken, labelOfTokenText, isBlankToken } from './tokens';
export { cacheKey, canonicalJson, cacheFileFor, ReplyCache, CACHE_FORMAT_VERSION, type CacheKeyParts } from './cache';
export { postJson, withRetries, retryDelayMs, parseRetryAfter, sleep, RequestFailure, RETRYABLE_STATUSES, DEFAULT_BACKOFF, type BackoffPolicy } from './http';
export { writeGeneratedCondition, checkReplaceable, metaFileOf, META_SUFFIX, type GeneratedMeta } from './output';
export { drawPersonas, describeRespondent, systematicSample, generationGroups, type Persona } from './personas';
export * from './prompt';
export * from './clients';
