/**
 * Regression metrics: MSE / RMSE, MAE, median absolute error, MAPE, R², explained variance, max
 * error and MSLE, with scikit-learn's multioutput handling ('raw_values' returns one value per
 * output as a Tensor; 'uniform_average', 'variance_weighted' or custom weights give a number).
 */
import { Tensor } from '../tensor/tensor.js';
import { ShapeError, ValueError } from '../tensor/errors.js';
import { checkOption, f64, readNumeric, readWeights, warnOnce, type NumericInput } from './util.js';

/** How per-output values are combined. */
export type Multioutput = 'raw_values' | 'uniform_average' | 'variance_weighted' | NumericInput;

/** Options shared by the regression metrics. */
export interface RegressionOptions { sampleWeight?: NumericInput | null; multioutput?: Multioutput }

interface Reg { yt: Float64Array; yp: Float64Array; n: number; m: number; w: Float64Array | null; multi: 'raw_values' | 'uniform_average' | 'variance_weighted' | Float64Array }

/** scikit-learn's `_check_reg_targets`: [n] or [n, m] targets, same shape, multioutput checked. */
function regTargets(yTrue: NumericInput, yPred: NumericInput, o: RegressionOptions, defaultMulti: 'uniform_average' = 'uniform_average'): Reg {
  const a = readNumeric(yTrue, 'yTrue'), b = readNumeric(yPred, 'yPred');
  const n = a.shape[0], m = a.shape.length === 2 ? a.shape[1] : 1;
  const mp = b.shape.length === 2 ? b.shape[1] : 1;
  if (n !== b.shape[0]) throw new ShapeError(`yTrue and yPred have inconsistent numbers of samples: ${n} and ${b.shape[0]}`);
  if (m !== mp) throw new ShapeError(`yTrue and yPred have different numbers of outputs (${m} != ${mp})`);
  if (n === 0) throw new ValueError('yTrue: found an array with 0 samples; at least 1 is required');
  const w = readWeights(o.sampleWeight, n);
  const mo = o.multioutput ?? defaultMulti;
  let multi: Reg['multi'];
  if (typeof mo === 'string') multi = checkOption(mo, ['raw_values', 'uniform_average', 'variance_weighted'] as const, 'multioutput');
  else {
    multi = readNumeric(mo, 'multioutput').data;
    if (m === 1) throw new ValueError('multioutput: custom weights are useful only in multi-output cases');
    if (multi.length !== m) throw new ValueError(`multioutput: there must be equally many custom weights (${multi.length}) as outputs (${m})`);
  }
  return { yt: a.data, yp: b.data, n, m, w, multi };
}

/** Per-output weighted mean of f(yTrue, yPred) over samples (np.average(axis=0)). */
function perOutput(r: Reg, f: (t: number, p: number) => number): Float64Array {
  const out = new Float64Array(r.m);
  let ws = 0;
  for (let i = 0; i < r.n; i++) ws += r.w ? r.w[i] : 1;
  if (ws === 0) throw new ValueError('sampleWeight: weights sum to zero, cannot be normalized');
  for (let j = 0; j < r.m; j++) {
    let s = 0;
    for (let i = 0; i < r.n; i++) s += (r.w ? r.w[i] : 1) * f(r.yt[i * r.m + j], r.yp[i * r.m + j]);
    out[j] = s / ws;
  }
  return out;
}

function combine(errors: Float64Array, multi: Reg['multi'], varianceWeights?: Float64Array): number | Tensor {
  if (multi === 'raw_values') return f64(errors);
  let w: Float64Array | null = null;
  if (multi instanceof Float64Array) w = multi;
  else if (multi === 'variance_weighted' && varianceWeights && varianceWeights.some((v) => v !== 0)) w = varianceWeights;
  let s = 0, ws = 0;
  for (let j = 0; j < errors.length; j++) { const wj = w ? w[j] : 1; s += wj * errors[j]; ws += wj; }
  if (ws === 0) throw new ValueError('multioutput: weights sum to zero, cannot be normalized');
  return s / ws;
}

// 'variance_weighted' is only meaningful for R² and explained variance (scikit-learn errors too).
function noVariance(multi: Reg['multi']): Reg['multi'] {
  if (multi === 'variance_weighted') throw new ValueError("multioutput: 'variance_weighted' is only supported by r2Score and explainedVarianceScore");
  return multi;
}

/**
 * Mean squared error; with `squared: false`, its square root per output (RMSE).
 *
 * @example
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.375
 */
export function meanSquaredError(yTrue: NumericInput, yPred: NumericInput, options: RegressionOptions & { squared?: boolean } & { multioutput: 'raw_values' }): Tensor;
export function meanSquaredError(yTrue: NumericInput, yPred: NumericInput, options?: RegressionOptions & { squared?: boolean } & { multioutput?: Exclude<Multioutput, 'raw_values'> }): number;
export function meanSquaredError(yTrue: NumericInput, yPred: NumericInput, options?: RegressionOptions & { squared?: boolean }): number | Tensor;
export function meanSquaredError(yTrue: NumericInput, yPred: NumericInput, options: RegressionOptions & { squared?: boolean } = {}): number | Tensor {
  const r = regTargets(yTrue, yPred, options);
  let e = perOutput(r, (t, p) => (t - p) ** 2);
  if (options.squared === false) e = e.map(Math.sqrt);
  return combine(e, noVariance(r.multi));
}

