import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { generateSample, SAMPLE_CONFIG_FILE } from '../../../src/core/sample';
import { expandItems, fileContent, groupPredicate, readCodebook, readConfig, readCsv, readHumans } from './measure';

const sample = generateSample();
const scales = readCodebook(sample);
const itemIds = scales.map((scale) => scale.id);

function rowsOf(path: string): Record<string, string>[] {
  const { header, rows } = readCsv(fileContent(sample, path));
  return rows.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])));
}

describe('generateSample determinism', () => {
  const small = { respondents: 1200, modelRespondentsPerGroup: 120 };

  it('gives byte-identical files for the same seed', () => {
    assert.deepEqual(generateSample({ ...small, seed: 7 }), generateSample({ ...small, seed: 7 }));
  });

  it('changes every data file, but not the config, for another seed', () => {
    const first = generateSample({ ...small, seed: 7 });
    const second = generateSample({ ...small, seed: 8 });
    for (const path of ['data/human.csv', 'model/finetuned.csv', 'model/persona.jsonl']) {
      assert.notEqual(fileContent(first, path), fileContent(second, path), path);
    }
    assert.equal(fileContent(first, 'experiment.yaml'), fileContent(second, 'experiment.yaml'));
  });

  it('rejects a respondent count that is not a positive integer', () => {
    assert.throws(() => generateSample({ respondents: 0 }), /generateSample: respondents must be a positive integer/);
    assert.throws(() => generateSample({ modelRespondentsPerGroup: 2.5 }), /modelRespondentsPerGroup/);
  });

  it('generates the default sample in well under two seconds', () => {
    const started = performance.now();
    generateSample();
    assert.ok(performance.now() - started < 2000);
  });
});

describe('the sample files', () => {
  it('lists the six files under relative posix paths, the config first', () => {
    assert.deepEqual(
      sample.files.map((file) => file.path),
      [SAMPLE_CONFIG_FILE, 'codebook.yaml', 'data/human.csv', 'model/finetuned.csv', 'model/persona.jsonl', 'README.md'],
    );
  });

  it('has 5000 human respondents with the WVS demographic columns and 38 items', () => {
    const { header, rows } = readCsv(fileContent(sample, 'data/human.csv'));
    assert.equal(rows.length, 5000);
    assert.deepEqual(header.slice(0, 6), ['D_INTERVIEW', 'B_COUNTRY_ALPHA', 'W_WEIGHT', 'Q260', 'Q262', 'Q240']);
    assert.deepEqual(header.slice(6), itemIds);
    assert.equal(itemIds.length, 38);
    assert.ok(rows.every((row) => row.length === header.length));
  });

  it('splits the humans about evenly between DEU and USA', () => {
    const rows = rowsOf('data/human.csv');
    const germans = rows.filter((row) => row.B_COUNTRY_ALPHA === 'DEU').length;
    assert.ok(rows.every((row) => row.B_COUNTRY_ALPHA === 'DEU' || row.B_COUNTRY_ALPHA === 'USA'));
    assert.ok(germans > 2350 && germans < 2650, `DEU: ${germans}`);
  });

  it('gives positive weights between 0.3 and 3 with mean 1 in each country', () => {
    const rows = rowsOf('data/human.csv');
    for (const country of ['DEU', 'USA']) {
      const weights = rows.filter((row) => row.B_COUNTRY_ALPHA === country).map((row) => Number(row.W_WEIGHT));
      const mean = weights.reduce((sum, weight) => sum + weight, 0) / weights.length;
      assert.ok(Math.abs(mean - 1) < 0.02, `${country} mean weight ${mean}`);
      assert.ok(Math.min(...weights) >= 0.3 && Math.max(...weights) <= 3);
      assert.ok(Math.max(...weights) / Math.min(...weights) > 4, 'weights vary');
    }
  });

  it('keeps sex, age and left-right within their WVS codes', () => {
    for (const row of rowsOf('data/human.csv')) {
      assert.ok(row.Q260 === '1' || row.Q260 === '2');
      const age = Number(row.Q262);
      assert.ok(Number.isInteger(age) && age >= 18 && age <= 85);
      const leftRight = Number(row.Q240);
      assert.ok((leftRight >= 1 && leftRight <= 10) || leftRight === -1 || leftRight === -2);
    }
  });

  it('keeps every human answer within its scale or a negative missing code, about 5% missing of all five kinds', () => {
    const rows = rowsOf('data/human.csv');
    const kinds = new Map<number, number>();
    for (const row of rows) {
      for (const scale of scales) {
        const code = Number(row[scale.id]);
        if (code < 0) kinds.set(code, (kinds.get(code) ?? 0) + 1);
        else assert.ok(scale.codes.includes(code), `${scale.id} = ${code}`);
      }
    }
    const missing = [...kinds.values()].reduce((sum, count) => sum + count, 0) / (rows.length * scales.length);
    assert.deepEqual([...kinds.keys()].sort(), [-1, -2, -3, -4, -5]);
    assert.ok(missing > 0.04 && missing < 0.06, `missing share ${missing}`);
  });

  it('marks Q110 as not asked (-4) in every German row and nowhere else', () => {
    for (const row of rowsOf('data/human.csv')) {
      const notAsked = Object.entries(row).filter(([, value]) => value === '-4').map(([column]) => column);
      assert.deepEqual(notAsked, row.B_COUNTRY_ALPHA === 'DEU' ? ['Q110'] : []);
    }
  });

  it('holds 500 fine-tuned respondents per configured group, every answer a valid code', () => {
    const config = readConfig(sample);
    const { header } = readCsv(fileContent(sample, 'model/finetuned.csv'));
    const rows = rowsOf('model/finetuned.csv');
    assert.deepEqual(header, ['id', 'group', ...itemIds]);
    assert.equal(rows.length, 4000);
    for (const group of Object.keys(config.groups)) assert.equal(rows.filter((row) => row.group === group).length, 500, group);
    for (const row of rows) for (const scale of scales) assert.ok(scale.codes.includes(Number(row[scale.id])), `${scale.id} = ${row[scale.id]}`);
    assert.equal(new Set(rows.map((row) => row.id)).size, rows.length);
  });

  it('holds 500 persona respondents per group as JSONL, with about 1.5% unusable replies', () => {
    const lines = fileContent(sample, 'model/persona.jsonl').trimEnd().split('\n');
    const records = lines.map((line) => JSON.parse(line) as { id: string; group: string; answers: Record<string, unknown> });
    assert.equal(records.length, 4000);
    assert.equal(new Set(records.map((record) => record.id)).size, 4000);
    const counts = { refusal: 0, unparseable: 0, outOfRange: 0, label: 0, code: 0 };
    for (const record of records) {
      assert.deepEqual(Object.keys(record.answers), itemIds);
      for (const scale of scales) {
        const answer = record.answers[scale.id];
        if (answer === 'refusal') counts.refusal++;
        else if (answer === 'unparseable') counts.unparseable++;
        else if (typeof answer === 'string') {
          assert.ok(scale.labels.has(answer.toLowerCase()), `${scale.id}: "${answer}" is an option text`);
          counts.label++;
        } else if (typeof answer === 'number' && scale.codes.includes(answer)) counts.code++;
        else {
          assert.equal(answer, (scale.codes[scale.codes.length - 1] ?? 0) + 1, `${scale.id} out of range by one`);
          counts.outOfRange++;
        }
      }
    }
    const cells = records.length * scales.length;
    const unusable = (counts.refusal + counts.unparseable + counts.outOfRange) / cells;
    assert.ok(unusable > 0.01 && unusable < 0.02, `unusable share ${unusable}`);
    assert.ok(counts.refusal > 100 && counts.unparseable > 100 && counts.outOfRange > 50 && counts.label > 100, JSON.stringify(counts));
  });

  it('answers a 1-10 item out of range with 11, and gives option text such as "Very important"', () => {
    const text = fileContent(sample, 'model/persona.jsonl');
    assert.match(text, /"Q164":11[,}]/);
    assert.match(text, /"Very important"/);
  });
});

