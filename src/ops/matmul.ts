import { Tensor } from '../tensor/tensor.js';
import { allocStorage, allocUninit, isFloat, promoteTypes } from '../tensor/dtype.js';
import { broadcastShapes, numel } from '../tensor/shape.js';
import { DTypeError, ShapeError, fmtShape } from '../tensor/errors.js';
import { backend } from '../backend/index.js';
import type { View } from '../backend/types.js';
import { record } from '../autograd/record.js';
import { rawCast } from './cast.js';
import { broadcastView } from './util.js';
import { sumToShape } from './reduce.js';
import { mT, reshape, squeeze, unsqueeze } from './movement.js';
import { mul } from './binary.js';

/** A [B, R, C] view of t broadcast to batch+[R, C], or null when its batch dims do not fold into one stride. */
function batchedView(t: Tensor, batch: readonly number[]): View | null {
  const shape = [...batch, t.shape[t.ndim - 2], t.shape[t.ndim - 1]];
  const v = broadcastView(t, shape);
  const nb = batch.length;
  let stride = 0;
  let expected: number | null = null;
  // Walk batch dims from the innermost: each must continue the previous one's stride.
  for (let d = nb - 1; d >= 0; d--) {
    if (batch[d] === 1) continue;
    if (expected === null) { stride = v.strides[d]; expected = stride * batch[d]; continue; }
    if (v.strides[d] !== expected) return null;
    expected = v.strides[d] * batch[d];
  }
  return { data: v.data, shape: [numel(batch), shape[nb], shape[nb + 1]], strides: [stride, v.strides[nb], v.strides[nb + 1]], offset: v.offset };
}

/** A 2-D t as the [1, R, C] view batchedView(t, []) gives (stride 0 along size-1 dims), built directly. */
function matrixView(t: Tensor): View {
  const r = t.shape[0], c = t.shape[1];
  return { data: t.storage, shape: [1, r, c], strides: [0, r === 1 ? 0 : t.strides[0], c === 1 ? 0 : t.strides[1]], offset: t.offset };
}

const NO_BATCH: readonly number[] = [];

/** t broadcast to batch+[R, C] and copied contiguously: for batch layouts no single stride describes. */
function materialized(t: Tensor, batch: readonly number[]): View {
  const shape = [...batch, t.shape[t.ndim - 2], t.shape[t.ndim - 1]];
  const data = allocUninit(t.dtype, numel(shape)); // the copy writes every element
  backend().copy(broadcastView(t, shape), data);
  const r = shape[shape.length - 2], c = shape[shape.length - 1];
  return { data, shape: [numel(batch), r, c], strides: [r * c, c, 1], offset: 0 };
}

/**
 * True for 2-D a @ b where b is the transpose of a contiguous matrix (x @ mT(W) in linear): b's
 * gradient is then computed as mT(gᵀ a), so the transpose's own backward hands W a contiguous
 * gradient (no copy in the optimizer) instead of a transposed view.
 */
function isTransposed2d(a: Tensor, b: Tensor): boolean {
  return a.ndim === 2 && b.ndim === 2 && b.shape[0] > 1 && b.shape[1] > 1 && b.strides[0] === 1 && b.strides[1] === b.shape[0];
}

/** The batched product of ≥2-D tensors with broadcast batch dims; records its backward. */
function matmulNd(a: Tensor, b: Tensor): Tensor {
  const M = a.shape[a.ndim - 2], K = a.shape[a.ndim - 1];
  const K2 = b.shape[b.ndim - 2], N = b.shape[b.ndim - 1];
  if (K !== K2) throw new ShapeError(`matmul: ${fmtShape(a.shape)} @ ${fmtShape(b.shape)}: inner dimensions ${K} and ${K2} differ`);
  // Plain 2-D operands (every Linear layer) skip the batch-dim broadcasting.
  const plain = a.ndim === 2 && b.ndim === 2;
  const batch = plain ? NO_BATCH : broadcastShapes('matmul (batch dims)', a.shape.slice(0, -2), b.shape.slice(0, -2));
  const dt = promoteTypes(a.dtype, b.dtype);
  if (!isFloat(dt)) throw new DTypeError(`matmul: expected floating-point tensors, got ${a.dtype} and ${b.dtype}`);
  const ac = rawCast(a, dt), bc = rawCast(b, dt);
  // Every element of the product is written when K > 0 (K = 0 leaves the zeros of a sum over nothing).
  const size = numel(batch) * M * N;
  const out = new Tensor(K > 0 ? allocUninit(dt, size) : allocStorage(dt, size), plain ? [M, N] : [...batch, M, N], dt);
  if (plain) backend().matmul(matrixView(ac), matrixView(bc), out.storage);
  else backend().matmul(batchedView(ac, batch) ?? materialized(ac, batch), batchedView(bc, batch) ?? materialized(bc, batch), out.storage);
  return record('matmul', [a, b], out, (g) => [
    a.requiresGrad ? sumToShape(matmul(g, mT(b)), a.shape) : null,
    b.requiresGrad ? (isTransposed2d(a, b) ? mT(matmulNd(mT(g), a)) : sumToShape(matmul(mT(a), g), b.shape)) : null,
  ]);
}

/**
 * Matrix product with PyTorch's rules: 1-D·1-D is a dot product, a 1-D operand is promoted
 * to a matrix and the added dim removed, and batch dims broadcast.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) throw new ShapeError(`matmul: both operands need at least 1 dim, got ${fmtShape(a.shape)} @ ${fmtShape(b.shape)}`);
  if (a.ndim === 1 && b.ndim === 1) return dot(a, b);
  if (a.ndim === 1) return squeeze(matmulNd(unsqueeze(a, 0), b), -2);
  if (b.ndim === 1) return squeeze(matmulNd(a, unsqueeze(b, 1)), -1);
  if (a.ndim > 2 && b.ndim === 2 && a.shape[a.ndim - 1] === b.shape[0]) {
    // [..., M, K] @ [K, N]: fold the batch dims into M (as PyTorch does) — one GEMM instead of one
    // per batch entry, and b's gradient is one [K, rows] @ [rows, N] product rather than a
    // per-batch stack summed afterwards. The reshape is a view when a's leading dims allow it.
    const lead = a.shape.slice(0, -1);
    return reshape(matmulNd(reshape(a, [-1, a.shape[a.ndim - 1]]), b), [...lead, b.shape[1]]);
  }
  return matmulNd(a, b);
}

/** 2-D matrix product. */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2 || b.ndim !== 2) throw new ShapeError(`mm: expects 2-D tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  return matmulNd(a, b);
}

/** Batched product of 3-D tensors with the same batch size. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 3 || b.ndim !== 3) throw new ShapeError(`bmm: expects 3-D tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  if (a.shape[0] !== b.shape[0]) throw new ShapeError(`bmm: batch sizes differ: ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  return matmulNd(a, b);
}

/** Inner product of two 1-D tensors (0-d result). */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new ShapeError(`dot: expects 1-D tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  if (a.shape[0] !== b.shape[0]) throw new ShapeError(`dot: sizes differ: ${a.shape[0]} and ${b.shape[0]}`);
  return reshape(matmulNd(reshape(a, [1, a.shape[0]]), reshape(b, [b.shape[0], 1])), []);
}

/** Outer product of two 1-D tensors: [n] ⊗ [m] → [n, m]. */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new ShapeError(`outer: expects 1-D tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  return mul(unsqueeze(a, 1), unsqueeze(b, 0));
}
