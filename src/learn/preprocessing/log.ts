import { Tensor } from '../../tensor/tensor.js';
import { BaseTransformer, checkFitted, type ArrayInput } from '../base.js';
import { apply } from './standard.js';
import { checkFeatures, matTensor, percentileSorted, readMatrix, sortedColumn, values, vecTensor } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

/** Elementwise natural log of a matrix (a FunctionTransformer(np.log) in one call). */
export function logTransform(X: ArrayInput): Tensor {
  const m = readMatrix(X, 'X', true);
  apply(m, Math.log);
  return matTensor(m.data, m.rows, m.cols);
}

/** Elementwise log(1 + x), accurate near 0 (FunctionTransformer(np.log1p)). */
export function log1pTransform(X: ArrayInput): Tensor {
  const m = readMatrix(X, 'X', true);
  apply(m, Math.log1p);
  return matTensor(m.data, m.rows, m.cols);
}

export interface FunctionTransformerOptions {
  /** Elementwise forward function (default identity). */
  func: ((v: number) => number) | null;
  /** Elementwise inverse, for inverseTransform. */
  inverseFunc: ((v: number) => number) | null;
}

/**
 * A stateless transformer applying an elementwise function (scikit-learn's FunctionTransformer
 * restricted to elementwise functions), e.g. `{ func: Math.log1p, inverseFunc: Math.expm1 }`.
 */
export class FunctionTransformer extends BaseTransformer<FunctionTransformerOptions> {
  nFeaturesIn: number | null = null;

  constructor(options: Partial<FunctionTransformerOptions> = {}) {
    super({ func: null, inverseFunc: null, ...options });
  }

  fit(X: ArrayInput): this {
    this.nFeaturesIn = readMatrix(X, 'X', true).cols;
    return this;
  }

  transform(X: ArrayInput): Tensor {
    const m = readMatrix(X, 'X', true);
    const f = this.params.func;
    if (f) apply(m, (v) => f(v));
    return matTensor(m.data, m.rows, m.cols);
  }

  inverseTransform(X: ArrayInput): Tensor {
    const m = readMatrix(X, 'X', true);
    const f = this.params.inverseFunc;
    if (f) apply(m, (v) => f(v));
    return matTensor(m.data, m.rows, m.cols);
  }

  /** The fitted state as JSON (exact round trip through FunctionTransformer.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): FunctionTransformer {
    return restoreState(new FunctionTransformer(json.params as ConstructorParameters<typeof FunctionTransformer>[0]), json);
  }
}

registerEstimator('FunctionTransformer', FunctionTransformer.fromJSON);

/**
 * The notes' median-scaled log transform: log(1 + x / (1 + median)), with each feature's median
 * learnt in fit (NaN ignored). It compresses heavy right tails of non-negative counts while
 * keeping the scale of a typical value near log 2.
 *
 * ```ts
 * new preprocessing.MedianLogTransformer().fitTransform([[0], [1], [9]]); // median 1: log(1 + x/2)
 * ```
 */
export class MedianLogTransformer extends BaseTransformer<Record<string, never>> {
  median: Tensor | null = null;
  nFeaturesIn: number | null = null;

  constructor() {
    super({});
  }

  fit(X: ArrayInput): this {
    const m = readMatrix(X, 'X', true);
    this.median = vecTensor(Array.from({ length: m.cols }, (_, j) => percentileSorted(sortedColumn(m, j), 50)));
    this.nFeaturesIn = m.cols;
    return this;
  }

  transform(X: ArrayInput): Tensor {
    const nf = checkFitted(this, this.nFeaturesIn, 'transform');
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, nf, m.cols);
    const med = values(this.median as Tensor);
    apply(m, (v, j) => Math.log1p(v / (1 + med[j])));
    return matTensor(m.data, m.rows, m.cols);
  }

  /** Undoes transform: (exp(y) − 1) · (1 + median). */
  inverseTransform(X: ArrayInput): Tensor {
    const nf = checkFitted(this, this.nFeaturesIn, 'inverseTransform');
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, nf, m.cols);
    const med = values(this.median as Tensor);
    apply(m, (v, j) => Math.expm1(v) * (1 + med[j]));
    return matTensor(m.data, m.rows, m.cols);
  }

  /** The fitted state as JSON (exact round trip through MedianLogTransformer.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): MedianLogTransformer {
    return restoreState(new MedianLogTransformer(), json);
  }
}

registerEstimator('MedianLogTransformer', MedianLogTransformer.fromJSON);
