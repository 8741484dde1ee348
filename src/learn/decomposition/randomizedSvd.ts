import { fillNormal } from '../../tensor/random.js';
import { gemm } from '../../linalg/matrix.js';
import { svdCore } from '../../linalg/svd.js';
import { tallQR } from '../../linalg/tall-qr.js';
import { symmetricEigen } from '../../linalg/symmetric-eigen.js';

/** A truncated SVD: s [k], u row-major [m, k], vt row-major [k, n]. */
export interface TruncatedParts { s: Float64Array; u: Float64Array; vt: Float64Array; k: number }

/**
 * scikit-learn's `svd_flip` (U-based): flips each pair (u_i, v_i) so that the entry of largest
 * magnitude in u_i (the first one on ties) is positive. In place on row-major u [m, k], vt [k, n].
 */
export function svdFlip(u: Float64Array, m: number, k: number, vt: Float64Array, n: number): void {
  for (let j = 0; j < k; j++) {
    let best = 0, bi = 0;
    for (let i = 0; i < m; i++) { const a = Math.abs(u[i * k + j]); if (a > best) { best = a; bi = i; } }
    if (u[bi * k + j] < 0) {
      for (let i = 0; i < m; i++) u[i * k + j] = -u[i * k + j];
      for (let f = 0; f < n; f++) vt[j * n + f] = -vt[j * n + f];
    }
  }
}

/** An orthonormal basis of the columns of row-major a [rows, cols] (rows ≥ cols), by thin QR. */
function orth(a: Float64Array, rows: number, cols: number): Float64Array {
  return tallQR(a, rows, cols).q;
}

/** The first k columns of row-major a [rows, cols]. */
function firstColumns(a: Float64Array, rows: number, cols: number, k: number): Float64Array {
  if (k === cols) return a;
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) out.set(a.subarray(i * cols, i * cols + k), i * k);
  return out;
}

/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011, Algorithm 4.4; scikit-learn's
 * `randomized_svd`): a Gaussian sketch of k + nOversamples columns, nIter power iterations
 * re-orthonormalised by QR each half-step (scikit-learn uses LU there: the same subspace), then
 * the exact SVD of the small projected matrix. Every product is one GEMM. Signs by
 * {@link svdFlip}. Draws from the current generator stream.
 */
export function randomizedSvd(a: Float64Array, m: number, n: number, k: number, nOversamples: number, nIter: number): TruncatedParts {
  const l = Math.min(k + nOversamples, m, n);
  const omega = new Float64Array(n * l);
  fillNormal(omega);
  if (m >= 8 * n && n <= 512) return gramRandomizedSvd(a, m, n, k, l, omega, nIter);
  let y = gemm(a, m, n, false, omega, n, l, false); // [m, l]
  for (let it = 0; it < nIter; it++) {
    const q = orth(y, m, l);
    const z = orth(gemm(a, m, n, true, q, m, l, false), n, l); // [n, l]
    y = gemm(a, m, n, false, z, n, l, false);
  }
  const q = orth(y, m, l); // [m, l]
  const b = gemm(q, m, l, true, a, m, n, false); // [l, n]
  const small = svdCore(b, l, n, false, 'randomizedSvd');
  const u = gemm(q, m, l, false, small.u, l, small.uc, false); // [m, l]
  svdFlip(u, m, l, small.vt, n);
  return { s: small.s.slice(0, k), u: firstColumns(u, m, l, k), vt: small.vt.slice(0, k * n), k };
}

/** The exact thin SVD of a [m, n] truncated to k (signs by {@link svdFlip}, as nabla's svd). */
export function fullSvd(a: Float64Array, m: number, n: number, k: number): TruncatedParts {
  const r = svdCore(a, m, n, false, 'svd');
  return { s: r.s.slice(0, k), u: firstColumns(r.u, m, r.uc, k), vt: r.vt.slice(0, k * n), k };
}

/**
 * The tall-and-narrow case (m ≫ n): the same subspace iteration run on the n×n Gram matrix
 * G = AᵀA (one pass over A), S = orth(G^q·Ω), then Rayleigh–Ritz on the right subspace:
 * SᵀGS = W·Λ·Wᵀ gives σ = √λ and V = S·W; one more pass (U = A·V/σ) only for the signs.
 * Two GEMMs over the data instead of 2q + 3; the squared condition number costs accuracy only
 * in the smallest singular values (relative error ~ ε·σ₁²/σᵢ²), not in the leading ones.
 */
function gramRandomizedSvd(a: Float64Array, m: number, n: number, k: number, l: number, omega: Float64Array, nIter: number): TruncatedParts {
  const g = gemm(a, m, n, true, a, m, n, false); // [n, n]
  let sub = orth(omega, n, l); // [n, l]
  for (let it = 0; it < nIter; it++) sub = orth(gemm(g, n, n, false, sub, n, l, false), n, l);
  const gs = gemm(g, n, n, false, sub, n, l, false);
  const mtx = gemm(sub, n, l, true, gs, n, l, false); // [l, l] = SᵀGS, symmetric
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) { const v = (mtx[i * l + j] + mtx[j * l + i]) / 2; mtx[i * l + j] = mtx[j * l + i] = v; }
  const lam = symmetricEigen(mtx, l); // ascending; mtx now holds eigenvectors column-major (= row-major W)
  const s = new Float64Array(k), w = new Float64Array(l * k);
  for (let j = 0; j < k; j++) {
    const src = l - 1 - j;
    s[j] = Math.sqrt(Math.max(lam[src], 0));
    for (let i = 0; i < l; i++) w[i * k + j] = mtx[i + src * l];
  }
  const vk = gemm(sub, n, l, false, w, l, k, false); // [n, k]
  const u = gemm(a, m, n, false, vk, n, k, false); // [m, k] = U·diag(s)
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) u[i * k + j] = s[j] > 0 ? u[i * k + j] / s[j] : 0;
  const vt = new Float64Array(k * n);
  for (let j = 0; j < k; j++) for (let f = 0; f < n; f++) vt[j * n + f] = vk[f * k + j];
  svdFlip(u, m, k, vt, n);
  return { s, u, vt, k };
}
