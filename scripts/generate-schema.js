#!/usr/bin/env node
/**
 * Writes the JSON Schemas of the experiment config and of codebook files from the TypeScript
 * types in src/core/config/types.ts, which stay their single source. The output is sorted so
 * that a fresh generation is byte-identical to the committed file (checked by a unit test and by
 * `node scripts/generate-schema.js --check`).
 *
 * Draft-07, because that is what VS Code's `jsonValidation` understands. Interfaces get
 * `additionalProperties: false`, so a misspelt field is reported instead of ignored.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const tsj = require('ts-json-schema-generator');

const repoRoot = path.resolve(__dirname, '..');
const typesFile = path.join(repoRoot, 'src', 'core', 'config', 'types.ts');

/** Output file (relative to the repository root), root type, `$id` and title of each schema. */
const SCHEMAS = [
  {
    file: 'media/repscope.schema.json',
    type: 'ExperimentConfig',
    id: 'urn:repscope:schema:experiment-config:v1',
    title: 'RepScope experiment',
  },
  {
    file: 'media/repscope-codebook.schema.json',
    type: 'Codebook',
    id: 'urn:repscope:schema:codebook:v1',
    title: 'RepScope codebook',
  },
];

/**
 * Tags beyond standard JSON Schema that VS Code's JSON language service shows to users:
 * `patternErrorMessage` replaces "does not match pattern ...", `errorMessage` replaces the
 * message of a failed `anyOf`. RepScope's own validator reads them too.
 */
const EXTRA_TAGS = ['patternErrorMessage', 'errorMessage'];

/** Keywords whose values are user data (examples, defaults): their key order is kept as written. */
const DATA_KEYWORDS = new Set(['examples', 'default', 'const', 'enum']);

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = DATA_KEYWORDS.has(key) ? value[key] : sortKeys(value[key]);
  }
  return sorted;
}

/** @returns {Map<string, string>} schema text by output path relative to the repository root */
function generateSchemas() {
  const program = tsj.createProgram({ path: typesFile, skipTypeCheck: true });
  const outputs = new Map();
  for (const spec of SCHEMAS) {
    const config = {
      path: typesFile,
      type: spec.type,
      schemaId: spec.id,
      expose: 'export',
      topRef: true,
      jsDoc: 'extended',
      markdownDescription: false,
      sortProps: true,
      additionalProperties: false,
      extraTags: EXTRA_TAGS,
      skipTypeCheck: true,
      tsProgram: program,
    };
    const schema = tsj.createGenerator(config).createSchema(spec.type);
    schema.title = spec.title;
    outputs.set(spec.file, `${JSON.stringify(sortKeys(schema), null, 2)}\n`);
  }
  return outputs;
}

function main(argv) {
  const check = argv.includes('--check');
  let stale = 0;
  for (const [file, text] of generateSchemas()) {
    const target = path.join(repoRoot, file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (current === text) continue;
    if (check) {
      console.error(`${file} is out of date; run \`npm run schema\``);
      stale++;
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
      console.log(`wrote ${file}`);
    }
  }
  return stale === 0 ? 0 : 1;
}

module.exports = { generateSchemas, SCHEMAS };

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
