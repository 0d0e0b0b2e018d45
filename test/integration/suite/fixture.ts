/**
 * What the integration tests share: the extension under test, the workspace the driver prepared
 * (test/integration/workspace.js writes the bundled sample into `<workspace>/sample/`), waiting,
 * and the run folder the evaluation test produced for the tests after it.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { generateSample, type SampleOptions } from '../../../src/core/sample';

export const EXTENSION_ID = 'repscope.repscope';
export const SAMPLE_FOLDER = 'sample';
export const SAMPLE_CONFIG = 'experiment.yaml';

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder (the driver opens one)');
  return folder.uri.fsPath;
}

export function samplePath(...parts: string[]): string {
  return path.join(workspaceRoot(), SAMPLE_FOLDER, ...parts);
}

export function sampleConfigUri(): vscode.Uri {
  return vscode.Uri.file(samplePath(SAMPLE_CONFIG));
}

export function extensionUnderTest(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed in this window`);
  return extension;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` until it returns something other than undefined/false, or fails after
 * `timeoutMs` saying what it waited for (and the last thing the probe saw, when it says).
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`waited ${timeoutMs} ms for ${what}${detail}`);
    }
    await delay(intervalMs);
  }
}

/** Writes the generated sample into `folder` (relative to the workspace), leaving existing files. */
export function writeSampleInto(folder: string, options: SampleOptions = {}): string {
  const target = path.join(workspaceRoot(), folder);
  for (const file of generateSample(options).files) {
    const destination = path.join(target, ...file.path.split('/'));
    if (existsSync(destination)) continue;
    mkdirSync(path.dirname(destination), { recursive: true });
    writeFileSync(destination, file.content, 'utf8');
  }
  return target;
}

/**
 * The sample config, written with generateSample() when the initSample test did not run first
 * (REPSCOPE_TEST_FILTER), so each test can run on its own.
 */
export function ensureSample(): vscode.Uri {
  if (!existsSync(samplePath(SAMPLE_CONFIG))) writeSampleInto(SAMPLE_FOLDER);
  return sampleConfigUri();
}

/** Entries of a folder, or none when it does not exist. */
export function entriesOf(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch {
    return [];
  }
}

/** Run folders that look finished: not hidden, holding a results.json. */
export function finishedRuns(outputFolder: string): string[] {
  return entriesOf(outputFolder).filter((entry) => !entry.startsWith('.') && existsSync(path.join(outputFolder, entry, 'results.json')));
}

/** The evaluation test's run, for the hover and panel tests after it. */
export const produced: { resultsFile?: string } = {};

/** The line and column of the first `needle` on a line matching `linePattern` in `text`. */
export function positionOf(text: string, linePattern: RegExp, needle: string): vscode.Position {
  const lines = text.split(/\r?\n/);
  const line = lines.findIndex((each) => linePattern.test(each));
  if (line < 0) throw new Error(`no line matches ${String(linePattern)}`);
  const column = (lines[line] ?? '').indexOf(needle);
  if (column < 0) throw new Error(`"${needle}" is not on line ${line + 1}`);
  return new vscode.Position(line, column);
}

/** Text of hover contents, whatever form each part has. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}
