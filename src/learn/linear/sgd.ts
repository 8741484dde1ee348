/** SGDClassifier and SGDRegressor: linear models fitted by plain SGD (scikit-learn's). */
import type { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { withSeed, nextInt } from '../../tensor/random.js';
import { registerEstimator } from '../persist.js';
import { BaseClassifier, BaseRegressor, checkFitted, checkSameLength, encodeLabels, labelsAt, labelsFromJSON, labelsToJSON, readLabels, toVector, type ArrayInput, type ClassLabels, type LabelInput, type StringLabelled } from '../base.js';
import { plainSgd, lossFn, type SGDLoss, type SGDPenalty, type SGDLearningRate, type SGDSettings } from './sgdCore.js';
import { rowsOf, linearScores, f64Tensor, checkChoice, checkNumber, arr } from './util.js';

/** Options shared by {@link SGDClassifier} and {@link SGDRegressor} (scikit-learn's names). */
export interface SGDOptions {
  loss?: SGDLoss;
  /** 'l2' (default), 'l1', 'elasticnet' or 'none'. */
  penalty?: SGDPenalty;
  /** Regularisation strength; also sets the 'optimal' schedule (default 1e-4). */
  alpha?: number;
  /** L1 share for 'elasticnet' (default 0.15). */
  l1Ratio?: number;
  fitIntercept?: boolean;
  /** Most epochs (default 1000). */
  maxIter?: number;
  /** Stop when an epoch's summed loss improves by less than tol·n, nIterNoChange times (default 1e-3; null: never). */
  tol?: number | null;
  /** Reshuffle the samples every epoch (default true). */
  shuffle?: boolean;
  /** Huber / epsilon-insensitive threshold (default 0.1). */
  epsilon?: number;
  /** 'optimal' (classifier default), 'invscaling' (regressor default), 'constant' or 'adaptive'. */
  learningRate?: SGDLearningRate;
  /** Initial step for 'constant' / 'invscaling' / 'adaptive' (classifier default 0, regressor 0.01). */
  eta0?: number;
  /** Exponent of 'invscaling' (classifier 0.5, regressor 0.25). */
  powerT?: number;
  nIterNoChange?: number;
  /** Hold out validationFraction of the samples and stop when their score (accuracy / R²) stops improving by tol (default false). */
  earlyStopping?: boolean;
  /** Share of samples held out by earlyStopping (default 0.1). */
  validationFraction?: number;
  /** Averaged SGD: true, or the update count after which averaging starts (default false). */
  average?: boolean | number;
  randomState?: number;
}

type Opts = Required<Omit<SGDOptions, 'randomState'>> & { randomState?: number };

/** JSON form of a fitted SGD model. */
export interface SGDJSON { type: 'SGDClassifier' | 'SGDRegressor'; params: SGDOptions; classes: number[] | string[] | null; coef: number[]; intercept: number[]; rows: number; nFeaturesIn: number; nIter: number }

function settings(o: Opts, op: string, classification: boolean): SGDSettings {
  const loss = checkChoice(op, 'loss', o.loss, (classification ? ['hinge', 'log_loss', 'modified_huber', 'squared_error', 'huber', 'epsilon_insensitive'] : ['squared_error', 'huber', 'epsilon_insensitive']) as readonly SGDLoss[]);
  const penalty = checkChoice(op, 'penalty', o.penalty, ['l2', 'l1', 'elasticnet', 'none'] as const);
  const learningRate = checkChoice(op, 'learningRate', o.learningRate, ['optimal', 'constant', 'invscaling', 'adaptive'] as const);
  const alpha = checkNumber(op, 'alpha', o.alpha, 0);
  if (learningRate === 'optimal' && alpha === 0) throw new ValueError(`${op}: alpha must be > 0 with learningRate 'optimal' (it sets the step size)`);
  if (learningRate !== 'optimal') checkNumber(op, 'eta0', o.eta0, 0, true);
  const avg = o.average === true ? 1 : o.average === false ? 0 : checkNumber(op, 'average', o.average, 0);
  return {
    loss: lossFn(loss, checkNumber(op, 'epsilon', o.epsilon, 0)), penalty, alpha, l1Ratio: checkNumber(op, 'l1Ratio', o.l1Ratio, 0), fitIntercept: o.fitIntercept,
    maxIter: checkNumber(op, 'maxIter', o.maxIter, 1), tol: o.tol, shuffle: o.shuffle, learningRate, eta0: o.eta0, powerT: o.powerT,
    nIterNoChange: checkNumber(op, 'nIterNoChange', o.nIterNoChange, 1), average: avg,
  };
}

/** A random validation mask of ceil(fraction · n) samples (nabla's generator; call inside withSeed). */
function validationMask(o: Opts, op: string, n: number): Uint8Array | null {
  if (!o.earlyStopping) return null;
  const f = checkNumber(op, 'validationFraction', o.validationFraction, 0, true);
  if (f >= 1) throw new ValueError(`${op}: validationFraction must be in (0, 1), got ${f}`);
  const nVal = Math.ceil(f * n);
  if (nVal >= n) throw new ValueError(`${op}: earlyStopping leaves no training samples (n = ${n}, validationFraction = ${f})`);
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = nextInt(i + 1); const t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
  const mask = new Uint8Array(n);
  for (let q = 0; q < nVal; q++) mask[perm[q]] = 1;
  return mask;
}

/** Accuracy (classification, ±1 targets) or R² of a linear model on the masked rows. */
function maskedScore(x: Float64Array, p: number, y: Float64Array, mask: Uint8Array, classification: boolean): (w: Float64Array, b: number) => number {
  return (w, b) => {
    let hits = 0, cnt = 0, mean = 0, ssRes = 0, ssTot = 0;
    for (let i = 0; i < mask.length; i++) if (mask[i]) { mean += y[i]; cnt++; }
    mean /= cnt;
    for (let i = 0; i < mask.length; i++) {
      if (!mask[i]) continue;
      let z = b;
      for (let j = 0; j < p; j++) z += w[j] * x[i * p + j];
      if (classification) { if ((z > 0 ? 1 : -1) === y[i]) hits++; } else { ssRes += (y[i] - z) ** 2; ssTot += (y[i] - mean) ** 2; }
    }
    return classification ? hits / cnt : ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
  };
}

/**
 * A linear classifier trained by SGD: hinge (linear SVM), log_loss (logistic regression),
 * modified_huber, or a regression loss on ±1 targets; one-vs-rest for several classes.
 *
 * ```ts
 * const clf = new SGDClassifier({ loss: 'log_loss', randomState: 0 }).fit(X, y);
 * ```
 */
export class SGDClassifier extends BaseClassifier<Opts> {
  private coef_: Float64Array | null = null;
  private intercept_: Float64Array | null = null;
  private rows = 1;
  /** Sorted class labels. */
  classes: ClassLabels | null = null;
  nFeaturesIn: number | null = null;
  /** Epochs of the longest one-vs-rest run. */
  nIter: number | null = null;

  constructor(options: SGDOptions = {}) {
    super({ loss: 'hinge', penalty: 'l2', alpha: 1e-4, l1Ratio: 0.15, fitIntercept: true, maxIter: 1000, tol: 1e-3, shuffle: true, epsilon: 0.1, learningRate: 'optimal', eta0: 0, powerT: 0.5, nIterNoChange: 5, earlyStopping: false, validationFraction: 0.1, average: false, ...options });
  }

  /** Coefficients [1 (binary) or nClasses, nFeatures]. */
  get coef(): Tensor { const c = checkFitted(this, this.coef_, 'coef'); return f64Tensor(c, [this.rows, c.length / this.rows]); }
  /** Intercepts [1 or nClasses]. */
  get intercept(): Tensor { return f64Tensor(checkFitted(this, this.intercept_, 'intercept'), [this.rows]); }

  fit(X: ArrayInput, y: readonly string[]): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput): this;
  fit(X: ArrayInput, y: LabelInput): this | StringLabelled<this> {
    const s = settings(this.params, 'SGDClassifier', true);
    const { data, n, p } = rowsOf(X);
    const yv = readLabels(y);
    checkSameLength(n, yv.length);
    const { classes, indices } = encodeLabels(yv);
    if (classes.length < 2) throw new ValueError(`SGDClassifier: needs samples of at least 2 classes in the data, but the data contain only one class: ${classes[0]}`);
    const rows = classes.length === 2 ? 1 : classes.length;
    const coef = new Float64Array(rows * p), intercept = new Float64Array(rows);
    let nIter = 0;
    for (let r = 0; r < rows; r++) {
      const pos = rows === 1 ? 1 : r;
      const yb = Float64Array.from(indices, (c) => (c === pos ? 1 : -1));
      const res = withSeed(this.params.randomState, () => {
        const mask = validationMask(this.params, 'SGDClassifier', n);
        return plainSgd(data, n, p, yb, mask ? { ...s, validation: { mask, score: maskedScore(data, p, yb, mask, true) } } : s);
      });
      coef.set(res.w, r * p); intercept[r] = res.b; nIter = Math.max(nIter, res.nIter);
    }
    this.coef_ = coef; this.intercept_ = intercept; this.rows = rows; this.classes = classes; this.nFeaturesIn = p; this.nIter = nIter;
    return this;
  }

  private scores(X: ArrayInput, method: string): { z: Float64Array; n: number } {
    const coef = checkFitted(this, this.coef_, method);
    return linearScores(X, coef, this.intercept_ as Float64Array, this.rows, coef.length / this.rows, `SGDClassifier.${method}`);
  }

  /** Signed distances to the hyperplanes: [n] (binary) or [n, nClasses]. */
  decisionFunction(X: ArrayInput): Tensor {
    const { z, n } = this.scores(X, 'decisionFunction');
    return f64Tensor(z, this.rows === 1 ? [n] : [n, this.rows]);
  }

  predict(X: ArrayInput): Tensor {
    const { z, n } = this.scores(X, 'predict');
    const classes = this.classes as ClassLabels, out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (this.rows === 1) { out[i] = z[i] > 0 ? 1 : 0; continue; }
      let best = 0;
      for (let c = 1; c < this.rows; c++) if (z[i * this.rows + c] > z[i * this.rows + best]) best = c;
      out[i] = best;
    }
    return labelsAt(classes, out);
  }

  /** Probabilities for loss 'log_loss' (sigmoid) or 'modified_huber' ((clip(z, −1, 1) + 1) / 2), one-vs-rest normalised. */
  predictProba(X: ArrayInput): Tensor {
    const loss = this.params.loss;
    if (loss !== 'log_loss' && loss !== 'modified_huber') throw new ValueError(`SGDClassifier.predictProba: probability estimates are not available for loss '${loss}' (use 'log_loss' or 'modified_huber')`);
    const { z, n } = this.scores(X, 'predictProba');
    const K = (this.classes as Float64Array).length, out = new Float64Array(n * K);
    const f = loss === 'log_loss' ? (v: number) => 1 / (1 + Math.exp(-v)) : (v: number) => (Math.min(1, Math.max(-1, v)) + 1) / 2;
    for (let i = 0; i < n; i++) {
      if (this.rows === 1) { const e = f(z[i]); out[i * 2] = 1 - e; out[i * 2 + 1] = e; continue; }
      let s = 0;
      for (let c = 0; c < K; c++) { out[i * K + c] = f(z[i * K + c]); s += out[i * K + c]; }
      for (let c = 0; c < K; c++) out[i * K + c] = s === 0 ? 1 / K : out[i * K + c] / s;
    }
    return f64Tensor(out, [n, K]);
  }

  toJSON(): SGDJSON {
    const coef = checkFitted(this, this.coef_, 'toJSON');
    return { type: 'SGDClassifier', params: { ...this.params }, classes: labelsToJSON(this.classes as ClassLabels), coef: arr(coef), intercept: arr(this.intercept_ as Float64Array), rows: this.rows, nFeaturesIn: this.nFeaturesIn as number, nIter: this.nIter as number };
  }

  static fromJSON(json: SGDJSON): SGDClassifier {
    if (json.type !== 'SGDClassifier') throw new ValueError(`SGDClassifier.fromJSON: expected type 'SGDClassifier', got ${String(json.type)}`);
    const m = new SGDClassifier(json.params);
    m.coef_ = Float64Array.from(json.coef); m.intercept_ = Float64Array.from(json.intercept); m.classes = labelsFromJSON(json.classes ?? []);
    m.rows = json.rows; m.nFeaturesIn = json.nFeaturesIn; m.nIter = json.nIter;
    return m;
  }
}

