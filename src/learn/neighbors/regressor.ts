import { registerEstimator } from '../persist.js';
import { fromFlat } from './flat.js';
import { Tensor } from '../../tensor/tensor.js';
import { tensor } from '../../tensor/creation.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseRegressor, checkFitted, checkSameLength, toMatrix, toVector, type ArrayInput } from '../base.js';
import { checkK, kneighborsOf, NEIGHBORS_DEFAULTS, NeighborsIndex, neighborWeights, type KNeighborsResult } from './base.js';
import type { KNeighborsClassifierOptions } from './classifier.js';

/** Options of {@link KNeighborsRegressor}. */
export type KNeighborsRegressorOptions = KNeighborsClassifierOptions;

/** A saved regressor ({@link KNeighborsRegressor.toJSON}). */
export interface KNeighborsRegressorJSON {
  type: 'KNeighborsRegressor';
  params: Required<KNeighborsRegressorOptions>;
  X: number[]; nSamples: number; nFeaturesIn: number; y: number[];
}

/**
 * k-nearest-neighbours regression (scikit-learn's `KNeighborsRegressor`): the (weighted) mean
 * target of the k nearest training rows.
 *
 * @example
 * new KNeighborsRegressor({ nNeighbors: 2 }).fit([[0], [1], [2]], [0, 1, 4]).predict([[0.4]]); // [0.5]
 */
export class KNeighborsRegressor extends BaseRegressor<Required<KNeighborsRegressorOptions>> {
  /** Number of features seen in fit. */
  nFeaturesIn = 0;
  /** 'brute' or 'kd_tree', as resolved at fit. */
  fitMethod: 'brute' | 'kd_tree' | null = null;
  private index: NeighborsIndex | null = null;
  private y: Float64Array | null = null;

  constructor(options: KNeighborsRegressorOptions = {}) {
    super({ ...NEIGHBORS_DEFAULTS, weights: 'uniform', ...options });
  }

  /** Stores the training rows (and builds the KD-tree); returns this. */
  fit(X: ArrayInput, y: ArrayInput): this {
    const Xm = toMatrix(X, 'X');
    const yv = Float64Array.from(toVector(y, 'y').dataSync());
    checkSameLength(Xm.shape[0], yv.length);
    if (this.params.weights !== 'uniform' && this.params.weights !== 'distance') throw new ValueError(`KNeighborsRegressor: weights must be 'uniform' or 'distance', got '${String(this.params.weights)}'`);
    checkK(this.params.nNeighbors, Infinity, 'KNeighborsRegressor');
    const [n, d] = Xm.shape;
    this.index = new NeighborsIndex(Float64Array.from(Xm.dataSync() as Float64Array), n, d, this.params, 'KNeighborsRegressor');
    this.fitMethod = this.index.method;
    this.y = yv; this.nFeaturesIn = d;
    return this;
  }

  /** The k nearest training rows of each query (X omitted: of each training row, excluding itself). */
  kneighbors(X?: ArrayInput | null, nNeighbors?: number, returnDistance?: true): KNeighborsResult;
  kneighbors(X: ArrayInput | null | undefined, nNeighbors: number | undefined, returnDistance: false): Tensor;
  kneighbors(X?: ArrayInput | null, nNeighbors?: number, returnDistance = true): KNeighborsResult | Tensor {
    return kneighborsOf(this, this.index, X, nNeighbors ?? this.params.nNeighbors, returnDistance);
  }

  /** The (weighted) mean neighbour target of each row. */
  predict(X: ArrayInput): Tensor {
    const index = checkFitted(this, this.index, 'predict');
    const k = this.params.nNeighbors;
    const { distances, indices } = kneighborsOf(this, index, X, k, true) as KNeighborsResult;
    const nq = indices.shape[0];
    const dist = distances.dataSync() as Float64Array, idx = indices.dataSync() as Int32Array;
    const w = neighborWeights(dist, nq, k, this.params.weights, 'KNeighborsRegressor');
    const y = this.y as Float64Array;
    const out = new Float64Array(nq);
    for (let i = 0; i < nq; i++) {
      let s = 0, ws = 0;
      for (let j = 0; j < k; j++) { s += w[i * k + j] * y[idx[i * k + j]]; ws += w[i * k + j]; }
      out[i] = this.params.weights === 'uniform' ? s / k : s / ws;
    }
    return tensor(out, { dtype: 'float64' });
  }

  /** The fitted regressor as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): KNeighborsRegressorJSON {
    const index = checkFitted(this, this.index, 'toJSON');
    return { type: 'KNeighborsRegressor', params: { ...this.params }, X: Array.from(index.X), nSamples: index.n, nFeaturesIn: index.d, y: Array.from(this.y as Float64Array) };
  }

  /** Restores a regressor saved by toJSON. */
  static fromJSON(json: KNeighborsRegressorJSON): KNeighborsRegressor {
    if (json.type !== 'KNeighborsRegressor') throw new ValueError(`KNeighborsRegressor.fromJSON: expected type 'KNeighborsRegressor', got ${String(json.type)}`);
    const X = fromFlat(Float64Array.from(json.X), [json.nSamples, json.nFeaturesIn]);
    return new KNeighborsRegressor(json.params).fit(X, json.y);
  }
}

registerEstimator('KNeighborsRegressor', KNeighborsRegressor.fromJSON);
