import { allocStorage, type DType, type TypedArray } from '../../tensor/dtype.js';
import { backend } from '../../backend/index.js';
import type { View, Window2d } from '../../backend/types.js';
import { directConvSuits, directConvWeightGrad } from './conv-direct.js';

// The raw arithmetic of a 2-D convolution on contiguous arrays, as im2col + GEMM (conv-core.ts
// wraps these as differentiable ops). Two layouts:
//   groups = 1: the columns of a chunk of images are [K, m·L] (K = C·kH·kW, L = outH·outW; the
//     batch inside each row), so each of forward, input gradient and weight gradient is ONE GEMM
//     per chunk, of width m·L, instead of m small ones with M = out channels (6 or 16 in LeNet);
//     the output and the gradient are permuted between [N, O, L] and [O, N·L] by one copy.
//   groups > 1: image-major columns [m, K, L] and a batched GEMM over images and groups.

/** Most elements of im2col columns held at once: chunks of images keep big inputs bounded. */
const COLS_BUDGET = 1 << 17;
/** The same for the groups = 1 layout, whose columns may be kept for the weight gradient. */
const INNER_BUDGET = 1 << 22;
/** Columns that stay in a core's L2 cache between the GEMM writing them and col2im reading them. */
const CACHE_BUDGET = 1 << 16;

/**
 * Reusable buffers for the temporaries (columns, products, the permuted gradient): a large
 * typed array is costly to allocate (zero-filled fresh pages) and to collect, and LeNet-sized
 * convolutions would otherwise allocate ~15 MB of them per training step. A buffer is used only
 * within one raw call, or (the permuted gradient; conv-core's fused conv + max pool output and
 * gradient) within one forward or one backward closure: JS is single-threaded and these do not nest. At most INNER_BUDGET elements are kept per slot and
 * dtype (larger requests get a fresh array).
 */
const pool = new Map<string, TypedArray>();
export function scratch(slot: string, dt: DType, n: number): TypedArray {
  if (n > INNER_BUDGET) return allocStorage(dt, n);
  const key = slot + dt;
  const b = pool.get(key);
  if (b && b.length >= n) return b.subarray(0, n);
  const fresh = allocStorage(dt, Math.min(INNER_BUDGET, Math.max(n, b ? b.length * 2 : 0)));
  pool.set(key, fresh);
  return fresh.subarray(0, n);
}

/**
 * The forward's columns kept for the weight gradient: one buffer per weight tensor, tagged with
 * the forward call that last wrote it. A backward uses it only if no later forward on the same
 * weight overwrote it (else it recomputes the columns), so reuse is always safe.
 */
interface Kept { buf: TypedArray; writer: object | null }
const keptCols = new WeakMap<object, Kept>();

/** A buffer for the columns of the forward call `token` on weight `w`. */
export function keepCols(w: object, token: object, dt: DType, n: number): TypedArray {
  let k = keptCols.get(w);
  if (!k || k.buf.length !== n || k.buf.constructor !== allocStorage(dt, 0).constructor) {
    k = { buf: allocStorage(dt, n), writer: null };
    keptCols.set(w, k);
  }
  k.writer = token;
  return k.buf;
}

/** The columns kept by forward call `token` on `w`, if still intact. */
export function keptColsOf(w: object, token: object): TypedArray | null {
  const k = keptCols.get(w);
  return k && k.writer === token ? k.buf : null;
}

/** Sizes of a convolution of x [N, C, H, W] by w [O, C/g, kH, kW]. */
export interface ConvDims {
  readonly N: number;
  readonly C: number;
  readonly H: number;
  readonly W: number;
  readonly O: number;
  readonly groups: number;
  readonly win: Window2d;
}

/** Images per im2col chunk within `budget` elements (one image at a time for groups > 1). */
function chunkOf(d: ConvDims, budget: number): number {
  const per = d.C * d.win.kH * d.win.kW * d.win.outH * d.win.outW;
  return d.groups === 1 ? Math.max(1, Math.min(d.N, Math.floor(budget / Math.max(1, per)))) : 1;
}

/** True when the groups = 1 columns of the whole batch fit one chunk (and may be kept). */
export function wholeBatchCols(d: ConvDims): boolean {
  return d.groups === 1 && chunkOf(d, INNER_BUDGET) >= d.N;
}

/**
 * A view of the row-major [b, r, c] matrices at data[offset...] (row stride ld), or of their
 * transposes [b, c, r] when `trans`; batchStride 0 repeats one matrix b times.
 */
