import type { Tensor } from '../tensor/tensor.js';
import { flatten, unflatten } from '../ops/movement.js';
import { Module } from './module.js';
import { reprArgs } from './layer-util.js';

/** Flattens dims startDim..endDim into one (PyTorch's `nn.Flatten`; default keeps the batch dim). */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) { super(); }
  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim); // [N, C, H, W] → [N, C·H·W]
  }
  override extraRepr(): string { return reprArgs({ startDim: this.startDim, endDim: this.endDim }); }
}

/** Splits dim into unflattenedSize (PyTorch's `nn.Unflatten`; one entry may be -1). */
export class Unflatten extends Module {
  readonly unflattenedSize: readonly number[];
  constructor(readonly dim: number, unflattenedSize: readonly number[]) {
    super();
    this.unflattenedSize = [...unflattenedSize];
  }
  forward(x: Tensor): Tensor {
    return unflatten(x, this.dim, this.unflattenedSize); // [N, C·H·W] → [N, C, H, W]
  }
  override extraRepr(): string { return reprArgs({ dim: this.dim, unflattenedSize: this.unflattenedSize }); }
}
