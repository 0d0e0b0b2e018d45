import { fixtures, repoRoot, withoutLocations } from './helpers';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { InputErrors } from '../../../src/core/errors';
import { loadExperiment, resolveExperiment } from '../../../src/core/config/resolve';
import type { ResolveIo } from '../../../src/core/config/resolve';
import type { ResolvedExperiment, ResolvedItem } from '../../../src/core/config/resolved';
import { parseSourceText, readSourceFileSync } from '../../../src/core/config/parse';
import type { ParsedSource } from '../../../src/core/config/parse';

const contractFile = `${fixtures}/contract/experiment.yaml`;
const contractDir = path.join(repoRoot, fixtures, 'contract');
const formsDir = `${fixtures}/forms`;

/** Every file exists; no codebook unless given. Keeps option tests independent of the disk. */
function memoryIo(codebooks: Record<string, string> = {}): ResolveIo {
  return {
    fileStatus: () => 'file',
    readCodebook: (absolutePath, displayPath) => {
      const text = codebooks[path.basename(absolutePath)];
      return text === undefined ? undefined : parseSourceText(text, displayPath);
    },
  };
}

const MINIMAL = `name: Minimal
human:
  file: data/human.csv
items: [Q1]
conditions:
  finetuned: { file: model/finetuned.csv }
`;

/** The minimal config with extra top-level YAML appended (later keys must not repeat earlier ones). */
function resolveWith(extra: string, io: ResolveIo = memoryIo(), base = MINIMAL): ResolvedExperiment {
  return resolveExperiment(parseSourceText(base + extra, `${formsDir}/experiment.yaml`), io);
}

function messagesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InputErrors) return error.errors.map((entry) => entry.message);
    throw error;
  }
  assert.fail('expected InputErrors');
}

const ordinal = (min: number, max: number) => ({ type: 'ordinal' as const, min, max });

