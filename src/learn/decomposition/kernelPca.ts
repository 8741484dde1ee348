import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { eigh } from '../../linalg/eigh.js';
import { solve } from '../../linalg/lu.js';
import { gemm } from '../../linalg/matrix.js';
import { registerEstimator } from '../persist.js';
import { BaseTransformer, checkFitted, toMatrix, type ArrayInput } from '../base.js';
import { kernelMatrix, type KernelName, type KernelParams } from './kernels.js';

/** Options of {@link KernelPCA}. */
export interface KernelPCAOptions {
  /** Components kept (default null: all with a non-zero eigenvalue). */
  nComponents?: number | null;
  /** 'linear' (default), 'poly', 'rbf', 'sigmoid', 'cosine' or 'precomputed' (X is the Gram matrix). */
  kernel?: KernelName;
  /** Kernel coefficient for rbf, poly, sigmoid (default null: 1 / nFeatures). */
  gamma?: number | null;
  /** Degree of the poly kernel (default 3). */
  degree?: number;
  /** Independent term of poly and sigmoid (default 1). */
  coef0?: number;
  /** Learn the pre-image map (kernel ridge regression) for inverseTransform (default false). */
  fitInverseTransform?: boolean;
  /** Ridge strength of the pre-image map (default 1). */
  alpha?: number;
  /** Drop components with a zero eigenvalue (default false; always when nComponents is null). */
  removeZeroEig?: boolean;
}

type KPCAParams = Required<KernelPCAOptions>;

/** A saved {@link KernelPCA}. */
export interface KernelPCAJSON { type: 'KernelPCA'; params: KPCAParams; nFeaturesIn: number; nSamples: number; xFit: number[]; eigenvalues: number[]; eigenvectors: number[]; rowMeans: number[]; allMean: number; dualCoef: number[] | null; xTransformedFit: number[] | null }

/**
 * Kernel principal component analysis (scikit-learn's `KernelPCA`, dense eigensolver): the
 * centred Gram matrix is eigen-decomposed (eigh); projections are eigenvectors·√eigenvalues.
 *
 * ```ts
 * const kp = new learn.KernelPCA({ nComponents: 2, kernel: 'rbf', gamma: 10 }).fit(X);
 * kp.transform(X); kp.eigenvalues;
 * ```
 */
export class KernelPCA extends BaseTransformer<KPCAParams> {
  /** Eigenvalues of the centred kernel matrix, descending [nComponents]. */
  eigenvalues: Tensor | null = null;
  /** Their eigenvectors [nSamples, nComponents] (signs by svd_flip). */
  eigenvectors: Tensor | null = null;
  nFeaturesIn = 0;
  private xFit: Float64Array | null = null;
  private rowMeans: Float64Array | null = null;
  private allMean = 0;
  private dualCoef: Float64Array | null = null;
  private xTransformedFit: Float64Array | null = null;
  private nSamples = 0;

  constructor(options: KernelPCAOptions = {}) {
    super({ nComponents: null, kernel: 'linear', gamma: null, degree: 3, coef0: 1, fitInverseTransform: false, alpha: 1, removeZeroEig: false, ...options });
  }

  private kparams(p: number): KernelParams {
    return { kernel: this.params.kernel, gamma: this.params.gamma ?? 1 / p, degree: this.params.degree, coef0: this.params.coef0 };
  }

  /** The kernel between rows of x [n, p] and the training samples [n, nSamples]. */
  private kernelTo(x: Float64Array, n: number): Float64Array {
    if (this.params.kernel === 'precomputed') return x.slice();
    return kernelMatrix(x, n, this.xFit as Float64Array, this.nSamples, this.nFeaturesIn, this.kparams(this.nFeaturesIn));
  }

