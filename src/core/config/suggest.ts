/** "Did you mean ...?" for misspelt names: the closest candidate within a small edit distance. */

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions, so `humna` is one
 * edit from `human`). Case differences count as edits; `closestName` handles case separately.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const distance: number[] = new Array<number>(rows * columns).fill(0);
  const at = (i: number, j: number): number => distance[i * columns + j] ?? 0;
  for (let i = 0; i < rows; i++) distance[i * columns] = i;
  for (let j = 0; j < columns; j++) distance[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      distance[i * columns + j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate closest to `name`, if it is close enough to be a plausible misspelling: a
 * case-insensitive match, or at most a third of the name's length in edits (and at least 1).
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(name.length / 3));
  return bestDistance <= allowed ? best : undefined;
}
