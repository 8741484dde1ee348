import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { add, mul } from '../binary.js';
import { indexSelect } from '../scatter-gather.js';
import { floatDTypeOf } from './params.js';

/** Options of interpolate (PyTorch's `F.interpolate`); give exactly one of size and scaleFactor. */
export interface InterpolateOptions {
  /** Output spatial size: one int for every spatial dim, or one per dim. */
  size?: number | readonly number[];
  /** Multiplier of the spatial size (output = floor(input * scaleFactor)), one or one per dim. */
  scaleFactor?: number | readonly number[];
  /** 'nearest' (default; PyTorch's legacy nearest), 'linear' (3-D input) or 'bilinear' (4-D input). */
  mode?: 'nearest' | 'linear' | 'bilinear';
  /** Linear modes: map the corner pixels' centres onto each other (default false). */
  alignCorners?: boolean;
}

function int32(values: number[]): Tensor {
  return new Tensor(Int32Array.from(values), [values.length], 'int32');
}

/**
 * Nearest source indices min(floor(dst * scale), in - 1), scale = 1 / scaleFactor (or in / out),
 * in float32 arithmetic as PyTorch's kernel (for every dtype).
 */
function nearestIndex(inSize: number, outSize: number, scaleFactor: number | undefined): Tensor {
  const r = Math.fround;
  const scale = r(scaleFactor !== undefined ? 1 / scaleFactor : inSize / outSize);
  const idx: number[] = [];
  for (let o = 0; o < outSize; o++) idx.push(Math.min(Math.floor(r(o * scale)), inSize - 1));
  return int32(idx);
}

/** Linear interpolation along `dim` of x: the two source indices and the weight of the second. */
function linearAlong(x: Tensor, dim: number, outSize: number, scaleFactor: number | undefined, alignCorners: boolean): Tensor {
  const inSize = x.shape[dim];
  let scale: number;
  if (alignCorners) scale = outSize > 1 ? (inSize - 1) / (outSize - 1) : 0;
  else scale = scaleFactor !== undefined ? 1 / scaleFactor : inSize / outSize;
  const i0: number[] = [], i1: number[] = [];
  const wShape = x.shape.map((_, d) => (d === dim ? outSize : 1));
  const lambda = Tensor.empty(wShape, x.dtype);
  for (let o = 0; o < outSize; o++) {
    let src = alignCorners ? scale * o : scale * (o + 0.5) - 0.5;
    if (src < 0) src = 0;
    const lo = Math.min(Math.floor(src), inSize - 1);
    i0.push(lo);
    i1.push(lo < inSize - 1 ? lo + 1 : lo);
    lambda.storage[o] = Math.min(Math.max(src - lo, 0), 1);
  }
  const oneMinus = Tensor.empty(wShape, x.dtype);
  for (let o = 0; o < outSize; o++) oneMinus.storage[o] = 1 - lambda.storage[o];
  // out = x[i0] * (1 - λ) + x[i1] * λ along dim; gathers, so the backward is an index-add.
  return add(mul(indexSelect(x, dim, int32(i0)), oneMinus), mul(indexSelect(x, dim, int32(i1)), lambda));
}

/**
 * Resizes the spatial dims of x [N, C, L] or [N, C, H, W] (PyTorch's `F.interpolate`).
 * 'nearest' picks src = floor(dst * in / out) (or floor(dst / scaleFactor)); 'bilinear' and
 * 'linear' interpolate from src = (dst + 0.5) * in / out - 0.5 (clamped at 0), or
 * dst * (in - 1) / (out - 1) with alignCorners. No antialiasing when shrinking.
 *
 * ```ts
 * nb.interpolate(img, { scaleFactor: 2, mode: 'bilinear' }); // [N, C, 2H, 2W]
 * ```
 */
export function interpolate(x: Tensor, opts: InterpolateOptions = {}): Tensor {
  const op = 'interpolate';
  const mode = opts.mode ?? 'nearest';
  if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError(`${op}: expected a 3-D input [N, C, L] or 4-D input [N, C, H, W], got shape ${fmtShape(x.shape)}`);
  const nSpatial = x.ndim - 2;
  if (mode !== 'nearest' && mode !== 'linear' && mode !== 'bilinear') {
    throw new ValueError(`${op}: unsupported mode '${String(mode)}', expected 'nearest', 'linear' or 'bilinear'`);
  }
  if ((mode === 'linear' && x.ndim !== 3) || (mode === 'bilinear' && x.ndim !== 4)) {
    throw new ShapeError(`${op}: mode '${mode}' expects a ${mode === 'linear' ? '3-D input [N, C, L]' : '4-D input [N, C, H, W]'}, got shape ${fmtShape(x.shape)}`);
  }
  if (mode === 'nearest' && opts.alignCorners !== undefined && opts.alignCorners !== null) {
    throw new ValueError(`${op}: alignCorners can only be set with the interpolating modes 'linear' and 'bilinear'`);
  }
  const hasSize = opts.size !== undefined && opts.size !== null;
  const hasScale = opts.scaleFactor !== undefined && opts.scaleFactor !== null;
  if (hasSize === hasScale) throw new ValueError(`${op}: give exactly one of size and scaleFactor`);
  const perDim = (v: number | readonly number[], what: string): number[] => {
    const a = typeof v === 'number' ? new Array<number>(nSpatial).fill(v) : [...v];
    if (a.length !== nSpatial) throw new ValueError(`${op}: ${what} needs ${nSpatial} value(s) for input ${fmtShape(x.shape)}, got ${JSON.stringify(v)}`);
    return a;
  };
  const inSizes = x.shape.slice(2);
  const scales = hasScale ? perDim(opts.scaleFactor as number | readonly number[], 'scaleFactor') : null;
  const outSizes = scales ? scales.map((s, i) => Math.floor(inSizes[i] * s)) : perDim(opts.size as number | readonly number[], 'size');
  if (scales && !scales.every((s) => s > 0 && Number.isFinite(s))) throw new ValueError(`${op}: scaleFactor must be positive, got ${JSON.stringify(opts.scaleFactor)}`);
  if (!outSizes.every((s) => Number.isInteger(s) && s > 0)) {
    throw new ValueError(`${op}: output size ${fmtShape(outSizes)} must be positive integers (input ${fmtShape(x.shape)})`);
  }
  if (inSizes.some((s) => s === 0)) throw new ShapeError(`${op}: input ${fmtShape(x.shape)} has an empty spatial dim`);
  floatDTypeOf(op, x);
  let y = x;
  for (let i = 0; i < nSpatial; i++) {
    const dim = 2 + i;
    const sf = scales ? scales[i] : undefined;
    if (mode === 'nearest') {
      y = indexSelect(y, dim, nearestIndex(inSizes[i], outSizes[i], sf));
    } else if (outSizes[i] !== inSizes[i]) {
      // PyTorch leaves a dim whose size does not change as it is, even when scaleFactor != 1.
      y = linearAlong(y, dim, outSizes[i], sf, opts.alignCorners ?? false);
    }
  }
  return y;
}
