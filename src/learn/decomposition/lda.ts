import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { eigh } from '../../linalg/eigh.js';
import { cholesky } from '../../linalg/cholesky.js';
import { inv } from '../../linalg/lu.js';
import { gemm } from '../../linalg/matrix.js';
import { svdCore } from '../../linalg/svd.js';
import { registerEstimator } from '../persist.js';
import { BaseClassifier, checkFitted, checkSameLength, encodeLabels, labelsAt, labelsFromJSON, labelsToJSON, readLabels, toMatrix, type ArrayInput, type ClassLabels, type LabelInput, type StringLabelled } from '../base.js';
import { covariance } from './ledoitWolf.js';

/** Options of {@link LinearDiscriminantAnalysis}. */
export interface LDAOptions {
  /** 'svd' (default; no covariance matrix formed) or 'eigen' (generalised eigenproblem Sb·v = λ·Sw·v). */
  solver?: 'svd' | 'eigen';
  /** Covariance shrinkage for 'eigen': null (default), 'auto' (Ledoit–Wolf) or a number in [0, 1]. */
  shrinkage?: null | 'auto' | number;
  /** Class priors (default: the class frequencies). */
  priors?: number[] | null;
  /** Dimensions of transform (default min(nClasses − 1, nFeatures)). */
  nComponents?: number | null;
  /** Singular values below tol are treated as zero in 'svd' (default 1e-4). */
  tol?: number;
}

type LDAParams = Required<LDAOptions>;

/** A saved {@link LinearDiscriminantAnalysis}. */
export interface LDAJSON { type: 'LinearDiscriminantAnalysis'; params: LDAParams; classes: number[] | string[]; nFeaturesIn: number; coef: number[]; intercept: number[]; means: number[]; priors: number[]; xbar: number[]; scalings: number[]; scalingsCols: number; explainedVarianceRatio: number[]; maxComponents: number }

/**
 * Linear discriminant analysis (scikit-learn's `LinearDiscriminantAnalysis`): Gaussian classes
 * with a shared covariance. A classifier (predict, predictProba, decisionFunction) and a
 * supervised transformer onto the most discriminative ≤ nClasses − 1 directions.
 *
 * ```ts
 * const lda = new learn.LinearDiscriminantAnalysis({ nComponents: 2 }).fit(iris.data, iris.target);
 * lda.predict(X); lda.transform(X); lda.explainedVarianceRatio;
 * ```
 */
export class LinearDiscriminantAnalysis extends BaseClassifier<LDAParams> {
  classes: ClassLabels | null = null;
  /** [nClasses, nFeatures], or [1, nFeatures] for two classes. */
  coef: Tensor | null = null;
  intercept: Tensor | null = null;
  /** Class means [nClasses, nFeatures]. */
  means: Tensor | null = null;
  priors: Tensor | null = null;
  /** Overall mean (priors-weighted), 'svd' solver. */
  xbar: Tensor | null = null;
  /** Projection matrix [nFeatures, rank]. */
  scalings: Tensor | null = null;
  explainedVarianceRatio: Tensor | null = null;
  nFeaturesIn = 0;
  private maxComponents = 0;

  constructor(options: LDAOptions = {}) {
    super({ solver: 'svd', shrinkage: null, priors: null, nComponents: null, tol: 1e-4, ...options });
  }

