import type { TypedArray } from '../../tensor/dtype.js';
import { ValueError } from '../../tensor/errors.js';
import type { Backend, BinaryOp, OptimizerKind, ReduceOp, UnaryOp, View, Window2d } from '../types.js';
import { JsBackend } from '../js/backend.js';
import type { NativeAddon } from './load.js';
import { nativeOptimizerStep } from './optim.js';
import { BINARY_CODE, BINARY_PREDICATES, REDUCE_CODE, UNARY_CODE, UNARY_PREDICATES } from './ops.js';

export { nativeInfo, type NativeInfo } from './load.js';

/** The addon handles views of up to this many dims; more go to the js backend. */
const MAX_DIMS = 16;

type FloatArray = Float32Array | Float64Array;

function isFloat(a: TypedArray): a is FloatArray {
  return a instanceof Float32Array || a instanceof Float64Array;
}
function sameKind(a: TypedArray, b: TypedArray): boolean {
  return a.constructor === b.constructor;
}
function fmt(xs: readonly number[]): string {
  return `[${xs.join(', ')}]`;
}
function numel(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/**
 * Throws a ValueError unless every element the view can reach lies inside its array (the native
 * kernels trust these numbers, so they are checked before each call).
 */
function checkView(op: string, what: string, v: View): void {
  const nd = v.shape.length;
  if (v.strides.length !== nd) throw new ValueError(`${op}: ${what} has shape ${fmt(v.shape)} but strides ${fmt(v.strides)}`);
  if (!Number.isSafeInteger(v.offset)) throw new ValueError(`${op}: ${what} has a non-integer offset ${v.offset}`);
  let lo = v.offset;
  let hi = v.offset;
  let empty = false;
  for (let d = 0; d < nd; d++) {
    const size = v.shape[d];
    const stride = v.strides[d];
    if (!Number.isSafeInteger(size) || size < 0) throw new ValueError(`${op}: ${what} has an invalid shape ${fmt(v.shape)}`);
    if (!Number.isSafeInteger(stride)) throw new ValueError(`${op}: ${what} has invalid strides ${fmt(v.strides)}`);
    if (size === 0) empty = true;
    const span = (size - 1) * stride;
    if (span > 0) hi += span;
    else lo += span;
  }
  if (!empty && (lo < 0 || hi >= v.data.length)) {
    throw new ValueError(
      `${op}: ${what} (shape ${fmt(v.shape)}, strides ${fmt(v.strides)}, offset ${v.offset}) reaches elements ` +
      `${lo}..${hi}, outside its storage of ${v.data.length}`,
    );
  }
}

function checkSize(op: string, what: string, a: TypedArray, need: number): void {
  if (!Number.isSafeInteger(need) || need < 0) throw new ValueError(`${op}: invalid ${what} size ${need}`);
  if (a.length < need) throw new ValueError(`${op}: ${what} has ${a.length} elements, expected at least ${need}`);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function checkSameShape(op: string, a: View, b: View): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new ValueError(`${op}: operands must already be broadcast to one shape, got ${fmt(a.shape)} and ${fmt(b.shape)}`);
  }
}

function checkBlock(op: string, outer: number, n: number, inner: number): number {
  for (const v of [outer, n, inner]) {
    if (!Number.isSafeInteger(v) || v < 0) throw new ValueError(`${op}: invalid sizes [${outer}, ${n}, ${inner}]`);
  }
  return outer * n * inner;
}

function checkWindow(op: string, win: Window2d, dims: readonly number[]): void {
  const w = win;
  const all = [...dims, w.kH, w.kW, w.strideH, w.strideW, w.padH, w.padW, w.dilationH, w.dilationW, w.outH, w.outW];
  if (all.some((v) => !Number.isSafeInteger(v) || v < 0) || w.kH < 1 || w.kW < 1 || w.strideH < 1 || w.strideW < 1 || w.dilationH < 1 || w.dilationW < 1) {
    throw new ValueError(`${op}: invalid window or sizes (${JSON.stringify(w)}, dims ${fmt(dims)})`);
  }
}

