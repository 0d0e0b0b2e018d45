import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { InputError, InputErrors } from '../../../src/core/errors';
import { loadGenerationSetup } from '../../../src/core/generate/experiment';
import { makeTempDir, writeExperiment } from './helpers';

const VALID = { endpoint: 'http://127.0.0.1:9/v1', api: 'openai-chat', model: 'm' };

async function problems(generate: Record<string, unknown>, condition: Record<string, unknown> = {}): Promise<InputError[]> {
  const dir = await makeTempDir();
  const config = await writeExperiment(dir, { conditions: { llm: { ...condition, generate } } });
  try {
    await loadGenerationSetup(config);
  } catch (error) {
    if (error instanceof InputErrors) return [...error.errors];
    if (error instanceof InputError) return [error];
    throw error;
  }
  return [];
}

describe('the generate block', () => {
  it('resolves defaults: sampling, 100 per group, the experiment seed, generated/<name>.jsonl and .repscope-cache', async () => {
    const dir = await makeTempDir();
    const config = await writeExperiment(dir, { conditions: { llm: { generate: VALID } } });
    const setup = await loadGenerationSetup(config);
    const [generate] = setup.conditions;
    assert.ok(generate);
    assert.equal(generate.url, 'http://127.0.0.1:9/v1/chat/completions');
    assert.equal(generate.answerMode, 'sampling');
    assert.equal(generate.respondentsPerGroup, 100);
    assert.equal(generate.seed, 7);
    assert.equal(generate.reverseOptions, 'alternate');
    assert.equal(generate.maxTokens, 16);
    assert.equal(generate.topLogprobs, 20);
    assert.equal(generate.outputFile, path.join(dir, 'generated', 'llm.jsonl'));
    assert.equal(generate.cacheDir, path.join(dir, '.repscope-cache'));
    // The default prompt uses {persona}: the groups' descriptions are the personas.
    assert.deepEqual(generate.persona, {
      source: 'groups',
      descriptions: new Map([
        ['DEU', 'a person living in Germany'],
        ['USA', 'a person living in the United States'],
      ]),
    });
    assert.equal(setup.experiment.items.length, 3);
  });

  it('uses the condition’s file as the output', async () => {
    const dir = await makeTempDir();
    const config = await writeExperiment(dir, { conditions: { llm: { file: 'out/llm.jsonl', generate: VALID } } });
    const setup = await loadGenerationSetup(config);
    assert.equal(setup.conditions[0]!.outputFile, path.join(dir, 'out', 'llm.jsonl'));
  });

  it('does not need other conditions’ files to exist', async () => {
    const dir = await makeTempDir();
    const config = await writeExperiment(dir, { conditions: { llm: { generate: VALID }, other: { file: 'missing.csv', groupColumn: 'group' } } });
    const setup = await loadGenerationSetup(config);
    assert.deepEqual(setup.conditions.map((condition) => condition.condition), ['llm']);
  });

  it('reports unknown fields with a suggestion, at the key', async () => {
    const [error, ...rest] = await problems({ ...VALID, temprature: 0.5 });
    assert.equal(rest.length, 0);
    assert.match(error!.message, /unknown field `temprature`.*did you mean `temperature`\?/);
    // `  llm: {"generate": {..., "temprature": 0.5}}` is line 11; the column is that of the key.
    assert.equal(error!.location.line, 11);
    const lineText = (await import('node:fs')).readFileSync(error!.location.file, 'utf8').split('\n')[10]!;
    assert.equal(lineText.slice(error!.location.column! - 1).startsWith('"temprature"'), true);
  });

  it('needs endpoint, api and model', async () => {
    const errors = await problems({});
    const text = errors.map((error) => error.detail).join('\n');
    assert.match(text, /needs `endpoint`/);
    assert.match(text, /needs `api`/);
    assert.match(text, /needs `model`/);
  });

  it('checks values and ranges', async () => {
    const errors = await problems({ ...VALID, api: 'openai', temperature: 3, respondentsPerGroup: 0.5, endpoint: 'localhost:8000' });
    const text = errors.map((error) => error.detail).join('\n');
    assert.match(text, /`conditions.llm.generate.api` should be one of `openai-chat`, `openai-completions`, `ollama`/);
    assert.match(text, /`conditions.llm.generate.temperature` should be a number from 0 to 2/);
    assert.match(text, /`conditions.llm.generate.respondentsPerGroup` should be a whole number of at least 1/);
    assert.match(text, /should be an http:\/\/ or https:\/\/ URL/);
  });

  it('refuses an API key written where the variable name belongs', async () => {
    const [error] = await problems({ ...VALID, apiKeyEnv: 'sk-abc123-secret' });
    assert.match(error!.detail, /the NAME of an environment variable/);
  });

  it('checks prompt placeholders', async () => {
    const errors = await problems({ ...VALID, prompt: 'You are {persona}. {question} {answers}' });
    const text = errors.map((error) => error.detail).join('\n');
    assert.match(text, /unknown placeholder `\{answers\}`/);
    assert.match(text, /needs the placeholder `\{options\}`/);
  });

  it('checks persona descriptions against the groups', async () => {
    const [error] = await problems({ ...VALID, persona: { source: 'groups', descriptions: { DEUU: 'x' } } });
    assert.match(error!.detail, /`DEUU` is not a group of the config; did you mean `DEU`\?/);
  });

  it('needs persona columns to describe values', async () => {
    const [error] = await problems({ ...VALID, persona: { source: 'respondents', columns: { Q262: 'years old' } } });
    assert.match(error!.detail, /should contain `\{value\}`/);
  });

  it('keeps extraBody from replacing fields RepScope sets', async () => {
    const [error] = await problems({ ...VALID, extraBody: { temperature: 2, top_k: 3 } });
    assert.match(error!.detail, /`temperature` is set by RepScope/);
  });

  it('rejects constraints the API style does not offer', async () => {
    const [error] = await problems({ ...VALID, api: 'ollama', constrain: 'grammar' });
    assert.match(error!.detail, /Ollama offers only `json-schema`/);
    const [legacy] = await problems({ ...VALID, api: 'openai-completions', constrain: 'json-schema' });
    assert.match(legacy!.detail, /not offered by legacy completions/);
  });

  it('writes JSON Lines only', async () => {
    const [error] = await problems(VALID, { file: 'out/llm.csv' });
    assert.match(error!.detail, /written as JSON Lines; name the file `.jsonl`/);
    assert.equal(error!.location.field, 'conditions.llm.file');
  });

  it('questions must name items of the experiment', async () => {
    const [error] = await problems({ ...VALID, questions: { Q64: 'How happy?' } });
    assert.match(error!.detail, /`Q64` is not one of the experiment's items; did you mean `Q46`\?/);
  });

  it('asks for personas when the prompt wants one and there are no groups to describe', async () => {
    const dir = await makeTempDir();
    const config = await writeExperiment(dir, { groups: 'none', conditions: { llm: { generate: VALID } } });
    await assert.rejects(loadGenerationSetup(config), /the prompt uses `\{persona\}` but the config has no groups to describe/);
  });
});

