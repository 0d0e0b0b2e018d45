/**
 * `repscope`: the engine from a terminal. Same results file as the editor.
 * Exit codes: 0 ok, 1 evaluation failed (or cancelled), 2 bad config or input (or usage).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadExperiment } from '../core/config/resolve';
import { checkExperimentInputs } from '../core/engine/check';
import type { ProgressEvent } from '../core/engine/progress';
import { runExperimentFile } from '../core/engine/run';
import { CancelledError, InputError, isInputError } from '../core/errors';
import { formatSummary } from '../core/report/summary';
import { toJson } from '../core/results/write';
import { generateSample, SAMPLE_CONFIG_FILE } from '../core/sample';
import { TOOL_VERSION } from '../core/version';
import { parseArgs, UsageError } from './args';
import { printInputErrors } from './output';
import { runGenerateCommand } from './generate';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

const DEFAULT_SAMPLE_DIR = 'repscope-sample';

const HELP = `repscope ${TOOL_VERSION}: does a steered LLM represent the population? Marginals and correlation structure.

Usage:
  repscope run <config>       evaluate an experiment; writes a new run folder with results.json
  repscope run --sample       evaluate the bundled synthetic sample (creates ./${DEFAULT_SAMPLE_DIR} if needed)
  repscope validate <config>  check a config and the columns of its data files, without evaluating
  repscope init [dir]         write the sample experiment into dir (default ./${DEFAULT_SAMPLE_DIR})
  repscope generate <config>  ask a model the survey for every condition with a \`generate:\` block
                              (repscope generate --help for its options)

Options for run:
  --out <dir>       write the run folder here instead of the config's output folder
  --json            print the results JSON on stdout instead of the summary table
  --threads <n>     worker threads for correlations and the bootstrap (default: all cores)
  --bootstrap <n>   bootstrap replicates, overriding the config's metrics.bootstrap (0: none)
  --quiet           no progress on stderr
  --dir <dir>       with --sample: where the sample lives (default ./${DEFAULT_SAMPLE_DIR})

Exit codes: 0 ok, 1 evaluation failed or cancelled, 2 bad config, input or usage.`;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  cwd: string;
}

function progressPrinter(io: Io): (event: ProgressEvent) => void {
  let lastStage = '';
  let lastTenth = -1;
  return (event) => {
    const percent = Math.round(event.fraction * 100);
    const eta = event.etaSeconds !== undefined && event.etaSeconds > 1 ? `, ~${Math.ceil(event.etaSeconds)} s left` : '';
    const text = `${String(percent).padStart(3)}%  ${event.stage}${event.message ? `: ${event.message}` : ''}${eta}`;
    if (io.isTty) {
      io.stderr(`\r\u001b[2K${text}`);
      return;
    }
    const tenth = Math.floor(event.fraction * 10);
    if (event.stage !== lastStage || tenth !== lastTenth) io.stderr(`${text}\n`);
    lastStage = event.stage;
    lastTenth = tenth;
  };
}

/** Writes the sample files, refusing to overwrite anything that exists. */
export async function initSample(dir: string): Promise<string[]> {
  const sample = generateSample();
  const targets = sample.files.map((file) => ({ ...file, target: path.join(dir, file.path) }));
  const existing: string[] = [];
  for (const file of targets) {
    try {
      await fs.access(file.target);
      existing.push(file.target);
    } catch {
      // free
    }
  }
  if (existing.length > 0) {
    throw new InputError(
      { file: dir },
      `refusing to overwrite existing files: ${existing.join(', ')}. Choose an empty folder or remove them.`,
    );
  }
  for (const file of targets) {
    await fs.mkdir(path.dirname(file.target), { recursive: true });
    await fs.writeFile(file.target, file.content, { encoding: 'utf8', flag: 'wx' });
  }
  return targets.map((file) => file.target);
}

async function ensureSample(dir: string, io: Io): Promise<string> {
  const config = path.join(dir, SAMPLE_CONFIG_FILE);
  try {
    await fs.access(config);
    io.stderr(`using the sample in ${dir}\n`);
  } catch {
    await initSample(dir);
    io.stderr(`wrote the bundled sample to ${dir}\n`);
  }
  return config;
}

