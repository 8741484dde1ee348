import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { registerEstimator } from '../persist.js';
import { BaseEstimator, checkFitted, checkSameLength, toFloat64Array, toMatrix, toVector, type ArrayInput } from '../base.js';
import { radiusNeighbors, type RadiusMetric } from './neighbors.js';

/** Options of {@link DBSCAN}. */
export interface DBSCANOptions {
  /** Neighbourhood radius (default 0.5). */
  eps?: number;
  /** Samples (weight) within eps, the sample itself included, that make a core sample (default 5). */
  minSamples?: number;
  /** 'euclidean' (default) or 'manhattan'. */
  metric?: RadiusMetric;
}

/** A saved {@link DBSCAN}. */
export interface DBSCANJSON { type: 'DBSCAN'; params: Required<DBSCANOptions>; labels: number[]; coreSampleIndices: number[]; components: number[]; nFeaturesIn: number }

/**
 * Density-based clustering (scikit-learn's `DBSCAN`): core samples have at least minSamples
 * neighbours within eps; clusters are the connected core samples plus the border samples they
 * reach (a border sample joins the first cluster, in sample order, that reaches it); the rest is
 * noise, labelled −1.
 *
 * ```ts
 * const db = new learn.DBSCAN({ eps: 0.3, minSamples: 10 }).fit(X);
 * db.labels; db.coreSampleIndices;
 * ```
 */
export class DBSCAN extends BaseEstimator<Required<DBSCANOptions>> {
  /** Cluster of each training sample (int32; −1 for noise). */
  labels: Tensor | null = null;
  /** Indices of the core samples (int32, increasing). */
  coreSampleIndices: Tensor | null = null;
  /** The core samples' rows [nCore, nFeatures]. */
  components: Tensor | null = null;
  nFeaturesIn = 0;

  constructor(options: DBSCANOptions = {}) {
    super({ eps: 0.5, minSamples: 5, metric: 'euclidean', ...options });
  }

  fit(X: ArrayInput, _y?: unknown, sampleWeight?: ArrayInput | null): this {
    const { eps, minSamples, metric } = this.params;
    if (!(eps > 0)) throw new ValueError(`DBSCAN: eps must be > 0, got ${eps}`);
    if (!Number.isInteger(minSamples) || minSamples < 1) throw new ValueError(`DBSCAN: minSamples must be a positive integer, got ${minSamples}`);
    if (metric !== 'euclidean' && metric !== 'manhattan') throw new ValueError(`DBSCAN: metric must be 'euclidean' or 'manhattan', got '${String(metric)}'`);
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    const x = xt.dataSync() as Float64Array;
    const sw = sampleWeight == null ? null : toFloat64Array(toVector(sampleWeight, 'sampleWeight'));
    if (sw) checkSameLength(n, sw.length, 'X', 'sampleWeight');
    const nb = radiusNeighbors(x, n, p, eps, metric);
    const core = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let w = nb[i].length;
      if (sw) { w = 0; for (const j of nb[i]) w += sw[j]; }
      core[i] = w >= minSamples ? 1 : 0;
    }
    // scikit-learn's dbscan_inner: depth-first expansion from each unlabelled core sample
    const labels = new Int32Array(n).fill(-1);
    let label = 0;
    const stack: number[] = [];
    for (let s = 0; s < n; s++) {
      if (labels[s] !== -1 || !core[s]) continue;
      let i = s;
      for (;;) {
        if (labels[i] === -1) {
          labels[i] = label;
          if (core[i]) for (const v of nb[i]) if (labels[v] === -1) stack.push(v);
        }
        if (stack.length === 0) break;
        i = stack.pop() as number;
      }
      label++;
    }
    const coreIdx: number[] = [];
    for (let i = 0; i < n; i++) if (core[i]) coreIdx.push(i);
    const comps = new Float64Array(coreIdx.length * p);
    coreIdx.forEach((i, r) => comps.set(x.subarray(i * p, i * p + p), r * p));
    this.labels = new Tensor(labels, [n], 'int32');
    this.coreSampleIndices = new Tensor(Int32Array.from(coreIdx), [coreIdx.length], 'int32');
    this.components = new Tensor(comps, [coreIdx.length, p], 'float64');
    this.nFeaturesIn = p;
    return this;
  }

  /** fit, then the training labels. */
  fitPredict(X: ArrayInput, _y?: unknown, sampleWeight?: ArrayInput | null): Tensor {
    return this.fit(X, undefined, sampleWeight).labels as Tensor;
  }

  /** The fitted model as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): DBSCANJSON {
    const labels = checkFitted(this, this.labels, 'toJSON');
    return { type: 'DBSCAN', params: { ...this.params }, labels: Array.from(labels.dataSync()), coreSampleIndices: Array.from((this.coreSampleIndices as Tensor).dataSync()), components: Array.from((this.components as Tensor).dataSync()), nFeaturesIn: this.nFeaturesIn };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: DBSCANJSON): DBSCAN {
    if (json.type !== 'DBSCAN') throw new ValueError(`DBSCAN.fromJSON: expected type 'DBSCAN', got ${String(json.type)}`);
    const m = new DBSCAN(json.params);
    m.labels = new Tensor(Int32Array.from(json.labels), [json.labels.length], 'int32');
    m.coreSampleIndices = new Tensor(Int32Array.from(json.coreSampleIndices), [json.coreSampleIndices.length], 'int32');
    m.components = new Tensor(Float64Array.from(json.components), [json.coreSampleIndices.length, json.nFeaturesIn], 'float64');
    m.nFeaturesIn = json.nFeaturesIn;
    return m;
  }
}

registerEstimator('DBSCAN', DBSCAN.fromJSON);
