/**
 * Reading a config (or codebook) file into a plain value while keeping every node's position, so
 * that any later problem (schema, resolution, engine) can point at the exact line and column.
 * YAML and JSON share one parser (YAML 1.2 reads JSON); JSON files are first checked strictly so
 * that JSON mistakes are reported in JSON terms.
 */
import { createHash } from 'node:crypto';
import { promises as fsPromises, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Node as YamlNode, ParsedNode, YAMLError } from 'yaml';
import { InputError } from '../errors';
import type { SourceLocation } from '../errors';
import { findJsonSyntaxProblem, lineAndColumn } from './json-syntax';

/** A path into the config value: keys of mappings and indices of lists, e.g. `['groups', 'left', 'Q240']`. */
export type FieldPath = readonly (string | number)[];

export type SourceSyntax = 'yaml' | 'json';

/** Which part of a mapping entry to point at: its value (default) or its key. */
export type LocatePart = 'value' | 'key';

/** A parsed config or codebook file: its plain value plus the positions of every node. */
export class ParsedSource {
  constructor(
    /** The path as given by the caller; used verbatim in every message. */
    readonly file: string,
    readonly text: string,
    /** sha256 of the file's bytes, hex. */
    readonly sha256: string,
    readonly syntax: SourceSyntax,
    /** The plain value (mappings as objects with string keys, lists as arrays). */
    readonly value: unknown,
    readonly document: Document.Parsed,
    readonly lineCounter: LineCounter,
  ) {}

  /**
   * Where a field is written. A path that does not exist in the document (e.g. a missing field)
   * gives the location of its nearest existing ancestor. `part: 'key'` points at the key of the
   * last path element instead of its value (for unknown fields and names).
   */
  locate(fieldPath: FieldPath, part: LocatePart = 'value'): SourceLocation {
    const found = findNode(this.document, fieldPath);
    const field = formatFieldPath(fieldPath);
    const target = part === 'key' && found.complete ? (found.keyNode ?? found.node) : found.node;
    // A missing value (`file:` with nothing after it) has no range of its own: point at its key.
    const range = target?.range ?? found.keyNode?.range;
    const location: SourceLocation = { file: this.file };
    if (field) location.field = field;
    if (!range) {
      location.line = 1;
      location.column = 1;
      return location;
    }
    let [start, end] = range;
    if (end <= start && found.keyNode?.range && target !== found.keyNode) [start, end] = found.keyNode.range;
    const startPosition = this.position(start);
    const endPosition = this.position(Math.max(end, start));
    location.line = startPosition.line;
    location.column = startPosition.column;
    location.endLine = endPosition.line;
    location.endColumn = endPosition.column;
    return location;
  }

  /** Shorthand for `locate(fieldPath, 'key')`. */
  locateKey(fieldPath: FieldPath): SourceLocation {
    return this.locate(fieldPath, 'key');
  }

  /** The error for a problem at a field, located at its value or key. */
  errorAt(fieldPath: FieldPath, detail: string, part: LocatePart = 'value'): InputError {
    return new InputError(this.locate(fieldPath, part), detail);
  }

  /** 1-based line and column of a 0-based character offset. */
  position(offset: number): { line: number; column: number } {
    const { line, col } = this.lineCounter.linePos(offset);
    return line === 0 ? { line: 1, column: offset + 1 } : { line, column: col };
  }
}

interface FoundNode {
  node: YamlNode | null | undefined;
  keyNode: YamlNode | null | undefined;
  /** Whether the whole path was found. */
  complete: boolean;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function findNode(document: Document.Parsed, fieldPath: FieldPath): FoundNode {
  let node: YamlNode | null | undefined = document.contents;
  let keyNode: YamlNode | null | undefined;
  for (const segment of fieldPath) {
    if (isAlias(node)) node = node.resolve(document) ?? node;
    let next: YamlNode | null | undefined;
    let nextKey: YamlNode | null | undefined;
    let found = false;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (keyText(pair.key) === String(segment)) {
          next = pair.value as YamlNode | null;
          nextKey = pair.key as YamlNode;
          found = true;
          break;
        }
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item !== undefined) {
        next = item as YamlNode | null;
        nextKey = undefined;
        found = true;
      }
    }
    if (!found) return { node, keyNode, complete: false };
    node = next;
    keyNode = nextKey;
  }
  return { node, keyNode, complete: true };
}

/** `groups.left.Q240`, `items[2]`, `groups["my group"]`; empty for the whole document. */
export function formatFieldPath(fieldPath: FieldPath): string {
  let text = '';
  for (const segment of fieldPath) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z0-9_][A-Za-z0-9_-]*$/.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

export function syntaxOfFile(file: string): SourceSyntax {
  return path.extname(file).toLowerCase() === '.json' ? 'json' : 'yaml';
}

