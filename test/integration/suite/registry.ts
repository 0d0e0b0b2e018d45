/**
 * A tiny test registry for the suite that runs inside VS Code's extension host. Mocha is not a
 * dependency of the project, and the suite needs little: ordered tests, a time limit per test, a
 * report line per test and the closing `N passed, N failed` line CI reads.
 *
 * Lines go to the console (forwarded to the driver by the workbench) and, when the driver sets
 * REPSCOPE_TEST_REPORT, are appended to that file too: the file survives a workbench that dies
 * before it forwards the console.
 */
import { appendFileSync } from 'node:fs';

export interface TestCase {
  name: string;
  body: () => Promise<void> | void;
  timeoutMs: number;
}

export interface Outcome {
  passed: number;
  failed: number;
  skipped: number;
}

/** Thrown by a test that cannot apply here (it says why); counted as skipped, never as passed. */
export class SkipTest extends Error {}

const DEFAULT_TIMEOUT_MS = 60_000;
const registered: TestCase[] = [];

/** Registers a test; tests run in registration order, later ones may use earlier ones' results. */
export function test(name: string, body: () => Promise<void> | void, timeoutMs = DEFAULT_TIMEOUT_MS): void {
  registered.push({ name, body, timeoutMs });
}

export function skip(reason: string): never {
  throw new SkipTest(reason);
}

export function report(line: string): void {
  console.log(line);
  const file = process.env.REPSCOPE_TEST_REPORT;
  if (file) appendFileSync(file, `${line}\n`);
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeError(error: unknown): string {
  if (error instanceof Error) return (error.stack ?? error.message).split('\n').slice(0, 8).join('\n      ');
  return String(error);
}

/** Runs every registered test whose name contains `filter` (all when empty). */
export async function runRegistered(filter = ''): Promise<Outcome> {
  const outcome: Outcome = { passed: 0, failed: 0, skipped: 0 };
  for (const each of registered.filter((candidate) => candidate.name.includes(filter))) {
    const started = Date.now();
    try {
      await withTimeout(Promise.resolve().then(each.body), each.timeoutMs, `"${each.name}"`);
      outcome.passed++;
      report(`  ok    ${each.name} (${Date.now() - started} ms)`);
    } catch (error) {
      if (error instanceof SkipTest) {
        outcome.skipped++;
        report(`  skip  ${each.name}: ${error.message}`);
      } else {
        outcome.failed++;
        report(`  FAIL  ${each.name} (${Date.now() - started} ms)\n      ${describeError(error)}`);
      }
    }
  }
  const skipped = outcome.skipped ? `, ${outcome.skipped} skipped` : '';
  report(`${outcome.passed} passed, ${outcome.failed} failed${skipped}`);
  return outcome;
}
