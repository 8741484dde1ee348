import type { Tensor } from '../tensor/tensor.js';
import type { FloatDType } from '../tensor/dtype.js';
import { linear, bilinear } from '../ops/nn/linear.js';
import { Module } from './module.js';
import type { Parameter } from './parameter.js';
import { kaimingUniform_, uniform_, calculateFanInAndFanOut } from './init.js';
import { emptyParam, reprArgs } from './layer-util.js';

/** Options of Linear and Bilinear. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Parameter dtype (default float32). */
  dtype?: FloatDType;
}

/** Returns its input unchanged (a placeholder, e.g. to switch off a block). */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

/**
 * y = x Wᵀ + b (PyTorch's `nn.Linear`): weight [outFeatures, inFeatures], bias [outFeatures],
 * initialised as PyTorch: kaiming-uniform with a = √5 (U(±1/√inFeatures)) and U(±1/√inFeatures).
 *
 * ```ts
 * const fc = new nn.Linear(784, 256);
 * fc.forward(x); // [B, 784] → [B, 256]
 * ```
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight!: Parameter;
  bias!: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    super();
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = emptyParam([outFeatures, inFeatures], opts.dtype);
    this.bias = (opts.bias ?? true) ? emptyParam([outFeatures], opts.dtype) : null;
    this.resetParameters();
  }

  /** Re-draws the weights with PyTorch's default initialisation. */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const { fanIn } = calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return reprArgs({ inFeatures: this.inFeatures, outFeatures: this.outFeatures, bias: this.bias !== null });
  }
}

/**
 * y_k = x1ᵀ W_k x2 + b_k (PyTorch's `nn.Bilinear`): weight [out, in1, in2], bias [out], both
 * U(±1/√in1).
 */
export class Bilinear extends Module {
  readonly in1Features: number;
  readonly in2Features: number;
  readonly outFeatures: number;
  weight!: Parameter;
  bias!: Parameter | null;

  constructor(in1Features: number, in2Features: number, outFeatures: number, opts: LinearOptions = {}) {
    super();
    this.in1Features = in1Features;
    this.in2Features = in2Features;
    this.outFeatures = outFeatures;
    this.weight = emptyParam([outFeatures, in1Features, in2Features], opts.dtype);
    this.bias = (opts.bias ?? true) ? emptyParam([outFeatures], opts.dtype) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.in1Features);
    uniform_(this.weight, -bound, bound);
    if (this.bias) uniform_(this.bias, -bound, bound);
  }

  forward(x1: Tensor, x2: Tensor): Tensor {
    return bilinear(x1, x2, this.weight, this.bias);
  }

  override extraRepr(): string {
    return reprArgs({ in1Features: this.in1Features, in2Features: this.in2Features, outFeatures: this.outFeatures, bias: this.bias !== null });
  }
}
