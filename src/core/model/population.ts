/**
 * A population after loading: the prepared items' answers as category bytes, survey weights,
 * and who stands for which group. The engine builds populations; the structure step, the
 * cultural map and the bootstrap read them. It sits below all of them so that none has to import
 * another's module to name it.
 */
import type { CategorizedColumn } from './items';

export interface Population {
  name: string;
  nRows: number;
  /** Categorised answers per prepared item (same order as the prepared items). */
  columns: CategorizedColumn[];
  weights: Float64Array | undefined;
  /** Row lists: `all` and each group with respondents. */
  groupRows: Map<string, Uint32Array>;
}
