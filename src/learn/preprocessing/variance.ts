import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseTransformer, checkFitted, type ArrayInput } from '../base.js';
import { checkFeatures, matTensor, readMatrix, sortedColumn, vecTensor, type Mat } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

/** Keeps the columns whose mask entry is set. */
export function selectColumns(m: Mat, keep: readonly number[]): Tensor {
  const out = new Float64Array(m.rows * keep.length);
  for (let i = 0; i < m.rows; i++) keep.forEach((j, k) => { out[i * keep.length + k] = m.data[i * m.cols + j]; });
  return matTensor(out, m.rows, keep.length);
}

/**
 * Removes features whose variance is at most `threshold` (default 0: constant features),
 * scikit-learn's VarianceThreshold (NaN ignored).
 *
 * ```ts
 * new preprocessing.VarianceThreshold().fitTransform([[0, 2], [0, 3]]); // [[2], [3]]
 * ```
 */
export class VarianceThreshold extends BaseTransformer<{ threshold: number }> {
  variances: Tensor | null = null;
  nFeaturesIn: number | null = null;
  private keep: number[] | null = null;

  constructor(options: Partial<{ threshold: number }> = {}) {
    super({ threshold: 0, ...options });
  }

  fit(X: ArrayInput): this {
    const t = this.params.threshold;
    if (!(t >= 0)) throw new ValueError(`VarianceThreshold: threshold must be non-negative, got ${t}`);
    const m = readMatrix(X, 'X', true);
    const v = Float64Array.from({ length: m.cols }, (_, j) => {
      const c = sortedColumn(m, j);
      if (c.length === 0) return NaN;
      let mu = 0;
      for (const x of c) mu += x;
      mu /= c.length;
      let s = 0;
      for (const x of c) s += (x - mu) ** 2;
      // scikit-learn: with threshold 0, the peak-to-peak range guards against rounding in the variance.
      return t === 0 ? Math.min(s / c.length, c[c.length - 1] - c[0]) : s / c.length;
    });
    const keep = Array.from(v.keys()).filter((j) => v[j] > t);
    if (keep.length === 0) throw new ValueError(`VarianceThreshold: no feature in X meets the variance threshold ${t.toFixed(5)}`);
    this.variances = vecTensor(v);
    this.keep = keep;
    this.nFeaturesIn = m.cols;
    return this;
  }

  /** A mask (or the indices) of the kept features. */
  getSupport(indices = false): boolean[] | number[] {
    const keep = checkFitted(this, this.keep, 'getSupport');
    if (indices) return [...keep];
    const s = new Set(keep);
    return Array.from({ length: this.nFeaturesIn as number }, (_, j) => s.has(j));
  }

  transform(X: ArrayInput): Tensor {
    const keep = checkFitted(this, this.keep, 'transform');
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, this.nFeaturesIn as number, m.cols);
    return selectColumns(m, keep);
  }

  /** The fitted state as JSON (exact round trip through VarianceThreshold.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): VarianceThreshold {
    return restoreState(new VarianceThreshold(json.params as ConstructorParameters<typeof VarianceThreshold>[0]), json);
  }
}

registerEstimator('VarianceThreshold', VarianceThreshold.fromJSON);
