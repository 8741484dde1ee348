import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { nextDouble, withSeed } from '../../tensor/random.js';
import { BaseClassifier, BaseRegressor, checkFitted, checkSameLength, encodeLabels, labelsAt, labelsFromJSON, labelsToJSON, readLabels, toFloat64Array, toMatrix, toVector, type ArrayInput, type ClassLabels, type LabelInput, type StringLabelled } from '../base.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import type { Estimator } from '../modelSelection/types.js';
import { DecisionTreeClassifier } from '../tree/classifier.js';
import { DecisionTreeRegressor } from '../tree/regressor.js';
import { treeSeeds } from './grow.js';
import { alignedProba, argmaxRow, callMethod, checkWidth, loadSub, memberClassesOf, memberTargets, saveSub } from './meta.js';

const EPS = 2.220446049250313e-16;

/** Options of {@link AdaBoostClassifier}. */
export interface AdaBoostClassifierOptions {
  /** The weak learner (cloned per round; fit must take sampleWeight). Default: a depth-1 DecisionTreeClassifier. */
  estimator?: Estimator | null;
  /** Maximum number of boosting rounds (default 50). */
  nEstimators?: number;
  /** Shrinks each learner's contribution (default 1). */
  learningRate?: number;
  /** 'SAMME' (default; discrete, weighted votes) or 'SAMME.R' (real, from probabilities; scikit-learn ≤ 1.5's default). */
  algorithm?: 'SAMME' | 'SAMME.R';
  /** Master seed for the learners' seeds. */
  randomState?: number | null;
}

/** Options of {@link AdaBoostRegressor}. */
export interface AdaBoostRegressorOptions {
  /** Default: a depth-3 DecisionTreeRegressor. */
  estimator?: Estimator | null;
  nEstimators?: number;
  learningRate?: number;
  /** 'linear' (default), 'square' or 'exponential'. */
  loss?: 'linear' | 'square' | 'exponential';
  randomState?: number | null;
}

/** A saved AdaBoost estimator. */
export interface AdaBoostJSON {
  type: string;
  params: Record<string, unknown>;
  nFeaturesIn: number;
  classes?: number[] | string[];
  estimators: EstimatorJSON[];
  estimatorWeights: number[];
  estimatorErrors: number[];
}

/** A clone of the base learner with its own seed (when it has a randomState option). */
function makeLearner(base: Estimator, seed: number): Estimator {
  const e = base.clone();
  if ('randomState' in e.getParams(false)) e.setParams({ randomState: seed });
  return e;
}

function fitWeighted(e: Estimator, X: ArrayInput, y: ArrayInput, w: Float64Array, who: string): void {
  const fit = e.fit as (X: ArrayInput, y: ArrayInput, w: ArrayInput) => unknown;
  if (fit.length < 3 && !(e instanceof DecisionTreeClassifier || e instanceof DecisionTreeRegressor)) {
    throw new ValueError(`${who}: ${e.constructor.name} does not take sampleWeight in fit, which AdaBoost needs`);
  }
  fit.call(e, X, y, new Tensor(w, [w.length], 'float64'));
}

function checkCommon(n: number, lr: number, who: string): void {
  if (!(Number.isInteger(n) && n >= 1)) throw new ValueError(`${who}: nEstimators must be an integer ≥ 1, got ${n}`);
  if (!(lr > 0)) throw new ValueError(`${who}: learningRate must be > 0, got ${lr}`);
}

/** The boosting weights before the first round: sampleWeight (default all ones) checked and normalised to sum 1. */
function initialWeights(sampleWeight: ArrayInput | null | undefined, n: number, who: string): Float64Array {
  let w = new Float64Array(n).fill(1);
  if (sampleWeight !== undefined && sampleWeight !== null) {
    w = Float64Array.from(toFloat64Array(toVector(sampleWeight, 'sampleWeight')));
    checkSameLength(n, w.length, 'X', 'sampleWeight');
  }
  let tot = 0;
  for (const v of w) { if (!(v >= 0)) throw new ValueError(`${who}: sampleWeight must be ≥ 0, got ${v}`); tot += v; }
  if (!(tot > 0)) throw new ValueError(`${who}: sampleWeight sums to ${tot}; it must be positive`);
  for (let i = 0; i < n; i++) w[i] /= tot;
  return w;
}

