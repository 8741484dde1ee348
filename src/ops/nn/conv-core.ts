import { Tensor } from '../../tensor/tensor.js';
import { allocStorage, type DType, type TypedArray } from '../../tensor/dtype.js';
import { backend } from '../../backend/index.js';
import type { View, Window2d } from '../../backend/types.js';
import { record } from '../../autograd/record.js';
import { rawCast } from '../cast.js';
import { sum } from '../reduce.js';

// The three ops of a 2-D convolution, closed under differentiation:
//   y  = convForward(x, w)          [N, C, H, W] * [O, C/g, kH, kW] -> [N, O, outH, outW]
//   dx = convInputGrad(gy, w)       the adjoint of convForward in x (= a transposed convolution)
//   dw = convWeightGrad(x, gy)      the adjoint of convForward in w
// Each one's backward is written with the other two, so conv2d has gradients of every order.
// Forward: im2col of a chunk of images at once (bounded by COLS_BUDGET elements), then one
// batched matmul over the chunk's images (and groups: with groups > 1, one image at a time).

/** Most elements of im2col columns held at once: chunks of images keep big inputs bounded. */
const COLS_BUDGET = 1 << 17;

/** Images per im2col chunk: as many as fit the budget when groups = 1, else 1. */
function chunkSize(N: number, perImage: number, groups: number): number {
  return groups === 1 ? Math.max(1, Math.min(N, Math.floor(COLS_BUDGET / Math.max(1, perImage)))) : 1;
}

/** Window geometry of a convolution plus its group count. outH/outW are the output's spatial size. */
export interface ConvGeom extends Window2d {
  readonly groups: number;
}

/** t's values, contiguous and in dtype. */
function values(t: Tensor, dtype: DType): TypedArray {
  return rawCast(t, dtype).dataSync();
}

/**
 * A view of the row-major [b, r, c] matrices at data[offset...], or of their transposes [b, c, r]
 * when `trans`; batchStride 0 repeats one matrix b times.
 */
function mat(data: TypedArray, offset: number, b: number, r: number, c: number, trans: boolean, batchStride = r * c): View {
  return trans
    ? { data, offset, shape: [b, c, r], strides: [batchStride, 1, c] }
    : { data, offset, shape: [b, r, c], strides: [batchStride, c, 1] };
}

/** Convolution (cross-correlation) of x with w, plus bias; records its backward. */
export function convForward(x: Tensor, w: Tensor, bias: Tensor | null, geom: ConvGeom): Tensor {
  const dt = x.dtype;
  const [N, C, H, W] = x.shape;
  const O = w.shape[0], g = geom.groups;
  const K = (C / g) * geom.kH * geom.kW, Og = O / g, L = geom.outH * geom.outW;
  const out = Tensor.empty([N, O, geom.outH, geom.outW], dt);
  if (out.numel() > 0 && K > 0) {
    const xd = values(x, dt), wd = values(w, dt);
    const per = C * geom.kH * geom.kW * L, chunk = chunkSize(N, per, g);
    const cols = allocStorage(dt, chunk * per);
    for (let n = 0; n < N; n += chunk) {
      const m = Math.min(chunk, N - n);
      backend().im2col(xd.subarray(n * C * H * W, (n + m) * C * H * W), m, C, H, W, geom, cols);
      // out[n.., group] = w[group] @ cols[n.., group]: [Og, K] @ [K, L], batch m·g (w repeated over images)
      const wv = m > 1 ? mat(wd, 0, m, Og, K, false, 0) : mat(wd, 0, g, Og, K, false);
      backend().matmul(wv, mat(cols, 0, m * g, K, L, false), out.storage.subarray(n * O * L, (n + m) * O * L));
    }
  }
  if (bias && out.numel() > 0) {
    // out [N, O, L] += bias broadcast over images and positions (in place: same elements, in order).
    const o = out.storage;
    const shape = [N, O, L];
    backend().binary('add', { data: o, offset: 0, shape, strides: [O * L, L, 1] }, { data: values(bias, dt), offset: 0, shape, strides: [0, 1, 0] }, o);
  }
  return record('conv2d', [x, w, bias], out, (gy) => [
    x.requiresGrad ? convInputGrad(gy, w, H, W, geom) : null,
    w.requiresGrad ? convWeightGrad(x, gy, geom) : null,
    bias?.requiresGrad ? sum(gy, [0, 2, 3]) : null,
  ]);
}