/** Root mean squared error: `meanSquaredError(..., { squared: false })`. */
export function rootMeanSquaredError(yTrue: NumericInput, yPred: NumericInput, options: RegressionOptions & { multioutput: 'raw_values' }): Tensor;
export function rootMeanSquaredError(yTrue: NumericInput, yPred: NumericInput, options?: RegressionOptions & { multioutput?: Exclude<Multioutput, 'raw_values'> }): number;
export function rootMeanSquaredError(yTrue: NumericInput, yPred: NumericInput, options?: RegressionOptions): number | Tensor;
export function rootMeanSquaredError(yTrue: NumericInput, yPred: NumericInput, options: RegressionOptions = {}): number | Tensor {
  return meanSquaredError(yTrue, yPred, { ...options, squared: false });
}

/** Mean absolute error. */
export function meanAbsoluteError(yTrue: NumericInput, yPred: NumericInput, options: RegressionOptions & { multioutput: 'raw_values' }): Tensor;
export function meanAbsoluteError(yTrue: NumericInput, yPred: NumericInput, options?: RegressionOptions & { multioutput?: Exclude<Multioutput, 'raw_values'> }): number;
export function meanAbsoluteError(yTrue: NumericInput, yPred: NumericInput, options?: RegressionOptions): number | Tensor;
export function meanAbsoluteError(yTrue: NumericInput, yPred: NumericInput, options: RegressionOptions = {}): number | Tensor {
  const r = regTargets(yTrue, yPred, options);
  return combine(perOutput(r, (t, p) => Math.abs(t - p)), noVariance(r.multi));
}

/** Mean absolute percentage error |y − ŷ| / max(|y|, ε) (a fraction, not a percentage). */
export function meanAbsolutePercentageError(yTrue: NumericInput, yPred: NumericInput, options: RegressionOptions & { multioutput: 'raw_values' }): Tensor;
export function meanAbsolutePercentageError(yTrue: NumericInput, yPred: NumericInput, options?: RegressionOptions & { multioutput?: Exclude<Multioutput, 'raw_values'> }): number;
export function meanAbsolutePercentageError(yTrue: NumericInput, yPred: NumericInput, options?: RegressionOptions): number | Tensor;
export function meanAbsolutePercentageError(yTrue: NumericInput, yPred: NumericInput, options: RegressionOptions = {}): number | Tensor {
  const r = regTargets(yTrue, yPred, options);
  const eps = 2 ** -52;
  return combine(perOutput(r, (t, p) => Math.abs(p - t) / Math.max(Math.abs(t), eps)), noVariance(r.multi));
}

/** Mean squared logarithmic error, MSE of log1p; negative values are a ValueError. */
export function meanSquaredLogError(yTrue: NumericInput, yPred: NumericInput, options: RegressionOptions & { squared?: boolean } & { multioutput: 'raw_values' }): Tensor;
export function meanSquaredLogError(yTrue: NumericInput, yPred: NumericInput, options?: RegressionOptions & { squared?: boolean } & { multioutput?: Exclude<Multioutput, 'raw_values'> }): number;
export function meanSquaredLogError(yTrue: NumericInput, yPred: NumericInput, options?: RegressionOptions & { squared?: boolean }): number | Tensor;
export function meanSquaredLogError(yTrue: NumericInput, yPred: NumericInput, options: RegressionOptions & { squared?: boolean } = {}): number | Tensor {
  const r = regTargets(yTrue, yPred, options);
  if (r.yt.some((v) => v < 0) || r.yp.some((v) => v < 0)) throw new ValueError('yTrue/yPred: mean squared logarithmic error cannot be used when targets contain negative values');
  let e = perOutput(r, (t, p) => (Math.log1p(t) - Math.log1p(p)) ** 2);
  if (options.squared === false) e = e.map(Math.sqrt);
  return combine(e, noVariance(r.multi));
}