function mat(data: TypedArray, offset: number, b: number, r: number, c: number, trans: boolean, batchStride = r * c, ld = c): View {
  return trans
    ? { data, offset, shape: [b, c, r], strides: [batchStride, 1, ld] }
    : { data, offset, shape: [b, r, c], strides: [batchStride, ld, 1] };
}

/** gy [N, O, L] → [O, N·L] (a copy into a scratch buffer; gy itself when N = 1). */
export function channelMajor(gd: TypedArray, dt: DType, N: number, O: number, L: number): TypedArray {
  if (N === 1) return gd;
  const out = scratch('gyP', dt, N * O * L);
  backend().copy({ data: gd, offset: 0, shape: [O, N, L], strides: [L, O * L, 1] }, out);
  return out;
}

/**
 * out [N, O, L] = conv(x, w) + bias. `keep`: a buffer for the groups = 1 columns of the whole
 * batch (wholeBatchCols), which then hold them for the weight gradient.
 */
export function convForwardRaw(d: ConvDims, dt: DType, xd: TypedArray, wd: TypedArray, bd: TypedArray | null, out: TypedArray, keep: TypedArray | null): void {
  const { N, C, H, W, O, groups: g, win } = d;
  const K = (C / g) * win.kH * win.kW, Og = O / g, L = win.outH * win.outW, CHW = C * H * W;
  if (g === 1) {
    const chunk = chunkOf(d, INNER_BUDGET);
    const cols = keep && chunk >= N ? keep : scratch('cols', dt, chunk * K * L);
    const prod = chunk > 1 ? scratch('prod', dt, O * chunk * L) : null;
    for (let n = 0; n < N; n += chunk) {
      const m = Math.min(chunk, N - n);
      backend().im2col(xd.subarray(n * CHW, (n + m) * CHW), m, C, H, W, win, cols, true);
      const dst = out.subarray(n * O * L, (n + m) * O * L);
      // [O, K] @ [K, m·L]; one image needs no permutation
      backend().matmul(mat(wd, 0, 1, O, K, false), mat(cols, 0, 1, K, m * L, false), m === 1 || !prod ? dst : prod);
      if (m > 1 && prod) {
        // out[n + i, o, l] = prod[o, i·L + l] (+ bias[o]): the permutation and the bias in one pass
        const pv: View = { data: prod, offset: 0, shape: [m, O, L], strides: [L, m * L, 1] };
        if (bd) backend().binary('add', pv, { data: bd, offset: 0, shape: [m, O, L], strides: [0, 1, 0] }, dst);
        else backend().copy(pv, dst);
      } else if (bd) {
        addBias(dst, bd, m, O, L);
      }
    }
    return;
  }
  const per = C * win.kH * win.kW * L, chunk = chunkOf(d, COLS_BUDGET);
  const cols = scratch('cols', dt, chunk * per);
  for (let n = 0; n < N; n += chunk) {
    const m = Math.min(chunk, N - n);
    backend().im2col(xd.subarray(n * CHW, (n + m) * CHW), m, C, H, W, win, cols);
    // out[n.., group] = w[group] @ cols[n.., group]: [Og, K] @ [K, L], batch m·g
    backend().matmul(mat(wd, 0, g, Og, K, false), mat(cols, 0, m * g, K, L, false), out.subarray(n * O * L, (n + m) * O * L));
  }
  if (bd) addBias(out, bd, N, O, L);
}

/** o [N, O, L] += bias broadcast over images and positions (in place: same elements, in order). */
export function addBias(o: TypedArray, bd: TypedArray, N: number, O: number, L: number): void {
  const shape = [N, O, L];
  backend().binary('add', { data: o, offset: 0, shape, strides: [O * L, L, 1] }, { data: bd, offset: 0, shape, strides: [0, 1, 0] }, o);
}

/**
 * out [N, C, H, W] = the gradient of the convolution in its input, col2im(w^T @ gy). `gyP` is gy
 * as [O, N·L] (channelMajor) when the caller has it (groups = 1 only).
 */