/** The SAMME.R contribution of one learner: (K − 1)(log p − mean log p), [n, K]. */
function sammeProba(e: Estimator, X: ArrayInput, classes: Float64Array, who: string): Float64Array {
  const p = alignedProba(e, X, classes, who);
  const k = classes.length, n = p.length / k;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) { p[i * k + c] = Math.log(Math.max(p[i * k + c], EPS)); s += p[i * k + c]; }
    for (let c = 0; c < k; c++) p[i * k + c] = (k - 1) * (p[i * k + c] - s / k);
  }
  return p;
}

/**
 * AdaBoost for classification (scikit-learn's `AdaBoostClassifier`): SAMME reweights the
 * misclassified samples by exp(α) with α = lr · (log((1 − err)/err) + log(K − 1)) and votes the
 * learners with weights α; SAMME.R boosts on the learners' class probabilities.
 *
 * ```ts
 * const ada = new learn.AdaBoostClassifier({ nEstimators: 100, randomState: 0 }).fit(X, y);
 * ada.stagedPredict(X); // predictions after each round
 * ```
 */
export class AdaBoostClassifier extends BaseClassifier<Required<AdaBoostClassifierOptions>> {
  classes: ClassLabels | null = null;
  nClasses = 0;
  nFeaturesIn = 0;
  estimators: Estimator[] | null = null;
  /** α of each fitted learner. */
  estimatorWeights: Float64Array | null = null;
  /** Weighted training error of each fitted learner. */
  estimatorErrors: Float64Array | null = null;

  constructor(options: AdaBoostClassifierOptions = {}) {
    super({ estimator: null, nEstimators: 50, learningRate: 1, algorithm: 'SAMME', randomState: null, ...options } as Required<AdaBoostClassifierOptions>);
  }

