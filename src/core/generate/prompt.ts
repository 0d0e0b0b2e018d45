/**
 * What the model is shown for one item: the options with their labels, in the order shown, and
 * the prompt text from the template.
 */
import type { AnswerMode, OptionLabelStyle } from './config';

export interface ShownOption {
  /** The answer code this option stands for. */
  code: number;
  /** What the model sees and answers with: the code (`3`) or a letter (`C`). */
  label: string;
  /** The option's text, empty when the codebook has none (e.g. the middle of a 1-10 scale). */
  text: string;
}

/** One item as asked: its question and its options in the order shown. */
export interface ItemQuestion {
  itemId: string;
  question: string;
  labelKind: 'number' | 'letter';
  /** In the order shown to the model. */
  options: ShownOption[];
}

/** The answer codes of a scale in scale order (shared with the engine). */
export { scaleCodes as codesOfScale } from '../config/scaleCodes';

/** Letters for option i: A..Z, then AA, AB, ... (a 27th option is rare but must not break). */
export function letterLabel(index: number): string {
  let label = '';
  let rest = index;
  do {
    label = String.fromCharCode(65 + (rest % 26)) + label;
    rest = Math.floor(rest / 26) - 1;
  } while (rest >= 0);
  return label;
}

/**
 * Which labels an item gets. `auto`: codes, except in distribution mode when a code has more than
 * one character (its probability would be spread over several tokens, and `1` would be the first
 * token of `10`), then letters.
 */
export function labelKindFor(codes: readonly number[], style: OptionLabelStyle, mode: AnswerMode): 'number' | 'letter' {
  if (style === 'codes') return 'number';
  if (style === 'letters') return 'letter';
  if (mode === 'sampling') return 'number';
  return codes.every((code) => String(code).length === 1) ? 'number' : 'letter';
}

/** The item's options in codebook order, labelled. */
export function labelledOptions(codes: readonly number[], optionLabels: Readonly<Record<string, string>>, kind: 'number' | 'letter'): ShownOption[] {
  return codes.map((code, index) => ({
    code,
    label: kind === 'number' ? String(code) : letterLabel(index),
    text: (optionLabels[String(code)] ?? '').trim(),
  }));
}

/** `1, 2, 3 or 4`. */
export function listLabels(options: readonly ShownOption[]): string {
  const labels = options.map((option) => option.label);
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

/** `k: text` lines (`k` alone when the option has no text), in the order given. */
export function optionLines(options: readonly ShownOption[]): string {
  return options.map((option) => (option.text ? `${option.label}: ${option.text}` : option.label)).join('\n');
}

/** Fills `{placeholder}`s; `{{` and `}}` are literal braces. Unknown placeholders are left as written. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{|\}\}|\{([A-Za-z]+)\}/g, (match, name: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const value = name !== undefined ? values[name] : undefined;
    return value ?? match;
  });
}

/** The template's placeholder values for one question and persona. */
export function templateValues(question: ItemQuestion, persona: string): Record<string, string> {
  return {
    persona,
    question: question.question,
    options: optionLines(question.options),
    labels: listLabels(question.options),
    labelKind: question.labelKind,
  };
}
