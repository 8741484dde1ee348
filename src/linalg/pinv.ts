/** The Moore–Penrose pseudo-inverse and the numerical rank, both from the SVD (NumPy's semantics). */
import type { Tensor } from '../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { epsOf, fromF64, gemm, matrixAt, toStack, type MatrixInput } from './matrix.js';
import { svdCore } from './svd.js';

/** Options of {@link pinv}: give at most one of rcond and rtol. */
export interface PinvOptions {
  /** Relative cutoff: singular values ≤ rcond · max(s) are set to zero. Default 1e-15 (NumPy). */
  rcond?: number;
  /** The array-API name for the same cutoff; `null` means max(M, N) · eps (of the input's dtype). */
  rtol?: number | null;
}

/**
 * The pseudo-inverse A⁺ (…, N, M) of A (…, M, N): V·diag(1/s)·Uᵀ over the singular values
 * above the cutoff (NumPy's `linalg.pinv`). For full-rank square A this is `inv(A)`; for a
 * rank-deficient A it gives the minimum-norm least-squares solution A⁺·b.
 */
export function pinv(A: MatrixInput, options: PinvOptions = {}): Tensor {
  if (options.rcond !== undefined && options.rtol !== undefined) throw new ValueError('pinv: give rcond or rtol, not both');
  const st = toStack('pinv', A);
  const { rows: m, cols: n } = st;
  const rel = options.rtol !== undefined ? (options.rtol === null ? Math.max(m, n) * epsOf(st.dtype) : options.rtol) : (options.rcond ?? 1e-15);
  const out = new Float64Array(st.count * n * m);
  for (let b = 0; b < st.count; b++) {
    const { s, u, vt, uc } = svdCore(matrixAt(st, b), m, n, false, 'pinv');
    const cutoff = rel * (s.length ? s[0] : 0);
    // (Vᵀ)ᵀ · diag(1/s) · Uᵀ: scale Vᵀ's rows, then one GEMM
    const w = Float64Array.from(vt);
    for (let i = 0; i < uc; i++) {
      const f = s[i] > cutoff ? 1 / s[i] : 0;
      for (let j = 0; j < n; j++) w[i * n + j] *= f;
    }
    out.set(gemm(w, uc, n, true, u, m, uc, true), b * n * m);
  }
  return fromF64(out, [...st.batch, n, m], st.dtype);
}

/**
 * The numerical rank of a 2-D A (M, N): the number of singular values above `tol` (NumPy's
 * `matrix_rank`). Default tol = max(s) · max(M, N) · eps (eps of the input's dtype); `rtol`
 * gives a relative tolerance instead (tol = max(s) · rtol).
 */
export function matrixRank(A: MatrixInput, options: { tol?: number; rtol?: number } = {}): number {
  const st = toStack('matrixRank', A);
  if (st.batch.length) throw new ShapeError(`matrixRank: A must be 2-D (M, N), got shape ${fmtShape([...st.batch, st.rows, st.cols])}`);
  const { rows: m, cols: n } = st;
  const { s } = svdCore(st.data, m, n, false, 'matrixRank');
  const smax = s.length ? s[0] : 0;
  const tol = options.tol ?? smax * (options.rtol ?? Math.max(m, n) * epsOf(st.dtype));
  let r = 0;
  for (const v of s) if (v > tol) r++;
  return r;
}
