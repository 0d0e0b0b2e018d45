/**
 * Generating a condition: plan every request (respondent × item), take what the cache already
 * has, send the rest with a fixed number of workers, then turn the replies into answers and write
 * the respondents. Replies are cached as they arrive, so cancelling or a crash loses nothing that
 * was received; the output file is written only when every request has a reply.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { FieldPath } from '../config/parse';
import type { ResolvedExperiment } from '../config/resolved';
import { CancelledError, InputError } from '../errors';
import { SeededRandom } from '../sample/random';
import { TOOL_VERSION } from '../version';
import { answerValue, drawCode, optionDistribution, parseReplyText, tokensNeeded, type ParsedAnswer } from './answers';
import { cacheFileFor, cacheKey, ReplyCache } from './cache';
import { clientFor } from './clients';
import { MalformedReplyError, type ChatMessage, type ModelReply, type ModelRequest } from './clients/types';
import type { ResolvedGenerate } from './config';
import { loadGenerationSetup, type GenerationSetup } from './experiment';
import { DEFAULT_BACKOFF, postJson, RequestFailure, withRetries, type BackoffPolicy } from './http';
import { writeGeneratedCondition } from './output';
import { drawPersonas, type Persona } from './personas';
import { codesOfScale, fillTemplate, labelKindFor, labelledOptions, templateValues, type ItemQuestion } from './prompt';

export interface GenerateProgress {
  condition: string;
  /** Distinct requests the condition needs. */
  total: number;
  /** Of those, answered from the cache. */
  cached: number;
  /** Sent and answered in this run. */
  sent: number;
  /** Given up on after their retries. */
  failed: number;
  /** Retries so far. */
  retries: number;
}

export interface GenerateOptions {
  /** Conditions to generate; default every condition with a `generate:` block. */
  conditions?: readonly string[];
  /** Plan and count, show a sample prompt, send nothing, write nothing. */
  dryRun?: boolean;
  /** Overrides each condition's `concurrency`. */
  concurrency?: number;
  /** The API key (e.g. from the editor's secret storage); overrides `apiKeyEnv`. Never stored. */
  apiKey?: string | ((condition: ResolvedGenerate) => string | undefined);
  /** Environment `apiKeyEnv` is read from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Replace an output file RepScope did not write (or that was edited since). */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: GenerateProgress) => void;
  /** Replaces global fetch (tests). */
  fetch?: typeof fetch;
  /** Retry delays (tests use short ones). */
  backoff?: BackoffPolicy;
}

/** One full prompt as it would be sent. */
export interface SamplePrompt {
  group: string;
  /** 1-based within the group. */
  respondent: number;
  itemId: string;
  messages: ChatMessage[];
  /** The body posted to the endpoint. */
  body: Record<string, unknown>;
}

export interface AnswerCounts {
  valid: number;
  refusal: number;
  unparseable: number;
  outOfRange: number;
}

export interface ConditionSummary {
  condition: string;
  outputFile: string;
  cacheFile: string;
  dryRun: boolean;
  respondents: number;
  items: number;
  requests: { total: number; cached: number; sent: number; failed: number; retries: number };
  /** Absent in a dry run. */
  answers?: AnswerCounts;
  /** Distribution mode: mean share of probability the options covered. */
  meanCoveredMass?: number;
  samplePrompt: SamplePrompt;
  written: boolean;
  durationMs: number;
  /** Sums over the requests sent: wall time, and the server's own time where it reports one. */
  timing: { requests: number; requestMs: number; serverMs: number; serverReported: number };
}

/** Some requests failed after their retries; the others' replies are cached. */
export class GenerationFailedError extends Error {
  constructor(
    message: string,
    readonly summary: ConditionSummary,
    readonly failures: readonly RequestFailure[],
  ) {
    super(message);
    this.name = 'GenerationFailedError';
  }
}

interface PlannedRespondent {
  id: string;
  group: string;
  /** 0-based within the group. */
  index: number;
  persona: Persona;
  reversed: boolean;
}

