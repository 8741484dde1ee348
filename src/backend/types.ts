import type { TypedArray } from '../tensor/dtype.js';

/**
 * A strided view the kernels read: element (i0, i1, ...) is at
 * `data[offset + i0 * strides[0] + i1 * strides[1] + ...]`. Strides may be 0 (broadcast).
 */
export interface View {
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/** Elementwise unary ops. `p0`/`p1` carry the scalar parameters noted beside each. */
export type UnaryOp =
  | 'neg' | 'abs' | 'sign' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sqrt' | 'rsqrt' | 'reciprocal' | 'square'
  | 'sin' | 'cos' | 'tan' | 'tanh' | 'sigmoid' | 'relu' | 'erf' | 'gelu' | 'geluTanh' | 'silu'
  | 'floor' | 'ceil' | 'round' | 'trunc'
  | 'isnan' | 'isinf' | 'isfinite' | 'logicalNot'
  | 'softplus' // p0 = beta, p1 = threshold (PyTorch's: linear above threshold)
  | 'leakyRelu' // p0 = negative slope
  | 'elu' // p0 = alpha
  | 'clamp' // p0 = min (or -Infinity), p1 = max (or Infinity)
  | 'powScalar' // x ** p0
  | 'rpowScalar' // p0 ** x
  | 'addScalar' // x + p0
  | 'mulScalar'; // x * p0

/** Elementwise binary ops; comparisons and logical ops write 0/1. */
export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'atan2' | 'remainder' | 'floorDivide'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logicalAnd' | 'logicalOr' | 'logicalXor';

/** Reductions over a set of dims. argmax/argmin take one dim and return the first extreme index. */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'argmax' | 'argmin' | 'any' | 'all';

/**
 * Geometry of a 2-D convolution or pooling window over an input plane of H×W.
 * padH/padW are the top/left padding; the output size already accounts for bottom/right padding
 * (which may differ, for padding 'same' with an even kernel).
 */
export interface Window2d {
  readonly kH: number; readonly kW: number;
  readonly strideH: number; readonly strideW: number;
  readonly padH: number; readonly padW: number;
  readonly dilationH: number; readonly dilationW: number;
  readonly outH: number; readonly outW: number;
}

/** The optimizers with a fused update kernel (PyTorch's single-tensor update rules). */
export type OptimizerKind = 'sgd' | 'adagrad' | 'rmsprop' | 'adam' | 'adamax' | 'adadelta' | 'nadam';

/** A float storage array. */
export type FloatArray = Float32Array | Float64Array;

/**
 * The kernels a backend provides. Everything else is composed from these in TypeScript.
 * Every kernel writes a contiguous row-major `out` that the caller allocated with the dtype
 * it wants; inputs are strided views. Kernels never allocate tensors and never throw on
 * valid input: shape and dtype checking happens in the ops above them.
 */
export interface Backend {
  readonly name: 'js' | 'native';

  /** Strided copy into a contiguous array, converting dtype to `out`'s (bool: nonzero → 1). */
  copy(src: View, out: TypedArray): void;
  /** out = op(x); x has out's shape. */
  unary(op: UnaryOp, x: View, out: TypedArray, p0?: number, p1?: number): void;
  /** out = op(a, b); a and b are already broadcast (stride 0) to out's shape, and share a dtype. */
  binary(op: BinaryOp, a: View, b: View, out: TypedArray): void;
  /** out = cond ? a : b, all three broadcast to out's shape. */
  where(cond: View, a: View, b: View, out: TypedArray): void;
  /** Reduces x over `dims` (sorted, distinct); out is x's shape with those dims removed. */
  reduce(op: ReduceOp, x: View, dims: readonly number[], out: TypedArray): void;
  /** Inclusive scan along the middle axis of a contiguous [outer, n, inner] array. */
  scan(op: 'sum' | 'prod', x: TypedArray, outer: number, n: number, inner: number, out: TypedArray): void;

