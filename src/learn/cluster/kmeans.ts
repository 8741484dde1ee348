import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { withSeed } from '../../tensor/random.js';
import { registerEstimator } from '../persist.js';
import { BaseEstimator, checkFitted, checkSameLength, toFloat64Array, toMatrix, toVector, type ArrayInput } from '../base.js';
import { centredCopy, rowNormsSq } from './distance.js';
import { elkan } from './kmeansElkan.js';
import { kmeansPlusPlus, randomInit } from './kmeansInit.js';
import { assignLabels, centreDistances, inertiaOf, lloyd, type KMeansRun } from './kmeansLloyd.js';

/** Options of {@link KMeans}. */
export interface KMeansOptions {
  /** Number of clusters (default 8). */
  nClusters?: number;
  /** 'k-means++' (greedy, 2 + ⌊ln k⌋ trials per centre; default), 'random', or initial centres [k, p]. */
  init?: 'k-means++' | 'random' | number[][] | Tensor;
  /** Runs with different seeds, the best inertia kept: a count, or 'auto' (1 for k-means++ / given centres, 10 for random). Default 10, as the installed scikit-learn 1.2. */
  nInit?: number | 'auto';
  /** Iterations per run (default 300). */
  maxIter?: number;
  /** Convergence tolerance on the squared centre shift, relative to the mean feature variance (default 1e-4). */
  tol?: number;
  /** 'lloyd' (default) or 'elkan' (triangle-inequality bounds; the same result, fewer distances). */
  algorithm?: 'lloyd' | 'elkan';
  /** Seed for the initialisation; undefined draws from the global generator. */
  randomState?: number;
}

/** A saved {@link KMeans}. */
export interface KMeansJSON { type: 'KMeans'; params: Record<string, unknown>; clusterCenters: number[]; labels: number[]; inertia: number; nIter: number; nFeaturesIn: number }

/**
 * k-means clustering (scikit-learn's `KMeans`): minimises the within-cluster sum of squares.
 *
 * ```ts
 * const km = new learn.KMeans({ nClusters: 3, randomState: 0 }).fit(X);
 * km.clusterCenters; km.labels; km.inertia; km.predict(Xnew);
 * ```
 */
export class KMeans extends BaseEstimator<Required<Omit<KMeansOptions, 'randomState'>> & { randomState: number | undefined }> {
  /** Cluster centres [nClusters, nFeatures]. */
  clusterCenters: Tensor | null = null;
  /** The training samples' cluster indices (int32). */
  labels: Tensor | null = null;
  /** Sum of squared distances of the samples to their centres. */
  inertia = NaN;
  /** Iterations of the best run. */
  nIter = 0;
  nFeaturesIn = 0;

  constructor(options: KMeansOptions = {}) {
    super({ nClusters: 8, init: 'k-means++', nInit: 10, maxIter: 300, tol: 1e-4, algorithm: 'lloyd', randomState: undefined, ...options });
  }

  /** Runs k-means on X [n, p]; `sampleWeight` weights the samples. */
  fit(X: ArrayInput, _y?: unknown, sampleWeight?: ArrayInput | null): this {
    const { nClusters: k, init, maxIter, tol, algorithm } = this.params;
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    if (!Number.isInteger(k) || k < 1) throw new ValueError(`KMeans: nClusters must be a positive integer, got ${k}`);
    if (n < k) throw new ValueError(`KMeans: nSamples=${n} should be >= nClusters=${k}`);
    if (algorithm !== 'lloyd' && algorithm !== 'elkan') throw new ValueError(`KMeans: algorithm must be 'lloyd' or 'elkan', got '${String(algorithm)}'`);
    const sw = sampleWeight == null ? new Float64Array(n).fill(1) : Float64Array.from(toFloat64Array(toVector(sampleWeight, 'sampleWeight')));
    checkSameLength(n, sw.length, 'X', 'sampleWeight');
    let given: Float64Array | null = null;
    if (typeof init !== 'string') {
      const c = toMatrix(init, 'init');
      if (c.shape[0] !== k || c.shape[1] !== p) throw new ShapeError(`KMeans: init has shape [${c.shape}], expected [${k}, ${p}] (nClusters, nFeatures)`);
      given = (c.dataSync() as Float64Array).slice();
    } else if (init !== 'k-means++' && init !== 'random') throw new ValueError(`KMeans: init must be 'k-means++', 'random' or an array of centres, got '${String(init)}'`);
    let nInit = this.params.nInit === 'auto' ? (init === 'random' ? 10 : 1) : this.params.nInit;
    if (given) nInit = 1; // scikit-learn: explicit centres run once
    if (!Number.isInteger(nInit) || nInit < 1) throw new ValueError(`KMeans: nInit must be a positive integer or 'auto', got ${String(this.params.nInit)}`);
    // centre the data (as scikit-learn) for more accurate distances; centres shifted back at the end
    const { x, mean, sumSq, norms } = centredCopy(xt.dataSync() as Float64Array, n, p, true);
    const absTol = (sumSq / (n * p)) * tol;
    if (given) for (let j = 0; j < k; j++) for (let f = 0; f < p; f++) given[j * p + f] -= mean[f];
    const xNorm = norms as Float64Array;
    const run = algorithm === 'elkan' ? elkan : lloyd;
    const best = withSeed(this.params.randomState, () => {
      let b: KMeansRun | null = null;
      for (let r = 0; r < nInit; r++) {
        const c0 = given ?? (init === 'random' ? randomInit(x, n, p, k) : kmeansPlusPlus(x, n, p, k, xNorm, sw));
        const res = run(x, n, p, sw, c0, k, maxIter, absTol);
        if (b === null || res.inertia < b.inertia) b = res;
      }
      return b as KMeansRun;
    });
    const centers = best.centers;
    for (let j = 0; j < k; j++) for (let f = 0; f < p; f++) centers[j * p + f] += mean[f];
    this.clusterCenters = new Tensor(centers, [k, p], 'float64');
    this.labels = new Tensor(best.labels, [n], 'int32');
    this.inertia = best.inertia;
    this.nIter = best.nIter;
    this.nFeaturesIn = p;
    return this;
  }

