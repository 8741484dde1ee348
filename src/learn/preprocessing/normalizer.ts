import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseTransformer, type ArrayInput } from '../base.js';
import { checkFeatures, matTensor, readMatrix } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

export type Norm = 'l1' | 'l2' | 'max';

/**
 * Scales each sample (row) to unit norm, scikit-learn's `normalize`. Rows of norm 0 are left as is.
 *
 * ```ts
 * preprocessing.normalize([[3, 4]]); // [[0.6, 0.8]]
 * ```
 */
export function normalize(X: ArrayInput, norm: Norm = 'l2'): Tensor {
  if (norm !== 'l1' && norm !== 'l2' && norm !== 'max') throw new ValueError(`normalize: norm must be 'l1', 'l2' or 'max', got '${String(norm)}'`);
  const m = readMatrix(X);
  for (let i = 0; i < m.rows; i++) {
    const row = m.data.subarray(i * m.cols, (i + 1) * m.cols);
    let s = 0;
    if (norm === 'l1') for (const v of row) s += Math.abs(v);
    else if (norm === 'l2') { for (const v of row) s += v * v; s = Math.sqrt(s); }
    else for (const v of row) s = Math.max(s, Math.abs(v));
    if (s < 10 * 2.220446049250313e-16) s = 1;
    for (let j = 0; j < row.length; j++) row[j] /= s;
  }
  return matTensor(m.data, m.rows, m.cols);
}

/** The transformer form of `normalize` (stateless: fit only checks the input). */
export class Normalizer extends BaseTransformer<{ norm: Norm }> {
  nFeaturesIn: number | null = null;

  constructor(options: Partial<{ norm: Norm }> = {}) {
    super({ norm: 'l2', ...options });
  }

  fit(X: ArrayInput): this {
    this.nFeaturesIn = readMatrix(X).cols;
    return this;
  }

  /** Normalizes each row; after fit, X must have the fitted number of features. */
  transform(X: ArrayInput): Tensor {
    if (this.nFeaturesIn !== null) checkFeatures(this, this.nFeaturesIn, readMatrix(X).cols);
    return normalize(X, this.params.norm);
  }

  /** The fitted state as JSON (exact round trip through Normalizer.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): Normalizer {
    return restoreState(new Normalizer(json.params as ConstructorParameters<typeof Normalizer>[0]), json);
  }
}

registerEstimator('Normalizer', Normalizer.fromJSON);
