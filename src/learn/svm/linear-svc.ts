import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { registerEstimator } from '../persist.js';
import { matmul } from '../../ops/matmul.js';
import { transpose } from '../../ops/movement.js';
import { BaseClassifier, checkFitted, classIndex, checkSameLength, encodeLabels, labelsAt, labelsFromJSON, labelsToJSON, readLabels, toFloat64Array, toMatrix, toVector, type ArrayInput, type ClassLabels, type LabelInput, type StringLabelled } from '../base.js';
import { MT19937, sklearnLibsvmSeed } from './mt19937.js';
import { nextInt } from '../../tensor/random.js';

/** Options of {@link LinearSVC}. */
export interface LinearSVCOptions {
  /** Inverse regularisation strength. Default 1. */
  C?: number;
  /** 'squared_hinge' (L2 loss, default) or 'hinge' (L1 loss). */
  loss?: 'squared_hinge' | 'hinge';
  /** Fit a bias through a constant feature of value interceptScaling (regularised like the weights). Default true. */
  fitIntercept?: boolean;
  /** The constant feature's value. Default 1. */
  interceptScaling?: number;
  /** Only 'ovr' (one-vs-rest). */
  multiClass?: 'ovr';
  /** Per-class multipliers of C, or 'balanced'. Default null. */
  classWeight?: Record<number, number> | 'balanced' | null;
  /** Stopping tolerance on the projected-gradient gap. Default 1e-4. */
  tol?: number;
  /** Maximum passes over the data. Default 1000. */
  maxIter?: number;
  /** Seed of the coordinate order (scikit-learn's liblinear stream for the same random_state). Default null. */
  randomState?: number | null;
}

/** A saved LinearSVC. */
export interface LinearSVCJSON { type: 'LinearSVC'; params: Required<LinearSVCOptions>; classes: number[] | string[]; nFeaturesIn: number; coef: number[]; intercept: number[]; nIter: number }

/**
 * liblinear's dual coordinate descent for the L2-regularised L2-loss / L1-loss SVM
 * (Hsieh et al. 2008) with shrinking: returns w over the features (and the bias feature).
 */
function dualCD(xIn: Float64Array, n: number, p: number, bias: number, y: Int8Array, Cp: number, Cn: number, w8: Float64Array | null,
  l2loss: boolean, eps: number, maxIter: number, rng: MT19937): { w: Float64Array; iter: number } {
  // The bias is one more feature of value `bias` (liblinear's bias node), so q = p + 1 columns.
  const q = bias > 0 ? p + 1 : p;
  let x = xIn;
  if (bias > 0) {
    x = new Float64Array(n * q);
    for (let i = 0; i < n; i++) { x.set(xIn.subarray(i * p, (i + 1) * p), i * q); x[i * q + p] = bias; }
  }
  const w = new Float64Array(q), alpha = new Float64Array(n), QD = new Float64Array(n), diag = new Float64Array(n), ub = new Float64Array(n);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const Ci = (y[i] > 0 ? Cp : Cn) * (w8 ? w8[i] : 1);
    diag[i] = l2loss ? 0.5 / Ci : 0;
    ub[i] = l2loss ? Infinity : Ci;
    let s = 0;
    for (let j = 0; j < q; j++) s += x[i * q + j] ** 2;
    QD[i] = diag[i] + s;
    index[i] = i;
  }
  let activeSize = n, iter = 0, PGmaxOld = Infinity, PGminOld = -Infinity;
  while (iter < maxIter) {
    let PGmaxNew = -Infinity, PGminNew = Infinity;
    for (let i = 0; i < activeSize; i++) { const j = i + rng.bounded(activeSize - i); const t = index[i]; index[i] = index[j]; index[j] = t; }
    for (let s = 0; s < activeSize; s++) {
      const i = index[s], yi = y[i], o = i * q;
      let G = 0;
      for (let j = 0; j < q; j++) G += w[j] * x[o + j];
      G = G * yi - 1 + alpha[i] * diag[i];
      const C = ub[i];
      let PG = 0;
      if (alpha[i] === 0) {
        if (G > PGmaxOld) { activeSize--; index[s] = index[activeSize]; index[activeSize] = i; s--; continue; }
        else if (G < 0) PG = G;
      } else if (alpha[i] === C) {
        if (G < PGminOld) { activeSize--; index[s] = index[activeSize]; index[activeSize] = i; s--; continue; }
        else if (G > 0) PG = G;
      } else PG = G;
      PGmaxNew = Math.max(PGmaxNew, PG); PGminNew = Math.min(PGminNew, PG);
      if (Math.abs(PG) > 1e-12) {
        const old = alpha[i];
        alpha[i] = Math.min(Math.max(alpha[i] - G / QD[i], 0), C);
        const d = (alpha[i] - old) * yi;
        for (let j = 0; j < q; j++) w[j] += d * x[o + j];
      }
    }
    iter++;
    if (PGmaxNew - PGminNew <= eps) {
      if (activeSize === n) break;
      activeSize = n; PGmaxOld = Infinity; PGminOld = -Infinity;
      continue;
    }
    PGmaxOld = PGmaxNew <= 0 ? Infinity : PGmaxNew;
    PGminOld = PGminNew >= 0 ? -Infinity : PGminNew;
  }
  return { w, iter };
}

