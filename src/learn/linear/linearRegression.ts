/** Ordinary least squares (scikit-learn's LinearRegression) plus a gradient-descent solver for teaching and large data. */
import { ValueError } from '../../tensor/errors.js';
import { withSeed, nextInt } from '../../tensor/random.js';
import { lstsq } from '../../linalg/lstsq.js';
import { nnls } from './nnls.js';
import { registerEstimator } from '../persist.js';
import type { ArrayInput } from '../base.js';
import { LeastSquaresRegressor } from './least-squares-base.js';
import { rowsOf, targetOf, centre, interceptOf, f64Tensor, checkChoice, checkNumber, gemm } from './util.js';

/** Options of {@link LinearRegression}. */
export interface LinearRegressionOptions {
  /** Fit an intercept (default true). */
  fitIntercept?: boolean;
  /** Constrain the coefficients to be ≥ 0 (non-negative least squares, 'lstsq' solver only; default false). */
  positive?: boolean;
  /** 'lstsq' (default): exact least squares by SVD (numpy/scipy's lstsq); 'gd': gradient descent on ½·mean squared error. */
  solver?: 'lstsq' | 'gd';
  /** Step size of the 'gd' solver (default 0.01). */
  learningRate?: number;
  /** Epochs of the 'gd' solver (default 1000). */
  maxIter?: number;
  /** Samples per step of 'gd': null (default) = the whole set (batch), 1 = stochastic, otherwise mini-batch. */
  batchSize?: number | null;
  /** 'gd' stops when an epoch lowers the loss by less than tol (default 1e-6). */
  tol?: number;
  /** Seed of the 'gd' shuffling (stochastic and mini-batch); undefined draws from nabla's global generator. */
  randomState?: number;
}

type Opts = Required<Omit<LinearRegressionOptions, 'randomState'>> & { randomState?: number };

/** JSON form of a fitted {@link LinearRegression}. */
export interface LinearRegressionJSON { type: 'LinearRegression'; params: LinearRegressionOptions; coef: number[]; intercept: number[]; k: number; oneD: boolean; nFeaturesIn: number; nIter: number | null; lossCurve: number[] | null }

/**
 * Linear least squares y ≈ X·w + b. The default solver is exact (SVD least squares, rank-deficient X gives
 * the minimum-norm solution, as scikit-learn); `solver: 'gd'` runs batch, stochastic (`batchSize: 1`) or
 * mini-batch gradient descent on ½·MSE and records the loss after each epoch in `lossCurve`.
 *
 * ```ts
 * const reg = new LinearRegression().fit(X, y);
 * reg.coef; reg.intercept; reg.predict(Xtest);
 * ```
 */
export class LinearRegression extends LeastSquaresRegressor<Opts> {
  protected get typeName(): string { return 'LinearRegression'; }
  /** Epochs run by the 'gd' solver (null for 'lstsq'). */
  nIter: number | null = null;
  /** ½·MSE after each 'gd' epoch (null for 'lstsq'). */
  lossCurve: number[] | null = null;

  constructor(options: LinearRegressionOptions = {}) {
    super({ fitIntercept: true, positive: false, solver: 'lstsq', learningRate: 0.01, maxIter: 1000, batchSize: null, tol: 1e-6, ...options });
  }

  fit(X: ArrayInput, y: ArrayInput): this {
    const o = this.params;
    const solver = checkChoice('LinearRegression', 'solver', o.solver, ['lstsq', 'gd'] as const);
    const { data, n, p } = rowsOf(X);
    const t = targetOf(y, n);
    this.k = t.k; this.oneD = t.oneD; this.nFeaturesIn = p;
    if (solver === 'lstsq') {
      const xMean = o.fitIntercept ? centre(data, n, p) : new Float64Array(p);
      const yMean = o.fitIntercept ? centre(t.data, n, t.k) : new Float64Array(t.k);
      const coef = new Float64Array(t.k * p);
      if (o.positive) {
        for (let c = 0; c < t.k; c++) coef.set(nnls(data, n, p, Float64Array.from({ length: n }, (_, i) => t.data[i * t.k + c])), c * p);
      } else {
        const sol = lstsq(f64Tensor(data, [n, p]), f64Tensor(t.data, [n, t.k])).solution.dataSync() as Float64Array; // [p, k]
        for (let j = 0; j < p; j++) for (let c = 0; c < t.k; c++) coef[c * p + j] = sol[j * t.k + c];
      }
      this.coef_ = coef;
      this.intercept_ = o.fitIntercept ? interceptOf(coef, t.k, p, xMean, yMean) : new Float64Array(t.k);
      this.nIter = null; this.lossCurve = null;
    } else {
      if (o.positive) throw new ValueError(`LinearRegression: positive is supported by the 'lstsq' solver only`);
      this.fitGD(data, n, p, t.data, t.k);
    }
    return this;
  }