  fit(X: ArrayInput, y: readonly string[], sampleWeight?: ArrayInput | null): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput | null): this;
  fit(X: ArrayInput, y: LabelInput, sampleWeight?: ArrayInput | null): this | StringLabelled<this> {
    const who = 'AdaBoostClassifier.fit';
    const { nEstimators, learningRate: lr, algorithm } = this.params;
    checkCommon(nEstimators, lr, who);
    if (algorithm !== 'SAMME' && algorithm !== 'SAMME.R') throw new ValueError(`${who}: algorithm must be 'SAMME' or 'SAMME.R', got ${String(algorithm)}`);
    const x = toMatrix(X, 'X', { allowNaN: true });
    const labels = readLabels(y);
    const n = x.shape[0];
    checkSameLength(n, labels.length, 'X', 'y');
    const { classes, indices } = encodeLabels(labels);
    const yv = memberTargets(labels, indices), memberClasses = memberClassesOf(classes);
    const k = classes.length;
    if (k < 2) throw new ValueError(`${who}: y has a single class (${classes[0]}); at least 2 are needed`);
    const w = initialWeights(sampleWeight, n, who);
    const base = this.params.estimator ?? new DecisionTreeClassifier({ maxDepth: 1 });
    const seeds = treeSeeds(this.params.randomState, nEstimators);
    const ests: Estimator[] = [], weights: number[] = [], errors: number[] = [];
    for (let it = 0; it < nEstimators; it++) {
      const e = makeLearner(base, seeds[it]);
      fitWeighted(e, X, yv, w, who);
      let proba: Float64Array | null = null;
      const wrong = new Uint8Array(n);
      if (algorithm === 'SAMME.R') {
        proba = alignedProba(e, X, memberClasses, who);
        for (let i = 0; i < n; i++) wrong[i] = argmaxRow(proba, i * k, k) !== indices[i] ? 1 : 0;
      } else {
        const pred = toFloat64Array(callMethod(e, 'predict', X, who));
        for (let i = 0; i < n; i++) wrong[i] = pred[i] !== yv[i] ? 1 : 0;
      }
      let err = 0, wsum = 0;
      for (let i = 0; i < n; i++) { err += w[i] * wrong[i]; wsum += w[i]; }
      err /= wsum;
      ests.push(e);
      if (err <= 0) { weights.push(1); errors.push(0); break; }
      let alpha: number;
      const last = it === nEstimators - 1;
      if (algorithm === 'SAMME.R') {
        alpha = 1;
        if (!last) {
          const p = proba as Float64Array;
          for (let i = 0; i < n; i++) {
            // y coded as 1 for the true class, −1/(K − 1) elsewhere; weight ∝ exp(−lr (K−1)/K · y·log p).
            let s = 0;
            for (let c = 0; c < k; c++) s += (c === indices[i] ? 1 : -1 / (k - 1)) * Math.log(Math.max(p[i * k + c], EPS));
            const ew = -lr * ((k - 1) / k) * s;
            if (w[i] > 0 || ew < 0) w[i] *= Math.exp(ew);
          }
        }
      } else {
        if (err >= 1 - 1 / k) {
          ests.pop();
          if (ests.length === 0) throw new ValueError(`${who}: the base estimator is worse than random (weighted error ${err}); the ensemble cannot be fit`);
          break;
        }
        alpha = lr * (Math.log((1 - err) / err) + Math.log(k - 1));
        if (!last) for (let i = 0; i < n; i++) if (wrong[i] && w[i] > 0) w[i] *= Math.exp(alpha);
      }
      weights.push(alpha);
      errors.push(err);
      let s = 0;
      for (const v of w) s += v;
      if (!Number.isFinite(s) || s <= 0) break;
      if (!last) for (let i = 0; i < n; i++) w[i] /= s;
    }
    this.estimators = ests;
    this.estimatorWeights = Float64Array.from(weights.slice(0, ests.length));
    this.estimatorErrors = Float64Array.from(errors.slice(0, ests.length));
    this.classes = classes;
    this.nClasses = k;
    this.nFeaturesIn = x.shape[1];
    return this;
  }

  /** The decision after each round (scikit-learn's staged_decision_function). */
  *stagedDecisionFunction(X: ArrayInput): Generator<Tensor> {
    const ests = checkFitted(this, this.estimators, 'stagedDecisionFunction');
    const who = 'AdaBoostClassifier.stagedDecisionFunction';
    checkWidth(X, this.nFeaturesIn, who);
    const classes = memberClassesOf(this.classes as ClassLabels), k = classes.length, aw = this.estimatorWeights as Float64Array;
    let acc: Float64Array | null = null, norm = 0;
    for (let j = 0; j < ests.length; j++) {
      let contrib: Float64Array;
      if (this.params.algorithm === 'SAMME.R') contrib = sammeProba(ests[j], X, classes, who);
      else {
        const pred = toFloat64Array(callMethod(ests[j], 'predict', X, who));
        contrib = new Float64Array(pred.length * k);
        for (let i = 0; i < pred.length; i++) { const c = classes.indexOf(pred[i]); if (c >= 0) contrib[i * k + c] = aw[j]; }
      }
      acc ??= new Float64Array(contrib.length);
      for (let i = 0; i < contrib.length; i++) acc[i] += contrib[i];
      norm += aw[j];
      yield this.finish(acc, norm);
    }
  }

  private finish(acc: Float64Array, norm: number): Tensor {
    const k = this.nClasses, n = acc.length / k;
    if (k === 2) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = (acc[2 * i + 1] - acc[2 * i]) / norm;
      return new Tensor(out, [n], 'float64');
    }
    return new Tensor(acc.map((v) => v / norm), [n, k], 'float64');
  }

  /** The boosted decision: [n] for two classes (positive → classes[1]), else [n, nClasses]. */
  decisionFunction(X: ArrayInput): Tensor {
    let last: Tensor | null = null;
    for (const d of this.stagedDecisionFunction(X)) last = d;
    return last as Tensor;
  }

  private labels(d: Tensor): Tensor {
    const classes = this.classes as ClassLabels, k = classes.length;
    const v = d.dataSync() as Float64Array;
    const n = d.shape[0];
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = k === 2 ? (v[i] > 0 ? 1 : 0) : argmaxRow(v, i * k, k);
    return labelsAt(classes, out);
  }

  private proba(d: Tensor): Tensor {
    const k = this.nClasses, v = d.dataSync() as Float64Array, n = d.shape[0];
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const row = k === 2 ? [-v[i] / 2, v[i] / 2] : Array.from(v.subarray(i * k, i * k + k), (z) => z / (k - 1));
      const m = Math.max(...row);
      let s = 0;
      for (let c = 0; c < k; c++) { out[i * k + c] = Math.exp(row[c] - m); s += out[i * k + c]; }
      for (let c = 0; c < k; c++) out[i * k + c] /= s;
    }
    return new Tensor(out, [n, k], 'float64');
  }

  predict(X: ArrayInput): Tensor {
    return this.labels(this.decisionFunction(X));
  }

  /** Softmax of the decision (scaled by 1/(K − 1); ±d/2 for two classes), float64 [n, nClasses]. */
  predictProba(X: ArrayInput): Tensor {
    return this.proba(this.decisionFunction(X));
  }

  /** Predictions after each round. */
  *stagedPredict(X: ArrayInput): Generator<Tensor> {
    for (const d of this.stagedDecisionFunction(X)) yield this.labels(d);
  }

  /** Probabilities after each round. */
  *stagedPredictProba(X: ArrayInput): Generator<Tensor> {
    for (const d of this.stagedDecisionFunction(X)) yield this.proba(d);
  }

  /** Weighted mean of the learners' featureImportances (learners must have them). */
  get featureImportances(): Tensor {
    return weightedImportances(this, checkFitted(this, this.estimators, 'featureImportances'), this.estimatorWeights as Float64Array, this.nFeaturesIn);
  }

  toJSON(): AdaBoostJSON {
    const ests = checkFitted(this, this.estimators, 'toJSON');
    const { estimator, ...rest } = this.params;
    return {
      type: 'AdaBoostClassifier', params: { ...rest, estimator: estimator === null ? null : saveSub(ests[0], 'AdaBoostClassifier.toJSON') },
      nFeaturesIn: this.nFeaturesIn, classes: labelsToJSON(this.classes as ClassLabels), estimators: ests.map((e) => saveSub(e, 'AdaBoostClassifier.toJSON')),
      estimatorWeights: Array.from(this.estimatorWeights as Float64Array), estimatorErrors: Array.from(this.estimatorErrors as Float64Array),
    };
  }

  static fromJSON(json: AdaBoostJSON): AdaBoostClassifier {
    if (json.type !== 'AdaBoostClassifier') throw new ValueError(`AdaBoostClassifier.fromJSON: expected type 'AdaBoostClassifier', got ${String(json.type)}`);
    const est = json.params.estimator ? loadSub(json.params.estimator as EstimatorJSON).clone() : null;
    const a = new AdaBoostClassifier({ ...(json.params as AdaBoostClassifierOptions), estimator: est });
    a.estimators = json.estimators.map(loadSub);
    a.estimatorWeights = Float64Array.from(json.estimatorWeights);
    a.estimatorErrors = Float64Array.from(json.estimatorErrors);
    a.classes = labelsFromJSON(json.classes ?? []);
    a.nClasses = a.classes.length;
    a.nFeaturesIn = json.nFeaturesIn;
    return a;
  }
}

