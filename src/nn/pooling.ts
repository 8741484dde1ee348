import type { Tensor } from '../tensor/tensor.js';
import { avgPool1d, avgPool2d, maxPool1d, maxPool2d, type AvgPoolOptions, type MaxPoolOptions } from '../ops/nn/pool.js';
import { adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveMaxPool2d, type AdaptiveSize } from '../ops/nn/adaptive-pool.js';
import type { Pair } from '../ops/nn/params.js';
import { Module } from './module.js';
import { reprArgs } from './layer-util.js';

type Num = number | readonly number[];
const asRepr = (v: Pair | null | undefined): Num | null | undefined => v as Num | null | undefined;

/** Options of the max pools (forward returns values; `forwardWithIndices` also the int32 argmax indices). */
export type MaxPoolLayerOptions = Omit<MaxPoolOptions, 'returnIndices'>;

abstract class MaxPoolNd extends Module {
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation: Pair;
  readonly ceilMode: boolean;
  constructor(readonly kernelSize: Pair, opts: MaxPoolLayerOptions) {
    super();
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.dilation = opts.dilation ?? 1;
    this.ceilMode = opts.ceilMode ?? false;
  }
  protected get opts(): MaxPoolLayerOptions {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode };
  }
  override extraRepr(): string {
    return reprArgs({ kernelSize: asRepr(this.kernelSize), stride: asRepr(this.stride), padding: asRepr(this.padding), dilation: asRepr(this.dilation), ceilMode: this.ceilMode });
  }
}

/** Max over sliding windows of [N, C, L] (PyTorch's `nn.MaxPool1d`; stride defaults to kernelSize). */
export class MaxPool1d extends MaxPoolNd {
  constructor(kernelSize: Pair, opts: MaxPoolLayerOptions = {}) { super(kernelSize, opts); }
  forward(x: Tensor): Tensor { return maxPool1d(x, this.kernelSize, this.opts); }
  forwardWithIndices(x: Tensor): [Tensor, Tensor] { return maxPool1d(x, this.kernelSize, { ...this.opts, returnIndices: true }); }
}

/** Max over sliding windows of [N, C, H, W] (PyTorch's `nn.MaxPool2d`). */
export class MaxPool2d extends MaxPoolNd {
  constructor(kernelSize: Pair, opts: MaxPoolLayerOptions = {}) { super(kernelSize, opts); }
  forward(x: Tensor): Tensor { return maxPool2d(x, this.kernelSize, this.opts); }
  forwardWithIndices(x: Tensor): [Tensor, Tensor] { return maxPool2d(x, this.kernelSize, { ...this.opts, returnIndices: true }); }
}

abstract class AvgPoolNd extends Module {
  readonly stride: Pair;
  readonly padding: Pair;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;
  constructor(readonly kernelSize: Pair, opts: AvgPoolOptions) {
    super();
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
    this.divisorOverride = opts.divisorOverride ?? null;
  }
  protected get opts(): AvgPoolOptions {
    return { stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad, divisorOverride: this.divisorOverride };
  }
  override extraRepr(): string {
    return reprArgs({ kernelSize: asRepr(this.kernelSize), stride: asRepr(this.stride), padding: asRepr(this.padding) });
  }
}

/** Mean over sliding windows of [N, C, L] (PyTorch's `nn.AvgPool1d`). */
export class AvgPool1d extends AvgPoolNd {
  constructor(kernelSize: Pair, opts: AvgPoolOptions = {}) { super(kernelSize, opts); }
  forward(x: Tensor): Tensor { return avgPool1d(x, this.kernelSize, this.opts); }
}

/** Mean over sliding windows of [N, C, H, W] (PyTorch's `nn.AvgPool2d`). */
export class AvgPool2d extends AvgPoolNd {
  constructor(kernelSize: Pair, opts: AvgPoolOptions = {}) { super(kernelSize, opts); }
  forward(x: Tensor): Tensor { return avgPool2d(x, this.kernelSize, this.opts); }
}

/**
 * Average pooling to a fixed output size (PyTorch's `nn.AdaptiveAvgPool2d`); outputSize 1 is
 * global average pooling: [N, C, H, W] → [N, C, 1, 1]. null keeps that dim's input size.
 */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: AdaptiveSize) { super(); }
  forward(x: Tensor): Tensor { return adaptiveAvgPool2d(x, this.outputSize); }
  override extraRepr(): string { return reprArgs({ outputSize: this.outputSize as Num }); }
}

/** Average pooling of [N, C, L] to a fixed length (PyTorch's `nn.AdaptiveAvgPool1d`). */
export class AdaptiveAvgPool1d extends Module {
  constructor(readonly outputSize: number) { super(); }
  forward(x: Tensor): Tensor { return adaptiveAvgPool1d(x, this.outputSize); }
  override extraRepr(): string { return reprArgs({ outputSize: this.outputSize }); }
}

/** Max pooling to a fixed output size (PyTorch's `nn.AdaptiveMaxPool2d`). */
export class AdaptiveMaxPool2d extends Module {
  constructor(readonly outputSize: AdaptiveSize) { super(); }
  forward(x: Tensor): Tensor { return adaptiveMaxPool2d(x, this.outputSize); }
  override extraRepr(): string { return reprArgs({ outputSize: this.outputSize as Num }); }
}
