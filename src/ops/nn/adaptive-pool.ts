import { Tensor } from '../../tensor/tensor.js';
import { rawCast } from '../cast.js';
import { ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { record } from '../../autograd/record.js';
import { matmul } from '../matmul.js';
import { squeeze, transpose, unsqueeze } from '../movement.js';
import { avgPool2d } from './pool.js';
import { maxPoolGradInput } from './pool-core.js';
import { floatDTypeOf } from './params.js';

/** An adaptive pooling's output size: one int, or (height, width) where null keeps the input's size. */
export type AdaptiveSize = number | readonly [number | null, number | null] | readonly (number | null)[];

/**
 * The [out, size] matrix averaging PyTorch's adaptive bins: bin i covers
 * [floor(i * size / out), ceil((i + 1) * size / out)).
 */
function binMatrix(size: number, out: number, dtype: 'float32' | 'float64'): Tensor {
  const m = Tensor.empty([out, size], dtype);
  for (let i = 0; i < out; i++) {
    const [start, end] = bin(i, size, out);
    for (let j = start; j < end; j++) m.storage[i * size + j] = 1 / (end - start);
  }
  return m;
}

/** The [start, end) of PyTorch's adaptive bin i when pooling `size` inputs to `out` outputs. */
function bin(i: number, size: number, out: number): [number, number] {
  return [Math.floor((i * size) / out), Math.ceil(((i + 1) * size) / out)];
}

function sizes(op: string, outputSize: AdaptiveSize, H: number, W: number): [number, number] {
  const s = typeof outputSize === 'number' ? [outputSize, outputSize] : [...outputSize];
  if (s.length === 1) s.push(s[0]);
  const r = [s[0] ?? H, s[1] ?? W];
  if (s.length !== 2 || !r.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new ValueError(`${op}: outputSize must be a non-negative integer or a pair of them (null keeps the input size), got ${JSON.stringify(outputSize)}`);
  }
  return [r[0], r[1]];
}

/**
 * Adaptive 2-D average pooling (PyTorch's `F.adaptive_avg_pool2d`): x [N, C, H, W] or [C, H, W]
 * → [.., outH, outW], bin i spanning [floor(i * H / outH), ceil((i + 1) * H / outH)).
 *
 * ```ts
 * nb.adaptiveAvgPool2d(features, 1); // global average pooling: [N, C, 1, 1]
 * ```
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: AdaptiveSize): Tensor {
  const op = 'adaptiveAvgPool2d';
  if (x.ndim !== 4 && x.ndim !== 3) throw new ShapeError(`${op}: expected a 4-D input [N, C, H, W] (or 3-D [C, H, W]), got shape ${fmtShape(x.shape)}`);
  const H = x.shape[x.ndim - 2], W = x.shape[x.ndim - 1];
  const [oH, oW] = sizes(op, outputSize, H, W);
  if ((H === 0 || W === 0) && oH * oW > 0) throw new ShapeError(`${op}: input ${fmtShape(x.shape)} has an empty spatial dim; cannot pool to ${fmtShape([oH, oW])}`);
  const dt = floatDTypeOf(op, x);
  // Evenly dividing bins are a plain average pooling (exact, and Inf/NaN stay in their own bins).
  if (oH > 0 && oW > 0 && H % oH === 0 && W % oW === 0) return avgPool2d(x, [H / oH, W / oW]);
  // Otherwise the bins are separable: out = Bh @ x @ Bw^T.
  return matmul(matmul(binMatrix(H, oH, dt), x), transpose(binMatrix(W, oW, dt), 0, 1));
}

/** Adaptive 1-D average pooling: x [N, C, L] or [C, L] → [.., outL]. */
export function adaptiveAvgPool1d(x: Tensor, outputSize: number | readonly number[]): Tensor {
  if (x.ndim !== 3 && x.ndim !== 2) throw new ShapeError(`adaptiveAvgPool1d: expected a 3-D input [N, C, L] (or 2-D [C, L]), got shape ${fmtShape(x.shape)}`);
  const o = typeof outputSize === 'number' ? outputSize : outputSize[0];
  return squeeze(adaptiveAvgPool2d(unsqueeze(x, -2), [1, o]), -2);
}

/**
 * Adaptive 2-D max pooling (PyTorch's `F.adaptive_max_pool2d`) over the same bins as
 * adaptiveAvgPool2d. With `returnIndices` (positional, as PyTorch's `return_indices`), returns [values, indices] (int32, flat h * W + w).
 */
export function adaptiveMaxPool2d(x: Tensor, outputSize: AdaptiveSize, returnIndices?: false): Tensor;
export function adaptiveMaxPool2d(x: Tensor, outputSize: AdaptiveSize, returnIndices: true): [Tensor, Tensor];
export function adaptiveMaxPool2d(x: Tensor, outputSize: AdaptiveSize, returnIndices = false): Tensor | [Tensor, Tensor] {
  const op = 'adaptiveMaxPool2d';
  if (x.ndim !== 4 && x.ndim !== 3) throw new ShapeError(`${op}: expected a 4-D input [N, C, H, W] (or 3-D [C, H, W]), got shape ${fmtShape(x.shape)}`);
  const x4 = x.ndim === 3 ? unsqueeze(x, 0) : x;
  const [N, C, H, W] = x4.shape;
  const [oH, oW] = sizes(op, outputSize, H, W);
  if ((H === 0 || W === 0) && oH * oW > 0) throw new ShapeError(`${op}: input ${fmtShape(x.shape)} has an empty spatial dim; cannot pool to ${fmtShape([oH, oW])}`);
  const dt = floatDTypeOf(op, x);
  const xd = rawCast(x4, dt).dataSync();
  const out = Tensor.empty([N, C, oH, oW], dt);
  const idx = Tensor.empty([N, C, oH, oW], 'int32');
  let o = 0;
  for (let p = 0; p < N * C; p++) {
    const base = p * H * W;
    for (let i = 0; i < oH; i++) {
      const [h0, h1] = bin(i, H, oH);
      for (let j = 0; j < oW; j++, o++) {
        const [w0, w1] = bin(j, W, oW);
        let best = -Infinity, at = h0 * W + w0;
        for (let h = h0; h < h1; h++) {
          for (let w = w0; w < w1; w++) {
            const v = xd[base + h * W + w];
            if (v > best || Number.isNaN(v)) { best = v; at = h * W + w; } // NaN propagates, as PyTorch
          }
        }
        out.storage[o] = best;
        idx.storage[o] = at;
      }
    }
  }
  // The backward only reads outH/outW of the window: the gradient goes to the recorded argmax.
  const win = { kH: 1, kW: 1, strideH: 1, strideW: 1, padH: 0, padW: 0, dilationH: 1, dilationW: 1, outH: oH, outW: oW };
  const values4 = record(op, [x4], out, (g) => [maxPoolGradInput(g, idx, H, W, win)]);
  const values = x.ndim === 3 ? squeeze(values4, 0) : values4;
  return returnIndices ? [values, x.ndim === 3 ? squeeze(idx, 0) : idx] : values;
}
