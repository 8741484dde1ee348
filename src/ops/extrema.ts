import type { Tensor } from '../tensor/tensor.js';
import { normalizeDims } from '../tensor/shape.js';
import { record } from '../autograd/record.js';
import { div, eq, mul } from './binary.js';
import { checkNonEmpty, expandReduced, reducedShape, reduceRaw, sum, type Dims } from './reduce.js';
import { reshape } from './movement.js';
import { bindMethods } from './bind.js';

// amax/amin: max/min values over one or several dims (no indices), and aminmax.

function extremum(op: 'amax' | 'amin', x: Tensor, dim: Dims | undefined, keepdim: boolean): Tensor {
  const dims = normalizeDims(op, dim, x.ndim);
  checkNonEmpty(op, x, dims);
  const out = reduceRaw(op === 'amax' ? 'max' : 'min', x, dims, keepdim, x.dtype);
  return record(op, [x], out, (g) => {
    // As PyTorch: the gradient is shared evenly among the entries equal to the extreme.
    const outK = keepdim ? out : reshape(out, reducedShape(x.shape, dims, true));
    const mask = eq(x, outK);
    return [div(mul(mask, expandReduced(g, x.shape, dims, keepdim)), sum(mask, dims, true))];
  });
}

/**
 * The maximum over all elements or over `dim` (one or several dims), values only. NaN
 * propagates. Ties share the gradient evenly (PyTorch's amax).
 *
 * ```ts
 * nb.amax(nb.tensor([[1, 5], [7, 2]]), 0); // tensor([7., 5.])
 * ```
 */
export function amax(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return extremum('amax', x, dim, keepdim);
}

/** The minimum over all elements or over `dim` (one or several dims); see `amax`. */
export function amin(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return extremum('amin', x, dim, keepdim);
}

/** Keyword options of aminmax (PyTorch's are keyword-only). */
export interface AminmaxOptions { dim?: number; keepdim?: boolean }

/** `{ min, max }` over all elements, or along `dim` (PyTorch's `aminmax`). */
export function aminmax(x: Tensor, opts: AminmaxOptions = {}): { min: Tensor; max: Tensor } {
  const keepdim = opts.keepdim ?? false;
  return { min: amin(x, opts.dim, keepdim), max: amax(x, opts.dim, keepdim) };
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    amax(dim?: Dims, keepdim?: boolean): Tensor;
    amin(dim?: Dims, keepdim?: boolean): Tensor;
    aminmax(opts?: AminmaxOptions): { min: Tensor; max: Tensor };
  }
}

bindMethods({ amax, amin, aminmax });
