/**
 * Reading an experiment config for generation: the experiment resolved as for an evaluation
 * (items, scales, groups, human data), plus each condition's `generate:` block checked and
 * resolved. The output files of generated conditions need not exist yet, and neither do the files
 * of other conditions: generating one condition never waits for another.
 */
import * as path from 'node:path';
import { readSourceFile, ParsedSource } from '../config/parse';
import type { FieldPath } from '../config/parse';
import { diskIo, resolveValidatedExperiment, type ResolveIo } from '../config/resolve';
import type { ResolvedExperiment, ResolvedItem } from '../config/resolved';
import { validateExperimentConfig } from '../config/validate';
import { InputError, InputErrors } from '../errors';
import { isRecord } from '../util/isRecord';
import { defaultGeneratedFile, type ResolvedGenerate } from './config';
import { resolveGenerateBlock } from './validate';

export interface GenerationSetup {
  experiment: ResolvedExperiment;
  parsed: ParsedSource;
  /** Every condition with a `generate:` block, in config order. */
  conditions: ResolvedGenerate[];
}

const JSONL_EXTENSIONS = new Set(['.jsonl', '.ndjson']);

/**
 * The config value as the evaluation sees it: each generated condition's `generate:` block taken
 * out and its `file` (default `generated/<name>.jsonl`) and `format: jsonl` filled in.
 */
function withoutGenerateBlocks(value: unknown): { value: unknown; outputs: Map<string, string> } {
  const outputs = new Map<string, string>();
  if (!isRecord(value) || !isRecord(value['conditions'])) return { value, outputs };
  const conditions: Record<string, unknown> = {};
  for (const [name, condition] of Object.entries(value['conditions'])) {
    if (!isRecord(condition) || !('generate' in condition)) {
      conditions[name] = condition;
      continue;
    }
    const { generate: _generate, ...rest } = condition;
    const file = typeof rest['file'] === 'string' ? rest['file'] : defaultGeneratedFile(name);
    outputs.set(name, file);
    conditions[name] = { ...rest, file, format: rest['format'] ?? 'jsonl', groupColumn: rest['groupColumn'] ?? 'group' };
  }
  return { value: { ...value, conditions }, outputs };
}

/** Items need a scale (their codes are the options) and a question text. */
function checkItems(items: readonly ResolvedItem[], generate: ResolvedGenerate, parsed: ParsedSource, fieldPath: FieldPath, errors: InputError[]): void {
  for (const item of items) {
    const where = item.location ?? parsed.locate(fieldPath);
    if (item.scale === undefined) {
      errors.push(new InputError(where, `generating \`${generate.condition}\` needs the answer codes of \`${item.id}\`: give it a scale (\`type\`, \`min\`/\`max\` or \`codes\`) in the codebook or in \`scales\``));
    }
    if (!generate.questions.has(item.id) && item.label === item.id) {
      errors.push(new InputError(where, `generating \`${generate.condition}\` needs a question for \`${item.id}\`: give it a \`label\` in the codebook or \`scales\`, or a text in \`${[...fieldPath, 'questions'].join('.')}\``));
    }
  }
}

/**
 * Reads, validates and resolves `configPath` for generation. Throws InputError/InputErrors (exit 2)
 * for any problem of the config, naming the field.
 */
export async function loadGenerationSetup(configPath: string): Promise<GenerationSetup> {
  const parsed = await readSourceFile(configPath);
  const { value, outputs } = withoutGenerateBlocks(parsed.value);
  const stripped = new ParsedSource(parsed.file, parsed.text, parsed.sha256, parsed.syntax, value, parsed.document, parsed.lineCounter);
  const config = validateExperimentConfig(stripped);
  const configDir = path.dirname(path.resolve(parsed.file));
  const conditionFiles = new Set(Object.values(config.conditions).flatMap((condition) => (typeof condition.file === 'string' ? [path.resolve(configDir, condition.file)] : [])));
  // Condition files are not read here: generating one condition must not need the others' outputs.
  const io: ResolveIo = {
    fileStatus: (absolutePath) => (conditionFiles.has(absolutePath) ? 'file' : diskIo.fileStatus(absolutePath)),
    readCodebook: (absolutePath, displayPath) => diskIo.readCodebook(absolutePath, displayPath),
  };
  const experiment = resolveValidatedExperiment(stripped, config, io);

  const errors: InputError[] = [];
  const conditions: ResolvedGenerate[] = [];
  const rawConditions = isRecord(parsed.value) && isRecord(parsed.value['conditions']) ? parsed.value['conditions'] : {};
  for (const [name, file] of outputs) {
    const raw = rawConditions[name];
    const conditionPath: FieldPath = ['conditions', name];
    const fieldPath: FieldPath = [...conditionPath, 'generate'];
    const extension = path.extname(file).toLowerCase();
    const format = isRecord(raw) ? raw['format'] : undefined;
    if (format !== undefined && format !== 'jsonl') {
      errors.push(parsed.errorAt([...conditionPath, 'format'], `generated respondents are written as JSON Lines; drop \`format\` or write \`format: jsonl\``));
    } else if (!JSONL_EXTENSIONS.has(extension)) {
      errors.push(parsed.errorAt([...conditionPath, 'file'], `generated respondents are written as JSON Lines; name the file \`.jsonl\` (e.g. \`${defaultGeneratedFile(name)}\`)`));
    }
    const resolved = resolveGenerateBlock(
      isRecord(raw) ? raw['generate'] : undefined,
      parsed,
      {
        conditionName: name,
        fieldPath,
        configDir,
        outputFile: path.resolve(configDir, file),
        experimentSeed: experiment.seed,
        groups: experiment.groups,
        itemIds: experiment.items.map((item) => item.id),
      },
      errors,
    );
    if (resolved) {
      checkItems(experiment.items, resolved, parsed, fieldPath, errors);
      conditions.push(resolved);
    }
  }
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) throw new InputErrors(errors);
  return { experiment, parsed, conditions };
}
