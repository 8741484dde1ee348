import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseTransformer, checkFitted, type ArrayInput } from '../base.js';
import { brent, npSum, npVar } from './brent.js';
import { StandardScaler } from './standard.js';
import { checkFeatures, matTensor, readMatrix, values, vecTensor, type Mat } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

export interface PowerTransformerOptions {
  /** 'yeo-johnson' (default; any sign) or 'box-cox' (strictly positive data). */
  method: 'yeo-johnson' | 'box-cox';
  /** Zero-mean, unit-variance output (default true). */
  standardize: boolean;
}

const SPACING1 = 2.220446049250313e-16;

/** The Yeo-Johnson transform of one value. */
export function yeoJohnson(x: number, l: number): number {
  if (x >= 0) return Math.abs(l) < SPACING1 ? Math.log1p(x) : ((x + 1) ** l - 1) / l;
  return Math.abs(l - 2) > SPACING1 ? -((-x + 1) ** (2 - l) - 1) / (2 - l) : -Math.log1p(-x);
}

function yeoJohnsonInverse(x: number, l: number): number {
  if (x >= 0) return Math.abs(l) < SPACING1 ? Math.exp(x) - 1 : (x * l + 1) ** (1 / l) - 1;
  return Math.abs(l - 2) > SPACING1 ? 1 - (-(2 - l) * x + 1) ** (1 / (2 - l)) : 1 - Math.exp(-x);
}

/** The Box-Cox transform of one value (scipy.special.boxcox). */
export function boxCox(x: number, l: number): number {
  return Math.abs(l) < 1e-19 ? Math.log(x) : Math.expm1(l * Math.log(x)) / l;
}

function boxCoxInverse(x: number, l: number): number {
  return l === 0 ? Math.exp(x) : (x * l + 1) ** (1 / l);
}

/** The lambda maximising the Yeo-Johnson log-likelihood of x (scikit-learn's _yeo_johnson_optimize). */
function yeoJohnsonLambda(x: Float64Array): number {
  const logTerm = npSum(x.map((v) => Math.sign(v) * Math.log1p(Math.abs(v))));
  const n = x.length;
  return brent((l) => {
    const v = npVar(x.map((xi) => yeoJohnson(xi, l)));
    if (v < 2.2250738585072014e-308) return Infinity;
    return -(-(n / 2) * Math.log(v) + (l - 1) * logTerm);
  }, [-2, 2]);
}

/** The lambda maximising the Box-Cox log-likelihood (scipy's boxcox_normmax, method 'mle'). */
function boxCoxLambda(x: Float64Array): number {
  if (x.every((v) => v === x[0])) throw new ValueError('PowerTransformer: a constant feature has no Box-Cox lambda ("Data must not be constant")');
  const logx = x.map(Math.log);
  const sumLog = npSum(logx);
  const n = x.length;
  return brent((l) => {
    const v = l === 0 ? npVar(logx) : npVar(x.map((xi) => xi ** l / l));
    return -((l - 1) * sumLog - (n / 2) * Math.log(v));
  }, [-2, 2]);
}

/**
 * Power transforms that make features more Gaussian, scikit-learn's PowerTransformer: each
 * feature's lambda maximises the normal log-likelihood (Brent's method from the bracket
 * (−2, 2), ported from scipy), then the output is standardised. NaN ignored in fit, kept.
 *
 * ```ts
 * const pt = new preprocessing.PowerTransformer({ method: 'box-cox' }).fit([[1], [2], [8]]);
 * pt.lambdas; pt.transform([[4]]);
 * ```
 */
export class PowerTransformer extends BaseTransformer<PowerTransformerOptions> {
  lambdas: Tensor | null = null;
  nFeaturesIn: number | null = null;
  private scaler: StandardScaler | null = null;

  constructor(options: Partial<PowerTransformerOptions> = {}) {
    super({ method: 'yeo-johnson', standardize: true, ...options });
  }

  fit(X: ArrayInput): this {
    const { method, standardize } = this.params;
    if (method !== 'yeo-johnson' && method !== 'box-cox') throw new ValueError(`PowerTransformer: method must be 'yeo-johnson' or 'box-cox', got '${String(method)}'`);
    const m = readMatrix(X, 'X', true);
    if (method === 'box-cox') for (const v of m.data) if (v <= 0) throw new ValueError('PowerTransformer: the Box-Cox transformation can only be applied to strictly positive data');
    const lambdas = Float64Array.from({ length: m.cols }, (_, j) => {
      const col: number[] = [];
      for (let i = 0; i < m.rows; i++) { const v = m.data[i * m.cols + j]; if (!Number.isNaN(v)) col.push(v); }
      return method === 'box-cox' ? boxCoxLambda(Float64Array.from(col)) : yeoJohnsonLambda(Float64Array.from(col));
    });
    this.lambdas = vecTensor(lambdas);
    this.nFeaturesIn = m.cols;
    this.scaler = standardize ? new StandardScaler().fit(this.apply(m, false)) : null;
    return this;
  }

  private apply(m: Mat, inverse: boolean): Tensor {
    const l = values(this.lambdas as Tensor);
    const f = this.params.method === 'box-cox' ? (inverse ? boxCoxInverse : boxCox) : (inverse ? yeoJohnsonInverse : yeoJohnson);
    const out = m.data.map((v, k) => (Number.isNaN(v) ? NaN : f(v, l[k % m.cols])));
    return matTensor(out, m.rows, m.cols);
  }

  transform(X: ArrayInput): Tensor {
    const nf = checkFitted(this, this.nFeaturesIn, 'transform');
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, nf, m.cols);
    if (this.params.method === 'box-cox') for (const v of m.data) if (v <= 0) throw new ValueError('PowerTransformer: the Box-Cox transformation can only be applied to strictly positive data');
    const t = this.apply(m, false);
    return this.scaler ? this.scaler.transform(t) : t;
  }

  inverseTransform(X: ArrayInput): Tensor {
    const nf = checkFitted(this, this.nFeaturesIn, 'inverseTransform');
    let t = readMatrix(X, 'X', true);
    checkFeatures(this, nf, t.cols);
    if (this.scaler) { const u = this.scaler.inverseTransform(matTensor(t.data, t.rows, t.cols)); t = { data: values(u).slice(), rows: t.rows, cols: t.cols }; }
    return this.apply(t, true);
  }

  /** The fitted state as JSON (exact round trip through PowerTransformer.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): PowerTransformer {
    return restoreState(new PowerTransformer(json.params as ConstructorParameters<typeof PowerTransformer>[0]), json);
  }
}

registerEstimator('PowerTransformer', PowerTransformer.fromJSON);
