/**
 * The part of a run's optional `inference` section (bootstrap intervals, paired differences,
 * baselines) the charts draw. Declared here rather than imported because the section is owned
 * by the inference code and older runs have none: `chartInference` reads it defensively and
 * returns undefined when it is absent or unrecognisable, so every chart works without it.
 *
 * Accepted shapes: pairs name their conditions `conditionA`/`conditionB` (or `a`/`b`); the
 * reversal is an object with a `sentence` (or the sentence itself); the independence null's
 * structure r is an interval (or a plain number); `baselines` may be null.
 */
import type { RunResults } from '../results/types';

export interface Interval {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface ConditionInterval {
  condition: string;
  marginalDistance: Interval;
  structureR: Interval;
  /** 0 at the independence null, 1 at the split-half ceiling. */
  fidelity: Interval | undefined;
  items: { item: string; distance: Interval }[];
}

/** A difference A - B with its interval, for one measure (e.g. `structureR`). */
export interface PairedDifference {
  a: string;
  b: string;
  measure: string;
  difference: Interval;
}

export interface ChartInference {
  conditions: ConditionInterval[];
  pairs: PairedDifference[];
  /** Structure r of the independence null and of the split-half ceiling, when computed. */
  baselines: { independenceNull: Interval; splitHalfCeiling: Interval } | undefined;
  /** The ranking-reversal finding in words, when the inference says one. */
  reversal: string | undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** An interval from `{ estimate, lower, upper }` or a bare number (no interval). */
export function readInterval(value: unknown): Interval | undefined {
  if (typeof value === 'number') return { estimate: finiteOrNull(value), lower: null, upper: null };
  const object = record(value);
  if (!object || !('estimate' in object)) return undefined;
  return { estimate: finiteOrNull(object.estimate), lower: finiteOrNull(object.lower), upper: finiteOrNull(object.upper) };
}

function readCondition(value: unknown): ConditionInterval | undefined {
  const object = record(value);
  if (!object || typeof object.condition !== 'string') return undefined;
  const marginalDistance = readInterval(object.marginalDistance);
  const structureR = readInterval(object.structureR);
  if (!marginalDistance || !structureR) return undefined;
  const items = Array.isArray(object.items)
    ? object.items.flatMap((entry: unknown) => {
        const item = record(entry);
        const distance = item ? readInterval(item.distance) : undefined;
        return item && typeof item.item === 'string' && distance ? [{ item: item.item, distance }] : [];
      })
    : [];
  return { condition: object.condition, marginalDistance, structureR, fidelity: readInterval(object.fidelity), items };
}

function readPairs(value: unknown): PairedDifference[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    const pair = record(entry);
    if (!pair) return [];
    const a = typeof pair.conditionA === 'string' ? pair.conditionA : pair.a;
    const b = typeof pair.conditionB === 'string' ? pair.conditionB : pair.b;
    if (typeof a !== 'string' || typeof b !== 'string') return [];
    return Object.entries(pair).flatMap(([measure, raw]) => {
      if (['a', 'b', 'conditionA', 'conditionB'].includes(measure) || typeof raw === 'number') return [];
      const difference = readInterval(raw);
      return difference ? [{ a, b, measure, difference }] : [];
    });
  });
}

function readBaselines(value: unknown): ChartInference['baselines'] {
  const baselines = record(value);
  const nullR = readInterval(record(baselines?.independenceNull)?.structureR);
  const ceilingR = readInterval(record(baselines?.splitHalfCeiling)?.structureR);
  return nullR && ceilingR ? { independenceNull: nullR, splitHalfCeiling: ceilingR } : undefined;
}

function readReversal(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  const sentence = record(value)?.sentence;
  return typeof sentence === 'string' && sentence ? sentence : undefined;
}

/** The run's inference section in the charts' terms, or undefined when it has none. */
export function chartInference(results: RunResults): ChartInference | undefined {
  const section = record((results as unknown as { inference?: unknown }).inference);
  if (!section || !Array.isArray(section.conditions)) return undefined;
  const conditions = section.conditions.flatMap((entry: unknown) => {
    const condition = readCondition(entry);
    return condition ? [condition] : [];
  });
  if (conditions.length === 0) return undefined;
  return { conditions, pairs: readPairs(section.pairs), baselines: readBaselines(section.baselines), reversal: readReversal(section.reversal) };
}
