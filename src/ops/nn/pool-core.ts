import { Tensor } from '../../tensor/tensor.js';
import { backend } from '../../backend/index.js';
import type { Window2d } from '../../backend/types.js';
import { record } from '../../autograd/record.js';
import { markFreshGradient } from '../../autograd/fresh.js';
import { rawCast } from '../cast.js';
import { reshape } from '../movement.js';
import { gather } from '../scatter-gather.js';
import { floatDTypeOf } from './params.js';

// The pooling ops on [N, C, H, W] with their backward ops, each pair closed under
// differentiation: maxPool's backward routes to the argmax (its backward gathers there);
// avgPool's backward spreads the gradient (its backward is avgPool again).

/** Max pooling of x [N, C, H, W]: values and int32 indices; the values record their backward. */
export function maxPoolCore(x: Tensor, win: Window2d): [Tensor, Tensor] {
  const [N, C, H, W] = x.shape;
  const dt = floatDTypeOf('maxPool', x);
  const outShape = [N, C, win.outH, win.outW];
  const out = Tensor.empty(outShape, dt);
  const idx = Tensor.empty(outShape, 'int32');
  if (out.numel() > 0) backend().maxPool2d(rawCast(x, dt).dataSync(), N * C, H, W, win, out.storage, idx.storage as Int32Array);
  // the routed gradient is a new buffer only this rule has seen (autograd/fresh.ts)
  const values = record('maxPool2d', [x], out, (g) => [markFreshGradient(maxPoolGradInput(g, idx, H, W, win))]);
  return [values, idx];
}

/**
 * Routes g [N, C, outH, outW] to the argmax positions `idx` (flat h * W + w) of an [N, C, H, W]
 * input; its own backward gathers at them. Only win.outH/outW are read.
 */
export function maxPoolGradInput(g: Tensor, idx: Tensor, H: number, W: number, win: Window2d): Tensor {
  const [N, C] = g.shape;
  const out = Tensor.empty([N, C, H, W], g.dtype);
  if (out.numel() > 0 && g.numel() > 0) backend().maxPool2dBackward(rawCast(g, g.dtype).dataSync(), idx.storage as Int32Array, N * C, H, W, win, out.storage);
  const L = win.outH * win.outW;
  return record('maxPool2dBackward', [g], out, (gg) => [
    reshape(gather(reshape(gg, [N, C, H * W]), 2, reshape(idx, [N, C, L])), g.shape),
  ]);
}

/** Average pooling of x [N, C, H, W]; records its backward (whose backward is this op again). */
export function avgPoolCore(x: Tensor, win: Window2d, includePad: boolean): Tensor {
  const [N, C, H, W] = x.shape;
  const dt = floatDTypeOf('avgPool', x);
  const out = Tensor.empty([N, C, win.outH, win.outW], dt);
  if (out.numel() > 0) backend().avgPool2d(rawCast(x, dt).dataSync(), N * C, H, W, win, includePad, out.storage);
  return record('avgPool2d', [x], out, (g) => [avgPoolGradInput(g, H, W, win, includePad)]);
}

function avgPoolGradInput(g: Tensor, H: number, W: number, win: Window2d, includePad: boolean): Tensor {
  const [N, C] = g.shape;
  const out = Tensor.empty([N, C, H, W], g.dtype);
  if (out.numel() > 0 && g.numel() > 0) backend().avgPool2dBackward(rawCast(g, g.dtype).dataSync(), N * C, H, W, win, includePad, out.storage);
  return record('avgPool2dBackward', [g], out, (gg) => [avgPoolCore(gg, win, includePad)]);
}
