import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { generateSample } from '../../../src/core/sample';
import { isPartialOf, removeNewPartialFolders } from '../../../src/extension/runFolders';
import { engineWorkerPath, generateSampleInWorker } from '../../../src/extension/workerClient';
import type { FromWorker, ToWorker } from '../../../src/extension/workerProtocol';
import { writeSample } from '../report/sampleRun';

/** The tsc output of the worker entry, where `engineWorkerPath()` finds it in unit tests. */
const WORKER_FILE = engineWorkerPath();

interface WorkerSession {
  messages: FromWorker[];
  final: Promise<FromWorker>;
  exited: Promise<number>;
  post(message: ToWorker): void;
}

function startWorker(configPath: string, outputDir?: string): WorkerSession {
  const worker = new Worker(WORKER_FILE);
  const messages: FromWorker[] = [];
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const final = new Promise<FromWorker>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      messages.push(message);
      if (message.type !== 'progress') resolve(message);
    });
    worker.once('error', reject);
  });
  const post = (message: ToWorker) => worker.postMessage(message);
  const start: ToWorker = { type: 'start', configPath, host: 'test', threads: 1 };
  if (outputDir) start.outputDir = outputDir;
  post(start);
  return { messages, final, exited, post };
}

describe('engine worker', () => {
  let dir: string;
  let configFile: string;
  before(async () => {
    ({ dir, configFile } = await writeSample());
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  it('runs the sample, reports rising progress and ends with the results file and both headlines', async () => {
    const session = startWorker(configFile);
    const final = await session.final;
    assert.equal(final.type, 'done');
    if (final.type !== 'done') return;
    await fs.access(final.resultsFile);
    assert.equal(path.dirname(path.dirname(final.resultsFile)), path.join(dir, 'runs'));
    assert.deepEqual(final.headlines.map((headline) => headline.condition), ['finetuned', 'persona']);
    // The sample's designed reversal: fine-tuning closer on marginals, persona prompting on structure.
    const [finetuned, persona] = final.headlines;
    assert.ok(finetuned!.marginalDistance! < persona!.marginalDistance!);
    assert.ok(persona!.structureR! > finetuned!.structureR!);
    assert.match(final.summary, /Sample - persona prompting vs fine-tuning/);
    const fractions = session.messages.flatMap((message) => (message.type === 'progress' ? [message.event.fraction] : []));
    assert.ok(fractions.length >= 2);
    fractions.forEach((fraction, index) => assert.ok(index === 0 || fraction >= fractions[index - 1]!));
    assert.equal(await session.exited, 0);
  });

  it('stops on cancel with no run folder written', async () => {
    const output = path.join(dir, 'cancelled-runs');
    const session = startWorker(configFile, output);
    session.post({ type: 'cancel' });
    const final = await session.final;
    assert.deepEqual(final, { type: 'failed', message: 'cancelled', cancelled: true });
    assert.equal(await session.exited, 0);
    const left = await fs.readdir(output).catch(() => []);
    assert.deepEqual(left, []);
  });

  it('fails with located input problems for a config naming a missing item', async () => {
    const broken = path.join(dir, 'broken.repscope.yaml');
    const text = await fs.readFile(configFile, 'utf8');
    await fs.writeFile(broken, text.replace('  - Q254 ', '  - Q2540'), 'utf8');
    const final = await startWorker(broken).final;
    assert.equal(final.type, 'failed');
    if (final.type !== 'failed') return;
    assert.equal(final.cancelled, false);
    const located = final.locations?.find((location) => location.field === 'Q2540');
    assert.ok(located, JSON.stringify(final.locations));
    assert.equal(located.file, broken);
    assert.match(located.detail, /item Q2540 is not a column of/);
    const line = text.split('\n').findIndex((each) => each.startsWith('  - Q254 ')) + 1;
    assert.deepEqual([located.line, located.column, located.endColumn], [line, 5, 10]);
  });
});

describe('sample generation in the worker', () => {
  it('gives exactly the files generateSample() gives in this thread', async () => {
    const files = await generateSampleInWorker();
    assert.deepEqual(files, generateSample().files);
  });
});

describe('unfinished run folders', () => {
  const hash = 'ab12cd' + '0'.repeat(58);

  it('recognises this process’s partial folder of a config by its hash prefix and pid', () => {
    assert.equal(isPartialOf(`.partial-2026-11-27T10-15-00-123Z_ab12cd-${process.pid}`, hash, process.pid), true);
    assert.equal(isPartialOf(`.partial-2026-11-27T10-15-00-123Z_ab12cd-2-${process.pid}`, hash, process.pid), true);
    assert.equal(isPartialOf(`.partial-2026-11-27T10-15-00-123Z_ffffff-${process.pid}`, hash, process.pid), false);
    assert.equal(isPartialOf('.partial-2026-11-27T10-15-00-123Z_ab12cd-1', hash, 2), false);
  });

  it('removes only the partial folders that appeared since the run started', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'repscope-partials-'));
    try {
      const old = `.partial-2026-11-27T10-00-00-000Z_ab12cd-${process.pid}`;
      const fresh = `.partial-2026-11-27T10-15-00-123Z_ab12cd-${process.pid}`;
      const other = `.partial-2026-11-27T10-15-00-123Z_999999-${process.pid}`;
      const finished = '2026-11-27T09-00-00-000Z_ab12cd';
      await fs.mkdir(path.join(folder, old));
      const before = new Set([old]);
      for (const name of [fresh, other, finished]) await fs.mkdir(path.join(folder, name));
      await fs.writeFile(path.join(folder, fresh, 'results.json.tmp'), '{', 'utf8');
      assert.deepEqual(await removeNewPartialFolders(folder, before, hash), [fresh]);
      assert.deepEqual((await fs.readdir(folder)).sort(), [old, other, finished].sort());
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });
});
