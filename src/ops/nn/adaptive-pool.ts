import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { matmul } from '../matmul.js';
import { squeeze, transpose, unsqueeze } from '../movement.js';
import { avgPool2d } from './pool.js';
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
    const start = Math.floor((i * size) / out);
    const end = Math.ceil(((i + 1) * size) / out);
    for (let j = start; j < end; j++) m.storage[i * size + j] = 1 / (end - start);
  }
  return m;
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
