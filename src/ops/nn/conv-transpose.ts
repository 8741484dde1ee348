import type { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { add } from '../binary.js';
import { reshape, squeeze, unsqueeze } from '../movement.js';
import { convInputGrad, type ConvGeom } from './conv-core.js';
import { asDType, floatDTypeOf, pair, single, type Pair } from './params.js';

/** Options of convTranspose1d/2d (PyTorch's keyword arguments). */
export interface ConvTransposeOptions {
  stride?: Pair;
  /** Implicit zero padding removed from both sides of the output: dilation * (k - 1) - padding is added to the input. */
  padding?: Pair;
  /** Extra size added to one side (bottom/right) of the output; must be < stride or < dilation. */
  outputPadding?: Pair;
  groups?: number;
  dilation?: Pair;
}

type P2 = [number, number];

function convTransposeImpl(op: string, x: Tensor, w: Tensor, bias: Tensor | null, stride: P2, padding: P2, outPad: P2, groups: number, dilation: P2, layout: string): Tensor {
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${groups}`);
  const [, Cin, H, W] = x.shape;
  const [wIn, Cg, kH, kW] = w.shape;
  if (Cin % groups !== 0) throw new ValueError(`${op}: input channels ${Cin} are not divisible by groups ${groups}`);
  if (wIn !== Cin) throw new ShapeError(`${op}: weight ${fmtShape(w.shape)} ${layout} expects ${wIn} input channels, but the input ${fmtShape(x.shape)} has ${Cin}`);
  const Cout = Cg * groups;
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== Cout)) throw new ShapeError(`${op}: bias of shape ${fmtShape(bias.shape)}, expected [${Cout}] (one per output channel)`);
  for (let i = 0; i < 2; i++) {
    if (outPad[i] >= stride[i] && outPad[i] >= dilation[i]) {
      throw new ValueError(`${op}: outputPadding ${outPad[i]} must be smaller than either stride ${stride[i]} or dilation ${dilation[i]}`);
    }
  }
  const outH = (H - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kH - 1) + outPad[0] + 1;
  const outW = (W - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kW - 1) + outPad[1] + 1;
  if (outH <= 0 || outW <= 0) throw new ShapeError(`${op}: input ${fmtShape(x.shape)} gives a non-positive output size ${fmtShape([outH, outW])}`);
  // The transposed convolution is the input-gradient of the convolution that maps [outH, outW] to [H, W].
  const geom: ConvGeom = {
    kH, kW, strideH: stride[0], strideW: stride[1], padH: padding[0], padW: padding[1],
    dilationH: dilation[0], dilationW: dilation[1], groups, outH: H, outW: W,
  };
  const dt = floatDTypeOf(op, x, w, bias);
  const y = convInputGrad(asDType(x, dt) as Tensor, asDType(w, dt) as Tensor, outH, outW, geom); // [N, Cout, outH, outW]
  return bias ? add(y, reshape(asDType(bias, dt) as Tensor, [1, Cout, 1, 1])) : y;
}

/**
 * 2-D transposed convolution (PyTorch's `F.conv_transpose2d`): x [N, Cin, H, W] (or [Cin, H, W]),
 * weight [Cin, Cout/groups, kH, kW], bias [Cout] or null → [N, Cout, outH, outW] with
 * outH = (H - 1) * stride - 2 * padding + dilation * (kH - 1) + outputPadding + 1.
 */
export function convTranspose2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvTransposeOptions = {}): Tensor {
  const op = 'convTranspose2d';
  if (x.ndim === 3) return squeeze(convTranspose2d(unsqueeze(x, 0), weight, bias, opts), 0);
  if (x.ndim !== 4) throw new ShapeError(`${op}: expected a 4-D input [N, C, H, W] (or 3-D [C, H, W]), got shape ${fmtShape(x.shape)}`);
  if (weight.ndim !== 4) throw new ShapeError(`${op}: expected a 4-D weight [Cin, Cout/groups, kH, kW], got shape ${fmtShape(weight.shape)}`);
  return convTransposeImpl(op, x, weight, bias, pair(op, 'stride', opts.stride ?? 1, 1), pair(op, 'padding', opts.padding ?? 0, 0),
    pair(op, 'outputPadding', opts.outputPadding ?? 0, 0), opts.groups ?? 1, pair(op, 'dilation', opts.dilation ?? 1, 1), '[Cin, Cout/groups, kH, kW]');
}

/** 1-D transposed convolution: x [N, Cin, L] (or [Cin, L]), weight [Cin, Cout/groups, k] → [N, Cout, outL]. */
export function convTranspose1d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvTransposeOptions = {}): Tensor {
  const op = 'convTranspose1d';
  if (x.ndim === 2) return squeeze(convTranspose1d(unsqueeze(x, 0), weight, bias, opts), 0);
  if (x.ndim !== 3) throw new ShapeError(`${op}: expected a 3-D input [N, C, L] (or 2-D [C, L]), got shape ${fmtShape(x.shape)}`);
  if (weight.ndim !== 3) throw new ShapeError(`${op}: expected a 3-D weight [Cin, Cout/groups, k], got shape ${fmtShape(weight.shape)}`);
  const one = (what: string, v: Pair | undefined, dflt: number, min: number): P2 => [dflt === 1 ? 1 : 0, single(op, what, v ?? dflt, min)];
  const y = convTransposeImpl(op, unsqueeze(x, 2), unsqueeze(weight, 2), bias, one('stride', opts.stride, 1, 1), one('padding', opts.padding, 0, 0),
    one('outputPadding', opts.outputPadding, 0, 0), opts.groups ?? 1, one('dilation', opts.dilation, 1, 1), '[Cin, Cout/groups, k]');
  return squeeze(y, 2);
}
