import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputErrors } from '../../../src/core/errors';
import { parseSourceText } from '../../../src/core/config/parse';
import { validateCodebook, validateExperimentConfig } from '../../../src/core/config/validate';

const VALID = `name: Valid
human:
  file: data/human.csv
items: [Q1]
conditions:
  finetuned: { file: model/finetuned.csv }
`;

function problemsOf(text: string, validate: typeof validateExperimentConfig | typeof validateCodebook = validateExperimentConfig, file = 'c.yaml'): string[] {
  try {
    validate(parseSourceText(text, file));
  } catch (error) {
    assert.ok(error instanceof InputErrors);
    return error.errors.map((entry) => entry.message);
  }
  return [];
}

const RULE_FORMS =
  'A rule is a value (`2`), a list (`[1, 2, 3]`), `{ in: [...] }`, `{ notIn: [...] }`, `{ equals: x }` or a range `{ min: 8, max: 10 }`.';

describe('schema validation of configs', () => {
  it('accepts the minimal config', () => assert.deepEqual(problemsOf(VALID), []));

  it('reports an empty file and a file that is not a mapping', () => {
    assert.deepEqual(problemsOf(''), ['c.yaml:1:1: the config should be a mapping (`name: value` entries), but it is empty']);
    assert.deepEqual(problemsOf('- a\n- b\n'), ['c.yaml:1:1: the config should be a mapping (`name: value` entries), not a list']);
  });

  it('reports every missing required field at the top of the file', () => {
    assert.deepEqual(problemsOf('name: x\n'), [
      'c.yaml:1:1: missing required field `human`',
      'c.yaml:1:1: missing required field `items`',
      'c.yaml:1:1: missing required field `conditions`',
    ]);
  });

  it('marks a missing top-level field on the first line only', () => {
    try {
      validateExperimentConfig(parseSourceText('name: x\nseed: 3\n', 'c.yaml'));
      assert.fail('expected errors');
    } catch (error) {
      assert.ok(error instanceof InputErrors);
      assert.deepEqual(error.errors[0]?.location, { file: 'c.yaml', field: 'human', line: 1, column: 1, endLine: 1, endColumn: 8 });
    }
  });

  it('lists the allowed fields when an unknown one resembles none', () => {
    assert.deepEqual(problemsOf(VALID.replace('  file: data/human.csv\n', '  file: data/human.csv\n  country: DEU\n')), [
      'c.yaml:4:3: unknown field `human.country`; the fields allowed in `human` are `file`, `filter`, `missing`, `weight`',
    ]);
  });

  it("reports a rule's wrong inner value rather than every rule form", () => {
    assert.deepEqual(problemsOf(`${VALID}groups:\n  g: { Q240: { in: 3 } }\n`), ['c.yaml:8:20: `groups.g.Q240.in` should be a list, not the number 3']);
  });

  it('names the rule forms when a rule matches none', () => {
    assert.deepEqual(problemsOf(`${VALID}groups:\n  g: { Q240: { min: 1, in: [2] } }\n`), [
      `c.yaml:8:14: \`groups.g.Q240\` has the wrong form (a mapping with \`min\` and \`in\`). ${RULE_FORMS}`,
    ]);
    assert.deepEqual(problemsOf(`${VALID}groups:\n  g: { Q240: true }\n`), [`c.yaml:8:14: \`groups.g.Q240\` has the wrong form (\`true\`). ${RULE_FORMS}`]);
  });

  it('explains a wrong group as a whole', () => {
    assert.deepEqual(problemsOf(`${VALID}groups:\n  g: [Q240]\n`), [
      'c.yaml:8:6: `groups.g` has the wrong form (a list). A group is a set of rules such as `{ Q240: [1, 2, 3] }`, or `{ description: ..., rules: { ... } }`.',
    ]);
  });

  it('reads a misspelt `rules` as the described form', () => {
    assert.deepEqual(problemsOf(`${VALID}groups:\n  g: { description: Left, rulse: { Q240: 1 } }\n`), [
      'c.yaml:8:27: unknown field `groups.g.rulse`; did you mean `groups.g.rules`?',
    ]);
  });

  it('suggests the closest allowed value', () => {
    assert.deepEqual(problemsOf(`${VALID}metrics: { correlation: [pearson, spearmann] }\n`), [
      'c.yaml:7:35: `metrics.correlation[1]` should be `pearson`, `spearman` or `polychoric`, not the text `spearmann`; did you mean `spearman`?',
    ]);
  });

  it('reports numbers out of range and repeated entries', () => {
    assert.deepEqual(problemsOf(`${VALID}metrics:\n  correlation: [pearson, pearson]\n  varianceCollapseRatio: 0\n  minGroupSizeForStructure: 2\n`), [
      'c.yaml:8:16: `metrics.correlation` lists `pearson` twice',
      'c.yaml:9:26: `metrics.varianceCollapseRatio` should be more than 0, not 0',
      'c.yaml:10:29: `metrics.minGroupSizeForStructure` should be at least 3, not 2',
    ]);
  });

  it('reports a malformed weight product with the accepted forms', () => {
    assert.deepEqual(problemsOf(VALID.replace('  file: data/human.csv\n', '  file: data/human.csv\n  weight: W_WEIGHT**S018\n')), [
      'c.yaml:4:11: `human.weight` has the wrong form (the text `W_WEIGHT**S018`). Write one weight column (`W_WEIGHT`) or a product of columns (`W_WEIGHT*S018`).',
    ]);
  });

  it('requires option keys to be answer codes', () => {
    assert.deepEqual(problemsOf(`${VALID}scales:\n  Q1: { type: ordinal, options: { one: Very } }\n`), [
      'c.yaml:8:35: `scales.Q1.options` has the key `one`, but its keys must be whole-number answer codes such as `1` or `-1` (scales.Q1.options.one)',
    ]);
  });

  it('points at the value of a field left empty', () => {
    assert.deepEqual(problemsOf(VALID.replace('  file: data/human.csv', '  file:')), ['c.yaml:3:3: `human.file` should be text, but it is empty']);
  });
});

describe('schema validation of codebook files', () => {
  it('requires a type and closes entries', () => {
    assert.deepEqual(problemsOf('Q1: { label: Family, min: 1, max: 4, extra: 1 }\nQ2: 3\n', validateCodebook, 'cb.yaml'), [
      'cb.yaml:1:1: missing required field `Q1.type`',
      'cb.yaml:1:38: unknown field `Q1.extra`; the fields allowed in `Q1` are `codes`, `label`, `max`, `min`, `options`, `type`',
      'cb.yaml:2:5: `Q2` should be a mapping (`name: value` entries), not the number 3',
    ]);
  });
});
