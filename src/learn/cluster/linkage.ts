/** Linkage criteria of hierarchical clustering. */
export type Linkage = 'ward' | 'complete' | 'average' | 'single';

/** A merge list: row r joins clusters a[r] and b[r] (ids < n are samples, n + r the r-th merge) at dist[r]. */
export interface MergeTree { a: Int32Array; b: Int32Array; dist: Float64Array; size: Int32Array }

function euclideanMatrix(x: Float64Array, n: number, p: number): Float64Array {
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let f = 0; f < p; f++) { const t = x[i * p + f] - x[j * p + f]; s += t * t; }
      d[i * n + j] = d[j * n + i] = Math.sqrt(s);
    }
  }
  return d;
}

/** Lance–Williams update: the distance from cluster i to the union of x and y. */
function update(method: Linkage, dix: number, diy: number, dxy: number, nx: number, ny: number, ni: number): number {
  if (method === 'complete') return Math.max(dix, diy);
  if (method === 'average') return (nx * dix + ny * diy) / (nx + ny);
  const t = 1 / (nx + ny + ni);
  return Math.sqrt((ni + nx) * t * dix * dix + (ni + ny) * t * diy * diy - ni * t * dxy * dxy);
}

/** Relabels sorted merges with union-find so each row names its clusters' current ids, smaller first (SciPy's `label`). */
function relabel(a: Int32Array, b: Int32Array, size: Int32Array, n: number, ordered: boolean): void {
  const parent = new Int32Array(2 * n - 1).fill(-1);
  const sz = new Int32Array(2 * n - 1).fill(1);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== -1) r = parent[r];
    while (parent[x] !== -1) { const nx = parent[x]; parent[x] = r; x = nx; }
    return r;
  };
  for (let r = 0; r < n - 1; r++) {
    const x = find(a[r]), y = find(b[r]);
    if (!ordered || x < y) { a[r] = x; b[r] = y; } else { a[r] = y; b[r] = x; }
    parent[x] = parent[y] = n + r;
    sz[n + r] = sz[x] + sz[y];
    size[r] = sz[n + r];
  }
}

/** Stable order of merges by distance (NumPy's mergesort argsort). */
function sortByDistance(t: MergeTree): MergeTree {
  const idx = Array.from(t.dist.keys()).sort((i, j) => t.dist[i] - t.dist[j] || i - j);
  return { a: Int32Array.from(idx, (i) => t.a[i]), b: Int32Array.from(idx, (i) => t.b[i]), dist: Float64Array.from(idx, (i) => t.dist[i]), size: new Int32Array(idx.length) };
}

/**
 * Single linkage as scikit-learn computes it: Prim's minimum spanning tree from sample 0
 * (`mst_linkage_core`, each edge recorded from the last added node), edges sorted stably by
 * length, then labelled by union-find in edge order.
 */
function singleLinkage(x: Float64Array, n: number, p: number): MergeTree {
  const inTree = new Uint8Array(n), cur = new Float64Array(n).fill(Infinity);
  const t: MergeTree = { a: new Int32Array(n - 1), b: new Int32Array(n - 1), dist: new Float64Array(n - 1), size: new Int32Array(n - 1) };
  let node = 0;
  for (let i = 1; i < n; i++) {
    inTree[node] = 1;
    let best = Infinity, next = 0;
    for (let j = 0; j < n; j++) {
      if (inTree[j]) continue;
      let s = 0;
      for (let f = 0; f < p; f++) { const d = x[node * p + f] - x[j * p + f]; s += d * d; }
      const d = Math.sqrt(s);
      if (d < cur[j]) cur[j] = d;
      if (cur[j] < best) { best = cur[j]; next = j; }
    }
    t.a[i - 1] = node; t.b[i - 1] = next; t.dist[i - 1] = best;
    node = next;
  }
  const s = sortByDistance(t);
  relabel(s.a, s.b, s.size, n, false);
  return s;
}

/**
 * The full merge tree of n samples [n, p] under a linkage (the SciPy linkage matrix's content):
 * ward / complete / average by the nearest-neighbour chain on an n×n Euclidean distance matrix
 * with Lance–Williams updates (SciPy's `nn_chain`, O(n²) time and memory), single by the MST.
 */
export function linkageTree(x: Float64Array, n: number, p: number, method: Linkage): MergeTree {
  if (method === 'single') return singleLinkage(x, n, p);
  const D = euclideanMatrix(x, n, p);
  const size = new Int32Array(n).fill(1);
  const chain = new Int32Array(n);
  const t: MergeTree = { a: new Int32Array(n - 1), b: new Int32Array(n - 1), dist: new Float64Array(n - 1), size: new Int32Array(n - 1) };
  let len = 0;
  for (let k = 0; k < n - 1; k++) {
    if (len === 0) {
      len = 1;
      for (let i = 0; i < n; i++) if (size[i] > 0) { chain[0] = i; break; }
    }
    let x0 = 0, y = 0, dmin = Infinity;
    for (;;) {
      x0 = chain[len - 1];
      if (len > 1) { y = chain[len - 2]; dmin = D[x0 * n + y]; } else dmin = Infinity;
      for (let i = 0; i < n; i++) {
        if (size[i] === 0 || i === x0) continue;
        const d = D[x0 * n + i];
        if (d < dmin) { dmin = d; y = i; }
      }
      if (len > 1 && y === chain[len - 2]) break;
      chain[len++] = y;
    }
    len -= 2;
    let xa = x0, yb = y;
    if (xa > yb) { const s = xa; xa = yb; yb = s; }
    const nx = size[xa], ny = size[yb];
    t.a[k] = xa; t.b[k] = yb; t.dist[k] = dmin;
    size[xa] = 0; size[yb] = nx + ny;
    for (let i = 0; i < n; i++) {
      const ni = size[i];
      if (ni === 0 || i === yb) continue;
      const v = update(method, D[i * n + xa], D[i * n + yb], dmin, nx, ny, ni);
      D[i * n + yb] = D[yb * n + i] = v;
    }
  }
  const s = sortByDistance(t);
  relabel(s.a, s.b, s.size, n, true);
  return s;
}