function weightedImportances(owner: object, ests: Estimator[], w: Float64Array, p: number): Tensor {
  const out = new Float64Array(p);
  let norm = 0;
  ests.forEach((e, j) => {
    const fi = (e as { featureImportances?: Tensor }).featureImportances;
    if (!(fi instanceof Tensor)) throw new ValueError(`${owner.constructor.name}.featureImportances: ${e.constructor.name} has no featureImportances`);
    const v = fi.dataSync() as Float64Array;
    for (let f = 0; f < p; f++) out[f] += w[j] * v[f];
    norm += w[j];
  });
  for (let f = 0; f < p; f++) out[f] /= norm;
  return new Tensor(out, [p], 'float64');
}

/**
 * AdaBoost.R2 for regression (scikit-learn's `AdaBoostRegressor`): each round fits a learner on a
 * weighted bootstrap sample, scales its errors to [0, 1] by the largest, and predicts with the
 * weighted median of the learners.
 */
export class AdaBoostRegressor extends BaseRegressor<Required<AdaBoostRegressorOptions>> {
  nFeaturesIn = 0;
  estimators: Estimator[] | null = null;
  estimatorWeights: Float64Array | null = null;
  estimatorErrors: Float64Array | null = null;

  constructor(options: AdaBoostRegressorOptions = {}) {
    super({ estimator: null, nEstimators: 50, learningRate: 1, loss: 'linear', randomState: null, ...options } as Required<AdaBoostRegressorOptions>);
  }

