import { Tensor } from '../tensor/tensor.js';
import { ShapeError, fmtShape } from '../tensor/errors.js';
import type { FloatDType } from '../tensor/dtype.js';
import { noGrad } from '../autograd/grad-mode.js';
import { batchNorm, groupNorm, layerNorm } from '../ops/nn/norm.js';
import { zeros, ones } from '../tensor/creation.js';
import { fill_, zero_ } from '../ops/inplace.js';
import { squeeze, unsqueeze } from '../ops/movement.js';
import { Module } from './module.js';
import type { Parameter } from './parameter.js';
import { emptyParam, reprArgs } from './layer-util.js';
import { ones_, zeros_ } from './init.js';
import { updateInstanceStats } from './instance-stats.js';

/** Options of LayerNorm. */
export interface LayerNormOptions {
  eps?: number;
  /** Learn a per-element weight (ones) and bias (zeros) of normalizedShape (default true). */
  elementwiseAffine?: boolean;
  /** With elementwiseAffine, also learn the bias (default true). */
  bias?: boolean;
  dtype?: FloatDType;
}

/** Layer normalisation over the trailing `normalizedShape` dims (PyTorch's `nn.LayerNorm`). */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  weight!: Parameter | null;
  bias!: Parameter | null;

  constructor(normalizedShape: number | readonly number[], opts: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = opts.eps ?? 1e-5;
    this.elementwiseAffine = opts.elementwiseAffine ?? true;
    this.weight = this.elementwiseAffine ? ones_(emptyParam(this.normalizedShape, opts.dtype)) as Parameter : null;
    this.bias = this.elementwiseAffine && (opts.bias ?? true) ? zeros_(emptyParam(this.normalizedShape, opts.dtype)) as Parameter : null;
  }
  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, { eps: this.eps });
  }
  override extraRepr(): string {
    return `[${this.normalizedShape.join(', ')}], ${reprArgs({ eps: this.eps, elementwiseAffine: this.elementwiseAffine })}`;
  }
}

/** Options of the batch and instance norms. */
export interface NormLayerOptions {
  eps?: number;
  /** Weight of the new batch statistic in the running average; null = cumulative average (default 0.1). */
  momentum?: number | null;
  /** Learn a per-channel weight and bias. */
  affine?: boolean;
  /** Keep running_mean / running_var (and num_batches_tracked) for eval mode. */
  trackRunningStats?: boolean;
  dtype?: FloatDType;
}

/**
 * The shared shell of BatchNorm1d/2d and InstanceNorm2d (PyTorch's `_NormBase`): weight, bias,
 * running_mean, running_var, num_batches_tracked (int32 here; int64 in PyTorch) in PyTorch's order.
 */
abstract class NormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight!: Parameter | null;
  bias!: Parameter | null;
  runningMean!: Tensor | null;
  runningVar!: Tensor | null;
  numBatchesTracked!: Tensor | null;

  constructor(numFeatures: number, opts: NormLayerOptions, defaults: { affine: boolean; trackRunningStats: boolean }) {
    super();
    this.numFeatures = numFeatures;
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    this.affine = opts.affine ?? defaults.affine;
    this.trackRunningStats = opts.trackRunningStats ?? defaults.trackRunningStats;
    this.weight = this.affine ? ones_(emptyParam([numFeatures], opts.dtype)) as Parameter : null;
    this.bias = this.affine ? zeros_(emptyParam([numFeatures], opts.dtype)) as Parameter : null;
    const dtype = opts.dtype ?? 'float32';
    this.registerBuffer('runningMean', this.trackRunningStats ? zeros([numFeatures], { dtype }) : null);
    this.registerBuffer('runningVar', this.trackRunningStats ? ones([numFeatures], { dtype }) : null);
    this.registerBuffer('numBatchesTracked', this.trackRunningStats ? zeros([], { dtype: 'int32' }) : null);
  }

  /** Zeroes the running mean, sets the running variance to 1 and the batch count to 0. */
  resetRunningStats(): void {
    noGrad(() => {
      if (this.runningMean) zero_(this.runningMean);
      if (this.runningVar) fill_(this.runningVar, 1);
      if (this.numBatchesTracked) zero_(this.numBatchesTracked);
    });
  }

  protected abstract checkInput(x: Tensor): void;

  override extraRepr(): string {
    return `${this.numFeatures}, ${reprArgs({ eps: this.eps, momentum: this.momentum, affine: this.affine, trackRunningStats: this.trackRunningStats })}`;
  }
}

