import { Tensor } from '../tensor/tensor.js';
import { allocStorage } from '../tensor/dtype.js';
import { contiguousStrides, normalizeDim, numel, shapesEqual } from '../tensor/shape.js';
import { IndexError, ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { backend } from '../backend/index.js';
import { record } from '../autograd/record.js';
import { contiguous } from './cast.js';
import { sumToShape } from './reduce.js';
import { broadcastView } from './util.js';

// View ops: they share storage with their input (no copy) and record how to route the gradient.

function makeView(x: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  return new Tensor(x.storage, shape, x.dtype, strides, offset);
}

/** Resolves a -1 in a requested shape and checks the element count. */
function inferShape(op: string, from: readonly number[], shape: readonly number[]): number[] {
  const out = shape.slice();
  const neg = out.indexOf(-1);
  if (neg !== out.lastIndexOf(-1)) throw new ValueError(`${op}: only one dimension can be -1, got ${fmtShape(shape)}`);
  let rest = 1; // the product of the sizes other than the -1
  for (let i = 0; i < out.length; i++) {
    const d = out[i];
    if (d !== -1 && (!Number.isInteger(d) || d < 0)) throw new ValueError(`${op}: invalid size in ${fmtShape(shape)}`);
    if (i !== neg) rest *= d;
  }
  const total = numel(from);
  if (neg >= 0) {
    if (rest === 0 || total % rest !== 0) throw new ShapeError(`${op}: shape ${fmtShape(shape)} is invalid for input of shape ${fmtShape(from)} (${total} elements)`);
    out[neg] = total / rest;
  }
  if (numel(out) !== total) throw new ShapeError(`${op}: shape ${fmtShape(shape)} is invalid for input of shape ${fmtShape(from)} (${total} elements)`);
  return out;
}

/**
 * Strides for viewing (shape, strides) as newShape without a copy, or null when impossible
 * (PyTorch's computeStride: splits and merges of dims that are contiguous with each other).
 */
function viewStrides(shape: readonly number[], strides: readonly number[], newShape: readonly number[]): number[] | null {
  if (numel(shape) === 0) return contiguousStrides(newShape);
  const out = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) { chunkBase = strides[d - 1]; tensorNumel = 1; viewNumel = 1; }
    }
  }
  if (viewD !== -1) {
    while (viewD >= 0) { out[viewD] = 1; viewD--; }
  }
  return out;
}

/** Shape args as PyTorch takes them: `reshape(x, [2, 3])` or `reshape(x, 2, 3)`. */
export type ShapeArgs = [readonly number[]] | number[];
function shapeFrom(args: ShapeArgs): number[] {
  return Array.isArray(args[0]) ? (args[0] as readonly number[]).slice() : (args as number[]);
}

/** A view with a new shape (a copy when the strides do not allow a view). One size may be -1. */
export function reshape(x: Tensor, ...shapeArgs: ShapeArgs): Tensor {
  const shape = inferShape('reshape', x.shape, shapeFrom(shapeArgs));
  if (shapesEqual(shape, x.shape)) return x;
  const strides = viewStrides(x.shape, x.strides, shape);
  const src = strides ? x : contiguous(x);
  const out = makeView(src, shape, strides ?? contiguousStrides(shape), src.offset);
  return record('reshape', [src], out, (g) => [reshape(g, src.shape)]);
}

/** Like reshape, but throws instead of copying (PyTorch's `view`). */
export function view(x: Tensor, ...shapeArgs: ShapeArgs): Tensor {
  const shape = inferShape('view', x.shape, shapeFrom(shapeArgs));
  const strides = viewStrides(x.shape, x.strides, shape);
  if (!strides) throw new ShapeError(`view: cannot view a tensor of shape ${fmtShape(x.shape)} with strides ${fmtShape(x.strides)} as ${fmtShape(shape)}; use reshape (copies) or contiguous() first`);
  const out = makeView(x, shape, strides, x.offset);
  return record('view', [x], out, (g) => [reshape(g, x.shape)]);
}

/** Flattens dims startDim..endDim into one. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim('flatten', startDim, x.ndim);
  const e = normalizeDim('flatten', endDim, x.ndim);
  if (s > e) throw new ValueError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const shape = [...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** Splits dim into `sizes` (PyTorch's `unflatten`). */
