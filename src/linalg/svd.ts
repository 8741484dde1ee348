/**
 * The singular value decomposition A = U·diag(S)·Vh (NumPy's `linalg.svd`).
 *
 * Algorithm: a wide A is handled through Aᵀ; a tall A (M ≥ 2N) is first reduced to its N×N
 * triangular factor R by QR (CholeskyQR2 on the backend's GEMM when large and well-conditioned,
 * Householder otherwise), and U = Q·U_R; the core is Golub–Kahan bidiagonalisation with
 * implicit-shift QR sweeps (golub-kahan.ts), backward stable on ill-conditioned and
 * rank-deficient input.
 *
 * Sign convention: singular vectors are unique only up to sign (per pair). nabla flips each pair
 * (u_i, v_i) so that the entry of largest magnitude in u_i is positive (scikit-learn's
 * `svd_flip` with the U-based decision), so results are deterministic; compare with NumPy up to
 * those signs.
 */
import type { Tensor } from '../tensor/tensor.js';
import { LinAlgError } from './errors.js';
import { golubKahanSVD } from './golub-kahan.js';
import { formQ, householderQR } from './householder.js';
import { fromF64, gemm, matrixAt, toStack, transposed, type MatrixInput } from './matrix.js';
import { tallQRFactored } from './tall-qr.js';

/** One matrix's SVD: s (k, descending), u row-major m×uc, vt row-major vr×n (uc = vr = k thin, m / n full). */
export interface SVDParts { s: Float64Array; u: Float64Array; vt: Float64Array; uc: number; vr: number }

/** The SVD of row-major m×n `a` (not modified). `full` gives square U and Vh; `op` names the caller in errors. */
export function svdCore(a: Float64Array, m: number, n: number, full: boolean, op = 'svd'): SVDParts {
  for (let i = 0; i < a.length; i++) {
    // NaN/Inf would only surface as a non-converging iteration: say what is wrong instead
    if (!Number.isFinite(a[i])) throw new LinAlgError(`${op}: the input contains ${Number.isNaN(a[i]) ? 'NaN' : 'Inf'} (at flat index ${i}); the SVD needs finite values`);
  }
  const k = Math.min(m, n);
  if (m < n) {
    const t = svdCore(transposed(a, m, n), n, m, full, op);
    // Aᵀ = U'·S·V'ᵀ ⇒ A = V'·S·U'ᵀ
    const out = { s: t.s, u: transposed(t.vt, t.vr, m), vt: transposed(t.u, n, t.uc), uc: t.vr, vr: t.uc };
    flipSigns(out.u, m, out.uc, out.vt, n, k);
    return out;
  }
  if (k === 0) return emptySVD(m, n, full);
  let s: Float64Array, u: Float64Array, v: Float64Array; // v column-major n×n = row-major Vᵀ
  let uc = n;
  if (full && m > n) {
    // complete Householder QR: U = Q·blockdiag(U_R, I)
    const c = transposed(a, m, n);
    const tau = householderQR(c, m, n);
    const q = transposed(formQ(c, m, tau, m), m, m); // row-major m×m
    const r = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) r[j * n + i] = c[j * m + i]; // column-major R
    ({ s, u: u, v } = golubKahanSVD(r, n, n));
    const ur = transposed(u, n, n); // row-major n×n
    const head = gemm(q, m, m, false, padRows(ur, n, m), m, n, false); // Q[:, :n]·U_R as Q·[U_R; 0]
    u = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      u.set(head.subarray(i * n, i * n + n), i * m);
      u.set(q.subarray(i * m + n, i * m + m), i * m + n);
    }
    uc = m;
  } else if (m >= 2 * n) {
    const { q1, t, r } = tallQRFactored(a, m, n);
    ({ s, u, v } = golubKahanSVD(transposed(r, n, n), n, n));
    const ur = transposed(u, n, n);
    u = gemm(q1, m, n, false, t ? gemm(t, n, n, false, ur, n, n, false) : ur, n, n, false); // Q·U_R, row-major m×n
  } else {
    ({ s, u, v } = golubKahanSVD(transposed(a, m, n), m, n));
    u = transposed(u, n, m);
  }
  flipSigns(u, m, uc, v, n, k);
  return { s, u, vt: v, uc, vr: n };
}

