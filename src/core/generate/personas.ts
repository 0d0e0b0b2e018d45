/**
 * Who each simulated respondent is. With `source: respondents`, each one takes the demographics of
 * a human respondent of its group, drawn by weighted systematic sampling, so the simulated group
 * has the human group's (weighted) demographic mix; with `source: groups`, every respondent of a
 * group gets the group's description.
 */
import type { ColumnRule, ResolvedExperiment, ResolvedGroup } from '../config/resolved';
import { loadDelimited } from '../data/loadTable';
import type { ColumnRequest, LoadedColumn, TextColumn } from '../data/types';
import { missingPolicy } from '../model/items';
import { matchAll } from '../model/rules';
import { InputError } from '../errors';
import { ALL_GROUP } from '../results/types';
import { SeededRandom } from '../sample/random';
import type { ResolvedGenerate, ResolvedPersona } from './config';

export interface Persona {
  group: string;
  /** The `{persona}` text ('' when the prompt has none). */
  text: string;
  /** Line of the human respondent it was drawn from (`source: respondents`). */
  humanLine?: number;
}

/** The groups simulated respondents stand for: the config's, or the whole population as `all`. */
export function generationGroups(experiment: Pick<ResolvedExperiment, 'groups'>): ResolvedGroup[] {
  return experiment.groups.length > 0 ? experiment.groups : [{ name: ALL_GROUP, rules: [] }];
}

/**
 * Weighted systematic sampling (Madow 1949; Cochran, Sampling Techniques, 3rd ed., §8.1): `n`
 * picks from rows with the given weights, taken at equal steps W/n along the cumulated weights
 * from a random start. Rows are first put in a seeded random order so the picks are not tied to
 * file order. Each row is picked ⌊n·w/W⌋ or ⌈n·w/W⌉ times: no respondent is repeated while n is
 * at most the group size (equal weights), which simple random draws would not ensure.
 * Rows with weight 0 are never picked. Returns row indices in pick order.
 */