interface Plan {
  generate: ResolvedGenerate;
  itemIds: string[];
  /** Per item: [codebook order, reversed order]. */
  questions: [ItemQuestion, ItemQuestion][];
  respondents: PlannedRespondent[];
  /** keys[respondent * nItems + item]. */
  keys: string[];
  /** Each distinct key's first (respondent, item), from which its request is rebuilt when sent. */
  unique: Map<string, { respondent: number; item: number }>;
}

function questionsFor(experiment: ResolvedExperiment, generate: ResolvedGenerate, locate: (fieldPath: FieldPath) => InputError['location']): [ItemQuestion, ItemQuestion][] {
  return experiment.items.map((item) => {
    if (!item.scale) throw new Error(`generate: item ${item.id} has no scale`);
    const codes = codesOfScale(item.scale);
    const labelKind = labelKindFor(codes, generate.optionLabels, generate.answerMode);
    if (generate.answerMode === 'distribution' && labelKind === 'number' && codes.some((code) => String(code).length > 1)) {
      throw new InputError(
        locate(['optionLabels']),
        `\`answerMode: distribution\` reads each option's probability from one token, but \`${item.id}\` has codes of more than one character (${codes.join(', ')}); use \`optionLabels: letters\` or \`auto\``,
      );
    }
    const options = labelledOptions(codes, item.optionLabels, labelKind);
    const question: ItemQuestion = { itemId: item.id, question: generate.questions.get(item.id) ?? item.label, labelKind, options };
    return [question, { ...question, options: [...options].reverse() }];
  });
}

/** A 31-bit seed per request, so every sampled reply is drawn independently but repeatably. */
export function requestSeed(seed: number, group: string, index: number, itemId: string): number {
  const digest = createHash('sha256').update(`${seed}\u0000${group}\u0000${index}\u0000${itemId}`).digest();
  return digest.readUInt32BE(0) & 0x7fffffff;
}

function buildRequest(plan: Plan, respondentIndex: number, itemIndex: number): { request: ModelRequest; question: ItemQuestion } {
  const generate = plan.generate;
  const respondent = plan.respondents[respondentIndex]!;
  const question = plan.questions[itemIndex]![respondent.reversed ? 1 : 0];
  const values = templateValues(question, respondent.persona.text);
  const messages: ChatMessage[] = [];
  if (generate.system !== undefined) messages.push({ role: 'system', content: fillTemplate(generate.system, values) });
  messages.push({ role: 'user', content: fillTemplate(generate.prompt, values) });
  const distribution = generate.answerMode === 'distribution';
  const request: ModelRequest = {
    model: generate.model,
    messages,
    temperature: distribution ? 0 : generate.temperature,
    // Distribution mode asks for the most likely reply, the same for every respondent with this prompt.
    seed: distribution ? generate.seed : requestSeed(generate.seed, respondent.group, respondent.index, question.itemId),
    maxTokens: generate.maxTokens,
    topLogprobs: distribution ? generate.topLogprobs : 0,
    constrain: generate.constrain,
    choices: question.options.map((option) => option.label),
    extraBody: generate.extraBody,
  };
  return { request, question };
}

function respondentId(group: string, index: number, perGroup: number): string {
  return `${group}-${String(index + 1).padStart(String(perGroup).length, '0')}`;
}

async function makePlan(setup: GenerationSetup, generate: ResolvedGenerate, signal: AbortSignal | undefined): Promise<Plan> {
  const locate = (fieldPath: FieldPath) => setup.parsed.locate(['conditions', generate.condition, 'generate', ...fieldPath]);
  const questions = questionsFor(setup.experiment, generate, locate);
  const personas = await drawPersonas(setup.experiment, generate, { signal, locate });
  const respondents: PlannedRespondent[] = [];
  for (const [group, list] of personas) {
    list.forEach((persona, index) => {
      respondents.push({
        id: respondentId(group, index, generate.respondentsPerGroup),
        group,
        index,
        persona,
        reversed: generate.reverseOptions === 'alternate' && index % 2 === 1,
      });
    });
  }
  const client = clientFor(generate.api);
  const nItems = questions.length;
  const keys = new Array<string>(respondents.length * nItems);
  const unique = new Map<string, { respondent: number; item: number }>();
  for (let respondent = 0; respondent < respondents.length; respondent++) {
    for (let item = 0; item < nItems; item++) {
      const { request, question } = buildRequest({ generate, itemIds: [], questions, respondents, keys, unique }, respondent, item);
      const key = cacheKey({
        url: generate.url,
        api: generate.api,
        answerMode: generate.answerMode,
        optionOrder: question.options.map((option) => option.code),
        body: client.buildBody(request),
      });
      keys[respondent * nItems + item] = key;
      if (!unique.has(key)) unique.set(key, { respondent, item });
    }
  }
  return { generate, itemIds: setup.experiment.items.map((item) => item.id), questions, respondents, keys, unique };
}