export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = normalizeDim('unflatten', dim, x.ndim);
  const inner = inferShape('unflatten', [x.shape[d]], sizes);
  return reshape(x, [...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)]);
}

/** Reorders dims (a view). */
export function permute(x: Tensor, ...dimArgs: ShapeArgs): Tensor {
  const dims = shapeFrom(dimArgs).map((d) => normalizeDim('permute', d, x.ndim));
  if (dims.length !== x.ndim || new Set(dims).size !== dims.length) {
    throw new ValueError(`permute: expected a permutation of ${x.ndim} dims, got ${fmtShape(dimArgs.flat() as number[])}`);
  }
  const out = makeView(x, dims.map((d) => x.shape[d]), dims.map((d) => x.strides[d]), x.offset);
  const inverse = new Array<number>(dims.length);
  dims.forEach((d, i) => { inverse[d] = i; });
  return record('permute', [x], out, (g) => [permute(g, inverse)]);
}

/** Swaps two dims (a view). */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  if (x.ndim === 0) return x;
  const a = normalizeDim('transpose', dim0, x.ndim);
  const b = normalizeDim('transpose', dim1, x.ndim);
  // The view permute(x, order) with dims a and b swapped, built directly (linear calls this on
  // every forward and backward).
  const shape = x.shape.slice(), strides = x.strides.slice();
  shape[a] = x.shape[b]; shape[b] = x.shape[a];
  strides[a] = x.strides[b]; strides[b] = x.strides[a];
  const out = makeView(x, shape, strides, x.offset);
  return record('permute', [x], out, (g) => [transpose(g, a, b)]);
}

/** Transpose of a matrix (≤ 2-D), PyTorch's `t()`. */
export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new ShapeError(`t: expects a tensor with <= 2 dims, got shape ${fmtShape(x.shape)}; use transpose or mT`);
  return x.ndim < 2 ? x : transpose(x, 0, 1);
}

/** Removes size-1 dims (all, or the given ones when they have size 1). */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const dims = dim === undefined ? null : (typeof dim === 'number' ? [dim] : dim).map((d) => normalizeDim('squeeze', d, x.ndim));
  const shape: number[] = [];
  const strides: number[] = [];
  x.shape.forEach((s, d) => {
    if (s === 1 && (dims === null || dims.includes(d))) return;
    shape.push(s);
    strides.push(x.strides[d]);
  });
  if (shape.length === x.ndim) return x;
  const out = makeView(x, shape, strides, x.offset);
  return record('squeeze', [x], out, (g) => [reshape(g, x.shape)]);
}

/** Inserts a size-1 dim at `dim` (which may be x.ndim, or negative counting from the end). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim('unsqueeze', dim, x.ndim + 1);
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < x.ndim ? x.strides[d] * x.shape[d] : 1);
  const out = makeView(x, shape, strides, x.offset);
  return record('unsqueeze', [x], out, (g) => [reshape(g, x.shape)]);
}

/** Broadcasts size-1 dims to `shape` without copying (-1 keeps a size). */
export function expand(x: Tensor, ...shapeArgs: ShapeArgs): Tensor {
  const want = shapeFrom(shapeArgs);
  if (want.length < x.ndim) throw new ShapeError(`expand: cannot expand shape ${fmtShape(x.shape)} to fewer dims ${fmtShape(want)}`);
  const lead = want.length - x.ndim;
  const shape = want.map((s, d) => (s === -1 && d >= lead ? x.shape[d - lead] : s));
  shape.forEach((s, d) => {
    if (!Number.isInteger(s) || s < 0) {
      throw new ShapeError(`expand: invalid size ${s} for dimension ${d} in ${fmtShape(want)}${s === -1 ? ' (-1 is only allowed for existing dims, not new leading ones)' : ''}`);
    }
  });
  shape.forEach((s, d) => {
    const src = d < lead ? 1 : x.shape[d - lead];
    if (src !== 1 && src !== s) throw new ShapeError(`expand: cannot expand shape ${fmtShape(x.shape)} to ${fmtShape(want)}: dimension ${d} is ${src}, not 1 or ${s}`);
  });
  if (shapesEqual(shape, x.shape)) return x;
  const v = broadcastView(x, shape);
  const out = makeView(x, shape, v.strides, x.offset);
  return record('expand', [x], out, (g) => [sumToShape(g, x.shape)]);
}