describe('the contract example (docs/config-contract.yaml)', () => {
  it('is the file the fixture resolves, byte for byte', () => {
    assert.equal(readFileSync(contractFile, 'utf8'), readFileSync('docs/config-contract.yaml', 'utf8'));
  });

  it('resolves to the expected experiment', async () => {
    const resolved = await loadExperiment(contractFile);
    const item = (id: string, label: string, scale: ResolvedItem['scale'], optionLabels: Record<string, string> = {}): ResolvedItem => ({
      id,
      label,
      scale,
      optionLabels,
    });
    const expected: ResolvedExperiment = {
      configFile: path.join(contractDir, 'experiment.yaml'),
      configHash: createHash('sha256').update(readFileSync(contractFile)).digest('hex'),
      name: 'Sample - persona prompting vs fine-tuning',
      description: 'Two model conditions against synthetic WVS-like respondents.',
      codebook: {
        file: path.join(contractDir, 'codebook.yaml'),
        sha256: createHash('sha256').update(readFileSync(`${fixtures}/contract/codebook.yaml`)).digest('hex'),
      },
      human: {
        file: path.join(contractDir, 'data', 'human.csv'),
        weight: ['W_WEIGHT'],
        filters: [{ column: 'B_COUNTRY_ALPHA', op: 'in', values: ['DEU', 'USA'] }],
      },
      missing: { negative: true, codes: [99] },
      items: [
        item('Q1', 'Important in life: Family', ordinal(1, 4)),
        item('Q2', 'Important in life: Friends', ordinal(1, 4)),
        item('Q3', 'Important in life: Leisure time', ordinal(1, 4)),
        item('Q4', 'Important in life: Politics', ordinal(1, 4)),
        item('Q5', 'Important in life: Work', ordinal(1, 4)),
        // min/max from the option codes, the missing code -1 left out
        item('Q6', 'Important in life: Religion', ordinal(1, 4), {
          '-1': "Don't know",
          '1': 'Very important',
          '2': 'Rather important',
          '3': 'Not very important',
          '4': 'Not at all important',
        }),
        // the inline label overrides the codebook's; the codebook's options stay
        item('Q46', 'Feeling of happiness', ordinal(1, 4), { '1': 'Very happy', '2': 'Rather happy', '3': 'Not very happy', '4': 'Not at all happy' }),
        item('Q57', 'Most people can be trusted', { type: 'binary', codes: [1, 2] }, { '1': 'Most people can be trusted', '2': 'Need to be very careful' }),
        item('Q58', 'Trust: Your family', ordinal(1, 4)),
        item('Q59', 'Trust: Your neighborhood', ordinal(1, 4)),
        item('Q60', 'Trust: People you know personally', ordinal(1, 4)),
        item('Q61', 'Trust: People you meet for the first time', ordinal(1, 4)),
        item('Q62', 'Trust: People of another religion', ordinal(1, 4)),
        item('Q63', 'Q63', undefined),
      ],
      groups: [
        { name: 'left', rules: [{ column: 'Q240', op: 'in', values: [1, 2, 3] }] },
        { name: 'right', rules: [{ column: 'Q240', op: 'range', min: 8, max: 10 }] },
        { name: 'female', rules: [{ column: 'Q260', op: 'equals', value: 2 }] },
        { name: 'not_deu', rules: [{ column: 'B_COUNTRY_ALPHA', op: 'notIn', values: ['DEU'] }] },
        {
          name: 'young_left',
          description: 'Under 30 and left of centre',
          rules: [
            { column: 'Q262', op: 'range', max: 29 },
            { column: 'Q240', op: 'in', values: [1, 2, 3] },
          ],
        },
      ],
      headlineGroups: [],
      conditions: [
        {
          name: 'finetuned',
          file: path.join(contractDir, 'model', 'finetuned.csv'),
          format: 'wide',
          groupColumn: 'group',
          respondentColumn: 'id',
          itemColumn: 'item',
          answerColumn: 'answer',
        },
        {
          name: 'persona',
          description: 'Persona prompting of the base model',
          file: path.join(contractDir, 'model', 'persona.jsonl'),
          format: 'jsonl',
          groupColumn: 'group',
          respondentColumn: 'id',
          itemColumn: 'item',
          answerColumn: 'answer',
        },
        {
          name: 'longform',
          file: path.join(contractDir, 'model', 'long.csv'),
          format: 'long',
          respondentColumn: 'id',
          itemColumn: 'item',
          answerColumn: 'answer',
        },
      ],
      metrics: {
        correlation: ['pearson', 'spearman'],
        minGroupSizeForStructure: 100,
        modeCollapseShare: 0.9,
        varianceCollapseRatio: 0.5,
        minCellSize: 10,
        invalidAnswers: 'exclude',
        groupMeanLevel: true,
        invalidShareWarning: 0.1,
        polychoricThresholds: 'pairwise',
        smoothPolychoric: false,
        components: 3,
        mantelPermutations: 999,
        bootstrap: 1000,
        resampleHumans: true,
        itemFdr: 0.05,
      },
      seed: 20260101,
      output: path.join(contractDir, 'runs'),
    };
    assert.deepEqual(withoutLocations(resolved), expected);
  });

  it('locates items at the list entry that named them, groups and conditions at their names', async () => {
    const resolved = await loadExperiment(contractFile);
    const byId = new Map(resolved.items.map((entry) => [entry.id, entry.location]));
    assert.deepEqual(byId.get('Q3'), { file: contractFile, field: 'items[0]', line: 15, column: 5, endLine: 15, endColumn: 10 });
    assert.deepEqual(byId.get('Q46'), { file: contractFile, field: 'items[1]', line: 16, column: 5, endLine: 16, endColumn: 8 });
    // items from a set point into the set: the most precise place for "not in the data"
    assert.deepEqual(byId.get('Q57'), { file: contractFile, field: 'itemSets.trust[0]', line: 19, column: 11, endLine: 19, endColumn: 14 });
    assert.deepEqual(byId.get('Q60'), { file: contractFile, field: 'itemSets.trust[1]', line: 19, column: 16, endLine: 19, endColumn: 23 });
    assert.deepEqual(resolved.groups[4]?.location, { file: contractFile, field: 'groups.young_left', line: 29, column: 3, endLine: 29, endColumn: 13 });
    assert.deepEqual(resolved.groups[4]?.rules[0]?.location, {
      file: contractFile,
      field: 'groups.young_left.rules.Q262',
      line: 31,
      column: 14,
      endLine: 31,
      endColumn: 18,
    });
    assert.deepEqual(resolved.conditions[1]?.location, { file: contractFile, field: 'conditions.persona', line: 36, column: 3, endLine: 36, endColumn: 10 });
    assert.deepEqual(resolved.human.weightLocation, { file: contractFile, field: 'human.weight', line: 7, column: 11, endLine: 7, endColumn: 19 });
  });

  it('gives the same result synchronously as loadExperiment', async () => {
    const parsed = readSourceFileSync(contractFile);
    assert.deepEqual(resolveExperiment(parsed), await loadExperiment(contractFile));
  });
});

