/**
 * Checks a parsed config (or codebook) against the JSON Schema generated from `types.ts`, and
 * words every violation for the person who wrote the file, at the exact node: a missing field at
 * its parent, an unknown field at its key (with a suggestion), a wrong value at the value.
 */
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { InputError, InputErrors } from '../errors';
import type { SourceLocation } from '../errors';
import codebookSchemaJson from '../../../media/repscope-codebook.schema.json';
import configSchemaJson from '../../../media/repscope.schema.json';
import { formatFieldPath } from './parse';
import type { FieldPath, LocatePart, ParsedSource } from './parse';
import { closestName } from './suggest';
import type { Codebook, ExperimentConfig } from './types';

type JsonSchema = { [keyword: string]: unknown };

interface SchemaKind {
  schema: JsonSchema;
  id: string;
  /** How messages name the whole document. */
  documentName: string;
}

const CONFIG: SchemaKind = { schema: configSchemaJson, id: String(configSchemaJson.$id), documentName: 'the config' };
const CODEBOOK: SchemaKind = { schema: codebookSchemaJson, id: String(codebookSchemaJson.$id), documentName: 'the codebook' };

let ajvInstance: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function ajv(): Ajv {
  if (!ajvInstance) {
    // verbose: errors carry their schema and data, which the messages and the anyOf analysis need.
    ajvInstance = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    // Annotations for editors (VS Code shows them); they validate nothing.
    ajvInstance.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    ajvInstance.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
    ajvInstance.addSchema(CONFIG.schema);
    ajvInstance.addSchema(CODEBOOK.schema);
  }
  return ajvInstance;
}

function rootValidator(kind: SchemaKind): ValidateFunction {
  const validate = ajv().getSchema(kind.id);
  if (!validate) throw new Error(`validate: schema ${kind.id} is not registered`);
  return validate;
}

