import type { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { bernoulli } from '../../tensor/creation.js';
import { mul } from '../binary.js';
import { floatDTypeOf } from './params.js';

function checkP(op: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`${op}: dropout probability must be in [0, 1], got ${p}`);
}

/** x times a mask of 0 and 1 / (1 - p), drawn from the global seeded generator, of the given shape. */
function applyMask(x: Tensor, p: number, maskShape: readonly number[]): Tensor {
  const dtype = floatDTypeOf('dropout', x);
  // p = 1 drops everything: zeros (times x, so NaN stays NaN and the gradient is 0, as in PyTorch).
  const mask = bernoulli(1 - p, maskShape, { dtype });
  if (p < 1) {
    const scale = 1 / (1 - p);
    for (let i = 0; i < mask.storage.length; i++) mask.storage[i] *= scale;
  }
  return mul(x, mask);
}

/**
 * Dropout (PyTorch's `F.dropout`): in training, zeroes each element with probability p and
 * scales the rest by 1 / (1 - p), so the expectation is unchanged; identity otherwise. Draws
 * from the global generator (`manualSeed`), so runs are reproducible.
 *
 * ```ts
 * nb.manualSeed(0);
 * const h = nb.dropout(x, 0.1);              // training
 * nb.dropout(x, 0.1, false);                 // x itself (evaluation)
 * ```
 */
export function dropout(x: Tensor, p = 0.5, training = true): Tensor {
  checkP('dropout', p);
  if (!training || p === 0) return x;
  return applyMask(x, p, x.shape);
}

/**
 * Channel dropout (PyTorch's `F.dropout2d`): zeroes whole channels of x [N, C, H, W] (or
 * [C, H, W]) with probability p, scaling the others by 1 / (1 - p).
 */
export function dropout2d(x: Tensor, p = 0.5, training = true): Tensor {
  checkP('dropout2d', p);
  if (x.ndim !== 4 && x.ndim !== 3) throw new ShapeError(`dropout2d: expected a 4-D input [N, C, H, W] (or 3-D [C, H, W]), got shape ${fmtShape(x.shape)}`);
  if (!training || p === 0) return x;
  const lead = x.ndim - 2; // N and C, or C alone
  return applyMask(x, p, x.shape.map((s, d) => (d < lead ? s : 1)));
}