/** First byte a view can touch in its ArrayBuffer (only for views with no empty dim). */
function byteLo(v: View): number {
  let lo = v.offset;
  for (let d = 0; d < v.shape.length; d++) {
    const span = (v.shape[d] - 1) * v.strides[d];
    if (span < 0) lo += span;
  }
  return v.data.byteOffset + lo * v.data.BYTES_PER_ELEMENT;
}
/** One past the last byte a view can touch in its ArrayBuffer (only for views with no empty dim). */
function byteHi(v: View): number {
  let hi = v.offset;
  for (let d = 0; d < v.shape.length; d++) {
    const span = (v.shape[d] - 1) * v.strides[d];
    if (span > 0) hi += span;
  }
  return v.data.byteOffset + (hi + 1) * v.data.BYTES_PER_ELEMENT;
}
function hasEmptyDim(v: View): boolean {
  for (let d = 0; d < v.shape.length; d++) if (v.shape[d] === 0) return true;
  return false;
}

/**
 * True when writing `out` could change what is still to be read from `v`: they share memory and
 * `v` is not exactly `out` read in order (in-place elementwise on the same contiguous elements is
 * safe; a shifted, flipped or transposed view of the output is not).
 */
function hazard(v: View, out: TypedArray, n: number): boolean {
  if (v.data.buffer !== out.buffer || n === 0 || hasEmptyDim(v)) return false;
  const lo = byteLo(v), hi = byteHi(v);
  const olo = out.byteOffset, ohi = out.byteOffset + n * out.BYTES_PER_ELEMENT;
  if (hi <= olo || ohi <= lo) return false;
  const same = v.data.BYTES_PER_ELEMENT === out.BYTES_PER_ELEMENT && v.data.byteOffset + v.offset * v.data.BYTES_PER_ELEMENT === olo;
  if (!same) return true;
  let s = 1;
  for (let d = v.shape.length - 1; d >= 0; d--) {
    if (v.shape[d] !== 1 && v.strides[d] !== s) return true;
    s *= v.shape[d];
  }
  return false;
}

