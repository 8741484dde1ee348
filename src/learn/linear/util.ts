/** Shared helpers of the linear models: centring, targets, predictions, JSON of fitted state. */
import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { gemm } from '../../linalg/matrix.js';
import { toMatrix, toVector, checkSameLength, type ArrayInput } from '../base.js';
import { tensor } from '../../tensor/creation.js';
import type { NestedArray } from '../../tensor/tensor.js';

export { gemm };

/** A float64 matrix as its row-major values and shape. */
export interface Rows { data: Float64Array; n: number; p: number }

/** X as a fresh row-major Float64Array [n, p] (a copy: callers may centre it in place). */
export function rowsOf(X: ArrayInput, name = 'X'): Rows {
  const t = toMatrix(X, name);
  return { data: Float64Array.from(t.dataSync() as Float64Array), n: t.shape[0], p: t.shape[1] };
}

/** A regression target: [n] (one target) or [n, k]; values row-major [n, k]. */
export interface Target { data: Float64Array; k: number; oneD: boolean }

export function targetOf(y: ArrayInput, n: number): Target {
  const t = y instanceof Tensor ? y : tensor(y as NestedArray, { dtype: 'float64' });
  if (t.ndim === 2 && t.shape[1] !== 1) {
    const m = toMatrix(t, 'y');
    checkSameLength(n, m.shape[0]);
    return { data: Float64Array.from(m.dataSync() as Float64Array), k: m.shape[1], oneD: false };
  }
  const v = toVector(t, 'y');
  checkSameLength(n, v.shape[0]);
  return { data: Float64Array.from(v.dataSync() as Float64Array), k: 1, oneD: t.ndim === 1 };
}

/** Column means of a row-major [n, p] matrix. */
export function colMeans(a: Float64Array, n: number, p: number): Float64Array {
  const m = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) m[j] += a[i * p + j];
  for (let j = 0; j < p; j++) m[j] /= n;
  return m;
}

/** Subtracts column means in place; returns the means. */
export function centre(a: Float64Array, n: number, p: number): Float64Array {
  const m = colMeans(a, n, p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) a[i * p + j] -= m[j];
  return m;
}

/** intercept[c] = yMean[c] − xMean · coef[c, :] for coef [k, p]. */
export function interceptOf(coef: Float64Array, k: number, p: number, xMean: Float64Array, yMean: Float64Array): Float64Array {
  const b = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += xMean[j] * coef[c * p + j];
    b[c] = yMean[c] - s;
  }
  return b;
}

/** X·coefᵀ + intercept: [n, p] · [k, p]ᵀ → [n, k] on the engine's matmul. */
export function linearScores(X: ArrayInput, coef: Float64Array, intercept: Float64Array, k: number, p: number, op: string): { z: Float64Array; n: number } {
  const t = toMatrix(X, 'X');
  if (t.shape[1] !== p) throw new ShapeError(`${op}: X has ${t.shape[1]} features, but the model was fitted with ${p} (X shape ${fmtShape(t.shape)})`);
  const n = t.shape[0];
  const z = gemm(t.dataSync() as Float64Array, n, p, false, coef, k, p, true);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) z[i * k + c] += intercept[c];
  return { z, n };
}

/** Packs [n, k] values as the scikit-learn shaped output: [n] when one target given as 1-D. */
export function outputTensor(z: Float64Array, n: number, k: number, oneD: boolean): Tensor {
  const out = Tensor.empty(oneD ? [n] : [n, k], 'float64');
  (out.storage as Float64Array).set(z);
  return out;
}

/** A Tensor holding a copy of values with the given shape. */
export function f64Tensor(values: Float64Array, shape: number[]): Tensor {
  const out = Tensor.empty(shape, 'float64');
  (out.storage as Float64Array).set(values);
  return out;
}

/** Checks a numeric option: finite and at least `min` (strictly above when `strict`). */
export function checkNumber(op: string, name: string, v: unknown, min: number, strict = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (strict && v === min)) {
    throw new ValueError(`${op}: ${name} must be a finite number ${strict ? '>' : '>='} ${min}, got ${String(v)}`);
  }
  return v;
}

/** Checks a string option against its allowed values. */
export function checkChoice<T extends string>(op: string, name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ValueError(`${op}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

/** Float64Array → number[] for JSON (finite values round-trip exactly). */
export const arr = (a: Float64Array): number[] => Array.from(a);

/** dot product of a[ao..ao+len) and b[bo..bo+len). */
export function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, len: number): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += a[ao + i] * b[bo + i];
  return s;
}
