import { gemm } from '../../linalg/matrix.js';
import { symmetricEigen } from '../../linalg/symmetric-eigen.js';
import { choleskyInPlace } from '../../linalg/cholesky.js';
import { svdCore } from '../../linalg/svd.js';
import { centredCopy } from '../cluster/distance.js';
import { nativeCentredGram, nativeRowDots } from '../cluster/native.js';

/** The spectrum of centred data: s [kMax] descending, vt row-major [kMax, p] (signs not yet fixed). */
export interface Spectrum { s: Float64Array; vt: Float64Array }

/**
 * scikit-learn's 'covariance_eigh' solver (≥ 1.5): the spectrum of centred data x [n, p] from
 * its p×p Gram matrix g = XᵀX (one pass over the data), without forming U. For tall-and-narrow
 * data (n ≫ p) far cheaper than a thin SVD.
 *
 * Accuracy: scikit-learn takes eigh(G/(n − 1)), whose small components carry a relative error
 * ~ ε·λ₁/λᵢ (the squared condition number). Here G is first equilibrated (G' = D⁻¹GD⁻¹, unit
 * diagonal) and Cholesky-factored, G' = LLᵀ, so X = Q·R with R = LᵀD and Q orthonormal; the
 * SVD of the p×p R gives σ and V with an error governed by cond(X·D⁻¹)² instead of cond(X)²
 * (on the breast-cancer set, whose features span six orders of magnitude, the smallest
 * components then match the SVD route to 1e-8 where eigh alone is off by 1e-7). When G' is not
 * numerically positive definite (rank-deficient data, n ≤ p) it falls back to eigh(G), clipping
 * eigenvalues below 0 (rounding) to 0, as scikit-learn.
 */
export function covarianceSpectrum(g: Float64Array, n: number, p: number, kMax: number): Spectrum {
  return choleskySpectrum(g, p, kMax) ?? eighSpectrum(g, n, p, kMax);
}

/** XᵀX [p, p] of row-major x [n, p] (one GEMM), made exactly symmetric. */
export function gramOf(x: Float64Array, n: number, p: number): Float64Array {
  const g = gemm(x, n, p, true, x, n, p, false);
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) { const v = (g[i * p + j] + g[j * p + i]) / 2; g[i * p + j] = g[j * p + i] = v; }
  return g;
}

/** The covariance route's spectrum, the column means, and the sign fix for the kept components. */
export interface CovarianceRoute extends Spectrum { mean: Float64Array; flip(vt: Float64Array, k: number): void }

/**
 * The covariance route on row-major src [n, p] (not modified): on the native backend the means
 * and the centred Gram matrix come from one kernel (no centred copy of the data); otherwise a
 * centred copy and one GEMM.
 */
export function covarianceRoute(src: Float64Array, n: number, p: number, kMax: number): CovarianceRoute {
  const g = nativeCentredGram(src, n, p);
  if (g !== null) {
    const sp = covarianceSpectrum(g.gram, n, p, kMax);
    return { ...sp, mean: g.mean, flip: (vt, k) => flipByProjection(src, n, p, vt, k, g.mean) };
  }
  const c = centredCopy(src, n, p);
  const sp = covarianceSpectrum(gramOf(c.x, n, p), n, p, kMax);
  return { ...sp, mean: c.mean, flip: (vt, k) => flipByProjection(c.x, n, p, vt, k, null) };
}

/** σ and V from the equilibrated Cholesky factor of the Gram matrix g [p, p], or null when it is not positive definite. */
function choleskySpectrum(g: Float64Array, p: number, kMax: number): Spectrum | null {
  const d = new Float64Array(p);
  for (let i = 0; i < p; i++) { d[i] = Math.sqrt(g[i * p + i]); if (!(d[i] > 0)) return null; }
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) l[i * p + j] = g[i * p + j] / (d[i] * d[j]);
  if (choleskyInPlace(l, p) !== -1) return null;
  const r = new Float64Array(p * p); // R = Lᵀ·D, upper triangular
  for (let i = 0; i < p; i++) for (let j = i; j < p; j++) r[i * p + j] = l[j * p + i] * d[j];
  const sv = svdCore(r, p, p, false, 'PCA');
  return { s: sv.s.slice(0, kMax), vt: sv.vt.slice(0, kMax * p) };
}

/** scikit-learn's route: eigh(G/(n − 1)), σ = √(λ·(n − 1)), V = the eigenvectors. */
function eighSpectrum(g: Float64Array, n: number, p: number, kMax: number): Spectrum {
  const c = g.map((v) => v / (n - 1));
  const lam = symmetricEigen(c, p); // ascending; c now holds the eigenvectors column-major
  const s = new Float64Array(kMax), vt = new Float64Array(kMax * p);
  for (let j = 0; j < kMax; j++) {
    const src = p - 1 - j;
    s[j] = Math.sqrt(Math.max(lam[src], 0) * (n - 1));
    for (let f = 0; f < p; f++) vt[j * p + f] = c[f + src * p];
  }
  return { s, vt };
}

/**
 * scikit-learn's U-based `svd_flip` when U is not formed: U's column j is (x − mean)·v_j/σ_j, so
 * the sign of its largest-magnitude entry (the first on ties) is that of (x − mean)·v_j at the
 * same row. Flips the first k rows of vt [·, p] in place; one product x·V_kᵀ [n, k] (mean null: x
 * is centred already).
 */
export function flipByProjection(x: Float64Array, n: number, p: number, vt: Float64Array, k: number, mean: Float64Array | null): void {
  if (k === 0 || n === 0) return;
  const z = nativeRowDots(x, n, p, vt, k) ?? gemm(x, n, p, false, vt, k, p, true); // [n, k]
  const shift = new Float64Array(k);
  if (mean !== null) for (let j = 0; j < k; j++) for (let f = 0; f < p; f++) shift[j] += mean[f] * vt[j * p + f];
  const best = new Float64Array(k).fill(-1), neg = new Uint8Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0, o = i * k; j < k; j++, o++) { const v = z[o] - shift[j], a = Math.abs(v); if (a > best[j]) { best[j] = a; neg[j] = v < 0 ? 1 : 0; } }
  }
  for (let j = 0; j < k; j++) if (neg[j]) for (let f = 0; f < p; f++) vt[j * p + f] = -vt[j * p + f];
}
