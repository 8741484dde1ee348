import type { Tensor } from '../../tensor/tensor.js';
import { isFloat, promoteTypes, type FloatDType } from '../../tensor/dtype.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { castTo } from '../cast.js';

// Argument parsing shared by the convolution, pooling and unfold functions.

/** A size PyTorch accepts as one int or a pair (height, width). */
export type Pair = number | readonly [number, number] | readonly number[];

/** Expands `v` to a pair of integers ≥ min; `what` names the argument in errors. */
export function pair(op: string, what: string, v: Pair, min: number): [number, number] {
  const p: number[] = typeof v === 'number' ? [v, v] : [...v];
  if (p.length === 1) p.push(p[0]);
  if (p.length !== 2 || !p.every((x) => Number.isInteger(x) && x >= min)) {
    throw new ValueError(`${op}: ${what} must be an integer >= ${min} or a pair of them, got ${JSON.stringify(v)}`);
  }
  return [p[0], p[1]];
}

/** A one-element size for the 1-d functions (an int or a one-element list). */
export function single(op: string, what: string, v: Pair, min: number): number {
  const p = typeof v === 'number' ? [v] : [...v];
  if (p.length !== 1 || !Number.isInteger(p[0]) || p[0] < min) {
    throw new ValueError(`${op}: ${what} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  }
  return p[0];
}

/** Throws a ShapeError unless x has `rank` dims; `layout` names them, like '[N, C, H, W]'. */
export function checkRank(op: string, x: Tensor, rank: number, layout: string): void {
  if (x.ndim !== rank) {
    throw new ShapeError(`${op}: expected a ${rank}-D input ${layout}, got shape ${fmtShape(x.shape)}`);
  }
}

/** The common floating dtype of the given tensors (nulls skipped); ints and bools are refused. */
export function floatDTypeOf(op: string, ...ts: (Tensor | null | undefined)[]): FloatDType {
  let dt: FloatDType | null = null;
  for (const t of ts) {
    if (!t) continue;
    if (!isFloat(t.dtype)) throw new DTypeError(`${op}: expected floating-point tensors, got ${t.dtype} of shape ${fmtShape(t.shape)}`);
    dt = dt === null ? t.dtype : (promoteTypes(dt, t.dtype) as FloatDType);
  }
  return dt ?? 'float32';
}

/** Casts (differentiably) to dtype, passing null through. */
export function asDType(t: Tensor | null | undefined, dtype: FloatDType): Tensor | null {
  return t ? castTo(t, dtype) : null;
}

/**
 * Output length of a window sliding over `size` inputs, with PyTorch's ceilMode rule: the last
 * window must start inside the input or the left padding.
 */
export function windowOutSize(size: number, k: number, stride: number, padLo: number, padHi: number, dilation: number, ceilMode: boolean): number {
  const span = size + padLo + padHi - dilation * (k - 1) - 1;
  if (span < 0) return 0;
  let out = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  if (ceilMode && (out - 1) * stride >= size + padLo) out--;
  return out;
}
