import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
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

/** A 0-d tensor holding a scalar. */
export function scalarTensor(value: number | boolean, dtype: DType): Tensor {
  const t = Tensor.empty([], dtype);
  t.storage[0] = typeof value === 'boolean' ? Number(value) : value;
  return t;
}
