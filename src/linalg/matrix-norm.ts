/** Matrix norms (NumPy's `linalg.norm` with a matrix `ord`, PyTorch's `linalg.matrix_norm`). */
import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { fromF64, matrixAt, toStack, type MatrixInput } from './matrix.js';
import { svdCore } from './svd.js';

/** 'fro', 'nuc' (sum of singular values), 1 / -1 (max / min column abs sum), 2 / -2 (largest / smallest singular value), ±Infinity (max / min row abs sum). */
export type MatrixNormOrd = 'fro' | 'nuc' | 1 | -1 | 2 | -2 | number;

/**
 * The norm of each matrix in A (…, M, N): a tensor of shape (…). The spectral (±2) and
 * nuclear norms come from the SVD; the others are direct sums.
 *
 * ```ts
 * linalg.matrixNorm([[1, 2], [3, 4]], 'nuc');
 * ```
 */
export function matrixNorm(A: MatrixInput, ord: MatrixNormOrd = 'fro'): Tensor {
  const ok = ord === 'fro' || ord === 'nuc' || ord === 1 || ord === -1 || ord === 2 || ord === -2 || ord === Infinity || ord === -Infinity;
  if (!ok) throw new ValueError(`matrixNorm: unsupported ord ${String(ord)}; expected 'fro', 'nuc', 1, -1, 2, -2, Infinity or -Infinity`);
  const st = toStack('matrixNorm', A);
  const { rows: m, cols: n } = st;
  const out = new Float64Array(st.count);
  for (let b = 0; b < st.count; b++) {
    const a = matrixAt(st, b);
    out[b] = normOf(a, m, n, ord);
  }
  return fromF64(out, st.batch, st.dtype);
}

function normOf(a: Float64Array, m: number, n: number, ord: MatrixNormOrd): number {
  if (ord === 'fro') {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * a[i];
    return Math.sqrt(s);
  }
  if (ord === 'nuc' || ord === 2 || ord === -2) {
    if (m === 0 || n === 0) {
      if (ord === 'nuc') return 0;
      throw new ValueError(`matrixNorm: ord ${ord} of an empty matrix [${m}, ${n}] is undefined`);
    }
    const { s } = svdCore(a, m, n, false, 'matrixNorm');
    if (ord === 2) return s[0];
    if (ord === -2) return s[s.length - 1];
    let t = 0;
    for (const v of s) t += v;
    return t;
  }
  // 1 / -1: column sums; ±Infinity: row sums
  const byCol = ord === 1 || ord === -1;
  const len = byCol ? n : m;
  if (len === 0) throw new ValueError(`matrixNorm: ord ${ord} of an empty matrix [${m}, ${n}] is undefined`);
  const sums = new Float64Array(len);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) sums[byCol ? j : i] += Math.abs(a[i * n + j]);
  return (ord === 1 || ord === Infinity) ? Math.max(...sums) : Math.min(...sums);
}
