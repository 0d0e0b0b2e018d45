/**
 * Plain re-implementations of the two headline measures, so the sample's built-in reversal can be
 * checked without the engine. Deliberately simple: the sample's files hold no quoted fields.
 */
import { parse as parseYaml } from 'yaml';
import type { SampleFiles } from '../../../src/core/sample';

export interface ItemScale {
  id: string;
  type: 'ordinal' | 'binary' | 'nominal';
  codes: number[];
  /** Option text (lower-cased) to code. */
  labels: Map<string, number>;
}

export interface Respondent {
  group?: string;
  country?: string;
  weight: number;
  /** Valid answer codes by item; missing and invalid answers are absent. */
  answers: Map<string, number>;
  raw: Map<string, unknown>;
}

export function fileContent(sample: SampleFiles, path: string): string {
  const file = sample.files.find((candidate) => candidate.path === path);
  if (!file) throw new Error(`sample has no ${path}`);
  return file.content;
}

interface CodebookEntryShape {
  type: 'ordinal' | 'binary' | 'nominal';
  min?: number;
  max?: number;
  codes?: number[];
  options?: Record<string, string>;
}

export function readCodebook(sample: SampleFiles): ItemScale[] {
  const codebook = parseYaml(fileContent(sample, 'codebook.yaml')) as Record<string, CodebookEntryShape>;
  return Object.entries(codebook).map(([id, entry]) => {
    const codes: number[] = [];
    if (entry.type === 'ordinal') for (let code = entry.min ?? 0; code <= (entry.max ?? -1); code++) codes.push(code);
    else codes.push(...(entry.codes ?? []));
    const labels = new Map<string, number>();
    for (const [code, text] of Object.entries(entry.options ?? {})) labels.set(text.toLowerCase(), Number(code));
    return { id, type: entry.type, codes, labels };
  });
}

function validCode(value: unknown, scale: ItemScale): number | undefined {
  if (typeof value === 'number') return scale.codes.includes(value) ? value : undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^-?\d+$/.test(trimmed)) return validCode(Number(trimmed), scale);
    return scale.labels.get(trimmed.toLowerCase());
  }
  return undefined;
}

export function readCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split('\n').filter((line) => line !== '');
  const header = (lines[0] ?? '').split(',');
  return { header, rows: lines.slice(1).map((line) => line.split(',')) };
}

export function readHumans(sample: SampleFiles, scales: readonly ItemScale[]): Respondent[] {
  const { header, rows } = readCsv(fileContent(sample, 'data/human.csv'));
  return rows.map((row) => {
    const raw = new Map<string, unknown>(header.map((name, index) => [name, row[index]]));
    const answers = new Map<string, number>();
    for (const scale of scales) {
      const code = validCode(raw.get(scale.id), scale);
      if (code !== undefined) answers.set(scale.id, code);
    }
    return { country: String(raw.get('B_COUNTRY_ALPHA')), weight: Number(raw.get('W_WEIGHT')), answers, raw };
  });
}

export function readFinetuned(sample: SampleFiles, scales: readonly ItemScale[]): Respondent[] {
  const { header, rows } = readCsv(fileContent(sample, 'model/finetuned.csv'));
  return rows.map((row) => {
    const raw = new Map<string, unknown>(header.map((name, index) => [name, row[index]]));
    const answers = new Map<string, number>();
    for (const scale of scales) {
      const code = validCode(raw.get(scale.id), scale);
      if (code !== undefined) answers.set(scale.id, code);
    }
    return { group: String(raw.get('group')), weight: 1, answers, raw };
  });
}

export function readPersona(sample: SampleFiles, scales: readonly ItemScale[]): Respondent[] {
  const lines = fileContent(sample, 'model/persona.jsonl').split('\n').filter((line) => line !== '');
  return lines.map((line) => {
    const record = JSON.parse(line) as { id: string; group: string; answers: Record<string, unknown> };
    const raw = new Map<string, unknown>(Object.entries(record.answers));
    const answers = new Map<string, number>();
    for (const scale of scales) {
      const code = validCode(raw.get(scale.id), scale);
      if (code !== undefined) answers.set(scale.id, code);
    }
    return { group: record.group, weight: 1, answers, raw };
  });
}

