import { Tensor } from '../../tensor/tensor.js';
import { BaseTransformer, checkFitted, type ArrayInput } from '../base.js';
import { apply } from './standard.js';
import { checkFeatures, handleZerosInScale, matTensor, readMatrix, values, vecTensor } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

/**
 * Divides each feature by its maximum absolute value (into [−1, 1], sparsity kept),
 * scikit-learn's MaxAbsScaler. NaN ignored in fit, kept in transform.
 *
 * ```ts
 * new preprocessing.MaxAbsScaler().fitTransform([[-4], [2]]); // [[-1], [0.5]]
 * ```
 */
export class MaxAbsScaler extends BaseTransformer<Record<string, never>> {
  maxAbs: Tensor | null = null;
  scale: Tensor | null = null;
  nFeaturesIn: number | null = null;
  nSamplesSeen: number | null = null;

  constructor() {
    super({});
  }

  fit(X: ArrayInput): this {
    const m = readMatrix(X, 'X', true);
    const mx = new Float64Array(m.cols).fill(NaN);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) {
      const v = Math.abs(m.data[i * m.cols + j]);
      if (!Number.isNaN(v) && !(v <= mx[j])) mx[j] = v;
    }
    this.maxAbs = vecTensor(mx);
    this.scale = vecTensor(handleZerosInScale(mx.slice()));
    this.nFeaturesIn = m.cols;
    this.nSamplesSeen = m.rows;
    return this;
  }

  transform(X: ArrayInput): Tensor {
    const nf = checkFitted(this, this.nFeaturesIn, 'transform');
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, nf, m.cols);
    const sc = values(this.scale as Tensor);
    apply(m, (v, j) => v / sc[j]);
    return matTensor(m.data, m.rows, m.cols);
  }

  inverseTransform(X: ArrayInput): Tensor {
    const nf = checkFitted(this, this.nFeaturesIn, 'inverseTransform');
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, nf, m.cols);
    const sc = values(this.scale as Tensor);
    apply(m, (v, j) => v * sc[j]);
    return matTensor(m.data, m.rows, m.cols);
  }

  /** The fitted state as JSON (exact round trip through MaxAbsScaler.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): MaxAbsScaler {
    return restoreState(new MaxAbsScaler(), json);
  }
}

registerEstimator('MaxAbsScaler', MaxAbsScaler.fromJSON);