  fit(X: ArrayInput): this {
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    const x = (xt.dataSync() as Float64Array).slice();
    if (this.params.kernel === 'precomputed' && n !== p) throw new ShapeError(`KernelPCA: a precomputed kernel must be square, got [${n}, ${p}]`);
    if (this.params.fitInverseTransform && this.params.kernel === 'precomputed') throw new ValueError('KernelPCA: cannot fitInverseTransform with a precomputed kernel');
    this.xFit = x; this.nSamples = n; this.nFeaturesIn = p;
    const K = this.params.kernel === 'precomputed' ? x.slice() : kernelMatrix(x, n, x, n, p, this.kparams(p));
    // KernelCenterer
    const rows = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rows[j] += K[i * n + j] / n;
    let all = 0;
    for (const v of rows) all += v / n;
    this.rowMeans = rows; this.allMean = all;
    this.center(K, n);
    let nc = this.params.nComponents ?? n;
    if (!Number.isInteger(nc) || nc < 1) throw new ValueError(`KernelPCA: nComponents must be a positive integer or null, got ${nc}`);
    nc = Math.min(nc, n);
    const { eigenvalues, eigenvectors } = eigh(new Tensor(K, [n, n], 'float64'));
    const w = eigenvalues.dataSync() as Float64Array, V = eigenvectors.dataSync() as Float64Array;
    // largest nc, descending; tiny negative eigenvalues (round-off of a PSD matrix) become 0
    // scikit-learn's _check_psd_eigenvalues: negatives and values below 1e-12·max become 0
    const maxEig = w[n - 1];
    const minEig = w[n - nc]; // only the computed (largest nc) eigenvalues are checked, as scikit-learn
    if (minEig < -1e-5 * maxEig && minEig < -1e-10) throw new ValueError(`KernelPCA: the kernel matrix has significant negative eigenvalues (${minEig}; largest ${maxEig}): it is not positive semi-definite`);
    let keep: number[] = [];
    for (let j = n - 1; j >= n - nc; j--) keep.push(j);
    const lam = (j: number): number => (w[j] < 1e-12 * maxEig ? 0 : w[j]);
    if (this.params.removeZeroEig || this.params.nComponents === null) keep = keep.filter((j) => lam(j) > 0);
    const k = keep.length;
    const vals = Float64Array.from(keep, lam), vecs = new Float64Array(n * k);
    keep.forEach((src, c) => {
      let best = 0, bi = 0;
      for (let i = 0; i < n; i++) { const a = Math.abs(V[i * n + src]); if (a > best) { best = a; bi = i; } }
      const sgn = V[bi * n + src] < 0 ? -1 : 1;
      for (let i = 0; i < n; i++) vecs[i * k + c] = sgn * V[i * n + src];
    });
    this.eigenvalues = new Tensor(vals, [k], 'float64');
    this.eigenvectors = new Tensor(vecs, [n, k], 'float64');
    this.dualCoef = null; this.xTransformedFit = null;
    if (this.params.fitInverseTransform) {
      const z = this.projections();
      const Kz = kernelMatrix(z, n, z, n, k, this.kparams(k));
      for (let i = 0; i < n; i++) Kz[i * n + i] += this.params.alpha;
      this.dualCoef = solve(new Tensor(Kz, [n, n], 'float64'), new Tensor(x, [n, p], 'float64')).dataSync() as Float64Array;
      this.xTransformedFit = z;
    }
    return this;
  }

  /** Kernel centring against the training kernel's means (scikit-learn's KernelCenterer.transform), in place on K [m, nSamples]. */
  private center(K: Float64Array, m: number): void {
    const n = this.nSamples, rows = this.rowMeans as Float64Array;
    for (let i = 0; i < m; i++) {
      let c = 0;
      for (let j = 0; j < n; j++) c += K[i * n + j] / n;
      for (let j = 0; j < n; j++) K[i * n + j] = K[i * n + j] - rows[j] - c + this.allMean;
    }
  }

  /** eigenvectors·√eigenvalues [nSamples, k] */
  private projections(): Float64Array {
    const v = (this.eigenvectors as Tensor).dataSync() as Float64Array, w = (this.eigenvalues as Tensor).dataSync();
    const k = w.length;
    return v.map((e, i) => e * Math.sqrt(w[i % k]));
  }

