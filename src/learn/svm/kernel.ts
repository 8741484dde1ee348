import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { matmul } from '../../ops/matmul.js';
import { transpose } from '../../ops/movement.js';
import { KERNEL_CODE, nativeSvmEntries } from './native.js';

const EMPTY = new Float64Array(0);

/** A kernel: a name, a function k(x, y) of two rows, or a function computing a Gram block K(A, B). */
export type KernelSpec = 'linear' | 'poly' | 'rbf' | 'sigmoid' | 'precomputed'
  | ((x: Float64Array, y: Float64Array) => number)
  | { gram: (a: Float64Array, nA: number, b: Float64Array, nB: number, nFeatures: number) => Float64Array };

/** Resolved kernel parameters. */
export interface KernelParams { kernel: KernelSpec; degree: number; gamma: number; coef0: number }

/** gamma 'scale' = 1 / (nFeatures · X.var()) (1 when the variance is 0), 'auto' = 1 / nFeatures, as scikit-learn. */
export function resolveGamma(gamma: 'scale' | 'auto' | number, x: Float64Array, nFeatures: number, who: string): number {
  if (gamma === 'auto') return 1 / nFeatures;
  if (gamma === 'scale') {
    let m = 0;
    for (const v of x) m += v;
    m /= x.length;
    let s = 0;
    for (const v of x) s += (v - m) ** 2;
    const vr = s / x.length;
    return vr !== 0 ? 1 / (nFeatures * vr) : 1;
  }
  if (typeof gamma !== 'number' || !(gamma >= 0)) throw new ValueError(`${who}: gamma must be 'scale', 'auto' or a non-negative number, got ${String(gamma)}`);
  return gamma;
}

function powi(base: number, times: number): number {
  // libsvm's powi (integer power by squaring).
  let tmp = base, ret = 1;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}

/** Applies a named kernel to a block of dot products in place (sqA, sqB: squared row norms, for rbf). */
function finishBlock(kp: KernelParams, dots: Float64Array, nA: number, nB: number, sqA: Float64Array, sqB: Float64Array): void {
  const { kernel, gamma, coef0, degree } = kp;
  if (kernel === 'linear') return;
  for (let i = 0; i < nA; i++) {
    for (let j = 0; j < nB; j++) {
      const d = dots[i * nB + j];
      dots[i * nB + j] = kernel === 'rbf' ? Math.exp(-gamma * Math.max(sqA[i] + sqB[j] - 2 * d, 0))
        : kernel === 'poly' ? powi(gamma * d + coef0, degree) : Math.tanh(gamma * d + coef0);
    }
  }
}

function rowNorms(x: Float64Array, n: number, p: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < p; j++) s += x[i * p + j] ** 2; out[i] = s; }
  return out;
}

/**
 * The kernel block K(A, B) [nA, nB] row-major: named kernels through the engine's matmul
 * (rbf as exp(−γ(‖a‖² + ‖b‖² − 2a·b))), a pairwise function row by row, or the user's Gram
 * function. For 'precomputed', A is already the kernel rows (columns indexed by B's indices).
 */
export function kernelBlock(kp: KernelParams, a: Float64Array, nA: number, b: Float64Array, nB: number, p: number): Float64Array {
  const k = kp.kernel;
  if (typeof k === 'function') {
    const out = new Float64Array(nA * nB);
    for (let i = 0; i < nA; i++) {
      const ai = a.subarray(i * p, (i + 1) * p);
      for (let j = 0; j < nB; j++) out[i * nB + j] = k(ai, b.subarray(j * p, (j + 1) * p));
    }
    return out;
  }
  if (typeof k === 'object') return k.gram(a, nA, b, nB, p);
  if (k === 'precomputed') throw new ValueError('kernelBlock: precomputed kernels are indexed, not evaluated');
  const dots = matmul(new Tensor(a, [nA, p], 'float64'), transpose(new Tensor(b, [nB, p], 'float64'), 0, 1)).dataSync().slice() as Float64Array;
  finishBlock(kp, dots, nA, nB, k === 'rbf' ? rowNorms(a, nA, p) : dots, k === 'rbf' ? rowNorms(b, nB, p) : dots);
  return dots;
}