describe('the sample config and codebook', () => {
  const config = readConfig(sample);

  it('follows the config contract: human data, weight, codebook, items, groups, two conditions, seed, output', () => {
    assert.equal(config.human.file, 'data/human.csv');
    assert.equal(config.human.weight, 'W_WEIGHT');
    assert.equal(config.codebook, 'codebook.yaml');
    assert.deepEqual(Object.keys(config.conditions), ['finetuned', 'persona']);
    assert.equal(config.conditions.finetuned?.file, 'model/finetuned.csv');
    assert.equal(config.conditions.persona?.file, 'model/persona.jsonl');
    assert.equal(config.conditions.persona?.format, 'jsonl');
    assert.equal(config.conditions.finetuned?.groupColumn, 'group');
    assert.equal(config.seed, 20260101);
    assert.equal(config.output, 'runs');
    const paths = sample.files.map((file) => file.path);
    for (const path of [config.human.file, config.codebook, ...Object.values(config.conditions).map((condition) => condition.file)]) {
      assert.ok(paths.includes(path), path);
    }
  });

  it('uses a range, explicit ids and an item set, which expand to exactly the codebook items', () => {
    assert.ok(config.items.includes('Q1-Q6'));
    assert.ok(config.items.includes('Q57'));
    assert.ok(config.items.some((entry) => entry.startsWith('@')));
    assert.deepEqual(expandItems(config), itemIds);
  });

  it('defines at least six overlapping groups on columns of the human data, each with 100+ respondents', () => {
    const humans = readHumans(sample, scales);
    const groups = Object.entries(config.groups);
    assert.ok(groups.length >= 6);
    for (const [name, definition] of groups) {
      const size = humans.filter(groupPredicate(definition)).length;
      assert.ok(size >= 100, `${name}: ${size}`);
    }
    const total = groups.reduce((sum, [, definition]) => sum + humans.filter(groupPredicate(definition)).length, 0);
    assert.ok(total > 2 * humans.length, 'groups overlap');
  });

  it('gives every codebook item a label, a type and a scale, with option codes inside it', () => {
    const codebook = parseYaml(fileContent(sample, 'codebook.yaml')) as Record<string, Record<string, unknown>>;
    assert.deepEqual(codebook.Q46, {
      label: 'Feeling of happiness',
      type: 'ordinal',
      min: 1,
      max: 4,
      options: { '1': 'Very happy', '2': 'Rather happy', '3': 'Not very happy', '4': 'Not at all happy' },
    });
    assert.deepEqual(codebook.Q57?.codes, [1, 2]);
    assert.equal(codebook.Q57?.type, 'binary');
    assert.equal(codebook.Q152?.type, 'nominal');
    for (const scale of scales) {
      assert.ok(typeof codebook[scale.id]?.label === 'string' && String(codebook[scale.id]?.label).length > 3, scale.id);
      assert.ok(scale.codes.length >= 2, scale.id);
      for (const code of scale.labels.values()) assert.ok(scale.codes.includes(code), `${scale.id} option ${code}`);
    }
  });

  it('explains itself: comments in the config and a README that promises the reversal', () => {
    const yamlText = fileContent(sample, 'experiment.yaml');
    assert.ok(yamlText.split('\n').filter((line) => line.trimStart().startsWith('#')).length > 20);
    assert.match(fileContent(sample, 'README.md'), /synthetic/);
    assert.match(fileContent(sample, 'README.md'), /reversal/);
  });
});