  /**
   * Batched matrix product: a is [B, M, K], b is [B, K, N] (any strides, batch stride 0 when
   * broadcast; transposes are expressed by strides), out is contiguous [B, M, N]. Float dtypes only.
   */
  matmul(a: View, b: View, out: TypedArray): void;

  /** Softmax (or log-softmax) along the middle axis of a contiguous [outer, n, inner] array. */
  softmax(x: TypedArray, outer: number, n: number, inner: number, out: TypedArray, log: boolean): void;
  /** log(sum(exp(x))) along the middle axis of a contiguous [outer, n, inner] array; out is [outer, inner]. */
  logsumexp(x: TypedArray, outer: number, n: number, inner: number, out: TypedArray): void;

  /** out[...i...] = x[... index[...i...] along dim ...]; index (int32) has out's shape. */
  gather(x: View, dim: number, index: View, out: TypedArray): void;
  /**
   * Scatter into `out` (a contiguous array already holding the base values):
   * out[... index[i] along dim ...] = src[i] ('none') or += src[i] ('add').
   */
  scatter(out: TypedArray, outShape: readonly number[], dim: number, index: View, src: View, reduce: 'none' | 'add'): void;
  /** Selects `index` entries along `dim`: out shape is x's with shape[dim] = index.length. */
  indexSelect(x: View, dim: number, index: Int32Array, out: TypedArray): void;
  /** out (contiguous, shape outShape) += src scattered along dim at index (the backward of indexSelect). */
  indexAdd(out: TypedArray, outShape: readonly number[], dim: number, index: Int32Array, src: View): void;

  /** Sorts each row of a contiguous [outer, n] array (stable); writes values and int32 indices. */
  sort(x: TypedArray, outer: number, n: number, descending: boolean, values: TypedArray, indices: Int32Array): void;

  /**
   * x contiguous [N, C, H, W] → out [N, C*kH*kW, outH*outW] (zero padding), or with `inner`
   * [C*kH*kW, N, outH*outW] (the batch inside each row, so one GEMM covers every image).
   */
  im2col(x: TypedArray, n: number, c: number, h: number, w: number, win: Window2d, out: TypedArray, inner?: boolean): void;
  /** The adjoint of im2col: cols (laid out as im2col's, `inner` alike) summed into out [N, C, H, W] (zeroed first). */
  col2im(cols: TypedArray, n: number, c: number, h: number, w: number, win: Window2d, out: TypedArray, inner?: boolean): void;

  /** Max pooling of a contiguous [P, H, W] array (P = N*C); indices are flat h*W+w of the max. */
  maxPool2d(x: TypedArray, p: number, h: number, w: number, win: Window2d, out: TypedArray, indices: Int32Array): void;
  /** Routes gradOut [P, outH*outW] to the argmax positions: gradIn [P, H*W] (zeroed first). */
  maxPool2dBackward(gradOut: TypedArray, indices: Int32Array, p: number, h: number, w: number, win: Window2d, gradIn: TypedArray): void;
  /** Average pooling of [P, H, W]; countIncludePad as PyTorch's (padding counts toward the divisor). */
  avgPool2d(x: TypedArray, p: number, h: number, w: number, win: Window2d, countIncludePad: boolean, out: TypedArray): void;
  avgPool2dBackward(gradOut: TypedArray, p: number, h: number, w: number, win: Window2d, countIncludePad: boolean, gradIn: TypedArray): void;

  /**
   * One fused optimizer update, in place, over contiguous arrays of one float dtype and length:
   * `param` and the `state` buffers are updated, `grad` is only read. The per-kind layouts of
   * `state` and `hp` (scalars the optimizer computes each step) are in src/backend/js/optim.ts.
   * float32 arrays are computed op by op in float32, giving the same bits as the equivalent
   * sequence of tensor ops.
   */
  optimizerStep(kind: OptimizerKind, param: FloatArray, grad: FloatArray, state: readonly FloatArray[], hp: readonly number[]): void;
}
