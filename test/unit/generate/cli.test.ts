import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { runGenerateCommand } from '../../../src/cli/generate';
import { startFaultServer, type FaultAction, type FaultServer } from './faultServer';
import { captureIo, makeTempDir, writeExperiment } from './helpers';

let servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function setUp(action: () => FaultAction, generate: Record<string, unknown> = {}): Promise<{ dir: string; server: FaultServer }> {
  const server = await startFaultServer(action);
  servers.push(server);
  const dir = await makeTempDir();
  await writeExperiment(dir, {
    items: ['Q46', 'Q57'],
    conditions: {
      llm: { generate: { endpoint: server.url, api: 'openai-chat', model: 'fault-model', respondentsPerGroup: 2, retries: 0, ...generate } },
      other: { generate: { endpoint: server.url, api: 'openai-chat', model: 'fault-model', respondentsPerGroup: 1, retries: 0, prompt: 'Q: {question}\n{options}' } },
    },
  });
  return { dir, server };
}

describe('repscope generate', () => {
  it('dry run: prints requests, cached replies and one full prompt, and sends nothing', async () => {
    const { dir, server } = await setUp(() => ({ kind: 'reply' }));
    const { io, out, err } = captureIo(dir);
    const code = await runGenerateCommand(['experiment.yaml', '--dry-run', '--condition', 'llm'], io);
    assert.equal(code, 0, err());
    assert.equal(server.calls.length, 0);
    const lines = out().split('\n');
    assert.match(lines[2]!, /^ {2}cache: {2}\.repscope-cache\/fault-model-[0-9a-f]{12}\.jsonl$/);
    lines.splice(2, 1);
    assert.deepEqual(lines, [
      'llm: 8 requests for 4 respondents x 2 items; 0 cached, 8 to send',
      '  output: generated/llm.jsonl',
      '  sample prompt (group DEU, respondent 1, item Q46):',
      '    [user]',
      '    Answer the following survey question as if you were a person living in Germany.',
      '    ',
      '    Question: Feeling of happiness',
      '    1: Very happy',
      '    2: Rather happy',
      '    3: Not very happy',
      '    4: Not at all happy',
      '    ',
      '    Reply with the number of one option (1, 2, 3 or 4) and nothing else.',
      '    Answer:',
      '',
    ]);
  });

  it('generates every condition, with progress on stderr and a summary on stdout', async () => {
    const { dir, server } = await setUp(() => ({ kind: 'reply', text: '2' }));
    const { io, out, err } = captureIo(dir);
    const code = await runGenerateCommand(['experiment.yaml', '--concurrency', '3'], io);
    assert.equal(code, 0, err());
    assert.equal(server.calls.length, 12);
    assert.equal(
      out(),
      'llm: wrote generated/llm.jsonl: 4 respondents x 2 items; 8 requests (8 sent, 0 cached, 0 retries); answers 100.0% valid, 0.0% refusal, 0.0% unparseable, 0.0% out of range\n' +
        'other: wrote generated/other.jsonl: 2 respondents x 2 items; 4 requests (4 sent, 0 cached, 0 retries); answers 100.0% valid, 0.0% refusal, 0.0% unparseable, 0.0% out of range\n',
    );
    assert.match(err(), /^llm: 0\/8 requests \(0 cached, 0 sent, 0 failed, 0 retries\)$/m);
    assert.match(err(), /^llm: 8\/8 requests \(0 cached, 8 sent, 0 failed, 0 retries\)$/m);
    assert.match(err(), /^other: 4\/4 requests/m);
    const { io: quietIo, err: quietErr } = captureIo(dir);
    assert.equal(await runGenerateCommand(['experiment.yaml', '--quiet'], quietIo), 0);
    assert.equal(quietErr(), '');
  });

  it('exits 2 with file:line:col for a config problem', async () => {
    const { dir } = await setUp(() => ({ kind: 'reply' }), { temperature: 'hot' });
    const { io, err } = captureIo(dir);
    assert.equal(await runGenerateCommand(['experiment.yaml'], io), 2);
    assert.match(err(), /^experiment\.yaml:11:\d+: `conditions\.llm\.generate\.temperature` should be a number from 0 to 2/m);
  });

  it('exits 2 when the endpoint says the model does not exist', async () => {
    const { dir } = await setUp(() => ({ kind: 'status', status: 404, message: 'no such model' }));
    const { io, err } = captureIo(dir);
    assert.equal(await runGenerateCommand(['experiment.yaml', '--quiet'], io), 2);
    assert.match(err(), /HTTP 404: no such model; check `model` \(fault-model\)/);
  });

  it('exits 1 when requests keep failing, saying a re-run resumes', async () => {
    const { dir } = await setUp(() => ({ kind: 'status', status: 503 }));
    const { io, err } = captureIo(dir);
    assert.equal(await runGenerateCommand(['experiment.yaml', '--quiet', '--condition', 'llm'], io), 1);
    assert.match(err(), /^repscope: llm: 8 of 8 requests have no reply \(stopped after \d+ requests in a row failed/m);
    assert.match(err(), /running again sends only the missing ones/);
  });

  it('exits 1 when cancelled', async () => {
    const { dir, server } = await setUp(() => ({ kind: 'hang' }));
    const { io, err } = captureIo(dir);
    const controller = new AbortController();
    const pending = runGenerateCommand(['experiment.yaml', '--quiet'], io, controller.signal);
    await server.waitForCalls(1);
    controller.abort();
    assert.equal(await pending, 1);
    assert.match(err(), /cancelled; the replies received so far are cached/);
  });

  it('exits 2 on usage errors and unknown conditions', async () => {
    const { dir } = await setUp(() => ({ kind: 'reply' }));
    const cases: [string[], RegExp][] = [
      [[], /generate needs exactly one config path/],
      [['experiment.yaml', '--concurrency', '0'], /--concurrency needs a whole number from 1 to 256/],
      [['experiment.yaml', '--bogus'], /unknown option --bogus/],
      [['experiment.yaml', '--condition', 'nope'], /there is no condition `nope` with a `generate:` block; the ones with one are `llm`, `other`/],
    ];
    for (const [args, message] of cases) {
      const { io, err } = captureIo(dir);
      assert.equal(await runGenerateCommand(args, io), 2, args.join(' '));
      assert.match(err(), message);
    }
  });

  it('prints help', async () => {
    const { io, out } = captureIo('/');
    assert.equal(await runGenerateCommand(['--help'], io), 0);
    assert.match(out(), /^Usage: repscope generate <config> \[options\]/);
  });
});
