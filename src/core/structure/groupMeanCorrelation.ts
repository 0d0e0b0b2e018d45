/**
 * The source study's ecological measure: item x item Pearson correlation across group means.
 */
import type { CorrelationMatrix } from './correlationMatrix';

/** Fewer complete groups than this leave a pair undefined (two points always correlate +-1). */
export const MIN_GROUPS_FOR_GROUP_MEAN_CORRELATION = 3;

/**
 * For each item pair, the Pearson r across groups of the groups' item means (rescaled to [0,1] by
 * the caller), over the groups where both means are finite (pairwise-complete over groups):
 *
 *   r_ij = sum_g (m_gi - mean_i)(m_gj - mean_j) / sqrt( sum_g (m_gi - mean_i)^2 * sum_g (m_gj - mean_j)^2 ),
 *
 * means taken over the pair's complete groups (two passes). Source: "Beyond Marginal
 * Distributions" (ACL Findings 2026), structure at the subgroup-mean level, n = number of groups.
 *
 * `means` is groups x items, row-major; NaN marks a missing mean. NaN results: fewer than 3
 * complete groups, or no variance across them. n holds the number of complete groups per pair
 * (the diagonal: groups where the item's mean is finite); the diagonal r is 1 when the item has
 * at least 3 finite means that vary, NaN otherwise.
 */
export function groupMeanCorrelation(means: Float64Array, nGroups: number, nItems: number): CorrelationMatrix {
  if (means.length !== nGroups * nItems) {
    throw new RangeError(`groupMeanCorrelation: ${means.length} means, expected ${nGroups} groups x ${nItems} items`);
  }
  const r = new Float64Array(nItems * nItems);
  const n = new Float64Array(nItems * nItems);
  for (let i = 0; i < nItems; i++) {
    for (let j = i; j < nItems; j++) {
      let count = 0;
      let sumI = 0;
      let sumJ = 0;
      for (let g = 0; g < nGroups; g++) {
        const a = means[g * nItems + i]!;
        const b = means[g * nItems + j]!;
        if (Number.isFinite(a) && Number.isFinite(b)) {
          count++;
          sumI += a;
          sumJ += b;
        }
      }
      let value = NaN;
      if (count >= MIN_GROUPS_FOR_GROUP_MEAN_CORRELATION) {
        const meanI = sumI / count;
        const meanJ = sumJ / count;
        let sii = 0;
        let sjj = 0;
        let sij = 0;
        for (let g = 0; g < nGroups; g++) {
          const a = means[g * nItems + i]!;
          const b = means[g * nItems + j]!;
          if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
          sii += (a - meanI) * (a - meanI);
          sjj += (b - meanJ) * (b - meanJ);
          sij += (a - meanI) * (b - meanJ);
        }
        if (sii > 0 && sjj > 0) {
          value = i === j ? 1 : Math.max(-1, Math.min(1, sij / Math.sqrt(sii * sjj)));
        }
      }
      r[i * nItems + j] = value;
      r[j * nItems + i] = value;
      n[i * nItems + j] = count;
      n[j * nItems + i] = count;
    }
  }
  return { items: nItems, r, n };
}
