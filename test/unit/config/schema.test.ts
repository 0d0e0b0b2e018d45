import { repoRoot } from './helpers';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

interface GeneratorModule {
  generateSchemas(): Map<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain Node script, loaded as it is (not part of the TypeScript build)
const generator = require(path.join(repoRoot, 'scripts', 'generate-schema.js')) as GeneratorModule;

type Schema = { [keyword: string]: unknown };

function definitions(schema: Schema): Record<string, Schema> {
  return schema.definitions as Record<string, Schema>;
}

describe('the generated JSON Schemas', () => {
  const generated = generator.generateSchemas();

  it('are committed exactly as a fresh generation from src/core/config/types.ts writes them', () => {
    assert.deepEqual([...generated.keys()], ['media/repscope.schema.json', 'media/repscope-codebook.schema.json']);
    for (const [file, text] of generated) {
      assert.equal(readFileSync(path.join(repoRoot, file), 'utf8'), text, `${file} is stale: run npm run schema`);
    }
  });

  const config = JSON.parse(generated.get('media/repscope.schema.json') ?? '{}') as Schema;
  const codebook = JSON.parse(generated.get('media/repscope-codebook.schema.json') ?? '{}') as Schema;

  it('are draft-07 with an $id and a title', () => {
    assert.equal(config.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(config.$id, 'urn:repscope:schema:experiment-config:v1');
    assert.equal(config.title, 'RepScope experiment');
    assert.equal(config.$ref, '#/definitions/ExperimentConfig');
    assert.equal(codebook.$id, 'urn:repscope:schema:codebook:v1');
    assert.equal(codebook.title, 'RepScope codebook');
  });

  it('close every object with fixed fields, so misspelt fields are reported', () => {
    const closed = Object.entries(definitions(config))
      .filter(([, schema]) => schema.type === 'object' && schema.properties !== undefined)
      .map(([name, schema]) => [name, schema.additionalProperties]);
    assert.deepEqual(Object.fromEntries(closed), {
      ConditionConfig: false,
      DescribedGroup: false,
      EqualsCondition: false,
      ExperimentConfig: false,
      GenerateConfig: false,
      GroupPersonaConfig: false,
      HumanDataConfig: false,
      InCondition: false,
      LongFormatColumns: false,
      MetricsConfig: false,
      MissingCodesConfig: false,
      NotInCondition: false,
      RangeCondition: false,
      RespondentPersonaConfig: false,
      ScaleOverride: false,
    });
  });

  it('carry the documentation and defaults of types.ts', () => {
    const metrics = definitions(config).MetricsConfig?.properties as Record<string, Schema>;
    assert.deepEqual(metrics.correlation?.default, ['pearson', 'spearman']);
    assert.equal(metrics.minCellSize?.type, 'integer');
    assert.equal(metrics.minCellSize?.default, 10);
    const experiment = definitions(config).ExperimentConfig?.properties as Record<string, Schema>;
    assert.equal(experiment.seed?.default, 1);
    assert.deepEqual(experiment.items?.examples, [['Q1-Q6', 'Q46', '@trust']]);
    assert.equal(typeof definitions(config).ItemEntry?.patternErrorMessage, 'string');
    assert.equal(typeof definitions(config).ColumnCondition?.errorMessage, 'string');
    assert.deepEqual(definitions(config).ExperimentConfig?.required, ['name', 'human', 'items', 'conditions']);
  });

  it('require a type in codebook files but not in inline scales', () => {
    assert.deepEqual(definitions(codebook).CodebookEntry?.required, ['type']);
    assert.equal(definitions(config).ScaleOverride?.required, undefined);
  });

  it('sort object keys, so regeneration gives stable diffs', () => {
    const experiment = definitions(config).ExperimentConfig as Schema;
    const keys = Object.keys(experiment.properties as object);
    assert.deepEqual(keys, [...keys].sort());
    assert.deepEqual(Object.keys(config), [...Object.keys(config)].sort());
  });
});