export function systematicSample(rows: readonly number[], weights: (row: number) => number, n: number, random: SeededRandom): number[] {
  const order = [...rows];
  for (let index = order.length - 1; index > 0; index--) {
    const other = random.integer(index + 1);
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  let total = 0;
  for (const row of order) total += Math.max(0, weights(row));
  if (!(total > 0) || n <= 0) return [];
  const step = total / n;
  let target = random.uniform() * step;
  const picks: number[] = [];
  let cumulative = 0;
  for (const row of order) {
    cumulative += Math.max(0, weights(row));
    while (picks.length < n && target < cumulative) {
      picks.push(row);
      target += step;
    }
  }
  // Rounding can leave the last step just past the total.
  while (picks.length < n) picks.push(order[order.length - 1]!);
  return picks;
}

function cellText(column: LoadedColumn, row: number): string | undefined {
  if (column.kind !== 'text') return undefined;
  const code = column.codes[row]!;
  return code < 0 ? undefined : column.dictionary[code];
}

function sameValue(cell: string, key: string): boolean {
  const a = Number(cell);
  const b = Number(key);
  if (cell.trim() !== '' && key.trim() !== '' && !Number.isNaN(a) && !Number.isNaN(b)) return a === b;
  return cell.trim() === key.trim();
}

/**
 * A human respondent's persona from the configured columns; descriptions of blank, missing-coded or
 * unmapped values are left out.
 */
export function describeRespondent(
  persona: Extract<ResolvedPersona, { source: 'respondents' }>,
  valueOf: (column: string) => string | undefined,
  isMissingCode: (code: number) => boolean,
): string {
  const parts: string[] = [];
  for (const { column, describe } of persona.columns) {
    const value = valueOf(column)?.trim();
    if (value === undefined || value === '') continue;
    const numeric = Number(value);
    if (!Number.isNaN(numeric) && Number.isInteger(numeric) && isMissingCode(numeric)) continue;
    if ('format' in describe) {
      parts.push(describe.format.split('{value}').join(value));
    } else {
      for (const [key, text] of describe.values) {
        if (sameValue(value, key)) {
          parts.push(text);
          break;
        }
      }
    }
  }
  return parts.join(persona.separator);
}

export interface PersonaOptions {
  signal?: AbortSignal;
  /** Locates a field of the `generate` block, for errors about the human data. */
  locate: (fieldPath: readonly (string | number)[]) => InputError['location'];
}

function ruleColumns(rules: readonly ColumnRule[]): string[] {
  return rules.map((rule) => rule.column);
}

/** Each group's personas, `respondentsPerGroup` of them, in respondent order. */
export async function drawPersonas(experiment: ResolvedExperiment, generate: ResolvedGenerate, options: PersonaOptions): Promise<Map<string, Persona[]>> {
  const groups = generationGroups(experiment);
  const n = generate.respondentsPerGroup;
  const result = new Map<string, Persona[]>();
  const persona = generate.persona;
  if (persona.source !== 'respondents') {
    for (const group of groups) {
      const text = persona.source === 'groups' ? (persona.descriptions.get(group.name) ?? '') : '';
      result.set(
        group.name,
        Array.from({ length: n }, () => ({ group: group.name, text })),
      );
    }
    return result;
  }

  const itemIds = new Set(experiment.items.map((item) => item.id));
  const ruleNames = [...new Set([...ruleColumns(experiment.human.filters), ...groups.flatMap((group) => ruleColumns(group.rules))])];
  const requests: ColumnRequest[] = [];
  for (const name of ruleNames) {
    if (experiment.human.weight.includes(name)) continue;
    requests.push({ name, key: `rule:${name}`, kind: itemIds.has(name) ? 'code' : 'text' });
  }
  for (const name of experiment.human.weight) requests.push({ name, key: `weight:${name}`, kind: 'number' });
  for (const { column } of persona.columns) requests.push({ name: column, key: `persona:${column}`, kind: 'text', optional: true });
  const table = await loadDelimited(experiment.human.file, { columns: requests, onText: 'error', signal: options.signal });

  for (const { column } of persona.columns) {
    if (!table.columns.has(`persona:${column}`)) {
      throw new InputError(
        options.locate(['persona', 'columns', column]),
        `the human data file has no column \`${column}\` to describe respondents with`,
      );
    }
  }
  const isMissingCode = missingPolicy(experiment);
  const columnOf = (name: string): LoadedColumn => {
    const column = table.columns.get(`rule:${name}`) ?? table.columns.get(`weight:${name}`);
    if (!column) throw new Error(`drawPersonas: column ${name} was not loaded`);
    return column;
  };
  const keep = matchAll(experiment.human.filters, columnOf, table.nRows, isMissingCode);
  const weightColumns = experiment.human.weight.map((name) => table.columns.get(`weight:${name}`));
  const weightOf = (row: number): number => {
    let weight = 1;
    for (const column of weightColumns) {
      const value = column?.kind === 'number' ? column.values[row]! : Number.NaN;
      weight *= Number.isFinite(value) && value > 0 ? value : 0;
    }
    return weight;
  };
  const personaColumns = new Map(persona.columns.map(({ column }) => [column, table.columns.get(`persona:${column}`) as TextColumn]));

  for (const group of groups) {
    const inGroup = matchAll(group.rules, columnOf, table.nRows, isMissingCode);
    const rows: number[] = [];
    for (let row = 0; row < table.nRows; row++) if (keep[row] && inGroup[row]) rows.push(row);
    // The same seed gives the same personas in every condition, so conditions compare like with like.
    const picks = systematicSample(rows, weightOf, n, new SeededRandom(generate.seed, `personas:${group.name}`));
    if (picks.length === 0) {
      throw new InputError(
        group.location ?? { file: experiment.configFile },
        `group \`${group.name}\` has no human respondent with a positive weight to draw personas from`,
      );
    }
    result.set(
      group.name,
      picks.map((row) => ({
        group: group.name,
        text: describeRespondent(persona, (column) => cellText(personaColumns.get(column)!, row), isMissingCode),
        humanLine: table.rowLines[row]!,
      })),
    );
  }
  return result;
}
