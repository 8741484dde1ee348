import { LinAlgError } from '../../linalg/errors.js';
import { choleskyInPlace } from '../../linalg/cholesky.js';
import { gemm } from '../../linalg/matrix.js';

/** Covariance structures of a Gaussian mixture. */
export type CovarianceType = 'full' | 'tied' | 'diag' | 'spherical';

/** Mixture parameters; covariances/precChol layout: full [k, p, p], tied [p, p], diag [k, p], spherical [k]. */
export interface GaussianParams { weights: Float64Array; means: Float64Array; covariances: Float64Array; precChol: Float64Array }

/** Length of a covariance array of the given type. */
export function covSize(type: CovarianceType, k: number, p: number): number {
  return type === 'full' ? k * p * p : type === 'tied' ? p * p : type === 'diag' ? k * p : k;
}

/** scikit-learn's `_estimate_gaussian_parameters`: weights (unnormalised nk), means and covariances (+ regCovar) from responsibilities resp [n, k]. */
export function estimateGaussian(x: Float64Array, n: number, p: number, resp: Float64Array, k: number, reg: number, type: CovarianceType): { nk: Float64Array; means: Float64Array; cov: Float64Array } {
  const nk = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) nk[j] += resp[i * k + j];
  for (let j = 0; j < k; j++) nk[j] += 10 * 2.220446049250313e-16;
  const means = gemm(resp, n, k, true, x, n, p, false); // [k, p]
  for (let j = 0; j < k; j++) for (let f = 0; f < p; f++) means[j * p + f] /= nk[j];
  let cov: Float64Array;
  if (type === 'full') {
    cov = new Float64Array(k * p * p);
    const diff = new Float64Array(n * p), wd = new Float64Array(n * p);
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) { const d = x[i * p + f] - means[j * p + f]; diff[i * p + f] = d; wd[i * p + f] = resp[i * k + j] * d; }
      const c = gemm(wd, n, p, true, diff, n, p, false);
      for (let a = 0; a < p * p; a++) cov[j * p * p + a] = c[a] / nk[j];
      for (let a = 0; a < p; a++) cov[j * p * p + a * p + a] += reg;
    }
  } else if (type === 'tied') {
    const x2 = gemm(x, n, p, true, x, n, p, false);
    const wm = means.map((v, i) => v * nk[Math.floor(i / p)]);
    const m2 = gemm(wm, k, p, true, means, k, p, false);
    let total = 0;
    for (const v of nk) total += v;
    cov = x2.map((v, i) => (v - m2[i]) / total);
    for (let a = 0; a < p; a++) cov[a * p + a] += reg;
  } else {
    const sq = x.map((v) => v * v);
    const ax2 = gemm(resp, n, k, true, sq, n, p, false);
    const rx = gemm(resp, n, k, true, x, n, p, false);
    const diag = new Float64Array(k * p);
    for (let j = 0; j < k; j++) for (let f = 0; f < p; f++) {
      const o = j * p + f, m = means[o];
      diag[o] = ax2[o] / nk[j] - 2 * (m * rx[o] / nk[j]) + m * m + reg;
    }
    if (type === 'diag') cov = diag;
    else { cov = new Float64Array(k); for (let j = 0; j < k; j++) { let s = 0; for (let f = 0; f < p; f++) s += diag[j * p + f]; cov[j] = s / p; } }
  }
  return { nk, means, cov };
}

/** Lower Cholesky factor of the row-major p×p `a` (new array) or a LinAlgError naming the mixture. */
function cholLower(a: Float64Array, p: number): Float64Array {
  const l = a.slice();
  if (choleskyInPlace(l, p) !== -1) throw new LinAlgError('GaussianMixture: a covariance matrix is not positive definite (too few samples in a component, duplicate samples or too small regCovar); increase regCovar or scale the data');
  for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) l[i * p + j] = 0;
  return l;
}

