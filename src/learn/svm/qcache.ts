/**
 * libsvm's Cache: columns of Q in the solver's current (shrinking-permuted) order, each holding
 * its first `len` entries, least-recently-used columns freed first when the budget (in floats)
 * is spent. `swapIndex` follows the solver's swaps so no column is ever gathered or permuted
 * wholesale: a cached column keeps only the entries that stay inside its length.
 */
export class QCache {
  private readonly data: (Float32Array | null)[];
  private readonly len: Int32Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private size: number;
  /** Valid leading entries of the column the last get() returned. */
  start = 0;

  constructor(private readonly l: number, budgetFloats: number) {
    this.data = new Array<Float32Array | null>(l).fill(null);
    this.len = new Int32Array(l);
    this.prev = new Int32Array(l + 1).fill(-1);
    this.next = new Int32Array(l + 1).fill(-1);
    this.prev[l] = this.next[l] = l; // sentinel: the list head
    this.size = Math.max(budgetFloats, 2 * l);
    this.fixed = l * l <= this.size;
  }

  // When every column fits at full length (l² ≤ budget), buffers are allocated at length l and
  // recycled through a free list: no reallocation on growth, little garbage.
  private readonly fixed: boolean;
  private readonly free: Float32Array[] = [];
  private chunk = new Float32Array(0);
  private chunkUsed = 0;

  /** A new full-length column carved from a chunk of 64 (far fewer ArrayBuffers for the GC to track). */
  private fresh(): Float32Array {
    const l = this.l;
    if (this.chunkUsed + l > this.chunk.length) {
      this.chunk = new Float32Array(l * Math.max(1, Math.min(64, Math.floor(this.size / l))));
      this.chunkUsed = 0;
    }
    const c = this.chunk.subarray(this.chunkUsed, this.chunkUsed + l);
    this.chunkUsed += l;
    return c;
  }

  private unlink(h: number): void {
    const p = this.prev[h], n = this.next[h];
    this.next[p] = n; this.prev[n] = p;
  }

  private append(h: number): void {
    const l = this.l, last = this.prev[l];
    this.next[last] = h; this.prev[h] = last; this.next[h] = l; this.prev[l] = h;
  }

  private drop(h: number): void {
    this.unlink(h);
    this.size += this.len[h];
    if (this.fixed) this.free.push(this.data[h] as Float32Array);
    this.data[h] = null;
    this.len[h] = 0;
  }

  /**
   * Column `i` with room for `len` entries; `start` then tells how many leading entries were
   * already valid (the caller fills [start, len)).
   */
  get(i: number, len: number): Float32Array {
    let cur = this.len[i];
    if (cur) this.unlink(i);
    const more = len - cur;
    if (more > 0) {
      while (this.size < more) {
        const old = this.next[this.l];
        this.drop(old);
      }
      const d = this.data[i];
      if (this.fixed) {
        if (!d) this.data[i] = this.free.pop() ?? this.fresh();
      } else {
        const grown = new Float32Array(len);
        if (d) grown.set(d.subarray(0, cur));
        this.data[i] = grown;
      }
      this.size -= more;
      this.len[i] = len;
    } else {
      cur = len;
    }
    this.append(i);
    this.start = cur;
    return this.data[i] as Float32Array;
  }

  private batching = false;
  private pairs = new Int32Array(64);
  private nPairs = 0;

  /**
   * Defers the entry swaps of the following swapIndex calls to endBatch(), which applies them
   * column by column (each column's memory touched once rather than once per swap); the heads
   * still swap at once. No get() may run inside a batch.
   */
  beginBatch(): void { this.batching = true; this.nPairs = 0; }

  /** Applies the deferred swaps in order to every cached column, with libsvm's drop rule. */
  endBatch(): void {
    this.batching = false;
    const m = this.nPairs;
    if (m === 0) return;
    const L = this.len, D = this.data, P = this.pairs, l = this.l;
    for (let h = this.next[l]; h !== l;) {
      const nx = this.next[h];
      const len = L[h], c = D[h] as Float32Array;
      for (let k = 0; k < 2 * m; k += 2) {
        const i = P[k], j = P[k + 1];
        if (len > i) {
          if (len > j) { const t = c[i]; c[i] = c[j]; c[j] = t; }
          else { this.drop(h); break; }
        }
      }
      h = nx;
    }
    this.nPairs = 0;
  }

  /** libsvm's Cache::swap_index. */
  swapIndex(i: number, j: number): void {
    if (i === j) return;
    const L = this.len, D = this.data;
    if (L[i]) this.unlink(i);
    if (L[j]) this.unlink(j);
    const td = D[i]; D[i] = D[j]; D[j] = td;
    const tl = L[i]; L[i] = L[j]; L[j] = tl;
    if (L[i]) this.append(i);
    if (L[j]) this.append(j);
    if (i > j) { const t = i; i = j; j = t; }
    if (this.batching) {
      if (2 * this.nPairs + 2 > this.pairs.length) { const g = new Int32Array(2 * this.pairs.length); g.set(this.pairs); this.pairs = g; }
      this.pairs[2 * this.nPairs] = i; this.pairs[2 * this.nPairs + 1] = j;
      this.nPairs++;
      return;
    }
    const l = this.l;
    for (let h = this.next[l]; h !== l;) {
      const nx = this.next[h];
      if (L[h] > i) {
        if (L[h] > j) { const c = D[h] as Float32Array; const t = c[i]; c[i] = c[j]; c[j] = t; }
        else this.drop(h);
      }
      h = nx;
    }
  }
}
