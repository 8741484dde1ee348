import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { interpolate, type InterpolateOptions } from '../ops/nn/interpolate.js';
import { Module } from './module.js';
import { reprArgs } from './layer-util.js';

/**
 * Resizes [N, C, L] or [N, C, H, W] to `size` or by `scaleFactor` (PyTorch's `nn.Upsample`):
 * mode 'nearest' (default), 'linear' or 'bilinear', with alignCorners for the linear modes.
 *
 * ```ts
 * new nn.Upsample({ scaleFactor: 2, mode: 'bilinear' }).forward(x); // [N, C, H, W] → [N, C, 2H, 2W]
 * ```
 */
export class Upsample extends Module {
  readonly size: number | readonly number[] | null;
  readonly scaleFactor: number | readonly number[] | null;
  readonly mode: 'nearest' | 'linear' | 'bilinear';
  readonly alignCorners: boolean | null;
  constructor(opts: InterpolateOptions = {}) {
    super();
    this.size = opts.size ?? null;
    this.scaleFactor = opts.scaleFactor ?? null;
    if ((this.size === null) === (this.scaleFactor === null)) throw new ValueError('Upsample: give exactly one of size and scaleFactor');
    this.mode = opts.mode ?? 'nearest';
    this.alignCorners = opts.alignCorners ?? null;
  }
  forward(x: Tensor): Tensor {
    return interpolate(x, {
      size: this.size ?? undefined, scaleFactor: this.scaleFactor ?? undefined, mode: this.mode, alignCorners: this.alignCorners ?? undefined,
    });
  }
  override extraRepr(): string {
    return reprArgs({ size: this.size ?? undefined, scaleFactor: this.scaleFactor ?? undefined, mode: this.mode, alignCorners: this.alignCorners ?? undefined });
  }
}
