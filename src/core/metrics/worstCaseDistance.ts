import { marginalDistance } from './marginalDistance';

/**
 * The item distance when every invalid answer (refusal, unparseable reply, option out of range)
 * is counted as the valid answer that puts the model farthest from the humans: a worst-case
 * bound in the spirit of Manski's partial identification (Manski 2003, *Partial Identification
 * of Probability Distributions*, ch. 1), so that refusing cannot make a model look closer.
 *
 *   d_worst = max_k d(p, q + v·e_k)
 *
 * with `d` the headline item distance (`marginalDistance`: normalised W1 for ordinal items, TV
 * otherwise), `q` the model's valid category masses, `v` the invalid mass and `e_k` the k-th
 * category. The distance is convex in the model's distribution, so the maximum over all ways to
 * spread `v` is reached at one category; every category is tried.
 *
 * Missing data: with `v` = 0 this is `marginalDistance(p, q)`; NaN where that is NaN and no
 * category gives a defined distance (e.g. empty human mass).
 *
 * @param p human category masses in scale order
 * @param q model valid category masses in the same order
 * @param invalidMass the model's invalid answers (same unit as `q`), >= 0
 */
export function worstCaseDistance(p: Float64Array, q: Float64Array, invalidMass: number, positions: Float64Array, ordinal: boolean): number {
  if (!(invalidMass >= 0) || !Number.isFinite(invalidMass)) {
    throw new RangeError(`worstCaseDistance: invalidMass must be finite and >= 0 (got ${invalidMass})`);
  }
  if (invalidMass === 0) return marginalDistance(p, q, positions, ordinal);
  const shifted = Float64Array.from(q);
  let worst = Number.NaN;
  for (let category = 0; category < q.length; category++) {
    shifted[category] = q[category]! + invalidMass;
    const distance = marginalDistance(p, shifted, positions, ordinal);
    if (Number.isNaN(worst) || distance > worst) worst = distance;
    shifted[category] = q[category]!;
  }
  return worst;
}
