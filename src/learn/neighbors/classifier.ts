import { registerEstimator } from '../persist.js';
import { fromFlat } from './flat.js';
import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseClassifier, checkFitted, checkSameLength, encodeLabels, labelsAt, labelsToJSON, readLabels, toMatrix, type ArrayInput, type ClassLabels, type LabelInput, type StringLabelled } from '../base.js';
import { checkK, kneighborsOf, NEIGHBORS_DEFAULTS, NeighborsIndex, neighborWeights, type KNeighborsResult, type NeighborsOptions } from './base.js';

/** Options of {@link KNeighborsClassifier}. */
export interface KNeighborsClassifierOptions extends NeighborsOptions {
  /** 'uniform' (default) or 'distance' (1/d; exact matches take all the weight). */
  weights?: 'uniform' | 'distance';
}

/** A saved classifier ({@link KNeighborsClassifier.toJSON}). */
export interface KNeighborsClassifierJSON {
  type: 'KNeighborsClassifier';
  params: Required<KNeighborsClassifierOptions>;
  X: number[]; nSamples: number; nFeaturesIn: number; classes: number[] | string[]; y: number[] | string[];
}

/**
 * k-nearest-neighbours vote (scikit-learn's `KNeighborsClassifier`): the class with the largest
 * (weighted) count among the k nearest training rows; ties go to the smallest class.
 *
 * @example
 * const knn = new KNeighborsClassifier({ nNeighbors: 3 }).fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
 * knn.predict([[1.1]]); // Tensor [0]
 */
export class KNeighborsClassifier extends BaseClassifier<Required<KNeighborsClassifierOptions>> {
  /** Sorted distinct training labels. */
  classes: ClassLabels | null = null;
  /** Number of features seen in fit. */
  nFeaturesIn = 0;
  /** 'brute' or 'kd_tree', as resolved at fit (scikit-learn's _fit_method). */
  fitMethod: 'brute' | 'kd_tree' | null = null;
  private index: NeighborsIndex | null = null;
  private yIdx: Int32Array | null = null;

  constructor(options: KNeighborsClassifierOptions = {}) {
    super({ ...NEIGHBORS_DEFAULTS, weights: 'uniform', ...options });
  }

  /** Stores the training rows (and builds the KD-tree); returns this. */
  fit(X: ArrayInput, y: readonly string[]): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput): this;
  fit(X: ArrayInput, y: LabelInput): this | StringLabelled<this> {
    const Xm = toMatrix(X, 'X');
    const yv = readLabels(y);
    checkSameLength(Xm.shape[0], yv.length);
    const { classes, indices } = encodeLabels(yv);
    const [n, d] = Xm.shape;
    if (this.params.weights !== 'uniform' && this.params.weights !== 'distance') throw new ValueError(`KNeighborsClassifier: weights must be 'uniform' or 'distance', got '${String(this.params.weights)}'`);
    checkK(this.params.nNeighbors, Infinity, 'KNeighborsClassifier');
    this.index = new NeighborsIndex(Float64Array.from(Xm.dataSync() as Float64Array), n, d, this.params, 'KNeighborsClassifier');
    this.fitMethod = this.index.method;
    this.classes = classes; this.yIdx = indices; this.nFeaturesIn = d;
    return this;
  }

  /** The k nearest training rows of each query (X omitted: of each training row, excluding itself). */
  kneighbors(X?: ArrayInput | null, nNeighbors?: number, returnDistance?: true): KNeighborsResult;
  kneighbors(X: ArrayInput | null | undefined, nNeighbors: number | undefined, returnDistance: false): Tensor;
  kneighbors(X?: ArrayInput | null, nNeighbors?: number, returnDistance = true): KNeighborsResult | Tensor {
    return kneighborsOf(this, this.index, X, nNeighbors ?? this.params.nNeighbors, returnDistance);
  }

  /** Class probabilities [n, nClasses]: normalised (weighted) neighbour counts. */
  predictProba(X: ArrayInput): Tensor {
    const { proba, nq } = this.votes(X);
    const c = (this.classes as Float64Array).length;
    return fromFlat(proba, [nq, c]);
  }

  /** The most voted class of each row (smallest on ties). */
  predict(X: ArrayInput): Tensor {
    const { proba, nq } = this.votes(X);
    const classes = this.classes as ClassLabels;
    const c = classes.length;
    const out = new Int32Array(nq);
    for (let i = 0; i < nq; i++) {
      let best = 0;
      for (let j = 1; j < c; j++) if (proba[i * c + j] > proba[i * c + best]) best = j;
      out[i] = best;
    }
    return labelsAt(classes, out);
  }

  private votes(X: ArrayInput): { proba: Float64Array; nq: number } {
    const index = checkFitted(this, this.index, 'predict');
    const k = this.params.nNeighbors;
    const { distances, indices } = kneighborsOf(this, index, X, k, true) as KNeighborsResult;
    const nq = indices.shape[0];
    const dist = distances.dataSync() as Float64Array, idx = indices.dataSync() as Int32Array;
    const w = neighborWeights(dist, nq, k, this.params.weights, 'KNeighborsClassifier');
    const c = (this.classes as Float64Array).length, yIdx = this.yIdx as Int32Array;
    const proba = new Float64Array(nq * c);
    for (let i = 0; i < nq; i++) {
      let total = 0;
      for (let j = 0; j < k; j++) { proba[i * c + yIdx[idx[i * k + j]]] += w[i * k + j]; total += w[i * k + j]; }
      // scikit-learn: a zero normaliser (cannot happen with these weights) is replaced by 1.
      if (total === 0) total = 1;
      for (let j = 0; j < c; j++) proba[i * c + j] /= total;
    }
    return { proba, nq };
  }

  /** The fitted classifier as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): KNeighborsClassifierJSON {
    const index = checkFitted(this, this.index, 'toJSON');
    const classes = this.classes as ClassLabels, yIdx = this.yIdx as Int32Array;
    return { type: 'KNeighborsClassifier', params: { ...this.params }, X: Array.from(index.X), nSamples: index.n, nFeaturesIn: index.d, classes: labelsToJSON(classes), y: Array.from(yIdx, (i) => classes[i]) as number[] | string[] };
  }

  /** Restores a classifier saved by toJSON. */
  static fromJSON(json: KNeighborsClassifierJSON): KNeighborsClassifier {
    if (json.type !== 'KNeighborsClassifier') throw new ValueError(`KNeighborsClassifier.fromJSON: expected type 'KNeighborsClassifier', got ${String(json.type)}`);
    const X = fromFlat(Float64Array.from(json.X), [json.nSamples, json.nFeaturesIn]);
    return new KNeighborsClassifier(json.params).fit(X, json.y as unknown as ArrayInput);
  }
}

registerEstimator('KNeighborsClassifier', KNeighborsClassifier.fromJSON);