  fit(X: ArrayInput, y: readonly string[]): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput): this;
  fit(X: ArrayInput, y: LabelInput): this | StringLabelled<this> {
    const { solver, shrinkage, tol } = this.params;
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    const yv = readLabels(y);
    checkSameLength(n, yv.length, 'X', 'y');
    const { classes, indices } = encodeLabels(yv);
    const c = classes.length;
    if (c < 2) throw new ValueError(`LinearDiscriminantAnalysis: the number of classes has to be greater than one; got ${c} class`);
    if (n <= c) throw new ValueError(`LinearDiscriminantAnalysis: nSamples=${n} must exceed nClasses=${c}`);
    if (solver !== 'svd' && solver !== 'eigen') throw new ValueError(`LinearDiscriminantAnalysis: solver must be 'svd' or 'eigen', got '${String(solver)}'`);
    if (solver === 'svd' && shrinkage !== null) throw new ValueError("LinearDiscriminantAnalysis: shrinkage is not supported with the 'svd' solver");
    const x = xt.dataSync() as Float64Array;
    const counts = new Float64Array(c);
    for (const k of indices) counts[k]++;
    let pri = this.params.priors ? Float64Array.from(this.params.priors) : counts.map((v) => v / n);
    if (pri.length !== c) throw new ShapeError(`LinearDiscriminantAnalysis: priors has ${pri.length} entries, expected ${c} classes`);
    const ps = pri.reduce((a, b) => a + b, 0);
    if (Math.abs(ps - 1) > 1e-5) pri = pri.map((v) => v / ps);
    const maxComp = Math.min(c - 1, p);
    const nc = this.params.nComponents ?? maxComp;
    if (nc > maxComp) throw new ValueError(`LinearDiscriminantAnalysis: nComponents=${nc} cannot be larger than min(nFeatures, nClasses - 1)=${maxComp}`);
    this.maxComponents = nc;
    const means = new Float64Array(c * p);
    for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) means[indices[i] * p + f] += x[i * p + f] / counts[indices[i]];
    const xbar = new Float64Array(p);
    for (let k = 0; k < c; k++) for (let f = 0; f < p; f++) xbar[f] += pri[k] * means[k * p + f];
    let coef: Float64Array, intercept: Float64Array, scalings: Float64Array, sc: number, evr: Float64Array;
    if (solver === 'svd') {
      ({ coef, intercept, scalings, sc, evr } = solveSvd(x, n, p, indices, c, means, pri, xbar, tol));
    } else {
      ({ coef, intercept, scalings, sc, evr } = solveEigen(x, n, p, indices, c, means, pri, shrinkage));
    }
    this.classes = classes;
    if (c === 2) {
      const b = new Float64Array(p);
      for (let f = 0; f < p; f++) b[f] = coef[p + f] - coef[f];
      this.coef = new Tensor(b, [1, p], 'float64');
      this.intercept = new Tensor(Float64Array.of(intercept[1] - intercept[0]), [1], 'float64');
    } else {
      this.coef = new Tensor(coef, [c, p], 'float64');
      this.intercept = new Tensor(intercept, [c], 'float64');
    }
    this.means = new Tensor(means, [c, p], 'float64');
    this.priors = new Tensor(pri, [c], 'float64');
    this.xbar = new Tensor(xbar, [p], 'float64');
    this.scalings = new Tensor(scalings, [p, sc], 'float64');
    this.explainedVarianceRatio = new Tensor(evr.slice(0, nc), [Math.min(evr.length, nc)], 'float64');
    this.nFeaturesIn = p;
    return this;
  }

  private checkX(X: ArrayInput, method: string): { x: Float64Array; n: number } {
    checkFitted(this, this.coef, method);
    const xt = toMatrix(X, 'X');
    if (xt.shape[1] !== this.nFeaturesIn) throw new ShapeError(`LinearDiscriminantAnalysis.${method}: X has ${xt.shape[1]} features, but the model was fitted with ${this.nFeaturesIn}`);
    return { x: xt.dataSync() as Float64Array, n: xt.shape[0] };
  }

  /** X·coefᵀ + intercept: [n, nClasses], or [n] for two classes. */
  decisionFunction(X: ArrayInput): Tensor {
    const { x, n } = this.checkX(X, 'decisionFunction');
    const coef = (this.coef as Tensor).dataSync() as Float64Array, b = (this.intercept as Tensor).dataSync();
    const k = b.length, p = this.nFeaturesIn;
    const d = gemm(x, n, p, false, coef, k, p, true);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) d[i * k + j] += b[j];
    return k === 1 ? new Tensor(d, [n], 'float64') : new Tensor(d, [n, k], 'float64');
  }

  /** Class probabilities [n, nClasses] (logistic for two classes, softmax otherwise). */
  predictProba(X: ArrayInput): Tensor {
    const d = this.decisionFunction(X).dataSync() as Float64Array;
    const c = (this.classes as Float64Array).length;
    if (c === 2) {
      const out = new Float64Array(2 * d.length);
      d.forEach((v, i) => { const q = 1 / (1 + Math.exp(-v)); out[2 * i] = 1 - q; out[2 * i + 1] = q; });
      return new Tensor(out, [d.length, 2], 'float64');
    }
    const n = d.length / c, out = new Float64Array(d.length);
    for (let i = 0; i < n; i++) {
      let m = -Infinity, s = 0;
      for (let j = 0; j < c; j++) m = Math.max(m, d[i * c + j]);
      for (let j = 0; j < c; j++) { out[i * c + j] = Math.exp(d[i * c + j] - m); s += out[i * c + j]; }
      for (let j = 0; j < c; j++) out[i * c + j] /= s;
    }
    return new Tensor(out, [n, c], 'float64');
  }

  /** The most probable class label per sample. */
  predict(X: ArrayInput): Tensor {
    const d = this.decisionFunction(X).dataSync() as Float64Array;
    const cls = this.classes as ClassLabels, c = cls.length;
    if (c === 2) return labelsAt(cls, Array.from(d, (v) => (v > 0 ? 1 : 0)));
    const n = d.length / c, out = new Int32Array(n);
    for (let i = 0; i < n; i++) { let b = 0; for (let j = 1; j < c; j++) if (d[i * c + j] > d[i * c + b]) b = j; out[i] = b; }
    return labelsAt(cls, out);
  }

  /** Projection on the discriminant directions [n, nComponents] ('svd': centred on xbar). */
  transform(X: ArrayInput): Tensor {
    const { x, n } = this.checkX(X, 'transform');
    const p = this.nFeaturesIn, s = (this.scalings as Tensor).dataSync() as Float64Array, sc = (this.scalings as Tensor).shape[1];
    let xx = x;
    if (this.params.solver === 'svd') {
      const xb = (this.xbar as Tensor).dataSync();
      xx = x.map((v, i) => v - xb[i % p]);
    }
    const z = gemm(xx, n, p, false, s, p, sc, false);
    const k = Math.min(this.maxComponents, sc), out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) out[i * k + j] = z[i * sc + j];
    return new Tensor(out, [n, k], 'float64');
  }

  /** fit, then transform. */
  fitTransform(X: ArrayInput, y: ArrayInput): Tensor {
    return this.fit(X, y).transform(X);
  }

  /** The fitted model as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): LDAJSON {
    const coef = checkFitted(this, this.coef, 'toJSON');
    const a = (t: Tensor | null): number[] => Array.from((t as Tensor).dataSync());
    return { type: 'LinearDiscriminantAnalysis', params: { ...this.params }, classes: labelsToJSON(this.classes as ClassLabels), nFeaturesIn: this.nFeaturesIn, coef: a(coef), intercept: a(this.intercept), means: a(this.means), priors: a(this.priors), xbar: a(this.xbar), scalings: a(this.scalings), scalingsCols: (this.scalings as Tensor).shape[1], explainedVarianceRatio: a(this.explainedVarianceRatio), maxComponents: this.maxComponents };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: LDAJSON): LinearDiscriminantAnalysis {
    if (json.type !== 'LinearDiscriminantAnalysis') throw new ValueError(`LinearDiscriminantAnalysis.fromJSON: expected type 'LinearDiscriminantAnalysis', got ${String(json.type)}`);
    const m = new LinearDiscriminantAnalysis(json.params);
    const p = json.nFeaturesIn, c = json.classes.length;
    const t = (v: number[], shape: number[]): Tensor => new Tensor(Float64Array.from(v), shape, 'float64');
    m.classes = labelsFromJSON(json.classes);
    m.coef = t(json.coef, [json.coef.length / p, p]);
    m.intercept = t(json.intercept, [json.intercept.length]);
    m.means = t(json.means, [c, p]);
    m.priors = t(json.priors, [c]);
    m.xbar = t(json.xbar, [p]);
    m.scalings = t(json.scalings, [p, json.scalingsCols]);
    m.explainedVarianceRatio = t(json.explainedVarianceRatio, [json.explainedVarianceRatio.length]);
    m.nFeaturesIn = p;
    m.maxComponents = json.maxComponents;
    return m;
  }
}

interface Solved { coef: Float64Array; intercept: Float64Array; scalings: Float64Array; sc: number; evr: Float64Array }

/** scikit-learn's `_solve_svd`: whiten the within-class scatter by SVD, then SVD of the weighted class means. */
function solveSvd(x: Float64Array, n: number, p: number, idx: Int32Array, c: number, means: Float64Array, pri: Float64Array, xbar: Float64Array, tol: number): Solved {
  const xc = new Float64Array(n * p);
  // rows grouped by class, in class order (as scikit-learn concatenates them)
  let r = 0;
  for (let k = 0; k < c; k++) for (let i = 0; i < n; i++) if (idx[i] === k) { for (let f = 0; f < p; f++) xc[r * p + f] = x[i * p + f] - means[k * p + f]; r++; }
  const std = new Float64Array(p), mu = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) mu[f] += xc[i * p + f] / n;
  for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) std[f] += (xc[i * p + f] - mu[f]) ** 2 / n;
  for (let f = 0; f < p; f++) std[f] = std[f] === 0 ? 1 : Math.sqrt(std[f]);
  const fac = Math.sqrt(1 / (n - c));
  for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) xc[i * p + f] = fac * (xc[i * p + f] / std[f]);
  const s1 = svdCore(xc, n, p, false, 'LinearDiscriminantAnalysis');
  let rank = 0;
  for (const v of s1.s) if (v > tol) rank++;
  const sc1 = new Float64Array(p * rank); // (Vt[:rank] / std).T / S[:rank]
  for (let f = 0; f < p; f++) for (let j = 0; j < rank; j++) sc1[f * rank + j] = s1.vt[j * p + f] / std[f] / s1.s[j];
  const fc = 1 / (c - 1);
  const wm = new Float64Array(c * p);
  for (let k = 0; k < c; k++) { const w = Math.sqrt(n * pri[k] * fc); for (let f = 0; f < p; f++) wm[k * p + f] = w * (means[k * p + f] - xbar[f]); }
  const xm = gemm(wm, c, p, false, sc1, p, rank, false); // [c, rank]
  const s2 = svdCore(xm, c, rank, false, 'LinearDiscriminantAnalysis');
  const ss = s2.s.reduce((a, v) => a + v * v, 0);
  const evr = s2.s.map((v) => (v * v) / ss);
  let rank2 = 0;
  for (const v of s2.s) if (v > tol * s2.s[0]) rank2++;
  const vt2 = s2.vt; // [k2, rank]
  const sc = new Float64Array(p * rank2); // sc1 @ Vt.T[:, :rank2]
  for (let f = 0; f < p; f++) for (let j = 0; j < rank2; j++) { let s = 0; for (let q = 0; q < rank; q++) s += sc1[f * rank + q] * vt2[j * rank + q]; sc[f * rank2 + j] = s; }
  const centred = new Float64Array(c * p);
  for (let k = 0; k < c; k++) for (let f = 0; f < p; f++) centred[k * p + f] = means[k * p + f] - xbar[f];
  const coefS = gemm(centred, c, p, false, sc, p, rank2, false); // [c, rank2]
  const intercept = new Float64Array(c);
  for (let k = 0; k < c; k++) { let s = 0; for (let j = 0; j < rank2; j++) s += coefS[k * rank2 + j] ** 2; intercept[k] = -0.5 * s + Math.log(pri[k]); }
  const coef = gemm(coefS, c, rank2, false, sc, p, rank2, true); // [c, p]
  for (let k = 0; k < c; k++) { let s = 0; for (let f = 0; f < p; f++) s += xbar[f] * coef[k * p + f]; intercept[k] -= s; }
  return { coef, intercept, scalings: sc, sc: rank2, evr };
}

