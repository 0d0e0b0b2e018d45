/**
 * From a validated config to the `ResolvedExperiment` the engine reads: absolute paths, expanded
 * item lists, merged scales, rules, defaults. Every problem found here is reported with the config
 * file and field it comes from; all of them are collected before anything is thrown.
 * Checks that need the data (an item missing from the human file) are the engine's.
 */
import { promises as fsPromises, statSync } from 'node:fs';
import * as path from 'node:path';
import { InputError, InputErrors } from '../errors';
import { parseItemEntry } from './items';
import { defaultGeneratedFile } from './generated';
import { formatFieldPath, readSourceFile, readSourceFileSync } from './parse';
import type { FieldPath, ParsedSource } from './parse';
import type {
  ColumnRule,
  ConditionFormat,
  ResolvedCondition,
  ResolvedExperiment,
  ResolvedGroup,
  ResolvedItem,
  ResolvedMetrics,
  Scale,
} from './resolved';
import { closestName } from './suggest';
import type { CodebookEntry, ColumnCondition, ConditionConfig, ColumnRules, ExperimentConfig, ScaleOverride } from './types';
import { sortByPosition, validateCodebook, validateExperimentConfig } from './validate';

/** Defaults of the optional fields, as documented in docs/config-contract.yaml. */
export const DEFAULT_METRICS: Readonly<ResolvedMetrics> = Object.freeze<ResolvedMetrics>({
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
export const DEFAULT_SEED = 1;
export const DEFAULT_OUTPUT = 'runs';
export const DEFAULT_LONG_COLUMNS = Object.freeze({ respondent: 'id', item: 'item', answer: 'answer' });
/** The WVS "mentioned" convention: 1 mentioned, 2 not mentioned. */
export const DEFAULT_BINARY_CODES: readonly [number, number] = [1, 2];

const FORMAT_BY_EXTENSION: Readonly<Record<string, ConditionFormat>> = {
  '.csv': 'wide',
  '.tsv': 'wide',
  '.txt': 'wide',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

export type FileStatus = 'file' | 'folder' | 'missing';

/** What resolution needs from the file system, so it can run synchronously on preloaded answers. */
export interface ResolveIo {
  /** Whether an absolute path is a file, a folder, or nothing. */
  fileStatus(absolutePath: string): FileStatus;
  /**
   * The parsed codebook file, or undefined when it does not exist. `displayPath` is how messages
   * name it. Syntax errors are thrown as InputError.
   */
  readCodebook(absolutePath: string, displayPath: string): ParsedSource | undefined;
}

/** Synchronous access to the real file system. */
export const diskIo: ResolveIo = {
  fileStatus(absolutePath) {
    try {
      return statSync(absolutePath).isDirectory() ? 'folder' : 'file';
    } catch {
      return 'missing';
    }
  },
  readCodebook(absolutePath, displayPath) {
    if (diskIo.fileStatus(absolutePath) === 'missing') return undefined;
    return readSourceFileSync(absolutePath, { role: 'codebook file', displayPath });
  },
};

async function statusOf(absolutePath: string): Promise<FileStatus> {
  try {
    return (await fsPromises.stat(absolutePath)).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}

/**
 * Reads, parses, validates and resolves an experiment config. Messages name files as the caller
 * named them (`configPath` as given; referenced files relative to it).
 * @throws InputError for a syntax error or an unreadable config; InputErrors for everything else
 */
export async function loadExperiment(configPath: string): Promise<ResolvedExperiment> {
  const parsed = await readSourceFile(configPath);
  const config = validateExperimentConfig(parsed);
  const paths = new PathResolver(parsed.file);

  // Do the slow I/O asynchronously up front, then resolve synchronously from the answers.
  const statuses = new Map<string, FileStatus>();
  const dataFiles = [
    config.human.file,
    ...Object.entries(config.conditions).flatMap(([name, condition]) => {
      const file = conditionFile(name, condition);
      return file === undefined ? [] : [file];
    }),
  ];
  await Promise.all(
    dataFiles.map(async (file) => {
      const absolute = paths.absolute(file);
      statuses.set(absolute, await statusOf(absolute));
    }),
  );
  let codebook: ParsedSource | undefined;
  let codebookFailure: { error: unknown } | undefined;
  if (config.codebook !== undefined) {
    const absolute = paths.absolute(config.codebook);
    const status = await statusOf(absolute);
    statuses.set(absolute, status);
    if (status === 'file') {
      // A syntax error in the codebook is reported along with the config's other problems.
      codebook = await readSourceFile(absolute, { role: 'codebook file', displayPath: paths.display(config.codebook) }).catch((error: unknown) => {
        codebookFailure = { error };
        return undefined;
      });
    }
  }
  const io: ResolveIo = {
    fileStatus: (absolutePath) => statuses.get(absolutePath) ?? diskIo.fileStatus(absolutePath),
    readCodebook: (absolutePath, displayPath) => {
      if (codebookFailure) throw codebookFailure.error;
      if (statuses.get(absolutePath) === 'missing') return undefined;
      return codebook ?? diskIo.readCodebook(absolutePath, displayPath);
    },
  };
  return resolveValidatedExperiment(parsed, config, io);
}

/** Validates and resolves an already parsed config (synchronous; for tests and the editor). */
export function resolveExperiment(parsed: ParsedSource, io: ResolveIo = diskIo): ResolvedExperiment {
  return resolveValidatedExperiment(parsed, validateExperimentConfig(parsed), io);
}

/** Paths in the config, relative to its folder: absolute for the engine, as-given-relative for messages. */
class PathResolver {
  private readonly absoluteBase: string;
  private readonly displayBase: string;

  constructor(configPath: string) {
    this.absoluteBase = path.dirname(path.resolve(configPath));
    this.displayBase = path.dirname(configPath);
  }

  absolute(file: string): string {
    return path.resolve(this.absoluteBase, file);
  }

  /** The path as messages show it: relative to where the config path was given from. */
  display(file: string): string {
    return path.isAbsolute(file) ? file : path.join(this.displayBase, file);
  }
}

/** Resolves a config that passed schema validation. */
export function resolveValidatedExperiment(parsed: ParsedSource, config: ExperimentConfig, io: ResolveIo = diskIo): ResolvedExperiment {
  return new Resolver(parsed, config, io).resolve();
}

interface CodebookSource {
  parsed: ParsedSource;
  entries: Record<string, CodebookEntry>;
}

class Resolver {
  private readonly errors: InputError[] = [];
  private readonly paths: PathResolver;

  constructor(
    private readonly parsed: ParsedSource,
    private readonly config: ExperimentConfig,
    private readonly io: ResolveIo,
  ) {
    this.paths = new PathResolver(parsed.file);
  }

  resolve(): ResolvedExperiment {
    const config = this.config;
    const codebook = this.loadCodebook();
    const missing = { negative: config.human.missing?.negative ?? true, codes: [...(config.human.missing?.codes ?? [])] };
    const human: ResolvedExperiment['human'] = {
      file: this.dataFile(config.human.file, ['human', 'file'], 'the human data file'),
      weight: config.human.weight === undefined ? [] : config.human.weight.split('*').map((column) => column.trim()),
      filters: config.human.filter === undefined ? [] : this.rules(config.human.filter, ['human', 'filter']),
      fileLocation: this.parsed.locate(['human', 'file']),
    };
    if (config.human.weight !== undefined) human.weightLocation = this.parsed.locate(['human', 'weight']);
    const items = this.items(codebook, missing);
    const groups = this.groups();
    const headlineGroups = this.headlineGroups(groups);
    const conditions = this.conditions();
    if (this.errors.length > 0) throw new InputErrors(sortByPosition(this.errors));

    const resolved: ResolvedExperiment = {
      configFile: path.resolve(this.parsed.file),
      configHash: this.parsed.sha256,
      name: config.name,
      human,
      missing,
      items,
      groups,
      headlineGroups,
      conditions,
      metrics: { ...DEFAULT_METRICS, ...config.metrics, correlation: [...(config.metrics?.correlation ?? DEFAULT_METRICS.correlation)] },
      seed: config.seed ?? DEFAULT_SEED,
      output: this.paths.absolute(config.output ?? DEFAULT_OUTPUT),
    };
    if (config.description !== undefined) resolved.description = config.description;
    if (codebook) resolved.codebook = { file: this.paths.absolute(config.codebook ?? ''), sha256: codebook.parsed.sha256 };
    return resolved;
  }

  private fail(fieldPath: FieldPath, detail: string, part: 'value' | 'key' = 'value'): void {
    this.errors.push(this.parsed.errorAt(fieldPath, detail, part));
  }

  /** `role` and `owner` frame the path in messages: "the file `x.csv` of condition `a` does not exist". */
  private dataFile(file: string, fieldPath: FieldPath, role: string, owner = '', missingHint = ''): string {
    const absolute = this.paths.absolute(file);
    const status = this.io.fileStatus(absolute);
    const named = `${role} \`${this.paths.display(file)}\`${owner}`;
    if (status === 'missing') this.fail(fieldPath, `${named} does not exist${missingHint}`);
    else if (status === 'folder') this.fail(fieldPath, `${named} is a folder, not a file`);
    return absolute;
  }

  private loadCodebook(): CodebookSource | undefined {
    if (this.config.codebook === undefined) return undefined;
    const absolute = this.paths.absolute(this.config.codebook);
    const display = this.paths.display(this.config.codebook);
    if (this.io.fileStatus(absolute) === 'folder') {
      this.fail(['codebook'], `the codebook file \`${display}\` is a folder, not a file`);
      return undefined;
    }
    try {
      const parsed = this.io.readCodebook(absolute, display);
      if (!parsed) {
        this.fail(['codebook'], `the codebook file \`${display}\` does not exist`);
        return undefined;
      }
      return { parsed, entries: validateCodebook(parsed) };
    } catch (error) {
      if (error instanceof InputErrors) this.errors.push(...error.errors);
      else if (error instanceof InputError) this.errors.push(error);
      else throw error;
      return undefined;
    }
  }

  // ---- items ----

  private items(codebook: CodebookSource | undefined, missing: { negative: boolean; codes: number[] }): ResolvedItem[] {
    const expander = new ItemExpander(this.config.itemSets ?? {}, (fieldPath, detail) => this.fail(fieldPath, detail));
    const named = new Map<string, FieldPath>();
    this.config.items.forEach((entry, index) => {
      for (const item of expander.expand(entry, ['items', index])) {
        if (!named.has(item.id)) named.set(item.id, item.path);
      }
    });
    expander.checkUnusedSets();

    const resolved: ResolvedItem[] = [];
    for (const [id, fieldPath] of named) {
      const item: ResolvedItem = { id, label: id, scale: undefined, optionLabels: {}, location: this.parsed.locate(fieldPath) };
      const fromCodebook = codebook?.entries[id];
      const override = this.config.scales?.[id];
      if (fromCodebook || override) {
        const merged: ScaleOverride = { ...fromCodebook, ...definedFields(override) };
        if (merged.label !== undefined) item.label = merged.label;
        if (merged.options !== undefined) item.optionLabels = { ...merged.options };
        // Blame the file that chose the scale type: that is where a fix goes.
        const typeFromConfig = override !== undefined && (override.type !== undefined || fromCodebook === undefined);
        const blame = typeFromConfig
          ? (detail: string) => this.fail(['scales', id], detail, 'key')
          : (detail: string) => this.errors.push(codebook?.parsed.errorAt([id], detail, 'key') ?? this.parsed.errorAt(fieldPath, detail));
        item.scale = scaleOf(id, merged, missing, fromCodebook !== undefined, blame);
      }
      resolved.push(item);
    }
    return resolved;
  }

  // ---- groups and rules ----

  private groups(): ResolvedGroup[] {
    const groups: ResolvedGroup[] = [];
    for (const [name, definition] of Object.entries(this.config.groups ?? {})) {
      const groupPath = ['groups', name];
      const group: ResolvedGroup = { name, rules: [], location: this.parsed.locateKey(groupPath) };
      if (isDescribedGroup(definition)) {
        group.rules = this.rules(definition.rules, [...groupPath, 'rules']);
        if (definition.description !== undefined) group.description = definition.description;
      } else {
        if ('rules' in definition) {
          this.fail([...groupPath, 'rules'], `\`${formatFieldPath([...groupPath, 'rules'])}\` should be a mapping of rules on columns, e.g. \`rules: { Q240: [1, 2, 3] }\``);
        } else if ('description' in definition) {
          this.fail(
            [...groupPath, 'description'],
            `\`${formatFieldPath(groupPath)}\` mixes a description with its rules; write \`${name}: { description: ..., rules: { ... } }\``,
            'key',
          );
        }
        group.rules = this.rules(definition, groupPath);
      }
      groups.push(group);
    }
    return groups;
  }

  /** Every name must be a configured group; the partition's disjointness is checked on the data. */
  private headlineGroups(groups: readonly ResolvedGroup[]): string[] {
    const names = this.config.headlineGroups ?? [];
    const known = groups.map((group) => group.name);
    names.forEach((name, index) => {
      if (!known.includes(name)) {
        const hint = closestName(name, known);
        this.fail(['headlineGroups', index], `\`${name}\` is not a group of \`groups\`${hint ? ` (did you mean ${hint}?)` : ''}`);
      }
    });
    return [...names];
  }

  private rules(rules: ColumnRules, rulesPath: FieldPath): ColumnRule[] {
    const resolved: ColumnRule[] = [];
    for (const [column, condition] of Object.entries(rules)) {
      const rulePath = [...rulesPath, column];
      const rule = this.rule(column, condition, rulePath);
      if (rule) resolved.push({ ...rule, location: this.parsed.locateKey(rulePath) });
    }
    return resolved;
  }

  private rule(column: string, condition: ColumnCondition, rulePath: FieldPath): ColumnRule | undefined {
    if (typeof condition === 'string' || typeof condition === 'number') return { column, op: 'equals', value: condition };
    if (Array.isArray(condition)) return { column, op: 'in', values: [...condition] };
    if ('in' in condition) return { column, op: 'in', values: [...condition.in] };
    if ('notIn' in condition) return { column, op: 'notIn', values: [...condition.notIn] };
    if ('equals' in condition) return { column, op: 'equals', value: condition.equals };
    const range: ColumnRule = { column, op: 'range' };
    if (condition.min !== undefined) range.min = condition.min;
    if (condition.max !== undefined) range.max = condition.max;
    if (condition.min !== undefined && condition.max !== undefined && condition.min > condition.max) {
      this.fail(rulePath, `\`${formatFieldPath(rulePath)}\` has \`min\` ${condition.min} above \`max\` ${condition.max}; no respondent can match`);
      return undefined;
    }
    return range;
  }

  // ---- conditions ----

  private conditions(): ResolvedCondition[] {
    const conditions: ResolvedCondition[] = [];
    for (const [name, condition] of Object.entries(this.config.conditions)) {
      const conditionPath = ['conditions', name];
      const fileName = conditionFile(name, condition);
      if (fileName === undefined) {
        this.fail(conditionPath, `condition \`${name}\` needs a \`file\` of simulated respondents, or \`generate\` to ask a model for them`);
        continue;
      }
      const generateHint = condition.generate
        ? `; run \`repscope generate ${path.basename(this.parsed.file)} --condition ${name}\` to make it`
        : '';
      const file = this.dataFile(fileName, [...conditionPath, condition.file === undefined ? 'generate' : 'file'], `the file`, ` of condition \`${name}\``, generateHint);
      let format = condition.format ?? (condition.generate ? 'jsonl' : undefined);
      if (format === undefined) {
        const extension = path.extname(fileName).toLowerCase();
        format = FORMAT_BY_EXTENSION[extension];
        if (format === undefined) {
          this.fail(
            [...conditionPath, 'file'],
            `cannot tell the layout of \`${path.basename(fileName)}\` from its extension; add \`format: wide\`, \`long\` or \`jsonl\` to condition \`${name}\``,
          );
          format = 'wide';
        }
      }
      const resolved: ResolvedCondition = {
        name,
        file,
        format,
        respondentColumn: condition.columns?.respondent ?? DEFAULT_LONG_COLUMNS.respondent,
        itemColumn: condition.columns?.item ?? DEFAULT_LONG_COLUMNS.item,
        answerColumn: condition.columns?.answer ?? DEFAULT_LONG_COLUMNS.answer,
        location: this.parsed.locateKey(conditionPath),
      };
      if (condition.description !== undefined) resolved.description = condition.description;
      const groupColumn = condition.groupColumn ?? (condition.generate ? GENERATED_GROUP_COLUMN : undefined);
      if (groupColumn !== undefined) resolved.groupColumn = groupColumn;
      conditions.push(resolved);
    }
    return conditions;
  }
}

function definedFields<T extends object>(value: T | undefined): Partial<T> {
  const result: Partial<T> = {};
  if (!value) return result;
  for (const [key, field] of Object.entries(value) as [keyof T, T[keyof T]][]) {
    if (field !== undefined) result[key] = field;
  }
  return result;
}

function isDescribedGroup(definition: unknown): definition is { description?: string; rules: ColumnRules } {
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) return false;
  const rules = (definition as Record<string, unknown>).rules;
  const keys = Object.keys(definition);
  return rules !== null && typeof rules === 'object' && !Array.isArray(rules) && keys.every((key) => key === 'rules' || key === 'description');
}

/**
 * The scale of an item from its merged codebook fields. Ordinal scales need `min` and `max`, or
 * take them from the option codes (missing codes excluded); nominal scales take `codes`, the
 * option codes, or `min`..`max`; binary scales take `codes`, the option codes, or [1, 2].
 * Without a `type` (a label-only override) the scale is left to the engine to infer.
 */
function scaleOf(
  id: string,
  entry: ScaleOverride,
  missing: { negative: boolean; codes: number[] },
  hasCodebookEntry: boolean,
  fail: (detail: string) => void,
): Scale | undefined {
  const optionCodes = Object.keys(entry.options ?? {})
    .map(Number)
    .filter((code) => Number.isInteger(code) && !(missing.negative && code < 0) && !missing.codes.includes(code))
    .sort((a, b) => a - b);
  switch (entry.type) {
    case undefined:
      if (entry.min !== undefined || entry.max !== undefined || entry.codes !== undefined) {
        const where = hasCodebookEntry ? 'the codebook does not give one either' : 'there is no codebook entry for it';
        fail(`the scale of \`${id}\` has no \`type\` (${where}); add \`type: ordinal\`, \`nominal\` or \`binary\``);
      }
      return undefined;
    case 'ordinal': {
      const min = entry.min ?? optionCodes[0];
      const max = entry.max ?? optionCodes[optionCodes.length - 1];
      if (min === undefined || max === undefined) {
        fail(`the ordinal scale of \`${id}\` needs \`min\` and \`max\`, or \`options\` whose codes give them`);
        return undefined;
      }
      if (min >= max) {
        fail(`the ordinal scale of \`${id}\` has \`min\` ${min} not below \`max\` ${max}`);
        return undefined;
      }
      return { type: 'ordinal', min, max };
    }
    case 'nominal': {
      let codes = entry.codes ?? (optionCodes.length > 0 ? optionCodes : undefined);
      if (codes === undefined && entry.min !== undefined && entry.max !== undefined && entry.min <= entry.max) {
        codes = [];
        for (let code = entry.min; code <= entry.max; code++) codes.push(code);
      }
      if (codes === undefined) {
        fail(`the nominal scale of \`${id}\` needs \`codes\`, \`options\`, or \`min\` and \`max\``);
        return undefined;
      }
      const unique = [...new Set(codes)];
      if (unique.length < 2) {
        fail(`the nominal scale of \`${id}\` needs at least two codes`);
        return undefined;
      }
      return { type: 'nominal', codes: unique };
    }
    case 'binary': {
      const codes = [...new Set(entry.codes ?? (optionCodes.length > 0 ? optionCodes : DEFAULT_BINARY_CODES))];
      const [first, second] = codes;
      if (codes.length !== 2 || first === undefined || second === undefined) {
        fail(`the binary scale of \`${id}\` needs exactly two codes, not ${codes.length} (${codes.join(', ')})`);
        return undefined;
      }
      return { type: 'binary', codes: [first, second] };
    }
  }
}

/** A list entry after expansion, with the path of the entry that named it. */
export interface ExpandedItem {
  id: string;
  path: FieldPath;
}

/**
 * Expands item entries. Sets may refer to other sets; each set is expanded once, and a set that
 * refers back to itself is an error. An item's path is that of the innermost entry naming it
 * (e.g. `itemSets.trust[1]` for `Q58` from `@trust`), the most precise place for later messages.
 */
export class ItemExpander {
  private readonly expanded = new Map<string, ExpandedItem[]>();
  private readonly inProgress: string[] = [];

  constructor(
    private readonly sets: Readonly<Record<string, readonly string[]>>,
    private readonly fail: (fieldPath: FieldPath, detail: string) => void,
  ) {}

  expand(entry: string, entryPath: FieldPath): ExpandedItem[] {
    const syntax = parseItemEntry(entry);
    switch (syntax.kind) {
      case 'id':
        return [{ id: syntax.id, path: entryPath }];
      case 'range':
        return syntax.ids.map((id) => ({ id, path: entryPath }));
      case 'invalid':
        this.fail(entryPath, syntax.reason);
        return [];
      case 'set':
        return this.expandSet(syntax.name, entryPath);
    }
  }

  /** Expands the sets no list refers to, so that their mistakes are reported too. */
  checkUnusedSets(): void {
    for (const name of Object.keys(this.sets)) {
      if (!this.expanded.has(name)) this.expandSet(name, ['itemSets', name]);
    }
  }

  private expandSet(name: string, entryPath: FieldPath): ExpandedItem[] {
    const done = this.expanded.get(name);
    if (done) return done;
    const entries = Object.prototype.hasOwnProperty.call(this.sets, name) ? this.sets[name] : undefined;
    if (entries === undefined) {
      const known = Object.keys(this.sets);
      const suggestion = closestName(name, known);
      const hint =
        suggestion !== undefined
          ? `; did you mean \`@${suggestion}\`?`
          : known.length > 0
            ? `; the sets defined in \`itemSets\` are ${known.map((set) => `\`@${set}\``).join(', ')}`
            : '; define it under `itemSets`';
      this.fail(entryPath, `unknown item set \`@${name}\`${hint}`);
      return [];
    }
    if (this.inProgress.includes(name)) {
      const cycle = [...this.inProgress.slice(this.inProgress.indexOf(name)), name].map((set) => `\`@${set}\``).join(' -> ');
      this.fail(entryPath, `the item set \`@${name}\` includes itself (${cycle})`);
      return [];
    }
    this.inProgress.push(name);
    const items = entries.flatMap((entry, index) => this.expand(entry, ['itemSets', name, index]));
    this.inProgress.pop();
    this.expanded.set(name, items);
    return items;
  }
}


/** Generated respondents carry the group they stand for in this JSONL field. */
const GENERATED_GROUP_COLUMN = 'group';

/** Where a condition's respondents are read from: its `file`, or the default output of `generate`. */
function conditionFile(name: string, condition: ConditionConfig): string | undefined {
  return condition.file ?? (condition.generate ? defaultGeneratedFile(name) : undefined);
}
