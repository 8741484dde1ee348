import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { withSeed } from '../../tensor/random.js';
import { gemm } from '../../linalg/matrix.js';
import { registerEstimator } from '../persist.js';
import { BaseTransformer, checkFitted, toMatrix, type ArrayInput } from '../base.js';
import { fullSvd, randomizedSvd } from './randomizedSvd.js';
import { covarianceRoute } from './pcaCovariance.js';
import { centredCopy } from '../cluster/distance.js';

/** Options of {@link PCA}. */
export interface PCAOptions {
  /** Components kept: a count, a fraction (0, 1) of variance to explain, or null (all, min(n, p)). */
  nComponents?: number | null;
  /** Scale the projections to unit variance (default false). */
  whiten?: boolean;
  /**
   * 'auto' (default, scikit-learn ≥ 1.5's rule: 'covariance_eigh' when nFeatures ≤ 1000 and
   * nSamples ≥ 10·nFeatures; else 'randomized' when the data is larger than 500 and
   * nComponents < 0.8·min(n, p); else 'full'), 'full' (thin SVD of the centred data),
   * 'covariance_eigh' (eigen-decomposition of the p×p covariance: one pass over the data) or
   * 'randomized'.
   */
  svdSolver?: 'auto' | 'full' | 'covariance_eigh' | 'randomized';
  /** Power iterations for 'randomized': 'auto' (7 if nComponents < 0.1·min(n, p), else 4) or a count. */
  iteratedPower?: number | 'auto';
  /** Oversampling for 'randomized' (default 10). */
  nOversamples?: number;
  /** Seed for 'randomized'; undefined draws from the global generator. */
  randomState?: number;
}

type PCAParams = Required<Omit<PCAOptions, 'randomState'>> & { randomState: number | undefined };

/** A saved {@link PCA}. */
export interface PCAJSON { type: 'PCA'; params: PCAParams; nComponents: number; nFeaturesIn: number; nSamples: number; components: number[]; mean: number[]; explainedVariance: number[]; explainedVarianceRatio: number[]; singularValues: number[]; noiseVariance: number }

/**
 * Principal component analysis (scikit-learn's `PCA`): the data centred, then projected on the
 * right singular vectors of largest singular value (signs by scikit-learn's `svd_flip`).
 *
 * ```ts
 * const pca = new learn.PCA({ nComponents: 2 }).fit(X);
 * pca.explainedVarianceRatio; const Z = pca.transform(X); pca.inverseTransform(Z);
 * ```
 */
export class PCA extends BaseTransformer<PCAParams> {
  /** Principal axes [nComponents, nFeatures] (rows of unit length). */
  components: Tensor | null = null;
  /** Variance explained by each component (ddof 1). */
  explainedVariance: Tensor | null = null;
  explainedVarianceRatio: Tensor | null = null;
  singularValues: Tensor | null = null;
  /** Per-feature mean [nFeatures]. */
  mean: Tensor | null = null;
  /** The probabilistic-PCA noise variance: mean variance of the dropped components. */
  noiseVariance = NaN;
  /** Components kept after fit. */
  nComponents = 0;
  nFeaturesIn = 0;
  nSamples = 0;

  constructor(options: PCAOptions = {}) {
    super({ nComponents: null, whiten: false, svdSolver: 'auto', iteratedPower: 'auto', nOversamples: 10, randomState: undefined, ...options });
  }

  fit(X: ArrayInput): this {
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    const { nComponents: nc, svdSolver } = this.params;
    const kMax = Math.min(n, p);
    if (nc !== null && (!(nc > 0) || (nc >= 1 && (!Number.isInteger(nc) || nc > kMax)))) {
      throw new ValueError(`PCA: nComponents=${nc} must be null, a fraction in (0, 1) or an integer in [1, min(nSamples, nFeatures)=${kMax}]`);
    }
    let solver = svdSolver;
    if (solver === 'auto') {
      if (p <= 1000 && n >= 10 * p) solver = 'covariance_eigh';
      else solver = Math.max(n, p) > 500 && nc !== null && nc >= 1 && nc < 0.8 * kMax ? 'randomized' : 'full';
    }
    if (solver !== 'full' && solver !== 'covariance_eigh' && solver !== 'randomized') throw new ValueError(`PCA: svdSolver must be 'auto', 'full', 'covariance_eigh' or 'randomized', got '${String(svdSolver)}'`);
    if (solver === 'randomized' && (nc === null || nc < 1)) throw new ValueError(`PCA: svdSolver 'randomized' needs an integer nComponents, got ${nc}`);
    const src = xt.dataSync() as Float64Array;
    // the covariance route needs no centred copy of the data (on the native backend)
    const cov = solver === 'covariance_eigh' ? covarianceRoute(src, n, p, kMax) : null;
    const { x, mean, sumSq } = cov ? { x: src, mean: cov.mean, sumSq: NaN } : centredCopy(src, n, p);
    let totalVar = sumSq / (n - 1);
    let k: number, s: Float64Array, vt: Float64Array, noise: number;
    if (solver === 'full' || cov) {
      const r = cov ?? fullSvd(x, n, p, kMax);
      const ev = r.s.map((v) => (v * v) / (n - 1));
      const evSum = ev.reduce((a, b) => a + b, 0);
      if (nc === null) k = kMax;
      else if (nc < 1) {
        // smallest k whose cumulative ratio exceeds nc (searchsorted side 'right' + 1)
        let cum = 0;
        k = kMax;
        for (let i = 0; i < kMax; i++) { cum += ev[i] / evSum; if (cum > nc) { k = i + 1; break; } }
      } else k = nc;
      noise = 0;
      if (k < kMax) { for (let i = k; i < kMax; i++) noise += ev[i]; noise /= kMax - k; }
      totalVar = evSum;
      s = r.s.slice(0, k); vt = r.vt.slice(0, k * p);
      cov?.flip(vt, k); // the signs the SVD route's svd_flip gives
    } else {
      k = nc as number;
      const nIter = this.params.iteratedPower === 'auto' ? (k < 0.1 * kMax ? 7 : 4) : this.params.iteratedPower;
      const r = withSeed(this.params.randomState, () => randomizedSvd(x, n, p, k, this.params.nOversamples, nIter));
      s = r.s; vt = r.vt;
      let explained = 0;
      for (const v of s) explained += (v * v) / (n - 1);
      noise = k < kMax ? (totalVar - explained) / (kMax - k) : 0;
    }
    const ev = s.map((v) => (v * v) / (n - 1));
    this.components = new Tensor(vt, [k, p], 'float64');
    this.explainedVariance = new Tensor(ev, [k], 'float64');
    this.explainedVarianceRatio = new Tensor(ev.map((v) => v / totalVar), [k], 'float64');
    this.singularValues = new Tensor(s, [k], 'float64');
    this.mean = new Tensor(mean, [p], 'float64');
    this.noiseVariance = noise;
    this.nComponents = k;
    this.nFeaturesIn = p;
    this.nSamples = n;
    return this;
  }

