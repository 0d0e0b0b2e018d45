/**
 * Tucker's congruence coefficient of two vectors (Tucker 1951; proposed earlier by Burt 1948):
 *
 *   φ(x, y) = Σ x_i y_i / √(Σ x_i² · Σ y_i²)
 *
 * the cosine of the angle between two loading vectors — unlike Pearson r, not centred, so it
 * is sensitive to a common shift of the loadings, which is part of what makes two components
 * different. In [−1, 1]; a sign flip negates it.
 *
 * Source: L. R. Tucker, "A method for synthesis of factor analysis studies", Personnel Research
 * Section Report 984, Dept. of the Army, 1951. Interpretation bands: Lorenzo-Seva & ten Berge,
 * "Tucker's congruence coefficient as a meaningful index of factor similarity", Methodology 2
 * (2006) 57–64 — see `congruenceBand`.
 *
 * Missing data: entries non-finite in either vector are skipped pairwise. NaN when no pair is
 * left or either vector is all zeros over the pairs used. Unequal lengths are an error.
 */
export function congruenceCoefficient(x: Float64Array, y: Float64Array): number {
  if (x.length !== y.length) {
    throw new RangeError(`congruenceCoefficient: vectors differ in length (${x.length} vs ${y.length})`);
  }
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i] as number;
    const b = y[i] as number;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    xy += a * b;
    xx += a * a;
    yy += b * b;
  }
  if (xx === 0 || yy === 0) return Number.NaN;
  return clampUnit(xy / Math.sqrt(xx * yy));
}

export interface TuckerCongruence {
  /** φ between column c of the two matrices, for each of the k columns. */
  perComponent: Float64Array;
  /**
   * φ over all rows × k entries at once (both matrices read as one long vector): the agreement of
   * the whole loading pattern, each component weighted by its sum of squared loadings.
   */
  overall: number;
  /**
   * φ between column a of `loadings` and column b of `target`, row-major k × k — what
   * psych::factor.congruence(loadings, target) returns; its diagonal is `perComponent`.
   */
  crossComponent: Float64Array;
  /** Rows finite in both matrices: the rows every coefficient is computed on. */
  rowsUsed: number;
}

/**
 * Tucker's congruence (see `congruenceCoefficient`) between two loading matrices, row-major
 * rows × k, column by column and overall. Compare after alignment (`procrustes`): before it, the
 * arbitrary order and sign of components make φ meaningless (a flipped component gives −1).
 *
 * Missing data: rows with a non-finite entry in either matrix are left out of every coefficient,
 * so all coefficients describe the same items.
 */
export function tuckerCongruence(loadings: Float64Array, target: Float64Array, rows: number, k: number): TuckerCongruence {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(k) || k < 1) {
    throw new RangeError(`tuckerCongruence: need rows ≥ 0 and k ≥ 1 integers, got ${rows} × ${k}`);
  }
  if (loadings.length !== rows * k || target.length !== rows * k) {
    throw new RangeError(
      `tuckerCongruence: loadings (${loadings.length}) and target (${target.length}) must both have ${rows} × ${k} = ${rows * k} entries`,
    );
  }
  const cross = new Float64Array(k * k);
  const loadingSquares = new Float64Array(k);
  const targetSquares = new Float64Array(k);
  let rowsUsed = 0;
  for (let i = 0; i < rows; i++) {
    let finite = true;
    for (let c = 0; c < k && finite; c++) {
      finite = Number.isFinite(loadings[i * k + c]) && Number.isFinite(target[i * k + c]);
    }
    if (!finite) continue;
    rowsUsed++;
    for (let a = 0; a < k; a++) {
      const x = loadings[i * k + a] as number;
      loadingSquares[a] = (loadingSquares[a] as number) + x * x;
      const y = target[i * k + a] as number;
      targetSquares[a] = (targetSquares[a] as number) + y * y;
      for (let b = 0; b < k; b++) cross[a * k + b] = (cross[a * k + b] as number) + x * (target[i * k + b] as number);
    }
  }

  const crossComponent = new Float64Array(k * k);
  const perComponent = new Float64Array(k);
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const denominator = (loadingSquares[a] as number) * (targetSquares[b] as number);
      crossComponent[a * k + b] = denominator > 0 ? clampUnit((cross[a * k + b] as number) / Math.sqrt(denominator)) : Number.NaN;
    }
    perComponent[a] = crossComponent[a * k + a] as number;
    xy += cross[a * k + a] as number;
    xx += loadingSquares[a] as number;
    yy += targetSquares[a] as number;
  }
  const overall = xx > 0 && yy > 0 ? clampUnit(xy / Math.sqrt(xx * yy)) : Number.NaN;
  return { perComponent, overall, crossComponent, rowsUsed };
}

/** How similar Lorenzo-Seva & ten Berge (2006) judge two components to be at a given φ. */
export type CongruenceBand = 'equal' | 'fair' | 'dissimilar';

/**
 * Lorenzo-Seva & ten Berge (2006), from expert judgements of factor pairs: φ ≥ 0.95 — the
 * components can be considered equal; 0.85 ≤ φ < 0.95 — fair similarity; below 0.85 — not
 * similar. Signed: a reflected component (φ near −1) is not "equal" until aligned. NaN gives
 * undefined.
 */
export function congruenceBand(phi: number): CongruenceBand | undefined {
  if (Number.isNaN(phi)) return undefined;
  if (phi >= 0.95) return 'equal';
  if (phi >= 0.85) return 'fair';
  return 'dissimilar';
}

/** Rounding can push a cosine a few ulps past ±1. */
function clampUnit(value: number): number {
  return Math.min(1, Math.max(-1, value));
}
