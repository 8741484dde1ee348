import { Tensor } from '../tensor/tensor.js';
import { allocStorage, allocUninit, type DType } from '../tensor/dtype.js';
import { normalizeDim, numel } from '../tensor/shape.js';
import { DTypeError, IndexError, ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { zeros } from '../tensor/creation.js';
import { backend } from '../backend/index.js';
import { record } from '../autograd/record.js';
import { rawCast } from './cast.js';
import { mul } from './binary.js';
import { reshape } from './movement.js';
import { bindMethods } from './bind.js';
import { broadcastView, scalarTensor, viewOf } from './util.js';

// Gather/scatter along one dim (PyTorch's gather, scatter, scatterAdd) and their 1-D-index
// cousins (indexSelect, indexAdd). Each backward is the other op of its pair, so gradients of
// any order compose: gather ↔ scatterAdd, indexSelect ↔ indexAdd.

/** Throws a DTypeError unless `index` is int32 (PyTorch's int64 indices are int32 here). */
export function checkIndexDType(op: string, index: Tensor): void {
  if (index.dtype !== 'int32') throw new DTypeError(`${op}: index must be an int32 tensor, got ${index.dtype}`);
}

/**
 * The index values as a fresh contiguous Int32Array, each checked to lie in [0, size) (or
 * [-size, size) with allowNegative, then wrapped to non-negative): an IndexError otherwise.
 */
export function checkedIndices(op: string, index: Tensor, size: number, dim: number, allowNegative = false): Int32Array {
  const data = rawCast(index, 'int32').dataSync() as Int32Array;
  // A private copy: backward rules keep it, and the caller may later change its index in place.
  const out = data.buffer === index.storage.buffer ? data.slice() : data;
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (v >= 0 && v < size) continue;
    if (allowNegative && v < 0 && v >= -size) {
      out[i] = v + size;
      continue;
    }
    const range = allowNegative ? `[${-size}, ${size})` : `[0, ${size})`;
    throw new IndexError(`${op}: index ${v} is out of range for dimension ${dim} of size ${size} (expected ${range})`);
  }
  return out;
}

/** Checks gather/scatter shapes: same rank, index no larger than `limit` except (unless checkDim) along dim. */
function checkIndexShape(op: string, index: Tensor, dim: number, what: string, limit: Tensor, checkDim: boolean): void {
  if (index.ndim !== limit.ndim && !(index.numel() === 0 && index.ndim === 1)) {
    throw new ShapeError(`${op}: index ${fmtShape(index.shape)} and ${what} ${fmtShape(limit.shape)} must have the same number of dims`);
  }
  if (index.numel() === 0) return;
  for (let d = 0; d < index.ndim; d++) {
    if ((checkDim || d !== dim) && index.shape[d] > limit.shape[d]) {
      throw new ShapeError(`${op}: index ${fmtShape(index.shape)} is larger than ${what} ${fmtShape(limit.shape)} in dimension ${d} (${index.shape[d]} > ${limit.shape[d]})`);
    }
  }
}

/** A contiguous int32 tensor holding `data` in `shape` (indices checked and normalized). */
function indexTensor(data: Int32Array, shape: readonly number[]): Tensor {
  return new Tensor(data, shape, 'int32');
}

/** Runs `fn` on 0-d tensors viewed as [1] and views the result back as 0-d. */
function as1d(ts: Tensor[], fn: (...ts: Tensor[]) => Tensor): Tensor {
  if (ts[0].ndim !== 0) return fn(...ts);
  return reshape(fn(...ts.map((t) => (t.ndim === 0 ? reshape(t, [1]) : t))), []);
}