/**
 * The gradient of a convolution with respect to its input: col2im(w^T @ gy), of shape
 * [N, C, H, W] with C = w.shape[1] * groups. This is the transposed convolution of gy by w.
 */
export function convInputGrad(gy: Tensor, w: Tensor, H: number, W: number, geom: ConvGeom): Tensor {
  const dt = gy.dtype;
  const N = gy.shape[0], O = w.shape[0], g = geom.groups;
  const C = w.shape[1] * g;
  const K = w.shape[1] * geom.kH * geom.kW, Og = O / g, L = geom.outH * geom.outW;
  const out = Tensor.empty([N, C, H, W], dt);
  if (out.numel() > 0 && L > 0 && Og > 0) {
    const gd = values(gy, dt), wd = values(w, dt);
    const per = C * geom.kH * geom.kW * L, chunk = chunkSize(N, per, g);
    const cols = allocStorage(dt, chunk * per);
    for (let n = 0; n < N; n += chunk) {
      const m = Math.min(chunk, N - n);
      // cols[n.., group] = w[group]^T @ gy[n.., group]: [K, Og] @ [Og, L], batch m·g
      const wv = m > 1 ? mat(wd, 0, m, Og, K, true, 0) : mat(wd, 0, g, Og, K, true);
      backend().matmul(wv, mat(gd, n * O * L, m * g, Og, L, false), cols.subarray(0, m * per));
      backend().col2im(cols, m, C, H, W, geom, out.storage.subarray(n * C * H * W, (n + m) * C * H * W));
    }
  }
  return record('conv2dInputGrad', [gy, w], out, (gg) => [
    gy.requiresGrad ? convForward(gg, w, null, geom) : null,
    w.requiresGrad ? convWeightGrad(gg, gy, geom) : null,
  ]);
}

/** The gradient of a convolution with respect to its weight: sum over the batch of gy @ cols^T. */
export function convWeightGrad(x: Tensor, gy: Tensor, geom: ConvGeom): Tensor {
  const dt = x.dtype;
  const [N, C, H, W] = x.shape;
  const O = gy.shape[1], g = geom.groups;
  const Cg = C / g, K = Cg * geom.kH * geom.kW, Og = O / g, L = geom.outH * geom.outW;
  const out = Tensor.empty([O, Cg, geom.kH, geom.kW], dt);
  if (out.numel() > 0 && L > 0 && N > 0) {
    const xd = values(x, dt), gd = values(gy, dt);
    const per = C * geom.kH * geom.kW * L, chunk = chunkSize(N, per, g);
    const cols = allocStorage(dt, chunk * per);
    const prods = allocStorage(dt, chunk * O * K); // per-image products [m, O·K], summed over images
    const part = N > chunk ? allocStorage(dt, O * K) : out.storage;
    const o = out.storage, ov: View = { data: o, offset: 0, shape: [O * K], strides: [1] };
    for (let n = 0; n < N; n += chunk) {
      const m = Math.min(chunk, N - n);
      backend().im2col(xd.subarray(n * C * H * W, (n + m) * C * H * W), m, C, H, W, geom, cols);
      // dw[group] += gy[n, group] @ cols[n, group]^T: [Og, L] @ [L, K], batch m·g
      backend().matmul(mat(gd, n * O * L, m * g, Og, L, false), mat(cols, 0, m * g, K, L, true), prods.subarray(0, m * O * K));
      backend().reduce('sum', { data: prods, offset: 0, shape: [m, O * K], strides: [O * K, 1] }, [0], part);
      if (part !== o) backend().binary('add', ov, { data: part, offset: 0, shape: [O * K], strides: [1] }, o);
    }
  }
  return record('conv2dWeightGrad', [x, gy], out, (gg) => [
    x.requiresGrad ? convInputGrad(gy, gg, H, W, geom) : null,
    gy.requiresGrad ? convForward(x, gg, null, geom) : null,
  ]);
}
