/**
 * Errors that users can act on. Each names where the problem is, so the CLI can print it as
 * `file:line:column: message` and the editor can put a diagnostic on the exact range.
 */

export interface SourceLocation {
  /** Path as the user gave it or as resolved; printed verbatim. */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** 1-based end line/column of the offending range, when known (for diagnostics). */
  endLine?: number;
  endColumn?: number;
  /** The config field or data column involved, e.g. `groups.left.Q240` or `Q27`. */
  field?: string;
}

export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  return text;
}

/** Bad input the user must fix: a config, a data file, a model output. The CLI exits with 2. */
export class InputError extends Error {
  readonly location: SourceLocation;
  /** The message without the location prefix, for diagnostics that show the location themselves. */
  readonly detail: string;

  constructor(location: SourceLocation, detail: string) {
    const field = location.field ? ` (${location.field})` : '';
    super(`${formatLocation(location)}: ${detail}${field && !detail.includes(location.field ?? '') ? field : ''}`);
    this.name = 'InputError';
    this.location = location;
    this.detail = detail;
  }
}

/** Several input problems found in one pass (e.g. every schema violation of a config). */
export class InputErrors extends Error {
  readonly errors: readonly InputError[];

  constructor(errors: readonly InputError[]) {
    super(errors.map((error) => error.message).join('\n'));
    this.name = 'InputErrors';
    this.errors = errors;
  }
}

/** The user (or the editor) cancelled the work. Nothing half-written is left behind. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

export function isInputError(error: unknown): error is InputError | InputErrors {
  return error instanceof InputError || error instanceof InputErrors;
}