  /** fit, then the training projections eigenvectors·√eigenvalues. */
  override fitTransform(X: ArrayInput): Tensor {
    this.fit(X);
    return new Tensor(this.projections(), [this.nSamples, (this.eigenvalues as Tensor).shape[0]], 'float64');
  }

  /** Projections of new samples [n, nComponents] (for 'precomputed', X is the kernel to the training samples). */
  transform(X: ArrayInput): Tensor {
    const vec = checkFitted(this, this.eigenvectors, 'transform').dataSync() as Float64Array;
    const xt = toMatrix(X, 'X');
    const [m, p] = xt.shape;
    const want = this.params.kernel === 'precomputed' ? this.nSamples : this.nFeaturesIn;
    if (p !== want) throw new ShapeError(`KernelPCA.transform: X has ${p} columns, expected ${want}`);
    const K = this.kernelTo(xt.dataSync() as Float64Array, m);
    this.center(K, m);
    const w = (this.eigenvalues as Tensor).dataSync(), k = w.length, n = this.nSamples;
    const scaled = vec.map((e, i) => (w[i % k] !== 0 ? e / Math.sqrt(w[i % k]) : 0));
    return new Tensor(gemm(K, m, n, false, scaled, n, k, false), [m, k], 'float64');
  }

  /** Pre-images of projections [n, nFeatures] (needs fitInverseTransform). */
  inverseTransform(Z: ArrayInput): Tensor {
    checkFitted(this, this.eigenvectors, 'inverseTransform');
    if (!this.dualCoef) throw new ValueError('KernelPCA.inverseTransform: fit with fitInverseTransform: true first');
    const zt = toMatrix(Z, 'Z');
    const [m, k] = zt.shape, n = this.nSamples;
    if (k !== (this.eigenvalues as Tensor).shape[0]) throw new ShapeError(`KernelPCA.inverseTransform: Z has ${k} columns, expected ${(this.eigenvalues as Tensor).shape[0]}`);
    const K = kernelMatrix(zt.dataSync() as Float64Array, m, this.xTransformedFit as Float64Array, n, k, this.kparams(k));
    return new Tensor(gemm(K, m, n, false, this.dualCoef, n, this.nFeaturesIn, false), [m, this.nFeaturesIn], 'float64');
  }

  /** The fitted model as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): KernelPCAJSON {
    const v = checkFitted(this, this.eigenvectors, 'toJSON');
    return { type: 'KernelPCA', params: { ...this.params }, nFeaturesIn: this.nFeaturesIn, nSamples: this.nSamples, xFit: Array.from(this.xFit as Float64Array), eigenvalues: Array.from((this.eigenvalues as Tensor).dataSync()), eigenvectors: Array.from(v.dataSync()), rowMeans: Array.from(this.rowMeans as Float64Array), allMean: this.allMean, dualCoef: this.dualCoef ? Array.from(this.dualCoef) : null, xTransformedFit: this.xTransformedFit ? Array.from(this.xTransformedFit) : null };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: KernelPCAJSON): KernelPCA {
    if (json.type !== 'KernelPCA') throw new ValueError(`KernelPCA.fromJSON: expected type 'KernelPCA', got ${String(json.type)}`);
    const m = new KernelPCA(json.params);
    const k = json.eigenvalues.length;
    m.nFeaturesIn = json.nFeaturesIn; m.nSamples = json.nSamples;
    m.xFit = Float64Array.from(json.xFit);
    m.eigenvalues = new Tensor(Float64Array.from(json.eigenvalues), [k], 'float64');
    m.eigenvectors = new Tensor(Float64Array.from(json.eigenvectors), [json.nSamples, k], 'float64');
    m.rowMeans = Float64Array.from(json.rowMeans); m.allMean = json.allMean;
    m.dualCoef = json.dualCoef ? Float64Array.from(json.dualCoef) : null;
    m.xTransformedFit = json.xTransformedFit ? Float64Array.from(json.xTransformedFit) : null;
    return m;
  }
}

registerEstimator('KernelPCA', KernelPCA.fromJSON);
