import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as a user would from `cwd`. */
export async function runCli(argv: string[], cwd: string, signal?: AbortSignal): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    argv,
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTty: false, cwd },
    signal,
  );
  return { code, stdout, stderr };
}

export function scratchDir(prefix = 'repscope-cli-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}
