import { Tensor } from '../tensor/tensor.js';
import { ValueError, fmtShape } from '../tensor/errors.js';
import { full } from '../tensor/creation.js';
import { slice } from './movement.js';
import { cat } from './join.js';
import { indexSelect } from './scatter-gather.js';

/** How pad fills the new border. */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

export interface PadOptions {
  /** Default 'constant'. */
  mode?: PadMode;
  /** The fill value of 'constant' mode (default 0). */
  value?: number;
}

/**
 * Pads x with PyTorch's convention: `pad` lists (left, right) pairs starting from the last dim,
 * so [1, 2] pads the last dim by 1 before and 2 after, [1, 1, 2, 0] also pads the dim before it.
 * Negative pads crop. Modes: 'constant' (`value`), 'reflect' (mirror without repeating the
 * edge; pads must be smaller than the dim), 'replicate' (repeat the edge), 'circular' (wrap).
 * Mode and value may be passed positionally, as PyTorch's F.pad allows, or as options.
 *
 * Gradients: constant padding is cat of fills around x (its backward slices the gradient, to
 * any order); the other modes gather with indexSelect, whose backward scatter-adds the
 * gradient (indexAdd) and is itself differentiable.
 *
 * ```ts
 * pad(x, [1, 1, 2, 2], { mode: 'reflect' }) // [N, C, H, W] → [N, C, H + 4, W + 2]
 * ```
 */
export function pad(x: Tensor, padding: readonly number[], modeOrOptions: PadMode | PadOptions = {}, value?: number): Tensor {
  const opts: PadOptions = typeof modeOrOptions === 'string' ? { mode: modeOrOptions, value } : modeOrOptions;
  const mode = opts.mode ?? 'constant';
  if (!['constant', 'reflect', 'replicate', 'circular'].includes(mode)) {
    throw new ValueError(`pad: mode must be 'constant', 'reflect', 'replicate' or 'circular', got '${String(mode)}'`);
  }
  if (padding.length % 2 !== 0 || padding.length / 2 > x.ndim) {
    throw new ValueError(`pad: padding ${fmtShape(padding)} must have an even length of at most 2 * ${x.ndim} (the input's rank) for input of shape ${fmtShape(x.shape)}`);
  }
  if (padding.some((p) => !Number.isInteger(p))) throw new ValueError(`pad: padding ${fmtShape(padding)} must be integers`);
  if (mode !== 'constant' && opts.value !== undefined && opts.value !== 0) {
    throw new ValueError(`pad: a fill value only applies to 'constant' mode, got mode '${mode}' with value ${opts.value}`);
  }
  let out = x;
  for (let k = 0; k < padding.length / 2; k++) {
    const d = x.ndim - 1 - k;
    const left = padding[2 * k], right = padding[2 * k + 1];
    if (left === 0 && right === 0) continue;
    const n = out.shape[d];
    if (n + left + right < 0) {
      throw new ValueError(`pad: padding (${left}, ${right}) of dimension ${d} (size ${n}) gives a negative size ${n + left + right}`);
    }
    out = mode === 'constant' ? padConstant(out, d, left, right, opts.value ?? 0) : padIndexed(out, d, left, right, mode);
  }
  return out.storage === x.storage ? out.clone() : out; // always a new tensor (cropping alone is a view), as in PyTorch
}

/** Constant padding of one dim: crop negative pads, then cat fills on each side. */
function padConstant(x: Tensor, d: number, left: number, right: number, value: number): Tensor {
  const n = x.shape[d];
  const cropped = left < 0 || right < 0 ? slice(x, d, Math.max(-left, 0), n - Math.max(-right, 0)) : x;
  const fill = (size: number): Tensor => full(cropped.shape.map((s, k) => (k === d ? size : s)), value, { dtype: x.dtype });
  const parts: Tensor[] = [];
  if (left > 0) parts.push(fill(left));
  parts.push(cropped);
  if (right > 0) parts.push(fill(right));
  return parts.length === 1 ? cropped : cat(parts, d); // [.., n + left + right, ..]
}

/** Reflect/replicate/circular padding of one dim: pick the source entry of each output position. */
function padIndexed(x: Tensor, d: number, left: number, right: number, mode: Exclude<PadMode, 'constant'>): Tensor {
  const n = x.shape[d];
  if (n === 0) throw new ValueError(`pad: ${mode} padding needs a non-empty dimension, but dimension ${d} of input ${fmtShape(x.shape)} has size 0`);
  // reflect mirrors about the edge (pads < n); circular wraps once (pads <= n); replicate has no bound.
  const limit = mode === 'reflect' ? n - 1 : mode === 'circular' ? n : Number.POSITIVE_INFINITY;
  if (left > limit || right > limit) {
    const bound = mode === 'reflect' ? 'smaller than' : 'at most';
    throw new ValueError(`pad: ${mode} padding (${left}, ${right}) of dimension ${d} must be ${bound} its size ${n} (input shape ${fmtShape(x.shape)})`);
  }
  const size = n + left + right;
  const idx = new Int32Array(size);
  for (let j = 0; j < size; j++) {
    const i = j - left;
    if (mode === 'replicate') idx[j] = Math.min(Math.max(i, 0), n - 1);
    else if (mode === 'circular') idx[j] = ((i % n) + n) % n;
    else idx[j] = i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
  }
  return indexSelect(x, d, new Tensor(idx, [size], 'int32'));
}