/** Weighted share of each code of `scale` among respondents with a valid answer. */
export function distribution(respondents: readonly Respondent[], scale: ItemScale): number[] | undefined {
  const totals = scale.codes.map(() => 0);
  let sum = 0;
  for (const respondent of respondents) {
    const code = respondent.answers.get(scale.id);
    if (code === undefined) continue;
    const index = scale.codes.indexOf(code);
    totals[index] = (totals[index] ?? 0) + respondent.weight;
    sum += respondent.weight;
  }
  return sum > 0 ? totals.map((total) => total / sum) : undefined;
}

/** Wasserstein-1 between two distributions on consecutive codes, divided by the scale range. */
export function normalisedW1(first: readonly number[], second: readonly number[]): number {
  let cumulativeFirst = 0;
  let cumulativeSecond = 0;
  let total = 0;
  for (let index = 0; index < first.length - 1; index++) {
    cumulativeFirst += first[index] ?? 0;
    cumulativeSecond += second[index] ?? 0;
    total += Math.abs(cumulativeFirst - cumulativeSecond);
  }
  return total / (first.length - 1);
}

/** Mean normalised W1 over the ordinal items answered by both sides (undefined when none). */
export function meanW1(humans: readonly Respondent[], model: readonly Respondent[], scales: readonly ItemScale[]): number | undefined {
  const distances: number[] = [];
  for (const scale of scales) {
    if (scale.type !== 'ordinal') continue;
    const human = distribution(humans, scale);
    const simulated = distribution(model, scale);
    if (human && simulated) distances.push(normalisedW1(human, simulated));
  }
  return distances.length > 0 ? distances.reduce((sum, value) => sum + value, 0) / distances.length : undefined;
}

/** Unweighted Pearson correlation over respondents who answered both items (pairwise complete). */
export function pairwisePearson(respondents: readonly Respondent[], first: string, second: string): number {
  let n = 0;
  let sumX = 0;
  let sumY = 0;
  let sumXX = 0;
  let sumYY = 0;
  let sumXY = 0;
  for (const respondent of respondents) {
    const x = respondent.answers.get(first);
    const y = respondent.answers.get(second);
    if (x === undefined || y === undefined) continue;
    n++;
    sumX += x;
    sumY += y;
    sumXX += x * x;
    sumYY += y * y;
    sumXY += x * y;
  }
  const covariance = sumXY - (sumX * sumY) / n;
  const varianceX = sumXX - (sumX * sumX) / n;
  const varianceY = sumYY - (sumY * sumY) / n;
  return varianceX > 0 && varianceY > 0 ? covariance / Math.sqrt(varianceX * varianceY) : Number.NaN;
}

/** Plain Pearson correlation of two equal-length vectors. */
export function pearson(first: readonly number[], second: readonly number[]): number {
  const n = first.length;
  const meanFirst = first.reduce((sum, value) => sum + value, 0) / n;
  const meanSecond = second.reduce((sum, value) => sum + value, 0) / n;
  let covariance = 0;
  let varianceFirst = 0;
  let varianceSecond = 0;
  for (let index = 0; index < n; index++) {
    const a = (first[index] ?? 0) - meanFirst;
    const b = (second[index] ?? 0) - meanSecond;
    covariance += a * b;
    varianceFirst += a * a;
    varianceSecond += b * b;
  }
  return covariance / Math.sqrt(varianceFirst * varianceSecond);
}

/** Pearson correlation over the positions where both columns hold a number (NaN = missing). */
function pairwiseColumns(x: Float64Array, y: Float64Array): number {
  let n = 0;
  let sumX = 0;
  let sumY = 0;
  let sumXX = 0;
  let sumYY = 0;
  let sumXY = 0;
  for (let index = 0; index < x.length; index++) {
    const a = x[index] ?? Number.NaN;
    const b = y[index] ?? Number.NaN;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    n++;
    sumX += a;
    sumY += b;
    sumXX += a * a;
    sumYY += b * b;
    sumXY += a * b;
  }
  const covariance = sumXY - (sumX * sumY) / n;
  const varianceX = sumXX - (sumX * sumX) / n;
  const varianceY = sumYY - (sumY * sumY) / n;
  return varianceX > 0 && varianceY > 0 ? covariance / Math.sqrt(varianceX * varianceY) : Number.NaN;
}

