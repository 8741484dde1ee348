import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseTransformer, checkFitted, type ArrayInput } from '../base.js';
import { apply } from './standard.js';
import { checkFeatures, handleZerosInScale, matTensor, readMatrix, values, vecTensor } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

export interface MinMaxScalerOptions {
  /** The target range [min, max] (default [0, 1]). */
  featureRange: [number, number];
  /** Clip transformed values to featureRange (default false). */
  clip: boolean;
}

/**
 * Scales each feature to featureRange: x · scale + min with scale = (max − min) / (dataMax −
 * dataMin), scikit-learn's MinMaxScaler. NaN ignored in fit, kept in transform.
 *
 * ```ts
 * new preprocessing.MinMaxScaler().fitTransform([[1], [3], [5]]); // [[0], [0.5], [1]]
 * ```
 */
export class MinMaxScaler extends BaseTransformer<MinMaxScalerOptions> {
  dataMin: Tensor | null = null;
  dataMax: Tensor | null = null;
  dataRange: Tensor | null = null;
  scale: Tensor | null = null;
  min: Tensor | null = null;
  nFeaturesIn: number | null = null;
  nSamplesSeen: number | null = null;

  constructor(options: Partial<MinMaxScalerOptions> = {}) {
    super({ featureRange: [0, 1], clip: false, ...options });
  }

  fit(X: ArrayInput): this {
    const [lo, hi] = this.params.featureRange;
    if (!(lo < hi)) throw new ValueError(`MinMaxScaler: featureRange minimum must be smaller than maximum, got [${lo}, ${hi}]`);
    const m = readMatrix(X, 'X', true);
    const dmin = new Float64Array(m.cols).fill(NaN), dmax = new Float64Array(m.cols).fill(NaN);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) {
      const v = m.data[i * m.cols + j];
      if (Number.isNaN(v)) continue;
      if (!(v >= dmin[j])) dmin[j] = v;
      if (!(v <= dmax[j])) dmax[j] = v;
    }
    const range = dmax.map((v, j) => v - dmin[j]);
    const scale = range.slice();
    handleZerosInScale(scale);
    for (let j = 0; j < m.cols; j++) scale[j] = (hi - lo) / scale[j];
    this.dataMin = vecTensor(dmin);
    this.dataMax = vecTensor(dmax);
    this.dataRange = vecTensor(range);
    this.scale = vecTensor(scale);
    this.min = vecTensor(dmin.map((v, j) => lo - v * scale[j]));
    this.nFeaturesIn = m.cols;
    this.nSamplesSeen = m.rows;
    return this;
  }

  transform(X: ArrayInput): Tensor {
    const nf = checkFitted(this, this.nFeaturesIn, 'transform');
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, nf, m.cols);
    const sc = values(this.scale as Tensor), mn = values(this.min as Tensor);
    const [lo, hi] = this.params.featureRange;
    const clip = this.params.clip;
    apply(m, (v, j) => { const t = v * sc[j] + mn[j]; return clip ? Math.min(Math.max(t, lo), hi) : t; });
    return matTensor(m.data, m.rows, m.cols);
  }

  /** Undoes transform: (x − min) / scale. */
  inverseTransform(X: ArrayInput): Tensor {
    const nf = checkFitted(this, this.nFeaturesIn, 'inverseTransform');
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, nf, m.cols);
    const sc = values(this.scale as Tensor), mn = values(this.min as Tensor);
    apply(m, (v, j) => (v - mn[j]) / sc[j]);
    return matTensor(m.data, m.rows, m.cols);
  }

  /** The fitted state as JSON (exact round trip through MinMaxScaler.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): MinMaxScaler {
    return restoreState(new MinMaxScaler(json.params as ConstructorParameters<typeof MinMaxScaler>[0]), json);
  }
}

registerEstimator('MinMaxScaler', MinMaxScaler.fromJSON);
