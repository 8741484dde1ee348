import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { dropout, dropout2d } from '../ops/nn/dropout.js';
import { Module } from './module.js';
import { reprArgs } from './layer-util.js';

function checkP(op: string, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`${op}: dropout probability must be in [0, 1], got ${p}`);
  return p;
}

/**
 * Zeroes each element with probability p in training and scales the rest by 1 / (1 - p)
 * (PyTorch's `nn.Dropout`); the identity in eval mode. Draws from the seeded generator.
 * `inplace` is accepted for PyTorch compatibility (and printed) but the result is always a new
 * tensor: autograd needs the input intact.
 */
export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;
  constructor(p = 0.5, opts: { inplace?: boolean } = {}) {
    super();
    this.p = checkP('Dropout', p);
    this.inplace = opts.inplace ?? false;
  }
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training);
  }
  override extraRepr(): string {
    return reprArgs({ p: this.p, inplace: this.inplace });
  }
}

/** Zeroes whole channels of [N, C, H, W] (or [C, H, W]) with probability p in training (PyTorch's `nn.Dropout2d`). */
export class Dropout2d extends Module {
  readonly p: number;
  readonly inplace: boolean;
  constructor(p = 0.5, opts: { inplace?: boolean } = {}) {
    super();
    this.p = checkP('Dropout2d', p);
    this.inplace = opts.inplace ?? false;
  }
  forward(x: Tensor): Tensor {
    return dropout2d(x, this.p, this.training);
  }
  override extraRepr(): string {
    return reprArgs({ p: this.p, inplace: this.inplace });
  }
}