/** A validator for one `anyOf` branch; its `#/definitions/...` references point into the root schema. */
function branchValidator(kind: SchemaKind, branch: unknown): ValidateFunction {
  const key = `${kind.id} ${JSON.stringify(branch)}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv().compile(absoluteRefs(branch, kind.id) as JsonSchema);
    validators.set(key, validate);
  }
  return validate;
}

function absoluteRefs(schema: unknown, rootId: string): unknown {
  if (Array.isArray(schema)) return schema.map((entry) => absoluteRefs(entry, rootId));
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `${rootId}${value}` : absoluteRefs(value, rootId);
  }
  return copy;
}

/** A schema violation before it is tied to a file position. */
export interface SchemaProblem {
  path: FieldPath;
  /** `value`: the offending value; `key`: the key of the last path element; `parent`: the key of the parent (missing fields). */
  part: LocatePart | 'parent';
  message: string;
  /** Unknown fields: the known field it is probably a misspelling of. */
  suggestion?: FieldPath;
}

/** Validates a parsed config. Returns it typed, or throws InputErrors listing every violation. */
export function validateExperimentConfig(parsed: ParsedSource): ExperimentConfig {
  throwProblems(parsed, schemaProblems(CONFIG, parsed.value));
  return parsed.value as ExperimentConfig;
}

/** Validates a parsed codebook file. Returns it typed, or throws InputErrors located in the codebook. */
export function validateCodebook(parsed: ParsedSource): Codebook {
  throwProblems(parsed, schemaProblems(CODEBOOK, parsed.value));
  return parsed.value as Codebook;
}

/** The schema violations of a config value, without positions (for callers without a parsed file). */
export function configSchemaProblems(value: unknown): SchemaProblem[] {
  return schemaProblems(CONFIG, value);
}

/** One InputError per problem, each located in `parsed`. */
export function problemsToErrors(parsed: ParsedSource, problems: readonly SchemaProblem[]): InputError[] {
  return problems.map((problem) => new InputError(locateProblem(parsed, problem), problem.message));
}

function throwProblems(parsed: ParsedSource, problems: readonly SchemaProblem[]): void {
  if (problems.length > 0) throw new InputErrors(sortByPosition(problemsToErrors(parsed, problems)));
}

/** Errors in reading order: by file, then line and column (a stable sort keeps ties in place). */
export function sortByPosition(errors: readonly InputError[]): InputError[] {
  return [...errors].sort(
    (a, b) =>
      (a.location.file === b.location.file ? 0 : a.location.file < b.location.file ? -1 : 1) ||
      (a.location.line ?? 0) - (b.location.line ?? 0) ||
      (a.location.column ?? 0) - (b.location.column ?? 0),
  );
}

function locateProblem(parsed: ParsedSource, problem: SchemaProblem): SourceLocation {
  if (problem.part !== 'parent') return parsed.locate(problem.path, problem.part);
  const parentPath = problem.path.slice(0, -1);
  const location = { ...parsed.locate(parentPath, 'key'), field: formatFieldPath(problem.path) };
  if (parentPath.length === 0 && location.line !== undefined && location.column !== undefined) {
    // A field missing from the whole document: mark the first line, not the entire file.
    const lineText = parsed.text.split('\n')[location.line - 1] ?? '';
    location.endLine = location.line;
    location.endColumn = Math.max(location.column, lineText.replace(/\r$/, '').length + 1);
  }
  return location;
}

function schemaProblems(kind: SchemaKind, value: unknown): SchemaProblem[] {
  const validate = rootValidator(kind);
  if (validate(value)) return [];
  const problems = explainErrors(kind, validate.errors ?? [], []);
  // `humna:` is both an unknown field and a missing `human`; the suggestion already says so.
  const suggested = new Set(problems.flatMap((problem) => (problem.suggestion ? [formatFieldPath(problem.suggestion)] : [])));
  // The same problem can be reached through several schema paths; report it once.
  const seen = new Set<string>();
  return problems.filter((problem) => {
    if (problem.part === 'parent' && suggested.has(formatFieldPath(problem.path))) return false;
    const key = `${problem.part} ${formatFieldPath(problem.path)} ${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface PendingProblem {
  instancePath: string;
  problems: SchemaProblem[];
}

/**
 * Turns ajv's errors into problems. A failed `anyOf` is preceded by the errors of every branch;
 * those are replaced by the errors of the one branch the user evidently meant, or by one message
 * naming the allowed forms when no branch stands out.
 */
function explainErrors(kind: SchemaKind, errors: readonly ErrorObject[], basePath: FieldPath): SchemaProblem[] {
  const pending: PendingProblem[] = [];
  for (const error of errors) {
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      while (pending.length > 0 && isAtOrBelow(pending[pending.length - 1]?.instancePath ?? '', error.instancePath)) pending.pop();
      pending.push({ instancePath: error.instancePath, problems: explainAnyOf(kind, error, basePath) });
    } else if (error.propertyName === undefined) {
      // Errors about a property *name* come twice (the inner pattern and `propertyNames`); keep the latter.
      pending.push({ instancePath: error.instancePath, problems: [describeError(kind, error, basePath)] });
    }
  }
  return pending.flatMap((entry) => entry.problems);
}

function isAtOrBelow(instancePath: string, ancestor: string): boolean {
  return instancePath === ancestor || instancePath.startsWith(`${ancestor}/`);
}

function pathOf(basePath: FieldPath, instancePath: string): (string | number)[] {
  const path: (string | number)[] = [...basePath];
  if (!instancePath) return path;
  for (const raw of instancePath.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path.push(/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment);
  }
  return path;
}

/** Follows a `#/definitions/...` reference within the root schema. */
function deref(kind: SchemaKind, schema: unknown): JsonSchema | undefined {
  let current = schema;
  for (let depth = 0; depth < 20; depth++) {
    if (current === null || typeof current !== 'object') return undefined;
    const ref = (current as JsonSchema).$ref;
    if (typeof ref !== 'string') return current as JsonSchema;
    const pointer = ref.startsWith(kind.id) ? ref.slice(kind.id.length) : ref;
    const name = /^#\/definitions\/(.+)$/.exec(pointer)?.[1];
    const definitions = kind.schema.definitions as JsonSchema | undefined;
    current = name === undefined ? undefined : definitions?.[decodeURIComponent(name)];
  }
  return undefined;
}

function jsonType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeAccepts(schemaType: unknown, value: unknown): boolean {
  const types = Array.isArray(schemaType) ? schemaType : [schemaType];
  const actual = jsonType(value);
  return types.some((type) => type === actual || (type === 'number' && actual === 'integer'));
}

function explainAnyOf(kind: SchemaKind, error: ErrorObject, basePath: FieldPath): SchemaProblem[] {
  const value: unknown = error.data;
  const path = pathOf(basePath, error.instancePath);
  const branches = Array.isArray(error.schema) ? (error.schema as unknown[]) : [];
  const parentSchema: JsonSchema | undefined = error.parentSchema;

  // Rank each branch by how clearly the value was meant for it: 3 = an object whose every key is
  // one of the branch's fields; 2.5 = the same once misspelt keys are read as the fields they are
  // close to; 2 = a value of the branch's type where the branch is an open map; 1 = merely the
  // right type; 0 = the wrong type.
  const ranked = branches.map((branch, index) => ({ branch, index, rank: branchRank(kind, branch, value) }));
  const bestRank = Math.max(0, ...ranked.map((entry) => entry.rank));
  const best = ranked.filter((entry) => entry.rank === bestRank);
  if (bestRank > 0 && best.length === 1 && best[0]) {
    const validate = branchValidator(kind, best[0].branch);
    if (!validate(value)) return explainErrors(kind, validate.errors ?? [], path);
  }

  const custom = typeof parentSchema?.errorMessage === 'string' ? parentSchema.errorMessage : undefined;
  const unknownKey = unknownKeyAmongBranches(kind, branches, value);
  const subject = subjectOf(kind, path);
  if (unknownKey) {
    return [unknownField(kind, [...path, unknownKey.key], unknownKey.allowed, custom ? `. ${custom}` : '')];
  }
  const found = describeValue(value);
  return [{ path, part: 'value', message: `${subject} has the wrong form (${found}). ${custom ?? 'It matches none of the allowed forms.'}` }];
}

function branchRank(kind: SchemaKind, branch: unknown, value: unknown): number {
  const schema = deref(kind, branch);
  if (!schema) return 0;
  if (schema.anyOf !== undefined) return 1;
  if (schema.type !== undefined && !typeAccepts(schema.type, value)) return 0;
  if (jsonType(value) === 'object' && schema.type === 'object') {
    const properties = schema.properties as JsonSchema | undefined;
    if (properties) {
      const keys = Object.keys(value as object);
      if (keys.every((key) => key in properties)) return 3;
      const fields = Object.keys(properties);
      return keys.every((key) => key in properties || closestName(key, fields) !== undefined) ? 2.5 : 1;
    }
    return schema.additionalProperties !== false ? 2 : 1;
  }
  return 1;
}

/** When every object branch has fixed fields and the value has a key none of them knows. */
function unknownKeyAmongBranches(kind: SchemaKind, branches: unknown[], value: unknown): { key: string; allowed: string[] } | undefined {
  if (jsonType(value) !== 'object') return undefined;
  const allowed: string[] = [];
  for (const branch of branches) {
    const schema = deref(kind, branch);
    if (!schema || schema.type !== 'object') continue;
    const properties = schema.properties as JsonSchema | undefined;
    if (!properties || schema.additionalProperties !== false) return undefined;
    for (const key of Object.keys(properties)) if (!allowed.includes(key)) allowed.push(key);
  }
  if (allowed.length === 0) return undefined;
  const key = Object.keys(value as object).find((candidate) => !allowed.includes(candidate));
  return key === undefined ? undefined : { key, allowed };
}

function subjectOf(kind: SchemaKind, path: FieldPath): string {
  const field = formatFieldPath(path);
  return field ? `\`${field}\`` : kind.documentName;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: '`true` or `false`',
  array: 'a list',
  object: 'a mapping (`name: value` entries)',
  null: 'empty',
};

function expectedTypes(schemaType: unknown): string {
  const types = (Array.isArray(schemaType) ? schemaType : [schemaType]).map((type) => TYPE_NAMES[String(type)] ?? String(type));
  return types.length <= 2 ? types.join(' or ') : `${types.slice(0, -1).join(', ')} or ${types[types.length - 1]}`;
}

function shortText(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'it is empty';
  if (typeof value === 'string') return `the text \`${shortText(value)}\``;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `\`${value}\``;
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  const keys = Object.keys(value).map((key) => `\`${key}\``);
  if (keys.length === 0) return 'an empty mapping';
  if (keys.length > 4) return 'a mapping';
  return `a mapping with ${keys.length === 1 ? keys[0] : `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]}`}`;
}

