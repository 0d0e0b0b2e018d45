/**
 * Row selection by column rules (filters and groups). Rules are evaluated once per distinct
 * value of a text column (its dictionary), then looked up per row, so a WVS-scale file costs one
 * pass per rule.
 */
import type { ColumnRule } from '../config/resolved';
import type { LoadedColumn } from '../data/types';
import { BLANK } from '../data/types';

function asNumber(value: string | number): number {
  if (typeof value === 'number') return value;
  const trimmed = value.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/** Rule values match a cell when equal as numbers (`2` = `2.0`) or, failing that, as trimmed text. */
function sameValue(cell: string | number, wanted: string | number): boolean {
  const a = asNumber(cell);
  const b = asNumber(wanted);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return a === b;
  return String(cell).trim() === String(wanted).trim();
}

export function ruleMatchesValue(rule: ColumnRule, cell: string | number): boolean {
  switch (rule.op) {
    case 'equals':
      return sameValue(cell, rule.value);
    case 'in':
      return rule.values.some((value) => sameValue(cell, value));
    case 'notIn':
      return !rule.values.some((value) => sameValue(cell, value));
    case 'range': {
      const x = asNumber(cell);
      if (Number.isNaN(x)) return false;
      return (rule.min === undefined || x >= rule.min) && (rule.max === undefined || x <= rule.max);
    }
  }
}

/** Describes a rule the way a user wrote it, for messages and the results file. */
export function describeRule(rule: ColumnRule): string {
  switch (rule.op) {
    case 'equals':
      return `${rule.column} = ${rule.value}`;
    case 'in':
      return `${rule.column} in [${rule.values.join(', ')}]`;
    case 'notIn':
      return `${rule.column} not in [${rule.values.join(', ')}]`;
    case 'range':
      return `${rule.column} in ${rule.min ?? '-inf'}..${rule.max ?? 'inf'}`;
  }
}

/**
 * Marks the rows where `rule` holds. Blank cells never match (a respondent whose left-right
 * placement is missing is neither left nor right), and neither do missing codes.
 */
export function matchRule(rule: ColumnRule, column: LoadedColumn, nRows: number, isMissingCode: (code: number) => boolean): Uint8Array {
  const matches = new Uint8Array(nRows);
  if (column.kind === 'text') {
    const byEntry = column.dictionary.map((entry) => ruleMatchesValue(rule, entry));
    const codes = column.codes;
    for (let row = 0; row < nRows; row++) {
      const code = codes[row]!;
      if (code >= 0 && byEntry[code]) matches[row] = 1;
    }
  } else if (column.kind === 'code') {
    const memo = new Map<number, boolean>();
    const values = column.values;
    for (let row = 0; row < nRows; row++) {
      const code = values[row]!;
      if (code === BLANK || code <= -30000 || isMissingCode(code)) continue;
      let hit = memo.get(code);
      if (hit === undefined) {
        hit = ruleMatchesValue(rule, code);
        memo.set(code, hit);
      }
      if (hit) matches[row] = 1;
    }
  } else {
    const values = column.values;
    for (let row = 0; row < nRows; row++) {
      const value = values[row]!;
      if (!Number.isNaN(value) && ruleMatchesValue(rule, value)) matches[row] = 1;
    }
  }
  return matches;
}

/** Rows where every rule holds (all rows when there are no rules). */
export function matchAll(
  rules: readonly ColumnRule[],
  columnOf: (name: string) => LoadedColumn,
  nRows: number,
  isMissingCode: (code: number) => boolean,
): Uint8Array {
  const result = new Uint8Array(nRows).fill(1);
  for (const rule of rules) {
    const matches = matchRule(rule, columnOf(rule.column), nRows, isMissingCode);
    for (let row = 0; row < nRows; row++) result[row]! &= matches[row]!;
  }
  return result;
}
