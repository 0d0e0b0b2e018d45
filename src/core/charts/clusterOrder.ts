/**
 * Item order for correlation heatmaps: the leaf order of an average-linkage (UPGMA) hierarchical
 * clustering of the items on the distance d(i, j) = 1 - r(i, j), so items that correlate sit
 * next to each other and blocks of related items show as squares on the diagonal.
 *
 * Follows R's `hclust(as.dist(1 - R), method = "average")` (Murtagh's implementation, merge rows
 * as `hcass2` writes them): at each step the two closest clusters merge; the new cluster's
 * distance to any other is the size-weighted mean of its parts' distances (Lance-Williams for
 * UPGMA); in the merge, a singleton goes left of a cluster, two singletons in index order, two
 * clusters in the order they were formed; the leaf order reads the tree left to right.
 *
 * Deterministic: ties between equal distances go to the pair met first scanning clusters in
 * index order (R may break exact ties differently; correlations from data rarely tie).
 *
 * Missing data: a null or non-finite correlation counts as r = 0 (distance 1, "unrelated"); an
 * item with no defined correlation at all (e.g. no answers in a group) is left out of the
 * clustering and placed last, so it cannot split a block.
 */

export interface Dendrogram {
  /** Leaf order, left to right (0-based item indices). */
  order: number[];
  /** Distance at which each merge happened, in merge order (non-decreasing for UPGMA). */
  heights: number[];
  /**
   * Merges as R writes them: negative numbers are items (-1 is item 0), positive numbers are the
   * 1-based step that formed a cluster.
   */
  merges: [number, number][];
}

interface Cluster {
  /** R's label: -(item + 1) for a singleton, the 1-based merge step otherwise. */
  label: number;
  size: number;
  leaves: number[];
}

function leftFirst(a: Cluster, b: Cluster): [Cluster, Cluster] {
  if (a.label < 0 && b.label < 0) return a.label > b.label ? [a, b] : [b, a];
  if (a.label < 0) return [a, b];
  if (b.label < 0) return [b, a];
  return a.label < b.label ? [a, b] : [b, a];
}

/** Average-linkage clustering of a symmetric distance matrix (only the upper triangle is read). */
export function averageLinkage(distances: readonly (readonly number[])[]): Dendrogram {
  const size = distances.length;
  for (const row of distances) {
    if (row.length !== size) throw new Error(`averageLinkage: the distance matrix must be square (${size} rows, a row of ${row.length})`);
  }
  if (size === 0) return { order: [], heights: [], merges: [] };
  // Working copy; clusters keep the index of their smallest member's slot, as in R's Fortran.
  const distance = distances.map((row) => row.map((value) => value));
  const clusters: (Cluster | undefined)[] = Array.from({ length: size }, (_, index) => ({ label: -(index + 1), size: 1, leaves: [index] }));
  const heights: number[] = [];
  const merges: [number, number][] = [];
  for (let step = 1; step < size; step++) {
    let bestI = -1;
    let bestJ = -1;
    let best = Infinity;
    for (let i = 0; i < size; i++) {
      if (!clusters[i]) continue;
      for (let j = i + 1; j < size; j++) {
        if (!clusters[j]) continue;
        const value = distance[i]![j]!;
        if (value < best || bestI < 0) {
          best = value;
          bestI = i;
          bestJ = j;
        }
      }
    }
    const a = clusters[bestI]!;
    const b = clusters[bestJ]!;
    for (let k = 0; k < size; k++) {
      if (!clusters[k] || k === bestI || k === bestJ) continue;
      const merged = (a.size * pairDistance(distance, bestI, k) + b.size * pairDistance(distance, bestJ, k)) / (a.size + b.size);
      setPair(distance, bestI, k, merged);
    }
    const [left, right] = leftFirst(a, b);
    merges.push([left.label, right.label]);
    heights.push(best);
    clusters[bestI] = { label: step, size: a.size + b.size, leaves: [...left.leaves, ...right.leaves] };
    clusters[bestJ] = undefined;
  }
  const root = clusters.find((cluster) => cluster !== undefined)!;
  return { order: root.leaves, heights, merges };
}

function pairDistance(distance: number[][], i: number, j: number): number {
  return i < j ? distance[i]![j]! : distance[j]![i]!;
}

function setPair(distance: number[][], i: number, j: number, value: number): void {
  if (i < j) distance[i]![j] = value;
  else distance[j]![i] = value;
}

/**
 * Leaf order of the average-linkage clustering of items on 1 - r, for a full symmetric
 * correlation matrix (null where undefined: treated as r = 0; items with no defined
 * correlation go last, in index order).
 */
export function clusterOrder(correlations: readonly (readonly (number | null)[])[]): number[] {
  const defined = (value: number | null | undefined) => value !== null && value !== undefined && Number.isFinite(value);
  const indices = correlations.map((_, index) => index);
  const clustered = indices.filter((i) => correlations.length === 1 || correlations[i]!.some((value, j) => j !== i && defined(value)));
  const undefinedItems = indices.filter((i) => !clustered.includes(i));
  const distances = clustered.map((i) => clustered.map((j) => (i === j ? 0 : defined(correlations[i]![j]) ? 1 - correlations[i]![j]! : 1)));
  return [...averageLinkage(distances).order.map((position) => clustered[position]!), ...undefinedItems];
}
