import { Tensor } from '../tensor/tensor.js';
import { promoteTypes, type DType } from '../tensor/dtype.js';
import type { View } from '../backend/types.js';

/** The strided view of a tensor that the kernels read. */
export function viewOf(t: Tensor): View {
  return { data: t.storage, shape: t.shape, strides: t.strides, offset: t.offset };
}

/** A view of t broadcast to `shape` (stride 0 along broadcast and new leading dims). */
export function broadcastView(t: Tensor, shape: readonly number[]): View {
  const lead = shape.length - t.shape.length;
  const strides = shape.map((_, d) => {
    const sd = d - lead;
    if (sd < 0 || t.shape[sd] === 1) return 0;
    return t.strides[sd];
  });
  return { data: t.storage, shape, strides, offset: t.offset };
}

/** The dtype a scalar takes beside a tensor: PyTorch never lets a Python scalar upcast a tensor's float dtype. */
export function scalarDType(value: number | boolean, other: DType): DType {
  if (typeof value === 'boolean') return other;
  if (other === 'float32' || other === 'float64') return other;
  if (Number.isInteger(value)) return other === 'bool' ? 'int32' : other;
  return 'float32';
}

const CATEGORY: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 2 };

/**
 * PyTorch's result type of two tensor operands: a 0-d tensor behaves like a scalar and decides
 * the dtype only when its category (bool < integer < float) is higher than the other operand's:
 * float32[n] + float64 0-d → float32, but int32[n] + float64 0-d → float64.
 */
export function resultType(a: Tensor, b: Tensor): DType {
  if ((a.ndim === 0) === (b.ndim === 0)) return promoteTypes(a.dtype, b.dtype);
  const [dimmed, zero] = a.ndim === 0 ? [b, a] : [a, b];
  return CATEGORY[zero.dtype] > CATEGORY[dimmed.dtype] ? zero.dtype : dimmed.dtype;
}

/** A 0-d tensor holding a scalar. */
export function scalarTensor(value: number | boolean, dtype: DType): Tensor {
  const t = Tensor.empty([], dtype);
  t.storage[0] = typeof value === 'boolean' ? Number(value) : value;
  return t;
}

/** Whether a and b have one floating dtype and the same shape: what the fused elementwise backward kernels take. */
export function sameFloatShape(a: Tensor, b: Tensor): boolean {
  if (a.dtype !== b.dtype || (b.dtype !== 'float32' && b.dtype !== 'float64')) return false;
  return a.ndim === b.ndim && a.shape.every((s, i) => s === b.shape[i]);
}
