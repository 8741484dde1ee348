import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { registerEstimator } from '../persist.js';
import { BaseRegressor, checkFitted, checkSameLength, toFloat64Array, toMatrix, toVector, type ArrayInput } from '../base.js';
import { checkSerializable, KERNEL_SVM_DEFAULTS, predictKernel, prepareKernel, takeRows, type KernelSVMOptions, type KernelSVMState } from './base.js';
import { QMatrix, solveSMO } from './solver.js';

/** Options of {@link SVR}. */
export interface SVROptions extends KernelSVMOptions {
  /** Width of the ε-insensitive tube. Default 0.1. */
  epsilon?: number;
}

interface SVRState extends KernelSVMState { dualCoef: Float64Array; intercept: number; fitStatus: number }

/** A saved SVR. */
export interface SVRJSON {
  type: 'SVR'; params: Required<SVROptions>; nFeaturesIn: number; gamma: number; support: number[]; supportVectors: number[];
  dualCoef: number[]; intercept: number; fitStatus: number;
}

/**
 * ε-support vector regression trained by libsvm's SMO on the 2l-variable dual (scikit-learn's
 * `SVR`): f(x) = Σ (α_i − α_i*) K(x_i, x) + b.
 *
 * ```ts
 * const reg = new learn.SVR({ C: 10, epsilon: 0.05 }).fit(X, y);
 * reg.predict(X); reg.dualCoef; reg.intercept;
 * ```
 */
export class SVR extends BaseRegressor<Required<SVROptions>> {
  private state: SVRState | null = null;

  constructor(options: SVROptions = {}) {
    super({ ...KERNEL_SVM_DEFAULTS, epsilon: 0.1, ...options } as Required<SVROptions>);
  }

  /** Fits the model; `sampleWeight` rescales C per sample. */
  fit(X: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput | null): this {
    const who = 'SVR.fit';
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    const x = xt.dataSync() as Float64Array;
    const yv = toFloat64Array(toVector(y, 'y'));
    checkSameLength(n, yv.length, 'X', 'y');
    const o = this.params;
    if (!(o.epsilon >= 0)) throw new ValueError(`${who}: epsilon must be >= 0, got ${o.epsilon}`);
    let w: Float64Array | null = null;
    if (sampleWeight !== undefined && sampleWeight !== null) {
      w = toFloat64Array(toVector(sampleWeight, 'sampleWeight'));
      checkSameLength(n, w.length, 'X', 'sampleWeight');
    }
    const { kp, cols } = prepareKernel(who, o, x, n, p);
    // libsvm's solve_epsilon_svr: variables α (sign +1) then α* (sign −1).
    const l2 = 2 * n;
    const lin = new Float64Array(l2), ys = new Int8Array(l2), C = new Float64Array(l2), index = new Int32Array(l2);
    for (let i = 0; i < n; i++) {
      lin[i] = o.epsilon - yv[i]; lin[i + n] = o.epsilon + yv[i];
      ys[i] = 1; ys[i + n] = -1;
      index[i] = i; index[i + n] = i;
      C[i] = C[i + n] = o.C * (w ? w[i] : 1);
    }
    const Q = new QMatrix(cols, index, Int8Array.from(ys));
    const r = solveSMO(Q, lin, ys, new Float64Array(l2), C, o.tol, o.shrinking, o.maxIter);
    const sup: number[] = [], coef: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = r.alpha[i] - r.alpha[i + n];
      if (c !== 0) { sup.push(i); coef.push(c); }
    }
    const support = Int32Array.from(sup);
    this.state = { nFeaturesIn: p, gamma: kp.gamma, support, supportVectors: takeRows(x, p, support), dualCoef: Float64Array.from(coef), intercept: -r.rho, fitStatus: r.converged ? 0 : 1 };
    return this;
  }

  private get s(): SVRState { return checkFitted(this, this.state, 'predict'); }
  get nFeaturesIn(): number { return this.s.nFeaturesIn; }
  /** Indices of the support vectors in the training set. */
  get support(): Tensor { return new Tensor(Int32Array.from(this.s.support), [this.s.support.length], 'int32'); }
  /** Support vectors [nSV, nFeatures]. */
  get supportVectors(): Tensor { const s = this.s; return new Tensor(s.supportVectors.slice(), [s.support.length, s.supportVectors.length / Math.max(s.support.length, 1)], 'float64'); }
  /** Number of support vectors, as a one-entry vector (scikit-learn's nSupport for regression). */
  get nSupport(): Tensor { return new Tensor(Int32Array.from([this.s.support.length]), [1], 'int32'); }
  /** α − α* of the support vectors [1, nSV]. */
  get dualCoef(): Tensor { const s = this.s; return new Tensor(s.dualCoef.slice(), [1, s.dualCoef.length], 'float64'); }
  /** The bias b = −rho, [1]. */
  get intercept(): Tensor { return new Tensor(Float64Array.from([this.s.intercept]), [1], 'float64'); }
  get fitStatus(): number { return this.s.fitStatus; }

  /** Predictions f(x) [n]. */
  predict(X: ArrayInput): Tensor {
    const { K, n } = predictKernel(this, 'SVR.predict', this.params, this.state, X);
    const s = this.state as SVRState, m = s.dualCoef.length;
    const out = new Float64Array(n).fill(s.intercept);
    for (let i = 0; i < n; i++) { let v = 0; for (let j = 0; j < m; j++) v += s.dualCoef[j] * K[i * m + j]; out[i] += v; }
    return new Tensor(out, [n], 'float64');
  }

  /** The fitted model as plain JSON data. */
  toJSON(): SVRJSON {
    const s = checkFitted(this, this.state, 'toJSON');
    checkSerializable('SVR.toJSON', this.params.kernel);
    return { type: 'SVR', params: { ...this.params }, nFeaturesIn: s.nFeaturesIn, gamma: s.gamma, support: Array.from(s.support), supportVectors: Array.from(s.supportVectors), dualCoef: Array.from(s.dualCoef), intercept: s.intercept, fitStatus: s.fitStatus };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: SVRJSON): SVR {
    if (json.type !== 'SVR') throw new ValueError(`SVR.fromJSON: expected type 'SVR', got ${String(json.type)}`);
    const m = new SVR(json.params);
    m.state = { nFeaturesIn: json.nFeaturesIn, gamma: json.gamma, support: Int32Array.from(json.support), supportVectors: Float64Array.from(json.supportVectors), dualCoef: Float64Array.from(json.dualCoef), intercept: json.intercept, fitStatus: json.fitStatus };
    return m;
  }
}

registerEstimator('SVR', SVR.fromJSON);