describe('defaults', () => {
  it('fills metrics, seed, output, missing codes and long-format columns as the contract documents', () => {
    const resolved = resolveWith('');
    assert.deepEqual(resolved.metrics, {
      correlation: ['pearson', 'spearman'],
      minGroupSizeForStructure: 100,
      modeCollapseShare: 0.9,
      varianceCollapseRatio: 0.5,
      minCellSize: 10,
      invalidAnswers: 'exclude',
      groupMeanLevel: true,
      invalidShareWarning: 0.1,
        polychoricThresholds: 'pairwise',
        smoothPolychoric: false,
        components: 3,
        mantelPermutations: 999,
        bootstrap: 1000,
        resampleHumans: true,
        itemFdr: 0.05,
    });
    assert.equal(resolved.seed, 1);
    assert.equal(resolved.output, path.join(repoRoot, formsDir, 'runs'));
    assert.deepEqual(resolved.missing, { negative: true, codes: [] });
    assert.deepEqual(resolved.human.weight, []);
    assert.deepEqual(resolved.human.filters, []);
    assert.deepEqual(resolved.groups, []);
    assert.equal(resolved.codebook, undefined);
    assert.equal(resolved.description, undefined);
    const condition = resolved.conditions[0];
    assert.deepEqual([condition?.respondentColumn, condition?.itemColumn, condition?.answerColumn], ['id', 'item', 'answer']);
    assert.equal(condition?.groupColumn, undefined);
  });

  it('keeps given metrics and fills only the missing ones', () => {
    const resolved = resolveWith('metrics: { correlation: [spearman], minCellSize: 30 }\nseed: 7\noutput: /tmp/repscope-runs\n');
    assert.deepEqual(resolved.metrics.correlation, ['spearman']);
    assert.equal(resolved.metrics.minCellSize, 30);
    assert.equal(resolved.metrics.modeCollapseShare, 0.9);
    assert.equal(resolved.seed, 7);
    assert.equal(resolved.output, '/tmp/repscope-runs');
  });
});

describe('the human data', () => {
  it('splits a weight product into its columns', () => {
    const base = MINIMAL.replace('  file: data/human.csv\n', '  file: data/human.csv\n  weight: "W_WEIGHT * S018"\n');
    assert.deepEqual(resolveWith('', memoryIo(), base).human.weight, ['W_WEIGHT', 'S018']);
  });

  it('reads missing codes under human.missing', () => {
    const base = MINIMAL.replace('  file: data/human.csv\n', '  file: data/human.csv\n  missing: { negative: false, codes: [99, 98] }\n');
    assert.deepEqual(resolveWith('', memoryIo(), base).missing, { negative: false, codes: [99, 98] });
  });

  it('makes paths absolute relative to the config folder', () => {
    const resolved = resolveWith('');
    assert.equal(resolved.human.file, path.join(repoRoot, formsDir, 'data', 'human.csv'));
    assert.equal(resolved.conditions[0]?.file, path.join(repoRoot, formsDir, 'model', 'finetuned.csv'));
    assert.equal(resolved.configFile, path.join(repoRoot, formsDir, 'experiment.yaml'));
  });
});