/**
 * A linear regressor trained by SGD (squared_error, huber, epsilon_insensitive losses).
 *
 * ```ts
 * const reg = new SGDRegressor({ randomState: 0 }).fit(X, y);
 * ```
 */
export class SGDRegressor extends BaseRegressor<Opts> {
  private coef_: Float64Array | null = null;
  private intercept_: Float64Array | null = null;
  nFeaturesIn: number | null = null;
  nIter: number | null = null;

  constructor(options: SGDOptions = {}) {
    super({ loss: 'squared_error', penalty: 'l2', alpha: 1e-4, l1Ratio: 0.15, fitIntercept: true, maxIter: 1000, tol: 1e-3, shuffle: true, epsilon: 0.1, learningRate: 'invscaling', eta0: 0.01, powerT: 0.25, nIterNoChange: 5, earlyStopping: false, validationFraction: 0.1, average: false, ...options });
  }

  /** Coefficients [nFeatures]. */
  get coef(): Tensor { const c = checkFitted(this, this.coef_, 'coef'); return f64Tensor(c, [c.length]); }
  /** Intercept [1]. */
  get intercept(): Tensor { return f64Tensor(checkFitted(this, this.intercept_, 'intercept'), [1]); }

  fit(X: ArrayInput, y: ArrayInput): this {
    const s = settings(this.params, 'SGDRegressor', false);
    const { data, n, p } = rowsOf(X);
    const yv = toVector(y, 'y').dataSync() as Float64Array;
    checkSameLength(n, yv.length);
    const yc = Float64Array.from(yv);
    const res = withSeed(this.params.randomState, () => {
      const mask = validationMask(this.params, 'SGDRegressor', n);
      return plainSgd(data, n, p, yc, mask ? { ...s, validation: { mask, score: maskedScore(data, p, yc, mask, false) } } : s);
    });
    if (!Number.isFinite(res.b) || res.w.some((v) => !Number.isFinite(v))) throw new ValueError('SGDRegressor: the weights diverged to non-finite values; scale the features or lower eta0');
    this.coef_ = res.w; this.intercept_ = Float64Array.of(res.b); this.nFeaturesIn = p; this.nIter = res.nIter;
    return this;
  }