function median(v: Float64Array): number {
  const s = v.slice().sort();
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** scikit-learn's `_weighted_percentile` at 50: the first sorted value whose weight CDF reaches half. */
function weightedMedian(v: Float64Array, w: Float64Array): number {
  const idx = Array.from(v, (_, i) => i).sort((a, b) => v[a] - v[b] || a - b);
  const cdf = new Float64Array(v.length);
  let c = 0;
  idx.forEach((i, k) => { c += w[i]; cdf[k] = c; });
  let target = 0.5 * cdf[cdf.length - 1];
  if (target === 0) target = Number.MIN_VALUE;
  let k = 0;
  while (k < cdf.length && cdf[k] < target) k++;
  return v[idx[Math.min(k, v.length - 1)]];
}

/** Median absolute error (robust to outliers); weighted by the weighted median when sampleWeight is given. */
export function medianAbsoluteError(yTrue: NumericInput, yPred: NumericInput, options: RegressionOptions & { multioutput: 'raw_values' }): Tensor;
export function medianAbsoluteError(yTrue: NumericInput, yPred: NumericInput, options?: RegressionOptions & { multioutput?: Exclude<Multioutput, 'raw_values'> }): number;
export function medianAbsoluteError(yTrue: NumericInput, yPred: NumericInput, options?: RegressionOptions): number | Tensor;
export function medianAbsoluteError(yTrue: NumericInput, yPred: NumericInput, options: RegressionOptions = {}): number | Tensor {
  const r = regTargets(yTrue, yPred, options);
  const e = new Float64Array(r.m);
  for (let j = 0; j < r.m; j++) {
    const d = Float64Array.from({ length: r.n }, (_, i) => Math.abs(r.yp[i * r.m + j] - r.yt[i * r.m + j]));
    e[j] = r.w ? weightedMedian(d, r.w) : median(d);
  }
  return combine(e, noVariance(r.multi));
}

function assemble(num: Float64Array, den: Float64Array, multi: Reg['multi'], forceFinite: boolean): number | Tensor {
  const scores = new Float64Array(num.length);
  for (let j = 0; j < num.length; j++) {
    if (!forceFinite) scores[j] = 1 - num[j] / den[j];
    else scores[j] = num[j] === 0 ? 1 : den[j] === 0 ? 0 : 1 - num[j] / den[j];
  }
  return combine(scores, multi, den);
}

/** Options of R² and explained variance. */
export interface R2Options extends RegressionOptions {
  /** Replace the NaN/−Inf of constant yTrue by 1 (perfect) or 0 (default true). */
  forceFinite?: boolean;
}

/**
 * The coefficient of determination R² = 1 − SS_res / SS_tot (1 is perfect; may be negative).
 * NaN with a warning for fewer than two samples.
 *
 * @example
 * r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9486…
 */
export function r2Score(yTrue: NumericInput, yPred: NumericInput, options: R2Options & { multioutput: 'raw_values' }): Tensor;
export function r2Score(yTrue: NumericInput, yPred: NumericInput, options?: R2Options & { multioutput?: Exclude<Multioutput, 'raw_values'> }): number;
export function r2Score(yTrue: NumericInput, yPred: NumericInput, options?: R2Options): number | Tensor;
export function r2Score(yTrue: NumericInput, yPred: NumericInput, options: R2Options = {}): number | Tensor {
  const r = regTargets(yTrue, yPred, options);
  if (r.n < 2) { warnOnce('r2Score: R^2 score is not well-defined with less than two samples'); return NaN; }
  const mean = perOutput(r, (t) => t);
  const num = new Float64Array(r.m), den = new Float64Array(r.m);
  for (let j = 0; j < r.m; j++) {
    for (let i = 0; i < r.n; i++) {
      const wi = r.w ? r.w[i] : 1, t = r.yt[i * r.m + j];
      num[j] += wi * (t - r.yp[i * r.m + j]) ** 2;
      den[j] += wi * (t - mean[j]) ** 2;
    }
  }
  return assemble(num, den, r.multi, options.forceFinite ?? true);
}

/** Explained variance 1 − Var(y − ŷ) / Var(y) (ignores a constant bias, unlike R²). */
export function explainedVarianceScore(yTrue: NumericInput, yPred: NumericInput, options: R2Options & { multioutput: 'raw_values' }): Tensor;
export function explainedVarianceScore(yTrue: NumericInput, yPred: NumericInput, options?: R2Options & { multioutput?: Exclude<Multioutput, 'raw_values'> }): number;
export function explainedVarianceScore(yTrue: NumericInput, yPred: NumericInput, options?: R2Options): number | Tensor;
export function explainedVarianceScore(yTrue: NumericInput, yPred: NumericInput, options: R2Options = {}): number | Tensor {
  const r = regTargets(yTrue, yPred, options);
  const diffAvg = perOutput(r, (t, p) => t - p);
  const tAvg = perOutput(r, (t) => t);
  const num = new Float64Array(r.m), den = new Float64Array(r.m);
  for (let j = 0; j < r.m; j++) {
    num[j] = perOutput({ ...r, m: 1, yt: Float64Array.from({ length: r.n }, (_, i) => r.yt[i * r.m + j]), yp: Float64Array.from({ length: r.n }, (_, i) => r.yp[i * r.m + j]) }, (t, p) => (t - p - diffAvg[j]) ** 2)[0];
    den[j] = perOutput({ ...r, m: 1, yt: Float64Array.from({ length: r.n }, (_, i) => r.yt[i * r.m + j]), yp: new Float64Array(r.n) }, (t) => (t - tAvg[j]) ** 2)[0];
  }
  return assemble(num, den, r.multi, options.forceFinite ?? true);
}

/** The largest absolute residual (single output only). */
export function maxError(yTrue: NumericInput, yPred: NumericInput): number {
  const r = regTargets(yTrue, yPred, {});
  if (r.m > 1) throw new ValueError('yTrue: multioutput is not supported in maxError');
  let mx = 0;
  for (let i = 0; i < r.n; i++) mx = Math.max(mx, Math.abs(r.yt[i] - r.yp[i]));
  return mx;
}
