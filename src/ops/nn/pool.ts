import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import type { Window2d } from '../../backend/types.js';
import { mul } from '../binary.js';
import { squeeze, unsqueeze } from '../movement.js';
import { avgPoolCore, maxPoolCore } from './pool-core.js';
import { pair, single, windowOutSize, type Pair } from './params.js';

/** Options of maxPool1d/2d (PyTorch's arguments after kernelSize). */
export interface MaxPoolOptions {
  /** Window step; defaults to kernelSize. */
  stride?: Pair | null;
  /** Implicit -Infinity padding on both sides (at most half the kernel). */
  padding?: Pair;
  dilation?: Pair;
  /** Round the output size up (a last partial window, which must start inside the input or left padding). */
  ceilMode?: boolean;
  /** Also return the int32 indices (flat h * W + w in each input plane) of the maxima. */
  returnIndices?: boolean;
}

/** Options of avgPool1d/2d. */
export interface AvgPoolOptions {
  stride?: Pair | null;
  /** Implicit zero padding on both sides (at most half the kernel). */
  padding?: Pair;
  ceilMode?: boolean;
  /** Count the zero padding in the divisor (default true, as PyTorch). */
  countIncludePad?: boolean;
  /** Divide every window's sum by this instead (2-D only in PyTorch; accepted by both here). */
  divisorOverride?: number | null;
}

type P2 = [number, number];
interface Spec { k: P2; stride: P2; pad: P2; dilation: P2; ceil: boolean }

/** Window geometry of a pooling over x [N, C, H, W], with PyTorch's checks. */
function poolWindow(op: string, shape: readonly number[], s: Spec, oneD: boolean): Window2d {
  const [, , H, W] = shape;
  const dims = (a: readonly number[]): string => fmtShape(oneD ? a.slice(1) : a);
  for (let i = 0; i < 2; i++) {
    if (s.pad[i] > s.k[i] / 2) throw new ValueError(`${op}: padding ${dims(s.pad)} should be at most half of the kernel size ${dims(s.k)}`);
  }
  const outH = windowOutSize(H, s.k[0], s.stride[0], s.pad[0], s.pad[0], s.dilation[0], s.ceil);
  const outW = windowOutSize(W, s.k[1], s.stride[1], s.pad[1], s.pad[1], s.dilation[1], s.ceil);
  if (outH < 1 || outW < 1) {
    throw new ShapeError(`${op}: the (dilated) kernel ${dims(s.k.map((k, i) => s.dilation[i] * (k - 1) + 1))} is larger than the padded input ${dims([H + 2 * s.pad[0], W + 2 * s.pad[1]])} (input ${fmtShape(shape)})`);
  }
  return {
    kH: s.k[0], kW: s.k[1], strideH: s.stride[0], strideW: s.stride[1], padH: s.pad[0], padW: s.pad[1],
    dilationH: s.dilation[0], dilationW: s.dilation[1], outH, outW,
  };
}

/** Per-window factor turning a count-include-pad average into sum / divisor (PyTorch's clipped window size). */
function overrideFactor(win: Window2d, H: number, W: number, divisor: number, dtype: 'float32' | 'float64'): Tensor {
  const f = Tensor.empty([win.outH, win.outW], dtype);
  for (let oy = 0; oy < win.outH; oy++) {
    const y0 = oy * win.strideH - win.padH, y1 = Math.min(y0 + win.kH, H + win.padH);
    for (let ox = 0; ox < win.outW; ox++) {
      const x0 = ox * win.strideW - win.padW, x1 = Math.min(x0 + win.kW, W + win.padW);
      f.storage[oy * win.outW + ox] = ((y1 - y0) * (x1 - x0)) / divisor;
    }
  }
  return f;
}

function to4d(op: string, x: Tensor, oneD: boolean): Tensor {
  if (oneD) {
    if (x.ndim !== 3 && x.ndim !== 2) throw new ShapeError(`${op}: expected a 3-D input [N, C, L] (or 2-D [C, L]), got shape ${fmtShape(x.shape)}`);
    return unsqueeze(x.ndim === 2 ? unsqueeze(x, 0) : x, 2);
  }
  if (x.ndim !== 4 && x.ndim !== 3) throw new ShapeError(`${op}: expected a 4-D input [N, C, H, W] (or 3-D [C, H, W]), got shape ${fmtShape(x.shape)}`);
  return x.ndim === 3 ? unsqueeze(x, 0) : x;
}

function from4d(y: Tensor, x: Tensor, oneD: boolean): Tensor {
  const r = oneD ? squeeze(y, 2) : y;
  return x.ndim === (oneD ? 2 : 3) ? squeeze(r, 0) : r;
}