/** What the cache keeps of a reply: the text, and the logprobs only as far as the answer position. */
export function compactReply(reply: ModelReply, generate: Pick<ResolvedGenerate, 'answerMode' | 'constrain'>): ModelReply {
  const compact: ModelReply = { text: reply.text };
  if (reply.finishReason !== undefined) compact.finishReason = reply.finishReason;
  if (generate.answerMode === 'distribution' && reply.tokens) {
    compact.tokens = reply.tokens.slice(0, tokensNeeded(reply.tokens, generate.constrain));
  }
  return compact;
}

function apiKeyFor(generate: ResolvedGenerate, options: GenerateOptions, locate: (fieldPath: FieldPath) => InputError['location']): string | undefined {
  const given = typeof options.apiKey === 'function' ? options.apiKey(generate) : options.apiKey;
  if (given !== undefined && given !== '') return given;
  if (generate.apiKeyEnv === undefined) return undefined;
  const value = (options.env ?? process.env)[generate.apiKeyEnv];
  if (value === undefined || value === '') {
    throw new InputError(locate(['apiKeyEnv']), `the environment variable \`${generate.apiKeyEnv}\` is not set; set it to the API key of ${generate.endpoint}`);
  }
  return value;
}

/** A request failure that no retry can fix, as the config problem it points at. */
function configProblem(failure: RequestFailure, generate: ResolvedGenerate, locate: Locate): InputError {
  if (failure.kind === 'capability') return new InputError(locate(['answerMode']), failure.message);
  const status = failure.status;
  if (status === 401 || status === 403) {
    const key = generate.apiKeyEnv ? `the API key in \`${generate.apiKeyEnv}\`` : 'an API key (`apiKeyEnv`)';
    return new InputError(locate(generate.apiKeyEnv ? ['apiKeyEnv'] : []), `${generate.url} refused the request (${failure.message}); check ${key}`);
  }
  if (status === 404) {
    return new InputError(locate(['model']), `${generate.url} answered ${failure.message}; check \`model\` (${generate.model}) and \`endpoint\``);
  }
  return new InputError(locate([]), `${generate.url} rejected a request (${failure.message}); fix the \`generate\` settings (or the prompt) and run again`);
}

/** Stop sending after this many requests in a row failed even after their retries: the endpoint is down. */
function consecutiveFailureLimit(concurrency: number): number {
  return Math.max(3, concurrency * 2);
}

interface SendStats {
  /** Why sending stopped before every request was tried, when it did. */
  stoppedEarly?: string;
  sent: number;
  failed: number;
  retries: number;
  failures: RequestFailure[];
  timing: ConditionSummary['timing'];
}

type Locate = (fieldPath: FieldPath) => InputError['location'];