  predict(X: ArrayInput): Tensor {
    const coef = checkFitted(this, this.coef_);
    const { z, n } = linearScores(X, coef, this.intercept_ as Float64Array, 1, coef.length, 'SGDRegressor.predict');
    return f64Tensor(z, [n]);
  }

  toJSON(): SGDJSON {
    const coef = checkFitted(this, this.coef_, 'toJSON');
    return { type: 'SGDRegressor', params: { ...this.params }, classes: null, coef: arr(coef), intercept: arr(this.intercept_ as Float64Array), rows: 1, nFeaturesIn: this.nFeaturesIn as number, nIter: this.nIter as number };
  }

  static fromJSON(json: SGDJSON): SGDRegressor {
    if (json.type !== 'SGDRegressor') throw new ValueError(`SGDRegressor.fromJSON: expected type 'SGDRegressor', got ${String(json.type)}`);
    const m = new SGDRegressor(json.params);
    m.coef_ = Float64Array.from(json.coef); m.intercept_ = Float64Array.from(json.intercept); m.nFeaturesIn = json.nFeaturesIn; m.nIter = json.nIter;
    return m;
  }
}

registerEstimator('SGDClassifier', SGDClassifier.fromJSON);
registerEstimator('SGDRegressor', SGDRegressor.fromJSON);
