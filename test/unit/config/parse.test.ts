import { fixtures } from './helpers';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { InputError } from '../../../src/core/errors';
import { formatFieldPath, parseSourceText } from '../../../src/core/config/parse';
import { listConfigSymbols } from '../../../src/core/config/symbols';

function syntaxErrorOf(text: string, file: string): string {
  try {
    parseSourceText(text, file);
  } catch (error) {
    assert.ok(error instanceof InputError);
    return error.message;
  }
  assert.fail('expected a syntax error');
}

describe('YAML syntax errors', () => {
  const cases: [string, string, string][] = [
    ['an unquoted @', 'items:\n  - Q1\n  - @trust # the set\n', 'c.yaml:3:5: YAML syntax error: a value starting with `@` must be in quotes: write "@trust"'],
    ['a duplicate key', 'name: a\nhuman: {}\nname: b\n', 'c.yaml:3:1: YAML syntax error: the key `name` appears twice in the same mapping'],
    ['a tab used to indent', 'human:\n\tfile: x.csv\n', 'c.yaml:2:1: YAML syntax error: tabs cannot be used to indent YAML; indent with spaces'],
    ['an unclosed quote', 'name: "Persona\n', 'c.yaml:2:1: YAML syntax error: missing closing quote `"`'],
    ['an unclosed list', 'items: [Q1, Q2\nname: x\n', 'c.yaml:2:1: YAML syntax error: missing closing `]` (or the lines inside the brackets are not indented enough)'],
    ['a stray bracket', 'items: [Q1, Q2]]\n', 'c.yaml:1:16: YAML syntax error: unexpected `]`'],
    ['two documents', 'name: a\n---\nname: b\n', 'c.yaml:2:1: YAML syntax error: the file holds more than one document (a `---` line); a config is a single document'],
    [
      'a badly indented key',
      'name: x\n human:\n  file: y\n',
      'c.yaml:1:7: YAML syntax error: a nested mapping cannot start here (check the indentation, and quote values that contain `: `)',
    ],
    ['an alias without anchor', 'items: *common\n', 'c.yaml:1:8: YAML syntax error: `*common` refers to an anchor `&common` that is not defined above it'],
  ];
  for (const [what, text, message] of cases) {
    it(`reports ${what} at its line and column`, () => assert.equal(syntaxErrorOf(text, 'c.yaml'), message));
  }
});

describe('JSON syntax errors', () => {
  const cases: [string, string, string][] = [
    ['a missing comma', '{\n  "a": 1\n  "b": 2\n}', 'c.json:3:3: JSON syntax error: expected `,` or `}` after a value but found `"` (is a comma missing?)'],
    ['a trailing comma', '{"a": [1, 2,]}', 'c.json:1:13: JSON syntax error: a comma before `]` is not allowed in JSON'],
    ['an unquoted key', '{a: 1}', 'c.json:1:2: JSON syntax error: keys must be in double quotes ("...") in JSON'],
    ['unquoted text', '{"a": DEU}', 'c.json:1:7: JSON syntax error: text must be in double quotes ("...") in JSON'],
    ['single quotes', "{\"a\": 'x'}", 'c.json:1:7: JSON syntax error: JSON text must be in double quotes ("..."), not single quotes'],
    ['a comment', '{\n  // note\n  "a": 1\n}', 'c.json:2:3: JSON syntax error: comments are not allowed in JSON (use a YAML config for comments)'],
    ['an unterminated string', '{"a": "x\n}', 'c.json:1:7: JSON syntax error: this text has no closing `"` on its line'],
    ['an unclosed object', '{\n  "a": {"b": 1}\n', 'c.json:3:1: JSON syntax error: the file ends before the `{` opened at line 1, column 1 is closed'],
    ['text after the value', '{"a": 1}}', 'c.json:1:9: JSON syntax error: unexpected `}` after the end of the JSON value'],
    ['a leading zero', '{"a": 01}', 'c.json:1:8: JSON syntax error: invalid number (JSON numbers have no leading zeros, and text must be in double quotes)'],
    ['an empty file', '  \n', 'c.json:1:1: JSON syntax error: the file is empty; a JSON config is an object `{ ... }`'],
    ['a duplicate key', '{"a": 1,\n "a": 2}', 'c.json:2:2: JSON syntax error: the key `a` appears twice in the same mapping'],
  ];
  for (const [what, text, message] of cases) {
    it(`reports ${what} at its line and column`, () => assert.equal(syntaxErrorOf(text, 'c.json'), message));
  }

  it('accepts valid JSON with escapes, nesting and numbers', () => {
    const parsed = parseSourceText('{"a": "x\\"y\\u00e9\\n", "b": [1, -2.5e3, true, null, {}], "c": {"d": []}}', 'c.json');
    assert.deepEqual(parsed.value, { a: 'x"y\u00e9\n', b: [1, -2500, true, null, {}], c: { d: [] } });
  });
});