  fit(X: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput | null): this {
    const who = 'AdaBoostRegressor.fit';
    const { nEstimators, learningRate: lr, loss } = this.params;
    checkCommon(nEstimators, lr, who);
    if (loss !== 'linear' && loss !== 'square' && loss !== 'exponential') throw new ValueError(`${who}: loss must be 'linear', 'square' or 'exponential', got ${String(loss)}`);
    const x = toMatrix(X, 'X', { allowNaN: true });
    const yv = toFloat64Array(toVector(y, 'y'));
    const [n, p] = x.shape;
    checkSameLength(n, yv.length, 'X', 'y');
    const w = initialWeights(sampleWeight, n, who);
    const base = this.params.estimator ?? new DecisionTreeRegressor({ maxDepth: 3 });
    const seeds = treeSeeds(this.params.randomState, nEstimators);
    const xv = x.dataSync() as Float64Array;
    const ests: Estimator[] = [], weights: number[] = [], errors: number[] = [];
    for (let it = 0; it < nEstimators; it++) {
      // Weighted bootstrap (numpy's choice with p: searchsorted on the normalized cdf).
      const cdf = new Float64Array(n);
      let c = 0;
      for (let i = 0; i < n; i++) { c += w[i]; cdf[i] = c; }
      const idx = withSeed(seeds[it], () => Array.from({ length: n }, () => {
        const u = nextDouble() * c;
        let a = 0, b = n;
        while (a < b) { const m = (a + b) >> 1; if (cdf[m] <= u) a = m + 1; else b = m; }
        return Math.min(a, n - 1);
      }));
      const xb = new Float64Array(n * p), yb = new Float64Array(n);
      idx.forEach((s, r) => { xb.set(xv.subarray(s * p, s * p + p), r * p); yb[r] = yv[s]; });
      const e = makeLearner(base, seeds[it]);
      e.fit(new Tensor(xb, [n, p], 'float64'), new Tensor(yb, [n], 'float64'));
      const pred = toFloat64Array(callMethod(e, 'predict', x, who));
      const errv = new Float64Array(n);
      let emax = 0;
      for (let i = 0; i < n; i++) { errv[i] = Math.abs(pred[i] - yv[i]); if (w[i] > 0 && errv[i] > emax) emax = errv[i]; }
      let err = 0;
      for (let i = 0; i < n; i++) {
        if (!(w[i] > 0)) continue;
        let v = emax !== 0 ? errv[i] / emax : errv[i];
        if (loss === 'square') v *= v;
        else if (loss === 'exponential') v = 1 - Math.exp(-v);
        errv[i] = v;
        err += w[i] * v;
      }
      ests.push(e);
      if (err <= 0) { weights.push(1); errors.push(0); break; }
      if (err >= 0.5) {
        if (ests.length > 1) ests.pop();
        break;
      }
      const beta = err / (1 - err);
      const alpha = lr * Math.log(1 / beta);
      if (it < nEstimators - 1) for (let i = 0; i < n; i++) if (w[i] > 0) w[i] *= beta ** ((1 - errv[i]) * lr);
      weights.push(alpha);
      errors.push(err);
      let s = 0;
      for (const v of w) s += v;
      if (!Number.isFinite(s) || s <= 0) break;
      if (it < nEstimators - 1) for (let i = 0; i < n; i++) w[i] /= s;
    }
    while (weights.length < ests.length) { weights.push(0); errors.push(1); }
    this.estimators = ests;
    this.estimatorWeights = Float64Array.from(weights.slice(0, ests.length));
    this.estimatorErrors = Float64Array.from(errors.slice(0, ests.length));
    this.nFeaturesIn = p;
    return this;
  }

