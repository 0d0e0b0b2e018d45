import { checkedTotalMass } from './distribution';

export interface ModeShare {
  /** Index of the most common category; the lowest index on ties; -1 for an empty cell. */
  index: number;
  /** Its share of the total mass, in [1/K, 1]; NaN for an empty cell. */
  share: number;
}

/**
 * Share of the most common category:
 *
 *   share = max_k m_k / Σ_k m_k,   index = argmax_k m_k
 *
 * A model cell is mode-collapsed when this share reaches `metrics.modeCollapseShare` (the source
 * study, "Beyond Marginal Distributions", counts such cells). Ties go to the lowest index, i.e. the
 * first category in scale order, so the result is deterministic.
 *
 * Missing data: total mass 0 gives `{ index: -1, share: NaN }` (an empty cell has no mode).
 * Negative or non-finite mass and an empty vector are errors.
 */
export function modeShare(mass: Float64Array): ModeShare {
  const total = checkedTotalMass('modeShare', 'mass', mass);
  if (total === 0) return { index: -1, share: Number.NaN };
  let index = 0;
  for (let k = 1; k < mass.length; k++) {
    if ((mass[k] as number) > (mass[index] as number)) index = k;
  }
  return { index, share: (mass[index] as number) / total };
}
