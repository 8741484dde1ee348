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
    // Median split on the widest dimension (ties by index, so the build is deterministic).
    const part = Array.from(order.subarray(start, end));
    part.sort((a, b) => data[a * d + bestDim] - data[b * d + bestDim] || a - b);
    order.set(part, start);
    const mid = start + ((end - start) >> 1);
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
    const [first, df, second, ds] = dl <= dr ? [left, dl, right, dr] : [right, dr, left, dl];
    if (df <= heap.worst()) this.visit(m, first, q, qo, heap);
    if (ds <= heap.worst()) this.visit(m, second, q, qo, heap);
  }
}
