import type { Tensor } from '../../tensor/tensor.js';
import { BaseRegressor, checkFitted, type ArrayInput } from '../base.js';
import { arr, f64Tensor, linearScores, outputTensor } from './util.js';

/** The fitted state every least-squares model saves (see {@link LeastSquaresRegressor}). */
export interface LinearStateJSON { coef: number[]; intercept: number[]; k: number; oneD: boolean; nFeaturesIn: number }

/**
 * What LinearRegression, Ridge, Lasso and ElasticNet share: coefficients for one or several
 * targets, the intercept, prediction X·wᵀ + b, and their saved form. Subclasses fit.
 */
export abstract class LeastSquaresRegressor<P extends object> extends BaseRegressor<P> {
  protected coef_: Float64Array | null = null;
  protected intercept_: Float64Array | null = null;
  /** Number of targets. */
  protected k = 1;
  /** Whether y was 1-D (coef [nFeatures], intercept 0-d) rather than [n, k]. */
  protected oneD = true;
  /** Number of features seen by fit. */
  nFeaturesIn: number | null = null;

  /** The class name used in messages and saved files. */
  protected abstract get typeName(): string;

  /** Coefficients: [nFeatures] for a 1-D target, [nTargets, nFeatures] otherwise. */
  get coef(): Tensor {
    const c = checkFitted(this, this.coef_, 'coef');
    return f64Tensor(c, this.oneD ? [c.length] : [this.k, c.length / this.k]);
  }

  /** Intercept: a 0-d tensor for a 1-D target, [nTargets] otherwise. */
  get intercept(): Tensor {
    const b = checkFitted(this, this.intercept_, 'intercept');
    return f64Tensor(b, this.oneD ? [] : [this.k]);
  }

  predict(X: ArrayInput): Tensor {
    const coef = checkFitted(this, this.coef_);
    const p = coef.length / this.k;
    const { z, n } = linearScores(X, coef, this.intercept_ as Float64Array, this.k, p, `${this.typeName}.predict`);
    return outputTensor(z, n, this.k, this.oneD);
  }

  /** The shared part of toJSON. */
  protected linearState(): LinearStateJSON {
    const coef = checkFitted(this, this.coef_, 'toJSON');
    return { coef: arr(coef), intercept: arr(this.intercept_ as Float64Array), k: this.k, oneD: this.oneD, nFeaturesIn: this.nFeaturesIn as number };
  }

  /** The shared part of fromJSON; returns this. */
  protected restoreLinearState(json: LinearStateJSON): this {
    this.coef_ = Float64Array.from(json.coef);
    this.intercept_ = Float64Array.from(json.intercept);
    this.k = json.k; this.oneD = json.oneD; this.nFeaturesIn = json.nFeaturesIn;
    return this;
  }
}
