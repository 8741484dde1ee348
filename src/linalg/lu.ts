/**
 * LU factorisation with partial pivoting (LAPACK's getrf) and what rests on it: solve, inv,
 * det, slogdet. Row-major float64 kernels; each batch entry is factorised on its own.
 */
import type { Tensor } from '../tensor/tensor.js';
import { ShapeError, fmtShape } from '../tensor/errors.js';
import { reshape, unsqueeze } from '../ops/movement.js';
import { LinAlgError } from './errors.js';
import { asTensor, broadcastPair, fromF64, matrixAt, requireSquare, toStack, type MatrixInput } from './matrix.js';

/** P·A = L·U packed in place: U on and above the diagonal, L's multipliers below it. */
export interface LUFactors {
  /** perm[i] is the original row now at row i. */
  perm: Int32Array;
  /** +1 or -1: the sign of the row permutation. */
  sign: number;
  /** Index of the first exactly-zero pivot, or -1 when the matrix is nonsingular. */
  zeroPivot: number;
}

/** Factorises the row-major n×n matrix `a` in place (P·A = L·U, partial pivoting). */
export function luFactor(a: Float64Array, n: number): LUFactors {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let sign = 1, zeroPivot = -1;
  for (let k = 0; k < n; k++) {
    let p = k, best = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) { const v = Math.abs(a[i * n + k]); if (v > best) { best = v; p = i; } }
    if (p !== k) {
      for (let j = 0; j < n; j++) { const t = a[k * n + j]; a[k * n + j] = a[p * n + j]; a[p * n + j] = t; }
      const t = perm[k]; perm[k] = perm[p]; perm[p] = t;
      sign = -sign;
    }
    const pivot = a[k * n + k];
    if (pivot === 0) { if (zeroPivot < 0) zeroPivot = k; continue; }
    const rk = k * n;
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const l = a[ri + k] / pivot;
      a[ri + k] = l;
      if (l === 0) continue;
      for (let j = k + 1; j < n; j++) a[ri + j] -= l * a[rk + j];
    }
  }
  return { perm, sign, zeroPivot };
}

/** Solves A·X = B from A's packed LU; b is row-major n×k, returned as a new array. */
export function luSolve(lu: Float64Array, f: LUFactors, n: number, b: Float64Array, k: number): Float64Array {
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) x.set(b.subarray(f.perm[i] * k, f.perm[i] * k + k), i * k);
  // forward: L·Y = P·B (unit lower triangular), row operations on contiguous rows of x
  for (let i = 1; i < n; i++) {
    const ri = i * k;
    for (let j = 0; j < i; j++) {
      const l = lu[i * n + j];
      if (l === 0) continue;
      const rj = j * k;
      for (let c = 0; c < k; c++) x[ri + c] -= l * x[rj + c];
    }
  }
  // backward: U·X = Y
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * k;
    for (let j = i + 1; j < n; j++) {
      const u = lu[i * n + j];
      if (u === 0) continue;
      const rj = j * k;
      for (let c = 0; c < k; c++) x[ri + c] -= u * x[rj + c];
    }
    const d = lu[i * n + i];
    for (let c = 0; c < k; c++) x[ri + c] /= d;
  }
  return x;
}

function singular(op: string, f: LUFactors): LinAlgError {
  return new LinAlgError(`${op}: singular matrix (the pivot of column ${f.zeroPivot} is exactly zero after partial pivoting)`);
}

/**
 * Solves A·X = B for square A (…, n, n) by LU with partial pivoting (NumPy's `linalg.solve`).
 * B is (…, n, k), or a vector (n,) giving x of shape (…, n); batch dims broadcast.
 * An exactly singular A throws LinAlgError (a ValueError) naming `solve` and "singular".
 *
 * ```ts
 * linalg.solve([[3, 1], [1, 2]], [9, 8]); // tensor([2, 3])
 * ```
 */
