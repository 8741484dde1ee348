/** Least-squares solutions of A·X ≈ B (NumPy's `linalg.lstsq`, PyTorch's `driver` option). */
import type { Tensor } from '../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { unsqueeze } from '../ops/movement.js';
import { LinAlgError } from './errors.js';
import { applyQt, applyReflector, householderQR } from './householder.js';
import { asTensor, epsOf, fromF64, gemm, stackOf, transposed, type MatrixInput } from './matrix.js';
import { svdCore } from './svd.js';
import { tallQR } from './tall-qr.js';

/** 'gelsd': SVD based, any rank (default); 'gels': Householder QR, A must have full rank. */
export type LstsqDriver = 'gelsd' | 'gels';

/** Options of {@link lstsq}. */
export interface LstsqOptions {
  /**
   * Singular values s ≤ rcond · max(s) are treated as zero (rank-deficient A). Default:
   * eps · max(M, N), eps of the input's dtype (NumPy ≥ 2 and PyTorch). A negative value means eps.
   */
  rcond?: number | null;
  driver?: LstsqDriver;
}

/** What {@link lstsq} returns (NumPy's tuple, by name). */
export interface LstsqResult {
  /** X (N,) or (N, K): the minimum-norm least-squares solution. */
  solution: Tensor;
  /** Squared residual norm per column of B, shape (K,) or (1,); empty (0,) unless rank = N < M (NumPy). */
  residuals: Tensor;
  /** The effective rank of A (N for the 'gels' driver). */
  rank: number;
  /** A's singular values, descending (min(M, N),); empty for the 'gels' driver. */
  singularValues: Tensor;
}

/**
 * The least-squares solution of A·X ≈ B for A (M, N) and B (M,) or (M, K). With the default
 * SVD driver a rank-deficient A gives the minimum-norm solution, exactly NumPy's semantics;
 * the 'gels' driver (QR for M ≥ N, the minimum-norm QR of Aᵀ for M < N) needs full rank and
 * throws LinAlgError otherwise.
 *
 * ```ts
 * const { solution, residuals, rank } = linalg.lstsq(X, y);
 * ```
 */
export function lstsq(A: MatrixInput, B: MatrixInput, options: LstsqOptions = {}): LstsqResult {
  const driver = options.driver ?? 'gelsd';
  if (driver !== 'gelsd' && driver !== 'gels') throw new ValueError(`lstsq: unknown driver '${String(driver)}'; expected 'gelsd' or 'gels'`);
  const ta = asTensor(A), tb0 = asTensor(B);
  if (ta.ndim !== 2) throw new ShapeError(`lstsq: A must be 2-D (M, N), got shape ${fmtShape(ta.shape)}`);
  const vector = tb0.ndim === 1;
  const tb = vector ? unsqueeze(tb0, 1) : tb0;
  if (tb.ndim !== 2 || tb.shape[0] !== ta.shape[0]) {
    throw new ShapeError(`lstsq: A ${fmtShape(ta.shape)} and B ${fmtShape(tb0.shape)}: B must be (M,) or (M, K) with M = ${ta.shape[0]}`);
  }
  const sa = stackOf(ta), sb = stackOf(tb);
  const m = sa.rows, n = sa.cols, k = sb.cols;
  const dtype = sa.dtype === 'float32' && sb.dtype === 'float32' ? 'float32' : 'float64';
  const core = driver === 'gels' ? qrSolve(sa.data, m, n, sb.data, k) : svdSolve(sa.data, m, n, sb.data, k, options.rcond, epsOf(sa.dtype));
  // residuals: NumPy reports them only for a full-rank overdetermined system
  let res = new Float64Array(0);
  if (core.rank === n && m > n) {
    const r = gemm(sa.data, m, n, false, core.x, n, k, false);
    res = new Float64Array(k);
    for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) { const d = sb.data[i * k + c] - r[i * k + c]; res[c] += d * d; }
  }
  return {
    solution: fromF64(core.x, vector ? [n] : [n, k], dtype),
    residuals: fromF64(res, [res.length], dtype),
    rank: core.rank,
    singularValues: fromF64(core.s, [core.s.length], dtype),
  };
}

