import type { Tensor } from '../tensor/tensor.js';
import { ValueError, ShapeError, fmtShape } from '../tensor/errors.js';
import { Module } from '../nn/module.js';
import { crossEntropy } from '../nn/functional/loss-classification.js';
import type { Reduction } from '../nn/functional/loss-util.js';
import { tensor } from '../tensor/creation.js';
import { castTo } from '../ops/cast.js';
import { div, mul } from '../ops/binary.js';
import { sum } from '../ops/reduce.js';
import { indexSelect } from '../ops/scatter-gather.js';
import { reshape } from '../ops/movement.js';

/**
 * A loss function as nn.functional's are: (output, target, { weight?, reduction? }) → Tensor.
 * `weight` is the per-class weight tensor (used with classWeight); reduction 'none' must give
 * per-sample losses [N] (used with sampleWeight).
 */
export type LossFunction = (output: Tensor, target: Tensor, options?: { weight?: Tensor | null; reduction?: Reduction }) => Tensor;

/** A loss module (nn.CrossEntropyLoss, nn.MSELoss, ...): forward(output, target). */
export type LossModule = Module & { forward(output: Tensor, target: Tensor): Tensor };

/** Class → weight, as a record ({ 0: 1, 1: 5 }) or an array indexed by class. */
export type ClassWeight = Readonly<Record<number, number>> | readonly number[];

/**
 * The loss of one batch as the Trainer computes it:
 * - plain: `loss(output, target)` (the loss's own reduction, normally the mean);
 * - classWeight only: passed to the loss as its `weight` tensor (PyTorch's weighted mean
 *   Σ w_{y_i} l_i / Σ w_{y_i} for crossEntropy);
 * - sampleWeight s (with or without classWeight): per-sample losses (reduction 'none'), then
 *   the weighted mean Σ s_i c_i l_i / Σ s_i c_i, where c_i = classWeight[y_i] (1 without it).
 *   With all weights equal this is the plain mean.
 * classWeight and sampleWeight need a loss function (not a module), since a module's weight and
 * reduction are fixed when it is built.
 */
export class BatchLoss {
  private readonly fn: LossFunction | null;
  private readonly module: LossModule | null;
  private readonly classWeight: ClassWeight | null;
  private weightCache: Tensor | null = null;

  constructor(loss: LossFunction | LossModule | undefined, classWeight?: ClassWeight) {
    if (loss instanceof Module) {
      this.module = loss;
      this.fn = null;
    } else {
      this.fn = loss ?? (crossEntropy as LossFunction);
      this.module = null;
    }
    this.classWeight = classWeight ?? null;
    if (this.classWeight && this.module) {
      throw new ValueError('train: classWeight needs the loss as a function (e.g. nn.functional.crossEntropy), not a module; or build the module with { weight }');
    }
  }

  /** The per-class weight tensor [C] for an output with C classes (missing classes weigh 1). */
  private weights(output: Tensor): Tensor {
    const C = output.ndim === 1 ? output.shape[0] : output.shape[1];
    if (this.weightCache && this.weightCache.shape[0] === C && this.weightCache.dtype === output.dtype) return this.weightCache;
    const values = new Array<number>(C).fill(1);
    for (const [k, v] of Object.entries(this.classWeight as Record<string, number>)) {
      const c = Number(k);
      if (!Number.isInteger(c) || c < 0 || c >= C) throw new ValueError(`train: classWeight has class ${k}, but the output ${fmtShape(output.shape)} has ${C} classes`);
      if (!(v >= 0)) throw new ValueError(`train: classWeight[${k}] must be a non-negative number, got ${v}`);
      values[c] = v;
    }
    this.weightCache = tensor(values, { dtype: output.dtype });
    return this.weightCache;
  }

  /** The batch's scalar loss (see the class notes for how weights combine). */
  compute(output: Tensor, target: Tensor, sampleWeight?: Tensor, useClassWeight = true): Tensor {
    const cw = useClassWeight && this.classWeight ? this.weights(output) : null;
    if (!sampleWeight) {
      if (this.module) return this.module.forward(output, target);
      return cw ? (this.fn as LossFunction)(output, target, { weight: cw }) : (this.fn as LossFunction)(output, target);
    }
    if (!this.fn) throw new ValueError('train: sample weights need the loss as a function taking { reduction: \'none\' } (e.g. nn.functional.mseLoss), not a module');
    const perSample = this.fn(output, target, { reduction: 'none' }); // [N] (or [N, ...])
    const n = sampleWeight.numel();
    if (perSample.ndim === 0 || perSample.shape[0] !== n) {
      throw new ShapeError(`train: the loss with reduction 'none' gave shape ${fmtShape(perSample.shape)}, expected [${n}, ...] to weight ${n} samples`);
    }
    let w = castTo(reshape(sampleWeight, [n]), perSample.dtype);
    if (cw) w = mul(w, indexSelect(cw, 0, castTo(reshape(target, [n]), 'int32')));
    // Per-sample losses of any trailing shape are averaged per sample first.
    const rows = perSample.ndim === 1 ? perSample : div(sum(reshape(perSample, [n, -1]), 1), perSample.numel() / n);
    return div(sum(mul(rows, w)), sum(w));
  }
}

