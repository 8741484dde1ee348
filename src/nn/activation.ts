import type { Tensor } from '../tensor/tensor.js';
import { elu, gelu, leakyRelu, relu, sigmoid, silu, softplus, tanh } from '../ops/unary.js';
import { logSoftmax, softmax } from '../ops/nn/softmax.js';
import { mish } from './functional/activation.js';
import { Module } from './module.js';
import { reprArgs } from './layer-util.js';

// Activation modules: each is one call to its functional (PyTorch's torch.nn activations).

/** max(0, x). */
export class ReLU extends Module {
  forward(x: Tensor): Tensor { return relu(x); }
}

/** x for x > 0, negativeSlope · x otherwise. */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) { super(); }
  forward(x: Tensor): Tensor { return leakyRelu(x, this.negativeSlope); }
  override extraRepr(): string { return reprArgs({ negativeSlope: this.negativeSlope }); }
}

/** x · Φ(x), or its tanh approximation with `{ approximate: 'tanh' }`. */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';
  constructor(opts: { approximate?: 'none' | 'tanh' } = {}) {
    super();
    this.approximate = opts.approximate ?? 'none';
  }
  forward(x: Tensor): Tensor { return gelu(x, { approximate: this.approximate }); }
  override extraRepr(): string { return reprArgs({ approximate: this.approximate }); }
}

/** x for x > 0, alpha · (eˣ - 1) otherwise. */
export class ELU extends Module {
  constructor(readonly alpha = 1) { super(); }
  forward(x: Tensor): Tensor { return elu(x, this.alpha); }
  override extraRepr(): string { return reprArgs({ alpha: this.alpha }); }
}

/** x · σ(x) (swish). */
export class SiLU extends Module {
  forward(x: Tensor): Tensor { return silu(x); }
}

/** x · tanh(softplus(x)). */
export class Mish extends Module {
  forward(x: Tensor): Tensor { return mish(x); }
}

/** 1 / (1 + e⁻ˣ). */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return sigmoid(x); }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor { return tanh(x); }
}

/** log(1 + e^(beta·x)) / beta, linear above threshold. */
export class Softplus extends Module {
  constructor(readonly beta = 1, readonly threshold = 20) { super(); }
  forward(x: Tensor): Tensor { return softplus(x, this.beta, this.threshold); }
  override extraRepr(): string { return reprArgs({ beta: this.beta, threshold: this.threshold }); }
}

/** PyTorch's implicit softmax dim when none is given (legacy rule): 0 for 0-, 1- and 3-D input, else 1. */
function implicitDim(x: Tensor): number {
  return x.ndim === 0 || x.ndim === 1 || x.ndim === 3 ? 0 : 1;
}

/** Softmax along `dim` (give it: the implicit choice is PyTorch's deprecated legacy rule). */
export class Softmax extends Module {
  constructor(readonly dim: number | null = null) { super(); }
  forward(x: Tensor): Tensor { return softmax(x, this.dim ?? implicitDim(x)); }
  override extraRepr(): string { return reprArgs({ dim: this.dim }); }
}

/** Log-softmax along `dim`. */
export class LogSoftmax extends Module {
  constructor(readonly dim: number | null = null) { super(); }
  forward(x: Tensor): Tensor { return logSoftmax(x, this.dim ?? implicitDim(x)); }
  override extraRepr(): string { return reprArgs({ dim: this.dim }); }
}