describe('rules of groups and filters', () => {
  const rulesOf = (rule: string) => withoutLocations(resolveWith(`groups:\n  g: { Q240: ${rule} }\n`).groups[0]?.rules);

  it('reads a scalar as equals', () => assert.deepEqual(rulesOf('2'), [{ column: 'Q240', op: 'equals', value: 2 }]));
  it('reads text as equals on text', () => assert.deepEqual(rulesOf('DEU'), [{ column: 'Q240', op: 'equals', value: 'DEU' }]));
  it('reads a list as in', () => assert.deepEqual(rulesOf('[1, 2, 3]'), [{ column: 'Q240', op: 'in', values: [1, 2, 3] }]));
  it('reads {in}', () => assert.deepEqual(rulesOf('{ in: [DEU, 840] }'), [{ column: 'Q240', op: 'in', values: ['DEU', 840] }]));
  it('reads {notIn}', () => assert.deepEqual(rulesOf('{ notIn: [DEU] }'), [{ column: 'Q240', op: 'notIn', values: ['DEU'] }]));
  it('reads {equals}', () => assert.deepEqual(rulesOf('{ equals: 5 }'), [{ column: 'Q240', op: 'equals', value: 5 }]));
  it('reads {min, max}', () => assert.deepEqual(rulesOf('{ min: 8, max: 10 }'), [{ column: 'Q240', op: 'range', min: 8, max: 10 }]));
  it('reads {min} alone', () => assert.deepEqual(rulesOf('{ min: 8 }'), [{ column: 'Q240', op: 'range', min: 8 }]));
  it('reads {max} alone', () => assert.deepEqual(rulesOf('{ max: 3.5 }'), [{ column: 'Q240', op: 'range', max: 3.5 }]));

  it('keeps the written order of several rules and reads the described form', () => {
    const resolved = resolveWith('groups:\n  g:\n    description: Young women\n    rules: { Q262: { max: 29 }, Q260: 2 }\n');
    assert.deepEqual(withoutLocations(resolved.groups), [
      {
        name: 'g',
        description: 'Young women',
        rules: [
          { column: 'Q262', op: 'range', max: 29 },
          { column: 'Q260', op: 'equals', value: 2 },
        ],
      },
    ]);
  });

  it('accepts a group without rules (every respondent)', () => {
    assert.deepEqual(withoutLocations(resolveWith('groups:\n  all: {}\n').groups), [{ name: 'all', rules: [] }]);
  });

  it('uses the same forms for human.filter', () => {
    const base = MINIMAL.replace('  file: data/human.csv\n', '  file: data/human.csv\n  filter: { B_COUNTRY_ALPHA: { notIn: [DEU] }, Q262: { min: 18 } }\n');
    assert.deepEqual(withoutLocations(resolveWith('', memoryIo(), base).human.filters), [
      { column: 'B_COUNTRY_ALPHA', op: 'notIn', values: ['DEU'] },
      { column: 'Q262', op: 'range', min: 18 },
    ]);
  });

  it('rejects a range whose min is above its max', () => {
    assert.deepEqual(messagesOf(() => resolveWith('groups:\n  g: { Q240: { min: 10, max: 8 } }\n')), [
      `${formsDir}/experiment.yaml:8:14: \`groups.g.Q240\` has \`min\` 10 above \`max\` 8; no respondent can match`,
    ]);
  });

  it('rejects a description mixed into the short form', () => {
    assert.deepEqual(messagesOf(() => resolveWith('groups:\n  g: { description: Women, Q260: 2 }\n')), [
      `${formsDir}/experiment.yaml:8:8: \`groups.g\` mixes a description with its rules; write \`g: { description: ..., rules: { ... } }\` (groups.g.description)`,
    ]);
  });
});

describe('item lists', () => {
  const idsOf = (items: string, extra = '') =>
    resolveWith(extra, memoryIo(), MINIMAL.replace('items: [Q1]\n', `items: ${items}\n`)).items.map((entry) => entry.id);

  it('expands a range', () => assert.deepEqual(idsOf('[Q1-Q4]'), ['Q1', 'Q2', 'Q3', 'Q4']));
  it('keeps zero padding', () => assert.deepEqual(idsOf('[V08-V11]'), ['V08', 'V09', 'V10', 'V11']));
  it('expands sets, also nested ones', () => {
    assert.deepEqual(idsOf('[Q46, "@values"]', 'itemSets:\n  trust: [Q57, Q58-Q59]\n  values: ["@trust", Y002]\n'), ['Q46', 'Q57', 'Q58', 'Q59', 'Y002']);
  });
  it('keeps the first place of an item named twice', () => {
    assert.deepEqual(idsOf('[Q3, Q1-Q4, "@s", Q2]', 'itemSets:\n  s: [Q4, Q5]\n'), ['Q3', 'Q1', 'Q2', 'Q4', 'Q5']);
  });
  it('rejects a set that includes itself', () => {
    assert.deepEqual(messagesOf(() => idsOf('["@a"]', 'itemSets:\n  a: ["@b"]\n  b: [Q1, "@a"]\n')), [
      `${formsDir}/experiment.yaml:9:11: the item set \`@a\` includes itself (\`@a\` -> \`@b\` -> \`@a\`) (itemSets.b[1])`,
    ]);
  });
  it('reports mistakes in sets that no list uses', () => {
    assert.deepEqual(messagesOf(() => idsOf('[Q1]', 'itemSets:\n  unused: [Q9-Q2]\n')), [
      `${formsDir}/experiment.yaml:8:12: the range \`Q9-Q2\` runs backwards; write it as \`Q2-Q9\` (itemSets.unused[0])`,
    ]);
  });
  it('rejects ranges with different prefixes', () => {
    assert.deepEqual(messagesOf(() => idsOf('[Q1-V3]')), [
      `${formsDir}/experiment.yaml:4:9: the range \`Q1-V3\` has different prefixes (\`Q\` and \`V\`); both ends need the same one, as in \`Q1-Q6\` (items[0])`,
    ]);
  });
});

