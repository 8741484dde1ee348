import { fromFlat } from './flat.js';
import { Tensor } from '../../tensor/tensor.js';
import { tensor } from '../../tensor/creation.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { checkFitted, toMatrix, type ArrayInput } from '../base.js';
import { effectiveMetric, finishDistance, fittedTransposed, reducedBlock, rowSquaredNorms, type EffectiveMetric, type NeighborsMetric } from './distance.js';
import { NeighborHeap } from './heap.js';
import { KDTree } from './kdtree.js';
import { backend } from '../../backend/index.js';
import type { View } from '../../backend/types.js';
import { nativeKnnSelect } from './native.js';

/** Options shared by the neighbours estimators (scikit-learn's defaults). */
export interface NeighborsOptions {
  /** Neighbours per query (default 5). */
  nNeighbors?: number;
  /** 'brute', 'kd_tree' or 'auto' (default; scikit-learn's rule). */
  algorithm?: 'auto' | 'brute' | 'kd_tree';
  /** Leaf size of the KD-tree (default 30). */
  leafSize?: number;
  /** Distance (default 'minkowski' with p = 2, i.e. euclidean). */
  metric?: NeighborsMetric;
  /** Power of the minkowski metric (default 2). */
  p?: number;
}

export const NEIGHBORS_DEFAULTS: Required<NeighborsOptions> = { nNeighbors: 5, algorithm: 'auto', leafSize: 30, metric: 'minkowski', p: 2 };

/** Result of kneighbors: distances and indices, each [nQueries, k], nearest first. */
export interface KNeighborsResult {
  distances: Tensor;
  indices: Tensor;
}

const BLOCK = 64; // query rows per matmul block in brute force (the block's distances stay in cache)

/** The fitted index of training rows and the exact k-nearest query (brute force or KD-tree). */
export class NeighborsIndex {
  readonly metric: EffectiveMetric;
  readonly method: 'brute' | 'kd_tree';
  private readonly tree: KDTree | null;
  private readonly norms: Float64Array | null;
  private readonly fT: Tensor | undefined;

  constructor(readonly X: Float64Array, readonly n: number, readonly d: number, opts: Required<NeighborsOptions>, who: string) {
    this.metric = effectiveMetric(opts.metric, opts.p, who);
    let method = opts.algorithm;
    if (method !== 'auto' && method !== 'brute' && method !== 'kd_tree') throw new ValueError(`${who}: algorithm must be 'auto', 'brute' or 'kd_tree', got '${String(method)}'`);
    if (method === 'kd_tree' && this.metric.kind === 'cosine') throw new ValueError(`${who}: metric 'cosine' is not valid for algorithm 'kd_tree'; use 'brute' or 'auto'`);
    if (method === 'auto') {
      // scikit-learn: brute for many features, many neighbours, or metrics a KD-tree cannot use.
      method = d > 15 || opts.nNeighbors >= Math.floor(n / 2) || this.metric.kind === 'cosine' ? 'brute' : 'kd_tree';
    }
    this.method = method;
    if (!Number.isInteger(opts.leafSize) || opts.leafSize < 1) throw new ValueError(`${who}: leafSize must be a positive integer, got ${opts.leafSize}`);
    this.tree = method === 'kd_tree' ? new KDTree(X, n, d, opts.leafSize) : null;
    this.norms = method === 'brute' && this.metric.kind === 'euclidean' ? rowSquaredNorms(X, n, d) : null;
    this.fT = method === 'brute' && (this.metric.kind === 'euclidean' || this.metric.kind === 'cosine') ? fittedTransposed(this.metric, X, n, d) : undefined;
  }

