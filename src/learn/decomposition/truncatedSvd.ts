import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { withSeed } from '../../tensor/random.js';
import { gemm } from '../../linalg/matrix.js';
import { registerEstimator } from '../persist.js';
import { BaseTransformer, checkFitted, toMatrix, type ArrayInput } from '../base.js';
import { fullSvd, randomizedSvd } from './randomizedSvd.js';

/** Options of {@link TruncatedSVD}. */
export interface TruncatedSVDOptions {
  /** Components kept (default 2), < nFeatures. */
  nComponents?: number;
  /** 'randomized' (default; Halko et al.) or 'full' (exact thin SVD, truncated; scikit-learn's 'arpack' result). */
  algorithm?: 'randomized' | 'full';
  /** Power iterations for 'randomized' (default 5). */
  nIter?: number;
  /** Oversampling for 'randomized' (default 10). */
  nOversamples?: number;
  /** Seed; undefined draws from the global generator. */
  randomState?: number;
}

type TSVDParams = Required<Omit<TruncatedSVDOptions, 'randomState'>> & { randomState: number | undefined };

/** A saved {@link TruncatedSVD}. */
export interface TruncatedSVDJSON { type: 'TruncatedSVD'; params: TSVDParams; nFeaturesIn: number; components: number[]; explainedVariance: number[]; explainedVarianceRatio: number[]; singularValues: number[] }

/**
 * Truncated SVD without centring (scikit-learn's `TruncatedSVD`, a.k.a. LSA): X ≈ U·S·Vᵀ with
 * the nComponents largest singular values; transform is X·Vᵀ.
 *
 * ```ts
 * const svd = new learn.TruncatedSVD({ nComponents: 5, randomState: 0 }).fit(X);
 * svd.transform(X); svd.explainedVarianceRatio;
 * ```
 */
export class TruncatedSVD extends BaseTransformer<TSVDParams> {
  /** Right singular vectors [nComponents, nFeatures]. */
  components: Tensor | null = null;
  /** Variance of each projected column (ddof 0). */
  explainedVariance: Tensor | null = null;
  explainedVarianceRatio: Tensor | null = null;
  singularValues: Tensor | null = null;
  nFeaturesIn = 0;

  constructor(options: TruncatedSVDOptions = {}) {
    super({ nComponents: 2, algorithm: 'randomized', nIter: 5, nOversamples: 10, randomState: undefined, ...options });
  }

  fit(X: ArrayInput): this {
    this.fitTransform(X);
    return this;
  }

  /** fit, then the projections U·S [n, nComponents]. */
  override fitTransform(X: ArrayInput): Tensor {
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    const { nComponents: k, algorithm } = this.params;
    if (!Number.isInteger(k) || k < 1 || k > Math.min(n, p)) throw new ValueError(`TruncatedSVD: nComponents=${k} must be an integer in [1, min(nSamples, nFeatures)=${Math.min(n, p)}]`);
    if (algorithm !== 'randomized' && algorithm !== 'full') throw new ValueError(`TruncatedSVD: algorithm must be 'randomized' or 'full', got '${String(algorithm)}'`);
    const x = xt.dataSync() as Float64Array;
    const r = algorithm === 'full' ? fullSvd(x, n, p, k) : withSeed(this.params.randomState, () => randomizedSvd(x, n, p, k, this.params.nOversamples, this.params.nIter));
    const z = new Float64Array(n * k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) z[i * k + j] = r.u[i * k + j] * r.s[j];
    const ev = columnVariances(z, n, k);
    const fullVar = columnVariances(x, n, p).reduce((a, b) => a + b, 0);
    this.components = new Tensor(r.vt, [k, p], 'float64');
    this.explainedVariance = new Tensor(ev, [k], 'float64');
    this.explainedVarianceRatio = new Tensor(ev.map((v) => v / fullVar), [k], 'float64');
    this.singularValues = new Tensor(r.s, [k], 'float64');
    this.nFeaturesIn = p;
    return new Tensor(z, [n, k], 'float64');
  }

  /** X·componentsᵀ [n, nComponents]. */
  transform(X: ArrayInput): Tensor {
    const c = checkFitted(this, this.components, 'transform').dataSync() as Float64Array;
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    if (p !== this.nFeaturesIn) throw new ShapeError(`TruncatedSVD.transform: X has ${p} features, but TruncatedSVD was fitted with ${this.nFeaturesIn}`);
    const k = this.params.nComponents;
    return new Tensor(gemm(xt.dataSync() as Float64Array, n, p, false, c, k, p, true), [n, k], 'float64');
  }

  /** Z·components [n, nFeatures]. */
  inverseTransform(Z: ArrayInput): Tensor {
    const c = checkFitted(this, this.components, 'inverseTransform').dataSync() as Float64Array;
    const zt = toMatrix(Z, 'Z');
    const k = this.params.nComponents, p = this.nFeaturesIn;
    if (zt.shape[1] !== k) throw new ShapeError(`TruncatedSVD.inverseTransform: Z has ${zt.shape[1]} columns, expected nComponents=${k}`);
    return new Tensor(gemm(zt.dataSync() as Float64Array, zt.shape[0], k, false, c, k, p, false), [zt.shape[0], p], 'float64');
  }

  /** The fitted model as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): TruncatedSVDJSON {
    const c = checkFitted(this, this.components, 'toJSON');
    const arr = (t: Tensor | null): number[] => Array.from((t as Tensor).dataSync());
    return { type: 'TruncatedSVD', params: { ...this.params }, nFeaturesIn: this.nFeaturesIn, components: arr(c), explainedVariance: arr(this.explainedVariance), explainedVarianceRatio: arr(this.explainedVarianceRatio), singularValues: arr(this.singularValues) };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: TruncatedSVDJSON): TruncatedSVD {
    if (json.type !== 'TruncatedSVD') throw new ValueError(`TruncatedSVD.fromJSON: expected type 'TruncatedSVD', got ${String(json.type)}`);
    const m = new TruncatedSVD(json.params);
    const k = json.params.nComponents;
    const t = (v: number[]): Tensor => new Tensor(Float64Array.from(v), [v.length], 'float64');
    m.components = new Tensor(Float64Array.from(json.components), [k, json.nFeaturesIn], 'float64');
    m.explainedVariance = t(json.explainedVariance);
    m.explainedVarianceRatio = t(json.explainedVarianceRatio);
    m.singularValues = t(json.singularValues);
    m.nFeaturesIn = json.nFeaturesIn;
    return m;
  }
}

/** Per-column variance (ddof 0) of row-major a [n, p]. */
function columnVariances(a: Float64Array, n: number, p: number): Float64Array {
  const mean = new Float64Array(p), v = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) mean[f] += a[i * p + f] / n;
  for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) { const t = a[i * p + f] - mean[f]; v[f] += t * t / n; }
  return v;
}

registerEstimator('TruncatedSVD', TruncatedSVD.fromJSON);
