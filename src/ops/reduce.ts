import { Tensor } from '../tensor/tensor.js';
import { allocStorage, isFloat, type DType } from '../tensor/dtype.js';
import { normalizeDim, normalizeDims, numel, shapesEqual } from '../tensor/shape.js';
import { IndexError, fmtShape } from '../tensor/errors.js';
import { backend } from '../backend/index.js';
import type { ReduceOp } from '../backend/types.js';
import { record } from '../autograd/record.js';
import { scalarTensor, viewOf } from './util.js';
import { rawCast } from './cast.js';
import { binaryRaw, div, eq, mul } from './binary.js';
import { expand, reshape } from './movement.js';

/** A dim argument: one dim, several, or all when omitted. */
export type Dims = number | readonly number[];

/** The shape after reducing `dims` (kept as size 1 with keepdim). */
export function reducedShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (dims.includes(d)) { if (keepdim) out.push(1); } else out.push(shape[d]);
  }
  return out;
}

/** Runs a reduction kernel over normalized dims; no graph. */
export function reduceRaw(op: ReduceOp, x: Tensor, dims: readonly number[], keepdim: boolean, outDType: DType): Tensor {
  const shape = reducedShape(x.shape, dims, keepdim);
  const out = new Tensor(allocStorage(outDType, numel(shape)), shape, outDType);
  backend().reduce(op, viewOf(x), dims, out.storage);
  return out;
}

/** Broadcasts a reduced gradient back over the reduced dims of `shape`. */
export function expandReduced(g: Tensor, shape: readonly number[], dims: readonly number[], keepdim: boolean): Tensor {
  const kept = keepdim ? g : reshape(g, reducedShape(shape, dims, true));
  return expand(kept, shape);
}

/** Sums a broadcast gradient down to `shape` (the backward of broadcasting). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let d = 0; d < g.ndim; d++) {
    if (d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1)) dims.push(d);
  }
  const s = dims.length ? sum(g, dims, true) : g;
  return reshape(s, shape);
}

function sumDType(x: Tensor): DType {
  return isFloat(x.dtype) ? x.dtype : 'int32';
}

/** Sum over all elements or the given dims (ints and bools sum to int32). */
export function sum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = normalizeDims('sum', dim, x.ndim);
  const out = reduceRaw('sum', x, dims, keepdim, sumDType(x));
  return record('sum', [x], out, (g) => [expandReduced(g, x.shape, dims, keepdim)]);
}

/** Mean over all elements or the given dims (floating point only). */
export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = normalizeDims('mean', dim, x.ndim);
  let count = 1;
  for (const d of dims) count *= x.shape[d];
  const src = isFloat(x.dtype) ? x : rawCast(x, 'float32');
  const s = reduceRaw('sum', src, dims, keepdim, src.dtype);
  const out = rawDivScalar(s, count);
  return record('mean', [x], out, (g) => [expandReduced(div(g, count), x.shape, dims, keepdim)]);
}

function rawDivScalar(t: Tensor, c: number): Tensor {
  // Division, not multiplication by 1/c, to match PyTorch to the last bit.
  return binaryRaw('div', t, scalarTensor(c, t.dtype));
}

/** Throws an IndexError when reducing over a size-0 dim (max/min/argmax have no identity). */
export function checkNonEmpty(op: string, x: Tensor, dims: readonly number[]): void {
  for (const d of dims) {
    if (x.shape[d] === 0) throw new IndexError(`${op}: cannot reduce over dimension ${d} of size 0 (shape ${fmtShape(x.shape)}); the operation has no identity`);
  }
  if (x.numel() === 0 && dims.length === 0) throw new IndexError(`${op}: empty tensor of shape ${fmtShape(x.shape)}`);
}

/** Index of the max along dim (of the flattened tensor when dim is omitted), int32. First maximum wins; NaN counts as the max. */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argExtreme('argmax', x, dim, keepdim);
}
export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argExtreme('argmin', x, dim, keepdim);
}
function argExtreme(op: 'argmax' | 'argmin', x: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  if (dim === undefined) {
    const flat = reshape(x, [x.numel()]);
    checkNonEmpty(op, flat, [0]);
    const r = reduceRaw(op, flat, [0], false, 'int32');
    return keepdim ? reshape(r, x.shape.map(() => 1)) : r;
  }
  const d = normalizeDim(op, dim, x.ndim);
  const dims = x.ndim === 0 ? [] : [d];
  checkNonEmpty(op, x, dims);
  return reduceRaw(op, x, dims, keepdim, 'int32');
}

export interface ValuesIndices { values: Tensor; indices: Tensor }

