import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkReplaceable, metaFileOf, writeGeneratedCondition, type GeneratedMeta } from '../../../src/core/generate/output';
import { makeTempDir } from './helpers';

const META = { version: '0.0.0-test', condition: 'llm', respondents: 1, settings: { model: 'm' } };

describe('writing generated respondents', () => {
  it('writes one JSON object per line and a sidecar with the file’s sha256, leaving no temporary files', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'generated', 'llm.jsonl');
    const written = await writeGeneratedCondition(file, [{ id: 'a-1', group: 'a', answers: { Q1: 2, Q2: 'refusal' } }], META, { location: { file: 'x.yaml' } });
    assert.equal(await fs.readFile(file, 'utf8'), '{"id":"a-1","group":"a","answers":{"Q1":2,"Q2":"refusal"}}\n');
    const meta = JSON.parse(await fs.readFile(metaFileOf(file), 'utf8')) as GeneratedMeta;
    assert.equal(meta.generator, 'repscope');
    assert.equal(meta.sha256, written.sha256);
    assert.equal(meta.replaces, undefined);
    assert.deepEqual((await fs.readdir(path.dirname(file))).sort(), ['llm.jsonl', 'llm.jsonl.meta.json']);
  });

  it('accepts the previous file after a crash between the sidecar and the data rename', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'llm.jsonl');
    await writeGeneratedCondition(file, [{ id: 'old' }], META, { location: { file: 'x.yaml' } });
    const oldBytes = await fs.readFile(file);
    await writeGeneratedCondition(file, [{ id: 'new' }], META, { location: { file: 'x.yaml' } });
    const meta = JSON.parse(await fs.readFile(metaFileOf(file), 'utf8')) as GeneratedMeta;
    assert.ok(meta.replaces);
    // The sidecar is new, the data still old: as if the process died between the two renames.
    await fs.writeFile(file, oldBytes);
    assert.deepEqual((await checkReplaceable(file)).ok, true);
    await fs.writeFile(file, '{"id": "hand-edited"}\n');
    assert.deepEqual(await checkReplaceable(file), { ok: false, reason: 'it was changed since RepScope generated it' });
  });

  it('refuses a sidecar that RepScope did not write', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'llm.jsonl');
    await fs.writeFile(file, '{}\n');
    await fs.writeFile(metaFileOf(file), '{"generator": "someone else"}');
    assert.deepEqual(await checkReplaceable(file), { ok: false, reason: 'its llm.jsonl.meta.json was not written by RepScope' });
    assert.deepEqual(await checkReplaceable(path.join(dir, 'absent.jsonl')), { ok: true });
  });
});