  /** The k nearest training rows of each query row, ascending (distance, index). */
  query(Q: Float64Array, nq: number, k: number): { dist: Float64Array; idx: Int32Array } {
    const dist = new Float64Array(nq * k), idx = new Int32Array(nq * k);
    const heap = new NeighborHeap(k);
    if (this.tree) {
      for (let i = 0; i < nq; i++) this.tree.query(this.metric, Q, i * this.d, heap, dist, idx, i * k);
      return { dist, idx };
    }
    const { n, d } = this;
    let gBuf = new Float64Array(0);
    const select = this.metric.kind === 'euclidean' && k <= n ? nativeKnnSelect() : null;
    const qnBuf = new Float64Array(BLOCK), hdBuf = new Float64Array(BLOCK * k), hxBuf = new Int32Array(BLOCK * k);
    const selArgs = Float64Array.from([0, n, k]);
    const fView: View | null = this.fT ? { data: this.fT.dataSync() as Float64Array, shape: [1, d, n], strides: [0, n, 1], offset: 0 } : null;
    for (let b = 0; b < nq; b += BLOCK) {
      const nb = Math.min(BLOCK, nq - b);
      const qb = Q.subarray(b * d, (b + nb) * d);
      if (this.metric.kind === 'euclidean' && this.fT && this.norms) {
        // One GEMM per block, then each row scanned once: ‖q‖² − 2q·f + ‖f‖² (clamped at 0)
        // offered to the heap only when it is not worse than the current k-th.
        if (gBuf.length < nb * n) gBuf = new Float64Array(Math.min(nq, BLOCK) * n);
        const g = gBuf; // [nb, n], reused across blocks
        backend().matmul({ data: Q, shape: [1, nb, d], strides: [0, d, 1], offset: b * d }, fView as View, g.subarray(0, nb * n));
        const fn = this.norms;
        if (select) {
          // the same scan on the addon (cpp/knn.cc): heap-ordered (reduced, index) per row
          for (let i = 0; i < nb; i++) { let qs = 0; for (let j = 0; j < d; j++) qs += qb[i * d + j] * qb[i * d + j]; qnBuf[i] = qs; }
          selArgs[0] = nb;
          select(g, qnBuf, fn, selArgs, hdBuf, hxBuf);
          for (let i = 0; i < nb; i++) {
            heap.reset();
            for (let j = 0; j < k; j++) heap.push(hdBuf[i * k + j], hxBuf[i * k + j]);
            heap.sortedInto(dist, idx, (b + i) * k, Math.sqrt);
          }
          continue;
        }
        for (let i = 0; i < nb; i++) {
          heap.reset();
          let qn = 0;
          for (let j = 0; j < d; j++) qn += qb[i * d + j] * qb[i * d + j];
          const o = i * n;
          let worst = Infinity;
          for (let t = 0; t < n; t++) {
            // max(v, 0) <= worst exactly when v <= worst (worst is never negative)
            const v = qn - 2 * g[o + t] + fn[t];
            if (v <= worst) { heap.push(v > 0 ? v : 0, t); worst = heap.worst(); }
          }
          heap.sortedInto(dist, idx, (b + i) * k, Math.sqrt);
        }
        continue;
      }
      const block = reducedBlock(this.metric, qb, nb, this.X, n, d, this.norms, this.fT);
      for (let i = 0; i < nb; i++) {
        heap.reset();
        // Candidates not worse than the current k-th enter the heap (ties at the k-th value all
        // compete, so the smallest indices win).
        const o = i * n;
        let worst = Infinity;
        for (let t = 0; t < n; t++) if (block[o + t] <= worst) { heap.push(block[o + t], t); worst = heap.worst(); }
        heap.sortedInto(dist, idx, (b + i) * k, (r) => finishDistance(this.metric, r));
      }
    }
    return { dist, idx };
  }
}

/** Checks nNeighbors is a positive integer no larger than the number of candidates. */
export function checkK(k: number, nCandidates: number, who: string): void {
  if (!Number.isInteger(k) || k <= 0) throw new ValueError(`${who}: nNeighbors must be a positive integer, got ${k}`);
  if (k > nCandidates) throw new ValueError(`${who}: expected nNeighbors <= nSamplesFit, but nNeighbors = ${k}, nSamplesFit = ${nCandidates}`);
}

