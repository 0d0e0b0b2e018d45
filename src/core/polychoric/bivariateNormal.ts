import { normalCdf } from './normal';

/**
 * The standard bivariate normal distribution with correlation ρ: the distribution function
 * Φ₂(h, k; ρ) = P(X ≤ h, Y ≤ k), its density, and a grid evaluator that shares the
 * ρ-dependent work between the corners of a contingency table.
 *
 * Φ₂ is Alan Genz's BVND (TVPACK; A. Genz, "Numerical computation of rectangular bivariate and
 * trivariate normal and t probabilities", Statistics and Computing 14, 2004, 251–260), itself
 * Drezner & Wesolowsky's Gauss–Legendre integration of Plackett's identity ∂Φ₂/∂ρ = φ₂
 * ("On the computation of the bivariate normal integral", J. Statist. Comput. Simul. 35, 1989,
 * 101–107) with Genz's double-precision changes: 6/12/20 points for |ρ| < 0.3/0.75/0.925, and
 * for |ρ| ≥ 0.925 an expansion around ρ = ±1 whose remainder is integrated. Absolute error
 * ≲ 1e-15 (Genz reports 1e-15 against 1e-16 references), the accuracy of R's mnormt::pmnorm,
 * which uses the same code.
 */

const TWO_PI = 6.283185307179586;
const SQRT_TWO_PI = 2.5066282746310002;

/** Half of the symmetric Gauss–Legendre nodes (negative side) and their weights for 6, 12, 20 points. */
const LEGENDRE_NODES: readonly Float64Array[] = [
  Float64Array.of(-0.9324695142031522, -0.6612093864662647, -0.238619186083197),
  Float64Array.of(-0.9815606342467191, -0.904117256370475, -0.769902674194305, -0.5873179542866171, -0.3678314989981802, -0.1252334085114692),
  Float64Array.of(
    -0.9931285991850949, -0.9639719272779138, -0.9122344282513259, -0.8391169718222188, -0.7463319064601508,
    -0.636053680726515, -0.5108670019508271, -0.3737060887154196, -0.2277858511416451, -0.07652652113349733,
  ),
];
const LEGENDRE_WEIGHTS: readonly Float64Array[] = [
  Float64Array.of(0.1713244923791705, 0.3607615730481384, 0.4679139345726904),
  Float64Array.of(0.04717533638651177, 0.1069393259953183, 0.1600783285433464, 0.2031674267230659, 0.2334925365383547, 0.2491470458134029),
  Float64Array.of(
    0.01761400713915212, 0.04060142980038694, 0.06267204833410906, 0.08327674157670475, 0.1019301198172404,
    0.1181945319615184, 0.1316886384491766, 0.1420961093183821, 0.1491729864726037, 0.1527533871307259,
  ),
];

/** |ρ| from which Genz switches from the asin-substitution quadrature to the expansion around ±1. */
const NEAR_ONE = 0.925;

function ruleFor(absRho: number): number {
  return absRho < 0.3 ? 0 : absRho < 0.75 ? 1 : 2;
}

/**
 * Φ₂(h, k; ρ) = P(X ≤ h, Y ≤ k) for a standard bivariate normal (X, Y) with correlation ρ.
 *
 * Infinite limits are exact: Φ₂(−∞, k) = Φ₂(h, −∞) = 0, Φ₂(+∞, k) = Φ(k), Φ₂(h, +∞) = Φ(h).
 * ρ = ±1 gives the degenerate limits Φ(min(h, k)) and max(0, Φ(h) + Φ(k) − 1).
 * NaN arguments, or |ρ| > 1, give NaN. Check value: Φ₂(0, 0; ρ) = 1/4 + asin(ρ)/(2π).
 */
export function bivariateNormalCdf(h: number, k: number, rho: number): number {
  if (Number.isNaN(h) || Number.isNaN(k) || !(Math.abs(rho) <= 1)) return Number.NaN;
  if (h === Number.NEGATIVE_INFINITY || k === Number.NEGATIVE_INFINITY) return 0;
  if (h === Number.POSITIVE_INFINITY) return normalCdf(k);
  if (k === Number.POSITIVE_INFINITY) return normalCdf(h);
  return upperOrthant(-h, -k, rho);
}

/**
 * Density of the standard bivariate normal:
 *
 *   φ₂(h, k; ρ) = exp(−(h² − 2ρhk + k²) / (2(1 − ρ²))) / (2π √(1 − ρ²))
 *
 * which is also ∂Φ₂(h, k; ρ)/∂ρ (Plackett, Biometrika 41, 1954). 0 when h or k is infinite;
 * NaN for |ρ| ≥ 1.
 */
export function bivariateNormalDensity(h: number, k: number, rho: number): number {
  if (!(Math.abs(rho) < 1)) return Number.NaN;
  if (!Number.isFinite(h) || !Number.isFinite(k)) return Number.isNaN(h) || Number.isNaN(k) ? Number.NaN : 0;
  const oneMinus = (1 - rho) * (1 + rho);
  return Math.exp(-(h * h - 2 * rho * h * k + k * k) / (2 * oneMinus)) / (TWO_PI * Math.sqrt(oneMinus));
}

/**
 * Genz's BVND: P(X > h, Y > k). Finite h, k and |r| ≤ 1 assumed (callers check).
 */