async function sendMissing(
  plan: Plan,
  cache: ReplyCache,
  options: GenerateOptions,
  apiKey: string | undefined,
  concurrency: number,
  locate: Locate,
  report: (stats: SendStats) => void,
): Promise<SendStats> {
  const generate = plan.generate;
  const client = clientFor(generate.api);
  const pending = [...plan.unique.keys()].filter((key) => !cache.has(key));
  const stats: SendStats = { sent: 0, failed: 0, retries: 0, failures: [], timing: { requests: 0, requestMs: 0, serverMs: 0, serverReported: 0 } };
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const random = new SeededRandom(generate.seed, `backoff:${generate.condition}`);
  const headers: Record<string, string> = apiKey !== undefined ? { authorization: `Bearer ${apiKey}` } : {};
  /** The first error that is not a retryable request failure: it stops every worker. */
  let fatal: { error: unknown } | undefined;
  let failuresInARow = 0;
  let next = 0;

  const sendOne = async (key: string): Promise<ModelReply> => {
    const use = plan.unique.get(key)!;
    const body = client.buildBody(buildRequest(plan, use.respondent, use.item).request);
    return withRetries(
      async () => {
        const postOptions: Parameters<typeof postJson>[2] = { headers, timeoutMs: generate.timeoutMs, signal, errorMessage: client.errorMessage };
        if (options.fetch) postOptions.fetch = options.fetch;
        const result = await postJson(generate.url, body, postOptions);
        let reply: ModelReply;
        try {
          reply = client.parseBody(result.body);
        } catch (error) {
          if (error instanceof MalformedReplyError) throw new RequestFailure('malformed', `unexpected response: ${error.message}`, { retryable: true });
          throw error;
        }
        if (generate.answerMode === 'distribution' && !reply.tokens) {
          throw new RequestFailure(
            'capability',
            `${generate.url} returned no logprobs, which \`answerMode: distribution\` needs; use \`answerMode: sampling\` with this endpoint`,
            { retryable: false },
          );
        }
        stats.timing.requests++;
        stats.timing.requestMs += result.elapsedMs;
        if (result.serverMs !== undefined) {
          stats.timing.serverMs += result.serverMs;
          stats.timing.serverReported++;
        }
        return reply;
      },
      {
        retries: generate.retries,
        policy: options.backoff ?? DEFAULT_BACKOFF,
        random: () => random.uniform(),
        signal,
        onRetry: () => {
          stats.retries++;
          report(stats);
        },
      },
    );
  };

  const worker = async (): Promise<void> => {
    while (fatal === undefined && !signal.aborted) {
      const key = pending[next++];
      if (key === undefined) return;
      try {
        const reply = await sendOne(key);
        // Appends are queued, not awaited: the next request need not wait for the disk (close() does).
        void cache.put(key, compactReply(reply, generate));
        stats.sent++;
        failuresInARow = 0;
      } catch (error) {
        if (error instanceof CancelledError) return;
        if (error instanceof RequestFailure && error.retryable) {
          stats.failed++;
          stats.failures.push(error);
          if (++failuresInARow >= consecutiveFailureLimit(concurrency)) {
            stats.stoppedEarly ??= `stopped after ${failuresInARow} requests in a row failed (last: ${error.message})`;
            stop.abort();
          }
        } else {
          fatal ??= { error };
          stop.abort();
        }
      }
      report(stats);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, pending.length)) }, worker));
  if (options.signal?.aborted) throw new CancelledError();
  if (fatal !== undefined) {
    if (fatal.error instanceof RequestFailure && !fatal.error.retryable) {
      throw configProblem(fatal.error, generate, locate);
    }
    throw fatal.error;
  }
  return stats;
}