describe('scales', () => {
  const codebook = `Q1: { label: Family, type: ordinal, min: 1, max: 4, options: { "1": Very important, "4": Not at all important } }
Q7: { label: Good manners, type: binary }
Q152: { label: Aims of country, type: nominal, options: { "1": Economic growth, "2": Defence, "3": Say at work, "4": Beautiful places } }
`;
  const withCodebook = (items: string, extra: string) =>
    resolveWith(`codebook: codebook.yaml\n${extra}`, memoryIo({ 'codebook.yaml': codebook }), MINIMAL.replace('items: [Q1]\n', `items: ${items}\n`));

  it('takes label, scale and options from the codebook', () => {
    const [family, manners, aims] = withCodebook('[Q1, Q7, Q152]', '').items;
    assert.deepEqual(withoutLocations(family), {
      id: 'Q1',
      label: 'Family',
      scale: ordinal(1, 4),
      optionLabels: { '1': 'Very important', '4': 'Not at all important' },
    });
    // binary without codes or options: the WVS "mentioned" codes
    assert.deepEqual(manners?.scale, { type: 'binary', codes: [1, 2] });
    assert.deepEqual(aims?.scale, { type: 'nominal', codes: [1, 2, 3, 4] });
  });

  it('lets inline scales override the codebook field by field', () => {
    const [family, aims] = withCodebook('[Q1, Q152]', 'scales:\n  Q1: { max: 5 }\n  Q152: { label: Country aims, codes: [1, 2] }\n').items;
    assert.deepEqual(withoutLocations(family), {
      id: 'Q1',
      label: 'Family',
      scale: ordinal(1, 5),
      optionLabels: { '1': 'Very important', '4': 'Not at all important' },
    });
    assert.equal(aims?.label, 'Country aims');
    assert.deepEqual(aims?.scale, { type: 'nominal', codes: [1, 2] });
  });

  it('lets an inline type replace the codebook type', () => {
    const [manners] = withCodebook('[Q7]', 'scales:\n  Q7: { type: nominal, codes: [1, 2, 3] }\n').items;
    assert.deepEqual(manners?.scale, { type: 'nominal', codes: [1, 2, 3] });
    assert.equal(manners?.label, 'Good manners');
  });

  it('leaves the scale to the engine when nothing gives a type', () => {
    const [item] = resolveWith('scales:\n  Q1: { label: Family }\n').items;
    assert.deepEqual(withoutLocations(item), { id: 'Q1', label: 'Family', scale: undefined, optionLabels: {} });
  });

  it('takes nominal codes from min..max when neither codes nor options are given', () => {
    const [item] = resolveWith('scales:\n  Q1: { type: nominal, min: 1, max: 3 }\n').items;
    assert.deepEqual(item?.scale, { type: 'nominal', codes: [1, 2, 3] });
  });

  it('takes binary codes from the options', () => {
    const [item] = resolveWith('scales:\n  Q1: { type: binary, options: { "0": No, "1": Yes } }\n').items;
    assert.deepEqual(item?.scale, { type: 'binary', codes: [0, 1] });
  });

  it('blames the codebook file for a scale the codebook got wrong', () => {
    const io = memoryIo({ 'codebook.yaml': 'Q1: { type: ordinal, label: Family }\n' });
    const messages = messagesOf(() => resolveWith('codebook: codebook.yaml\nscales:\n  Q1: { label: Family life }\n', io));
    assert.deepEqual(messages, [`${formsDir}/codebook.yaml:1:1: the ordinal scale of \`Q1\` needs \`min\` and \`max\`, or \`options\` whose codes give them`]);
  });

  it('reports schema problems of the codebook file in that file', () => {
    const io = memoryIo({ 'codebook.yaml': 'Q1: { type: ordinal, min: 1, max: 4 }\nQ2: { type: ordnial, min: 1, max: 4 }\n' });
    assert.deepEqual(messagesOf(() => resolveWith('codebook: codebook.yaml\n', io)), [
      `${formsDir}/codebook.yaml:2:13: \`Q2.type\` should be \`ordinal\`, \`nominal\` or \`binary\`, not the text \`ordnial\`; did you mean \`ordinal\`?`,
    ]);
  });

  it('rejects a binary scale without exactly two codes', () => {
    assert.deepEqual(messagesOf(() => resolveWith('scales:\n  Q1: { type: binary, codes: [1, 2, 3] }\n')), [
      `${formsDir}/experiment.yaml:8:3: the binary scale of \`Q1\` needs exactly two codes, not 3 (1, 2, 3) (scales.Q1)`,
    ]);
  });

  it('rejects min and max without a type', () => {
    assert.deepEqual(messagesOf(() => resolveWith('scales:\n  Q1: { min: 1, max: 4 }\n')), [
      `${formsDir}/experiment.yaml:8:3: the scale of \`Q1\` has no \`type\` (there is no codebook entry for it); add \`type: ordinal\`, \`nominal\` or \`binary\` (scales.Q1)`,
    ]);
  });
});

