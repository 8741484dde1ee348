import { Tensor } from '../tensor/tensor.js';
import { allocStorage, promoteTypes, type DType } from '../tensor/dtype.js';
import { normalizeDim, numel } from '../tensor/shape.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { record } from '../autograd/record.js';
import { rawCast } from './cast.js';
import { narrow, select, unsqueeze } from './movement.js';
import { bindMethods } from './bind.js';

// Joining (cat, stack) and splitting (split, chunk, unbind). The pieces of a split are views
// made by narrow/select, so their gradients compose through the existing view ops.

/**
 * Concatenates tensors along `dim` (default 0). All must have the same rank and the same sizes
 * outside `dim`; 1-D empty tensors are skipped, as in PyTorch. The dtype is the promotion of
 * the inputs'. The gradient of each input is its narrow of the output gradient.
 *
 * ```ts
 * cat([zeros([2, 3]), ones([1, 3])]) // [3, 3]
 * ```
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ValueError('cat: expected a non-empty list of tensors');
  // PyTorch's legacy rule: 1-D tensors of size 0 take part in dtype promotion only.
  const parts = tensors.filter((t) => !(t.ndim === 1 && t.shape[0] === 0));
  const dtype = tensors.map((t) => t.dtype).reduce((a: DType, b) => promoteTypes(a, b));
  if (parts.length === 0) return new Tensor(allocStorage(dtype, 0), [0], dtype);
  const ref = parts[0];
  if (ref.ndim === 0) throw new ShapeError('cat: zero-dimensional tensors cannot be concatenated; use stack');
  const d = normalizeDim('cat', dim, ref.ndim);
  parts.forEach((t, i) => {
    if (t.ndim !== ref.ndim) {
      throw new ShapeError(`cat: tensor ${i} has ${t.ndim} dims (shape ${fmtShape(t.shape)}) but tensor 0 has ${ref.ndim} (shape ${fmtShape(ref.shape)})`);
    }
    for (let k = 0; k < ref.ndim; k++) {
      if (k !== d && t.shape[k] !== ref.shape[k]) {
        throw new ShapeError(`cat: sizes must match except in dimension ${d}: tensor ${i} has size ${t.shape[k]} in dimension ${k}, tensor 0 has ${ref.shape[k]} (shapes ${fmtShape(t.shape)} and ${fmtShape(ref.shape)})`);
      }
    }
  });
  const shape = [...ref.shape];
  shape[d] = parts.reduce((a, t) => a + t.shape[d], 0); // [.., sum of sizes along d, ..]
  const out = new Tensor(allocStorage(dtype, numel(shape)), shape, dtype);
  // Row-major, each input is [outer, n_i * inner] and lands at column offset_i * inner.
  const outer = numel(shape.slice(0, d));
  const inner = numel(shape.slice(d + 1));
  const rowLen = shape[d] * inner;
  let col = 0;
  for (const t of parts) {
    const src = rawCast(t, dtype).dataSync(); // contiguous copy (a view when already contiguous)
    const len = t.shape[d] * inner;
    if (len > 0) {
      for (let o = 0; o < outer; o++) out.storage.set(src.subarray(o * len, (o + 1) * len) as never, o * rowLen + col);
    }
    col += len;
  }
  const starts: number[] = [];
  let s = 0;
  for (const t of parts) { starts.push(s); s += t.shape[d]; }
  return record('cat', parts, out, (g) => parts.map((t, i) => (t.requiresGrad ? narrow(g, d, starts[i], t.shape[d]) : null)));
}

/** `concat` and `concatenate` are PyTorch's aliases of cat. */
export const concat = cat;
export const concatenate = cat;

/**
 * Stacks same-shape tensors along a new dim (default 0): n tensors of shape S give
 * S with n inserted at `dim`. The gradient of each input is a select of the output gradient.
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ValueError('stack: expected a non-empty list of tensors');
  const ref = tensors[0];
  tensors.forEach((t, i) => {
    if (t.ndim !== ref.ndim || t.shape.some((s, k) => s !== ref.shape[k])) {
      throw new ShapeError(`stack: expects each tensor to be equal size, but got ${fmtShape(ref.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
    }
  });
  const d = normalizeDim('stack', dim, ref.ndim + 1);
  return cat(tensors.map((t) => unsqueeze(t, d)), d);
}

/**
 * Splits x along `dim` (default 0) into pieces of `splitSize` (the last may be smaller) or of
 * the given sizes (which must sum to the dim's size). Each piece is a view (narrow).
 */
export function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  if (x.ndim === 0) throw new ShapeError('split: cannot split a zero-dimensional tensor');
  const d = normalizeDim('split', dim, x.ndim);
  const size = x.shape[d];
  let sizes: number[];
  if (typeof splitSizeOrSections === 'number') {
    const n = splitSizeOrSections;
    if (!Number.isInteger(n) || n < 0) throw new ValueError(`split: split size must be a non-negative integer, got ${n}`);
    if (n === 0) {
      if (size !== 0) throw new ValueError(`split: split size 0 cannot split dimension ${d} of nonzero size ${size}`);
      sizes = [0];
    } else {
      sizes = [];
      for (let s = 0; s < size; s += n) sizes.push(Math.min(n, size - s));
      if (sizes.length === 0) sizes.push(0); // an empty dim splits into one empty piece
    }
  } else {
    sizes = [...splitSizeOrSections];
    const total = sizes.reduce((a, b) => a + b, 0);
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || total !== size) {
      throw new ValueError(`split: sizes ${fmtShape(sizes)} must be non-negative integers summing to the size ${size} of dimension ${d} (shape ${fmtShape(x.shape)})`);
    }
  }
  const out: Tensor[] = [];
  let start = 0;
  for (const s of sizes) { out.push(narrow(x, d, start, s)); start += s; }
  return out;
}

/** Splits x along `dim` into `sizes` pieces (PyTorch's `split_with_sizes`). */
export function splitWithSizes(x: Tensor, sizes: readonly number[], dim = 0): Tensor[] {
  return split(x, sizes, dim);
}

/**
 * Splits x into at most `chunks` views of size ceil(n / chunks) along `dim` (the last may be
 * smaller, and there may be fewer chunks than asked, as in PyTorch).
 */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new ValueError(`chunk: chunks must be a positive integer, got ${chunks}`);
  if (x.ndim === 0) throw new ShapeError('chunk: cannot chunk a zero-dimensional tensor');
  const d = normalizeDim('chunk', dim, x.ndim);
  const size = x.shape[d];
  if (size === 0) return split(x, new Array<number>(chunks).fill(0), d).slice(0, chunks);
  return split(x, Math.ceil(size / chunks), d);
}

/** The slices of x along `dim` (default 0), each with that dim removed (views). */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  if (x.ndim === 0) throw new ShapeError('unbind: cannot unbind a zero-dimensional tensor');
  const d = normalizeDim('unbind', dim, x.ndim);
  return Array.from({ length: x.shape[d] }, (_, i) => select(x, d, i));
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
    unbind(dim?: number): Tensor[];
  }
}

bindMethods({ split, chunk, unbind });