  /** Projections on the components [n, nComponents] (whitened: divided by √explainedVariance). */
  transform(X: ArrayInput): Tensor {
    const comps = checkFitted(this, this.components, 'transform').dataSync() as Float64Array;
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    if (p !== this.nFeaturesIn) throw new ShapeError(`PCA.transform: X has ${p} features, but PCA was fitted with ${this.nFeaturesIn}`);
    const mean = (this.mean as Tensor).dataSync() as Float64Array;
    const x = (xt.dataSync() as Float64Array).slice();
    for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) x[i * p + f] -= mean[f];
    const k = this.nComponents;
    const z = gemm(x, n, p, false, comps, k, p, true); // [n, k]
    if (this.params.whiten) {
      const ev = (this.explainedVariance as Tensor).dataSync();
      for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) z[i * k + j] /= Math.sqrt(ev[j]);
    }
    return new Tensor(z, [n, k], 'float64');
  }

  /** Back to feature space [n, nFeatures]: Z·components (un-whitened first) + mean. */
  inverseTransform(Z: ArrayInput): Tensor {
    const comps = checkFitted(this, this.components, 'inverseTransform').dataSync() as Float64Array;
    const zt = toMatrix(Z, 'Z');
    const [n, k] = zt.shape;
    if (k !== this.nComponents) throw new ShapeError(`PCA.inverseTransform: Z has ${k} columns, expected nComponents=${this.nComponents}`);
    let z = zt.dataSync() as Float64Array;
    if (this.params.whiten) {
      const ev = (this.explainedVariance as Tensor).dataSync();
      z = z.map((v, i) => v * Math.sqrt(ev[i % k]));
    }
    const p = this.nFeaturesIn;
    const x = gemm(z, n, k, false, comps, k, p, false);
    const mean = (this.mean as Tensor).dataSync();
    for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) x[i * p + f] += mean[f];
    return new Tensor(x, [n, p], 'float64');
  }

  /** The fitted model as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): PCAJSON {
    const c = checkFitted(this, this.components, 'toJSON');
    const arr = (t: Tensor | null): number[] => Array.from((t as Tensor).dataSync());
    return { type: 'PCA', params: { ...this.params }, nComponents: this.nComponents, nFeaturesIn: this.nFeaturesIn, nSamples: this.nSamples, components: arr(c), mean: arr(this.mean), explainedVariance: arr(this.explainedVariance), explainedVarianceRatio: arr(this.explainedVarianceRatio), singularValues: arr(this.singularValues), noiseVariance: this.noiseVariance };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: PCAJSON): PCA {
    if (json.type !== 'PCA') throw new ValueError(`PCA.fromJSON: expected type 'PCA', got ${String(json.type)}`);
    const m = new PCA(json.params);
    const k = json.nComponents, p = json.nFeaturesIn;
    const t = (v: number[], shape: number[]): Tensor => new Tensor(Float64Array.from(v), shape, 'float64');
    m.components = t(json.components, [k, p]);
    m.mean = t(json.mean, [p]);
    m.explainedVariance = t(json.explainedVariance, [k]);
    m.explainedVarianceRatio = t(json.explainedVarianceRatio, [k]);
    m.singularValues = t(json.singularValues, [k]);
    m.noiseVariance = json.noiseVariance;
    Object.assign(m, { nComponents: k, nFeaturesIn: p, nSamples: json.nSamples });
    return m;
  }
}

registerEstimator('PCA', PCA.fromJSON);