/**
 * max over everything (a 0-d tensor), or along one dim returning `{ values, indices }`
 * like PyTorch. Gradients flow to the first maximum (all-dims form: split among ties, as PyTorch).
 */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return extreme('max', x, dim, keepdim);
}
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return extreme('min', x, dim, keepdim);
}

function extreme(op: 'max' | 'min', x: Tensor, dim: number | undefined, keepdim: boolean): Tensor | ValuesIndices {
  if (dim === undefined) {
    const dims = normalizeDims(op, undefined, x.ndim);
    checkNonEmpty(op, x, dims);
    const out = reduceRaw(op, x, dims, false, x.dtype);
    return record(op, [x], out, (g) => {
      const mask = eq(x, out);
      return [mul(mask, div(g, sum(mask)))];
    });
  }
  const d = normalizeDim(op, dim, x.ndim);
  const dims = x.ndim === 0 ? [] : [d];
  checkNonEmpty(op, x, dims);
  const indices = reduceRaw(op === 'max' ? 'argmax' : 'argmin', x, dims, keepdim, 'int32');
  const values = reduceRaw(op, x, dims, keepdim, x.dtype);
  const rec = record(op, [x], values, (g) => [indexBackward(g, indices, x.shape, d, keepdim)]);
  return { values: rec, indices };
}

/** Scatters g into zeros of `shape` at `indices` along dim (the backward of max/min/take-along-dim). */
function indexBackward(g: Tensor, indices: Tensor, shape: readonly number[], dim: number, keepdim: boolean): Tensor {
  if (shape.length === 0) return g;
  const idx = keepdim ? indices : reshape(indices, reducedShape(shape, [dim], true));
  const gk = keepdim ? g : reshape(g, reducedShape(shape, [dim], true));
  // one-hot mask along dim: equal to an arange compared with the index
  const positions = new Tensor(allocStorage('int32', shape[dim]), [shape[dim]], 'int32');
  for (let i = 0; i < shape[dim]; i++) positions.storage[i] = i;
  const posShape = shape.map((s, d) => (d === dim ? s : 1));
  const mask = eq(reshape(positions, posShape), idx);
  return mul(mask, gk);
}

/** Product over all elements or the given dims. */
export function prod(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = normalizeDims('prod', dim, x.ndim);
  const out = reduceRaw('prod', x, dims, keepdim, sumDType(x));
  return record('prod', [x], out, (g) => {
    // d/dx_i prod = prod / x_i, written with tensor ops (differentiable again) when x has no
    // zeros, as PyTorch does. With zeros, the product of the others from a direct pass:
    // exact, but first-order only (no second derivative through a prod over zeros).
    const xs = x.dataSync();
    const others = xs.includes(0) ? prodOthers(x, dims) : div(expandReduced(out, x.shape, dims, keepdim), x);
    return [mul(expandReduced(g, x.shape, dims, keepdim), others)];
  });
}

/** For each element, the product of the other elements in its reduction group (handles zeros). */
function prodOthers(x: Tensor, dims: readonly number[]): Tensor {
  // exclusive products by brute force over each group: groups are small in practice for prod
  const data = x.contiguous().dataSync();
  const out = new Tensor(allocStorage(x.dtype, x.numel()), x.shape, x.dtype);
  const shape = x.shape;
  const strides: number[] = [];
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) { strides[d] = s; s *= shape[d]; }
  const groupOf = (flat: number): number => {
    let key = 0, mulK = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      const c = Math.floor(flat / strides[d]) % shape[d];
      if (!dims.includes(d)) { key += c * mulK; mulK *= shape[d]; }
    }
    return key;
  };
  const groups = new Map<number, number[]>();
  for (let i = 0; i < data.length; i++) {
    const k = groupOf(i);
    let list = groups.get(k);
    if (!list) { list = []; groups.set(k, list); }
    list.push(i);
  }
  for (const list of groups.values()) {
    const n = list.length;
    const prefix = new Float64Array(n + 1);
    const suffix = new Float64Array(n + 1);
    prefix[0] = 1; suffix[n] = 1;
    for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] * data[list[i]];
    for (let i = n - 1; i >= 0; i--) suffix[i] = suffix[i + 1] * data[list[i]];
    for (let i = 0; i < n; i++) out.storage[list[i]] = prefix[i] * suffix[i + 1];
  }
  return out;
}

/** Whether any element (along dims) is nonzero: bool. */
export function any(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return reduceRaw('any', x, normalizeDims('any', dim, x.ndim), keepdim, 'bool');
}
/** Whether all elements (along dims) are nonzero: bool. */
export function all(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return reduceRaw('all', x, normalizeDims('all', dim, x.ndim), keepdim, 'bool');
}