/**
 * out[i][j] = x[index[i][j]][j] (dim 0), x[i][index[i][j]] (dim 1), ...: values picked along `dim`.
 * `index` is int32 with x's rank and no larger than x outside `dim`; the output has its shape.
 *
 * ```ts
 * gather(tensor([[1, 2], [3, 4]]), 1, tensor([[0, 0], [1, 0]], { dtype: 'int32' })) // [[1, 1], [4, 3]]
 * ```
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexDType('gather', index);
  if (x.ndim === 0) return as1d([x, index], (a, i) => gather(a, dim, i));
  const d = normalizeDim('gather', dim, x.ndim);
  checkIndexShape('gather', index, d, 'input', x, false);
  const idx = indexTensor(checkedIndices('gather', index, x.shape[d], d), index.shape);
  const out = new Tensor(allocStorage(x.dtype, idx.numel()), idx.shape, x.dtype);
  if (idx.numel() > 0) backend().gather(viewOf(x), d, viewOf(idx), out.storage);
  return record('gather', [x], out, (g) => [scatterAdd(zeros(x.shape, { dtype: g.dtype }), d, idx, g)]);
}

/** Options of scatter: `reduce: 'add'` accumulates instead of overwriting. */
export interface ScatterOptions { reduce?: 'add' }

/** The shared forward of scatter and scatterAdd: a copy of x with src written (or added) at index along d. */
function scatterRaw(x: Tensor, d: number, idx: Tensor, src: Tensor | number, mode: 'none' | 'add'): Tensor {
  const dt: DType = x.dtype;
  const out = new Tensor(allocStorage(dt, x.numel()), x.shape, dt);
  backend().copy(viewOf(x), out.storage);
  if (idx.numel() === 0) return out;
  const s = src instanceof Tensor ? rawCast(src, dt) : scalarTensor(src, dt);
  const sv = src instanceof Tensor ? viewOf(s) : broadcastView(s, idx.shape);
  backend().scatter(out.storage, x.shape, d, viewOf(idx), sv, mode);
  return out;
}

function prepareScatter(op: string, x: Tensor, dim: number, index: Tensor, src: Tensor | number): { d: number; idx: Tensor } {
  checkIndexDType(op, index);
  const d = normalizeDim(op, dim, x.ndim);
  checkIndexShape(op, index, d, 'input', x, false);
  if (src instanceof Tensor) {
    if (src.ndim !== x.ndim) throw new ShapeError(`${op}: src ${fmtShape(src.shape)} and input ${fmtShape(x.shape)} must have the same number of dims`);
    checkIndexShape(op, index, d, 'src', src, true);
  } else if (typeof src !== 'number') {
    throw new ValueError(`${op}: src must be a tensor or a number, got ${typeof src}`);
  }
  const idx = indexTensor(checkedIndices(op, index, x.shape[d], d), index.shape);
  return { d, idx };
}

/**
 * A copy of x with `src` (a tensor, or one number) written at `index` along `dim`:
 * out[index[i][j]][j] = src[i][j] for dim 0. With duplicate indices the last write wins.
 * Gradients: x gets g with the written places zeroed; src gets g gathered at index.
 */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number, options: ScatterOptions = {}): Tensor {
  if (options.reduce === 'add') {
    return scatterAdd(x, dim, index, src instanceof Tensor ? src : expandScalar(src, x.dtype, index.shape));
  }
  if (options.reduce !== undefined) throw new ValueError(`scatter: reduce must be 'add' or omitted, got '${String(options.reduce)}'`);
  if (x.ndim === 0) return as1d(src instanceof Tensor ? [x, index, src] : [x, index], (a, i, s) => scatter(a, dim, i, s ?? src));
  const { d, idx } = prepareScatter('scatter', x, dim, index, src);
  const out = scatterRaw(x, d, idx, src, 'none');
  const srcT = src instanceof Tensor ? src : null;
  return record('scatter', [x, srcT], out, (g) => [
    x.requiresGrad ? scatter(g, d, idx, 0) : null,
    srcT?.requiresGrad ? gather(g, d, idx) : null,
  ]);
}

function expandScalar(value: number, dtype: DType, shape: readonly number[]): Tensor {
  const t = new Tensor(allocStorage(dtype, numel(shape)), shape, dtype);
  t.storage.fill(value);
  return t;
}

