/**
 * Multinomial draws for the sampling-noise floor: how a sample of n respondents drawn from the
 * humans' own answer distribution would look. A multinomial is drawn as a chain of binomials,
 * n_k ~ Binomial(n − Σ_{j<k} n_j, p_k / (1 − Σ_{j<k} p_j)) (Devroye 1986, *Non-Uniform Random
 * Variate Generation*, §XI.1). Each binomial is exact by inversion (sequential search over the
 * probability mass function, expected O(n·min(p, 1 − p)) steps) while n·min(p, 1 − p) < 30, and the
 * normal approximation with continuity correction above, where its error in the floor (a mean of
 * absolute differences of order √n) is negligible and an exact draw would cost O(n) per cell.
 */

/** What the draws need: uniforms on [0, 1) (ReplicateRandom, SeededRandom). */
export interface UniformSource {
  uniform(): number;
}

/** Where the exact inversion hands over to the normal approximation (n·min(p, 1 − p)). */
export const EXACT_BINOMIAL_LIMIT = 30;

function standardNormal(random: UniformSource): number {
  // Box–Muller (Box & Muller 1958); 1 − u keeps the logarithm finite.
  const u = 1 - random.uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.uniform());
}

/** Binomial(n, p) by inversion on the smaller tail probability. */
function binomialByInversion(n: number, p: number, random: UniformSource): number {
  const flip = p > 0.5;
  const q = flip ? 1 - p : p;
  const ratio = q / (1 - q);
  let probability = Math.pow(1 - q, n);
  let cumulative = probability;
  const u = random.uniform();
  let k = 0;
  while (u >= cumulative && k < n) {
    probability *= (ratio * (n - k)) / (k + 1);
    k++;
    cumulative += probability;
  }
  return flip ? n - k : k;
}

/** One Binomial(n, p) draw; n a non-negative integer, p in [0, 1]. */
export function binomialDraw(n: number, p: number, random: UniformSource): number {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`binomialDraw: n must be an integer >= 0 (got ${n})`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomialDraw: p must be in [0, 1] (got ${p})`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  const spread = n * Math.min(p, 1 - p);
  if (spread < EXACT_BINOMIAL_LIMIT) return binomialByInversion(n, p, random);
  const draw = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * standardNormal(random));
  return Math.min(n, Math.max(0, draw));
}

/**
 * Counts of `n` draws over the categories of `probabilities` (masses, not necessarily
 * normalised; all must be finite and >= 0 with a positive sum).
 */
export function multinomialDraw(n: number, probabilities: Float64Array, random: UniformSource): Float64Array {
  let total = 0;
  for (let index = 0; index < probabilities.length; index++) {
    const mass = probabilities[index]!;
    if (!(mass >= 0) || !Number.isFinite(mass)) throw new RangeError(`multinomialDraw: probabilities[${index}] must be finite and >= 0 (got ${mass})`);
    total += mass;
  }
  if (!(total > 0)) throw new RangeError('multinomialDraw: the probabilities sum to 0');
  const counts = new Float64Array(probabilities.length);
  let left = n;
  let massLeft = total;
  for (let index = 0; index < probabilities.length - 1 && left > 0; index++) {
    const mass = probabilities[index]!;
    const drawn = massLeft > 0 ? binomialDraw(left, Math.min(1, mass / massLeft), random) : 0;
    counts[index] = drawn;
    left -= drawn;
    massLeft -= mass;
  }
  counts[probabilities.length - 1]! += left;
  return counts;
}
