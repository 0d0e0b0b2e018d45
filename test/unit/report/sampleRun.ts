/**
 * The bundled sample written to a temporary folder and evaluated once per test file: real
 * results for the report tests, with the config's symbols to hover.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSourceFile, type ParsedSource } from '../../../src/core/config/parse';
import { loadExperiment } from '../../../src/core/config/resolve';
import { listConfigSymbols, type ConfigSymbol } from '../../../src/core/config/symbols';
import { evaluateExperiment } from '../../../src/core/engine/evaluate';
import type { RunResults } from '../../../src/core/results/types';
import { generateSample, SAMPLE_CONFIG_FILE } from '../../../src/core/sample';

export interface SampleRun {
  dir: string;
  configFile: string;
  parsed: ParsedSource;
  symbols: ConfigSymbol[];
  results: RunResults;
}

/** Writes the sample into a fresh temporary folder and returns the config's path. */
export async function writeSample(): Promise<{ dir: string; configFile: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'repscope-report-'));
  for (const file of generateSample().files) {
    const target = path.join(dir, ...file.path.split('/'));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, file.content, 'utf8');
  }
  return { dir, configFile: path.join(dir, SAMPLE_CONFIG_FILE) };
}

let cached: Promise<SampleRun> | undefined;

/** The sample, evaluated (threads 0: in this thread, no worker files needed). */
export function sampleRun(): Promise<SampleRun> {
  cached ??= (async () => {
    const { dir, configFile } = await writeSample();
    const results = await evaluateExperiment(await loadExperiment(configFile), { threads: 0, host: 'test' });
    const parsed = await readSourceFile(configFile);
    return { dir, configFile, parsed, symbols: listConfigSymbols(parsed), results };
  })();
  return cached;
}

export async function removeSample(): Promise<void> {
  if (!cached) return;
  const { dir } = await cached;
  await fs.rm(dir, { recursive: true, force: true });
  cached = undefined;
}

export function symbolNamed(run: SampleRun, kind: ConfigSymbol['kind'], name: string): ConfigSymbol {
  const found = run.symbols.find((symbol) => symbol.kind === kind && symbol.name === name);
  if (!found) throw new Error(`no ${kind} symbol ${name} in the sample config`);
  return found;
}