/**
 * Linear support vector classification (scikit-learn's `LinearSVC`, liblinear's dual solver):
 * min ½‖w‖² + C Σ loss(y_i wᵀx_i), squared hinge or hinge; one-vs-rest for more than two
 * classes. The intercept is a regularised weight on a constant feature interceptScaling.
 *
 * ```ts
 * const clf = new learn.LinearSVC({ C: 0.5 }).fit(X, y);
 * clf.coef; clf.intercept; clf.decisionFunction(X);
 * ```
 */
export class LinearSVC extends BaseClassifier<Required<LinearSVCOptions>> {
  classes: ClassLabels | null = null;
  nFeaturesIn = 0;
  private coefData: Float64Array | null = null;
  private interceptData: Float64Array | null = null;
  /** Passes of the solver (the largest over the one-vs-rest problems). */
  nIter = 0;

  constructor(options: LinearSVCOptions = {}) {
    super({ C: 1, loss: 'squared_hinge', fitIntercept: true, interceptScaling: 1, multiClass: 'ovr', classWeight: null, tol: 1e-4, maxIter: 1000, randomState: null, ...options });
  }

  /** Fits the model; `sampleWeight` rescales C per sample. */
  fit(X: ArrayInput, y: readonly string[], sampleWeight?: ArrayInput | null): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput | null): this;
  fit(X: ArrayInput, y: LabelInput, sampleWeight?: ArrayInput | null): this | StringLabelled<this> {
    const who = 'LinearSVC.fit';
    const o = this.params;
    if (!(o.C > 0)) throw new ValueError(`${who}: C must be > 0, got ${o.C}`);
    if (o.loss !== 'squared_hinge' && o.loss !== 'hinge') throw new ValueError(`${who}: loss must be 'squared_hinge' or 'hinge', got ${String(o.loss)}`);
    if (o.multiClass !== 'ovr') throw new ValueError(`${who}: only multiClass 'ovr' is supported, got ${String(o.multiClass)}`);
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    const x = xt.dataSync() as Float64Array;
    const yv = readLabels(y);
    checkSameLength(n, yv.length, 'X', 'y');
    const { classes, indices } = encodeLabels(yv);
    const k = classes.length;
    if (k < 2) throw new ValueError(`${who}: this solver needs samples of at least 2 classes in the data, but the data contains only one class: ${classes[0]}`);
    let sw: Float64Array | null = null;
    if (sampleWeight !== undefined && sampleWeight !== null) {
      sw = toFloat64Array(toVector(sampleWeight, 'sampleWeight'));
      checkSameLength(n, sw.length, 'X', 'sampleWeight');
    }
    const cw = new Float64Array(k).fill(1);
    if (o.classWeight === 'balanced') {
      const cnt = new Float64Array(k);
      for (const c of indices) cnt[c]++;
      for (let c = 0; c < k; c++) cw[c] = n / (k * cnt[c]);
    } else if (o.classWeight) {
      for (const [lab, v] of Object.entries(o.classWeight)) { const c = classIndex(classes, lab); if (c >= 0) cw[c] = v; }
    }
    // liblinear groups the samples by class (stable) before solving: the coordinate order, and
    // so the seeded path, follows that grouping.
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => indices[a] - indices[b] || a - b);
    const xs = new Float64Array(n * p), lab = new Int32Array(n);
    const swg: Float64Array | null = sw ? new Float64Array(n) : null;
    for (let r = 0; r < n; r++) {
      xs.set(x.subarray(order[r] * p, (order[r] + 1) * p), r * p);
      lab[r] = indices[order[r]];
      if (swg && sw) swg[r] = sw[order[r]];
    }
    const bias = o.fitIntercept ? o.interceptScaling : -1;
    const rng = new MT19937(o.randomState === null || o.randomState === undefined ? nextInt(2147483647) : sklearnLibsvmSeed(o.randomState));
    const nModels = k === 2 ? 1 : k;
    const coef = new Float64Array(nModels * p), intercept = new Float64Array(nModels);
    const l2 = o.loss === 'squared_hinge';
    let maxIt = 0;
    for (let m = 0; m < nModels; m++) {
      const pos = k === 2 ? 1 : m;
      const yy = new Int8Array(n);
      for (let i = 0; i < n; i++) yy[i] = lab[i] === pos ? 1 : -1;
      // liblinear: binary uses (C·w[1], C·w[0]); one-vs-rest uses (C·w[c], C).
      const Cp = o.C * cw[pos], Cn = k === 2 ? o.C * cw[0] : o.C;
      const r = dualCD(xs, n, p, bias, yy, Cp, Cn, swg, l2, o.tol, o.maxIter, rng);
      coef.set(r.w.subarray(0, p), m * p);
      intercept[m] = bias > 0 ? bias * r.w[p] : 0;
      maxIt = Math.max(maxIt, r.iter);
    }
    this.classes = classes;
    this.nFeaturesIn = p;
    this.coefData = coef;
    this.interceptData = intercept;
    this.nIter = maxIt;
    return this;
  }

  /** Weights [1, nFeatures] for two classes (positive → classes[1]), else [nClasses, nFeatures]. */
  get coef(): Tensor {
    const c = checkFitted(this, this.coefData, 'coef');
    return new Tensor(c.slice(), [c.length / this.nFeaturesIn, this.nFeaturesIn], 'float64');
  }

  /** Intercepts [1] or [nClasses]. */
  get intercept(): Tensor {
    const b = checkFitted(this, this.interceptData, 'intercept');
    return new Tensor(b.slice(), [b.length], 'float64');
  }

  /** X·coefᵀ + intercept: [n] for two classes, else [n, nClasses]. */
  decisionFunction(X: ArrayInput): Tensor {
    const c = checkFitted(this, this.coefData, 'decisionFunction');
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    if (p !== this.nFeaturesIn) throw new ShapeError(`LinearSVC.decisionFunction: X has ${p} features, but the model was fitted with ${this.nFeaturesIn}`);
    const m = c.length / p;
    const d = matmul(xt, transpose(new Tensor(c, [m, p], 'float64'), 0, 1)).dataSync().slice() as Float64Array;
    const b = this.interceptData as Float64Array;
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) d[i * m + j] += b[j];
    return m === 1 ? new Tensor(d, [n], 'float64') : new Tensor(d, [n, m], 'float64');
  }

  /** classes[1] where the decision is positive (two classes), else the arg-max class. */
  predict(X: ArrayInput): Tensor {
    const d = this.decisionFunction(X).dataSync() as Float64Array;
    const classes = this.classes as ClassLabels, k = classes.length;
    if (k === 2) return labelsAt(classes, Array.from(d, (v) => (v > 0 ? 1 : 0)));
    const n = d.length / k, out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (d[i * k + c] > d[i * k + best]) best = c;
      out[i] = best;
    }
    return labelsAt(classes, out);
  }

  /** The fitted model as plain JSON data. */
  toJSON(): LinearSVCJSON {
    const c = checkFitted(this, this.coefData, 'toJSON');
    return { type: 'LinearSVC', params: { ...this.params }, classes: labelsToJSON(this.classes as ClassLabels), nFeaturesIn: this.nFeaturesIn, coef: Array.from(c), intercept: Array.from(this.interceptData as Float64Array), nIter: this.nIter };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: LinearSVCJSON): LinearSVC {
    if (json.type !== 'LinearSVC') throw new ValueError(`LinearSVC.fromJSON: expected type 'LinearSVC', got ${String(json.type)}`);
    const m = new LinearSVC(json.params);
    m.classes = labelsFromJSON(json.classes);
    m.nFeaturesIn = json.nFeaturesIn;
    m.coefData = Float64Array.from(json.coef);
    m.interceptData = Float64Array.from(json.intercept);
    m.nIter = json.nIter;
    return m;
  }
}

registerEstimator('LinearSVC', LinearSVC.fromJSON);
