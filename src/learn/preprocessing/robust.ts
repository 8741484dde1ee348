import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseTransformer, checkFitted, type ArrayInput } from '../base.js';
import { ndtri } from './special.js';
import { apply } from './standard.js';
import { checkFeatures, handleZerosInScale, matTensor, percentileSorted, readMatrix, sortedColumn, values, vecTensor } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

export interface RobustScalerOptions {
  /** Subtract the median (default true). */
  withCentering: boolean;
  /** Divide by the interquantile range (default true). */
  withScaling: boolean;
  /** Percentiles of the range (default [25, 75]). */
  quantileRange: [number, number];
  /** Rescale so a normal feature gets unit variance (default false). */
  unitVariance: boolean;
}

/**
 * Scales with statistics robust to outliers: (x − median) / IQR, scikit-learn's RobustScaler.
 *
 * ```ts
 * new preprocessing.RobustScaler().fitTransform([[1], [2], [3], [100]]);
 * ```
 */
export class RobustScaler extends BaseTransformer<RobustScalerOptions> {
  center: Tensor | null = null;
  scale: Tensor | null = null;
  nFeaturesIn: number | null = null;

  constructor(options: Partial<RobustScalerOptions> = {}) {
    super({ withCentering: true, withScaling: true, quantileRange: [25, 75], unitVariance: false, ...options });
  }

  fit(X: ArrayInput): this {
    const [qMin, qMax] = this.params.quantileRange;
    if (!(qMin >= 0 && qMin <= qMax && qMax <= 100)) throw new ValueError(`RobustScaler: invalid quantileRange [${qMin}, ${qMax}]; expected 0 <= min <= max <= 100`);
    const m = readMatrix(X, 'X', true);
    const cols = Array.from({ length: m.cols }, (_, j) => sortedColumn(m, j));
    this.center = this.params.withCentering ? vecTensor(cols.map((c) => percentileSorted(c, 50))) : null;
    if (this.params.withScaling) {
      const s = handleZerosInScale(Float64Array.from(cols, (c) => percentileSorted(c, qMax) - percentileSorted(c, qMin)));
      if (this.params.unitVariance) {
        const adjust = ndtri(qMax / 100) - ndtri(qMin / 100);
        for (let j = 0; j < s.length; j++) s[j] /= adjust;
      }
      this.scale = vecTensor(s);
    } else this.scale = null;
    this.nFeaturesIn = m.cols;
    return this;
  }

  transform(X: ArrayInput): Tensor {
    const nf = checkFitted(this, this.nFeaturesIn, 'transform');
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, nf, m.cols);
    const c = this.center ? values(this.center) : null, s = this.scale ? values(this.scale) : null;
    apply(m, (v, j) => { if (c) v -= c[j]; if (s) v /= s[j]; return v; });
    return matTensor(m.data, m.rows, m.cols);
  }

  inverseTransform(X: ArrayInput): Tensor {
    const nf = checkFitted(this, this.nFeaturesIn, 'inverseTransform');
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, nf, m.cols);
    const c = this.center ? values(this.center) : null, s = this.scale ? values(this.scale) : null;
    apply(m, (v, j) => { if (s) v *= s[j]; if (c) v += c[j]; return v; });
    return matTensor(m.data, m.rows, m.cols);
  }

  /** The fitted state as JSON (exact round trip through RobustScaler.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): RobustScaler {
    return restoreState(new RobustScaler(json.params as ConstructorParameters<typeof RobustScaler>[0]), json);
  }
}

registerEstimator('RobustScaler', RobustScaler.fromJSON);
