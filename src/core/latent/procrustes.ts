import { svd } from '../linalg/svd';

export interface ProcrustesRotation {
  /** The rotated loadings M R, row-major rows × k; rows that were not finite stay NaN. */
  rotated: Float64Array;
  /** The orthogonal k × k rotation R (row-major), RᵀR = I; it may include a reflection. */
  rotation: Float64Array;
  /** Rows (items) finite in both matrices, the ones R was fitted on. */
  rowsUsed: number;
}

/**
 * Orthogonal Procrustes rotation of `loadings` M toward `target` T (both row-major rows × k, e.g.
 * a model's and the humans' principal loadings on the same items): the orthogonal R minimising
 * ‖M R − T‖_F is
 *
 *   R = U Vᵀ,  where Mᵀ T = U Σ Vᵀ
 *
 * (Schönemann, Psychometrika 31, 1966; Green 1952). R ranges over all orthogonal matrices, so it
 * also flips signs and reorders components: that is the point (component order and sign are
 * arbitrary), but with k(k−1)/2 free angles the alignment can only improve agreement — report
 * congruence after rotation as "the best agreement any rotation can reach", and keep k small.
 *
 * Missing data: rows with a non-finite entry in either matrix (items excluded from one analysis)
 * are left out of the fit and come back NaN in `rotated`. When Mᵀ T is singular R is not unique;
 * this returns one valid minimiser.
 */
export function procrustes(loadings: Float64Array, target: Float64Array, rows: number, k: number): ProcrustesRotation {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(k) || k < 1) {
    throw new RangeError(`procrustes: need rows ≥ 0 and k ≥ 1 integers, got ${rows} × ${k}`);
  }
  if (loadings.length !== rows * k || target.length !== rows * k) {
    throw new RangeError(
      `procrustes: loadings (${loadings.length}) and target (${target.length}) must both have ${rows} × ${k} = ${rows * k} entries`,
    );
  }
  const usable = new Uint8Array(rows);
  let rowsUsed = 0;
  for (let i = 0; i < rows; i++) {
    let finite = true;
    for (let c = 0; c < k && finite; c++) {
      finite = Number.isFinite(loadings[i * k + c]) && Number.isFinite(target[i * k + c]);
    }
    if (finite) {
      usable[i] = 1;
      rowsUsed++;
    }
  }
  if (rowsUsed === 0) throw new RangeError('procrustes: no row is finite in both loadings and target');

  const cross = new Float64Array(k * k);
  for (let i = 0; i < rows; i++) {
    if (!usable[i]) continue;
    for (let a = 0; a < k; a++) {
      const m = loadings[i * k + a] as number;
      for (let b = 0; b < k; b++) cross[a * k + b] = (cross[a * k + b] as number) + m * (target[i * k + b] as number);
    }
  }
  const { u, v } = svd(cross, k, k);
  const rotation = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let sum = 0;
      for (let c = 0; c < k; c++) sum += (u[a * k + c] as number) * (v[b * k + c] as number);
      rotation[a * k + b] = sum;
    }
  }

  const rotated = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    for (let b = 0; b < k; b++) {
      let sum = 0;
      for (let a = 0; a < k; a++) sum += (loadings[i * k + a] as number) * (rotation[a * k + b] as number);
      rotated[i * k + b] = sum;
    }
  }
  return { rotated, rotation, rowsUsed };
}
