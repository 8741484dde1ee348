import { ShapeError, ValueError } from '../../tensor/errors.js';
import { registerEstimator } from '../persist.js';
import { checkFitted, checkSameLength, encodeLabels, labelsFromJSON, labelsToJSON, readLabels, toFloat64Array, toMatrix, toVector, type ArrayInput, type ClassLabels, type LabelInput, type StringLabelled } from '../base.js';
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
  classes: number[] | string[];
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

  /** Fits per-class means and variances (sampleWeight optional; labels numbers or strings); forgets any earlier fit. */
  fit(X: ArrayInput, y: readonly string[], sampleWeight?: ArrayInput | null): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput | null): this;
  fit(X: ArrayInput, y: LabelInput, sampleWeight?: ArrayInput | null): this | StringLabelled<this> {
    this.classes = null;
    const yv = readLabels(y);
    return this.update(X, yv, encodeLabels(yv).classes, sampleWeight, 'GaussianNB.fit');
  }

  /**
   * Updates the model with a batch (scikit-learn's `partial_fit`: Chan et al.'s pooled mean and
   * variance). The first call needs `classes`, every label that will ever be seen.
   */
  partialFit(X: ArrayInput, y: ArrayInput, classes?: ArrayInput | null, sampleWeight?: ArrayInput | null): this {
    const yv = toFloat64Array(toVector(y, 'y')); // numeric labels only (classes must be given up front)
    if (this.classes && !(this.classes instanceof Float64Array)) throw new ValueError('GaussianNB.partialFit: the model was fitted on string labels; partialFit takes numeric labels');
    let cls: Float64Array | null = null;
    if (classes !== undefined && classes !== null) cls = Float64Array.from(new Set(toFloat64Array(classes))).sort();
    if (!this.classes && !cls) throw new ValueError('GaussianNB.partialFit: classes must be passed on the first call to partialFit');
    if (this.classes && cls && (cls.length !== this.classes.length || cls.some((c, i) => c !== (this.classes as Float64Array)[i]))) {
      throw new ValueError(`GaussianNB.partialFit: classes=${Array.from(cls)} is not the same as on the first call (${Array.from(this.classes as Float64Array)})`);
    }
    return this.update(X, yv, this.classes ? null : cls, sampleWeight, 'GaussianNB.partialFit');
  }

  /** scikit-learn's `_partial_fit`; `firstClasses` is set on a first call. */
  private update(X: ArrayInput, yv: ClassLabels, firstClasses: ClassLabels | null, sampleWeight: ArrayInput | null | undefined, who: string): this {
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    const x = xt.dataSync() as Float64Array;
    checkSameLength(n, yv.length, 'X', 'y');
    let w: Float64Array | null = null;
    if (sampleWeight !== undefined && sampleWeight !== null) {
      w = toFloat64Array(toVector(sampleWeight, 'sampleWeight'));
      checkSameLength(n, w.length, 'X', 'sampleWeight');
    }
    if (!firstClasses && p !== this.nFeaturesIn) throw new ShapeError(`${who}: X has ${p} features, but the model was fitted with ${this.nFeaturesIn}`);
    // epsilon = varSmoothing · max_j var(X[:, j]) of this batch (unweighted, as scikit-learn).
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
    if (firstClasses) {
      const k = firstClasses.length;
      this.classes = firstClasses;
      this.nFeaturesIn = p;
      this.theta = new Float64Array(k * p);
      this.var = new Float64Array(k * p);
      this.classCount = new Float64Array(k);
      const given = this.params.priors;
      if (given !== null && given !== undefined) {
        if (given.length !== k) throw new ValueError(`${who}: priors has ${given.length} entries, expected one per class (${k})`);
        let s = 0;
        for (const v of given) { if (v < 0) throw new ValueError(`${who}: priors must be non-negative`); s += v; }
        if (Math.abs(s - 1) > 1e-8) throw new ValueError(`${who}: the sum of the priors should be 1, got ${s}`);
        this.classPrior = Float64Array.from(given);
      } else this.classPrior = new Float64Array(k);
    } else {
      // As scikit-learn: the (new) epsilon is taken back out before pooling.
      const vr = this.var as Float64Array;
      for (let i = 0; i < vr.length; i++) vr[i] -= this.epsilon;
    }
    const classes = this.classes as ClassLabels, k = classes.length;
    const theta = this.theta as Float64Array, vr = this.var as Float64Array, cnt = this.classCount as Float64Array;
    const pos = new Map<number | string, number>();
    classes.forEach((c: number | string, i: number) => pos.set(c, i));
    const rows: number[][] = Array.from({ length: k }, () => []);
    for (let i = 0; i < n; i++) {
      const c = pos.get(yv[i]);
      if (c === undefined) throw new ValueError(`${who}: the target label ${yv[i]} is not in classes ${labelsToJSON(classes).join(', ')}`);
      rows[c].push(i);
    }
    for (let c = 0; c < k; c++) {
      const r = rows[c];
      if (r.length === 0) continue;
      let nNew = 0;
      for (const i of r) nNew += w ? w[i] : 1;
      if (w && Math.abs(nNew) <= 1e-8) continue;
      const mu = new Float64Array(p), v = new Float64Array(p);
      for (const i of r) { const wi = w ? w[i] : 1; for (let j = 0; j < p; j++) mu[j] += wi * x[i * p + j]; }
      for (let j = 0; j < p; j++) mu[j] /= nNew;
      for (const i of r) { const wi = w ? w[i] : 1; for (let j = 0; j < p; j++) v[j] += wi * (x[i * p + j] - mu[j]) ** 2; }
      for (let j = 0; j < p; j++) v[j] /= nNew;
      const nPast = cnt[c], o = c * p;
      if (nPast === 0) {
        theta.set(mu, o); vr.set(v, o);
      } else {
        const nTot = nPast + nNew;
        for (let j = 0; j < p; j++) {
          const m0 = theta[o + j];
          const ssd = nPast * vr[o + j] + nNew * v[j] + ((nNew * nPast) / nTot) * (m0 - mu[j]) ** 2;
          theta[o + j] = (nNew * mu[j] + nPast * m0) / nTot;
          vr[o + j] = ssd / nTot;
        }
      }
      cnt[c] += nNew;
    }
    for (let i = 0; i < vr.length; i++) vr[i] += this.epsilon;
    if (this.params.priors === null || this.params.priors === undefined) {
      let s = 0;
      for (const v of cnt) s += v;
      this.classPrior = cnt.map((v) => v / s);
    }
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
      type: 'GaussianNB', params: { ...this.params }, classes: labelsToJSON(this.classes as ClassLabels), nFeaturesIn: this.nFeaturesIn,
      classCount: Array.from(this.classCount as Float64Array), classPrior: Array.from(this.classPrior as Float64Array),
      theta: Array.from(this.theta as Float64Array), var: Array.from(this.var as Float64Array), epsilon: this.epsilon,
    };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: GaussianNBJSON): GaussianNB {
    if (json.type !== 'GaussianNB') throw new ValueError(`GaussianNB.fromJSON: expected type 'GaussianNB', got ${String(json.type)}`);
    const m = new GaussianNB(json.params);
    m.classes = labelsFromJSON(json.classes);
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