function specOf(op: string, oneD: boolean, kernelSize: Pair, o: { stride?: Pair | null; padding?: Pair; dilation?: Pair; ceilMode?: boolean }): Spec {
  if (oneD) {
    const k = single(op, 'kernelSize', kernelSize, 1);
    const st = o.stride === undefined || o.stride === null || (Array.isArray(o.stride) && o.stride.length === 0) ? k : single(op, 'stride', o.stride, 1);
    return { k: [1, k], stride: [1, st], pad: [0, single(op, 'padding', o.padding ?? 0, 0)], dilation: [1, single(op, 'dilation', o.dilation ?? 1, 1)], ceil: o.ceilMode ?? false };
  }
  const k = pair(op, 'kernelSize', kernelSize, 1);
  const st = o.stride === undefined || o.stride === null || (Array.isArray(o.stride) && o.stride.length === 0) ? k : pair(op, 'stride', o.stride, 1);
  return { k, stride: st, pad: pair(op, 'padding', o.padding ?? 0, 0), dilation: pair(op, 'dilation', o.dilation ?? 1, 1), ceil: o.ceilMode ?? false };
}

function maxPool(op: string, oneD: boolean, x: Tensor, kernelSize: Pair, opts: MaxPoolOptions): Tensor | [Tensor, Tensor] {
  const x4 = to4d(op, x, oneD);
  const [v, i] = maxPoolCore(x4, poolWindow(op, x4.shape, specOf(op, oneD, kernelSize, opts), oneD));
  const values = from4d(v, x, oneD);
  return opts.returnIndices ? [values, from4d(i, x, oneD)] : values;
}

function avgPool(op: string, oneD: boolean, x: Tensor, kernelSize: Pair, opts: AvgPoolOptions): Tensor {
  const x4 = to4d(op, x, oneD);
  const win = poolWindow(op, x4.shape, specOf(op, oneD, kernelSize, opts), oneD);
  const div = opts.divisorOverride;
  if (div !== undefined && div !== null) {
    if (!Number.isInteger(div) || div === 0) throw new ValueError(`${op}: divisorOverride must be a non-zero integer, got ${div}`);
    const avg = avgPoolCore(x4, win, true);
    return from4d(mul(avg, overrideFactor(win, x4.shape[2], x4.shape[3], div, avg.dtype === 'float64' ? 'float64' : 'float32')), x, oneD);
  }
  return from4d(avgPoolCore(x4, win, opts.countIncludePad ?? true), x, oneD);
}

/** The window of maxPool2d(x, kernelSize, opts) on an [N, C, H, W] input of this shape (checked as maxPool2d checks it). */
export function maxPool2dWindow(shape: readonly number[], kernelSize: Pair, opts: MaxPoolOptions = {}): Window2d {
  return poolWindow('maxPool2d', shape, specOf('maxPool2d', false, kernelSize, opts), false);
}

/**
 * 2-D max pooling (PyTorch's `F.max_pool2d`) of x [N, C, H, W] or [C, H, W]. With
 * `returnIndices`, returns [values, indices] (int32, flat h * W + w in each input plane).
 *
 * ```ts
 * const y = nb.maxPool2d(x, 2);                                  // [N, C, H/2, W/2]
 * const [v, i] = nb.maxPool2d(x, 3, { stride: 2, padding: 1, returnIndices: true });
 * ```
 */
export function maxPool2d(x: Tensor, kernelSize: Pair, opts?: MaxPoolOptions & { returnIndices?: false }): Tensor;
export function maxPool2d(x: Tensor, kernelSize: Pair, opts: MaxPoolOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool2d(x: Tensor, kernelSize: Pair, opts: MaxPoolOptions = {}): Tensor | [Tensor, Tensor] {
  return maxPool('maxPool2d', false, x, kernelSize, opts);
}

/** 1-D max pooling of x [N, C, L] or [C, L]; indices (with `returnIndices`) are positions along L. */
export function maxPool1d(x: Tensor, kernelSize: Pair, opts?: MaxPoolOptions & { returnIndices?: false }): Tensor;
export function maxPool1d(x: Tensor, kernelSize: Pair, opts: MaxPoolOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool1d(x: Tensor, kernelSize: Pair, opts: MaxPoolOptions = {}): Tensor | [Tensor, Tensor] {
  return maxPool('maxPool1d', true, x, kernelSize, opts);
}

/** 2-D average pooling (PyTorch's `F.avg_pool2d`) of x [N, C, H, W] or [C, H, W]. */
export function avgPool2d(x: Tensor, kernelSize: Pair, opts: AvgPoolOptions = {}): Tensor {
  return avgPool('avgPool2d', false, x, kernelSize, opts);
}

/** 1-D average pooling of x [N, C, L] or [C, L]. */
export function avgPool1d(x: Tensor, kernelSize: Pair, opts: AvgPoolOptions = {}): Tensor {
  return avgPool('avgPool1d', true, x, kernelSize, opts);
}