  /** Weighted median of the first `limit` learners' predictions. */
  private median(X: ArrayInput, limit: number): Tensor {
    const ests = checkFitted(this, this.estimators, 'predict');
    const who = 'AdaBoostRegressor.predict';
    checkWidth(X, this.nFeaturesIn, who);
    const m = Math.min(limit, ests.length), aw = this.estimatorWeights as Float64Array;
    const preds = ests.slice(0, m).map((e) => toFloat64Array(callMethod(e, 'predict', X, who)));
    const n = preds[0].length;
    const out = new Float64Array(n);
    const order = Array.from({ length: m }, (_, j) => j);
    for (let i = 0; i < n; i++) {
      // Stable sort of the learners by prediction (numpy's argsort, quicksort, may order ties differently).
      order.sort((a, b) => preds[a][i] - preds[b][i] || a - b);
      let total = 0;
      for (const j of order) total += aw[j];
      let cum = 0, pick = order[m - 1];
      for (const j of order) { cum += aw[j]; if (cum >= 0.5 * total) { pick = j; break; } }
      out[i] = preds[pick][i];
    }
    return new Tensor(out, [n], 'float64');
  }

  predict(X: ArrayInput): Tensor {
    return this.median(X, Infinity);
  }

  /** Predictions after each round. */
  *stagedPredict(X: ArrayInput): Generator<Tensor> {
    const ests = checkFitted(this, this.estimators, 'stagedPredict');
    for (let m = 1; m <= ests.length; m++) yield this.median(X, m);
  }

  get featureImportances(): Tensor {
    return weightedImportances(this, checkFitted(this, this.estimators, 'featureImportances'), this.estimatorWeights as Float64Array, this.nFeaturesIn);
  }

  toJSON(): AdaBoostJSON {
    const ests = checkFitted(this, this.estimators, 'toJSON');
    const { estimator, ...rest } = this.params;
    return {
      type: 'AdaBoostRegressor', params: { ...rest, estimator: estimator === null ? null : saveSub(ests[0], 'AdaBoostRegressor.toJSON') },
      nFeaturesIn: this.nFeaturesIn, estimators: ests.map((e) => saveSub(e, 'AdaBoostRegressor.toJSON')),
      estimatorWeights: Array.from(this.estimatorWeights as Float64Array), estimatorErrors: Array.from(this.estimatorErrors as Float64Array),
    };
  }

  static fromJSON(json: AdaBoostJSON): AdaBoostRegressor {
    if (json.type !== 'AdaBoostRegressor') throw new ValueError(`AdaBoostRegressor.fromJSON: expected type 'AdaBoostRegressor', got ${String(json.type)}`);
    const est = json.params.estimator ? loadSub(json.params.estimator as EstimatorJSON).clone() : null;
    const a = new AdaBoostRegressor({ ...(json.params as AdaBoostRegressorOptions), estimator: est });
    a.estimators = json.estimators.map(loadSub);
    a.estimatorWeights = Float64Array.from(json.estimatorWeights);
    a.estimatorErrors = Float64Array.from(json.estimatorErrors);
    a.nFeaturesIn = json.nFeaturesIn;
    return a;
  }
}

registerEstimator('AdaBoostClassifier', AdaBoostClassifier.fromJSON);
registerEstimator('AdaBoostRegressor', AdaBoostRegressor.fromJSON);
