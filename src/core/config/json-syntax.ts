/**
 * A strict JSON syntax check with plain-language messages. JSON configs are read through the YAML
 * parser (one code path for positions), but YAML accepts things JSON does not (comments, trailing
 * commas, unquoted text) and words its errors in YAML terms; this scan finds the first real JSON
 * mistake first. The messages are our own, so they do not change with the Node version.
 */

export interface JsonSyntaxProblem {
  /** 0-based character offset of the offending character (the end of the text when it ends early). */
  offset: number;
  message: string;
}

class JsonSyntaxFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Returns the first syntax problem of a JSON text, or undefined when it is valid JSON. */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  try {
    new JsonScanner(text).scanDocument();
    return undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxFailure) return { offset: error.offset, message: error.message };
    throw error;
  }
}

function describeChar(char: string): string {
  if (char === '`') return '"`"';
  return `\`${char}\``;
}

class JsonScanner {
  private position = 0;

  constructor(private readonly text: string) {}

  scanDocument(): void {
    this.skipWhitespace();
    if (this.position >= this.text.length) throw new JsonSyntaxFailure(0, 'the file is empty; a JSON config is an object `{ ... }`');
    this.scanValue();
    this.skipWhitespace();
    if (this.position < this.text.length) {
      throw new JsonSyntaxFailure(this.position, `unexpected ${describeChar(this.peek())} after the end of the JSON value`);
    }
  }

  private peek(): string {
    return this.text[this.position] ?? '';
  }

  private skipWhitespace(): void {
    for (;;) {
      const char = this.peek();
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
        this.position++;
      } else if (char === '/' && (this.text[this.position + 1] === '/' || this.text[this.position + 1] === '*')) {
        throw new JsonSyntaxFailure(this.position, 'comments are not allowed in JSON (use a YAML config for comments)');
      } else if (char === '#') {
        throw new JsonSyntaxFailure(this.position, 'comments are not allowed in JSON (use a YAML config for comments)');
      } else {
        return;
      }
    }
  }

  private unexpectedEnd(opener: string, openedAt: number): JsonSyntaxFailure {
    const { line, column } = lineAndColumn(this.text, openedAt);
    return new JsonSyntaxFailure(this.text.length, `the file ends before the \`${opener}\` opened at line ${line}, column ${column} is closed`);
  }

  private scanValue(): void {
    const char = this.peek();
    if (char === '{') return this.scanObject();
    if (char === '[') return this.scanArray();
    if (char === '"') return this.scanString();
    if (char === '-' || (char >= '0' && char <= '9')) return this.scanNumber();
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.position)) {
        this.position += literal.length;
        return;
      }
    }
    if (char === '') throw new JsonSyntaxFailure(this.position, 'the file ends where a value was expected');
    if (char === "'") throw new JsonSyntaxFailure(this.position, 'JSON text must be in double quotes ("..."), not single quotes');
    if (char === '}' || char === ']' || char === ',' || char === ':') {
      throw new JsonSyntaxFailure(this.position, `expected a value but found ${describeChar(char)}`);
    }
    throw new JsonSyntaxFailure(this.position, 'text must be in double quotes ("...") in JSON');
  }

  private scanObject(): void {
    const openedAt = this.position;
    this.position++;
    this.skipWhitespace();
    if (this.peek() === '}') {
      this.position++;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      const keyChar = this.peek();
      if (keyChar === '') throw this.unexpectedEnd('{', openedAt);
      if (keyChar === '}') throw new JsonSyntaxFailure(this.position, 'a comma before `}` is not allowed in JSON');
      if (keyChar === "'") throw new JsonSyntaxFailure(this.position, 'keys must be in double quotes ("..."), not single quotes');
      if (keyChar !== '"') throw new JsonSyntaxFailure(this.position, 'keys must be in double quotes ("...") in JSON');
      this.scanString();
      this.skipWhitespace();
      if (this.peek() === '') throw this.unexpectedEnd('{', openedAt);
      if (this.peek() !== ':') throw new JsonSyntaxFailure(this.position, `expected \`:\` after the key but found ${describeChar(this.peek())}`);
      this.position++;
      this.skipWhitespace();
      if (this.peek() === '') throw this.unexpectedEnd('{', openedAt);
      this.scanValue();
      this.skipWhitespace();
      const next = this.peek();
      if (next === ',') {
        this.position++;
        continue;
      }
      if (next === '}') {
        this.position++;
        return;
      }
      if (next === '') throw this.unexpectedEnd('{', openedAt);
      throw new JsonSyntaxFailure(this.position, `expected \`,\` or \`}\` after a value but found ${describeChar(next)} (is a comma missing?)`);
    }
  }

  private scanArray(): void {
    const openedAt = this.position;
    this.position++;
    this.skipWhitespace();
    if (this.peek() === ']') {
      this.position++;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      const char = this.peek();
      if (char === '') throw this.unexpectedEnd('[', openedAt);
      if (char === ']') throw new JsonSyntaxFailure(this.position, 'a comma before `]` is not allowed in JSON');
      this.scanValue();
      this.skipWhitespace();
      const next = this.peek();
      if (next === ',') {
        this.position++;
        continue;
      }
      if (next === ']') {
        this.position++;
        return;
      }
      if (next === '') throw this.unexpectedEnd('[', openedAt);
      throw new JsonSyntaxFailure(this.position, `expected \`,\` or \`]\` after a value but found ${describeChar(next)} (is a comma missing?)`);
    }
  }

  private scanString(): void {
    const openedAt = this.position;
    this.position++;
    for (;;) {
      const char = this.peek();
      if (char === '' || char === '\n' || char === '\r') {
        throw new JsonSyntaxFailure(openedAt, 'this text has no closing `"` on its line');
      }
      if (char === '"') {
        this.position++;
        return;
      }
      if (char === '\\') {
        const escape = this.text[this.position + 1] ?? '';
        if ('"\\/bfnrt'.includes(escape) && escape !== '') {
          this.position += 2;
        } else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.position + 2, this.position + 6))) {
          this.position += 6;
        } else {
          throw new JsonSyntaxFailure(this.position, 'invalid escape sequence in text (write a backslash as `\\\\`)');
        }
        continue;
      }
      if (char < ' ') throw new JsonSyntaxFailure(this.position, 'control characters such as tabs must be escaped inside JSON text');
      this.position++;
    }
  }

  private scanNumber(): void {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.position, this.position + 400));
    if (!match || match[0] === '-') throw new JsonSyntaxFailure(this.position, 'invalid number');
    this.position += match[0].length;
    const next = this.peek();
    if (/[0-9A-Za-z_.]/.test(next)) {
      throw new JsonSyntaxFailure(this.position, 'invalid number (JSON numbers have no leading zeros, and text must be in double quotes)');
    }
  }
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
