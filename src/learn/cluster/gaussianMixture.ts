import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { fillNormal, nextDouble, withSeed } from '../../tensor/random.js';
import { registerEstimator } from '../persist.js';
import { BaseEstimator, checkFitted, toMatrix, type ArrayInput } from '../base.js';
import { KMeans } from './kmeans.js';
import { covSize, estimateGaussian, normalizeLogResp, precisionCholesky, precisionCholeskyFromPrecisions, weightedLogProb, type CovarianceType, type GaussianParams } from './gmmMath.js';

/** Options of {@link GaussianMixture}. */
export interface GaussianMixtureOptions {
  /** Mixture components (default 1). */
  nComponents?: number;
  /** 'full' (default), 'tied', 'diag' or 'spherical'. */
  covarianceType?: CovarianceType;
  /** Convergence threshold on the lower bound's change (default 1e-3). */
  tol?: number;
  /** Added to covariance diagonals (default 1e-6). */
  regCovar?: number;
  /** EM iterations per initialisation (default 100). */
  maxIter?: number;
  /** Initialisations, the best lower bound kept (default 1). */
  nInit?: number;
  /** Initial responsibilities: 'kmeans' (default, as scikit-learn) or 'random'. */
  initParams?: 'kmeans' | 'random';
  /** Initial weights [k], means [k, p] and precisions (shape by covarianceType), each optional. */
  weightsInit?: number[] | null;
  meansInit?: number[][] | null;
  precisionsInit?: number[] | number[][] | number[][][] | null;
  /** Seed; undefined draws from the global generator. */
  randomState?: number;
}

type GMMParams = Required<Omit<GaussianMixtureOptions, 'randomState'>> & { randomState: number | undefined };

/** A saved {@link GaussianMixture}. */
export interface GaussianMixtureJSON { type: 'GaussianMixture'; params: GMMParams; nFeaturesIn: number; weights: number[]; means: number[]; covariances: number[]; precisionsCholesky: number[]; converged: boolean; nIter: number; lowerBound: number }

/**
 * A Gaussian mixture fitted by expectation–maximisation (scikit-learn's `GaussianMixture`).
 *
 * ```ts
 * const gm = new learn.GaussianMixture({ nComponents: 3, randomState: 0 }).fit(X);
 * gm.predict(X); gm.predictProba(X); gm.bic(X); gm.sample(10);
 * ```
 */
export class GaussianMixture extends BaseEstimator<GMMParams> {
  weights: Tensor | null = null;
  means: Tensor | null = null;
  /** Covariances: full [k, p, p], tied [p, p], diag [k, p], spherical [k]. */
  covariances: Tensor | null = null;
  /** Cholesky factors of the precisions (same layout). */
  precisionsCholesky: Tensor | null = null;
  converged = false;
  nIter = 0;
  lowerBound = -Infinity;
  nFeaturesIn = 0;

  constructor(options: GaussianMixtureOptions = {}) {
    super({ nComponents: 1, covarianceType: 'full', tol: 1e-3, regCovar: 1e-6, maxIter: 100, nInit: 1, initParams: 'kmeans', weightsInit: null, meansInit: null, precisionsInit: null, randomState: undefined, ...options });
  }

  private shape(type: CovarianceType, k: number, p: number): number[] {
    return type === 'full' ? [k, p, p] : type === 'tied' ? [p, p] : type === 'diag' ? [k, p] : [k];
  }

  fit(X: ArrayInput): this {
    const { nComponents: k, covarianceType: type, regCovar: reg, maxIter, nInit, tol } = this.params;
    if (!['full', 'tied', 'diag', 'spherical'].includes(type)) throw new ValueError(`GaussianMixture: covarianceType must be 'full', 'tied', 'diag' or 'spherical', got '${String(type)}'`);
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    if (!Number.isInteger(k) || k < 1) throw new ValueError(`GaussianMixture: nComponents must be a positive integer, got ${k}`);
    if (n < k) throw new ValueError(`GaussianMixture: expected nSamples >= nComponents, got nSamples=${n}, nComponents=${k}`);
    const x = xt.dataSync() as Float64Array;
    const best = withSeed(this.params.randomState, () => {
      let bestG: GaussianParams | null = null, bestLb = -Infinity, bestIter = 0, conv = false;
      for (let r = 0; r < nInit; r++) {
        let g = this.initialize(x, n, p, k, type, reg);
        let lb = -Infinity, it = 0;
        for (it = 1; it <= maxIter; it++) {
          const prev = lb;
          const lr = weightedLogProb(x, n, p, g, k, type);
          const norm = normalizeLogResp(lr, n, k);
          g = this.mStep(x, n, p, lr.map(Math.exp), k, type, reg);
          lb = norm.reduce((a, b) => a + b, 0) / n;
          if (Math.abs(lb - prev) < tol) { conv = true; break; }
        }
        if (bestG === null || lb > bestLb) { bestG = g; bestLb = lb; bestIter = Math.min(it, maxIter); }
      }
      return { g: bestG as GaussianParams, lb: bestLb, it: bestIter, conv };
    });
    const g = best.g;
    this.weights = new Tensor(g.weights, [k], 'float64');
    this.means = new Tensor(g.means, [k, p], 'float64');
    this.covariances = new Tensor(g.covariances, this.shape(type, k, p), 'float64');
    this.precisionsCholesky = new Tensor(g.precChol, this.shape(type, k, p), 'float64');
    this.converged = best.conv; this.nIter = best.it; this.lowerBound = best.lb; this.nFeaturesIn = p;
    return this;
  }

