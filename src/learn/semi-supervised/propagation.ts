import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { matmul } from '../../ops/matmul.js';
import { BaseClassifier, checkFitted, labelsAt, labelsFromJSON, labelsToJSON, toMatrix, type ArrayInput, type ClassLabels, type StringLabelled } from '../base.js';
import { readSemiLabels, type SemiLabelInput } from './labels.js';
import { fromFlat } from '../neighbors/flat.js';
import type { NeighborsIndex } from '../neighbors/base.js';
import { affinity, rbfBlock, type GraphKernel } from './kernel.js';

/** Options of {@link LabelPropagation} and {@link LabelSpreading} (scikit-learn's defaults). */
export interface LabelPropagationOptions {
  /** 'rbf' (default) or 'knn'. */
  kernel?: GraphKernel;
  /** RBF width γ (default 20). */
  gamma?: number;
  /** Neighbours of the knn kernel (default 7). */
  nNeighbors?: number;
  /** Iteration cap (default 1000 for propagation, 30 for spreading). */
  maxIter?: number;
  /** Stop when the summed absolute change of the label distributions is below this (default 1e-3). */
  tol?: number;
}

/** Options of {@link LabelSpreading}: also the clamping factor alpha in (0, 1) (default 0.2). */
export interface LabelSpreadingOptions extends LabelPropagationOptions {
  alpha?: number;
}

/** A saved model. */
export interface LabelPropagationJSON {
  type: 'LabelPropagation' | 'LabelSpreading';
  params: Required<LabelSpreadingOptions>;
  X: number[]; nSamples: number; nFeaturesIn: number; classes: number[] | string[]; labelDistributions: number[]; nIter: number;
}

/**
 * Shared fit/predict of scikit-learn's BaseLabelPropagation: labels −1 mark unlabeled samples;
 * label distributions are multiplied by the graph until their summed absolute change drops below
 * tol; propagation renormalises rows and clamps the labeled ones, spreading mixes in
 * (1 − alpha) × the initial labels.
 */
abstract class BaseLabelPropagation extends BaseClassifier<Required<LabelSpreadingOptions>> {
  /** Distinct labels other than −1. */
  classes: ClassLabels | null = null;
  /** Label distributions of the training rows [n, nClasses] (rows sum to 1, or are all 0). */
  labelDistributions: Tensor | null = null;
  /** The label given to each training row (argmax of its distribution). */
  transduction: Tensor | null = null;
  /** Iterations run. */
  nIter = 0;
  /** Number of features seen in fit. */
  nFeaturesIn = 0;
  protected X: Float64Array | null = null;
  protected nSamples = 0;
  protected index: NeighborsIndex | null = null;
  protected abstract readonly variant: 'propagation' | 'spreading';

  /** The iteration matrix from the affinity matrix W [n, n] (modified in place). */
  protected abstract buildGraph(W: Float64Array, n: number): Float64Array;

