/**
 * `repscope generate <config> [--condition NAME[,NAME]] [--dry-run] [--concurrency N] [--force] [--quiet]`:
 * asks each generated condition's model the survey and writes its respondents. Progress on
 * stderr, a summary per condition on stdout. Exit codes as the rest of the CLI: 0 ok, 1 failed or
 * cancelled (replies received so far stay cached), 2 bad config, input or usage.
 */
import * as path from 'node:path';
import { CancelledError, isInputError } from '../core/errors';
import {
  generateFromConfig,
  GenerationFailedError,
  type ConditionSummary,
  type GenerateOptions,
  type GenerateProgress,
} from '../core/generate';
import { parseArgs, UsageError } from './args';
import { printInputErrors, relativeToCwd } from './output';

export const GENERATE_HELP = `Usage: repscope generate <config> [options]

Asks the model of every condition with a \`generate:\` block the survey and writes its simulated
respondents (default generated/<condition>.jsonl). Replies are cached (.repscope-cache/ next to the
config): an interrupted run resumes, a repeated run sends nothing.

Options:
  --condition <names>   only these conditions (comma-separated)
  --dry-run             count the requests and the cached replies, show one full prompt; send nothing
  --concurrency <n>     requests in flight at once (overrides the config's concurrency)
  --force               replace an output file RepScope did not write, or that was edited since
  --quiet               no progress on stderr

Exit codes: 0 ok, 1 failed or cancelled, 2 bad config, input or usage.`;

export interface GenerateIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  cwd: string;
}

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_BAD_INPUT = 2;

function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '-';
}

function progressPrinter(io: GenerateIo): (progress: GenerateProgress) => void {
  let lastCondition = '';
  let lastTenth = -1;
  return (progress) => {
    const done = progress.cached + progress.sent + progress.failed;
    const text =
      `${progress.condition}: ${done}/${progress.total} requests ` +
      `(${progress.cached} cached, ${progress.sent} sent, ${progress.failed} failed, ${progress.retries} retries)`;
    if (io.isTty) {
      io.stderr(`\r\u001b[2K${text}`);
      return;
    }
    const tenth = progress.total > 0 ? Math.floor((10 * done) / progress.total) : 10;
    if (progress.condition !== lastCondition || tenth !== lastTenth) io.stderr(`${text}\n`);
    lastCondition = progress.condition;
    lastTenth = tenth;
  };
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

function describeDryRun(summary: ConditionSummary, cwd: string): string {
  const cells = summary.respondents * summary.items;
  const shared = cells - summary.requests.total;
  const lines = [
    `${summary.condition}: ${summary.requests.total} requests for ${summary.respondents} respondents x ${summary.items} items` +
      `${shared > 0 ? ` (${shared} answers reuse an identical request)` : ''}; ` +
      `${summary.requests.cached} cached, ${summary.requests.total - summary.requests.cached} to send`,
    `  output: ${path.relative(cwd, summary.outputFile) || summary.outputFile}`,
    `  cache:  ${path.relative(cwd, summary.cacheFile) || summary.cacheFile}`,
    `  sample prompt (group ${summary.samplePrompt.group}, respondent ${summary.samplePrompt.respondent}, item ${summary.samplePrompt.itemId}):`,
  ];
  for (const message of summary.samplePrompt.messages) {
    lines.push(`    [${message.role}]`);
    lines.push(indent(message.content, '    '));
  }
  return lines.join('\n');
}

function describeRun(summary: ConditionSummary, cwd: string): string {
  const requests = summary.requests;
  const answers = summary.answers;
  const cells = summary.respondents * summary.items;
  let text =
    `${summary.condition}: wrote ${path.relative(cwd, summary.outputFile) || summary.outputFile}: ` +
    `${summary.respondents} respondents x ${summary.items} items; ` +
    `${requests.total} requests (${requests.sent} sent, ${requests.cached} cached, ${requests.retries} retries)`;
  if (answers) {
    text +=
      `; answers ${percent(answers.valid, cells)} valid, ${percent(answers.refusal, cells)} refusal, ` +
      `${percent(answers.unparseable, cells)} unparseable, ${percent(answers.outOfRange, cells)} out of range`;
  }
  if (summary.meanCoveredMass !== undefined) text += `; options covered ${(100 * summary.meanCoveredMass).toFixed(1)}% of the probability on average`;
  return text;
}


/**
 * Runs `repscope generate` with the arguments after `generate`. Returns the exit code; never
 * throws.
 */
export async function runGenerateCommand(args: readonly string[], io: GenerateIo, signal?: AbortSignal): Promise<number> {
  let printer: ((progress: GenerateProgress) => void) | undefined;
  let progressShown = false;
  const endProgressLine = (): void => {
    if (printer && io.isTty && progressShown) io.stderr('\n');
    progressShown = false;
  };
  try {
    const parsed = parseArgs(['generate', ...args], new Set(['condition', 'concurrency']), new Set(['dry-run', 'force', 'quiet', 'help']));
    if (parsed.flags.has('help')) {
      io.stdout(`${GENERATE_HELP}\n`);
      return EXIT_OK;
    }
    if (parsed.positional.length !== 1) throw new UsageError('generate needs exactly one config path');
    const options: GenerateOptions = { dryRun: parsed.flags.has('dry-run'), force: parsed.flags.has('force') };
    if (signal) options.signal = signal;
    const condition = parsed.flags.get('condition');
    if (typeof condition === 'string') {
      const names = condition.split(',').map((name) => name.trim()).filter(Boolean);
      if (names.length === 0) throw new UsageError('--condition needs at least one condition name');
      options.conditions = names;
    }
    if (parsed.flags.has('concurrency')) {
      const concurrency = Number(parsed.flags.get('concurrency'));
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new UsageError('--concurrency needs a whole number from 1 to 256');
      options.concurrency = concurrency;
    }
    if (!parsed.flags.has('quiet') && !options.dryRun) {
      const print = progressPrinter(io);
      printer = print;
      let current = '';
      options.onProgress = (progress) => {
        if (progress.condition !== current) endProgressLine();
        current = progress.condition;
        progressShown = true;
        print(progress);
      };
    }
    const run = await generateFromConfig(path.resolve(io.cwd, parsed.positional[0]!), options);
    endProgressLine();
    for (const summary of run.conditions) {
      io.stdout(`${summary.dryRun ? describeDryRun(summary, io.cwd) : describeRun(summary, io.cwd)}\n`);
    }
    return EXIT_OK;
  } catch (error) {
    endProgressLine();
    if (error instanceof UsageError) {
      io.stderr(`repscope: ${error.message}\nRun \`repscope generate --help\` for usage.\n`);
      return EXIT_BAD_INPUT;
    }
    if (isInputError(error)) {
      printInputErrors(error, io);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof CancelledError) {
      io.stderr('repscope: cancelled; the replies received so far are cached, and running again sends only the rest\n');
      return EXIT_FAILED;
    }
    if (error instanceof GenerationFailedError) {
      io.stderr(`repscope: ${relativeToCwd(error.message, io.cwd)}\n`);
      return EXIT_FAILED;
    }
    io.stderr(`repscope: generation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FAILED;
  }
}
