import { Tensor } from '../tensor/tensor.js';
import { allocStorage, allocUninit } from '../tensor/dtype.js';
import { backend } from '../backend/index.js';
import type { BinaryOp, UnaryOp } from '../backend/types.js';
import { broadcastView, viewOf } from './util.js';

// Kernels run in place on scratch tensors: fresh, contiguous results that no other tensor or
// graph node holds yet. First-order backward rules (grad mode off) chain several elementwise
// steps through one such buffer instead of allocating an output per step. No graph is recorded.

/** A scratch tensor: `a (op) b` with b (tensor or scalar) broadcast to a's shape; no graph. */
export function scratchBinary(op: BinaryOp, a: Tensor, b: Tensor | number): Tensor {
  const out = new Tensor(allocUninit(a.dtype, a.numel()), a.shape, a.dtype); // written in full by the kernel
  backend().binary(op, viewOf(a), operandView(b, a), out.storage);
  return out;
}

/** s ← s (op) b in place (s a scratch tensor); returns s. */
export function binary_(op: BinaryOp, s: Tensor, b: Tensor | number): Tensor {
  backend().binary(op, viewOf(s), operandView(b, s), s.storage);
  return s;
}

/** dst ← a (op) b (dst a scratch tensor of a's shape, a and b broadcast to it); returns dst. */
export function binaryInto(op: BinaryOp, a: Tensor, b: Tensor | number, dst: Tensor): Tensor {
  backend().binary(op, broadcastView(a, dst.shape), operandView(b, dst), dst.storage);
  return dst;
}

/** s ← f(s) in place for a unary kernel (s a scratch tensor); returns s. */
export function unary_(op: UnaryOp, s: Tensor): Tensor {
  backend().unary(op, viewOf(s), s.storage);
  return s;
}

function operandView(b: Tensor | number, like: Tensor) {
  if (typeof b !== 'number') return broadcastView(b, like.shape);
  const t = new Tensor(allocStorage(like.dtype, 1), [], like.dtype);
  t.storage[0] = b;
  return broadcastView(t, like.shape);
}