  /** Propagates the labels (−1 = unlabeled; numbers, or strings with −1 for unlabeled rows) over the graph of X; returns this. */
  fit(X: ArrayInput, y: ArrayInput): this;
  fit(X: ArrayInput, y: readonly (string | number | null)[]): StringLabelled<this>;
  fit(X: ArrayInput, y: SemiLabelInput): this | StringLabelled<this> {
    const who = this.constructor.name;
    const Xm = toMatrix(X, 'X');
    const [n, d] = Xm.shape;
    const { classes, codes: yv } = readSemiLabels(y, n, who);
    const { kernel, gamma, nNeighbors, maxIter, tol, alpha } = this.params;
    if (!Number.isInteger(maxIter) || maxIter < 0) throw new ValueError(`${who}: maxIter must be a non-negative integer, got ${maxIter}`);
    if (this.variant === 'spreading' && !(alpha > 0 && alpha < 1)) throw new ValueError(`${who}: alpha must be in the open interval (0, 1), got ${alpha}`);
    const data = Float64Array.from(Xm.dataSync() as Float64Array);
    const c = classes.length;
    const { W, index } = affinity(kernel, data, n, d, gamma, nNeighbors, who);
    const graph = fromFlat(this.buildGraph(W, n), [n, n]);
    let ld = new Float64Array(n * c);
    const unlabeled = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (yv[i] === -1) unlabeled[i] = 1;
      else ld[i * c + yv[i]] = 1;
    }
    const yStatic = Float64Array.from(ld);
    if (this.variant === 'propagation') { for (let i = 0; i < n; i++) if (unlabeled[i]) yStatic.fill(0, i * c, i * c + c); }
    else for (let t = 0; t < yStatic.length; t++) yStatic[t] *= 1 - alpha;
    let prev = new Float64Array(n * c);
    let iter = 0, converged = false;
    for (; iter < maxIter; iter++) {
      let change = 0;
      for (let t = 0; t < ld.length; t++) change += Math.abs(ld[t] - prev[t]);
      if (change < tol) { converged = true; break; }
      prev = ld;
      ld = Float64Array.from(matmul(graph, fromFlat(ld, [n, c])).dataSync() as Float64Array); // [n, c]
      if (this.variant === 'propagation') {
        for (let i = 0; i < n; i++) {
          if (!unlabeled[i]) { for (let j = 0; j < c; j++) ld[i * c + j] = yStatic[i * c + j]; continue; }
          let s = 0;
          for (let j = 0; j < c; j++) s += ld[i * c + j];
          if (s === 0) s = 1;
          for (let j = 0; j < c; j++) ld[i * c + j] /= s;
        }
      } else for (let t = 0; t < ld.length; t++) ld[t] = alpha * ld[t] + yStatic[t];
    }
    this.nIter = converged ? iter : maxIter;
    const trans = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < c; j++) s += ld[i * c + j];
      if (s === 0) s = 1;
      let best = 0;
      for (let j = 0; j < c; j++) { ld[i * c + j] /= s; if (ld[i * c + j] > ld[i * c + best]) best = j; }
      trans[i] = best;
    }
    this.classes = classes; this.labelDistributions = fromFlat(ld, [n, c]); this.transduction = labelsAt(classes, trans);
    this.X = data; this.nSamples = n; this.nFeaturesIn = d; this.index = index;
    return this;
  }

  /** Class probabilities [nq, nClasses] by kernel-weighted label distributions (inductive). */
  predictProba(X: ArrayInput): Tensor {
    const ld = checkFitted(this, this.labelDistributions, 'predictProba').dataSync() as Float64Array;
    const Q = toMatrix(X, 'X');
    if (Q.shape[1] !== this.nFeaturesIn) throw new ShapeError(`${this.constructor.name}.predictProba: X has ${Q.shape[1]} features, but the model was fitted with ${this.nFeaturesIn}`);
    const nq = Q.shape[0], n = this.nSamples, c = (this.classes as Float64Array).length;
    const q = Q.dataSync() as Float64Array;
    let P: Float64Array;
    if (this.params.kernel === 'knn') {
      const k = this.params.nNeighbors;
      const { idx } = (this.index as NeighborsIndex).query(q, nq, k);
      P = new Float64Array(nq * c);
      for (let i = 0; i < nq; i++) for (let j = 0; j < k; j++) for (let t = 0; t < c; t++) P[i * c + t] += ld[idx[i * k + j] * c + t];
    } else {
      const K = rbfBlock(q, nq, this.X as Float64Array, n, this.nFeaturesIn, this.params.gamma); // [nq, n]
      P = Float64Array.from(matmul(fromFlat(K, [nq, n]), fromFlat(ld, [n, c])).dataSync() as Float64Array);
    }
    for (let i = 0; i < nq; i++) {
      let s = 0;
      for (let t = 0; t < c; t++) s += P[i * c + t];
      for (let t = 0; t < c; t++) P[i * c + t] /= s;
    }
    return fromFlat(P, [nq, c]);
  }

  /** The most probable class of each row. */
  predict(X: ArrayInput): Tensor {
    const P = this.predictProba(X);
    const [nq, c] = P.shape;
    const p = P.dataSync(), classes = this.classes as ClassLabels;
    const out = new Int32Array(nq);
    for (let i = 0; i < nq; i++) {
      let best = 0;
      for (let t = 1; t < c; t++) if (p[i * c + t] > p[i * c + best]) best = t;
      out[i] = best;
    }
    return labelsAt(classes, out);
  }

  /** The fitted model as plain JSON data. */
  toJSON(): LabelPropagationJSON {
    const ld = checkFitted(this, this.labelDistributions, 'toJSON');
    return {
      type: this.constructor.name as 'LabelPropagation', params: { ...this.params }, X: Array.from(this.X as Float64Array), nSamples: this.nSamples,
      nFeaturesIn: this.nFeaturesIn, classes: labelsToJSON(this.classes as ClassLabels), labelDistributions: Array.from(ld.dataSync()), nIter: this.nIter,
    };
  }

  /** Restores the fitted state saved by toJSON into this (unfitted) model. */
  protected restore(json: LabelPropagationJSON): this {
    const n = json.nSamples, c = json.classes.length;
    this.X = Float64Array.from(json.X); this.nSamples = n; this.nFeaturesIn = json.nFeaturesIn;
    this.classes = labelsFromJSON(json.classes); this.nIter = json.nIter;
    const ld = Float64Array.from(json.labelDistributions);
    this.labelDistributions = fromFlat(ld, [n, c]);
    const trans = new Int32Array(n);
    for (let i = 0; i < n; i++) { let b = 0; for (let j = 1; j < c; j++) if (ld[i * c + j] > ld[i * c + b]) b = j; trans[i] = b; }
    this.transduction = labelsAt(this.classes, trans);
    if (json.params.kernel === 'knn') this.index = affinity('knn', this.X, n, json.nFeaturesIn, json.params.gamma, json.params.nNeighbors, json.type).index;
    return this;
  }
}

export { BaseLabelPropagation };
