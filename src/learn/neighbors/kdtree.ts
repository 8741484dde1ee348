import type { EffectiveMetric } from './distance.js';
import { finishDistance, reducedDistance } from './distance.js';
import { NeighborHeap } from './heap.js';

/**
 * A KD-tree over the fitted rows (scikit-learn's KDTree): each node splits its points at the
 * median of the dimension with the largest spread (left half floor(n/2) points), down to
 * scikit-learn's number of levels ⌊log2((n − 1)/leafSize)⌋ + 1.
 * Queries are exact: a node is skipped only when its bounding box is strictly farther than the
 * current k-th candidate, so ties keep the smallest indices.
 */
export class KDTree {
  /** Point indices, permuted so that every node owns a contiguous range. */
  readonly order: Int32Array;
  /** Per node: start, end in `order`, left child, right child (-1 for a leaf). */
  private readonly nodes: number[] = [];
  /** Per node: lower and upper bounds of the box, d values each. */
  private readonly lo: number[] = [];
  private readonly hi: number[] = [];

  constructor(readonly data: Float64Array, readonly n: number, readonly d: number, readonly leafSize = 30) {
    this.order = Int32Array.from({ length: n }, (_, i) => i);
    // scikit-learn's shape: a complete tree of nLevels levels, so leaves hold leafSize to
    // 2·leafSize points (at least one level, a single leaf, when n ≤ leafSize).
    this.nLevels = Math.floor(Math.log2(Math.max(1, (n - 1) / leafSize))) + 1;
    if (n > 0) this.build(0, n, 0);
  }

  private readonly nLevels: number;

  private build(start: number, end: number, depth: number): number {
    const { data, d, order } = this;
    const id = this.nodes.length / 4;
    this.nodes.push(start, end, -1, -1);
    let bestDim = 0, bestSpread = -1;
    for (let j = 0; j < d; j++) {
      let mn = Infinity, mx = -Infinity;
      for (let t = start; t < end; t++) { const v = data[order[t] * d + j]; if (v < mn) mn = v; if (v > mx) mx = v; }
      this.lo.push(mn); this.hi.push(mx);
      if (mx - mn > bestSpread) { bestSpread = mx - mn; bestDim = j; }
    }
    if (depth >= this.nLevels - 1 || end - start < 2) return id;
    // Median split on the widest dimension (ties by index, so the build is deterministic): the
    // floor(n/2) smallest by (value, index) go left, found by quickselect (scikit-learn's
    // nth_element) — the same sets as a full sort, in linear expected time.
    const mid = start + ((end - start) >> 1);
    selectNth(order, start, end - 1, mid, data, d, bestDim);
    const left = this.build(start, mid, depth + 1);
    const right = this.build(mid, end, depth + 1);
    this.nodes[4 * id + 2] = left;
    this.nodes[4 * id + 3] = right;
    return id;
  }

