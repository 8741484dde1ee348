import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { registerEstimator } from '../persist.js';
import { BaseEstimator, checkFitted, toMatrix, type ArrayInput } from '../base.js';
import { linkageTree, type Linkage } from './linkage.js';

/** Options of {@link AgglomerativeClustering}. */
export interface AgglomerativeClusteringOptions {
  /** Clusters to find (default 2); null when distanceThreshold is set. */
  nClusters?: number | null;
  /** 'ward' (default), 'complete', 'average' or 'single' (Euclidean distances). */
  linkage?: Linkage;
  /** Merges at or above this distance are not made (then nClusters must be null). */
  distanceThreshold?: number | null;
  /** Keep the merge distances (always kept with distanceThreshold). */
  computeDistances?: boolean;
}

type AggParams = Required<AgglomerativeClusteringOptions>;

/** A saved {@link AgglomerativeClustering}. */
export interface AgglomerativeClusteringJSON { type: 'AgglomerativeClustering'; params: AggParams; labels: number[]; children: number[]; distances: number[] | null; nClusters: number; nLeaves: number; nFeaturesIn: number }

// Python's heapq on a plain array (the cut below must reproduce scikit-learn's heap order).
function siftDown(h: number[], start: number, pos: number): void {
  const item = h[pos];
  while (pos > start) { const pp = (pos - 1) >> 1; if (item < h[pp]) { h[pos] = h[pp]; pos = pp; continue; } break; }
  h[pos] = item;
}
function siftUp(h: number[], pos: number): void {
  const end = h.length, start = pos, item = h[pos];
  let child = 2 * pos + 1;
  while (child < end) {
    const right = child + 1;
    if (right < end && !(h[child] < h[right])) child = right;
    h[pos] = h[child]; pos = child; child = 2 * pos + 1;
  }
  h[pos] = item;
  siftDown(h, start, pos);
}
function heappush(h: number[], v: number): void { h.push(v); siftDown(h, 0, h.length - 1); }
function heappushpop(h: number[], v: number): number {
  if (h.length && h[0] < v) { const r = h[0]; h[0] = v; siftUp(h, 0); return r; }
  return v;
}

/** Labels from cutting the tree into k clusters (scikit-learn's `_hc_cut`, same label numbering). */
function hcCut(k: number, a: Int32Array, b: Int32Array, n: number): Int32Array {
  const labels = new Int32Array(n);
  if (k === n) { for (let i = 0; i < n; i++) labels[i] = i; return labels; }
  const nodes = [-(Math.max(a[n - 2], b[n - 2]) + 1)];
  for (let r = 0; r < k - 1; r++) {
    const m = -nodes[0] - n;
    heappush(nodes, -a[m]);
    heappushpop(nodes, -b[m]);
  }
  nodes.forEach((node, i) => {
    const stack = [-node];
    while (stack.length) {
      const v = stack.pop() as number;
      if (v < n) labels[v] = i; else { stack.push(a[v - n], b[v - n]); }
    }
  });
  return labels;
}

/**
 * Bottom-up hierarchical clustering (scikit-learn's `AgglomerativeClustering`, no connectivity
 * constraint): the full merge tree is built, then cut into nClusters clusters or at
 * distanceThreshold. `children` and `distances` are the dendrogram; {@link linkageMatrix}
 * gives it as SciPy's linkage matrix.
 *
 * ```ts
 * const ag = new learn.AgglomerativeClustering({ nClusters: 3, linkage: 'average' }).fit(X);
 * ag.labels; ag.linkageMatrix(); // [[a, b, distance, size], ...]
 * ```
 */
export class AgglomerativeClustering extends BaseEstimator<AggParams> {
  /** Cluster of each sample (int32). */
  labels: Tensor | null = null;
  /** Merges [nSamples − 1, 2]: ids < nSamples are samples, nSamples + r is merge r. */
  children: Tensor | null = null;
  /** Merge distances [nSamples − 1] (with computeDistances or distanceThreshold), else null. */
  distances: Tensor | null = null;
  /** Clusters found. */
  nClusters = 0;
  nLeaves = 0;
  nFeaturesIn = 0;
  private sizes: Int32Array | null = null;
  private dist: Float64Array | null = null;

  constructor(options: AgglomerativeClusteringOptions = {}) {
    super({ nClusters: 2, linkage: 'ward', distanceThreshold: null, computeDistances: false, ...options });
  }

