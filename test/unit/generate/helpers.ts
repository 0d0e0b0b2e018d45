/**
 * Shared set-up of the generation tests: a small experiment on the bundled synthetic sample in a
 * temporary folder, and the real-model test server (tools/llm-test-server) as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSample } from '../../../src/core/sample';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const SERVER_DIR = path.join(REPO_ROOT, 'tools', 'llm-test-server');
export const MODEL_FILE = process.env['REPSCOPE_TEST_MODEL'] ?? path.resolve(REPO_ROOT, '..', 'shared', 'models', 'stories260K.gguf');

const tempDirs: string[] = [];

/** A fresh temporary folder, removed when the test process exits. */
export async function makeTempDir(prefix = 'repscope-generate-'): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  if (tempDirs.length === 0) {
    process.once('exit', () => {
      for (const each of tempDirs) rmSync(each, { recursive: true, force: true });
    });
  }
  tempDirs.push(dir);
  return dir;
}

export interface ExperimentSpec {
  /** Condition name -> its YAML body (indented by the caller's choice; written as a flow mapping). */
  conditions: Record<string, Record<string, unknown>>;
  items?: string[];
  /** Human respondents in the sample. */
  humans?: number;
  groups?: 'countries' | 'none';
  extraYaml?: string;
}

/**
 * Writes the synthetic sample's human data and codebook into `dir` with an experiment config
 * asking for `spec.items` (default Q46, Q57, Q152) in two groups, DEU and USA.
 * Returns the config path.
 */
export async function writeExperiment(dir: string, spec: ExperimentSpec): Promise<string> {
  const sample = generateSample({ respondents: spec.humans ?? 300, modelRespondentsPerGroup: 5 });
  for (const file of sample.files) {
    if (file.path !== 'data/human.csv' && file.path !== 'codebook.yaml') continue;
    const target = path.join(dir, file.path);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, file.content);
  }
  const items = spec.items ?? ['Q46', 'Q57', 'Q152'];
  const groups =
    spec.groups === 'none'
      ? ''
      : [
          'groups:',
          '  DEU: { description: a person living in Germany, rules: { B_COUNTRY_ALPHA: DEU } }',
          '  USA: { description: a person living in the United States, rules: { B_COUNTRY_ALPHA: USA } }',
        ].join('\n');
  const conditions = Object.entries(spec.conditions)
    .map(([name, body]) => `  ${name}: ${JSON.stringify(body)}`)
    .join('\n');
  const text = [
    'name: generation test',
    'human:',
    '  file: data/human.csv',
    '  weight: W_WEIGHT',
    'codebook: codebook.yaml',
    `items: [${items.join(', ')}]`,
    groups,
    'conditions:',
    conditions,
    'metrics: { minCellSize: 2, minGroupSizeForStructure: 3, bootstrap: 0, mantelPermutations: 0, components: 0, groupMeanLevel: false }',
    'seed: 7',
    spec.extraYaml ?? '',
    '',
  ].join('\n');
  const config = path.join(dir, 'experiment.yaml');
  await fs.writeFile(config, text);
  return config;
}

export interface RealServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Why the real-model server cannot run here, or undefined when it can. */
export function realServerUnavailable(): string | undefined {
  if (!existsSync(path.join(SERVER_DIR, 'node_modules', 'node-llama-cpp', 'package.json'))) {
    return `tools/llm-test-server is not installed: run \`npm ci --prefix tools/llm-test-server --omit=optional\``;
  }
  if (!existsSync(MODEL_FILE)) return `the test model ${MODEL_FILE} is missing`;
  return undefined;
}

/**
 * The skip reason for real-model tests: undefined when they can run. On CI (`CI` set) a missing
 * server is a failure, not a skip: CI must run these tests.
 */
export function realModelSkipReason(): string | undefined {
  const reason = realServerUnavailable();
  if (reason !== undefined && process.env['CI']) throw new Error(`real-model tests cannot run on CI: ${reason}`);
  return reason;
}

/** Starts tools/llm-test-server/server.js on a free port and waits for its `{"port"}` line. */
export async function startRealServer(env: Record<string, string> = {}): Promise<RealServer> {
  const child = spawn(process.execPath, [path.join(SERVER_DIR, 'server.js')], {
    cwd: SERVER_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const onExit = (code: number | null): void => reject(new Error(`llm-test-server exited with ${code}: ${stderr}`));
    child.once('exit', onExit);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line !== undefined) {
        child.off('exit', onExit);
        try {
          resolve((JSON.parse(line) as { port: number }).port);
        } catch (error) {
          reject(new Error(`llm-test-server's first line is not JSON: ${line}`, { cause: error }));
        }
      }
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A collecting IO for CLI tests. */
export function captureIo(cwd: string): { io: { stdout: (t: string) => void; stderr: (t: string) => void; isTty: boolean; cwd: string }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: (text) => (out += text), stderr: (text) => (err += text), isTty: false, cwd },
    out: () => out,
    err: () => err,
  };
}
