import { Tensor } from '../tensor/tensor.js';
import { ValueError, fmtShape } from '../tensor/errors.js';
import { broadcastShapes, shapesEqual } from '../tensor/shape.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { backend } from '../backend/index.js';
import { broadcastView } from './util.js';
import { clone } from './cast.js';
import { add, div, mul, sub, type Operand } from './binary.js';
import { bindMethods } from './bind.js';

// In-place updates (PyTorch's trailing-underscore methods), for optimizers and buffers. They do
// not record a graph: like PyTorch, they refuse to run on a tensor autograd needs while grad
// mode is on (wrap optimizer steps in noGrad).

function checkInPlace(op: string, self: Tensor): void {
  if (isGradEnabled() && self.requiresGrad) {
    throw new ValueError(`${op}: a tensor that requires grad cannot be modified in place while grad mode is on; wrap the update in noGrad()`);
  }
}

/** Copies src (broadcast to self's shape, cast to self's dtype) into self's elements. */
export function copy_(self: Tensor, src: Tensor): Tensor {
  checkInPlace('copy_', self);
  const shape = broadcastShapes('copy_', self.shape, src.shape);
  if (!shapesEqual(shape, self.shape)) throw new ValueError(`copy_: source of shape ${fmtShape(src.shape)} does not broadcast to ${fmtShape(self.shape)}`);
  const n = self.numel();
  if (n === 0) return self;
  // A source sharing self's storage (e.g. a flipped view of itself) is read through a copy,
  // so writes cannot overwrite elements still to be read.
  if (src.storage === self.storage) src = clone(src.detach());
  const view = broadcastView(src, self.shape);
  if (self.isContiguous()) {
    backend().copy(view, self.storage.subarray(self.offset, self.offset + n));
    return self;
  }
  // Strided destination: gather contiguously, then write element by element.
  const tmp = Tensor.empty(self.shape, self.dtype);
  backend().copy(view, tmp.storage);
  const idx = new Array<number>(self.ndim).fill(0);
  let o = self.offset;
  for (let i = 0; i < n; i++) {
    self.storage[o] = tmp.storage[i];
    for (let d = self.ndim - 1; d >= 0; d--) {
      idx[d]++;
      o += self.strides[d];
      if (idx[d] < self.shape[d]) break;
      o -= self.strides[d] * self.shape[d];
      idx[d] = 0;
    }
  }
  return self;
}

function inPlace(op: string, f: (a: Tensor, b: Operand) => Tensor) {
  return (self: Tensor, other: Operand): Tensor => {
    checkInPlace(op, self);
    return copy_(self, f(self.detach(), other instanceof Tensor ? other.detach() : other));
  };
}
export const add_ = inPlace('add_', add);
export const sub_ = inPlace('sub_', sub);
export const mul_ = inPlace('mul_', mul);
export const div_ = inPlace('div_', div);

/** Sets every element to value. */
export function fill_(self: Tensor, value: number): Tensor {
  checkInPlace('fill_', self);
  const t = Tensor.empty([], self.dtype);
  t.storage[0] = value;
  return copy_(self, t);
}
export function zero_(self: Tensor): Tensor {
  return fill_(self, 0);
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    copy_(src: Tensor): Tensor;
    add_(other: Operand): Tensor; sub_(other: Operand): Tensor; mul_(other: Operand): Tensor; div_(other: Operand): Tensor;
    fill_(value: number): Tensor; zero_(): Tensor;
  }
}

bindMethods({ copy_, add_, sub_, mul_, div_, fill_, zero_ });