/** scikit-learn's `_solve_eigen`: Sb·v = λ·Sw·v via Cholesky of Sw, eigenvectors normalised so vᵀ·Sw·v = 1. */
function solveEigen(x: Float64Array, n: number, p: number, idx: Int32Array, c: number, means: Float64Array, pri: Float64Array, shrinkage: null | 'auto' | number): Solved {
  const sw = new Float64Array(p * p);
  for (let k = 0; k < c; k++) {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (idx[i] === k) rows.push(i);
    const xg = new Float64Array(rows.length * p);
    rows.forEach((i, r) => xg.set(x.subarray(i * p, i * p + p), r * p));
    const cg = covariance(xg, rows.length, p, shrinkage);
    for (let i = 0; i < p * p; i++) sw[i] += pri[k] * cg[i];
  }
  const st = covariance(x, n, p, shrinkage);
  const sb = st.map((v, i) => v - sw[i]);
  const L = cholesky(new Tensor(sw, [p, p], 'float64'));
  const Li = inv(L).dataSync() as Float64Array;
  const cm = gemm(gemm(Li, p, p, false, sb, p, p, false), p, p, false, Li, p, p, true);
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) { const v = (cm[i * p + j] + cm[j * p + i]) / 2; cm[i * p + j] = cm[j * p + i] = v; }
  const { eigenvalues, eigenvectors } = eigh(new Tensor(cm, [p, p], 'float64'));
  const w = eigenvalues.dataSync() as Float64Array;
  const V = gemm(Li, p, p, true, eigenvectors.dataSync() as Float64Array, p, p, false); // L⁻ᵀ·W
  const order = Array.from(w.keys()).sort((a, b) => w[b] - w[a]);
  const sumW = w.reduce((a, b) => a + b, 0);
  const evr = Float64Array.from(order, (j) => w[j] / sumW);
  const scal = new Float64Array(p * p);
  order.forEach((src, j) => { for (let f = 0; f < p; f++) scal[f * p + j] = V[f * p + src]; });
  const coef = gemm(gemm(means, c, p, false, scal, p, p, false), c, p, false, scal, p, p, true); // means·E·Eᵀ
  const intercept = new Float64Array(c);
  for (let k = 0; k < c; k++) { let s = 0; for (let f = 0; f < p; f++) s += means[k * p + f] * coef[k * p + f]; intercept[k] = -0.5 * s + Math.log(pri[k]); }
  return { coef, intercept, scalings: scal, sc: p, evr };
}

registerEstimator('LinearDiscriminantAnalysis', LinearDiscriminantAnalysis.fromJSON);