/** [x; 0]: row-major r×c padded with zero rows to R×c. */
function padRows(x: Float64Array, r: number, R: number): Float64Array {
  const out = new Float64Array(R * (x.length / r));
  out.set(x);
  return out;
}

function emptySVD(m: number, n: number, full: boolean): SVDParts {
  const eye = (d: number): Float64Array => { const e = new Float64Array(d * d); for (let i = 0; i < d; i++) e[i * d + i] = 1; return e; };
  return full ? { s: new Float64Array(0), u: eye(m), vt: eye(n), uc: m, vr: n } : { s: new Float64Array(0), u: new Float64Array(0), vt: new Float64Array(0), uc: 0, vr: 0 };
}

/** Makes the largest-magnitude entry of each of U's first k columns positive, flipping Vᵀ's row with it. */
function flipSigns(u: Float64Array, m: number, uc: number, vt: Float64Array, n: number, k: number): void {
  if (k === 0) return;
  // row-major passes over U: the largest |entry| per column (first one on ties), then the flips
  const best = new Float64Array(k).fill(-1), neg = new Uint8Array(k);
  for (let i = 0; i < m; i++) {
    const row = i * uc;
    for (let j = 0; j < k; j++) { const x = u[row + j], ax = Math.abs(x); if (ax > best[j]) { best[j] = ax; neg[j] = x < 0 ? 1 : 0; } }
  }
  if (!neg.includes(1)) return;
  for (let i = 0; i < m; i++) { const row = i * uc; for (let j = 0; j < k; j++) if (neg[j]) u[row + j] = -u[row + j]; }
  for (let j = 0; j < k; j++) if (neg[j]) for (let i = 0; i < n; i++) vt[j * n + i] = -vt[j * n + i];
}

/** Options of {@link svd}. */
export interface SVDOptions {
  /** Square U (…, M, M) and Vh (…, N, N) when true (NumPy's default); thin (…, M, K), (…, K, N) when false. */
  fullMatrices?: boolean;
  /** When false, only S is computed and U, Vh are null. Default true. */
  computeUV?: boolean;
}

/**
 * A = U·diag(S)·Vh for A (…, M, N): S (…, K) descending and non-negative, K = min(M, N).
 * See the module comment for the algorithm and the sign convention.
 *
 * ```ts
 * const { U, S, Vh } = linalg.svd(X, { fullMatrices: false }); // thin, as PCA uses
 * ```
 */
export function svd(A: MatrixInput, options: SVDOptions = {}): { U: Tensor | null; S: Tensor; Vh: Tensor | null } {
  const full = options.fullMatrices ?? true;
  const wantUV = options.computeUV ?? true;
  const st = toStack('svd', A);
  const { rows: m, cols: n, count } = st;
  const k = Math.min(m, n);
  const uc = full ? m : k, vr = full ? n : k;
  const S = new Float64Array(count * k);
  const U = new Float64Array(wantUV ? count * m * uc : 0), Vh = new Float64Array(wantUV ? count * vr * n : 0);
  for (let b = 0; b < count; b++) {
    const r = svdCore(matrixAt(st, b), m, n, full && wantUV);
    S.set(r.s, b * k);
    if (wantUV) { U.set(r.u, b * m * uc); Vh.set(r.vt, b * vr * n); }
  }
  return {
    U: wantUV ? fromF64(U, [...st.batch, m, uc], st.dtype) : null,
    S: fromF64(S, [...st.batch, k], st.dtype),
    Vh: wantUV ? fromF64(Vh, [...st.batch, vr, n], st.dtype) : null,
  };
}

/** The singular values of A (…, M, N), descending (`svd` with computeUV false). */
export function svdvals(A: MatrixInput): Tensor {
  return svd(A, { computeUV: false }).S;
}