  private checkX(X: ArrayInput, method: string): { x: Float64Array; n: number; c: Float64Array } {
    const c = checkFitted(this, this.clusterCenters, method).dataSync() as Float64Array;
    const xt = toMatrix(X, 'X');
    if (xt.shape[1] !== this.nFeaturesIn) throw new ShapeError(`KMeans.${method}: X has ${xt.shape[1]} features, but KMeans was fitted with ${this.nFeaturesIn}`);
    return { x: xt.dataSync() as Float64Array, n: xt.shape[0], c };
  }

  /** The nearest centre's index for each sample (int32 [n]). */
  predict(X: ArrayInput): Tensor {
    const { x, n, c } = this.checkX(X, 'predict');
    const labels = new Int32Array(n);
    assignLabels(x, n, this.nFeaturesIn, c, this.params.nClusters, labels);
    return new Tensor(labels, [n], 'int32');
  }

  /** Euclidean distances to every centre [n, nClusters]. */
  transform(X: ArrayInput): Tensor {
    const { x, n, c } = this.checkX(X, 'transform');
    const k = this.params.nClusters;
    const d = centreDistances(x, n, this.nFeaturesIn, c, k, rowNormsSq(x, n, this.nFeaturesIn));
    for (let i = 0; i < d.length; i++) d[i] = Math.sqrt(d[i]);
    return new Tensor(d, [n, k], 'float64');
  }

  /** Opposite of the inertia of X on the fitted centres (higher is better). */
  score(X: ArrayInput, _y?: unknown, sampleWeight?: ArrayInput | null): number {
    const { x, n, c } = this.checkX(X, 'score');
    const labels = new Int32Array(n);
    assignLabels(x, n, this.nFeaturesIn, c, this.params.nClusters, labels);
    const sw = sampleWeight == null ? new Float64Array(n).fill(1) : toFloat64Array(toVector(sampleWeight, 'sampleWeight'));
    return -inertiaOf(x, n, this.nFeaturesIn, sw, c, labels);
  }

  /** fit, then the training labels. */
  fitPredict(X: ArrayInput, _y?: unknown, sampleWeight?: ArrayInput | null): Tensor {
    return this.fit(X, undefined, sampleWeight).labels as Tensor;
  }

  /** fit, then transform. */
  fitTransform(X: ArrayInput): Tensor {
    return this.fit(X).transform(X);
  }

  /** The fitted model as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): KMeansJSON {
    const c = checkFitted(this, this.clusterCenters, 'toJSON');
    const init = this.params.init;
    const params = { ...this.params, init: init instanceof Tensor ? init.toArray() : init };
    return { type: 'KMeans', params, clusterCenters: Array.from(c.dataSync()), labels: Array.from((this.labels as Tensor).dataSync()), inertia: this.inertia, nIter: this.nIter, nFeaturesIn: this.nFeaturesIn };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: KMeansJSON): KMeans {
    if (json.type !== 'KMeans') throw new ValueError(`KMeans.fromJSON: expected type 'KMeans', got ${String(json.type)}`);
    const km = new KMeans(json.params as KMeansOptions);
    const k = json.clusterCenters.length / json.nFeaturesIn;
    km.clusterCenters = new Tensor(Float64Array.from(json.clusterCenters), [k, json.nFeaturesIn], 'float64');
    km.labels = new Tensor(Int32Array.from(json.labels), [json.labels.length], 'int32');
    km.inertia = json.inertia;
    km.nIter = json.nIter;
    km.nFeaturesIn = json.nFeaturesIn;
    return km;
  }
}

registerEstimator('KMeans', KMeans.fromJSON);