/** Parses config or codebook text. Throws an InputError at the first syntax error. */
export function parseSourceText(text: string, file: string, options: { syntax?: SourceSyntax; sha256?: string } = {}): ParsedSource {
  const syntax = options.syntax ?? syntaxOfFile(file);
  const sha256 = options.sha256 ?? createHash('sha256').update(text, 'utf8').digest('hex');
  // An editor's byte order mark is invisible: drop it so columns on line 1 match what users see.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineCounter = new LineCounter();

  if (syntax === 'json') {
    const problem = findJsonSyntaxProblem(source);
    if (problem) {
      // Count lines ourselves: the YAML parser has not run yet.
      const { line, column } = lineAndColumn(source, problem.offset);
      throw new InputError({ file, line, column }, `JSON syntax error: ${problem.message}`);
    }
  }

  const document = parseDocument(source, { lineCounter, prettyErrors: false, keepSourceTokens: false });
  const firstError = document.errors[0];
  if (firstError) {
    const { line, column } = positionOf(lineCounter, firstError.pos[0]);
    const kind = syntax === 'json' ? 'JSON' : 'YAML';
    throw new InputError({ file, line, column }, `${kind} syntax error: ${describeYamlError(firstError, source)}`);
  }

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw aliasError(document, lineCounter, file, error);
  }
  return new ParsedSource(file, source, sha256, syntax, value, document, lineCounter);
}

export interface ReadSourceOptions {
  /** What the file is, for messages: `config file` (default), `codebook file`. */
  role?: string;
  /** How messages name the file; default: the path as given. */
  displayPath?: string;
}

/** Reads and parses a config or codebook file. A file that cannot be read is an InputError. */
export async function readSourceFile(file: string, options: ReadSourceOptions = {}): Promise<ParsedSource> {
  const displayPath = options.displayPath ?? file;
  let bytes: Buffer;
  try {
    bytes = await fsPromises.readFile(file);
  } catch (error) {
    throw unreadable(displayPath, options.role ?? 'config file', error);
  }
  return parseBytes(bytes, displayPath);
}

/** Synchronous variant of `readSourceFile`. */
export function readSourceFileSync(file: string, options: ReadSourceOptions = {}): ParsedSource {
  const displayPath = options.displayPath ?? file;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw unreadable(displayPath, options.role ?? 'config file', error);
  }
  return parseBytes(bytes, displayPath);
}

function parseBytes(bytes: Buffer, file: string): ParsedSource {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return parseSourceText(bytes.toString('utf8'), file, { sha256 });
}

function unreadable(file: string, role: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new InputError({ file }, `the ${role} does not exist`);
  if (code === 'EISDIR') return new InputError({ file }, `the ${role} is a folder, not a file`);
  return new InputError({ file }, `cannot read the ${role}: ${(error as Error).message}`);
}

function positionOf(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return line === 0 ? { line: 1, column: offset + 1 } : { line, column: col };
}

function restOfLine(source: string, offset: number): string {
  const end = source.indexOf('\n', offset);
  return source.slice(offset, end === -1 ? undefined : end).replace(/\r$/, '').trim();
}

/** The parser's message reworded for people who do not know YAML's grammar. */
function describeYamlError(error: YAMLError, source: string): string {
  const offset = error.pos[0];
  switch (error.code) {
    case 'BAD_SCALAR_START': {
      const reserved = /character (\S)\s*$/.exec(error.message)?.[1];
      const written = restOfLine(source, offset).replace(/\s+#.*$/, '');
      if (reserved) return `a value starting with \`${reserved}\` must be in quotes: write "${written.replace(/"/g, '\\"')}"`;
      break;
    }
    case 'DUPLICATE_KEY': {
      const key = /^("[^"]*"|'[^']*'|[^:]+)/.exec(restOfLine(source, offset))?.[1]?.trim();
      return key ? `the key \`${key.replace(/^["']|["']$/g, '')}\` appears twice in the same mapping` : 'a key appears twice in the same mapping';
    }
    case 'TAB_AS_INDENT':
      return 'tabs cannot be used to indent YAML; indent with spaces';
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one document (a `---` line); a config is a single document';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a key must fit on one line (check the indentation of this line and the next)';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a nested mapping cannot start here (check the indentation, and quote values that contain `: `)';
    case 'MISSING_CHAR': {
      const quote = /closing (["'])quote/.exec(error.message)?.[1];
      if (quote) return `missing closing quote \`${quote}\``;
      const bracket = /must end with a (\S)/.exec(error.message)?.[1];
      if (bracket) return `missing closing \`${bracket}\``;
      break;
    }
    case 'BAD_INDENT': {
      const bracket = /end with a (\S)\s*$/.exec(error.message)?.[1];
      if (bracket) return `missing closing \`${bracket}\` (or the lines inside the brackets are not indented enough)`;
      break;
    }
    case 'UNEXPECTED_TOKEN': {
      const token = /: "(.*)"\s*$/.exec(error.message)?.[1];
      if (token) return `unexpected \`${token}\``;
      break;
    }
    default:
      break;
  }
  return cleanParserMessage(error.message);
}

function cleanParserMessage(message: string): string {
  const firstLine = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?\s*$/, '').replace(/;\s*please use .*$/i, '').trim();
  const text = firstLine.replace(/\.$/, '');
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function aliasError(document: Document.Parsed, lineCounter: LineCounter, file: string, error: unknown): InputError {
  let location: SourceLocation = { file };
  let name: string | undefined;
  visit(document, {
    Alias(_key, alias) {
      if (alias.resolve(document) !== undefined) return undefined;
      name = alias.source;
      const range = (alias as ParsedNode).range;
      if (range) {
        const start = positionOf(lineCounter, range[0]);
        const end = positionOf(lineCounter, range[1]);
        location = { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
      }
      return visit.BREAK;
    },
  });
  if (name !== undefined) return new InputError(location, `YAML syntax error: \`*${name}\` refers to an anchor \`&${name}\` that is not defined above it`);
  return new InputError({ file }, `YAML syntax error: ${cleanParserMessage((error as Error).message)}`);
}
