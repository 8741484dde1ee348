import { Tensor } from '../../tensor/tensor.js';
import { BaseTransformer, checkFitted, type ArrayInput } from '../base.js';
import { checkFeatures, handleZerosInScale, matTensor, readMatrix, values, vecTensor, type Mat } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

export interface StandardScalerOptions {
  /** Centre each feature on its mean (default true). */
  withMean: boolean;
  /** Divide each feature by its standard deviation (default true). */
  withStd: boolean;
}

/**
 * z-scores each feature: (x − mean) / std, scikit-learn's StandardScaler. NaN values are
 * ignored in fit and kept in transform. A constant feature gets scale 1.
 *
 * ```ts
 * const z = new preprocessing.StandardScaler().fitTransform([[0, 1], [2, 3]]); // [[-1,-1],[1,1]]
 * ```
 */
export class StandardScaler extends BaseTransformer<StandardScalerOptions> {
  /** Per-feature mean (null when withMean and withStd are both false). */
  mean: Tensor | null = null;
  /** Per-feature population variance (null unless withStd). */
  var: Tensor | null = null;
  /** Per-feature scale: sqrt(var), 1 for constant features (null unless withStd). */
  scale: Tensor | null = null;
  /** Samples seen per feature (non-NaN count); a number when equal for all features. */
  nSamplesSeen: number | Int32Array | null = null;
  nFeaturesIn: number | null = null;
  private counts: Float64Array | null = null;
  private sums: { mean: Float64Array; m2: Float64Array } | null = null;

  constructor(options: Partial<StandardScalerOptions> = {}) {
    super({ withMean: true, withStd: true, ...options });
  }

  fit(X: ArrayInput): this {
    this.counts = null;
    this.sums = null;
    return this.partialFit(X);
  }

  /** Updates the statistics with a batch (Chan et al.'s parallel mean/variance update). */
  partialFit(X: ArrayInput): this {
    const m = readMatrix(X, 'X', true);
    if (this.counts && this.nFeaturesIn !== null) checkFeatures(this, this.nFeaturesIn, m.cols);
    const counts = this.counts ?? new Float64Array(m.cols);
    const mean = this.sums?.mean ?? new Float64Array(m.cols);
    const m2 = this.sums?.m2 ?? new Float64Array(m.cols);
    for (let j = 0; j < m.cols; j++) {
      const { n, mu, ss } = columnMoments(m, j);
      if (n === 0) continue;
      const total = counts[j] + n;
      const delta = mu - mean[j];
      m2[j] += ss + (delta * delta * counts[j] * n) / total;
      mean[j] = counts[j] === 0 ? mu : mean[j] + (delta * n) / total;
      counts[j] = total;
    }
    this.counts = counts;
    this.sums = { mean, m2 };
    this.nFeaturesIn = m.cols;
    const { withMean, withStd } = this.params;
    this.mean = withMean || withStd ? vecTensor(mean) : null;
    const allSame = counts.every((c) => c === counts[0]);
    this.nSamplesSeen = allSame ? counts[0] ?? 0 : Int32Array.from(counts);
    if (withStd) {
      const v = m2.map((s, j) => (counts[j] > 0 ? s / counts[j] : NaN));
      this.var = vecTensor(v);
      // scikit-learn's _is_constant_feature: a variance within rounding of zero is zero.
      const eps = 2.220446049250313e-16;
      const constant = Uint8Array.from(v, (vj, j) => Number(vj <= counts[j] * eps * vj + (counts[j] * mean[j] * eps) ** 2));
      this.scale = vecTensor(handleZerosInScale(v.map(Math.sqrt), constant));
    } else {
      this.var = null;
      this.scale = null;
    }
    return this;
  }

  transform(X: ArrayInput): Tensor {
    const nf = checkFitted(this, this.nFeaturesIn, 'transform');
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, nf, m.cols);
    const mu = this.params.withMean && this.mean ? values(this.mean) : null;
    const sc = this.scale ? values(this.scale) : null;
    apply(m, (v, j) => { if (mu) v -= mu[j]; if (sc) v /= sc[j]; return v; });
    return matTensor(m.data, m.rows, m.cols);
  }

  /** Undoes transform: x · scale + mean. */
  inverseTransform(X: ArrayInput): Tensor {
    const nf = checkFitted(this, this.nFeaturesIn, 'inverseTransform');
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, nf, m.cols);
    const mu = this.params.withMean && this.mean ? values(this.mean) : null;
    const sc = this.scale ? values(this.scale) : null;
    apply(m, (v, j) => { if (sc) v *= sc[j]; if (mu) v += mu[j]; return v; });
    return matTensor(m.data, m.rows, m.cols);
  }

  /** The fitted state as JSON (exact round trip through StandardScaler.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): StandardScaler {
    return restoreState(new StandardScaler(json.params as ConstructorParameters<typeof StandardScaler>[0]), json);
  }
}

registerEstimator('StandardScaler', StandardScaler.fromJSON);

/** Count, mean and sum of squared deviations of column j's non-NaN values (two passes). */
function columnMoments(m: Mat, j: number): { n: number; mu: number; ss: number } {
  let n = 0, s = 0;
  for (let i = 0; i < m.rows; i++) { const v = m.data[i * m.cols + j]; if (!Number.isNaN(v)) { n++; s += v; } }
  if (n === 0) return { n, mu: 0, ss: 0 };
  const mu = s / n;
  let ss = 0, corr = 0;
  for (let i = 0; i < m.rows; i++) { const v = m.data[i * m.cols + j]; if (!Number.isNaN(v)) { ss += (v - mu) ** 2; corr += v - mu; } }
  return { n, mu, ss: ss - (corr * corr) / n };
}

/** Maps every element in place by f(value, column). */
export function apply(m: Mat, f: (v: number, j: number) => number): void {
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) m.data[i * m.cols + j] = f(m.data[i * m.cols + j], j);
}