export function solve(A: MatrixInput, B: MatrixInput): Tensor {
  const ta = asTensor(A), tb0 = asTensor(B);
  if (ta.ndim < 2) throw new ShapeError(`solve: A must have at least 2 dims (…, n, n), got shape ${fmtShape(ta.shape)}`);
  const vector = tb0.ndim === 1;
  const tb = vector ? unsqueeze(tb0, 1) : tb0;
  if (tb.ndim < 2) throw new ShapeError(`solve: B must be (n,) or (…, n, k), got shape ${fmtShape(tb0.shape)}`);
  const n = ta.shape[ta.ndim - 1];
  if (ta.shape[ta.ndim - 2] !== n) throw new ShapeError(`solve: A must be square (…, n, n), got shape ${fmtShape(ta.shape)}`);
  if (tb.shape[tb.ndim - 2] !== n) throw new ShapeError(`solve: A ${fmtShape(ta.shape)} and B ${fmtShape(tb0.shape)}: B needs ${n} rows, got ${tb.shape[tb.ndim - 2]}`);
  const [sa, sb] = broadcastPair('solve', ta, tb);
  const k = sb.cols;
  const out = new Float64Array(sa.count * n * k);
  for (let i = 0; i < sa.count; i++) {
    const lu = matrixAt(sa, i);
    const f = luFactor(lu, n);
    if (f.zeroPivot >= 0) throw singular('solve', f);
    out.set(luSolve(lu, f, n, matrixAt(sb, i), k), i * n * k);
  }
  const dtype = sa.dtype === 'float32' && sb.dtype === 'float32' ? 'float32' : 'float64';
  const res = fromF64(out, [...sa.batch, n, k], dtype);
  return vector ? reshape(res, [...sa.batch, n]) : res;
}

/**
 * The inverse of square A (…, n, n), by LU with partial pivoting. An exactly singular A throws
 * LinAlgError (a ValueError) naming `inv` and "singular"; a non-square A throws ShapeError.
 */
export function inv(A: MatrixInput): Tensor {
  const s = toStack('inv', A);
  requireSquare('inv', s);
  const n = s.rows;
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  const out = new Float64Array(s.count * n * n);
  for (let i = 0; i < s.count; i++) {
    const lu = matrixAt(s, i);
    const f = luFactor(lu, n);
    if (f.zeroPivot >= 0) throw singular('inv', f);
    out.set(luSolve(lu, f, n, eye, n), i * n * n);
  }
  return fromF64(out, [...s.batch, n, n], s.dtype);
}

/**
 * sign and log|det| of square A (…, n, n) (NumPy's `slogdet`): det = sign · exp(logabsdet),
 * without the overflow of a plain product. A singular A gives sign 0 and logabsdet -Infinity.
 */
export function slogdet(A: MatrixInput): { sign: Tensor; logabsdet: Tensor } {
  const s = toStack('slogdet', A);
  requireSquare('slogdet', s);
  const n = s.rows;
  const signs = new Float64Array(s.count), logs = new Float64Array(s.count);
  for (let i = 0; i < s.count; i++) {
    const lu = matrixAt(s, i);
    const f = luFactor(lu, n);
    let sign = f.sign, log = 0;
    for (let j = 0; j < n; j++) {
      const d = lu[j * n + j];
      if (d < 0) sign = -sign;
      log += Math.log(Math.abs(d));
    }
    if (f.zeroPivot >= 0) { sign = 0; log = -Infinity; }
    signs[i] = sign; logs[i] = log;
  }
  return { sign: fromF64(signs, s.batch, s.dtype), logabsdet: fromF64(logs, s.batch, s.dtype) };
}

/** The determinant of square A (…, n, n), the product of the LU pivots (0 for a singular A). */
export function det(A: MatrixInput): Tensor {
  const s = toStack('det', A);
  requireSquare('det', s);
  const n = s.rows;
  const out = new Float64Array(s.count);
  for (let i = 0; i < s.count; i++) {
    const lu = matrixAt(s, i);
    const f = luFactor(lu, n);
    let d = f.sign;
    for (let j = 0; j < n; j++) d *= lu[j * n + j];
    out[i] = d;
  }
  return fromF64(out, s.batch, s.dtype);
}