/** Broadcasts x to other's shape. */
export function expandAs(x: Tensor, other: Tensor): Tensor {
  return expand(x, other.shape);
}

/**
 * Elements start, start+step, ... before end along dim (a view). Negative start/end count from
 * the end and are clamped like Python slices; step must be positive.
 */
export function slice(x: Tensor, dim: number, start = 0, end: number = Number.POSITIVE_INFINITY, step = 1): Tensor {
  const d = normalizeDim('slice', dim, x.ndim);
  if (!Number.isInteger(step) || step <= 0) throw new ValueError(`slice: step must be a positive integer, got ${step}`);
  const size = x.shape[d];
  const clampIdx = (i: number): number => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const s = clampIdx(start);
  const e = Math.max(clampIdx(end), s);
  const n = Math.ceil((e - s) / step);
  const shape = [...x.shape];
  shape[d] = n;
  const strides = [...x.strides];
  strides[d] = x.strides[d] * step;
  const out = makeView(x, shape, strides, x.offset + (n > 0 ? s * x.strides[d] : 0));
  return record('slice', [x], out, (g) => [sliceBackward(g, x.shape, d, s, step)]);
}

/**
 * The backward of slice: g placed at start, start+step, ... along dim of zeros of `shape`.
 * Its own backward is the slice again, so slicing is differentiable to any order.
 */
export function sliceBackward(g: Tensor, shape: readonly number[], dim: number, start: number, step: number): Tensor {
  const out = new Tensor(allocStorage(g.dtype, numel(shape)), shape, g.dtype);
  const strides = contiguousStrides(shape);
  const target = strides.map((s, d) => (d === dim ? s * step : s));
  // Copy g into the strided positions of out: write through a view of out's storage.
  const n = g.numel();
  const direct = g.isContiguous();
  const tmp = direct ? g.storage.subarray(g.offset, g.offset + n) : allocStorage(g.dtype, n);
  if (!direct) backend().copy({ data: g.storage, shape: g.shape, strides: g.strides, offset: g.offset }, tmp);
  const inner = strides[dim];
  const block = g.shape[dim] * inner; // with step 1, each outer row of g is one contiguous run of out
  if (step === 1 && block >= 16 && n > 0) {
    const rows = n / block, rowLen = shape[dim] * inner;
    for (let r = 0; r < rows; r++) out.storage.set(tmp.subarray(r * block, (r + 1) * block), r * rowLen + start * inner);
  } else {
    scatterContiguous(tmp, g.shape, out.storage, target, start * strides[dim]);
  }
  return record('sliceBackward', [g], out, (gg) => [slice(gg, dim, start, start + (g.shape[dim] - 1) * step + 1, step)]);
}

/** Writes a contiguous array of `shape` into `dst` at the given strides and offset. */
function scatterContiguous(src: ArrayLike<number>, shape: readonly number[], dst: { [i: number]: number }, strides: readonly number[], offset: number): void {
  const n = numel(shape);
  if (n === 0) return;
  const idx = new Array<number>(shape.length).fill(0);
  let o = offset;
  for (let i = 0; i < n; i++) {
    dst[o] = src[i];
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]++;
      o += strides[d];
      if (idx[d] < shape[d]) break;
      o -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** `length` elements from `start` along dim (a view). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim('narrow', dim, x.ndim);
  const size = x.shape[d];
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > size) {
    throw new IndexError(`narrow: start ${start} and length ${length} are out of range for dimension ${d} of size ${size}`);
  }
  return slice(x, d, s, s + length);
}

/** The index-th entry along dim, removing that dim (a view). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normalizeDim('select', dim, x.ndim);
  const size = x.shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new IndexError(`select: index ${index} is out of range for dimension ${d} of size ${size}`);
  }
  const i = index < 0 ? index + size : index;
  return squeeze(slice(x, d, i, i + 1), d);
}

/** Swaps the last two dims (PyTorch's `mT`). */
export function mT(x: Tensor): Tensor {
  if (x.ndim < 2) throw new ShapeError(`mT: expects at least 2 dims, got shape ${fmtShape(x.shape)}`);
  return transpose(x, -2, -1);
}
