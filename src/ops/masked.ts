import { Tensor } from '../tensor/tensor.js';
import { broadcastShapes, contiguousStrides, numel } from '../tensor/shape.js';
import { DTypeError, ValueError, fmtShape } from '../tensor/errors.js';
import { castTo } from './cast.js';
import { where } from './binary.js';
import { expand, reshape } from './movement.js';
import { indexSelect } from './scatter-gather.js';
import { bindMethods } from './bind.js';
import { scalarTensor } from './util.js';

// Boolean masks: fill where true (maskedFill), pick where true (maskedSelect), and the
// coordinates of the true (nonzero) elements.

function checkMask(op: string, mask: Tensor): void {
  if (mask.dtype !== 'bool') throw new DTypeError(`${op}: mask must be a bool tensor, got ${mask.dtype}`);
}

/**
 * x with `value` where `mask` is true (mask and x broadcast together). `value` is a number or a
 * 0-d tensor (which then receives the gradient of the filled places). Backward: where(mask, 0, g).
 *
 * ```ts
 * maskedFill(scores, causalMask, -Infinity)
 * ```
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number | boolean | Tensor): Tensor {
  checkMask('maskedFill', mask);
  let v: Tensor;
  if (value instanceof Tensor) {
    if (value.ndim !== 0) throw new ValueError(`maskedFill: value must be a number or a 0-d tensor, got a tensor of shape ${fmtShape(value.shape)}`);
    v = castTo(value, x.dtype);
  } else {
    v = scalarTensor(x.dtype === 'bool' ? value !== 0 && value !== false : value, x.dtype);
  }
  return where(mask, v, x);
}

/**
 * The coordinates of the nonzero (true) elements of x, in row-major order: int32 [n, x.ndim].
 * With `asTuple`, one 1-D int32 tensor of n coordinates per dim (PyTorch's `as_tuple=True`,
 * which is also what `where(condition)` returns in PyTorch).
 */
export function nonzero(x: Tensor): Tensor;
export function nonzero(x: Tensor, options: { asTuple: true }): Tensor[];
export function nonzero(x: Tensor, options: { asTuple?: boolean } = {}): Tensor | Tensor[] {
  const data = x.dataSync();
  const rank = x.ndim;
  const strides = contiguousStrides(x.shape);
  let count = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) count++; // NaN is nonzero
  const coords = new Int32Array(count * rank);
  let k = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0) continue;
    let rest = i;
    for (let d = 0; d < rank; d++) { coords[k * rank + d] = Math.floor(rest / strides[d]); rest %= strides[d]; }
    k++;
  }
  const out = new Tensor(coords, [count, rank], 'int32'); // [n, ndim]
  if (!options.asTuple) return out;
  if (rank === 0) return [new Tensor(new Int32Array(count), [count], 'int32')]; // PyTorch treats 0-d as 1-D here
  return Array.from({ length: rank }, (_, d) => {
    const col = new Int32Array(count);
    for (let j = 0; j < count; j++) col[j] = coords[j * rank + d];
    return new Tensor(col, [count], 'int32');
  });
}

/** nonzero's [n, ndim] form (PyTorch's `argwhere`). */
export function argwhere(x: Tensor): Tensor {
  return nonzero(x);
}

/**
 * The elements of x where `mask` is true (broadcast together), as a 1-D tensor in row-major
 * order. Backward: the gradient scattered back to those places (through indexSelect).
 */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  checkMask('maskedSelect', mask);
  const shape = broadcastShapes('maskedSelect', x.shape, mask.shape);
  const m = reshape(expand(mask, shape), [numel(shape)]);
  const positions = nonzero(m, { asTuple: true })[0]; // flat positions of the true elements
  const flat = reshape(expand(x, shape), [numel(shape)]); // [N]
  return indexSelect(flat, 0, positions); // [n]
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    maskedFill(mask: Tensor, value: number | boolean | Tensor): Tensor;
    maskedSelect(mask: Tensor): Tensor;
    nonzero(): Tensor;
    nonzero(options: { asTuple: true }): Tensor[];
    argwhere(): Tensor;
  }
}

bindMethods({ maskedFill, maskedSelect, nonzero: nonzero as (x: Tensor, o?: { asTuple?: boolean }) => Tensor | Tensor[], argwhere });