/**
 * Kernel columns of the training set K[:, i] (float32, as libsvm's Qfloat), computed on first
 * use as libsvm does (the solver touches far fewer columns than n on most problems): one flat
 * table when the whole Gram matrix fits in `cacheSize` MB, else an LRU cache of columns.
 */
export class KernelColumns {
  private cols = new Map<number, Float32Array>();
  private full: Float32Array | null = null;
  private readonly maxCols: number;
  /** The cache budget in float32 entries (cacheSize MB), for the solver's Q cache. */
  readonly cacheFloats: number;
  readonly diag: Float64Array;

  private done: Uint8Array | null = null;
  private sq: Float64Array | null = null;

  constructor(private readonly kp: KernelParams, private readonly x: Float64Array, readonly n: number, private readonly p: number, cacheSizeMB: number) {
    this.maxCols = Math.max(2, Math.floor((cacheSizeMB * 1024 * 1024) / (4 * Math.max(n, 1))));
    this.cacheFloats = Math.floor((cacheSizeMB * 1024 * 1024) / 4);
    this.diag = new Float64Array(n);
    this.wholeFits = this.maxCols >= n && typeof kp.kernel === 'string';
    if (kp.kernel === 'precomputed') {
      for (let i = 0; i < n; i++) this.diag[i] = x[i * p + i];
      return;
    }
    if (kp.kernel === 'rbf') this.sq = rowNorms(x, n, p);
    // libsvm keeps the diagonal QD in double precision.
    if (typeof kp.kernel === 'string') {
      const one = new Int32Array(1);
      for (let i = 0; i < n; i++) { one[0] = i; this.diag[i] = this.entries(i, one, 0, 1, null)[0]; }
    } else {
      for (let i = 0; i < n; i++) this.diag[i] = kernelBlock(kp, x.subarray(i * p, (i + 1) * p), 1, x.subarray(i * p, (i + 1) * p), 1, p)[0];
    }
  }

  private readonly wholeFits: boolean;
  private scratch = new Float64Array(0);

