import { Tensor } from '../tensor/tensor.js';
import { allocUninit, isFloat, type DType } from '../tensor/dtype.js';
import { backend } from '../backend/index.js';
import { record } from '../autograd/record.js';
import { viewOf } from './util.js';

/** A contiguous copy of t in `dtype`, outside the graph (for kernels' inputs). */
export function rawCast(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const out = new Tensor(allocUninit(dtype, t.numel()), t.shape, dtype); // the copy writes every element
  backend().copy(viewOf(t), out.storage);
  return out;
}

/** A contiguous copy of t in `dtype` (t itself when it already is). Differentiable between float dtypes. */
export function castTo(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const out = rawCast(t, dtype);
  if (!isFloat(dtype) || !isFloat(t.dtype)) return out;
  const from = t.dtype;
  return record('to', [t], out, (g) => [castTo(g, from)]);
}

/** A contiguous copy of t (t itself when already contiguous), keeping its place in the graph. */
export function contiguous(t: Tensor): Tensor {
  if (t.isContiguous()) return t;
  const out = new Tensor(allocUninit(t.dtype, t.numel()), t.shape, t.dtype); // the copy writes every element
  backend().copy(viewOf(t), out.storage);
  return record('contiguous', [t], out, (g) => [g]);
}

/** An independent copy (PyTorch's `clone`). */
export function clone(t: Tensor): Tensor {
  const out = new Tensor(allocUninit(t.dtype, t.numel()), t.shape, t.dtype); // the copy writes every element
  backend().copy(viewOf(t), out.storage);
  return record('clone', [t], out, (g) => [g]);
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    /** A copy in another dtype (this tensor when the dtype matches). */
    to(dtype: DType): Tensor;
    float(): Tensor;
    double(): Tensor;
    int(): Tensor;
    bool(): Tensor;
    contiguous(): Tensor;
    clone(): Tensor;
  }
}

Tensor.prototype.to = function (this: Tensor, dtype: DType) { return castTo(this, dtype); };
Tensor.prototype.float = function (this: Tensor) { return castTo(this, 'float32'); };
Tensor.prototype.double = function (this: Tensor) { return castTo(this, 'float64'); };
Tensor.prototype.int = function (this: Tensor) { return castTo(this, 'int32'); };
Tensor.prototype.bool = function (this: Tensor) { return castTo(this, 'bool'); };
Tensor.prototype.contiguous = function (this: Tensor) { return contiguous(this); };
Tensor.prototype.clone = function (this: Tensor) { return clone(this); };