/** The inverse-transpose of a lower triangular L: (L⁻¹)ᵀ, upper triangular (row-major). */
function invLowerT(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  for (let c = 0; c < p; c++) {
    for (let i = 0; i < p; i++) {
      let s = i === c ? 1 : 0;
      for (let q = 0; q < i; q++) s -= l[i * p + q] * inv[q * p + c];
      inv[i * p + c] = s / l[i * p + i];
    }
  }
  const t = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) t[i * p + j] = inv[j * p + i];
  return t;
}

/** scikit-learn's `_compute_precision_cholesky`: factors P with P·Pᵀ = Σ⁻¹. */
export function precisionCholesky(cov: Float64Array, type: CovarianceType, k: number, p: number): Float64Array {
  if (type === 'diag' || type === 'spherical') {
    return cov.map((v) => { if (!(v > 0)) throw new LinAlgError('GaussianMixture: a variance is not positive; increase regCovar'); return 1 / Math.sqrt(v); });
  }
  const m = type === 'full' ? k : 1, out = new Float64Array(m * p * p);
  for (let j = 0; j < m; j++) out.set(invLowerT(cholLower(cov.subarray(j * p * p, (j + 1) * p * p), p), p), j * p * p);
  return out;
}

/** Cholesky factors of given precisions (scikit-learn's handling of precisionsInit). */
export function precisionCholeskyFromPrecisions(prec: Float64Array, type: CovarianceType, k: number, p: number): Float64Array {
  if (type === 'diag' || type === 'spherical') return prec.map(Math.sqrt);
  const m = type === 'full' ? k : 1, out = new Float64Array(m * p * p);
  for (let j = 0; j < m; j++) out.set(cholLower(prec.subarray(j * p * p, (j + 1) * p * p), p), j * p * p);
  return out;
}

/** log N(x | μ_j, Σ_j) + log w_j for every sample and component: [n, k]. */
export function weightedLogProb(x: Float64Array, n: number, p: number, g: GaussianParams, k: number, type: CovarianceType): Float64Array {
  const out = new Float64Array(n * k);
  const { means, precChol: pc } = g;
  const c0 = p * Math.log(2 * Math.PI);
  if (type === 'full' || type === 'tied') {
    for (let j = 0; j < k; j++) {
      const P = type === 'full' ? pc.subarray(j * p * p, (j + 1) * p * p) : pc;
      let logDet = 0;
      for (let f = 0; f < p; f++) logDet += Math.log(P[f * p + f]);
      const y = gemm(x, n, p, false, P, p, p, false);
      const mu = gemm(means.subarray(j * p, (j + 1) * p), 1, p, false, P, p, p, false);
      const lw = Math.log(g.weights[j]);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let f = 0; f < p; f++) { const d = y[i * p + f] - mu[f]; s += d * d; }
        out[i * k + j] = -0.5 * (c0 + s) + logDet + lw;
      }
    }
    return out;
  }
  for (let j = 0; j < k; j++) {
    const lw = Math.log(g.weights[j]);
    let logDet = 0;
    if (type === 'diag') for (let f = 0; f < p; f++) logDet += Math.log(pc[j * p + f]);
    else logDet = p * Math.log(pc[j]);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let f = 0; f < p; f++) {
        const prec = type === 'diag' ? pc[j * p + f] ** 2 : pc[j] ** 2;
        const d = x[i * p + f] - means[j * p + f];
        s += d * d * prec;
      }
      out[i * k + j] = -0.5 * (c0 + s) + logDet + lw;
    }
  }
  return out;
}

/** Per-row log-sum-exp of a [n, k] (normaliser), and a turned into log responsibilities in place. */
export function normalizeLogResp(a: Float64Array, n: number, k: number): Float64Array {
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, a[i * k + j]);
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(a[i * k + j] - m);
    norm[i] = m === -Infinity ? -Infinity : m + Math.log(s);
    for (let j = 0; j < k; j++) a[i * k + j] -= norm[i];
  }
  return norm;
}