/** x = V·diag(1/s)·Uᵀ·b over the singular values above rcond·max(s). */
function svdSolve(a: Float64Array, m: number, n: number, b: Float64Array, k: number, rcond: number | null | undefined, eps: number) {
  let s: Float64Array, vt: Float64Array, uc: number, utb: Float64Array;
  if (m >= 2 * n && n > 0) {
    // tall: A = Q·R, R = U_R·S·Vᵀ ⇒ Uᵀb = U_Rᵀ·(Qᵀb), without forming the m×n U
    const { q, r } = tallQR(a, m, n);
    const core = svdCore(r, n, n, false, 'lstsq');
    ({ s, vt, uc } = core);
    utb = gemm(core.u, n, n, true, gemm(q, m, n, true, b, m, k, false), n, k, false);
  } else {
    const core = svdCore(a, m, n, false, 'lstsq');
    ({ s, vt, uc } = core);
    utb = gemm(core.u, m, uc, true, b, m, k, false); // (K', k)
  }
  const rc = rcond === undefined || rcond === null ? eps * Math.max(m, n) : rcond < 0 ? eps : rcond;
  const cutoff = rc * (s.length ? s[0] : 0);
  let rank = 0;
  while (rank < s.length && s[rank] > cutoff) rank++;
  for (let i = 0; i < uc; i++) {
    const f = i < rank ? 1 / s[i] : 0;
    for (let c = 0; c < k; c++) utb[i * k + c] *= f;
  }
  return { x: gemm(vt, uc, n, true, utb, uc, k, false), rank, s };
}

/** Full-rank least squares by Householder QR (M ≥ N) or the minimum-norm solution via QR of Aᵀ (M < N). */
function qrSolve(a: Float64Array, m: number, n: number, b: Float64Array, k: number) {
  const tall = m >= n;
  const rows = tall ? m : n, cols = tall ? n : m; // factorise A (tall) or Aᵀ (wide): rows ≥ cols
  const c = tall ? transposed(a, m, n) : Float64Array.from(a); // column-major rows×cols
  const tau = householderQR(c, rows, cols);
  // numerically rank-deficient when a diagonal entry of R is at rounding level of the largest
  let rmax = 0;
  for (let i = 0; i < cols; i++) rmax = Math.max(rmax, Math.abs(c[i * rows + i]));
  const floor = 2 ** -52 * rows * rmax;
  for (let i = 0; i < cols; i++) {
    if (!(Math.abs(c[i * rows + i]) > floor)) throw new LinAlgError(`lstsq: A is rank-deficient (|R[${i}, ${i}]| ≤ ${floor.toExponential(2)}); the 'gels' driver needs full rank, use driver 'gelsd'`);
  }
  const x = new Float64Array(n * k);
  if (tall) {
    const qb = transposed(b, m, k); // column-major m×k
    applyQt(c, m, tau, qb, k);
    for (let col = 0; col < k; col++) {
      const o = col * m;
      for (let i = n - 1; i >= 0; i--) { // R·x = (Qᵀb)[:n]
        let s = qb[o + i];
        for (let j = i + 1; j < n; j++) s -= c[j * m + i] * x[j * k + col];
        x[i * k + col] = s / c[i * m + i];
      }
    }
  } else {
    // Aᵀ = Q·R ⇒ A = Rᵀ·Qᵀ; x = Q·R⁻ᵀ·b is the minimum-norm solution
    const z = new Float64Array(n * k); // column-major n×k, first m rows hold R⁻ᵀ b
    for (let col = 0; col < k; col++) {
      const o = col * n;
      for (let i = 0; i < m; i++) {
        let s = b[i * k + col];
        for (let j = 0; j < i; j++) s -= c[i * n + j] * z[o + j];
        z[o + i] = s / c[i * n + i];
      }
    }
    for (let j = m - 1; j >= 0; j--) { // apply Q = H_0…H_{m-1}
      applyReflector(c, n, j, tau[j], z, 0, k);
    }
    for (let i = 0; i < n; i++) for (let col = 0; col < k; col++) x[i * k + col] = z[col * n + i];
  }
  return { x, rank: Math.min(m, n), s: new Float64Array(0) };
}