/**
 * kneighbors as scikit-learn: with X given, the k nearest fitted rows; with X omitted, the k
 * nearest of each training row excluding itself (its first occurrence among exact duplicates).
 */
export function kneighborsOf(owner: object, index: NeighborsIndex | null, X: ArrayInput | null | undefined, nNeighbors: number, returnDistance: boolean): KNeighborsResult | Tensor {
  const idxr = checkFitted(owner, index, 'kneighbors');
  const who = `${owner.constructor.name}.kneighbors`;
  const self = X === undefined || X === null;
  checkK(nNeighbors, self ? idxr.n - 1 + 1 : idxr.n, who);
  if (self && nNeighbors > idxr.n - 1) throw new ValueError(`${who}: expected nNeighbors < nSamplesFit when X is omitted, got nNeighbors = ${nNeighbors}, nSamplesFit = ${idxr.n}`);
  let dist: Float64Array, idx: Int32Array, nq: number;
  if (self) {
    nq = idxr.n;
    const k1 = nNeighbors + 1;
    const r = idxr.query(idxr.X, nq, k1);
    dist = new Float64Array(nq * nNeighbors); idx = new Int32Array(nq * nNeighbors);
    for (let i = 0; i < nq; i++) {
      // Drop the sample itself; if it is not among the k+1 (duplicates), drop the first one.
      let skip = 0;
      for (let j = 0; j < k1; j++) if (r.idx[i * k1 + j] === i) { skip = j; break; }
      let o = 0;
      for (let j = 0; j < k1; j++) {
        if (j === skip) continue;
        dist[i * nNeighbors + o] = r.dist[i * k1 + j]; idx[i * nNeighbors + o] = r.idx[i * k1 + j]; o++;
      }
    }
  } else {
    const Q = toMatrix(X as ArrayInput, 'X');
    if (Q.shape[1] !== idxr.d) throw new ShapeError(`${who}: X has ${Q.shape[1]} features, but the estimator was fitted with ${idxr.d}`);
    nq = Q.shape[0];
    ({ dist, idx } = idxr.query(Q.dataSync() as Float64Array, nq, nNeighbors));
  }
  const indices = fromFlat(idx, [nq, nNeighbors]);
  if (!returnDistance) return indices;
  return { distances: fromFlat(dist, [nq, nNeighbors]), indices };
}

/**
 * Neighbour weights [nq·k] (scikit-learn's _get_weights): ones for 'uniform'; 1/d for 'distance',
 * except that a query with any zero distance gives weight 1 to the zero-distance neighbours
 * and 0 to the others.
 */
export function neighborWeights(dist: Float64Array, nq: number, k: number, weights: 'uniform' | 'distance', who: string): Float64Array {
  const w = new Float64Array(nq * k);
  if (weights === 'uniform') return w.fill(1);
  if (weights !== 'distance') throw new ValueError(`${who}: weights must be 'uniform' or 'distance', got '${String(weights)}'`);
  for (let i = 0; i < nq; i++) {
    let zero = false;
    for (let j = 0; j < k; j++) if (dist[i * k + j] === 0) zero = true;
    for (let j = 0; j < k; j++) w[i * k + j] = zero ? (dist[i * k + j] === 0 ? 1 : 0) : 1 / dist[i * k + j];
  }
  return w;
}

/** The k-th smallest element (0-based) of a, partially reordering a in place (Hoare quickselect). */
export function quickselect(a: Float64Array, k: number): number {
  let lo = 0, hi = a.length - 1;
  while (hi > lo) {
    // Median of three as the pivot keeps sorted inputs linear.
    const mid = (lo + hi) >>> 1;
    let x = a[lo], y = a[mid], z = a[hi];
    if (x > y) [x, y] = [y, x];
    if (y > z) y = z < x ? x : z;
    const pivot = y;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
