import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseEstimator, checkFitted, toFloat64Array, toVector, type ArrayInput } from '../base.js';
import { fromFlat } from '../neighbors/flat.js';
import { registerEstimator } from '../persist.js';
import { armaStateSpace, constrainStationary, kalmanFilter, unconstrainStationary } from './kalman.js';
import { nelderMead } from './nelderMead.js';

/** Options of {@link ARIMA}. */
export interface ARIMAOptions {
  /** (p, d, q): AR order, differences, MA order (default [1, 0, 0]). */
  order?: [number, number, number];
  /** 'c' (a mean for the differenced series) or 'n'; default 'c' when d = 0, else 'n' (statsmodels). */
  trend?: 'c' | 'n' | null;
}

/** Forecasts with their normal prediction intervals. */
export interface ARIMAForecast {
  mean: Tensor; lower: Tensor; upper: Tensor; se: Tensor;
}

/** A saved model. */
export interface ARIMAJSON {
  type: 'ARIMA'; params: Required<ARIMAOptions>; y: number[]; ar: number[]; ma: number[]; mean: number; sigma2: number;
}

// Φ⁻¹(1 − a/2) by bisection on erfc (enough for interval widths).
function normalQuantile(p: number): number {
  const erfc = (x: number): number => {
    // Numerical Recipes' erfc (relative error < 1.2e-7) refined by one Newton step below.
    const z = Math.abs(x), t = 1 / (1 + 0.5 * z);
    const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  };
  let lo = -10, hi = 10;
  for (let i = 0; i < 200; i++) { const mid = (lo + hi) / 2; if (0.5 * erfc(-mid / Math.SQRT2) < p) lo = mid; else hi = mid; }
  let x = (lo + hi) / 2;
  // Newton polish with the density (Φ itself from the approximation above is accurate to ~1e-7).
  for (let i = 0; i < 2; i++) x -= (0.5 * erfc(-x / Math.SQRT2) - p) / (Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI));
  return x;
}

/**
 * ARIMA(p, d, q) fitted by exact Gaussian maximum likelihood (statsmodels' `ARIMA`): the series is
 * differenced d times, the ARMA's likelihood is evaluated by the Kalman filter from the stationary
 * state covariance (σ² concentrated out), and the AR and MA coefficients are kept stationary and
 * invertible by the PACF (tanh) parametrisation while Nelder–Mead maximises it. `trend: 'c'`
 * estimates the mean of the (differenced) series, as statsmodels' const.
 *
 * @example
 * const m = new ARIMA({ order: [1, 1, 1] }).fit(series);
 * m.forecast(12, 0.05); // { mean, lower, upper, se }
 */
export class ARIMA extends BaseEstimator<Required<ARIMAOptions>> {
  /** AR coefficients φ. */
  arParams: Float64Array | null = null;
  /** MA coefficients θ. */
  maParams: Float64Array | null = null;
  /** The mean of the differenced series (statsmodels' const; 0 without a trend). */
  const = 0;
  /** Innovation variance σ². */
  sigma2 = NaN;
  /** Log-likelihood at the estimate (of the differenced series, as statsmodels' exact diffuse). */
  llf = NaN;
  /** Effective observations (n − d). */
  nobsEffective = 0;
  private y: Float64Array | null = null;

  constructor(options: ARIMAOptions = {}) {
    super({ order: [1, 0, 0], trend: null, ...options });
  }

  private get hasConst(): boolean {
    return (this.params.trend ?? (this.params.order[1] === 0 ? 'c' : 'n')) === 'c';
  }

  /** Number of estimated parameters (mean, φ, θ, σ²). */
  get nParams(): number {
    const [p, , q] = this.params.order;
    return p + q + 1 + (this.hasConst ? 1 : 0);
  }

  /** Akaike's information criterion −2 llf + 2k. */
  get aic(): number { return -2 * this.llf + 2 * this.nParams; }
  /** Bayesian information criterion −2 llf + k log(n − d). */
  get bic(): number { return -2 * this.llf + this.nParams * Math.log(this.nobsEffective); }

