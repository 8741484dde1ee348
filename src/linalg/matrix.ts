/**
 * Shared plumbing of nabla/linalg: inputs become stacks of float64 row-major matrices, results
 * go back to tensors of the input's float dtype, and big products run on the backend's GEMM.
 *
 * Every routine computes in float64. A float32 input is widened, solved in float64 and rounded
 * once at the end (more accurate than a float32 path and, for the O(n³) JS loops, no slower).
 * No gradients flow through linalg yet: inputs are read as values (detached), outputs do not
 * require grad.
 */
import { Tensor, type NestedArray } from '../tensor/tensor.js';
import { tensor } from '../tensor/creation.js';
import type { FloatDType, TypedArray } from '../tensor/dtype.js';
import { ShapeError, fmtShape } from '../tensor/errors.js';
import { backend } from '../backend/index.js';
import { broadcastShapes, numel } from '../tensor/shape.js';
import { expand } from '../ops/movement.js';

/** What linalg routines accept: a Tensor or nested arrays of numbers. */
export type MatrixInput = Tensor | NestedArray | readonly NestedArray[];

/** A stack of `count` row-major [rows, cols] float64 matrices with leading `batch` dims. */
export interface MatrixStack {
  /** The float dtype results take: float32 for float32 input, float64 otherwise. */
  dtype: FloatDType;
  batch: number[];
  count: number;
  rows: number;
  cols: number;
  data: Float64Array;
}

/** The input as a tensor, detached (linalg does not record gradients). */
export function asTensor(x: MatrixInput): Tensor {
  return x instanceof Tensor ? x.detach() : tensor(x as NestedArray, { dtype: 'float64' });
}

function toF64(values: TypedArray): Float64Array {
  return values instanceof Float64Array ? values.slice() : Float64Array.from(values as ArrayLike<number>);
}

/** x (…, rows, cols) as a float64 stack; ShapeError naming op and argument when x has < 2 dims. */
export function toStack(op: string, x: MatrixInput, name = 'A'): MatrixStack {
  const t = asTensor(x);
  if (t.ndim < 2) throw new ShapeError(`${op}: ${name} must have at least 2 dims (…, M, N), got shape ${fmtShape(t.shape)}`);
  return stackOf(t);
}

/** The stack view of a tensor already known to have ≥ 2 dims. */
export function stackOf(t: Tensor): MatrixStack {
  const batch = t.shape.slice(0, -2);
  return {
    dtype: t.dtype === 'float32' ? 'float32' : 'float64',
    batch,
    count: numel(batch),
    rows: t.shape[t.ndim - 2],
    cols: t.shape[t.ndim - 1],
    data: toF64(t.dataSync()),
  };
}

/** Broadcasts the batch dims of two tensors (each ≥ 2-D) and returns both stacks over them. */
export function broadcastPair(op: string, a: Tensor, b: Tensor): [MatrixStack, MatrixStack] {
  const batch = broadcastShapes(`${op} (batch dims)`, a.shape.slice(0, -2), b.shape.slice(0, -2));
  const ea = expand(a, [...batch, ...a.shape.slice(-2)]);
  const eb = expand(b, [...batch, ...b.shape.slice(-2)]);
  return [stackOf(ea), stackOf(eb)];
}

/** Throws ShapeError unless the stack's matrices are square. */
export function requireSquare(op: string, s: MatrixStack, name = 'A'): void {
  if (s.rows !== s.cols) {
    throw new ShapeError(`${op}: ${name} must be square (…, n, n), got shape ${fmtShape([...s.batch, s.rows, s.cols])}`);
  }
}

/** The i-th matrix of a stack (a view, no copy). */
export function matrixAt(s: MatrixStack, i: number): Float64Array {
  const size = s.rows * s.cols;
  return s.data.subarray(i * size, (i + 1) * size);
}

/** A tensor of `dtype` from float64 values (rounded once when dtype is float32). */
export function fromF64(values: Float64Array, shape: readonly number[], dtype: FloatDType): Tensor {
  const storage = dtype === 'float32' ? Float32Array.from(values) : values;
  return new Tensor(storage, shape, dtype);
}

/** Machine epsilon of a float dtype. */
export function epsOf(dtype: FloatDType): number {
  return dtype === 'float32' ? 2 ** -23 : 2 ** -52;
}

/**
 * op(a) · op(b) for row-major float64 matrices on the backend's GEMM (native when loaded):
 * a is [ar, ac] (transposed when transA), b is [br, bc] (transposed when transB).
 */
export function gemm(a: Float64Array, ar: number, ac: number, transA: boolean, b: Float64Array, br: number, bc: number, transB: boolean): Float64Array {
  const M = transA ? ac : ar, K = transA ? ar : ac;
  const N = transB ? br : bc;
  const out = new Float64Array(M * N);
  if (M === 0 || N === 0) return out;
  if (K === 0) return out;
  backend().matmul(
    { data: a, shape: [1, M, K], strides: [0, transA ? 1 : ac, transA ? ac : 1], offset: 0 },
    { data: b, shape: [1, K, N], strides: [0, transB ? 1 : bc, transB ? bc : 1], offset: 0 },
    out,
  );
  return out;
}

/** The transpose of a row-major [rows, cols] matrix (row-major ↔ column-major). */
export function transposed(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[base + j];
  }
  return out;
}

/** sqrt(Σ x[i]²) over x[start..end), scaled against overflow and underflow. */
export function nrm2(x: Float64Array, start: number, end: number): number {
  let scale = 0;
  for (let i = start; i < end; i++) { const v = Math.abs(x[i]); if (v > scale) scale = v; }
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let ss = 0;
  const inv = 1 / scale;
  for (let i = start; i < end; i++) { const v = x[i] * inv; ss += v * v; }
  return scale * Math.sqrt(ss);
}

/** sqrt(a² + b²) without overflow (faster than Math.hypot in V8). */
export function hypot(a: number, b: number): number {
  a = Math.abs(a); b = Math.abs(b);
  if (a > b) { const r = b / a; return a * Math.sqrt(1 + r * r); }
  if (b !== 0) { const r = a / b; return b * Math.sqrt(1 + r * r); }
  return 0;
}