describe('ParsedSource.locate', () => {
  const text = 'name: Demo\nhuman:\n  file: data/human.csv\n  weight:\nitems:\n  - Q1-Q6\n  - "@trust"\n';
  const parsed = parseSourceText(text, 'demo.yaml');

  it('gives the start and end of a value', () => {
    assert.deepEqual(parsed.locate(['human', 'file']), { file: 'demo.yaml', field: 'human.file', line: 3, column: 9, endLine: 3, endColumn: 23 });
    assert.deepEqual(parsed.locate(['items', 1]), { file: 'demo.yaml', field: 'items[1]', line: 7, column: 5, endLine: 7, endColumn: 13 });
  });

  it('gives the key when asked', () => {
    assert.deepEqual(parsed.locateKey(['human', 'file']), { file: 'demo.yaml', field: 'human.file', line: 3, column: 3, endLine: 3, endColumn: 7 });
  });

  it('points at the key of a field written without a value', () => {
    assert.deepEqual(parsed.locate(['human', 'weight']), { file: 'demo.yaml', field: 'human.weight', line: 4, column: 3, endLine: 4, endColumn: 9 });
  });

  it('falls back to the nearest existing ancestor for a path that is not written', () => {
    const location = parsed.locate(['human', 'missing', 'codes']);
    assert.equal(location.field, 'human.missing.codes');
    assert.deepEqual([location.line, location.column], [3, 3]);
  });

  it('formats paths with dots, indices and quoted odd keys', () => {
    assert.equal(formatFieldPath(['groups', 'left', 'Q240']), 'groups.left.Q240');
    assert.equal(formatFieldPath(['itemSets', 'trust', 1]), 'itemSets.trust[1]');
    assert.equal(formatFieldPath(['groups', 'young left']), 'groups["young left"]');
    assert.equal(formatFieldPath([]), '');
  });

  it('ignores a byte order mark when counting columns', () => {
    const withBom = parseSourceText('\ufeffname: x\n', 'bom.yaml');
    assert.deepEqual([withBom.locate(['name']).line, withBom.locate(['name']).column], [1, 7]);
  });
});

describe('listConfigSymbols', () => {
  it('lists every item entry, item set, scale, group and condition of the contract in document order', () => {
    const file = `${fixtures}/contract/experiment.yaml`;
    const parsed = parseSourceText(readFileSync(file, 'utf8'), file);
    const symbols = listConfigSymbols(parsed).map((symbol) => [symbol.kind, symbol.name, symbol.field, symbol.location.line, symbol.location.column]);
    assert.deepEqual(symbols, [
      ['itemEntry', 'Q1-Q6', 'items[0]', 15, 5],
      ['itemEntry', 'Q46', 'items[1]', 16, 5],
      ['itemEntry', '@trust', 'items[2]', 17, 5],
      ['itemSet', 'trust', 'itemSets.trust', 19, 3],
      ['itemEntry', 'Q57', 'itemSets.trust[0]', 19, 11],
      ['itemEntry', 'Q58-Q63', 'itemSets.trust[1]', 19, 16],
      ['scale', 'Q46', 'scales.Q46', 21, 3],
      ['scale', 'Q7', 'scales.Q7', 22, 3],
      ['scale', 'Q152', 'scales.Q152', 23, 3],
      ['group', 'left', 'groups.left', 25, 3],
      ['group', 'right', 'groups.right', 26, 3],
      ['group', 'female', 'groups.female', 27, 3],
      ['group', 'not_deu', 'groups.not_deu', 28, 3],
      ['group', 'young_left', 'groups.young_left', 29, 3],
      ['condition', 'finetuned', 'conditions.finetuned', 33, 3],
      ['condition', 'persona', 'conditions.persona', 36, 3],
      ['condition', 'longform', 'conditions.longform', 41, 3],
    ]);
  });

  it('says what an entry expands to, and works on configs that fail validation', () => {
    const parsed = parseSourceText('items: [Q1-Q3, Q6-Q1, 42]\ngroups: 7\n', 'bad.yaml');
    assert.deepEqual(
      listConfigSymbols(parsed).map((symbol) => symbol.entry),
      [
        { kind: 'range', from: 'Q1', to: 'Q3', ids: ['Q1', 'Q2', 'Q3'] },
        { kind: 'invalid', reason: 'the range `Q6-Q1` runs backwards; write it as `Q1-Q6`' },
      ],
    );
  });
});
