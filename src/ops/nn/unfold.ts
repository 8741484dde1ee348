import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, fmtShape } from '../../tensor/errors.js';
import { backend } from '../../backend/index.js';
import type { Window2d } from '../../backend/types.js';
import { record } from '../../autograd/record.js';
import { rawCast } from '../cast.js';
import { squeeze, unsqueeze } from '../movement.js';
import { floatDTypeOf, pair, windowOutSize, type Pair } from './params.js';

/** Options of unfold and fold (PyTorch's keyword arguments). */
export interface UnfoldOptions {
  dilation?: Pair;
  /** Implicit zero padding on both sides. */
  padding?: Pair;
  stride?: Pair;
}

function windowOf(op: string, H: number, W: number, kernelSize: Pair, o: UnfoldOptions): Window2d {
  const [kH, kW] = pair(op, 'kernelSize', kernelSize, 1);
  const [sH, sW] = pair(op, 'stride', o.stride ?? 1, 1);
  const [pH, pW] = pair(op, 'padding', o.padding ?? 0, 0);
  const [dH, dW] = pair(op, 'dilation', o.dilation ?? 1, 1);
  const outH = windowOutSize(H, kH, sH, pH, pH, dH, false);
  const outW = windowOutSize(W, kW, sW, pW, pW, dW, false);
  if (outH < 1 || outW < 1) {
    throw new ShapeError(`${op}: the (dilated) kernel ${fmtShape([dH * (kH - 1) + 1, dW * (kW - 1) + 1])} is larger than the padded input ${fmtShape([H + 2 * pH, W + 2 * pW])}`);
  }
  return { kH, kW, strideH: sH, strideW: sW, padH: pH, padW: pW, dilationH: dH, dilationW: dW, outH, outW };
}

/** im2col of x [N, C, H, W] → [N, C*kH*kW, L]; backward is col2im. */
function im2colOp(x: Tensor, win: Window2d): Tensor {
  const [N, C, H, W] = x.shape;
  const dt = floatDTypeOf('unfold', x);
  const out = Tensor.empty([N, C * win.kH * win.kW, win.outH * win.outW], dt);
  if (out.numel() > 0) backend().im2col(rawCast(x, dt).dataSync(), N, C, H, W, win, out.storage);
  return record('unfold', [x], out, (g) => [col2imOp(g, C, H, W, win)]);
}

/** col2im of cols [N, C*kH*kW, L] → [N, C, H, W] (overlaps summed); backward is im2col. */
function col2imOp(cols: Tensor, C: number, H: number, W: number, win: Window2d): Tensor {
  const N = cols.shape[0];
  const dt = floatDTypeOf('fold', cols);
  const out = Tensor.empty([N, C, H, W], dt);
  if (out.numel() > 0 && cols.numel() > 0) backend().col2im(rawCast(cols, dt).dataSync(), N, C, H, W, win, out.storage);
  return record('fold', [cols], out, (g) => [im2colOp(g, win)]);
}

/**
 * Extracts sliding blocks (PyTorch's `F.unfold`, im2col): x [N, C, H, W] (or [C, H, W]) →
 * [N, C*kH*kW, L], rows channel-major (c, ki, kj), L = outH * outW blocks in row-major order.
 *
 * ```ts
 * nb.unfold(x, 3, { padding: 1 }); // [N, C*9, H*W]
 * ```
 */
export function unfold(x: Tensor, kernelSize: Pair, opts: UnfoldOptions = {}): Tensor {
  if (x.ndim === 3) return squeeze(unfold(unsqueeze(x, 0), kernelSize, opts), 0);
  if (x.ndim !== 4) throw new ShapeError(`unfold: expected a 4-D input [N, C, H, W] (or 3-D [C, H, W]), got shape ${fmtShape(x.shape)}`);
  return im2colOp(x, windowOf('unfold', x.shape[2], x.shape[3], kernelSize, opts));
}

/**
 * Sums sliding blocks back into an image (PyTorch's `F.fold`, col2im): x [N, C*kH*kW, L] (or
 * [C*kH*kW, L]) → [N, C, outputSize[0], outputSize[1]]; overlapping entries are added.
 */
export function fold(x: Tensor, outputSize: Pair, kernelSize: Pair, opts: UnfoldOptions = {}): Tensor {
  const op = 'fold';
  if (x.ndim === 2) return squeeze(fold(unsqueeze(x, 0), outputSize, kernelSize, opts), 0);
  if (x.ndim !== 3) throw new ShapeError(`${op}: expected a 3-D input [N, C*kH*kW, L] (or 2-D [C*kH*kW, L]), got shape ${fmtShape(x.shape)}`);
  const [H, W] = pair(op, 'outputSize', outputSize, 1);
  const win = windowOf(op, H, W, kernelSize, opts);
  const kk = win.kH * win.kW;
  if (x.shape[1] % kk !== 0) throw new ShapeError(`${op}: input ${fmtShape(x.shape)}: dimension 1 (${x.shape[1]}) must be divisible by the kernel size product ${kk}`);
  if (x.shape[2] !== win.outH * win.outW) {
    throw new ShapeError(`${op}: input ${fmtShape(x.shape)} has ${x.shape[2]} blocks, but outputSize ${fmtShape([H, W])} with this kernel, stride, padding and dilation gives ${win.outH} × ${win.outW} = ${win.outH * win.outW}`);
  }
  return col2imOp(x, x.shape[1] / kk, H, W, win);
}
