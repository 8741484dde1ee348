import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { squeeze, unsqueeze } from '../movement.js';
import { convForward, type ConvGeom } from './conv-core.js';
import { asDType, floatDTypeOf, pair, single, type Pair } from './params.js';

/** Padding of a convolution: zeros added on both sides, or 'valid' (none) or 'same' (output size = input size). */
export type ConvPadding = Pair | 'valid' | 'same';

/** Options of conv1d/conv2d (PyTorch's keyword arguments). */
export interface ConvOptions {
  /** Step of the window (default 1). */
  stride?: Pair;
  /** Zero padding (default 0). 'same' puts the extra pad of an even kernel at the end, as PyTorch. */
  padding?: ConvPadding;
  /** Spacing between kernel taps (default 1). */
  dilation?: Pair;
  /** Channel groups (default 1); groups = in channels gives a depthwise convolution. */
  groups?: number;
}

/** The [before, after] padding of one spatial dim. */
function padsOf(op: string, padding: ConvPadding, i: number, k: number, dilation: number, stride: number): [number, number] {
  if (padding === 'valid') return [0, 0];
  if (padding === 'same') {
    if (stride !== 1) throw new ValueError(`${op}: padding 'same' is not supported for strided convolutions (stride ${stride})`);
    const total = dilation * (k - 1);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  }
  const p = pair(op, 'padding', padding, 0)[i];
  return [p, p];
}

/**
 * Shared checks and geometry of a 2-D convolution of x [N, C, H, W] by w [O, C/groups, kH, kW].
 * `dims` names the layouts in error messages (conv1d reports its own 3-D layouts).
 */
function convGeom(op: string, x: Tensor, w: Tensor, bias: Tensor | null, stride: [number, number], pad: [[number, number], [number, number]],
  dilation: [number, number], groups: number, dims: { x: string; w: string }): ConvGeom {
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${groups}`);
  const [, C, H, W] = x.shape;
  const [O, Cg, kH, kW] = w.shape;
  if (C % groups !== 0) throw new ValueError(`${op}: input channels ${C} are not divisible by groups ${groups}`);
  if (O % groups !== 0) throw new ValueError(`${op}: output channels ${O} (weight ${fmtShape(w.shape)}) are not divisible by groups ${groups}`);
  if (Cg * groups !== C) {
    throw new ShapeError(`${op}: weight ${fmtShape(w.shape)} ${dims.w} expects ${Cg * groups} input channels (${Cg} per group × ${groups} groups), but the input ${fmtShape(x.shape)} ${dims.x} has ${C}`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== O)) throw new ShapeError(`${op}: bias of shape ${fmtShape(bias.shape)}, expected [${O}] (one per output channel)`);
  const span = (k: number, d: number): number => d * (k - 1) + 1;
  const padH = H + pad[0][0] + pad[0][1], padW = W + pad[1][0] + pad[1][1];
  if (padH < span(kH, dilation[0]) || padW < span(kW, dilation[1])) {
    const from = dims.x.includes('H') ? 0 : 1; // conv1d reports only its length dim
    throw new ShapeError(`${op}: the (dilated) kernel ${fmtShape([span(kH, dilation[0]), span(kW, dilation[1])].slice(from))} is larger than the padded input ${fmtShape([padH, padW].slice(from))}`);
  }
  return {
    kH, kW, strideH: stride[0], strideW: stride[1], padH: pad[0][0], padW: pad[1][0],
    dilationH: dilation[0], dilationW: dilation[1], groups,
    outH: Math.floor((padH - span(kH, dilation[0])) / stride[0]) + 1,
    outW: Math.floor((padW - span(kW, dilation[1])) / stride[1]) + 1,
  };
}

/**
 * 2-D convolution (cross-correlation, as PyTorch's `F.conv2d`): x [N, C, H, W] (or unbatched
 * [C, H, W]), weight [O, C/groups, kH, kW], bias [O] or null → [N, O, outH, outW].
 *
 * ```ts
 * const y = nb.conv2d(x, w, b, { stride: 2, padding: 1 });
 * const depthwise = nb.conv2d(x, nb.randn([C, 1, 3, 3]), null, { groups: C, padding: 'same' });
 * ```
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  if (x.ndim === 3) return squeeze(conv2d(unsqueeze(x, 0), weight, bias, opts), 0);
  const { geom, dt } = conv2dGeom(x, weight, bias, opts);
  return convForward(asDType(x, dt) as Tensor, asDType(weight, dt) as Tensor, asDType(bias, dt), geom);
}

/** The checked geometry and compute dtype of conv2d(x, weight, bias, opts) for a 4-D x. */
export function conv2dGeom(x: Tensor, weight: Tensor, bias: Tensor | null, opts: ConvOptions): { geom: ConvGeom; dt: FloatDType } {
  const op = 'conv2d';
  if (x.ndim !== 4) throw new ShapeError(`${op}: expected a 4-D input [N, C, H, W] (or 3-D [C, H, W]), got shape ${fmtShape(x.shape)}`);
  if (weight.ndim !== 4) throw new ShapeError(`${op}: expected a 4-D weight [O, C/groups, kH, kW], got shape ${fmtShape(weight.shape)}`);
  const stride = pair(op, 'stride', opts.stride ?? 1, 1);
  const dilation = pair(op, 'dilation', opts.dilation ?? 1, 1);
  const padding = opts.padding ?? 0;
  const pads: [[number, number], [number, number]] = [
    padsOf(op, padding, 0, weight.shape[2], dilation[0], stride[0]),
    padsOf(op, padding, 1, weight.shape[3], dilation[1], stride[1]),
  ];
  const geom = convGeom(op, x, weight, bias, stride, pads, dilation, opts.groups ?? 1, { x: '[N, C, H, W]', w: '[O, C/groups, kH, kW]' });
  return { geom, dt: floatDTypeOf(op, x, weight, bias) };
}

/**
 * 1-D convolution (PyTorch's `F.conv1d`): x [N, C, L] (or [C, L]), weight [O, C/groups, k],
 * bias [O] or null → [N, O, outL]. Runs as conv2d with H = 1.
 */
export function conv1d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  const op = 'conv1d';
  if (x.ndim === 2) return squeeze(conv1d(unsqueeze(x, 0), weight, bias, opts), 0);
  if (x.ndim !== 3) throw new ShapeError(`${op}: expected a 3-D input [N, C, L] (or 2-D [C, L]), got shape ${fmtShape(x.shape)}`);
  if (weight.ndim !== 3) throw new ShapeError(`${op}: expected a 3-D weight [O, C/groups, k], got shape ${fmtShape(weight.shape)}`);
  const stride = single(op, 'stride', opts.stride ?? 1, 1);
  const dilation = single(op, 'dilation', opts.dilation ?? 1, 1);
  const padding = opts.padding ?? 0;
  const pad = typeof padding === 'string' ? padsOf(op, padding, 0, weight.shape[2], dilation, stride) : [single(op, 'padding', padding, 0), single(op, 'padding', padding, 0)] as [number, number];
  const x4 = unsqueeze(x, 2), w4 = unsqueeze(weight, 2);
  const geom = convGeom(op, x4, w4, bias, [1, stride], [[0, 0], pad], [1, dilation], opts.groups ?? 1, { x: '[N, C, L]', w: '[O, C/groups, k]' });
  const dt = floatDTypeOf(op, x, weight, bias);
  return squeeze(convForward(asDType(x4, dt) as Tensor, asDType(w4, dt) as Tensor, asDType(bias, dt), geom), 2);
}