export function convInputGradRaw(d: ConvDims, dt: DType, gd: TypedArray, wd: TypedArray, out: TypedArray, gyP: TypedArray | null = null): void {
  const { N, C, H, W, O, groups: g, win } = d;
  const K = (C / g) * win.kH * win.kW, Og = O / g, L = win.outH * win.outW, CHW = C * H * W;
  if (g === 1) {
    // Chunks small enough that col2im reads the product while it is still in cache.
    const chunk = chunkOf(d, CACHE_BUDGET);
    const gp = gyP ?? channelMajor(gd, dt, N, O, L);
    const cols = scratch('cols', dt, chunk * K * L);
    for (let n = 0; n < N; n += chunk) {
      const m = Math.min(chunk, N - n);
      // cols [K, m·L] = w^T [K, O] @ gyP[:, n·L ..] [O, m·L]
      backend().matmul(mat(wd, 0, 1, O, K, true), mat(gp, n * L, 1, O, m * L, false, O * N * L, N * L), cols.subarray(0, K * m * L));
      backend().col2im(cols, m, C, H, W, win, out.subarray(n * CHW, (n + m) * CHW), true);
    }
    return;
  }
  const per = C * win.kH * win.kW * L, chunk = chunkOf(d, COLS_BUDGET);
  const cols = scratch('cols', dt, chunk * per);
  for (let n = 0; n < N; n += chunk) {
    const m = Math.min(chunk, N - n);
    // cols[n.., group] = w[group]^T @ gy[n.., group]: [K, Og] @ [Og, L], batch m·g
    backend().matmul(mat(wd, 0, g, Og, K, true), mat(gd, n * O * L, m * g, Og, L, false), cols.subarray(0, m * per));
    backend().col2im(cols, m, C, H, W, win, out.subarray(n * CHW, (n + m) * CHW));
  }
}

/**
 * out [O, C/g, kH, kW] = the gradient of the convolution in its weight, gy @ cols^T summed over
 * the batch. `gyP` as in convInputGradRaw; `cols` the forward's whole-batch columns if kept.
 */
export function convWeightGradRaw(d: ConvDims, dt: DType, xd: TypedArray, gd: TypedArray, out: TypedArray,
  gyP: TypedArray | null = null, kept: TypedArray | null = null): void {
  const { N, C, H, W, O, groups: g, win } = d;
  const K = (C / g) * win.kH * win.kW, Og = O / g, L = win.outH * win.outW, CHW = C * H * W;
  const ov: View = { data: out, offset: 0, shape: [O * K], strides: [1] };
  if (!kept && directConvSuits(d, dt)) {
    directConvWeightGrad(d, xd, gd, out); // gy as [N, O, L]; no columns
    return;
  }
  if (g === 1) {
    const chunk = chunkOf(d, INNER_BUDGET);
    const gp = gyP ?? channelMajor(gd, dt, N, O, L);
    const cols = kept ?? scratch('cols', dt, chunk * K * L);
    const part = N > chunk ? allocStorage(dt, O * K) : out;
    for (let n = 0; n < N; n += chunk) {
      const m = Math.min(chunk, N - n);
      if (!kept) backend().im2col(xd.subarray(n * CHW, (n + m) * CHW), m, C, H, W, win, cols, true);
      // dw [O, K] (+)= gyP[:, n·L ..] [O, m·L] @ cols^T [m·L, K]: one long-K product
      backend().matmul(mat(gp, n * L, 1, O, m * L, false, O * N * L, N * L), mat(cols, 0, 1, K, m * L, true), part);
      if (part !== out) {
        if (n === 0) out.set(part as never);
        else backend().binary('add', ov, { data: part, offset: 0, shape: [O * K], strides: [1] }, out);
      }
    }
    return;
  }
  const per = C * win.kH * win.kW * L, chunk = chunkOf(d, COLS_BUDGET);
  const cols = scratch('cols', dt, chunk * per);
  const prods = scratch('prod', dt, chunk * O * K); // per-image products [m, O·K], summed over images
  const part = N > chunk ? allocStorage(dt, O * K) : out;
  for (let n = 0; n < N; n += chunk) {
    const m = Math.min(chunk, N - n);
    backend().im2col(xd.subarray(n * CHW, (n + m) * CHW), m, C, H, W, win, cols);
    // dw[group] += gy[n, group] @ cols[n, group]^T: [Og, L] @ [L, K], batch m·g
    backend().matmul(mat(gd, n * O * L, m * g, Og, L, false), mat(cols, 0, m * g, K, L, true), prods.subarray(0, m * O * K));
    backend().reduce('sum', { data: prods, offset: 0, shape: [m, O * K], strides: [O * K, 1] }, [0], part);
    if (part !== out) backend().binary('add', ov, { data: part, offset: 0, shape: [O * K], strides: [1] }, out);
  }
}
