import { Tensor } from '../../tensor/tensor.js';
import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { Window2d } from '../../backend/types.js';
import { needsGrad, record } from '../../autograd/record.js';
import { backend } from '../../backend/index.js';
import { rawCast } from '../cast.js';
import { expand, reshape } from '../movement.js';
import { sum } from '../reduce.js';
import { directConvForward, directConvSuits } from './conv-direct.js';
import { addBias, channelMajor, convForwardRaw, convInputGradRaw, convWeightGradRaw, keepCols, keptColsOf, wholeBatchCols, type ConvDims } from './conv-gemm.js';

// The three ops of a 2-D convolution, closed under differentiation:
//   y  = convForward(x, w)          [N, C, H, W] * [O, C/g, kH, kW] -> [N, O, outH, outW]
//   dx = convInputGrad(gy, w)       the adjoint of convForward in x (= a transposed convolution)
//   dw = convWeightGrad(x, gy)      the adjoint of convForward in w
// Each one's backward is written with the other two, so conv2d has gradients of every order.
// The arithmetic (im2col + GEMM) is in conv-gemm.ts. In convForward's own backward the two
// gradients share gy permuted to [O, N·L], and the weight gradient reuses the forward's columns.

/** Window geometry of a convolution plus its group count. outH/outW are the output's spatial size. */
export interface ConvGeom extends Window2d {
  readonly groups: number;
}

/** t's values, contiguous and in dtype. */
function values(t: Tensor, dtype: DType): TypedArray {
  return rawCast(t, dtype).dataSync();
}

function dims(x: readonly number[], O: number, geom: ConvGeom): ConvDims {
  return { N: x[0], C: x[1], H: x[2], W: x[3], O, groups: geom.groups, win: geom };
}

/** Convolution (cross-correlation) of x with w, plus bias; records its backward. */
export function convForward(x: Tensor, w: Tensor, bias: Tensor | null, geom: ConvGeom): Tensor {
  const dt = x.dtype;
  const [N, C, H, W] = x.shape;
  const d = dims(x.shape, w.shape[0], geom);
  const K = (C / geom.groups) * geom.kH * geom.kW, L = geom.outH * geom.outW;
  const out = Tensor.empty([N, d.O, geom.outH, geom.outW], dt);
  // The direct kernels when they suit the shape; else im2col + GEMM, keeping the columns for the
  // weight gradient when it will be wanted (and they fit).
  const token = {};
  const direct = out.numel() > 0 && K > 0 && directConvSuits(d, dt);
  const keep = !direct && out.numel() > 0 && K > 0 && needsGrad([w]) && wholeBatchCols(d);
  if (direct) {
    directConvForward(d, values(x, dt), values(w, dt), bias ? values(bias, dt) : null, out.storage);
  } else if (out.numel() > 0 && K > 0) {
    const buf = keep ? keepCols(w, token, dt, N * K * L) : null;
    convForwardRaw(d, dt, values(x, dt), values(w, dt), bias ? values(bias, dt) : null, out.storage, buf);
  } else if (bias && out.numel() > 0) {
    addBias(out.storage, values(bias, dt), N, d.O, L); // no taps: the output is the bias alone
  }
  return record('conv2d', [x, w, bias], out, (gy) => {
    // gy as [O, N·L], shared by the gradients that use it (groups = 1; a value, the graph still
    // records gy): the input gradient, and the weight gradient unless the direct kernel takes gy as is
    const gemmW = w.requiresGrad && !direct;
    const gyP = geom.groups === 1 && gy.numel() > 0 && (x.requiresGrad || gemmW) ? channelMajor(values(gy, dt), dt, N, d.O, L) : null;
    return [
      x.requiresGrad ? convInputGrad(gy, w, H, W, geom, gyP) : null,
      w.requiresGrad ? convWeightGrad(x, gy, geom, gyP, keep ? keptColsOf(w, token) : null) : null,
      bias?.requiresGrad ? (gyP ? biasGrad(gy, gyP) : sum(gy, [0, 2, 3])) : null,
    ];
  });
}

/** sum(gy, [0, 2, 3]) from gy as [O, N·L] (contiguous row sums); its backward broadcasts. */
function biasGrad(gy: Tensor, gyP: TypedArray): Tensor {
  const [N, O, oH, oW] = gy.shape;
  const out = Tensor.empty([O], gy.dtype);
  backend().reduce('sum', { data: gyP, offset: 0, shape: [O, N * oH * oW], strides: [N * oH * oW, 1] }, [1], out.storage);
  return record('conv2dBiasGrad', [gy], out, (gg) => [expand(reshape(gg, [1, O, 1, 1]), gy.shape)]);
}

/**
 * The gradient of a convolution with respect to its input: col2im(w^T @ gy), of shape
 * [N, C, H, W] with C = w.shape[1] * groups. This is the transposed convolution of gy by w.
 * `gyP` (internal): gy already permuted to [O, N·L].
 */
export function convInputGrad(gy: Tensor, w: Tensor, H: number, W: number, geom: ConvGeom, gyP: TypedArray | null = null): Tensor {
  const dt = gy.dtype;
  const N = gy.shape[0], O = w.shape[0];
  const C = w.shape[1] * geom.groups, L = geom.outH * geom.outW;
  const d: ConvDims = { N, C, H, W, O, groups: geom.groups, win: geom };
  const out = Tensor.empty([N, C, H, W], dt);
  if (out.numel() > 0 && L > 0 && O > 0) convInputGradRaw(d, dt, values(gy, dt), values(w, dt), out.storage, gyP);
  return record('conv2dInputGrad', [gy, w], out, (gg) => [
    gy.requiresGrad ? convForward(gg, w, null, geom) : null,
    w.requiresGrad ? convWeightGrad(gg, gy, geom) : null,
  ]);
}

/**
 * The gradient of a convolution with respect to its weight: sum over the batch of gy @ cols^T.
 * `gyP` and `cols` (internal): gy as [O, N·L], and the forward's whole-batch columns.
 */
export function convWeightGrad(x: Tensor, gy: Tensor, geom: ConvGeom, gyP: TypedArray | null = null, cols: TypedArray | null = null): Tensor {
  const dt = x.dtype;
  const [N, C, H, W] = x.shape;
  const O = gy.shape[1], Cg = C / geom.groups, L = geom.outH * geom.outW;
  const out = Tensor.empty([O, Cg, geom.kH, geom.kW], dt);
  if (out.numel() > 0 && L > 0 && N > 0) convWeightGradRaw(dims(x.shape, O, geom), dt, values(x, dt), values(gy, dt), out.storage, gyP, cols);
  return record('conv2dWeightGrad', [x, gy], out, (gg) => [
    x.requiresGrad ? convInputGrad(gy, gg, H, W, geom) : null,
    gy.requiresGrad ? convForward(x, gg, null, geom) : null,
  ]);
}