  private initialize(x: Float64Array, n: number, p: number, k: number, type: CovarianceType, reg: number): GaussianParams {
    const { weightsInit, meansInit, precisionsInit, initParams } = this.params;
    let est: { nk: Float64Array; means: Float64Array; cov: Float64Array } | null = null;
    if (!(weightsInit && meansInit && precisionsInit)) {
      const resp = new Float64Array(n * k);
      if (initParams === 'kmeans') {
        const labels = new KMeans({ nClusters: k, nInit: 1, randomState: Math.floor(nextDouble() * 2 ** 31) }).fit(new Tensor(x, [n, p], 'float64')).labels?.dataSync() as Int32Array;
        for (let i = 0; i < n; i++) resp[i * k + labels[i]] = 1;
      } else if (initParams === 'random') {
        for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < k; j++) { resp[i * k + j] = nextDouble(); s += resp[i * k + j]; } for (let j = 0; j < k; j++) resp[i * k + j] /= s; }
      } else throw new ValueError(`GaussianMixture: initParams must be 'kmeans' or 'random', got '${String(initParams)}'`);
      est = estimateGaussian(x, n, p, resp, k, reg, type);
    }
    const weights = weightsInit ? Float64Array.from(weightsInit) : (est as { nk: Float64Array }).nk.map((v) => v / n);
    const means = meansInit ? Float64Array.from(meansInit.flat()) : (est as { means: Float64Array }).means;
    if (weights.length !== k) throw new ShapeError(`GaussianMixture: weightsInit has ${weights.length} entries, expected nComponents=${k}`);
    if (means.length !== k * p) throw new ShapeError(`GaussianMixture: meansInit must be [${k}, ${p}]`);
    if (precisionsInit) {
      const prec = Float64Array.from((precisionsInit as number[]).flat(2) as number[]);
      if (prec.length !== covSize(type, k, p)) throw new ShapeError(`GaussianMixture: precisionsInit must have shape [${this.shape(type, k, p)}] for covarianceType '${type}'`);
      return { weights, means, covariances: new Float64Array(covSize(type, k, p)), precChol: precisionCholeskyFromPrecisions(prec, type, k, p) };
    }
    const cov = (est as { cov: Float64Array }).cov;
    return { weights, means, covariances: cov, precChol: precisionCholesky(cov, type, k, p) };
  }

  private mStep(x: Float64Array, n: number, p: number, resp: Float64Array, k: number, type: CovarianceType, reg: number): GaussianParams {
    const { nk, means, cov } = estimateGaussian(x, n, p, resp, k, reg, type);
    let s = 0;
    for (const v of nk) s += v;
    return { weights: nk.map((v) => v / s), means, covariances: cov, precChol: precisionCholesky(cov, type, k, p) };
  }

  private logProb(X: ArrayInput, method: string): { lp: Float64Array; n: number } {
    const w = checkFitted(this, this.weights, method);
    const xt = toMatrix(X, 'X');
    if (xt.shape[1] !== this.nFeaturesIn) throw new ShapeError(`GaussianMixture.${method}: X has ${xt.shape[1]} features, but the mixture was fitted with ${this.nFeaturesIn}`);
    const g: GaussianParams = { weights: w.dataSync() as Float64Array, means: (this.means as Tensor).dataSync() as Float64Array, covariances: (this.covariances as Tensor).dataSync() as Float64Array, precChol: (this.precisionsCholesky as Tensor).dataSync() as Float64Array };
    return { lp: weightedLogProb(xt.dataSync() as Float64Array, xt.shape[0], this.nFeaturesIn, g, this.params.nComponents, this.params.covarianceType), n: xt.shape[0] };
  }

  /** Log-likelihood of each sample under the mixture [n]. */
  scoreSamples(X: ArrayInput): Tensor {
    const { lp, n } = this.logProb(X, 'scoreSamples');
    return new Tensor(normalizeLogResp(lp, n, this.params.nComponents), [n], 'float64');
  }

  /** Mean log-likelihood per sample. */
  score(X: ArrayInput): number {
    const s = this.scoreSamples(X).dataSync();
    let t = 0;
    for (const v of s) t += v;
    return t / s.length;
  }

  /** Posterior probability of each component [n, k]. */
  predictProba(X: ArrayInput): Tensor {
    const { lp, n } = this.logProb(X, 'predictProba');
    normalizeLogResp(lp, n, this.params.nComponents);
    return new Tensor(lp.map(Math.exp), [n, this.params.nComponents], 'float64');
  }

  /** The most probable component per sample (int32). */
  predict(X: ArrayInput): Tensor {
    const { lp, n } = this.logProb(X, 'predict');
    const k = this.params.nComponents, out = new Int32Array(n);
    for (let i = 0; i < n; i++) { let b = 0; for (let j = 1; j < k; j++) if (lp[i * k + j] > lp[i * k + b]) b = j; out[i] = b; }
    return new Tensor(out, [n], 'int32');
  }

  /** fit, then predict on the training data. */
  fitPredict(X: ArrayInput): Tensor {
    return this.fit(X).predict(X);
  }

  private nParameters(): number {
    const k = this.params.nComponents, p = this.nFeaturesIn, t = this.params.covarianceType;
    const cov = t === 'full' ? (k * p * (p + 1)) / 2 : t === 'diag' ? k * p : t === 'tied' ? (p * (p + 1)) / 2 : k;
    return cov + k * p + k - 1;
  }

  /** Bayesian information criterion on X (lower is better). */
  bic(X: ArrayInput): number {
    const n = toMatrix(X, 'X').shape[0];
    return -2 * this.score(X) * n + this.nParameters() * Math.log(n);
  }

  /** Akaike information criterion on X (lower is better). */
  aic(X: ArrayInput): number {
    const n = toMatrix(X, 'X').shape[0];
    return -2 * this.score(X) * n + 2 * this.nParameters();
  }

  /** nSamples draws from the fitted mixture: { X [n, p], y (component of each, int32) }, grouped by component. Draws from the global generator. */
  sample(nSamples = 1): { X: Tensor; y: Tensor } {
    const w = checkFitted(this, this.weights, 'sample').dataSync() as Float64Array;
    if (!Number.isInteger(nSamples) || nSamples < 1) throw new ValueError(`GaussianMixture.sample: nSamples must be a positive integer, got ${nSamples}`);
    const k = w.length, p = this.nFeaturesIn, type = this.params.covarianceType;
    const means = (this.means as Tensor).dataSync(), pc = (this.precisionsCholesky as Tensor).dataSync() as Float64Array;
    const counts = new Int32Array(k);
    for (let i = 0; i < nSamples; i++) {
      let u = nextDouble(), j = 0;
      while (j < k - 1 && u >= w[j]) { u -= w[j]; j++; }
      counts[j]++;
    }
    const X = new Float64Array(nSamples * p), y = new Int32Array(nSamples), z = new Float64Array(p);
    let r = 0;
    for (let j = 0; j < k; j++) {
      for (let c = 0; c < counts[j]; c++, r++) {
        fillNormal(z);
        y[r] = j;
        if (type === 'full' || type === 'tied') {
          // x = μ + P⁻ᵀ·z, P the precision Cholesky factor (upper-triangular system Pᵀ·v = z)
          const P = type === 'full' ? pc.subarray(j * p * p, (j + 1) * p * p) : pc;
          const v = new Float64Array(p);
          for (let i = p - 1; i >= 0; i--) { let s = z[i]; for (let q = i + 1; q < p; q++) s -= P[q * p + i] * v[q]; v[i] = s / P[i * p + i]; }
          for (let f = 0; f < p; f++) X[r * p + f] = means[j * p + f] + v[f];
        } else {
          for (let f = 0; f < p; f++) X[r * p + f] = means[j * p + f] + z[f] / (type === 'diag' ? pc[j * p + f] : pc[j]);
        }
      }
    }
    return { X: new Tensor(X, [nSamples, p], 'float64'), y: new Tensor(y, [nSamples], 'int32') };
  }

  /** The fitted model as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): GaussianMixtureJSON {
    const w = checkFitted(this, this.weights, 'toJSON');
    const a = (t: Tensor | null): number[] => Array.from((t as Tensor).dataSync());
    return { type: 'GaussianMixture', params: { ...this.params }, nFeaturesIn: this.nFeaturesIn, weights: a(w), means: a(this.means), covariances: a(this.covariances), precisionsCholesky: a(this.precisionsCholesky), converged: this.converged, nIter: this.nIter, lowerBound: this.lowerBound };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: GaussianMixtureJSON): GaussianMixture {
    if (json.type !== 'GaussianMixture') throw new ValueError(`GaussianMixture.fromJSON: expected type 'GaussianMixture', got ${String(json.type)}`);
    const m = new GaussianMixture(json.params);
    const k = json.params.nComponents, p = json.nFeaturesIn, sh = m.shape(json.params.covarianceType, k, p);
    m.weights = new Tensor(Float64Array.from(json.weights), [k], 'float64');
    m.means = new Tensor(Float64Array.from(json.means), [k, p], 'float64');
    m.covariances = new Tensor(Float64Array.from(json.covariances), sh, 'float64');
    m.precisionsCholesky = new Tensor(Float64Array.from(json.precisionsCholesky), sh, 'float64');
    Object.assign(m, { converged: json.converged, nIter: json.nIter, lowerBound: json.lowerBound, nFeaturesIn: p });
    return m;
  }
}

registerEstimator('GaussianMixture', GaussianMixture.fromJSON);
