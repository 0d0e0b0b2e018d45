/**
 * The bundled sample experiment: synthetic WVS-like human data, two simulated model conditions,
 * a codebook and the experiment config. Everything is generated from a seed, so the project ships
 * no survey microdata and every copy of the sample is identical.
 */
import { SAMPLE_GROUPS, simulateFinetuned, simulatePersona } from './conditions';
import { codebookYaml, EXPERIMENT_YAML, humanCsv, jsonLines, sampleReadme, wideCsv } from './files';
import { SAMPLE_ITEMS } from './items';
import { generatePopulation } from './population';

export interface SampleFile {
  /** Relative to the sample folder, `/`-separated. */
  path: string;
  content: string;
}

export interface SampleFiles {
  files: SampleFile[];
}

export interface SampleOptions {
  /** Human respondents; default 5000. */
  respondents?: number;
  /** Seed of the generator; default `DEFAULT_SAMPLE_SEED`. */
  seed?: number;
  /** Simulated respondents per group in each model condition; default 500. */
  modelRespondentsPerGroup?: number;
}

export const DEFAULT_SAMPLE_RESPONDENTS = 5000;
export const DEFAULT_SAMPLE_SEED = 20260101;
export const DEFAULT_MODEL_RESPONDENTS_PER_GROUP = 500;

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`generateSample: ${name} must be a positive integer, got ${value}`);
  return value;
}

/**
 * Generates the sample's files in memory (no file system access). The same options always give
 * byte-identical content.
 */
export function generateSample(options: SampleOptions = {}): SampleFiles {
  const respondents = positiveInteger(options.respondents ?? DEFAULT_SAMPLE_RESPONDENTS, 'respondents');
  const perGroup = positiveInteger(options.modelRespondentsPerGroup ?? DEFAULT_MODEL_RESPONDENTS_PER_GROUP, 'modelRespondentsPerGroup');
  const seed = options.seed ?? DEFAULT_SAMPLE_SEED;
  if (!Number.isFinite(seed)) throw new RangeError(`generateSample: seed must be a finite number, got ${seed}`);

  const population = generatePopulation(respondents, SAMPLE_ITEMS, seed);
  const finetuned = simulateFinetuned(population, SAMPLE_ITEMS, perGroup, seed);
  const persona = simulatePersona(population, SAMPLE_ITEMS, perGroup, seed);
  return {
    files: [
      { path: 'experiment.yaml', content: EXPERIMENT_YAML },
      { path: 'codebook.yaml', content: codebookYaml(SAMPLE_ITEMS) },
      { path: 'data/human.csv', content: humanCsv(population.respondents, SAMPLE_ITEMS) },
      { path: 'model/finetuned.csv', content: wideCsv(finetuned, SAMPLE_ITEMS) },
      { path: 'model/persona.jsonl', content: jsonLines(persona, SAMPLE_ITEMS) },
      { path: 'README.md', content: sampleReadme(respondents, perGroup, SAMPLE_GROUPS.length) },
    ],
  };
}
