/** Distance metrics DBSCAN understands. */
export type RadiusMetric = 'euclidean' | 'manhattan';

function distance(x: Float64Array, i: number, j: number, p: number, metric: RadiusMetric): number {
  let s = 0;
  const a = i * p, b = j * p;
  if (metric === 'manhattan') { for (let f = 0; f < p; f++) s += Math.abs(x[a + f] - x[b + f]); return s; }
  for (let f = 0; f < p; f++) { const t = x[a + f] - x[b + f]; s += t * t; }
  return Math.sqrt(s);
}

/**
 * For every sample, the indices of the samples within distance ≤ eps (itself included), in
 * increasing index order. Low dimensions (p ≤ 3) hash the samples into a grid of eps-sized cells
 * and search only the 3^p neighbouring cells; otherwise all pairs are compared (O(n²·p)).
 */
export function radiusNeighbors(x: Float64Array, n: number, p: number, eps: number, metric: RadiusMetric): Int32Array[] {
  const out: Int32Array[] = new Array(n);
  if (p <= 3 && n > 256 && eps > 0) {
    const key = (c: number[]): string => c.join(',');
    const cells = new Map<string, number[]>();
    const coord = (i: number): number[] => Array.from({ length: p }, (_, f) => Math.floor(x[i * p + f] / eps));
    for (let i = 0; i < n; i++) {
      const k = key(coord(i));
      const list = cells.get(k);
      if (list) list.push(i); else cells.set(k, [i]);
    }
    const offsets: number[][] = [[]];
    for (let f = 0; f < p; f++) {
      const next: number[][] = [];
      for (const o of offsets) for (const d of [-1, 0, 1]) next.push([...o, d]);
      offsets.splice(0, offsets.length, ...next);
    }
    for (let i = 0; i < n; i++) {
      const c = coord(i), found: number[] = [];
      for (const o of offsets) {
        const list = cells.get(key(c.map((v, f) => v + o[f])));
        if (list) for (const j of list) if (distance(x, i, j, p, metric) <= eps) found.push(j);
      }
      out[i] = Int32Array.from(found).sort();
    }
    return out;
  }
  const lists: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    lists[i].push(i);
    for (let j = i + 1; j < n; j++) {
      if (distance(x, i, j, p, metric) <= eps) { lists[i].push(j); lists[j].push(i); }
    }
  }
  for (let i = 0; i < n; i++) out[i] = Int32Array.from(lists[i]).sort();
  return out;
}
