import { ValueError } from '../../tensor/errors.js';
import { registerEstimator } from '../persist.js';
import { checkFitted, checkSameLength, encodeLabels, toFloat64Array, toMatrix, toVector, type ArrayInput } from '../base.js';
import { BaseNB } from './common.js';

/** Options of {@link GaussianNB}. */
export interface GaussianNBOptions {
  /** Fixed class priors (else the class frequencies). Default null. */
  priors?: number[] | null;
  /** Fraction of the largest feature variance added to every variance for stability. Default 1e-9. */
  varSmoothing?: number;
}

/** A saved GaussianNB. */
export interface GaussianNBJSON {
  type: 'GaussianNB';
  params: Required<GaussianNBOptions>;
  classes: number[];
  nFeaturesIn: number;
  classCount: number[];
  classPrior: number[];
  theta: number[];
  var: number[];
  epsilon: number;
}

/**
 * Gaussian naive Bayes (scikit-learn's `GaussianNB`): per-class feature means `theta` and
 * variances `var` (plus varSmoothing · max variance), joint log-likelihood
 * log prior − ½ Σ log(2π σ²) − ½ Σ (x − μ)² / σ².
 *
 * ```ts
 * const iris = data.loadIris();
 * const nb = new learn.GaussianNB().fit(iris.data, iris.target);
 * nb.predictProba(iris.data);
 * ```
 */
export class GaussianNB extends BaseNB<Required<GaussianNBOptions>> {
  classCount: Float64Array | null = null;
  classPrior: Float64Array | null = null;
  /** Per-class means, [nClasses · nFeatures] row-major. */
  theta: Float64Array | null = null;
  /** Per-class variances (smoothed), [nClasses · nFeatures] row-major. */
  var: Float64Array | null = null;
  epsilon = 0;

  constructor(options: GaussianNBOptions = {}) {
    super({ priors: null, varSmoothing: 1e-9, ...options });
  }

  /** Fits per-class means and variances (sampleWeight optional). */
  fit(X: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput | null): this {
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    const x = xt.dataSync() as Float64Array;
    const yv = toFloat64Array(toVector(y, 'y'));
    checkSameLength(n, yv.length, 'X', 'y');
    let w: Float64Array | null = null;
    if (sampleWeight !== undefined && sampleWeight !== null) {
      w = toFloat64Array(toVector(sampleWeight, 'sampleWeight'));
      checkSameLength(n, w.length, 'X', 'sampleWeight');
    }
    const { classes, indices } = encodeLabels(yv);
    const k = classes.length;
    // epsilon = varSmoothing · max_j var(X[:, j]) (unweighted, as scikit-learn).
    let maxVar = 0;
    for (let j = 0; j < p; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += x[i * p + j];
      m /= n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (x[i * p + j] - m) ** 2;
      maxVar = Math.max(maxVar, v / n);
    }
    this.epsilon = this.params.varSmoothing * maxVar;
    const cnt = new Float64Array(k);
    const theta = new Float64Array(k * p), vr = new Float64Array(k * p);
    for (let i = 0; i < n; i++) {
      const c = indices[i], wi = w ? w[i] : 1;
      cnt[c] += wi;
      for (let j = 0; j < p; j++) theta[c * p + j] += wi * x[i * p + j];
    }
    for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) theta[c * p + j] /= cnt[c];
    for (let i = 0; i < n; i++) {
      const c = indices[i], wi = w ? w[i] : 1;
      for (let j = 0; j < p; j++) vr[c * p + j] += wi * (x[i * p + j] - theta[c * p + j]) ** 2;
    }
    for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) vr[c * p + j] = vr[c * p + j] / cnt[c] + this.epsilon;
    let prior: Float64Array;
    const given = this.params.priors;
    if (given !== null && given !== undefined) {
      if (given.length !== k) throw new ValueError(`GaussianNB.fit: priors has ${given.length} entries, expected one per class (${k})`);
      let s = 0;
      for (const v of given) { if (v < 0) throw new ValueError('GaussianNB.fit: priors must be non-negative'); s += v; }
      if (Math.abs(s - 1) > 1e-8) throw new ValueError(`GaussianNB.fit: the sum of the priors should be 1, got ${s}`);
      prior = Float64Array.from(given);
    } else {
      let s = 0;
      for (const v of cnt) s += v;
      prior = cnt.map((v) => v / s);
    }
    this.classes = classes;
    this.nFeaturesIn = p;
    this.classCount = cnt;
    this.classPrior = prior;
    this.theta = theta;
    this.var = vr;
    return this;
  }

  protected jll(x: Float64Array, n: number): Float64Array {
    const k = (this.classes as Float64Array).length, p = this.nFeaturesIn;
    const theta = this.theta as Float64Array, vr = this.var as Float64Array, prior = this.classPrior as Float64Array;
    const out = new Float64Array(n * k);
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let j = 0; j < p; j++) norm += Math.log(2 * Math.PI * vr[c * p + j]);
      const base = Math.log(prior[c]) - 0.5 * norm;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += (x[i * p + j] - theta[c * p + j]) ** 2 / vr[c * p + j];
        out[i * k + c] = base - 0.5 * s;
      }
    }
    return out;
  }

  /** The fitted model as plain JSON data. */
  toJSON(): GaussianNBJSON {
    checkFitted(this, this.classes, 'toJSON');
    return {
      type: 'GaussianNB', params: { ...this.params }, classes: Array.from(this.classes as Float64Array), nFeaturesIn: this.nFeaturesIn,
      classCount: Array.from(this.classCount as Float64Array), classPrior: Array.from(this.classPrior as Float64Array),
      theta: Array.from(this.theta as Float64Array), var: Array.from(this.var as Float64Array), epsilon: this.epsilon,
    };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: GaussianNBJSON): GaussianNB {
    if (json.type !== 'GaussianNB') throw new ValueError(`GaussianNB.fromJSON: expected type 'GaussianNB', got ${String(json.type)}`);
    const m = new GaussianNB(json.params);
    m.classes = Float64Array.from(json.classes);
    m.nFeaturesIn = json.nFeaturesIn;
    m.classCount = Float64Array.from(json.classCount);
    m.classPrior = Float64Array.from(json.classPrior);
    m.theta = Float64Array.from(json.theta);
    m.var = Float64Array.from(json.var);
    m.epsilon = json.epsilon;
    return m;
  }
}

registerEstimator('GaussianNB', GaussianNB.fromJSON);
