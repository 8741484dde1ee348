import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseEstimator, checkFitted, toMatrix, type ArrayInput } from '../base.js';
import { registerEstimator } from '../persist.js';
import { checkK, kneighborsOf, NEIGHBORS_DEFAULTS, NeighborsIndex, type KNeighborsResult, type NeighborsOptions } from './base.js';
import { fromFlat } from './flat.js';

/** A saved index ({@link NearestNeighbors.toJSON}). */
export interface NearestNeighborsJSON {
  type: 'NearestNeighbors';
  params: Required<NeighborsOptions>;
  X: number[]; nSamples: number; nFeaturesIn: number;
}

/**
 * Unsupervised nearest-neighbour search (scikit-learn's `NearestNeighbors`): exact k-nearest
 * queries by brute force or a KD-tree, and the kNN graph.
 *
 * @example
 * const nn = new NearestNeighbors({ nNeighbors: 2 }).fit([[0], [1], [5]]);
 * nn.kneighbors([[0.9]]).indices; // [[1, 0]]
 */
export class NearestNeighbors extends BaseEstimator<Required<NeighborsOptions>> {
  /** Number of features seen in fit. */
  nFeaturesIn = 0;
  /** 'brute' or 'kd_tree', as resolved at fit. */
  fitMethod: 'brute' | 'kd_tree' | null = null;
  private index: NeighborsIndex | null = null;

  constructor(options: NeighborsOptions = {}) {
    super({ ...NEIGHBORS_DEFAULTS, ...options });
  }

  /** Indexes the rows of X; returns this. */
  fit(X: ArrayInput): this {
    const Xm = toMatrix(X, 'X');
    const [n, d] = Xm.shape;
    checkK(this.params.nNeighbors, Infinity, 'NearestNeighbors');
    this.index = new NeighborsIndex(Float64Array.from(Xm.dataSync() as Float64Array), n, d, this.params, 'NearestNeighbors');
    this.fitMethod = this.index.method; this.nFeaturesIn = d;
    return this;
  }

  /** The k nearest fitted rows of each query (X omitted: of each fitted row, excluding itself). */
  kneighbors(X?: ArrayInput | null, nNeighbors?: number, returnDistance?: true): KNeighborsResult;
  kneighbors(X: ArrayInput | null | undefined, nNeighbors: number | undefined, returnDistance: false): Tensor;
  kneighbors(X?: ArrayInput | null, nNeighbors?: number, returnDistance = true): KNeighborsResult | Tensor {
    return kneighborsOf(this, this.index, X, nNeighbors ?? this.params.nNeighbors, returnDistance);
  }

  /**
   * The kNN graph as a dense [nQueries, nSamplesFit] matrix: 1 at each query's k nearest rows
   * ('connectivity') or their distances ('distance'); scikit-learn returns the same as a sparse matrix.
   */
  kneighborsGraph(X?: ArrayInput | null, nNeighbors?: number, mode: 'connectivity' | 'distance' = 'connectivity'): Tensor {
    const index = checkFitted(this, this.index, 'kneighborsGraph');
    if (mode !== 'connectivity' && mode !== 'distance') throw new ValueError(`NearestNeighbors.kneighborsGraph: mode must be 'connectivity' or 'distance', got '${String(mode)}'`);
    const k = nNeighbors ?? this.params.nNeighbors;
    const { distances, indices } = kneighborsOf(this, index, X, k, true) as KNeighborsResult;
    const nq = indices.shape[0], n = index.n;
    const dist = distances.dataSync(), idx = indices.dataSync();
    const G = new Float64Array(nq * n);
    for (let i = 0; i < nq; i++) for (let j = 0; j < k; j++) G[i * n + idx[i * k + j]] = mode === 'connectivity' ? 1 : dist[i * k + j];
    return fromFlat(G, [nq, n]);
  }

  /** The fitted index as plain JSON data. */
  toJSON(): NearestNeighborsJSON {
    const index = checkFitted(this, this.index, 'toJSON');
    return { type: 'NearestNeighbors', params: { ...this.params }, X: Array.from(index.X), nSamples: index.n, nFeaturesIn: index.d };
  }

  /** Restores an index saved by toJSON. */
  static fromJSON(json: NearestNeighborsJSON): NearestNeighbors {
    if (json.type !== 'NearestNeighbors') throw new ValueError(`NearestNeighbors.fromJSON: expected type 'NearestNeighbors', got ${String(json.type)}`);
    return new NearestNeighbors(json.params).fit(fromFlat(Float64Array.from(json.X), [json.nSamples, json.nFeaturesIn]));
  }
}

registerEstimator('NearestNeighbors', NearestNeighbors.fromJSON);
