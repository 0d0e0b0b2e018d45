/**
 * Per-item flags: in every condition × group, which items' model answers differ from the humans'
 * beyond sampling noise, with the false discovery rate over the items controlled at
 * `metrics.itemFdr` (Benjamini & Hochberg 1995).
 *
 * Each scored cell gets Pearson's chi-square test of homogeneity of the human and the model answer
 * distribution (metrics/chiSquare.ts). Survey weights make the human sample worth fewer
 * respondents than it has, so the human counts are the weighted shares times Kish's effective
 * sample size n_eff = (Σw)² / Σw² (Kish, "Survey Sampling", Wiley, 1965): the design effect of
 * unequal weighting, n / n_eff, divides the human side's contribution to X². This is a first-order
 * correction in the spirit of Rao & Scott ("The analysis of categorical data from complex sample
 * surveys: chi-squared tests for goodness of fit and independence in two-way tables", JASA 76,
 * 221–230, 1981), who divide X² by the mean design effect; it ignores clustering and
 * stratification, which the data files do not describe. Model respondents count once each.
 */
import type { ResolvedMetrics } from '../config/resolved';
import { benjaminiHochbergAdjust } from '../inference/multiplicity';
import { chiSquareHomogeneity } from '../metrics/chiSquare';
import { MISSING_CATEGORY, type PreparedItem } from '../model/items';
import type { Population } from '../model/population';
import type { MarginalCell } from '../results/types';

/**
 * Kish's effective sample size (Σw)² / Σw² of the valid answers among `rows`; their count when
 * unweighted. 0 without a valid answer of positive weight.
 */
export function kishEffectiveSize(categories: Uint8Array, rows: Uint32Array, weights: Float64Array | undefined): number {
  let count = 0;
  let sum = 0;
  let sumOfSquares = 0;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    if (categories[row] === MISSING_CATEGORY) continue;
    count++;
    if (weights) {
      const weight = weights[row]!;
      sum += weight;
      sumOfSquares += weight * weight;
    }
  }
  if (!weights) return count;
  return sumOfSquares > 0 ? (sum * sum) / sumOfSquares : 0;
}

/**
 * The chi-square test of one cell: the humans' weighted shares times their effective size against
 * the model's counts. NaN when the cell is not scored (fewer than `minCellSize` valid answers on
 * either side, or no human weight), as compareCell decides.
 */
export function cellPValue(cell: MarginalCell, humanEffectiveSize: number, minCellSize: number): number {
  const { human, model } = cell;
  if (human.nValid < minCellSize || model.nValid < minCellSize || human.weightValid <= 0) return Number.NaN;
  if (!human.distribution || !model.distribution || !(humanEffectiveSize > 0)) return Number.NaN;
  const humanCounts = human.distribution.map((share) => share * humanEffectiveSize);
  const modelCounts = model.distribution.map((share) => share * model.nValid);
  return chiSquareHomogeneity(humanCounts, modelCounts).pValue;
}

/**
 * Sets `pValue`, `qValue` and `flagged` of every cell: the cell's test, its Benjamini–Hochberg
 * adjusted p-value over the tested items of the same condition and group, and q ≤ `itemFdr`.
 * Cells that are not scored keep nulls and do not count among the tests.
 *
 * @param items the prepared items, in the order of the populations' columns
 */
export function testItemCells(
  cells: readonly MarginalCell[],
  items: readonly PreparedItem[],
  human: Population,
  metrics: Pick<ResolvedMetrics, 'minCellSize' | 'itemFdr'>,
): void {
  const itemIndex = new Map(items.map((item, index) => [item.id, index]));
  const effectiveSizes = new Map<string, number>();
  const effectiveSize = (item: string, group: string): number => {
    const key = `${item}\u0000${group}`;
    let size = effectiveSizes.get(key);
    if (size === undefined) {
      const column = human.columns[itemIndex.get(item)!]!;
      const rows = human.groupRows.get(group);
      size = rows ? kishEffectiveSize(column.categories, rows, human.weights) : 0;
      effectiveSizes.set(key, size);
    }
    return size;
  };

  const families = new Map<string, MarginalCell[]>();
  for (const cell of cells) {
    const key = `${cell.condition}\u0000${cell.group}`;
    const family = families.get(key);
    if (family) family.push(cell);
    else families.set(key, [cell]);
  }
  for (const family of families.values()) {
    const pValues = Float64Array.from(family, (cell) => cellPValue(cell, effectiveSize(cell.item, cell.group), metrics.minCellSize));
    const qValues = benjaminiHochbergAdjust(pValues);
    family.forEach((cell, index) => {
      const p = pValues[index]!;
      const q = qValues[index]!;
      cell.pValue = Number.isNaN(p) ? null : p;
      cell.qValue = Number.isNaN(q) ? null : q;
      cell.flagged = Number.isNaN(q) ? null : q <= metrics.itemFdr;
    });
  }
}