  /** Gradient descent on L = (1/2n)·‖X·Wᵀ + b − Y‖² over shuffled batches. */
  private fitGD(x: Float64Array, n: number, p: number, y: Float64Array, k: number): void {
    const o = this.params;
    const lr = checkNumber('LinearRegression', 'learningRate', o.learningRate, 0, true);
    const maxIter = checkNumber('LinearRegression', 'maxIter', o.maxIter, 1);
    const bs = o.batchSize === null ? n : Math.min(n, checkNumber('LinearRegression', 'batchSize', o.batchSize, 1));
    if (!Number.isInteger(bs)) throw new ValueError(`LinearRegression: batchSize must be an integer, got ${bs}`);
    const w = new Float64Array(k * p), b = new Float64Array(k);
    const gw = new Float64Array(k * p), gb = new Float64Array(k);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const curve: number[] = [];
    const loss = (): number => {
      const z = gemm(x, n, p, false, w, k, p, true);
      let s = 0;
      for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) { const r = z[i * k + c] + b[c] - y[i * k + c]; s += r * r; }
      return s / (2 * n);
    };
    let epoch = 0;
    withSeed(o.randomState, () => {
      for (epoch = 0; epoch < maxIter; epoch++) {
        if (bs < n) for (let i = n - 1; i > 0; i--) { const j = nextInt(i + 1); const t = order[i]; order[i] = order[j]; order[j] = t; }
        for (let start = 0; start < n; start += bs) {
          const end = Math.min(n, start + bs), m = end - start;
          gw.fill(0); gb.fill(0);
          for (let q = start; q < end; q++) {
            const i = order[q], xo = i * p;
            for (let c = 0; c < k; c++) {
              let z = b[c];
              for (let j = 0; j < p; j++) z += x[xo + j] * w[c * p + j];
              const r = z - y[i * k + c];
              gb[c] += r;
              for (let j = 0; j < p; j++) gw[c * p + j] += r * x[xo + j];
            }
          }
          for (let j = 0; j < k * p; j++) w[j] -= (lr * gw[j]) / m;
          if (o.fitIntercept) for (let c = 0; c < k; c++) b[c] -= (lr * gb[c]) / m;
        }
        curve.push(loss());
        const L = curve.length;
        if (!Number.isFinite(curve[L - 1])) throw new ValueError(`LinearRegression: gradient descent diverged at epoch ${epoch + 1}; lower learningRate (${lr})`);
        if (L > 1 && Math.abs(curve[L - 2] - curve[L - 1]) < o.tol) { epoch++; break; }
      }
    });
    this.coef_ = w; this.intercept_ = b; this.nIter = Math.min(epoch, maxIter); this.lossCurve = curve;
  }

  /** The fitted model as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): LinearRegressionJSON {
    return { type: 'LinearRegression', params: { ...this.params }, ...this.linearState(), nIter: this.nIter, lossCurve: this.lossCurve };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: LinearRegressionJSON): LinearRegression {
    if (json.type !== 'LinearRegression') throw new ValueError(`LinearRegression.fromJSON: expected type 'LinearRegression', got ${String(json.type)}`);
    const m = new LinearRegression(json.params);
    m.restoreLinearState(json);
    m.nIter = json.nIter; m.lossCurve = json.lossCurve;
    return m;
  }
}


registerEstimator('LinearRegression', LinearRegression.fromJSON);