/** Upper triangle of the item x item correlation matrix (pairwise complete), over ordinal and binary items. */
export function correlationTriangle(respondents: readonly Respondent[], scales: readonly ItemScale[]): number[] {
  const columns = scales
    .filter((scale) => scale.type !== 'nominal')
    .map((scale) => Float64Array.from(respondents, (respondent) => respondent.answers.get(scale.id) ?? Number.NaN));
  const triangle: number[] = [];
  for (let row = 0; row < columns.length; row++) {
    for (let column = row + 1; column < columns.length; column++) {
      triangle.push(pairwiseColumns(columns[row] ?? new Float64Array(), columns[column] ?? new Float64Array()));
    }
  }
  return triangle;
}

/** Pearson r between the human and model upper triangles, over pairs defined on both sides. */
export function structureSimilarity(humans: readonly Respondent[], model: readonly Respondent[], scales: readonly ItemScale[]): number {
  const human = correlationTriangle(humans, scales);
  const simulated = correlationTriangle(model, scales);
  const keep = human.map((value, index) => Number.isFinite(value) && Number.isFinite(simulated[index] ?? Number.NaN));
  return pearson(human.filter((_, index) => keep[index]), simulated.filter((_, index) => keep[index]));
}

/** Weighted mean of an ordinal item's codes rescaled to [0, 1]. */
export function scaledMean(respondents: readonly Respondent[], scale: ItemScale): number | undefined {
  const shares = distribution(respondents, scale);
  if (!shares) return undefined;
  const min = scale.codes[0] ?? 0;
  const range = (scale.codes[scale.codes.length - 1] ?? 1) - min;
  return shares.reduce((sum, share, index) => sum + share * ((scale.codes[index] ?? 0) - min), 0) / range;
}

/** The parts of experiment.yaml the tests read. */
export interface SampleConfig {
  name: string;
  human: { file: string; weight?: string; filter?: Record<string, unknown>; missing?: unknown };
  codebook: string;
  items: string[];
  itemSets?: Record<string, string[]>;
  groups: Record<string, unknown>;
  conditions: Record<string, { file: string; format?: string; groupColumn?: string }>;
  metrics?: Record<string, unknown>;
  seed?: number;
  output?: string;
}

export function readConfig(sample: SampleFiles): SampleConfig {
  return parseYaml(fileContent(sample, 'experiment.yaml')) as SampleConfig;
}

/** Expands `Q1-Q6` ranges and `@set` references, keeping the first occurrence of each id. */
export function expandItems(config: SampleConfig): string[] {
  const ids: string[] = [];
  const add = (entry: string): void => {
    if (entry.startsWith('@')) {
      for (const member of config.itemSets?.[entry.slice(1)] ?? []) add(member);
      return;
    }
    const range = /^([A-Za-z_]+)(\d+)-([A-Za-z_]+)(\d+)$/.exec(entry);
    if (range) {
      for (let number = Number(range[2]); number <= Number(range[4]); number++) add(`${range[1]}${number}`);
      return;
    }
    if (!ids.includes(entry)) ids.push(entry);
  };
  for (const entry of config.items) add(entry);
  return ids;
}

/** A predicate for a config group, for the rule forms the sample uses. */
export function groupPredicate(definition: unknown): (respondent: Respondent) => boolean {
  const record = definition as Record<string, unknown>;
  const rules = (record.rules ?? record) as Record<string, unknown>;
  const checks = Object.entries(rules).map(([column, rule]) => (respondent: Respondent): boolean => {
    const value = respondent.raw.get(column);
    // CSV cells are text, JSON answers numbers or text; anything else (or nothing) matches no rule.
    const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
    const number = Number(text);
    if (Array.isArray(rule)) return rule.some((value) => String(value) === text);
    if (rule !== null && typeof rule === 'object') {
      const range = rule as { min?: number; max?: number };
      return Number.isFinite(number) && (range.min === undefined || number >= range.min) && (range.max === undefined || number <= range.max);
    }
    return String(rule) === text;
  });
  return (respondent) => checks.every((check) => check(respondent));
}
