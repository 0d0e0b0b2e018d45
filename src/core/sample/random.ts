/**
 * A small seeded random source for the synthetic sample. The sample must be byte-identical for a
 * seed on every platform and Node version, so nothing here may touch `Math.random`.
 */

/** 32-bit string hash (FNV-1a), used to derive independent streams from one seed. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export class SeededRandom {
  private state: number;
  private spareNormal: number | undefined;

  /**
   * @param seed any integer; `stream` names an independent sequence for the same seed, so that
   *   changing how one file is drawn does not change the others.
   */
  constructor(seed: number, stream = '') {
    this.state = (Math.trunc(seed) ^ hashString(stream)) >>> 0;
  }

  /**
   * Uniform on [0, 1): mulberry32 (Tommy Ettinger, public domain). Period 2^32, which is ample
   * for a few hundred thousand draws.
   */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal by the Box–Muller transform (Box & Muller 1958), both values used. */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    // 1 - u keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Integer uniform on [0, n). */
  integer(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** An index drawn with probability proportional to `weights` (non-negative, not all zero). */
  categorical(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    let remaining = this.uniform() * total;
    for (let index = 0; index < weights.length; index++) {
      remaining -= weights[index] ?? 0;
      if (remaining < 0) return index;
    }
    return weights.length - 1;
  }

  /** Standard Gumbel, for drawing from a softmax by the Gumbel-max trick. */
  gumbel(): number {
    return -Math.log(-Math.log(1 - this.uniform() * (1 - 1e-12)));
  }
}

/**
 * Draws indices in proportion to fixed weights in O(log n) per draw, for resampling respondents
 * by their survey weight.
 */
export class WeightedSampler {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    weights.forEach((weight, index) => {
      total += weight;
      this.cumulative[index] = total;
    });
  }

  draw(random: SeededRandom): number {
    const n = this.cumulative.length;
    const target = random.uniform() * (this.cumulative[n - 1] ?? 0);
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.cumulative[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}

/**
 * Standard normal CDF via the complementary error function, Numerical Recipes' `erfcc`
 * (Chebyshev fit, fractional error below 1.2e-7 everywhere): ample for cutting draws into codes.
 */
export function standardNormalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}