function unknownField(kind: SchemaKind, path: FieldPath, allowed: readonly string[], suffix = ''): SchemaProblem {
  const field = formatFieldPath(path);
  const name = String(path[path.length - 1]);
  const suggestion = closestName(name, allowed);
  const parent = path.slice(0, -1);
  const shown = field || name;
  if (suggestion !== undefined) {
    const suggested = [...parent, suggestion];
    return { path, part: 'key', message: `unknown field \`${shown}\`; did you mean \`${formatFieldPath(suggested)}\`?${suffix}`, suggestion: suggested };
  }
  if (suffix) return { path, part: 'key', message: `unknown field \`${shown}\`${suffix}` };
  const list = allowed.map((key) => `\`${key}\``).join(', ');
  const where = parent.length > 0 ? ` in ${subjectOf(kind, parent)}` : '';
  return { path, part: 'key', message: `unknown field \`${shown}\`; the fields allowed${where} are ${list}${suffix}` };
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? `one ${one}` : `${count} ${many}`;
}

function describeError(kind: SchemaKind, error: ErrorObject, basePath: FieldPath): SchemaProblem {
  const path = pathOf(basePath, error.instancePath);
  const subject = subjectOf(kind, path);
  const params = error.params as Record<string, unknown>;
  const parentSchema = (error.parentSchema ?? {}) as JsonSchema;
  const value: unknown = error.data;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const full = [...path, missing];
      return { path: full, part: 'parent', message: `missing required field \`${formatFieldPath(full)}\`` };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const properties = Object.keys((parentSchema.properties as JsonSchema | undefined) ?? {});
      return unknownField(kind, [...path, extra], properties);
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      return {
        path: [...path, name],
        part: 'key',
        message: `${subject} has the key \`${name}\`, but its keys must be whole-number answer codes such as \`1\` or \`-1\``,
      };
    }
    case 'type': {
      if (value === null || value === undefined) return { path, part: 'value', message: `${subject} should be ${expectedTypes(params.type)}, but it is empty` };
      return { path, part: 'value', message: `${subject} should be ${expectedTypes(params.type)}, not ${describeValue(value).replace(/^it is /, '')}` };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((option) => `\`${String(option)}\``);
      const choices = allowed.length <= 2 ? allowed.join(' or ') : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
      const suggestion = typeof value === 'string' ? closestName(value, (params.allowedValues as unknown[]).map(String)) : undefined;
      const hint = suggestion !== undefined ? `; did you mean \`${suggestion}\`?` : '';
      return { path, part: 'value', message: `${subject} should be ${choices}, not ${describeValue(value)}${hint}` };
    }
    case 'pattern': {
      const custom = typeof parentSchema.patternErrorMessage === 'string' ? ` ${parentSchema.patternErrorMessage}` : '';
      return { path, part: 'value', message: `${subject} has the wrong form (${describeValue(value)}).${custom}` };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const bound = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'more than', exclusiveMaximum: 'less than' }[error.keyword];
      return { path, part: 'value', message: `${subject} should be ${bound} ${String(params.limit)}, not ${String(value)}` };
    }
    case 'minItems':
      return { path, part: 'value', message: `${subject} should list at least ${plural(Number(params.limit), 'entry', 'entries')}` };
    case 'maxItems':
      return { path, part: 'value', message: `${subject} should list at most ${plural(Number(params.limit), 'entry', 'entries')}` };
    case 'minProperties':
      return { path, part: 'value', message: `${subject} should have at least ${plural(Number(params.limit), 'entry', 'entries')}` };
    case 'minLength':
      return { path, part: 'value', message: `${subject} should not be empty` };
    case 'uniqueItems': {
      const repeated: unknown = Array.isArray(value) ? value[Number(params.j)] : undefined;
      return { path, part: 'value', message: `${subject} lists \`${String(repeated)}\` twice` };
    }
    default:
      return { path, part: 'value', message: `${subject} ${error.message ?? 'is not valid'}` };
  }
}