function upperOrthant(h: number, k: number, r: number): number {
  const absR = Math.abs(r);
  const rule = ruleFor(absR);
  const nodes = LEGENDRE_NODES[rule] as Float64Array;
  const weights = LEGENDRE_WEIGHTS[rule] as Float64Array;
  let hk = h * k;
  let bvn = 0;
  if (absR < NEAR_ONE) {
    const hs = (h * h + k * k) / 2;
    const asr = Math.asin(r);
    for (let i = 0; i < nodes.length; i++) {
      const x = nodes[i] as number;
      const w = weights[i] as number;
      let sn = Math.sin((asr * (-x + 1)) / 2);
      bvn += w * Math.exp((sn * hk - hs) / (1 - sn * sn));
      sn = Math.sin((asr * (x + 1)) / 2);
      bvn += w * Math.exp((sn * hk - hs) / (1 - sn * sn));
    }
    return (bvn * asr) / (2 * TWO_PI) + normalCdf(-h) * normalCdf(-k);
  }
  if (r < 0) {
    k = -k;
    hk = -hk;
  }
  if (absR < 1) {
    const as = (1 - r) * (1 + r);
    let a = Math.sqrt(as);
    const bs = (h - k) * (h - k);
    const c = (4 - hk) / 8;
    const d = (12 - hk) / 16;
    let asr = -(bs / as + hk) / 2;
    if (asr > -100) bvn = a * Math.exp(asr) * (1 - (c * (bs - as) * (1 - (d * bs) / 5)) / 3 + (c * d * as * as) / 5);
    if (-hk < 100) {
      const b = Math.sqrt(bs);
      bvn -= Math.exp(-hk / 2) * SQRT_TWO_PI * normalCdf(-b / a) * b * (1 - (c * bs * (1 - (d * bs) / 5)) / 3);
    }
    a /= 2;
    for (let i = 0; i < nodes.length; i++) {
      const x = nodes[i] as number;
      const w = weights[i] as number;
      for (let side = -1; side <= 1; side += 2) {
        const xs = (a * (side * x + 1)) ** 2;
        const rs = Math.sqrt(1 - xs);
        asr = -(bs / xs + hk) / 2;
        if (asr > -100) {
          bvn += a * w * Math.exp(asr) * (Math.exp((-hk * (1 - rs)) / (2 * (1 + rs))) / rs - (1 + c * xs * (1 + d * xs)));
        }
      }
    }
    bvn = -bvn / TWO_PI;
  }
  if (r > 0) return bvn + normalCdf(-Math.max(h, k));
  return -bvn + Math.max(0, normalCdf(-h) - normalCdf(-k));
}

/**
 * Φ₂(h_i, k_j; ρ) for every pair of a row of limits h and a column of limits k, into
 * `out[i * k.length + j]` — the interior corners of a contingency table's rectangles.
 *
 * Same values as `bivariateNormalCdf`, but for |ρ| < 0.925 the ρ-dependent sines of Genz's
 * quadrature are computed once for the whole grid instead of once per corner, so a corner costs
 * 6–20 exponentials. `cdfH[i]` and `cdfK[j]` must be Φ(h_i) and Φ(k_j) (callers have them cached
 * or know them exactly as cumulative proportions). Infinite limits are handled as in
 * `bivariateNormalCdf`.
 */
export function fillBivariateNormalCdfGrid(
  h: Float64Array,
  cdfH: Float64Array,
  k: Float64Array,
  cdfK: Float64Array,
  rho: number,
  out: Float64Array,
  rows = h.length,
  cols = k.length,
): void {
  const absRho = Math.abs(rho);
  if (!(absRho < NEAR_ONE)) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[i * cols + j] = bivariateNormalCdf(h[i] as number, k[j] as number, rho);
    }
    return;
  }
  const rule = ruleFor(absRho);
  const nodes = LEGENDRE_NODES[rule] as Float64Array;
  const weights = LEGENDRE_WEIGHTS[rule] as Float64Array;
  const points = 2 * nodes.length;
  const sines = scratchSines;
  const inverseCosSquared = scratchInverse;
  const asr = Math.asin(rho);
  for (let i = 0; i < nodes.length; i++) {
    const x = nodes[i] as number;
    const low = Math.sin((asr * (-x + 1)) / 2);
    const high = Math.sin((asr * (x + 1)) / 2);
    sines[2 * i] = low;
    sines[2 * i + 1] = high;
    inverseCosSquared[2 * i] = 1 / (1 - low * low);
    inverseCosSquared[2 * i + 1] = 1 / (1 - high * high);
  }
  const scale = asr / (2 * TWO_PI);
  for (let i = 0; i < rows; i++) {
    const hi = h[i] as number;
    const cdfHi = cdfH[i] as number;
    for (let j = 0; j < cols; j++) {
      const kj = k[j] as number;
      if (!Number.isFinite(hi) || !Number.isFinite(kj)) {
        out[i * cols + j] = bivariateNormalCdf(hi, kj, rho);
        continue;
      }
      const hk = hi * kj;
      const hs = (hi * hi + kj * kj) / 2;
      let sum = 0;
      for (let p = 0; p < points; p++) {
        sum += (weights[p >> 1] as number) * Math.exp(((sines[p] as number) * hk - hs) * (inverseCosSquared[p] as number));
      }
      out[i * cols + j] = sum * scale + cdfHi * (cdfK[j] as number);
    }
  }
}

const scratchSines = new Float64Array(20);
const scratchInverse = new Float64Array(20);