describe('conditions', () => {
  const formatOf = (file: string, extra = '') =>
    resolveWith('', memoryIo(), MINIMAL.replace('finetuned: { file: model/finetuned.csv }', `c: { file: ${file}${extra} }`)).conditions[0]?.format;

  it('reads .csv, .tsv and .txt as wide', () => assert.deepEqual([formatOf('a.csv'), formatOf('a.TSV'), formatOf('a.txt')], ['wide', 'wide', 'wide']));
  it('reads .jsonl and .ndjson as jsonl', () => assert.deepEqual([formatOf('a.jsonl'), formatOf('a.ndjson')], ['jsonl', 'jsonl']));
  it('lets format override the extension', () => assert.equal(formatOf('a.csv', ', format: long'), 'long'));
  it('asks for a format when the extension says nothing', () => {
    assert.deepEqual(
      messagesOf(() => formatOf('answers.parquet')),
      [
        `${formsDir}/experiment.yaml:6:14: cannot tell the layout of \`answers.parquet\` from its extension; add \`format: wide\`, \`long\` or \`jsonl\` to condition \`c\` (conditions.c.file)`,
      ],
    );
  });
  it('reads long-format column names', () => {
    const resolved = resolveWith('', memoryIo(), MINIMAL.replace('finetuned: { file: model/finetuned.csv }', 'c: { file: a.csv, format: long, columns: { respondent: rid, answer: reply } }'));
    const condition = resolved.conditions[0];
    assert.deepEqual([condition?.respondentColumn, condition?.itemColumn, condition?.answerColumn], ['rid', 'item', 'reply']);
  });
});

describe('JSON configs', () => {
  it('resolve like YAML and locate fields by line and column', () => {
    const json = `{
  "name": "JSON",
  "human": { "file": "data/human.csv" },
  "items": ["Q1-Q2", "@s"],
  "itemSets": { "s": ["Q9"] },
  "conditions": { "finetuned": { "file": "model/finetuned.csv" } }
}
`;
    const parsed: ParsedSource = parseSourceText(json, `${formsDir}/experiment.json`);
    const resolved = resolveExperiment(parsed, memoryIo());
    assert.deepEqual(
      resolved.items.map((entry) => [entry.id, entry.location?.line, entry.location?.column]),
      [
        ['Q1', 4, 13],
        ['Q2', 4, 13],
        ['Q9', 5, 23],
      ],
    );
  });
});

describe('conditions without a file', () => {
  it('asks for a file or a generate block', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const pathModule = await import('node:path');
    const dir = mkdtempSync(pathModule.join(tmpdir(), 'repscope-nofile-'));
    writeFileSync(pathModule.join(dir, 'h.csv'), 'Q1\n1\n');
    const config = pathModule.join(dir, 'c.yaml');
    writeFileSync(config, 'name: x\nhuman: { file: h.csv }\nitems: [Q1]\nconditions:\n  persona: { description: no file }\n');
    await assert.rejects(loadExperiment(config), /c\.yaml:5:12: condition `persona` needs a `file` of simulated respondents, or `generate` to ask a model for them/);
  });
});
