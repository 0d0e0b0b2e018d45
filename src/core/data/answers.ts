/**
 * Reading one answer cell written as text: answer labels, the paper's `3: Quite happy` reply shape,
 * and the tokens model pipelines write for replies they could not use.
 */
import { OUT_OF_RANGE, REFUSAL, UNPARSEABLE } from './types';

/** Smallest code a file may hold: the four values below it are the sentinels in types.ts. */
export const MIN_CODE = -32764;
/** Largest Int16 value. */
export const MAX_CODE = 32767;

/** The form labels are compared in: trimmed, inner whitespace collapsed, lower-cased. */
export function normalizeLabel(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Label text to code from a codebook's `code -> text` options; the first code wins when two share a text. */
export function labelsFromOptions(optionLabels: Readonly<Record<string, string>>): Map<string, number> {
  const labels = new Map<string, number>();
  for (const [code, text] of Object.entries(optionLabels)) {
    const value = Number(code);
    if (!Number.isInteger(value) || value < MIN_CODE || value > MAX_CODE) continue;
    const key = normalizeLabel(text);
    if (key !== '' && !labels.has(key)) labels.set(key, value);
  }
  return labels;
}

/** Re-keys a label map in normalised form, so callers may pass labels as written. */
export function normalizeLabels(labels: ReadonlyMap<string, number> | undefined): Map<string, number> | undefined {
  if (!labels) return undefined;
  const normalized = new Map<string, number>();
  for (const [text, code] of labels) {
    const key = normalizeLabel(text);
    if (!normalized.has(key)) normalized.set(key, code);
  }
  return normalized;
}

const NUMBER_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** `3: Quite happy`, `3 - Quite happy`, `3) Quite happy`; the text must not start with a digit, so `3-4` is no answer. */
const CODE_THEN_LABEL = /^([+-]?\d+)\s*[:)\-\u2013\u2014]\s*[^\d\s]/;

export type AnswerReading =
  | { kind: 'code'; code: number }
  /** A number that is not a whole number, e.g. `2.5`. */
  | { kind: 'nonInteger'; value: number }
  /** A whole number Int16 cannot hold (or one of the sentinel values). */
  | { kind: 'outOfRange'; value: number }
  /** Text that is neither a number, a label nor `k: label`. */
  | { kind: 'text' };

/** Parses a number written in plain decimal or exponent notation; NaN for anything else (including blank). */
export function parseNumberText(text: string): number {
  const trimmed = text.trim();
  return NUMBER_SYNTAX.test(trimmed) ? Number(trimmed) : Number.NaN;
}

export function readNumber(value: number): AnswerReading {
  if (!Number.isInteger(value)) return { kind: 'nonInteger', value };
  if (value < MIN_CODE || value > MAX_CODE) return { kind: 'outOfRange', value };
  return { kind: 'code', code: value === 0 ? 0 : value };
}

/**
 * What a non-blank text cell says as an answer code. Labels (normalised keys) are tried first, so a
 * label that happens to look like a number still maps to its own code.
 */
export function readAnswerText(text: string, labels: ReadonlyMap<string, number> | undefined): AnswerReading {
  const key = normalizeLabel(text);
  const labelled = labels?.get(key);
  if (labelled !== undefined) return { kind: 'code', code: labelled };
  const number = parseNumberText(key);
  if (!Number.isNaN(number)) return readNumber(number);
  const prefixed = CODE_THEN_LABEL.exec(key);
  if (prefixed?.[1] !== undefined) return readNumber(Number(prefixed[1]));
  return { kind: 'text' };
}

const REFUSAL_TOKENS = new Set(['refusal', 'refused', 'invalid:refusal']);
const OUT_OF_RANGE_TOKENS = new Set(['out_of_range', 'invalid:out_of_range']);

/**
 * The sentinel for a model reply that is not an answer: `refusal`/`refused`/`invalid:refusal` are
 * refusals, `out_of_range`/`invalid:out_of_range` out-of-range, anything else unparseable.
 */
export function classifyModelToken(text: string): number {
  const token = normalizeLabel(text).replace(/[\s-]+/g, '_');
  if (REFUSAL_TOKENS.has(token)) return REFUSAL;
  if (OUT_OF_RANGE_TOKENS.has(token)) return OUT_OF_RANGE;
  return UNPARSEABLE;
}

/** A model's text reply as a code or a sentinel; never throws. The caller handles blank. */
export function modelAnswerFromText(text: string, labels: ReadonlyMap<string, number> | undefined): number {
  return modelAnswerFromReading(readAnswerText(text, labels), text);
}

export function modelAnswerFromReading(reading: AnswerReading, text: string): number {
  switch (reading.kind) {
    case 'code':
      return reading.code;
    case 'nonInteger':
      return UNPARSEABLE;
    case 'outOfRange':
      return OUT_OF_RANGE;
    case 'text':
      return classifyModelToken(text);
  }
}

/** Cell text for messages: quoted, shortened when long. */
export function quoteCell(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(shown);
}
