import { fixtures } from './helpers';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError, InputErrors } from '../../../src/core/errors';
import { loadExperiment } from '../../../src/core/config/resolve';

const dir = `${fixtures}/malformed`;

/** Each malformed config and the exact message users see (the CLI prints `error.message`). */
const CASES: { file: string; kind: 'InputError' | 'InputErrors'; message: string; field?: string }[] = [
  {
    file: 'yaml-syntax.yaml',
    kind: 'InputError',
    message: `${dir}/yaml-syntax.yaml:6:5: YAML syntax error: a value starting with \`@\` must be in quotes: write "@trust"`,
  },
  {
    file: 'json-syntax.json',
    kind: 'InputError',
    message: `${dir}/json-syntax.json:5:3: JSON syntax error: expected \`,\` or \`}\` after a value but found \`"\` (is a comma missing?)`,
  },
  {
    file: 'unknown-field.yaml',
    kind: 'InputErrors',
    message: `${dir}/unknown-field.yaml:2:1: unknown field \`humna\`; did you mean \`human\`?`,
    field: 'humna',
  },
  {
    file: 'wrong-type.yaml',
    kind: 'InputErrors',
    message: `${dir}/wrong-type.yaml:8:16: \`metrics.minCellSize\` should be a whole number, not the text \`ten\``,
    field: 'metrics.minCellSize',
  },
  {
    file: 'missing-human-file.yaml',
    kind: 'InputErrors',
    message: `${dir}/missing-human-file.yaml:2:1: missing required field \`human.file\``,
    field: 'human.file',
  },
  {
    file: 'bad-range.yaml',
    kind: 'InputErrors',
    message: `${dir}/bad-range.yaml:5:5: the range \`Q6-Q1\` runs backwards; write it as \`Q1-Q6\` (items[0])`,
    field: 'items[0]',
  },
  {
    file: 'unknown-item-set.yaml',
    kind: 'InputErrors',
    message: `${dir}/unknown-item-set.yaml:6:5: unknown item set \`@trst\`; did you mean \`@trust\`? (items[1])`,
    field: 'items[1]',
  },
  {
    file: 'missing-codebook.yaml',
    kind: 'InputErrors',
    message: `${dir}/missing-codebook.yaml:4:11: the codebook file \`${dir}/no-such-codebook.yaml\` does not exist`,
    field: 'codebook',
  },
  {
    file: 'missing-data-file.yaml',
    kind: 'InputErrors',
    message: `${dir}/missing-data-file.yaml:3:9: the human data file \`${dir}/data/no-such-file.csv\` does not exist (human.file)`,
    field: 'human.file',
  },
  {
    file: 'missing-condition-file.yaml',
    kind: 'InputErrors',
    message: `${dir}/missing-condition-file.yaml:6:20: the file \`${dir}/model/no-such-file.jsonl\` of condition \`persona\` does not exist (conditions.persona.file)`,
    field: 'conditions.persona.file',
  },
  {
    file: 'ordinal-without-range.yaml',
    kind: 'InputErrors',
    message: `${dir}/ordinal-without-range.yaml:6:3: the ordinal scale of \`Q46\` needs \`min\` and \`max\`, or \`options\` whose codes give them (scales.Q46)`,
    field: 'scales.Q46',
  },
  {
    file: 'several-problems.yaml',
    kind: 'InputErrors',
    message: [
      `${dir}/several-problems.yaml:4:5: \`items[0]\` has the wrong form (the text \`Q1 - Q6\`). Write an item id like \`Q46\`, a range like \`Q1-Q6\` (no spaces), or an item set like \`@trust\`.`,
      `${dir}/several-problems.yaml:7:13: unknown field \`groups.left.Q240.between\`. A rule is a value (\`2\`), a list (\`[1, 2, 3]\`), \`{ in: [...] }\`, \`{ notIn: [...] }\`, \`{ equals: x }\` or a range \`{ min: 8, max: 10 }\`.`,
      `${dir}/several-problems.yaml:8:12: unknown field \`groups.right.rulez\`; did you mean \`groups.right.rules\`?`,
      `${dir}/several-problems.yaml:11:13: \`conditions.finetuned.format\` should be \`wide\`, \`long\` or \`jsonl\`, not the text \`csv\``,
      `${dir}/several-problems.yaml:16:22: \`metrics.modeCollapseShare\` should be at most 1, not 1.5`,
      `${dir}/several-problems.yaml:17:7: \`seed\` should be a whole number, not the text \`random\``,
    ].join('\n'),
  },
];

describe('malformed configs', () => {
  for (const { file, kind, message, field } of CASES) {
    it(`reports ${file} as: ${message.split('\n')[0]?.replace(/^[^:]*:\d+:\d+: /, '')}`, async () => {
      await assert.rejects(loadExperiment(`${dir}/${file}`), (error: unknown) => {
        assert.equal((error as Error).name, kind);
        assert.equal((error as Error).message, message);
        if (field !== undefined) {
          assert.ok(error instanceof InputErrors);
          assert.equal(error.errors[0]?.location.field, field);
        }
        return true;
      });
    });
  }

  it('reports a config that does not exist', async () => {
    await assert.rejects(loadExperiment(`${dir}/no-such-config.yaml`), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.message, `${dir}/no-such-config.yaml: the config file does not exist`);
      return true;
    });
  });
});
