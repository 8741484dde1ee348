/**
 * A bounded max-heap keeping the k nearest candidates, ordered by (distance, index): a larger
 * distance, or an equal distance with a larger index, is "worse". Keeping the smallest indices
 * among ties gives scikit-learn's stable tie order.
 */
export class NeighborHeap {
  readonly dist: Float64Array;
  readonly idx: Int32Array;
  size = 0;

  constructor(readonly k: number) {
    this.dist = new Float64Array(k);
    this.idx = new Int32Array(k);
  }

  /** Empties the heap for the next query. */
  reset(): void {
    this.size = 0;
  }

  /** The worst kept distance, or +Infinity while fewer than k are kept. */
  worst(): number {
    return this.size < this.k ? Infinity : this.dist[0];
  }

  private worse(d1: number, i1: number, d2: number, i2: number): boolean {
    return d1 > d2 || (d1 === d2 && i1 > i2);
  }

  /** Offers a candidate; it is kept if better than the current worst. */
  push(d: number, i: number): void {
    const { dist, idx } = this;
    if (this.size < this.k) {
      let c = this.size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!this.worse(d, i, dist[p], idx[p])) break;
        dist[c] = dist[p]; idx[c] = idx[p]; c = p;
      }
      dist[c] = d; idx[c] = i;
      return;
    }
    if (!this.worse(dist[0], idx[0], d, i)) return;
    let c = 0;
    const n = this.size;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= n) break;
      let m = l;
      if (l + 1 < n && this.worse(dist[l + 1], idx[l + 1], dist[l], idx[l])) m = l + 1;
      if (!this.worse(dist[m], idx[m], d, i)) break;
      dist[c] = dist[m]; idx[c] = idx[m]; c = m;
    }
    dist[c] = d; idx[c] = i;
  }

  /**
   * Writes the kept candidates mapped through `finish` (reduced → true distance) in ascending
   * (distance, index) order; sorting after the mapping keeps the index order among distances
   * that only become equal once rounded (e.g. by the square root).
   */
  sortedInto(outDist: Float64Array, outIdx: Int32Array, offset: number, finish: (r: number) => number): void {
    if (this.size <= 32) {
      // Insertion sort straight into the output (no allocation for the usual small k).
      for (let a = 0; a < this.size; a++) {
        const dv = finish(this.dist[a]), iv = this.idx[a];
        let b = offset + a - 1;
        while (b >= offset && (outDist[b] > dv || (outDist[b] === dv && outIdx[b] > iv))) { outDist[b + 1] = outDist[b]; outIdx[b + 1] = outIdx[b]; b--; }
        outDist[b + 1] = dv; outIdx[b + 1] = iv;
      }
      return;
    }
    const fin = Array.from(this.dist.subarray(0, this.size), finish);
    const order = Array.from({ length: this.size }, (_, j) => j);
    order.sort((a, b) => fin[a] - fin[b] || this.idx[a] - this.idx[b]);
    for (let j = 0; j < order.length; j++) { outDist[offset + j] = fin[order[j]]; outIdx[offset + j] = this.idx[order[j]]; }
  }
}
