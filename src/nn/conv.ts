import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import type { FloatDType } from '../tensor/dtype.js';
import { conv1d, conv2d } from '../ops/nn/conv.js';
import { convTranspose2d } from '../ops/nn/conv-transpose.js';
import { pad as padOp, type PadMode } from '../ops/pad.js';
import { Module } from './module.js';
import type { Parameter } from './parameter.js';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from './init.js';
import { emptyParam, reprArgs } from './layer-util.js';

/** How a convolution pads its input: zeros (the default) or one of pad's modes. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Options of Conv1d/Conv2d (PyTorch's keyword arguments, camelCase). */
export interface ConvLayerOptions {
  stride?: number | readonly number[];
  /** Padding on both sides, or 'valid' (none) or 'same' (output size = input size; stride 1 only). */
  padding?: number | readonly number[] | 'same' | 'valid';
  dilation?: number | readonly number[];
  groups?: number;
  bias?: boolean;
  paddingMode?: PaddingMode;
  dtype?: FloatDType;
}

/** Options of ConvTranspose2d. */
export interface ConvTransposeLayerOptions {
  stride?: number | readonly number[];
  padding?: number | readonly number[];
  outputPadding?: number | readonly number[];
  groups?: number;
  bias?: boolean;
  dilation?: number | readonly number[];
  dtype?: FloatDType;
}

function tuple(v: number | readonly number[], n: number, op: string, what: string): number[] {
  const t = typeof v === 'number' ? new Array<number>(n).fill(v) : [...v];
  if (t.length !== n || t.some((e) => !Number.isInteger(e))) throw new ValueError(`${op}: ${what} must be an integer or ${n} integers, got ${JSON.stringify(v)}`);
  return t;
}

