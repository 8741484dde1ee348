import { Tensor } from '../../tensor/tensor.js';
import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { Window2d } from '../../backend/types.js';
import { isGradEnabled } from '../../autograd/grad-mode.js';
import { markFreshGradient } from '../../autograd/fresh.js';
import { reluBackwardFused } from '../relu-backward.js';
import { le, where } from '../binary.js';
import { sameFloatShape, viewOf } from '../util.js';
import { maxPoolGradInput } from './pool-core.js';
import { needsGrad, record } from '../../autograd/record.js';
import { backend } from '../../backend/index.js';
import { rawCast } from '../cast.js';
import { expand, reshape } from '../movement.js';
import { sum } from '../reduce.js';
import { directConvForward, directConvSuits } from './conv-direct.js';
import { addBias, channelMajor, scratch, convForwardRaw, convInputGradRaw, convWeightGradRaw, keepCols, keptColsOf, wholeBatchCols, type ConvDims } from './conv-gemm.js';

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

/** How convFill computed a convolution's output: what its backward can reuse. */
interface ConvFill {
  readonly d: ConvDims;
  /** The direct kernels ran (they also take the weight gradient). */
  readonly direct: boolean;
  /** The forward's columns were kept for the weight gradient, tagged with `token`. */
  readonly keep: boolean;
  readonly token: object;
}

/** out [N, O, outH, outW] (an array) = conv(x, w) + bias, by the direct kernels or im2col + GEMM. */
function convFill(x: Tensor, w: Tensor, bias: Tensor | null, geom: ConvGeom, out: TypedArray): ConvFill {
  const dt = x.dtype;
  const [N, C] = x.shape;
  const d = dims(x.shape, w.shape[0], geom);
  const K = (C / geom.groups) * geom.kH * geom.kW, L = geom.outH * geom.outW;
  const n = N * d.O * L;
  // The direct kernels when they suit the shape; else im2col + GEMM, keeping the columns for the
  // weight gradient when it will be wanted (and they fit).
  const token = {};
  const direct = n > 0 && K > 0 && directConvSuits(d, dt);
  const keep = !direct && n > 0 && K > 0 && needsGrad([w]) && wholeBatchCols(d);
  if (direct) {
    directConvForward(d, values(x, dt), values(w, dt), bias ? values(bias, dt) : null, out);
  } else if (n > 0 && K > 0) {
    const buf = keep ? keepCols(w, token, dt, N * K * L) : null;
    convForwardRaw(d, dt, values(x, dt), values(w, dt), bias ? values(bias, dt) : null, out, buf);
  } else if (n > 0) {
    out.fill(0); // no taps: the output is the bias alone
    if (bias) addBias(out, values(bias, dt), N, d.O, L);
  }
  return { d, direct, keep, token };
}

/** The gradients [dx, dw, dbias] of conv(x, w) + bias from gy [N, O, outH, outW]. */
function convGrads(gy: Tensor, x: Tensor, w: Tensor, bias: Tensor | null, geom: ConvGeom, f: ConvFill): (Tensor | null)[] {
  const dt = x.dtype, { N, O, H, W } = f.d, L = geom.outH * geom.outW;
  // gy as [O, N·L], shared by the gradients that use it (groups = 1; a value, the graph still
  // records gy): the input gradient, and the weight gradient unless the direct kernel takes gy as is
  const gemmW = w.requiresGrad && !f.direct;
  const gyP = geom.groups === 1 && gy.numel() > 0 && (x.requiresGrad || gemmW) ? channelMajor(values(gy, dt), dt, N, O, L) : null;
  return [
    x.requiresGrad ? markFreshGradient(convInputGrad(gy, w, H, W, geom, gyP)) : null, // a new buffer
    w.requiresGrad ? convWeightGrad(x, gy, geom, gyP, f.keep ? keptColsOf(w, f.token) : null) : null,
    bias?.requiresGrad ? (gyP ? biasGrad(gy, gyP) : sum(gy, [0, 2, 3])) : null,
  ];
}

/** Convolution (cross-correlation) of x with w, plus bias; records its backward. */
export function convForward(x: Tensor, w: Tensor, bias: Tensor | null, geom: ConvGeom): Tensor {
  const out = Tensor.empty([x.shape[0], w.shape[0], geom.outH, geom.outW], x.dtype);
  const f = convFill(x, w, bias, geom, out.storage);
  return record('conv2d', [x, w, bias], out, (gy) => convGrads(gy, x, w, bias, geom, f));
}

/**
 * maxPool2d(conv(x, w) + bias) with window `win` — then relu of it when `relu` (nn.Sequential's
 * Conv2d, ReLU, MaxPool2d: relu commutes with max pooling) — as ONE op: the convolution's output
 * and, in a first-order backward, its gradient live in reused scratch buffers instead of being
 * tensors (in LeNet they are two thirds of the memory a training step allocates, and every
 * allocation brings garbage collection closer). The same kernels run as in the separate ops, so
 * values, indices and gradients are identical; with createGraph the backward is built from the
 * separate ops' differentiable backward ops.
 */
export function convMaxPoolForward(x: Tensor, w: Tensor, bias: Tensor | null, geom: ConvGeom, win: Window2d, relu: boolean): Tensor {
  const dt = x.dtype;
  const [N] = x.shape, O = w.shape[0], oH = geom.outH, oW = geom.outW;
  const y = scratch('convOut', dt, N * O * oH * oW); // [N, O, oH, oW]
  const f = convFill(x, w, bias, geom, y);
  const out = Tensor.empty([N, O, win.outH, win.outW], dt);
  const idx = Tensor.empty([N, O, win.outH, win.outW], 'int32');
  if (out.numel() > 0) {
    backend().maxPool2d(y, N * O, oH, oW, win, out.storage, idx.storage as Int32Array);
    if (relu) backend().unary('relu', viewOf(out), out.storage); // elementwise, in place
  }
  return record(relu ? 'conv2dReluMaxPool2d' : 'conv2dMaxPool2d', [x, w, bias], out, (g) => {
    const graph = isGradEnabled(); // createGraph
    // relu's backward from its output: out <= 0 exactly where the pooled value was <= 0, and a
    // NaN passes either way
    const gp = !relu ? g : graph || !sameFloatShape(g, out) ? where(le(out, 0), 0, g) : reluBackwardFused(g, out);
    if (graph) return convGrads(maxPoolGradInput(gp, idx, oH, oW, win), x, w, bias, geom, f);
    const gy = new Tensor(scratch('convGrad', dt, N * O * oH * oW), [N, O, oH, oW], dt);
    if (gy.numel() > 0) {
      if (gp.numel() > 0) backend().maxPool2dBackward(values(gp, dt), idx.storage as Int32Array, N * O, oH, oW, win, gy.storage);
      else gy.storage.fill(0);
    }
    return convGrads(gy, x, w, bias, geom, f);
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