  /** The d-th difference of y. */
  private static difference(y: Float64Array, d: number): Float64Array {
    let w = y;
    for (let k = 0; k < d; k++) w = Float64Array.from({ length: w.length - 1 }, (_, i) => w[i + 1] - w[i]);
    return w;
  }

  /** Fits by maximum likelihood; returns this. */
  fit(y: ArrayInput): this {
    const yv = Float64Array.from(toFloat64Array(toVector(y, 'y')));
    const [p, d, q] = this.params.order;
    for (const [v, nm] of [[p, 'p'], [d, 'd'], [q, 'q']] as const) if (!Number.isInteger(v) || v < 0) throw new ValueError(`ARIMA: order ${nm} must be a non-negative integer, got ${v}`);
    const trend = this.params.trend;
    if (trend !== null && trend !== 'c' && trend !== 'n') throw new ValueError(`ARIMA: trend must be 'c', 'n' or null, got '${String(trend)}'`);
    const w = ARIMA.difference(yv, d);
    if (w.length < p + q + 2) throw new ValueError(`ARIMA: y has ${yv.length} observations, too few for order (${p}, ${d}, ${q})`);
    const c = this.hasConst;
    let mean = 0;
    for (const v of w) mean += v / w.length;
    const scale = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length) || 1;
    const decode = (x: Float64Array): { mu: number; ar: Float64Array; ma: Float64Array } => ({
      mu: c ? x[0] * scale + mean : 0,
      ar: constrainStationary(x.subarray(c ? 1 : 0, (c ? 1 : 0) + p)),
      ma: constrainStationary(x.subarray((c ? 1 : 0) + p)).map((v) => -v),
    });
    const negLogLik = (x: Float64Array): number => {
      const { mu, ar, ma } = decode(x);
      const ss = armaStateSpace(ar, ma);
      const f = kalmanFilter(ss, Float64Array.from(w, (v) => v - mu));
      const n = w.length;
      return 0.5 * n * (Math.log(2 * Math.PI) + 1 + Math.log(f.ssr / n)) + 0.5 * f.sumLogF;
    };
    let x: Float64Array = new Float64Array((c ? 1 : 0) + p + q);
    if (x.length) {
      // Start from a Yule–Walker-free small guess; several Nelder–Mead rounds polish the optimum.
      for (let i = c ? 1 : 0; i < x.length; i++) x[i] = 0.1;
      let fPrev = Infinity;
      for (let round = 0; round < 4; round++) {
        const res = nelderMead(negLogLik, x, { maxIter: 4000 * x.length, fatol: 1e-12, xatol: 1e-9, step: 0.1 });
        x = res.x;
        if (fPrev - res.f < 1e-10) break;
        fPrev = res.f;
      }
    }
    const { mu, ar, ma } = decode(x);
    const f = kalmanFilter(armaStateSpace(ar, ma), Float64Array.from(w, (v) => v - mu));
    this.arParams = ar; this.maParams = ma; this.const = mu; this.sigma2 = f.ssr / w.length;
    this.llf = -negLogLik(x); this.nobsEffective = w.length; this.y = yv;
    return this;
  }

  /** Refits nothing: sets the parameters directly (for saved models and fixed-parameter use). */
  private setState(yv: Float64Array, ar: Float64Array, ma: Float64Array, mu: number, sigma2: number): this {
    const w = ARIMA.difference(yv, this.params.order[1]);
    const f = kalmanFilter(armaStateSpace(ar, ma), Float64Array.from(w, (v) => v - mu));
    const n = w.length;
    this.arParams = ar; this.maParams = ma; this.const = mu; this.sigma2 = sigma2; this.y = yv; this.nobsEffective = n;
    this.llf = -(0.5 * n * Math.log(2 * Math.PI * sigma2) + 0.5 * f.sumLogF + (0.5 * f.ssr) / sigma2);
    return this;
  }

  /**
   * Forecasts h steps with (1 − alpha) normal intervals: the ARMA state's predictive mean and
   * covariance are propagated together with the last d levels, so the integrated forecast's
   * variance is exact given the parameters.
   */
  forecast(h: number, alpha = 0.05): ARIMAForecast {
    const yv = checkFitted(this, this.y, 'forecast');
    if (!Number.isInteger(h) || h < 1) throw new ValueError(`ARIMA.forecast: h must be a positive integer, got ${h}`);
    if (!(alpha > 0 && alpha < 1)) throw new ValueError(`ARIMA.forecast: alpha must be in (0, 1), got ${alpha}`);
    const d = this.params.order[1];
    const ss = armaStateSpace(this.arParams as Float64Array, this.maParams as Float64Array);
    const w = ARIMA.difference(yv, d);
    const f = kalmanFilter(ss, Float64Array.from(w, (v) => v - this.const));
    const r = ss.r, n = r + d;
    // Lag weights of y_t on y_{t−1..t−d}: y_t = w_t − Σ_{i≥1} binom(d, i)(−1)^i y_{t−i}.
    const g = new Float64Array(d);
    let binom = 1;
    for (let i = 1; i <= d; i++) { binom = (binom * (d - i + 1)) / i; g[i - 1] = -((-1) ** i) * binom; }
    // Joint state s = (α_t, y_{t−1}, …, y_{t−d}): mean m, covariance C (unit σ²).
    const m = new Float64Array(n), C = new Float64Array(n * n);
    m.set(f.a);
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) C[i * n + j] = f.P[i * r + j];
    for (let i = 0; i < d; i++) m[r + i] = yv[yv.length - 1 - i];
    // y_t = μ + α_t[0] + g·lags: the observation row L.
    const L = new Float64Array(n);
    L[0] = 1;
    for (let i = 0; i < d; i++) L[r + i] = g[i];
    // Transition M: α' = T α; lags' = (y_t, lags[0..d−2]).
    const M = new Float64Array(n * n);
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) M[i * n + j] = ss.T[i * r + j];
    if (d > 0) for (let j = 0; j < n; j++) M[r * n + j] = L[j];
    for (let i = 1; i < d; i++) M[(r + i) * n + r + i - 1] = 1;
    const z = normalQuantile(1 - alpha / 2);
    const mean = new Float64Array(h), se = new Float64Array(h);
    for (let k = 0; k < h; k++) {
      let mu = this.const, v = 0;
      for (let i = 0; i < n; i++) { mu += L[i] * m[i]; for (let j = 0; j < n; j++) v += L[i] * C[i * n + j] * L[j]; }
      mean[k] = mu; se[k] = Math.sqrt(v * this.sigma2);
      // Propagate: m' = M m (+ μ into the new lag), C' = M C Mᵀ + noise on α.
      const m2 = new Float64Array(n);
      for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += M[i * n + j] * m[j]; m2[i] = s; }
      if (d > 0) m2[r] += this.const;
      const MC = new Float64Array(n * n), C2 = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let l = 0; l < n; l++) s += M[i * n + l] * C[l * n + j]; MC[i * n + j] = s; }
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let l = 0; l < n; l++) s += MC[i * n + l] * M[j * n + l]; C2[i * n + j] = s; }
      for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) C2[i * n + j] += ss.R[i] * ss.R[j];
      m.set(m2); C.set(C2);
    }
    return {
      mean: fromFlat(mean, [h]), se: fromFlat(se, [h]),
      lower: fromFlat(Float64Array.from(mean, (v, k) => v - z * se[k]), [h]), upper: fromFlat(Float64Array.from(mean, (v, k) => v + z * se[k]), [h]),
    };
  }

  /** The fitted model as plain JSON data (exact round-trip). */
  toJSON(): ARIMAJSON {
    const yv = checkFitted(this, this.y, 'toJSON');
    return { type: 'ARIMA', params: { ...this.params, order: [...this.params.order] }, y: Array.from(yv), ar: Array.from(this.arParams as Float64Array), ma: Array.from(this.maParams as Float64Array), mean: this.const, sigma2: this.sigma2 };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: ARIMAJSON): ARIMA {
    if (json.type !== 'ARIMA') throw new ValueError(`ARIMA.fromJSON: expected type 'ARIMA', got ${String(json.type)}`);
    const m = new ARIMA(json.params);
    const saved = m.setState(Float64Array.from(json.y), Float64Array.from(json.ar), Float64Array.from(json.ma), json.mean, json.sigma2);
    return saved;
  }
}

registerEstimator('ARIMA', ARIMA.fromJSON);
