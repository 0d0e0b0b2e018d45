/** Numeric helpers every unit test area shares: a tolerance assertion and a seedable generator. */
import assert from 'node:assert/strict';

/** Absolute-tolerance comparison that reports both values; NaN (or null, as fixtures write it) matches only NaN. */
export function assertClose(actual: number, expected: number | null, tolerance = 1e-12, label = ''): void {
  if (expected === null || Number.isNaN(expected)) {
    assert.ok(Number.isNaN(actual), `${label} expected NaN, got ${actual}`);
    return;
  }
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${label} expected ${expected}, got ${actual} (difference ${actual - expected}, tolerance ${tolerance})`,
  );
}

/** Mulberry32: small and seedable, so a failing random case reproduces from its seed. Uniform on [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