/** The shared shell of the convolutions (PyTorch's `_ConvNd`): weight, bias and their default init. */
abstract class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: readonly number[];
  readonly stride: readonly number[];
  readonly padding: readonly number[] | 'same' | 'valid';
  readonly dilation: readonly number[];
  readonly groups: number;
  readonly paddingMode: PaddingMode;
  readonly outputPadding: readonly number[];
  weight!: Parameter;
  bias!: Parameter | null;

  constructor(name: string, n: number, inChannels: number, outChannels: number, kernelSize: number | readonly number[],
    opts: ConvLayerOptions & { outputPadding?: number | readonly number[] }, transposed: boolean) {
    super();
    const groups = opts.groups ?? 1;
    if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${name}: groups must be a positive integer, got ${groups}`);
    if (inChannels % groups !== 0) throw new ValueError(`${name}: inChannels ${inChannels} must be divisible by groups ${groups}`);
    if (outChannels % groups !== 0) throw new ValueError(`${name}: outChannels ${outChannels} must be divisible by groups ${groups}`);
    const paddingMode = opts.paddingMode ?? 'zeros';
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(paddingMode)) {
      throw new ValueError(`${name}: paddingMode must be 'zeros', 'reflect', 'replicate' or 'circular', got '${String(paddingMode)}'`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = tuple(kernelSize, n, name, 'kernelSize');
    this.stride = tuple(opts.stride ?? 1, n, name, 'stride');
    const padding = opts.padding ?? 0;
    if (padding === 'same' && this.stride.some((s) => s !== 1)) throw new ValueError(`${name}: padding 'same' is not supported for strided convolutions`);
    this.padding = typeof padding === 'string' ? padding : tuple(padding, n, name, 'padding');
    if (typeof padding === 'string' && padding !== 'same' && padding !== 'valid') throw new ValueError(`${name}: padding must be a number, 'same' or 'valid', got '${padding}'`);
    this.dilation = tuple(opts.dilation ?? 1, n, name, 'dilation');
    this.groups = groups;
    this.paddingMode = paddingMode;
    this.outputPadding = tuple(opts.outputPadding ?? 0, n, name, 'outputPadding');
    const wShape = transposed ? [inChannels, outChannels / groups, ...this.kernelSize] : [outChannels, inChannels / groups, ...this.kernelSize];
    this.weight = emptyParam(wShape, opts.dtype);
    this.bias = (opts.bias ?? true) ? emptyParam([outChannels], opts.dtype) : null;
    this.resetParameters();
  }

  /** PyTorch's default: kaiming-uniform (a = √5) weight, bias U(±1/√fanIn). */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const { fanIn } = calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }

  /** With a non-zeros paddingMode: x padded explicitly (PyTorch's `_reversed_padding_repeated_twice`). */
  protected padInput(x: Tensor): Tensor {
    const pads: number[] = [];
    for (let i = this.kernelSize.length - 1; i >= 0; i--) {
      if (this.padding === 'valid') pads.push(0, 0);
      else if (this.padding === 'same') {
        const total = this.dilation[i] * (this.kernelSize[i] - 1);
        pads.push(Math.floor(total / 2), total - Math.floor(total / 2));
      } else pads.push(this.padding[i], this.padding[i]);
    }
    return padOp(x, pads, { mode: this.paddingMode as PadMode });
  }

  override extraRepr(): string {
    const zeros = (a: readonly number[]): boolean => a.every((v) => v === 0);
    const args: Record<string, string | number | boolean | readonly number[] | undefined> = {
      kernelSize: this.kernelSize, stride: this.stride,
      padding: typeof this.padding === 'string' || !zeros(this.padding) ? this.padding : undefined,
      dilation: this.dilation.every((v) => v === 1) ? undefined : this.dilation,
      outputPadding: zeros(this.outputPadding) ? undefined : this.outputPadding,
      groups: this.groups !== 1 ? this.groups : undefined,
      bias: this.bias === null ? false : undefined,
      paddingMode: this.paddingMode !== 'zeros' ? this.paddingMode : undefined,
    };
    return `${this.inChannels}, ${this.outChannels}, ${reprArgs(args)}`;
  }
}

/**
 * 1-D convolution over [N, C, L] (PyTorch's `nn.Conv1d`): weight [out, in/groups, k].
 *
 * ```ts
 * new nn.Conv1d(16, 32, 3, { padding: 'same' }).forward(x); // [N, 16, L] → [N, 32, L]
 * ```
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | readonly number[], opts: ConvLayerOptions = {}) {
    super('Conv1d', 1, inChannels, outChannels, kernelSize, opts, false);
  }
  forward(x: Tensor): Tensor {
    const common = { stride: this.stride, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode !== 'zeros') return conv1d(this.padInput(x), this.weight, this.bias, { ...common, padding: 0 });
    return conv1d(x, this.weight, this.bias, { ...common, padding: this.padding });
  }
}

/**
 * 2-D convolution over [N, C, H, W] (PyTorch's `nn.Conv2d`): weight [out, in/groups, kH, kW];
 * groups = inChannels gives a depthwise convolution, dilation an atrous one.
 *
 * ```ts
 * const conv = new nn.Conv2d(3, 16, 3, { stride: 1, padding: 1 });
 * conv.forward(img); // [N, 3, 32, 32] → [N, 16, 32, 32]
 * ```
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | readonly number[], opts: ConvLayerOptions = {}) {
    super('Conv2d', 2, inChannels, outChannels, kernelSize, opts, false);
  }
  forward(x: Tensor): Tensor {
    const common = { stride: this.stride, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode !== 'zeros') return conv2d(this.padInput(x), this.weight, this.bias, { ...common, padding: 0 });
    return conv2d(x, this.weight, this.bias, { ...common, padding: this.padding });
  }
}

/**
 * 2-D transposed convolution (PyTorch's `nn.ConvTranspose2d`): weight [in, out/groups, kH, kW];
 * outH = (H - 1)·stride - 2·padding + dilation·(kH - 1) + outputPadding + 1.
 */
export class ConvTranspose2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | readonly number[], opts: ConvTransposeLayerOptions = {}) {
    super('ConvTranspose2d', 2, inChannels, outChannels, kernelSize, opts, true);
  }
  forward(x: Tensor): Tensor {
    return convTranspose2d(x, this.weight, this.bias, {
      stride: this.stride, padding: this.padding as readonly number[], outputPadding: this.outputPadding, groups: this.groups, dilation: this.dilation,
    });
  }
}