  fit(X: ArrayInput): this {
    const { nClusters, linkage, distanceThreshold, computeDistances } = this.params;
    if ((nClusters === null) === (distanceThreshold === null)) throw new ValueError('AgglomerativeClustering: exactly one of nClusters and distanceThreshold must be set (the other null)');
    if (!['ward', 'complete', 'average', 'single'].includes(linkage)) throw new ValueError(`AgglomerativeClustering: linkage must be 'ward', 'complete', 'average' or 'single', got '${String(linkage)}'`);
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    if (n < 2) throw new ValueError(`AgglomerativeClustering: needs at least 2 samples, got ${n}`);
    if (nClusters !== null && (!Number.isInteger(nClusters) || nClusters < 1 || nClusters > n)) throw new ValueError(`AgglomerativeClustering: nClusters must be an integer in [1, nSamples=${n}], got ${nClusters}`);
    const t = linkageTree(xt.dataSync() as Float64Array, n, p, linkage);
    let k = nClusters as number;
    if (distanceThreshold !== null) { k = 1; for (const d of t.dist) if (d >= distanceThreshold) k++; }
    const ch = new Int32Array(2 * (n - 1));
    for (let r = 0; r < n - 1; r++) { ch[2 * r] = t.a[r]; ch[2 * r + 1] = t.b[r]; }
    this.children = new Tensor(ch, [n - 1, 2], 'int32');
    this.distances = computeDistances || distanceThreshold !== null ? new Tensor(t.dist, [n - 1], 'float64') : null;
    this.labels = new Tensor(hcCut(k, t.a, t.b, n), [n], 'int32');
    this.nClusters = k;
    this.nLeaves = n;
    this.nFeaturesIn = p;
    this.sizes = t.size;
    this.dist = t.dist;
    return this;
  }

  /** fit, then the labels. */
  fitPredict(X: ArrayInput): Tensor {
    return this.fit(X).labels as Tensor;
  }

  /** The dendrogram as SciPy's linkage matrix [nSamples − 1, 4]: child a, child b, distance, size. */
  linkageMatrix(): Tensor {
    const ch = checkFitted(this, this.children, 'linkageMatrix').dataSync();
    const m = this.nLeaves - 1, out = new Float64Array(4 * m);
    for (let r = 0; r < m; r++) {
      out[4 * r] = ch[2 * r]; out[4 * r + 1] = ch[2 * r + 1];
      out[4 * r + 2] = (this.dist as Float64Array)[r]; out[4 * r + 3] = (this.sizes as Int32Array)[r];
    }
    return new Tensor(out, [m, 4], 'float64');
  }

  /** The fitted model as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): AgglomerativeClusteringJSON {
    const labels = checkFitted(this, this.labels, 'toJSON');
    return { type: 'AgglomerativeClustering', params: { ...this.params }, labels: Array.from(labels.dataSync()), children: Array.from((this.children as Tensor).dataSync()), distances: Array.from(this.dist as Float64Array), nClusters: this.nClusters, nLeaves: this.nLeaves, nFeaturesIn: this.nFeaturesIn };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: AgglomerativeClusteringJSON): AgglomerativeClustering {
    if (json.type !== 'AgglomerativeClustering') throw new ValueError(`AgglomerativeClustering.fromJSON: expected type 'AgglomerativeClustering', got ${String(json.type)}`);
    const m = new AgglomerativeClustering(json.params);
    const n = json.nLeaves;
    m.labels = new Tensor(Int32Array.from(json.labels), [n], 'int32');
    m.children = new Tensor(Int32Array.from(json.children), [n - 1, 2], 'int32');
    m.dist = Float64Array.from(json.distances ?? []);
    const keep = json.params.computeDistances || json.params.distanceThreshold !== null;
    m.distances = keep ? new Tensor(m.dist.slice(), [n - 1], 'float64') : null;
    // sizes follow from the children
    const sz = new Int32Array(2 * n - 1).fill(1);
    m.sizes = new Int32Array(n - 1);
    for (let r = 0; r < n - 1; r++) { sz[n + r] = sz[json.children[2 * r]] + sz[json.children[2 * r + 1]]; m.sizes[r] = sz[n + r]; }
    Object.assign(m, { nClusters: json.nClusters, nLeaves: n, nFeaturesIn: json.nFeaturesIn });
    return m;
  }
}

registerEstimator('AgglomerativeClustering', AgglomerativeClustering.fromJSON);
