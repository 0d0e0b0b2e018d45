/**
 * Random draws of the bootstrap. Every replicate gets its own streams, derived from the seed, the
 * replicate index and what the draws are for, never from a shared sequential stream: a replicate's
 * resamples are then the same whichever thread computes it and in whatever order.
 */
import { SeededRandom } from '../sample/random';

/** The replicate index of the full-sample pass (the estimates): draws of the baselines only. */
export const ESTIMATE_REPLICATE = -1;

const TWO_TO_32 = 4294967296;

/**
 * Two mulberry32 streams (SeededRandom) XORed. One 32-bit stream per replicate would do, except
 * that mulberry32's streams are offsets into a single 2^32 cycle: with a thousand replicates of a
 * few thousand draws, some two would likely overlap and share most of their resample. Two
 * independently seeded streams overlap only if both do at the same offset, which is negligible.
 */
export class ReplicateRandom {
  private readonly first: SeededRandom;
  private readonly second: SeededRandom;

  /**
   * @param replicate 0-based replicate index, or ESTIMATE_REPLICATE
   * @param purpose names the draws, e.g. `human`, `condition persona`, `null`
   */
  constructor(seed: number, replicate: number, purpose: string) {
    const name = `repscope inference ${replicate === ESTIMATE_REPLICATE ? 'estimate' : replicate} ${purpose}`;
    this.first = new SeededRandom(seed, `${name} a`);
    this.second = new SeededRandom(seed, `${name} b`);
  }

  /** Uniform on [0, 1) in steps of 2^-32. */
  uniform(): number {
    const bits = (this.first.uniform() * TWO_TO_32) ^ (this.second.uniform() * TWO_TO_32);
    return (bits >>> 0) / TWO_TO_32;
  }

  /** Integer uniform on [0, n) (bias below n / 2^32). */
  integer(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}