/** The batch norms' forward (PyTorch's `_BatchNorm.forward`). */
abstract class BatchNormBase extends NormBase {
  constructor(numFeatures: number, opts: NormLayerOptions = {}) {
    super(numFeatures, opts, { affine: true, trackRunningStats: true });
  }
  forward(x: Tensor): Tensor {
    this.checkInput(x);
    let momentum = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.numBatchesTracked) {
      this.numBatchesTracked.storage[this.numBatchesTracked.offset] += 1;
      // momentum null: cumulative moving average, weight 1 / (batches seen).
      if (this.momentum === null) momentum = 1 / this.numBatchesTracked.item();
    }
    // Batch statistics in training, or whenever there are no running statistics.
    const useBatch = this.training || this.runningMean === null;
    const track = !this.training || this.trackRunningStats;
    return batchNorm(x, track ? this.runningMean : null, track ? this.runningVar : null, this.weight, this.bias,
      { training: useBatch, momentum, eps: this.eps });
  }
}

/** Batch normalisation of [N, C] or [N, C, L] per channel (PyTorch's `nn.BatchNorm1d`). */
export class BatchNorm1d extends BatchNormBase {
  protected checkInput(x: Tensor): void {
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(`BatchNorm1d: expected input [N, ${this.numFeatures}] or [N, ${this.numFeatures}, L], got shape ${fmtShape(x.shape)}`);
    }
  }
}

/** Batch normalisation of [N, C, H, W] per channel (PyTorch's `nn.BatchNorm2d`). */
export class BatchNorm2d extends BatchNormBase {
  protected checkInput(x: Tensor): void {
    if (x.ndim !== 4 || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(`BatchNorm2d: expected a 4-D input [N, ${this.numFeatures}, H, W], got shape ${fmtShape(x.shape)}`);
    }
  }
}

/**
 * Instance normalisation of [N, C, H, W] (or [C, H, W]): each sample's channels normalised over
 * their spatial positions (PyTorch's `nn.InstanceNorm2d`; affine and trackRunningStats default false).
 */
export class InstanceNorm2d extends NormBase {
  constructor(numFeatures: number, opts: NormLayerOptions = {}) {
    super(numFeatures, opts, { affine: false, trackRunningStats: false });
  }
  protected checkInput(x: Tensor): void {
    const c = x.ndim === 3 ? x.shape[0] : x.shape[1];
    if ((x.ndim !== 3 && x.ndim !== 4) || (this.affine && c !== this.numFeatures)) {
      throw new ShapeError(`InstanceNorm2d: expected input [N, ${this.numFeatures}, H, W] or [${this.numFeatures}, H, W], got shape ${fmtShape(x.shape)}`);
    }
  }
  forward(x: Tensor): Tensor {
    this.checkInput(x);
    if (x.ndim === 3) return squeeze(this.forward(unsqueeze(x, 0)), 0);
    if (!this.training && this.trackRunningStats && this.runningMean && this.runningVar) {
      return batchNorm(x, this.runningMean, this.runningVar, this.weight, this.bias, { training: false, eps: this.eps });
    }
    if (this.training && this.runningMean && this.runningVar) updateInstanceStats(x, this.runningMean, this.runningVar, this.momentum ?? 0.1);
    // One group per channel: groupNorm normalises each (sample, channel) over H·W.
    return groupNorm(x, x.shape[1], this.weight, this.bias, { eps: this.eps });
  }
}

/** Group normalisation: C channels in numGroups groups (PyTorch's `nn.GroupNorm`). */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;
  weight!: Parameter | null;
  bias!: Parameter | null;

  constructor(numGroups: number, numChannels: number, opts: { eps?: number; affine?: boolean; dtype?: FloatDType } = {}) {
    super();
    if (numChannels % numGroups !== 0) throw new ShapeError(`GroupNorm: numChannels ${numChannels} must be divisible by numGroups ${numGroups}`);
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = opts.eps ?? 1e-5;
    this.affine = opts.affine ?? true;
    this.weight = this.affine ? ones_(emptyParam([numChannels], opts.dtype)) as Parameter : null;
    this.bias = this.affine ? zeros_(emptyParam([numChannels], opts.dtype)) as Parameter : null;
  }
  forward(x: Tensor): Tensor {
    if (x.ndim < 2 || x.shape[1] !== this.numChannels) {
      throw new ShapeError(`GroupNorm: expected input [N, ${this.numChannels}, ...], got shape ${fmtShape(x.shape)}`);
    }
    return groupNorm(x, this.numGroups, this.weight, this.bias, { eps: this.eps });
  }
  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, ${reprArgs({ eps: this.eps, affine: this.affine })}`;
  }
}