/** True when two arrays share any bytes. */
function overlap(a: TypedArray, b: TypedArray): boolean {
  if (a.buffer !== b.buffer || a.length === 0 || b.length === 0) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/** Runs fn into a fresh array when out overlaps an input, then copies the result into out. */
function viaTemp(out: TypedArray, n: number, fn: (o: TypedArray) => void): void {
  const ctor = out.constructor as new (n: number) => TypedArray;
  const tmp = new ctor(n);
  fn(tmp);
  out.set(tmp as never);
}

/**
 * The native backend: C++ kernels (SIMD, multithreaded) through the N-API addon, zero-copy on
 * the tensors' typed arrays. float32/float64 go to the addon (and every dtype for copy, where,
 * gather/scatter, indexSelect/indexAdd and sort); the rest goes to the js backend.
 */
export class NativeBackend implements Backend {
  readonly name = 'native' as const;
  private readonly addon: NativeAddon;
  private readonly js = new JsBackend();
  /** Reused view descriptions (calls are synchronous, so one buffer serves them all). */
  private readonly meta = new Float64Array(4 + 5 * (MAX_DIMS + 1));
  private readonly geo = new Float64Array(14);

  constructor(addon: NativeAddon) {
    this.addon = addon;
  }

  /** Writes [nd, shape...] at 0 and returns the next position. */
  private putShape(shape: readonly number[]): number {
    const m = this.meta;
    m[0] = shape.length;
    for (let d = 0; d < shape.length; d++) m[1 + d] = shape[d];
    return 1 + shape.length;
  }
  /** Writes [offset, strides...] at pos and returns the next position. */
  private putView(pos: number, v: View): number {
    const m = this.meta;
    m[pos] = v.offset;
    for (let d = 0; d < v.strides.length; d++) m[pos + 1 + d] = v.strides[d];
    return pos + 1 + v.strides.length;
  }
  private putGeo(n: number, c: number, h: number, w: number, win: Window2d): Float64Array {
    const g = this.geo;
    g[0] = n; g[1] = c; g[2] = h; g[3] = w;
    g[4] = win.kH; g[5] = win.kW; g[6] = win.strideH; g[7] = win.strideW;
    g[8] = win.padH; g[9] = win.padW; g[10] = win.dilationH; g[11] = win.dilationW;
    g[12] = win.outH; g[13] = win.outW;
    return g;
  }

  copy(src: View, out: TypedArray): void {
    checkView('copy', 'source', src);
    checkSize('copy', 'output', out, numel(src.shape));
    if (src.shape.length > MAX_DIMS) return this.js.copy(src, out);
    const n = numel(src.shape);
    if (hazard(src, out, n)) return viaTemp(out, n, (o) => this.copy(src, o));
    const p = this.putShape(src.shape);
    this.putView(p, src);
    this.addon.copy(src.data, out, this.meta);
  }

  unary(op: UnaryOp, x: View, out: TypedArray, p0 = 0, p1 = 0): void {
    checkView(op, 'input', x);
    checkSize(op, 'output', out, numel(x.shape));
    const pred = UNARY_PREDICATES.has(op);
    const ok = isFloat(x.data) && x.shape.length <= MAX_DIMS && (pred ? out instanceof Uint8Array : sameKind(x.data, out));
    if (!ok) return this.js.unary(op, x, out, p0, p1);
    const n = numel(x.shape);
    if (hazard(x, out, n)) return viaTemp(out, n, (o) => this.unary(op, x, o, p0, p1));
    const p = this.putShape(x.shape);
    this.putView(p, x);
    this.addon.unary(UNARY_CODE[op], x.data, out, this.meta, p0, p1);
  }

  binary(op: BinaryOp, a: View, b: View, out: TypedArray): void {
    checkSameShape(op, a, b);
    checkView(op, 'first operand', a);
    checkView(op, 'second operand', b);
    checkSize(op, 'output', out, numel(a.shape));
    const pred = BINARY_PREDICATES.has(op);
    const ok = isFloat(a.data) && sameKind(a.data, b.data) && a.shape.length <= MAX_DIMS &&
      (pred ? out instanceof Uint8Array : sameKind(a.data, out));
    if (!ok) return this.js.binary(op, a, b, out);
    const n = numel(a.shape);
    if (hazard(a, out, n) || hazard(b, out, n)) return viaTemp(out, n, (o) => this.binary(op, a, b, o));
    const p = this.putView(this.putShape(a.shape), a);
    this.putView(p, b);
    this.addon.binary(BINARY_CODE[op], a.data, b.data, out, this.meta);
  }

  where(cond: View, a: View, b: View, out: TypedArray): void {
    checkSameShape('where', cond, a);
    checkSameShape('where', cond, b);
    checkView('where', 'condition', cond);
    checkView('where', 'first operand', a);
    checkView('where', 'second operand', b);
    checkSize('where', 'output', out, numel(cond.shape));
    const ok = cond.data instanceof Uint8Array && sameKind(a.data, b.data) && sameKind(a.data, out) && cond.shape.length <= MAX_DIMS;
    if (!ok) return this.js.where(cond, a, b, out);
    const n = numel(cond.shape);
    if (hazard(cond, out, n) || hazard(a, out, n) || hazard(b, out, n)) return viaTemp(out, n, (o) => this.where(cond, a, b, o));
    const p = this.putView(this.putView(this.putShape(cond.shape), cond), a);
    this.putView(p, b);
    this.addon.where(cond.data, a.data, b.data, out, this.meta);
  }

  reduce(op: ReduceOp, x: View, dims: readonly number[], out: TypedArray): void {
    checkView(op, 'input', x);
    const nd = x.shape.length;
    const red = new Array<boolean>(nd).fill(false);
    for (const d of dims) {
      if (!Number.isInteger(d) || d < 0 || d >= nd) throw new ValueError(`${op}: dim ${d} out of range for shape ${fmt(x.shape)}`);
      red[d] = true;
    }
    let outN = 1;
    for (let d = 0; d < nd; d++) if (!red[d]) outN *= x.shape[d];
    checkSize(op, 'output', out, outN);
    const want = op === 'argmax' || op === 'argmin' ? out instanceof Int32Array
      : op === 'any' || op === 'all' ? out instanceof Uint8Array
      : sameKind(x.data, out);
    if (!isFloat(x.data) || !want || nd > MAX_DIMS) return this.js.reduce(op, x, dims, out);
    let p = this.putView(this.putShape(x.shape), x);
    for (let d = 0; d < nd; d++) this.meta[p++] = red[d] ? 1 : 0;
    this.addon.reduce(REDUCE_CODE[op], x.data, out, this.meta);
  }

  scan(op: 'sum' | 'prod', x: TypedArray, outer: number, n: number, inner: number, out: TypedArray): void {
    const size = checkBlock(`cum${op}`, outer, n, inner);
    checkSize(`cum${op}`, 'input', x, size);
    checkSize(`cum${op}`, 'output', out, size);
    if (!isFloat(x) || !sameKind(x, out)) return this.js.scan(op, x, outer, n, inner, out);
    if (overlap(x, out) && x.byteOffset !== out.byteOffset) return viaTemp(out, size, (o) => this.addon.scan(op === 'sum' ? 0 : 1, x, o, outer, n, inner));
    this.addon.scan(op === 'sum' ? 0 : 1, x, out, outer, n, inner);
  }

  matmul(a: View, b: View, out: TypedArray): void {
    if (a.shape.length !== 3 || b.shape.length !== 3 || a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
      throw new ValueError(`matmul: expected [B, M, K] @ [B, K, N], got ${fmt(a.shape)} @ ${fmt(b.shape)}`);
    }
    checkView('matmul', 'left operand', a);
    checkView('matmul', 'right operand', b);
    const batch = a.shape[0], M = a.shape[1], K = a.shape[2];
    const N = b.shape[2];
    checkSize('matmul', 'output', out, batch * M * N);
    if (!isFloat(a.data) || !sameKind(a.data, b.data) || !sameKind(a.data, out)) return this.js.matmul(a, b, out);
    const n = batch * M * N;
    // C is written while A and B are still being read: any shared memory needs a temporary.
    if (n > 0 && (overlap(a.data, out) || overlap(b.data, out))) return viaTemp(out, n, (o) => this.matmul(a, b, o));
    const m = this.meta;
    m[0] = batch; m[1] = M; m[2] = K; m[3] = N;
    m[4] = a.offset; m[5] = a.strides[0]; m[6] = a.strides[1]; m[7] = a.strides[2];
    m[8] = b.offset; m[9] = b.strides[0]; m[10] = b.strides[1]; m[11] = b.strides[2];
    this.addon.matmul(a.data, b.data, out, m);
  }

  softmax(x: TypedArray, outer: number, n: number, inner: number, out: TypedArray, log: boolean): void {
    const op = log ? 'logSoftmax' : 'softmax';
    const size = checkBlock(op, outer, n, inner);
    checkSize(op, 'input', x, size);
    checkSize(op, 'output', out, size);
    if (!isFloat(x) || !sameKind(x, out)) return this.js.softmax(x, outer, n, inner, out, log);
    if (overlap(x, out)) return viaTemp(out, size, (o) => this.addon.softmax(x, o, outer, n, inner, log));
    this.addon.softmax(x, out, outer, n, inner, log);
  }

  logsumexp(x: TypedArray, outer: number, n: number, inner: number, out: TypedArray): void {
    const size = checkBlock('logsumexp', outer, n, inner);
    checkSize('logsumexp', 'input', x, size);
    checkSize('logsumexp', 'output', out, outer * inner);
    if (!isFloat(x) || !sameKind(x, out)) return this.js.logsumexp(x, outer, n, inner, out);
    if (overlap(x, out)) return viaTemp(out, outer * inner, (o) => this.addon.logsumexp(x, o, outer, n, inner));
    this.addon.logsumexp(x, out, outer, n, inner);
  }

  /** Writes [nd, dim] at 0 and returns the next position. */
  private putNdDim(nd: number, dim: number): number {
    this.meta[0] = nd;
    this.meta[1] = dim;
    return 2;
  }
  private putDims(pos: number, shape: readonly number[]): number {
    for (let d = 0; d < shape.length; d++) this.meta[pos + d] = shape[d];
    return pos + shape.length;
  }

  gather(x: View, dim: number, index: View, out: TypedArray): void {
    checkView('gather', 'input', x);
    checkView('gather', 'index', index);
    const nd = x.shape.length;
    if (index.shape.length !== nd || !Number.isInteger(dim) || dim < 0 || dim >= nd) {
      throw new ValueError(`gather: index ${fmt(index.shape)} and input ${fmt(x.shape)} must have the same rank, dim ${dim} inside it`);
    }
    checkSize('gather', 'output', out, numel(index.shape));
    if (!(index.data instanceof Int32Array) || !sameKind(x.data, out) || nd > MAX_DIMS) return this.js.gather(x, dim, index, out);
    let p = this.putView(this.putDims(this.putNdDim(nd, dim), x.shape), x);
    p = this.putDims(p, index.shape);
    this.putView(p, index);
    this.addon.gather(x.data, index.data, out, this.meta);
  }
  scatter(out: TypedArray, outShape: readonly number[], dim: number, index: View, src: View, reduce: 'none' | 'add'): void {
    checkView('scatter', 'index', index);
    checkView('scatter', 'source', src);
    const nd = outShape.length;
    if (index.shape.length !== nd || src.shape.length < nd || !Number.isInteger(dim) || dim < 0 || dim >= nd) {
      throw new ValueError(`scatter: index ${fmt(index.shape)} and output ${fmt(outShape)} must have the same rank, dim ${dim} inside it`);
    }
    checkSize('scatter', 'output', out, numel(outShape));
    // The js backend walks src with index's shape; so does the addon.
    const srcView: View = { data: src.data, shape: index.shape, strides: src.strides.slice(0, nd), offset: src.offset };
    checkView('scatter', 'source', srcView);
    if (!(index.data instanceof Int32Array) || !sameKind(src.data, out) || nd > MAX_DIMS) return this.js.scatter(out, outShape, dim, index, src, reduce);
    let p = this.putDims(this.putDims(this.putNdDim(nd, dim), outShape), index.shape);
    p = this.putView(p, index);
    this.putView(p, srcView);
    this.addon.scatter(out, index.data, src.data, this.meta, reduce === 'add');
  }
  indexSelect(x: View, dim: number, index: Int32Array, out: TypedArray): void {
    checkView('indexSelect', 'input', x);
    const nd = x.shape.length;
    if (!Number.isInteger(dim) || dim < 0 || dim >= nd) throw new ValueError(`indexSelect: dim ${dim} out of range for ${fmt(x.shape)}`);
    checkSize('indexSelect', 'output', out, (numel(x.shape) / (x.shape[dim] || 1)) * index.length);
    if (!(index instanceof Int32Array) || !sameKind(x.data, out) || nd > MAX_DIMS) return this.js.indexSelect(x, dim, index, out);
    this.putView(this.putDims(this.putNdDim(nd, dim), x.shape), x);
    this.addon.indexSelect(x.data, index, out, this.meta);
  }
  indexAdd(out: TypedArray, outShape: readonly number[], dim: number, index: Int32Array, src: View): void {
    checkView('indexAdd', 'source', src);
    const nd = outShape.length;
    if (src.shape.length !== nd || !Number.isInteger(dim) || dim < 0 || dim >= nd) {
      throw new ValueError(`indexAdd: source ${fmt(src.shape)} and output ${fmt(outShape)} must have the same rank, dim ${dim} inside it`);
    }
    checkSize('indexAdd', 'output', out, numel(outShape));
    if (!(index instanceof Int32Array) || !sameKind(src.data, out) || nd > MAX_DIMS) return this.js.indexAdd(out, outShape, dim, index, src);
    const p = this.putDims(this.putDims(this.putNdDim(nd, dim), outShape), src.shape);
    this.putView(p, src);
    this.addon.indexAdd(out, index, src.data, this.meta);
  }
  sort(x: TypedArray, outer: number, n: number, descending: boolean, values: TypedArray, indices: Int32Array): void {
    const size = checkBlock('sort', outer, n, 1);
    checkSize('sort', 'input', x, size);
    checkSize('sort', 'values', values, size);
    checkSize('sort', 'indices', indices, size);
    if (!sameKind(x, values) || !(indices instanceof Int32Array)) return this.js.sort(x, outer, n, descending, values, indices);
    this.addon.sort(x, values, indices, outer, n, descending);
  }

  im2col(x: TypedArray, n: number, c: number, h: number, w: number, win: Window2d, out: TypedArray, inner = false): void {
    checkWindow('im2col', win, [n, c, h, w]);
    checkSize('im2col', 'input', x, n * c * h * w);
    checkSize('im2col', 'output', out, n * c * win.kH * win.kW * win.outH * win.outW);
    if (!isFloat(x) || !sameKind(x, out)) return this.js.im2col(x, n, c, h, w, win, out, inner);
    this.addon.im2col(x, out, this.putGeo(n, c, h, w, win), inner);
  }
  col2im(cols: TypedArray, n: number, c: number, h: number, w: number, win: Window2d, out: TypedArray, inner = false): void {
    checkWindow('col2im', win, [n, c, h, w]);
    checkSize('col2im', 'input', cols, n * c * win.kH * win.kW * win.outH * win.outW);
    checkSize('col2im', 'output', out, n * c * h * w);
    if (!isFloat(cols) || !sameKind(cols, out)) return this.js.col2im(cols, n, c, h, w, win, out, inner);
    this.addon.col2im(cols, out, this.putGeo(n, c, h, w, win), inner);
  }
  maxPool2d(x: TypedArray, p: number, h: number, w: number, win: Window2d, out: TypedArray, indices: Int32Array): void {
    checkWindow('maxPool2d', win, [p, h, w]);
    checkSize('maxPool2d', 'input', x, p * h * w);
    checkSize('maxPool2d', 'output', out, p * win.outH * win.outW);
    checkSize('maxPool2d', 'indices', indices, p * win.outH * win.outW);
    if (!isFloat(x) || !sameKind(x, out)) return this.js.maxPool2d(x, p, h, w, win, out, indices);
    this.addon.maxPool2d(x, out, indices, this.putGeo(p, 1, h, w, win));
  }
  maxPool2dBackward(gradOut: TypedArray, indices: Int32Array, p: number, h: number, w: number, win: Window2d, gradIn: TypedArray): void {
    checkWindow('maxPool2dBackward', win, [p, h, w]);
    checkSize('maxPool2dBackward', 'gradOut', gradOut, p * win.outH * win.outW);
    checkSize('maxPool2dBackward', 'indices', indices, p * win.outH * win.outW);
    checkSize('maxPool2dBackward', 'gradIn', gradIn, p * h * w);
    if (!isFloat(gradOut) || !sameKind(gradOut, gradIn)) return this.js.maxPool2dBackward(gradOut, indices, p, h, w, win, gradIn);
    this.addon.maxPool2dBackward(gradOut, indices, gradIn, this.putGeo(p, 1, h, w, win));
  }
  avgPool2d(x: TypedArray, p: number, h: number, w: number, win: Window2d, countIncludePad: boolean, out: TypedArray): void {
    checkWindow('avgPool2d', win, [p, h, w]);
    checkSize('avgPool2d', 'input', x, p * h * w);
    checkSize('avgPool2d', 'output', out, p * win.outH * win.outW);
    if (!isFloat(x) || !sameKind(x, out)) return this.js.avgPool2d(x, p, h, w, win, countIncludePad, out);
    this.addon.avgPool2d(x, out, this.putGeo(p, 1, h, w, win), countIncludePad);
  }
  avgPool2dBackward(gradOut: TypedArray, p: number, h: number, w: number, win: Window2d, countIncludePad: boolean, gradIn: TypedArray): void {
    checkWindow('avgPool2dBackward', win, [p, h, w]);
    checkSize('avgPool2dBackward', 'gradOut', gradOut, p * win.outH * win.outW);
    checkSize('avgPool2dBackward', 'gradIn', gradIn, p * h * w);
    if (!isFloat(gradOut) || !sameKind(gradOut, gradIn)) return this.js.avgPool2dBackward(gradOut, p, h, w, win, countIncludePad, gradIn);
    this.addon.avgPool2dBackward(gradOut, gradIn, this.putGeo(p, 1, h, w, win), countIncludePad);
  }
  optimizerStep(kind: OptimizerKind, param: FloatArray, grad: FloatArray, state: readonly FloatArray[], hp: readonly number[]): void {
    nativeOptimizerStep(this.addon, this.js, kind, param, grad, state, hp);
  }
}