interface Assembled {
  records: Record<string, unknown>[];
  counts: AnswerCounts;
  meanCoveredMass?: number;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function assemble(plan: Plan, cache: ReplyCache): Assembled {
  const generate = plan.generate;
  const nItems = plan.itemIds.length;
  const counts: AnswerCounts = { valid: 0, refusal: 0, unparseable: 0, outOfRange: 0 };
  let coveredSum = 0;
  let coveredCount = 0;
  const records = plan.respondents.map((respondent, r) => {
    const answers: Record<string, number | string> = {};
    const probabilities: Record<string, Record<string, number>> = {};
    const coveredMass: Record<string, number> = {};
    for (let item = 0; item < nItems; item++) {
      const itemId = plan.itemIds[item]!;
      const question = plan.questions[item]![respondent.reversed ? 1 : 0];
      const reply = cache.get(plan.keys[r * nItems + item]!);
      if (!reply) throw new Error(`generate: no reply for ${respondent.id} ${itemId}`);
      let answer: ParsedAnswer | undefined;
      if (generate.answerMode === 'distribution') {
        const distribution = optionDistribution(reply, question, generate.constrain);
        if (distribution) {
          coveredSum += distribution.covered;
          coveredCount++;
          coveredMass[itemId] = round(distribution.covered);
          const byCode: Record<string, number> = {};
          for (const option of plan.questions[item]![0].options) byCode[String(option.code)] = round(distribution.probabilities.get(option.code) ?? 0);
          probabilities[itemId] = byCode;
          if (distribution.covered > 0 && distribution.covered >= generate.minCoveredMass) {
            const uniform = new SeededRandom(generate.seed, `draw:${respondent.group}:${respondent.index}:${itemId}`).uniform();
            const code = drawCode(distribution.probabilities, uniform);
            if (code !== undefined) answer = { kind: 'code', code };
          }
        }
      }
      // Sampling mode, and distribution mode when the options cover too little: the reply's words decide.
      answer ??= parseReplyText(reply.text, question, generate.constrain);
      if (answer.kind === 'code') counts.valid++;
      else if (answer.kind === 'refusal') counts.refusal++;
      else if (answer.kind === 'unparseable') counts.unparseable++;
      else counts.outOfRange++;
      answers[itemId] = answerValue(answer);
    }
    const record: Record<string, unknown> = { id: respondent.id, group: respondent.group };
    if (respondent.persona.text !== '') record['persona'] = respondent.persona.text;
    if (respondent.persona.humanLine !== undefined) record['humanLine'] = respondent.persona.humanLine;
    record['reversed'] = respondent.reversed;
    record['answers'] = answers;
    if (generate.answerMode === 'distribution') {
      record['probabilities'] = probabilities;
      record['coveredMass'] = coveredMass;
    }
    return record;
  });
  const result: Assembled = { records, counts };
  if (coveredCount > 0) result.meanCoveredMass = coveredSum / coveredCount;
  return result;
}

function settingsOf(generate: ResolvedGenerate, cacheFile: string, configDir: string): Record<string, unknown> {
  const settings: Record<string, unknown> = {
    endpoint: generate.endpoint,
    api: generate.api,
    model: generate.model,
    answerMode: generate.answerMode,
    respondentsPerGroup: generate.respondentsPerGroup,
    persona: generate.persona.source,
    optionLabels: generate.optionLabels,
    reverseOptions: generate.reverseOptions,
    constrain: generate.constrain,
    seed: generate.seed,
    maxTokens: generate.maxTokens,
    promptSha256: createHash('sha256').update(`${generate.system ?? ''}\u0000${generate.prompt}`).digest('hex'),
    cacheFile: path.relative(configDir, cacheFile),
  };
  if (generate.answerMode === 'sampling') settings['temperature'] = generate.temperature;
  else {
    settings['topLogprobs'] = generate.topLogprobs;
    settings['minCoveredMass'] = generate.minCoveredMass;
  }
  return settings;
}

/** Generates one condition of a loaded setup. */
export async function generateCondition(setup: GenerationSetup, generate: ResolvedGenerate, options: GenerateOptions = {}): Promise<ConditionSummary> {
  const started = performance.now();
  const locate = (fieldPath: FieldPath) => setup.parsed.locate(['conditions', generate.condition, 'generate', ...fieldPath]);
  const plan = await makePlan(setup, generate, options.signal);
  const cacheFile = cacheFileFor(generate.cacheDir, generate.url, generate.model);
  const { cache } = await ReplyCache.open(cacheFile);
  const total = plan.unique.size;
  const cached = [...plan.unique.keys()].filter((key) => cache.has(key)).length;
  const first = plan.respondents[0]!;
  const sample = buildRequest(plan, 0, 0);
  const summary: ConditionSummary = {
    condition: generate.condition,
    outputFile: generate.outputFile,
    cacheFile,
    dryRun: options.dryRun === true,
    respondents: plan.respondents.length,
    items: plan.itemIds.length,
    requests: { total, cached, sent: 0, failed: 0, retries: 0 },
    samplePrompt: {
      group: first.group,
      respondent: first.index + 1,
      itemId: plan.itemIds[0]!,
      messages: sample.request.messages,
      body: clientFor(generate.api).buildBody(sample.request),
    },
    written: false,
    durationMs: 0,
    timing: { requests: 0, requestMs: 0, serverMs: 0, serverReported: 0 },
  };
  const report = (stats: Pick<SendStats, 'sent' | 'failed' | 'retries'>): void =>
    options.onProgress?.({ condition: generate.condition, total, cached, sent: stats.sent, failed: stats.failed, retries: stats.retries });
  if (options.dryRun) {
    await cache.close();
    summary.durationMs = performance.now() - started;
    return summary;
  }

  let stats: SendStats;
  try {
    const apiKey = cached < total ? apiKeyFor(generate, options, locate) : undefined;
    report({ sent: 0, failed: 0, retries: 0 });
    stats = await sendMissing(plan, cache, options, apiKey, options.concurrency ?? generate.concurrency, locate, report);
  } finally {
    await cache.close();
  }
  summary.requests = { total, cached, sent: stats.sent, failed: stats.failed, retries: stats.retries };
  summary.timing = stats.timing;
  if (stats.failures.length > 0) {
    summary.durationMs = performance.now() - started;
    const missing = total - cached - stats.sent;
    const problem = stats.stoppedEarly ?? `first problem: ${stats.failures[0]!.message}`;
    throw new GenerationFailedError(
      `${generate.condition}: ${missing} of ${total} requests have no reply (${problem}); ` +
        `the ${cached + stats.sent} replies received are cached in ${cacheFile}, so running again sends only the missing ones`,
      summary,
      stats.failures,
    );
  }

  const assembled = assemble(plan, cache);
  await writeGeneratedCondition(
    generate.outputFile,
    assembled.records,
    { version: TOOL_VERSION, condition: generate.condition, respondents: assembled.records.length, settings: settingsOf(generate, cacheFile, path.dirname(setup.experiment.configFile)) },
    // The condition's `file` when written, else (nearest existing node) the condition itself.
    { force: options.force === true, location: setup.parsed.locate(['conditions', generate.condition, 'file']) },
  );
  summary.answers = assembled.counts;
  if (assembled.meanCoveredMass !== undefined) summary.meanCoveredMass = assembled.meanCoveredMass;
  summary.written = true;
  summary.durationMs = performance.now() - started;
  return summary;
}

export interface GenerateRun {
  setup: GenerationSetup;
  conditions: ConditionSummary[];
}

/**
 * Loads `configPath` and generates its conditions one after the other (each with its own
 * concurrency). Throws InputError/InputErrors for config problems and for endpoint answers that
 * only a config change can fix (HTTP 400/401/403/404, no logprobs in distribution mode);
 * `GenerationFailedError` when requests still failed after their retries; `CancelledError` when
 * `signal` aborts.
 */
export async function generateFromConfig(configPath: string, options: GenerateOptions = {}): Promise<GenerateRun> {
  const setup = await loadGenerationSetup(configPath);
  const available = setup.conditions.map((condition) => condition.condition);
  if (available.length === 0) {
    throw new InputError(setup.parsed.locate(['conditions'], 'key'), 'no condition has a `generate:` block, so there is nothing to generate');
  }
  const wanted = options.conditions ?? available;
  for (const name of wanted) {
    if (!available.includes(name)) {
      throw new InputError(
        setup.parsed.locate(['conditions'], 'key'),
        `there is no condition \`${name}\` with a \`generate:\` block; the ones with one are ${available.map((each) => `\`${each}\``).join(', ')}`,
      );
    }
  }
  const conditions: ConditionSummary[] = [];
  for (const generate of setup.conditions) {
    if (!wanted.includes(generate.condition)) continue;
    if (options.signal?.aborted) throw new CancelledError();
    conditions.push(await generateCondition(setup, generate, options));
  }
  return { setup, conditions };
}