  /**
   * K(x_i, x_rows[j]) for j in [start, end), as libsvm's Kernel::kernel_* on the fly: one dot
   * product of two rows per entry (rbf from the squared norms: exp(−γ(‖a‖² + ‖b‖² − 2a·b))).
   * Written to `out[j]` (float32, libsvm's Qfloat) when given, else returned in a float64 scratch.
   * Named kernels only (and 'precomputed', read from the rows); functions go through column().
   */
  entries(i: number, rows: Int32Array, start: number, end: number, out: Float32Array | null): Float64Array {
    const { x, p } = this;
    if (this.scratch.length < end) this.scratch = new Float64Array(Math.max(end, 2 * this.scratch.length));
    const d = this.scratch;
    const { kernel, gamma, coef0, degree } = this.kp;
    if (kernel === 'precomputed') {
      for (let j = start; j < end; j++) d[j] = x[i * p + rows[j]];
    } else {
      const a = i * p;
      let j0 = start;
      // four rows at a time (independent accumulator chains)
      for (; j0 + 3 < end; j0 += 4) {
        const b0 = rows[j0] * p, b1 = rows[j0 + 1] * p, b2 = rows[j0 + 2] * p, b3 = rows[j0 + 3] * p;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let t = 0; t < p; t++) { const xa = x[a + t]; s0 += xa * x[b0 + t]; s1 += xa * x[b1 + t]; s2 += xa * x[b2 + t]; s3 += xa * x[b3 + t]; }
        d[j0] = s0; d[j0 + 1] = s1; d[j0 + 2] = s2; d[j0 + 3] = s3;
      }
      if (p % 2 === 0) {
        for (let j = j0; j < end; j++) {
          const b = rows[j] * p;
          let s0 = 0, s1 = 0;
          for (let t = 0; t < p; t += 2) { s0 += x[a + t] * x[b + t]; s1 += x[a + t + 1] * x[b + t + 1]; }
          d[j] = s0 + s1;
        }
      } else {
        for (let j = j0; j < end; j++) {
          const b = rows[j] * p;
          let s = 0;
          for (let t = 0; t < p; t++) s += x[a + t] * x[b + t];
          d[j] = s;
        }
      }
      if (kernel === 'rbf') {
        const sq = this.sq as Float64Array, si = sq[i];
        for (let j = start; j < end; j++) d[j] = Math.exp(-gamma * Math.max(si + sq[rows[j]] - 2 * d[j], 0));
      } else if (kernel === 'poly') for (let j = start; j < end; j++) d[j] = powi(gamma * d[j] + coef0, degree);
      else if (kernel === 'sigmoid') for (let j = start; j < end; j++) d[j] = Math.tanh(gamma * d[j] + coef0);
    }
    if (out) for (let j = start; j < end; j++) out[j] = d[j];
    return d;
  }

  private native: ReturnType<typeof nativeSvmEntries> | undefined;
  private readonly args = new Float64Array(10);

  /**
   * Q entries for the solver: out[j] = signI·signs[j]·K(x_i, x_rows[j]) (float32) for j in
   * [start, end), on the native kernel (cpp/svm.cc) when available, else entries().
   */
  qEntries(i: number, rows: Int32Array, signs: Int8Array, signI: number, start: number, end: number, out: Float32Array): void {
    const kernel = this.kp.kernel;
    if (this.native === undefined) this.native = typeof kernel === 'string' && kernel !== 'precomputed' ? nativeSvmEntries() : null;
    if (this.native) {
      const a = this.args;
      a[0] = this.n; a[1] = this.p; a[2] = i; a[3] = start; a[4] = end; a[5] = KERNEL_CODE[kernel as string];
      a[6] = this.kp.gamma; a[7] = this.kp.coef0; a[8] = this.kp.degree; a[9] = signI;
      this.native(this.x, this.sq ?? EMPTY, rows, signs, out, a);
      return;
    }
    this.entries(i, rows, start, end, out);
    if (signI > 0) { for (let j = start; j < end; j++) if (signs[j] < 0) out[j] = -out[j]; }
    else for (let j = start; j < end; j++) if (signs[j] > 0) out[j] = -out[j];
  }

  /** Whether entries() can evaluate this kernel (named kernels and 'precomputed'). */
  get direct(): boolean { return typeof this.kp.kernel === 'string'; }

  private xt: Tensor | null = null;

  /** Column i of a named kernel: X·x_i on the engine's matmul, then the kernel elementwise. */
  private compute(i: number, out: Float32Array): void {
    const { x, p, n } = this;
    const { kernel, gamma, coef0, degree } = this.kp;
    this.xt ??= new Tensor(x, [n, p], 'float64');
    const d = matmul(this.xt, new Tensor(x.subarray(i * p, (i + 1) * p), [p, 1], 'float64')).dataSync() as Float64Array;
    if (kernel === 'rbf') {
      const sq = this.sq as Float64Array, si = sq[i];
      for (let j = 0; j < n; j++) out[j] = Math.exp(-gamma * Math.max(si + sq[j] - 2 * d[j], 0));
    } else if (kernel === 'linear') out.set(d);
    else if (kernel === 'poly') for (let j = 0; j < n; j++) out[j] = powi(gamma * d[j] + coef0, degree);
    else for (let j = 0; j < n; j++) out[j] = Math.tanh(gamma * d[j] + coef0);
  }

  /** Column i of K in the original order (do not keep it across calls that may evict). */
  column(i: number): Float32Array {
    if (this.wholeFits && !this.full) {
      // Every column fits: one flat n×n table, each column computed on first use.
      this.full = new Float32Array(this.n * this.n);
      this.done = new Uint8Array(this.n);
    }
    if (this.full) {
      const col = this.full.subarray(i * this.n, (i + 1) * this.n);
      if (!(this.done as Uint8Array)[i]) { this.compute(i, col); (this.done as Uint8Array)[i] = 1; }
      return col;
    }
    let c = this.cols.get(i);
    if (c) { this.cols.delete(i); this.cols.set(i, c); return c; }
    if (this.kp.kernel === 'precomputed') c = Float32Array.from(this.x.subarray(i * this.p, (i + 1) * this.p));
    else if (typeof this.kp.kernel === 'string') { c = new Float32Array(this.n); this.compute(i, c); }
    else c = Float32Array.from(kernelBlock(this.kp, this.x.subarray(i * this.p, (i + 1) * this.p), 1, this.x, this.n, this.p));
    if (this.cols.size >= this.maxCols) this.cols.delete(this.cols.keys().next().value as number);
    this.cols.set(i, c);
    return c;
  }
}