/**
 * A copy of x with `src` added at `index` along `dim` (repeated indices accumulate):
 * out[index[i][j]][j] += src[i][j] for dim 0. The backward of gather.
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  if (x.ndim === 0) return as1d([x, index, src], (a, i, s) => scatterAdd(a, dim, i, s));
  const { d, idx } = prepareScatter('scatterAdd', x, dim, index, src);
  const out = scatterRaw(x, d, idx, src, 'add');
  return record('scatterAdd', [x, src], out, (g) => [
    x.requiresGrad ? g : null,
    src.requiresGrad ? gather(g, d, idx) : null,
  ]);
}

/** A 1-D (or 0-d) int32 index along a dim of `size`, checked; as a contiguous 1-D tensor. */
function vectorIndex(op: string, index: Tensor, size: number, dim: number): Tensor {
  checkIndexDType(op, index);
  if (index.ndim > 1) throw new ShapeError(`${op}: index must be 1-D (or 0-d), got shape ${fmtShape(index.shape)}`);
  const data = checkedIndices(op, index, size, dim);
  return indexTensor(data, [data.length]);
}

/**
 * The entries `index` (1-D int32) of x along `dim`, in that order (repeats allowed): x's shape
 * with shape[dim] = index.length. Its backward is indexAdd.
 *
 * ```ts
 * indexSelect(tensor([[1, 2], [3, 4], [5, 6]]), 0, tensor([2, 0], { dtype: 'int32' })) // [[5, 6], [1, 2]]
 * ```
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  if (x.ndim === 0) return as1d([x, index], (a, i) => indexSelect(a, dim, i));
  const d = normalizeDim('indexSelect', dim, x.ndim);
  const idx = vectorIndex('indexSelect', index, x.shape[d], d);
  const shape = [...x.shape];
  shape[d] = idx.numel(); // x [.., n, ..] → [.., index.length, ..]
  // Every output element is a copied entry (the indices were checked to be in range).
  const out = new Tensor(allocUninit(x.dtype, numel(shape)), shape, x.dtype);
  if (out.numel() > 0) backend().indexSelect(viewOf(x), d, idx.storage as Int32Array, out.storage);
  return record('indexSelect', [x], out, (g) => [indexAdd(zeros(x.shape, { dtype: g.dtype }), d, idx, g)]);
}

/** Options of indexAdd: `alpha` scales the source. */
export interface IndexAddOptions { alpha?: number }

/**
 * A copy of x with `source` added at the entries `index` along `dim` (repeats accumulate):
 * out[..., index[j], ...] += alpha * source[..., j, ...]. The backward of indexSelect.
 */
export function indexAdd(x: Tensor, dim: number, index: Tensor, source: Tensor, options: IndexAddOptions = {}): Tensor {
  const alpha = options.alpha ?? 1;
  if (x.ndim === 0) return as1d([x, index, source], (a, i, s) => indexAdd(a, dim, i, s, options));
  const d = normalizeDim('indexAdd', dim, x.ndim);
  const idx = vectorIndex('indexAdd', index, x.shape[d], d);
  const want = x.shape.map((s, k) => (k === d ? idx.numel() : s));
  const srcShape = source.ndim === 0 ? [1] : source.shape;
  if (srcShape.length !== want.length || srcShape.some((s, k) => s !== want[k])) {
    throw new ShapeError(`indexAdd: source ${fmtShape(source.shape)} must have shape ${fmtShape(want)} (input ${fmtShape(x.shape)} with dimension ${d} replaced by the index length ${idx.numel()})`);
  }
  const out = new Tensor(allocStorage(x.dtype, x.numel()), x.shape, x.dtype);
  backend().copy(viewOf(x), out.storage);
  const src = alpha === 1 ? rawCast(source, x.dtype) : rawCast(mul(rawCast(source, x.dtype), alpha), x.dtype);
  if (src.numel() > 0) backend().indexAdd(out.storage, x.shape, d, idx.storage as Int32Array, { ...viewOf(src), shape: want, strides: src.ndim === 0 ? [1] : src.strides });
  return record('indexAdd', [x, source], out, (g) => [
    x.requiresGrad ? g : null,
    source.requiresGrad ? reshape(alpha === 1 ? indexSelect(g, d, idx) : mul(indexSelect(g, d, idx), alpha), source.shape) : null,
  ]);
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    gather(dim: number, index: Tensor): Tensor;
    scatter(dim: number, index: Tensor, src: Tensor | number, options?: ScatterOptions): Tensor;
    scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    indexSelect(dim: number, index: Tensor): Tensor;
    indexAdd(dim: number, index: Tensor, source: Tensor, options?: IndexAddOptions): Tensor;
  }
}

bindMethods({ gather, scatter, scatterAdd, indexSelect, indexAdd });