function reportError(error: unknown, io: Io): number {
  if (error instanceof UsageError) {
    io.stderr(`repscope: ${error.message}\nRun \`repscope --help\` for usage.\n`);
    return EXIT_BAD_INPUT;
  }
  if (isInputError(error)) {
    printInputErrors(error, io);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof CancelledError) {
    io.stderr('repscope: cancelled; no run folder was written\n');
    return EXIT_FAILED;
  }
  io.stderr(`repscope: evaluation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT_FAILED;
}

export async function main(argv: readonly string[], io: Io, signal?: AbortSignal): Promise<number> {
  // generate has options of its own (--condition, --dry-run, ...), parsed by its module.
  if (argv[0] === 'generate') return runGenerateCommand(argv.slice(1), io, signal);
  try {
    const args = parseArgs(argv, new Set(['out', 'threads', 'dir', 'bootstrap']), new Set(['json', 'quiet', 'sample', 'help', 'version']));
    if (args.flags.has('version')) {
      io.stdout(`${TOOL_VERSION}\n`);
      return EXIT_OK;
    }
    if (args.flags.has('help') || args.command === undefined || args.command === 'help') {
      io.stdout(`${HELP}\n`);
      return args.command === undefined && !args.flags.has('help') ? EXIT_BAD_INPUT : EXIT_OK;
    }
    const resolveFromCwd = (file: string) => path.resolve(io.cwd, file);
    switch (args.command) {
      case 'run': {
        let config: string;
        if (args.flags.has('sample')) {
          if (args.positional.length > 0) throw new UsageError('run --sample takes no config path');
          const dir = resolveFromCwd(String(args.flags.get('dir') ?? DEFAULT_SAMPLE_DIR));
          config = await ensureSample(dir, io);
        } else {
          if (args.positional.length !== 1) throw new UsageError('run needs exactly one config path (or --sample)');
          config = resolveFromCwd(args.positional[0]!);
        }
        let threads: number | undefined;
        if (args.flags.has('threads')) {
          threads = Number(args.flags.get('threads'));
          if (!Number.isInteger(threads) || threads < 1) throw new UsageError('--threads needs a whole number >= 1');
        }
        let bootstrap: number | undefined;
        if (args.flags.has('bootstrap')) {
          bootstrap = Number(args.flags.get('bootstrap'));
          if (!Number.isInteger(bootstrap) || bootstrap < 0) throw new UsageError('--bootstrap needs a whole number >= 0');
        }
        const quiet = args.flags.has('quiet');
        const printer = quiet ? undefined : progressPrinter(io);
        const out = args.flags.get('out');
        const run = await runExperimentFile(config, {
          signal,
          threads,
          host: 'cli',
          onProgress: printer,
          ...(bootstrap !== undefined ? { bootstrap } : {}),
          ...(typeof out === 'string' ? { outputDir: resolveFromCwd(out) } : {}),
        });
        if (printer && io.isTty) io.stderr('\n');
        const relative = path.relative(io.cwd, run.written.resultsFile);
        if (args.flags.has('json')) {
          io.stdout(`${toJson(run.results)}\n`);
          io.stderr(`results: ${relative}\n`);
        } else {
          io.stdout(`${formatSummary(run.results, relative)}\n`);
        }
        return EXIT_OK;
      }
      case 'validate': {
        if (args.positional.length !== 1) throw new UsageError('validate needs exactly one config path');
        const experiment = await loadExperiment(resolveFromCwd(args.positional[0]!));
        await checkExperimentInputs(experiment);
        io.stdout(
          `${args.positional[0]}: ok · ${experiment.items.length} items · ${experiment.groups.length} groups · ` +
            `${experiment.conditions.length} conditions\n`,
        );
        return EXIT_OK;
      }
      case 'init': {
        if (args.positional.length > 1) throw new UsageError('init takes at most one folder');
        const dir = resolveFromCwd(args.positional[0] ?? DEFAULT_SAMPLE_DIR);
        const written = await initSample(dir);
        io.stdout(
          `wrote ${written.length} files to ${path.relative(io.cwd, dir) || '.'}\n` +
            `run it: repscope run ${path.relative(io.cwd, path.join(dir, SAMPLE_CONFIG_FILE))}\n`,
        );
        return EXIT_OK;
      }
      default:
        throw new UsageError(`unknown command ${args.command}`);
    }
  } catch (error) {
    return reportError(error, io);
  }
}

if (require.main === module) {
  const controller = new AbortController();
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\nrepscope: cancelling (Ctrl-C again to quit at once)\n');
    controller.abort();
  });
  // main turns every failure into an exit code, so the promise never rejects.
  void main(
    process.argv.slice(2),
    {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      isTty: Boolean(process.stderr.isTTY),
      cwd: process.cwd(),
    },
    controller.signal,
  ).then((code) => {
    process.exitCode = code;
  });
}
