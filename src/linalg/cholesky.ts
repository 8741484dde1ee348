/** Cholesky factorisation A = L·Lᵀ of symmetric positive-definite matrices. */
import type { Tensor } from '../tensor/tensor.js';
import { LinAlgError } from './errors.js';
import { fromF64, matrixAt, requireSquare, toStack, type MatrixInput } from './matrix.js';

/**
 * Factorises the row-major n×n matrix `a` in place into its lower Cholesky factor, reading only
 * the lower triangle (the strict upper triangle is zeroed). Returns -1 on success, or the order
 * k (1-based) of the first leading minor that is not positive-definite.
 */
export function choleskyInPlace(a: Float64Array, n: number): number {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j];
    for (let k = 0; k < j; k++) d -= a[rj + k] * a[rj + k];
    if (!(d > 0)) return j + 1; // also catches NaN
    d = Math.sqrt(d);
    a[rj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
      a[ri + j] = s / d;
    }
    for (let k = j + 1; k < n; k++) a[rj + k] = 0;
  }
  return -1;
}

/**
 * The Cholesky factor of symmetric positive-definite A (…, n, n): lower L with A = L·Lᵀ
 * (default, reading A's lower triangle as NumPy does), or upper U = Lᵀ with A = Uᵀ·U when
 * `upper`. A matrix that is not positive-definite throws LinAlgError (a ValueError) naming the
 * order of the leading minor that fails, as PyTorch does.
 *
 * ```ts
 * linalg.cholesky([[4, 2], [2, 3]]); // [[2, 0], [1, 1.414…]]
 * ```
 */
export function cholesky(A: MatrixInput, options: { upper?: boolean } = {}): Tensor {
  const s = toStack('cholesky', A);
  requireSquare('cholesky', s);
  const n = s.rows;
  for (let i = 0; i < s.count; i++) {
    const m = matrixAt(s, i);
    const bad = choleskyInPlace(m, n);
    if (bad > 0) {
      const where = s.count > 1 ? ` (batch entry ${i})` : '';
      throw new LinAlgError(`cholesky: the input is not positive-definite${where}: the leading minor of order ${bad} is not positive-definite`);
    }
    if (options.upper) {
      for (let r = 0; r < n; r++) for (let c = r + 1; c < n; c++) { m[r * n + c] = m[c * n + r]; m[c * n + r] = 0; }
    }
  }
  return fromF64(s.data, [...s.batch, n, n], s.dtype);
}
