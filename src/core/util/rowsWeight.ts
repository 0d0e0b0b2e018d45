/** Sum of the weights over `rows` (in row order), or the row count when there are no weights. */
export function rowsWeight(weights: Float64Array | undefined, rows: Uint32Array): number {
  if (!weights) return rows.length;
  let sum = 0;
  for (let index = 0; index < rows.length; index++) sum += weights[rows[index]!]!;
  return sum;
}
