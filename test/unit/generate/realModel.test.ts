/**
 * End to end against a real language model: stories260K.gguf served by tools/llm-test-server
 * (node-llama-cpp on the CPU), through each API style, in both answer modes, with personas; then
 * the generated condition evaluated by the engine. The model writes children's stories, so its
 * answers mean nothing, but every step (prompt, endpoint, logprobs or sampled text, parsing, the
 * respondents file, the evaluation) runs for real.
 *
 * Skipped with a message when the server package is not installed; on CI (`CI` set) that is a
 * failure instead: run `npm ci --prefix tools/llm-test-server --omit=optional` first.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadExperiment } from '../../../src/core/config/resolve';
import { evaluateExperiment } from '../../../src/core/engine/evaluate';
import { generateFromConfig } from '../../../src/core/generate/run';
import { makeTempDir, MODEL_FILE, realModelSkipReason, startRealServer, writeExperiment, type RealServer } from './helpers';

const skip = realModelSkipReason();
if (skip !== undefined) process.stderr.write(`real-model generation tests skipped: ${skip}\n`);

interface Respondent {
  id: string;
  group: string;
  persona?: string;
  reversed: boolean;
  answers: Record<string, number | string>;
  probabilities?: Record<string, Record<string, number>>;
  coveredMass?: Record<string, number>;
}

async function readRespondents(file: string): Promise<Respondent[]> {
  return (await fs.readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Respondent);
}

const PERSONA_COLUMNS = {
  source: 'respondents',
  columns: {
    Q260: { '1': 'a man', '2': 'a woman' },
    Q262: '{value} years old',
    B_COUNTRY_ALPHA: { DEU: 'living in Germany', USA: 'living in the United States' },
  },
};

describe('generation with a real model (stories260K)', { skip }, () => {
  let server: RealServer;

  before(async () => {
    server = await startRealServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('samples JSON-constrained answers through OpenAI chat for respondent personas, repeats from the cache, and the engine evaluates them', async () => {
    const dir = await makeTempDir();
    const config = await writeExperiment(dir, {
      items: ['Q46', 'Q57'],
      conditions: {
        llm: {
          description: 'stories260K, persona prompting',
          generate: {
            endpoint: `${server.url}/v1`,
            api: 'openai-chat',
            model: 'stories260K',
            answerMode: 'sampling',
            constrain: 'json-schema',
            temperature: 1,
            respondentsPerGroup: 4,
            concurrency: 4,
            persona: PERSONA_COLUMNS,
          },
        },
      },
    });
    const output = path.join(dir, 'generated', 'llm.jsonl');
    const first = await generateFromConfig(config);
    assert.deepEqual(first.conditions[0]!.requests, { total: 16, cached: 0, sent: 16, failed: 0, retries: 0 });
    assert.deepEqual(first.conditions[0]!.answers, { valid: 16, refusal: 0, unparseable: 0, outOfRange: 0 });

    const respondents = await readRespondents(output);
    assert.deepEqual(
      respondents.map((respondent) => [respondent.id, respondent.group, respondent.reversed]),
      [
        ['DEU-1', 'DEU', false],
        ['DEU-2', 'DEU', true],
        ['DEU-3', 'DEU', false],
        ['DEU-4', 'DEU', true],
        ['USA-1', 'USA', false],
        ['USA-2', 'USA', true],
        ['USA-3', 'USA', false],
        ['USA-4', 'USA', true],
      ],
    );
    for (const respondent of respondents) {
      // Personas come from human respondents of the group: a German group member lives in Germany.
      const country = respondent.group === 'DEU' ? 'living in Germany' : 'living in the United States';
      assert.match(respondent.persona ?? '', new RegExp(`^a (man|woman), \\d+ years old, ${country}$`));
      assert.ok([1, 2, 3, 4].includes(respondent.answers['Q46'] as number), `Q46 answer ${respondent.answers['Q46']}`);
      assert.ok([1, 2].includes(respondent.answers['Q57'] as number), `Q57 answer ${respondent.answers['Q57']}`);
    }

    // A second run is answered from the cache alone and writes the same bytes.
    const before = await fs.readFile(output, 'utf8');
    const second = await generateFromConfig(config);
    assert.deepEqual(second.conditions[0]!.requests, { total: 16, cached: 16, sent: 0, failed: 0, retries: 0 });
    assert.equal(await fs.readFile(output, 'utf8'), before);

    // The engine reads the generated respondents like any condition file.
    const evaluation = path.join(dir, 'evaluate.yaml');
    const text = await fs.readFile(config, 'utf8');
    await fs.writeFile(evaluation, text.replace(/^ {2}llm: .*$/m, '  llm: { file: generated/llm.jsonl, groupColumn: group }'));
    const experiment = await loadExperiment(evaluation);
    const results = await evaluateExperiment(experiment, { threads: 1, host: 'test' });
    const condition = results.conditions.find((each) => each.name === 'llm');
    assert.equal(condition?.nRespondents, 8);
    assert.equal(condition?.groupAssignment, 'tag');
    const cell = results.marginals.cells.find((each) => each.condition === 'llm' && each.group === 'DEU' && each.item === 'Q46');
    assert.equal(cell?.model.n, 4);
    assert.equal(cell?.model.nValid, 4);
    assert.equal(cell?.invalidShare, 0);
    assert.ok(cell !== undefined && cell.distance !== null && cell.distance >= 0 && cell.distance <= 1);
    const headline = results.headlines.find((each) => each.condition === 'llm');
    assert.equal(headline?.nRespondents, 8);
  });

  it('reads option probabilities from legacy-completion logprobs (SentencePiece pieces) and draws each answer from them', async () => {
    const dir = await makeTempDir();
    const config = await writeExperiment(dir, {
      items: ['Q46', 'Q57'],
      conditions: {
        dist: {
          generate: {
            endpoint: `${server.url}/v1`,
            api: 'openai-completions',
            model: 'stories260K',
            answerMode: 'distribution',
            // The model's digits rank ~100-200th of 512 tokens: ask deep enough to see them.
            topLogprobs: 300,
            maxTokens: 3,
            minCoveredMass: 0,
            respondentsPerGroup: 4,
            persona: { source: 'groups' },
          },
        },
      },
    });
    const run = await generateFromConfig(config);
    const summary = run.conditions[0]!;
    // One prompt per group, item and option order: respondents who see the same prompt share a request.
    assert.deepEqual(summary.requests, { total: 8, cached: 0, sent: 8, failed: 0, retries: 0 });
    assert.deepEqual(summary.answers, { valid: 16, refusal: 0, unparseable: 0, outOfRange: 0 });
    assert.ok(summary.meanCoveredMass! > 0 && summary.meanCoveredMass! < 0.05, `covered ${summary.meanCoveredMass}`);

    const respondents = await readRespondents(path.join(dir, 'generated', 'dist.jsonl'));
    assert.equal(respondents.length, 8);
    for (const respondent of respondents) {
      for (const [item, codes] of [['Q46', ['1', '2', '3', '4']], ['Q57', ['1', '2']]] as const) {
        const probabilities = respondent.probabilities![item]!;
        assert.deepEqual(Object.keys(probabilities), codes);
        const sum = Object.values(probabilities).reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(sum - 1) < 1e-5, `${respondent.id} ${item} sums to ${sum}`);
        assert.ok(Object.values(probabilities).every((p) => p > 0), 'every digit is among the top 300 tokens');
        const covered = respondent.coveredMass![item]!;
        assert.ok(covered > 0 && covered < 1);
        assert.ok(probabilities[String(respondent.answers[item])]! > 0, 'the drawn answer has probability');
      }
    }
    // Respondents shown the same prompt carry the same probabilities.
    const deu1 = respondents.find((each) => each.id === 'DEU-1')!;
    const deu3 = respondents.find((each) => each.id === 'DEU-3')!;
    const deu2 = respondents.find((each) => each.id === 'DEU-2')!;
    assert.deepEqual(deu1.probabilities, deu3.probabilities);
    assert.notDeepEqual(deu1.probabilities, deu2.probabilities);
  });

  it('answers through Ollama’s chat API with a JSON schema, in both answer modes', async () => {
    const dir = await makeTempDir();
    const base = { endpoint: server.url, api: 'ollama', model: 'stories260K', constrain: 'json-schema', respondentsPerGroup: 2 };
    const config = await writeExperiment(dir, {
      items: ['Q57'],
      conditions: {
        sampled: { generate: { ...base, answerMode: 'sampling' } },
        dist: { generate: { ...base, answerMode: 'distribution', topLogprobs: 300, minCoveredMass: 0 } },
      },
    });
    const run = await generateFromConfig(config);
    const [sampled, dist] = run.conditions;
    assert.deepEqual(sampled!.answers, { valid: 4, refusal: 0, unparseable: 0, outOfRange: 0 });
    assert.deepEqual(dist!.answers, { valid: 4, refusal: 0, unparseable: 0, outOfRange: 0 });
    const respondents = await readRespondents(path.join(dir, 'generated', 'dist.jsonl'));
    for (const respondent of respondents) {
      const probabilities = respondent.probabilities!['Q57']!;
      assert.ok(Math.abs(probabilities['1']! + probabilities['2']! - 1) < 1e-5);
    }
  });

  it('refuses to serve a model file whose sha256 is not the expected one', async () => {
    const dir = await makeTempDir();
    const fake = path.join(dir, 'stories260K.gguf');
    const bytes = await fs.readFile(MODEL_FILE);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    await fs.writeFile(fake, bytes);
    await assert.rejects(startRealServer({ REPSCOPE_TEST_MODEL: fake }), /has sha256 [0-9a-f]{64}, expected 270cba1b.*refusing to serve it/);
  });

  it('answers an unknown model with 404 and a prompt beyond the context with 400, as real servers do', async () => {
    const post = (body: unknown) =>
      fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const missing = await post({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as { error: { message: string } }).error.message, /does not exist/);
    const long = await post({ model: 'stories260K', messages: [{ role: 'user', content: 'word '.repeat(2000) }], max_tokens: 4 });
    assert.equal(long.status, 400);
    assert.match(((await long.json()) as { error: { message: string } }).error.message, /maximum context length/);
  });
});
