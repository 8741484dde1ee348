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
// Forward: im2col of one image at a time, then one batched (over groups) matmul.

/** Window geometry of a convolution plus its group count. outH/outW are the output's spatial size. */
export interface ConvGeom extends Window2d {
  readonly groups: number;
}

/** t's values, contiguous and in dtype. */
function values(t: Tensor, dtype: DType): TypedArray {
  return rawCast(t, dtype).dataSync();
}

/** A view of the row-major [b, r, c] matrices at data[offset...], or of their transposes [b, c, r] when `trans`. */
function mat(data: TypedArray, offset: number, b: number, r: number, c: number, trans: boolean): View {
  return trans
    ? { data, offset, shape: [b, c, r], strides: [r * c, 1, c] }
    : { data, offset, shape: [b, r, c], strides: [r * c, c, 1] };
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
    const cols = allocStorage(dt, C * geom.kH * geom.kW * L);
    for (let n = 0; n < N; n++) {
      backend().im2col(xd.subarray(n * C * H * W, (n + 1) * C * H * W), 1, C, H, W, geom, cols);
      // out[n, group] = w[group] @ cols[group]: [Og, K] @ [K, L]
      backend().matmul(mat(wd, 0, g, Og, K, false), mat(cols, 0, g, K, L, false), out.storage.subarray(n * O * L, (n + 1) * O * L));
    }
  }
  if (bias && out.numel() > 0) {
    const bd = values(bias, dt);
    const o = out.storage;
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < O; c++) {
        const base = (n * O + c) * L;
        for (let i = 0; i < L; i++) o[base + i] += bd[c];
      }
    }
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
    const cols = allocStorage(dt, C * geom.kH * geom.kW * L);
    for (let n = 0; n < N; n++) {
      // cols[group] = w[group]^T @ gy[n, group]: [K, Og] @ [Og, L]
      backend().matmul(mat(wd, 0, g, Og, K, true), mat(gd, n * O * L, g, Og, L, false), cols);
      backend().col2im(cols, 1, C, H, W, geom, out.storage.subarray(n * C * H * W, (n + 1) * C * H * W));
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
    const cols = allocStorage(dt, C * geom.kH * geom.kW * L);
    const tmp = N > 1 ? allocStorage(dt, O * K) : out.storage;
    for (let n = 0; n < N; n++) {
      backend().im2col(xd.subarray(n * C * H * W, (n + 1) * C * H * W), 1, C, H, W, geom, cols);
      // dw[group] += gy[n, group] @ cols[group]^T: [Og, L] @ [L, K]
      backend().matmul(mat(gd, n * O * L, g, Og, L, false), mat(cols, 0, g, K, L, true), tmp);
      if (tmp !== out.storage) for (let i = 0; i < tmp.length; i++) out.storage[i] += tmp[i];
    }
  }
  return record('conv2dWeightGrad', [x, gy], out, (gg) => [
    x.requiresGrad ? convInputGrad(gy, gg, H, W, geom) : null,
    gy.requiresGrad ? convForward(x, gg, null, geom) : null,
  ]);
}
