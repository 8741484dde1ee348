import { Tensor } from '../tensor/tensor.js';
import { allocStorage } from '../tensor/dtype.js';
import { normalizeDim, numel } from '../tensor/shape.js';
import { IndexError, ValueError } from '../tensor/errors.js';
import { backend } from '../backend/index.js';
import { contiguous } from './cast.js';
import { narrow, permute, reshape, select } from './movement.js';
import { gather } from './scatter-gather.js';
import type { ValuesIndices } from './reduce.js';
import { bindMethods } from './bind.js';

// Sorting along a dim and what is built on it (topk, kthvalue, median). The values are
// gathered from x at the sorted indices, so gradients flow through gather (to the indices).

/** Keyword options of sort. nabla's sort is always stable; the flag is accepted for PyTorch's signature. */
export interface SortOptions { stable?: boolean }

/** The int32 indices that sort x along d (stable; NaN sorts as the largest value). */
function sortIndices(x: Tensor, d: number, descending: boolean): Tensor {
  // Move d last: [.., n, ..] → [..., n], pack contiguous, sort rows, move back.
  const order = x.shape.map((_, i) => i).filter((i) => i !== d).concat([d]);
  const permShape = order.map((i) => x.shape[i]);
  const n = x.shape[d];
  const outer = n === 0 ? 0 : numel(permShape) / n;
  const packed = allocStorage(x.dtype, numel(permShape));
  backend().copy({ data: x.storage, shape: permShape, strides: order.map((i) => x.strides[i]), offset: x.offset }, packed);
  const values = allocStorage(x.dtype, packed.length);
  const idx = new Int32Array(packed.length);
  if (packed.length > 0) backend().sort(packed, outer, n, descending, values, idx);
  const inverse = new Array<number>(order.length);
  order.forEach((o, i) => { inverse[o] = i; });
  return contiguous(permute(new Tensor(idx, permShape, 'int32'), inverse));
}

/**
 * Sorts x along `dim` (default -1), ascending unless `descending`; returns `{ values, indices }`
 * (int32 indices into `dim`). The sort is stable (equal values keep their order) and NaN sorts
 * as larger than every number, as in PyTorch. The gradient of values goes back to the indices.
 *
 * ```ts
 * const { values, indices } = nb.sort(nb.tensor([3, 1, 2])); // [1, 2, 3], [1, 2, 0]
 * ```
 */
export function sort(x: Tensor, dim = -1, descending = false, _opts: SortOptions = {}): ValuesIndices {
  if (x.ndim === 0) {
    normalizeDim('sort', dim, 0);
    return { values: x, indices: Tensor.empty([], 'int32') };
  }
  const d = normalizeDim('sort', dim, x.ndim);
  const indices = sortIndices(x, d, descending);
  return { values: gather(x, d, indices), indices };
}

/** The indices that sort x along dim (`sort(...).indices`). */
export function argsort(x: Tensor, dim = -1, descending = false, _opts: SortOptions = {}): Tensor {
  return sort(x, dim, descending).indices;
}

/**
 * The k largest (or, with largest=false, smallest) entries along `dim` (default -1):
 * `{ values, indices }`, in sorted order (nabla always sorts; `sorted` is accepted for
 * PyTorch's signature).
 */
export function topk(x: Tensor, k: number, dim = -1, largest = true, _sorted = true): ValuesIndices {
  const d = normalizeDim('topk', dim, x.ndim);
  const size = x.ndim === 0 ? 1 : x.shape[d];
  if (!Number.isInteger(k) || k < 0 || k > size) {
    throw new IndexError(`topk: k=${k} is out of range for dimension ${d} of size ${size}`);
  }
  const s = sort(x, d, largest);
  if (x.ndim === 0) return s;
  return { values: narrow(s.values, d, 0, k), indices: narrow(s.indices, d, 0, k) };
}

/**
 * The k-th smallest entry (k from 1) along `dim` (default -1), and its index:
 * `{ values, indices }`, with `dim` removed unless keepdim.
 */
export function kthvalue(x: Tensor, k: number, dim = -1, keepdim = false): ValuesIndices {
  const d = normalizeDim('kthvalue', dim, x.ndim);
  const size = x.ndim === 0 ? 1 : x.shape[d];
  if (!Number.isInteger(k) || k < 1 || k > size) {
    throw new IndexError(`kthvalue: k=${k} is out of range for dimension ${d} of size ${size} (expected 1 to ${size})`);
  }
  return pick(sort(x, d), x, d, k - 1, keepdim);
}

function pick(s: ValuesIndices, x: Tensor, d: number, i: number, keepdim: boolean): ValuesIndices {
  if (x.ndim === 0) return s;
  const v = select(s.values, d, i), ix = select(s.indices, d, i);
  if (!keepdim) return { values: v, indices: ix };
  const kept = x.shape.map((n, j) => (j === d ? 1 : n));
  return { values: reshape(v, kept), indices: reshape(ix, kept) };
}

/**
 * The median: of all elements (a 0-d tensor) when dim is omitted, else `{ values, indices }`
 * along dim. For an even count it is the lower of the two middle values, as in PyTorch.
 * NaN sorts last here, so a NaN is the median only when it falls in the middle (PyTorch returns
 * NaN whenever the row contains one).
 */
export function median(x: Tensor): Tensor;
export function median(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function median(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  if (dim === undefined) {
    if (x.numel() === 0) throw new ValueError('median: the tensor is empty');
    const flat = reshape(x, [x.numel()]);
    return select(sort(flat, 0).values, 0, (x.numel() - 1) >> 1);
  }
  const d = normalizeDim('median', dim, x.ndim);
  const size = x.ndim === 0 ? 1 : x.shape[d];
  if (size === 0) throw new IndexError(`median: cannot take the median over dimension ${d} of size 0`);
  return pick(sort(x, d), x, d, (size - 1) >> 1, keepdim);
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    sort(dim?: number, descending?: boolean, opts?: SortOptions): ValuesIndices;
    argsort(dim?: number, descending?: boolean, opts?: SortOptions): Tensor;
    topk(k: number, dim?: number, largest?: boolean, sorted?: boolean): ValuesIndices;
    kthvalue(k: number, dim?: number, keepdim?: boolean): ValuesIndices;
    median(): Tensor;
    median(dim: number, keepdim?: boolean): ValuesIndices;
  }
}

type Fn = (x: Tensor, ...args: never[]) => unknown;
bindMethods({ sort, argsort, topk, kthvalue, median: median as Fn });
