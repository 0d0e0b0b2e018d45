/**
 * Turns raw answer codes into category indices (0..K-1, in scale order) and missing kinds, once
 * per item and population. Everything downstream (histograms, correlation tables) works on the
 * category bytes.
 */
import type { ResolvedExperiment, ResolvedItem, Scale } from '../config/resolved';
import { BLANK, OUT_OF_RANGE, REFUSAL, UNPARSEABLE } from '../data/types';

import { scaleCodes } from '../config/scaleCodes';
import { MISSING_CATEGORY } from '../structure/categoryMatrix';

export { MISSING_CATEGORY };

export interface PreparedItem {
  id: string;
  label: string;
  scale: Scale;
  scaleInferred: boolean;
  /** Codes in scale order; category k means `codes[k]`. */
  codes: number[];
  optionLabels: Record<string, string>;
  /** Ordinal and binary items enter correlation matrices; nominal items with 3+ codes do not. */
  structural: boolean;
  /** Position of each category for distances and means (the code itself). */
  positions: Float64Array;
  /** Scale range used to normalise W1 and rescale means to [0,1]. */
  range: number;
}

export { scaleCodes };

export function prepareItem(item: ResolvedItem, scale: Scale, scaleInferred: boolean): PreparedItem {
  const codes = scaleCodes(scale);
  if (codes.length < 1 || codes.length > 254) {
    throw new Error(`prepareItem: ${item.id} has ${codes.length} answer codes; RepScope supports 1 to 254`);
  }
  const positions = Float64Array.from(codes);
  const range = codes.length > 1 ? Math.max(...codes) - Math.min(...codes) : 0;
  return {
    id: item.id,
    label: item.label,
    scale,
    scaleInferred,
    codes,
    optionLabels: item.optionLabels,
    structural: scale.type === 'ordinal' || scale.type === 'binary',
    positions,
    range,
  };
}

/**
 * The ordinal scale an item's human answers imply: from the smallest to the largest valid code.
 * Used only when neither the codebook nor the config names a scale, and always reported.
 */
export function inferScale(values: Int16Array, rows: Uint8Array, isMissingCode: (code: number) => boolean): Scale | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let row = 0; row < values.length; row++) {
    if (!rows[row]) continue;
    const code = values[row]!;
    if (code <= -30000 || isMissingCode(code)) continue;
    if (code < min) min = code;
    if (code > max) max = code;
  }
  if (min === Infinity) return undefined;
  return { type: 'ordinal', min, max };
}

/** The kinds of missing answers, as keys of the results' `missing` records. */
export type MissingKey = string;

export function missingPolicy(experiment: Pick<ResolvedExperiment, 'missing'>): (code: number) => boolean {
  const extra = new Set(experiment.missing.codes);
  const negative = experiment.missing.negative;
  return (code: number) => (negative && code < 0) || extra.has(code);
}

const SENTINEL_KEYS = new Map<number, MissingKey>([
  [BLANK, 'blank'],
  [REFUSAL, 'refusal'],
  [UNPARSEABLE, 'unparseable'],
  [OUT_OF_RANGE, 'outOfRange'],
]);

/** Model replies that were given but unusable: these count toward the invalid share. */
export const INVALID_KEYS: ReadonlySet<MissingKey> = new Set(['refusal', 'unparseable', 'outOfRange']);

export interface CategorizedColumn {
  /** Category index per row, MISSING_CATEGORY where missing or invalid. */
  categories: Uint8Array;
  /** For missing rows: index into `missingKeys`. */
  missingKind: Uint8Array;
  missingKeys: MissingKey[];
}

/**
 * Maps one item's codes to categories. A code that is neither missing nor on the scale is
 * `outsideScale` for survey data (kept visible: it usually means a codebook mismatch) and
 * `outOfRange` for a model (it answered something that is not an option).
 */
export function categorize(
  values: Int16Array,
  item: PreparedItem,
  isMissingCode: (code: number) => boolean,
  population: 'human' | 'model',
): CategorizedColumn {
  const n = values.length;
  const categories = new Uint8Array(n);
  const missingKind = new Uint8Array(n);
  const missingKeys: MissingKey[] = [];
  const keyIndex = new Map<MissingKey, number>();
  const lookup = new Map<number, number>();
  item.codes.forEach((code, index) => lookup.set(code, index));
  const outside: MissingKey = population === 'human' ? 'outsideScale' : 'outOfRange';
  const keyFor = (code: number): number => {
    const key = SENTINEL_KEYS.get(code) ?? (isMissingCode(code) ? `code:${code}` : outside);
    let index = keyIndex.get(key);
    if (index === undefined) {
      index = missingKeys.length;
      missingKeys.push(key);
      keyIndex.set(key, index);
    }
    return index;
  };
  // Codes are few; a small memo avoids a Map lookup per cell on WVS-scale columns.
  const memo = new Int16Array(65536).fill(-1);
  for (let row = 0; row < n; row++) {
    const code = values[row]!;
    const slot = code + 32768;
    let resolved = memo[slot]!;
    if (resolved === -1) {
      const category = isMissingCode(code) || SENTINEL_KEYS.has(code) ? undefined : lookup.get(code);
      resolved = category === undefined ? 256 + keyFor(code) : category;
      memo[slot] = resolved;
    }
    if (resolved >= 256) {
      categories[row] = MISSING_CATEGORY;
      missingKind[row] = resolved - 256;
    } else {
      categories[row] = resolved;
    }
  }
  return { categories, missingKind, missingKeys };
}
