import assert from 'node:assert/strict';

/** Absolute-tolerance comparison that reports both values; NaN matches only NaN. */
export function assertClose(actual: number, expected: number, tolerance = 1e-12, label = ''): void {
  if (Number.isNaN(expected)) {
    assert.ok(Number.isNaN(actual), `${label} expected NaN, got ${actual}`);
    return;
  }
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${label} expected ${expected}, got ${actual} (difference ${actual - expected}, tolerance ${tolerance})`,
  );
}

export function f64(...values: number[]): Float64Array {
  return Float64Array.from(values);
}