  /** Reduced distance from point q to node's box (0 inside). */
  private boxDistance(m: EffectiveMetric, node: number, q: Float64Array, qo: number): number {
    const { d } = this;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = q[qo + j];
      const l = this.lo[node * d + j], h = this.hi[node * d + j];
      const g = v < l ? l - v : v > h ? v - h : 0;
      if (g === 0) continue;
      s += m.kind === 'euclidean' ? g * g : m.kind === 'manhattan' ? g : g ** (m as { p: number }).p;
    }
    return s;
  }

  /** The k nearest fitted rows of query row q (exact), into out arrays at offset. */
  query(m: EffectiveMetric, q: Float64Array, qo: number, heap: NeighborHeap, outDist: Float64Array, outIdx: Int32Array, offset: number): void {
    if (m.kind === 'euclidean') { this.queryEuclidean(q, qo, heap.k, outDist, outIdx, offset); return; }
    heap.reset();
    if (this.n > 0) this.visit(m, 0, q, qo, heap);
    heap.sortedInto(outDist, outIdx, offset, (r) => finishDistance(m, r));
  }

  private visit(m: EffectiveMetric, node: number, q: Float64Array, qo: number, heap: NeighborHeap): void {
    const start = this.nodes[4 * node], end = this.nodes[4 * node + 1];
    const left = this.nodes[4 * node + 2], right = this.nodes[4 * node + 3];
    if (left < 0) {
      for (let t = start; t < end; t++) {
        const i = this.order[t];
        heap.push(reducedDistance(m, q, qo, this.data, i * this.d, this.d), i);
      }
      return;
    }
    const dl = this.boxDistance(m, left, q, qo), dr = this.boxDistance(m, right, q, qo);
    const first = dl <= dr ? left : right, second = dl <= dr ? right : left;
    if (Math.min(dl, dr) <= heap.worst()) this.visit(m, first, q, qo, heap);
    if (Math.max(dl, dr) <= heap.worst()) this.visit(m, second, q, qo, heap);
  }

  // The Euclidean fast path: flat typed node arrays, the rows copied in tree order (a leaf is
  // one contiguous block), squared distances, and a fixed-size max-heap kept in typed arrays —
  // no allocation per node or per query. Same pruning and tie rule as visit().
  private flat: { start: Int32Array; end: Int32Array; left: Int32Array; right: Int32Array; lo: Float64Array; hi: Float64Array; rows: Float64Array } | null = null;
  private hd = new Float64Array(0);
  private hx = new Int32Array(0);
  private hs = 0;
  private hk = 0;
  private qv = new Float64Array(0);

  private flatten(): NonNullable<KDTree['flat']> {
    const nn = this.nodes.length / 4, d = this.d;
    const f = { start: new Int32Array(nn), end: new Int32Array(nn), left: new Int32Array(nn), right: new Int32Array(nn), lo: Float64Array.from(this.lo), hi: Float64Array.from(this.hi), rows: new Float64Array(this.n * d) };
    for (let i = 0; i < nn; i++) { f.start[i] = this.nodes[4 * i]; f.end[i] = this.nodes[4 * i + 1]; f.left[i] = this.nodes[4 * i + 2]; f.right[i] = this.nodes[4 * i + 3]; }
    for (let t = 0; t < this.n; t++) f.rows.set(this.data.subarray(this.order[t] * d, (this.order[t] + 1) * d), t * d);
    this.flat = f;
    return f;
  }

  private queryEuclidean(q: Float64Array, qo: number, k: number, outDist: Float64Array, outIdx: Int32Array, offset: number): void {
    if (this.hk !== k) { this.hd = new Float64Array(k); this.hx = new Int32Array(k); this.hk = k; }
    if (this.qv.length !== this.d) this.qv = new Float64Array(this.d);
    this.qv.set(q.subarray(qo, qo + this.d));
    this.hs = 0;
    if (this.n > 0) this.visitEuclidean(0, this.boxEuclidean(this.flat ?? this.flatten(), 0));
    // ascending (distance, index): insertion sort of the k kept after the square root
    const hd = this.hd, hx = this.hx, n = this.hs;
    for (let j = 0; j < n; j++) hd[j] = Math.sqrt(hd[j]);
    for (let a = 1; a < n; a++) {
      const dv = hd[a], iv = hx[a];
      let b = a - 1;
      while (b >= 0 && (hd[b] > dv || (hd[b] === dv && hx[b] > iv))) { hd[b + 1] = hd[b]; hx[b + 1] = hx[b]; b--; }
      hd[b + 1] = dv; hx[b + 1] = iv;
    }
    for (let j = 0; j < n; j++) { outDist[offset + j] = hd[j]; outIdx[offset + j] = hx[j]; }
  }

  private boxEuclidean(f: NonNullable<KDTree['flat']>, node: number): number {
    const d = this.d, q = this.qv, lo = f.lo, hi = f.hi, o = node * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = q[j], l = lo[o + j], h = hi[o + j];
      const g = v < l ? l - v : v > h ? v - h : 0;
      s += g * g;
    }
    return s;
  }

  private visitEuclidean(node: number, box: number): void {
    const f = this.flat as NonNullable<KDTree['flat']>;
    if (this.hs === this.hk && box > this.hd[0]) return;
    const left = f.left[node];
    if (left < 0) {
      const d = this.d, rows = f.rows, q = this.qv, order = this.order, k = this.hk;
      const hd = this.hd, hx = this.hx;
      points: for (let t = f.start[node], end = f.end[node]; t < end; t++) {
        const o = t * d;
        // Once the heap is full, a point is dropped as soon as its partial sum exceeds the k-th
        // distance (exact: adding non-negative terms never decreases a floating-point sum).
        const worst = this.hs === k ? hd[0] : Infinity;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
        for (; j + 3 < d; j += 4) {
          const a = q[j] - rows[o + j], b = q[j + 1] - rows[o + j + 1], c = q[j + 2] - rows[o + j + 2], e = q[j + 3] - rows[o + j + 3];
          s0 += a * a; s1 += b * b; s2 += c * c; s3 += e * e;
          if ((j & 7) === 4 && (s0 + s1) + (s2 + s3) > worst) continue points;
        }
        for (; j < d; j++) { const a = q[j] - rows[o + j]; s0 += a * a; }
        const dv = (s0 + s1) + (s2 + s3), i = order[t];
        if (this.hs < k) {
          // sift up
          let c = this.hs++;
          while (c > 0) {
            const p = (c - 1) >> 1;
            if (!(dv > hd[p] || (dv === hd[p] && i > hx[p]))) break;
            hd[c] = hd[p]; hx[c] = hx[p]; c = p;
          }
          hd[c] = dv; hx[c] = i;
        } else if (dv < hd[0] || (dv === hd[0] && i < hx[0])) {
          // replace the root, sift down
          let c = 0;
          for (;;) {
            const l = 2 * c + 1;
            if (l >= k) break;
            let m = l;
            if (l + 1 < k && (hd[l + 1] > hd[l] || (hd[l + 1] === hd[l] && hx[l + 1] > hx[l]))) m = l + 1;
            if (!(hd[m] > dv || (hd[m] === dv && hx[m] > i))) break;
            hd[c] = hd[m]; hx[c] = hx[m]; c = m;
          }
          hd[c] = dv; hx[c] = i;
        }
      }
      return;
    }
    const right = f.right[node];
    const dl = this.boxEuclidean(f, left), dr = this.boxEuclidean(f, right);
    if (dl <= dr) { this.visitEuclidean(left, dl); this.visitEuclidean(right, dr); }
    else { this.visitEuclidean(right, dr); this.visitEuclidean(left, dl); }
  }
}

/** Partially orders order[lo..hi] so order[k] holds the (k − lo)-th smallest by (value, index) and smaller ones precede it. */
function selectNth(order: Int32Array, lo: number, hi: number, k: number, data: Float64Array, d: number, dim: number): void {
  const less = (a: number, b: number): boolean => { const va = data[a * d + dim], vb = data[b * d + dim]; return va < vb || (va === vb && a < b); };
  while (hi > lo) {
    // median of three as the pivot
    const m = (lo + hi) >>> 1;
    let a = order[lo], b = order[m], c = order[hi];
    if (less(b, a)) { const t = a; a = b; b = t; }
    if (less(c, b)) { b = c; if (less(b, a)) b = a; }
    const pivot = b;
    let i = lo, j = hi;
    while (i <= j) {
      while (less(order[i], pivot)) i++;
      while (less(pivot, order[j])) j--;
      if (i <= j) { const t = order[i]; order[i] = order[j]; order[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}
