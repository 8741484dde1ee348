import type { Tensor } from '../../tensor/tensor.js';
import { isFloat } from '../../tensor/dtype.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { shapesEqual } from '../../tensor/shape.js';
import { add, div, eq, gt, logicalNot, mul, sub, where } from '../../ops/binary.js';
import { exp, expm1, log, neg, powScalar, sigmoid } from '../../ops/unary.js';
import { sum } from '../../ops/reduce.js';
import { reshape, squeeze, unsqueeze } from '../../ops/movement.js';
import { gather, indexSelect } from '../../ops/scatter-gather.js';
import { logSoftmax } from '../../ops/nn/softmax.js';
import { binaryCrossEntropyWithLogits } from './loss-bce.js';
import { checkClassIndices, checkClassWeight, checkFloat, checkReduction, checkSameShape, reduce, type ReductionOptions } from './loss-util.js';

// Kullback-Leibler divergence and the focal losses.

/** Options of klDiv. */
export interface KLDivOptions {
  /**
   * 'mean' (default, as PyTorch: the mean over all elements, which is not the KL divergence),
   * 'batchmean' (the sum divided by the batch size: the true KL per sample), 'sum' or 'none'.
   */
  reduction?: 'mean' | 'batchmean' | 'sum' | 'none';
  /** The target is given as log-probabilities (default false). */
  logTarget?: boolean;
}

/**
 * KL divergence KL(target ‖ q) with `input` = log q (log-probabilities, e.g. logSoftmax output)
 * and `target` probabilities (or log-probabilities with logTarget): pointwise
 * t (log t - input), taken as 0 where t = 0 (PyTorch's xlogy), or exp(t) (t - input) with logTarget.
 *
 * ```ts
 * nn.functional.klDiv(nb.logSoftmax(student, 1), nb.softmax(teacher, 1), { reduction: 'batchmean' });
 * ```
 */
export function klDiv(input: Tensor, target: Tensor, opts: KLDivOptions = {}): Tensor {
  const op = 'klDiv';
  const reduction = opts.reduction ?? 'mean';
  checkReduction(op, reduction, ['batchmean']);
  checkFloat(op, 'input', input);
  checkFloat(op, 'target', target);
  checkSameShape(op, 'input', input, 'target', target);
  let loss: Tensor;
  if (opts.logTarget) {
    loss = mul(exp(target), sub(target, input));
  } else {
    // xlogy(t, t) with a safe log argument, so neither value nor gradient is NaN at t = 0
    const pos = gt(target, 0);
    const tLogT = where(pos, mul(target, log(where(pos, target, 1))), 0);
    loss = sub(tLogT, mul(target, input));
  }
  if (reduction === 'batchmean') return input.ndim === 0 ? sum(loss) : div(sum(loss), input.shape[0]);
  return reduce(op, loss, reduction);
}

/** Options of sigmoidFocalLoss. */
export interface SigmoidFocalLossOptions {
  /** Weight of the positive class in (0, 1); a negative value disables it (default 0.25). */
  alpha?: number;
  /** Focusing exponent (default 2). */
  gamma?: number;
  /** Default 'none', as torchvision's sigmoid_focal_loss. */
  reduction?: 'mean' | 'sum' | 'none';
}

/**
 * Binary focal loss on logits (Lin et al., RetinaNet; torchvision.ops.sigmoid_focal_loss):
 * α_t (1 - p_t)^γ · BCEWithLogits(x, y), with p = σ(x), p_t = p y + (1 - p)(1 - y) and
 * α_t = α y + (1 - α)(1 - y). Defaults α 0.25, γ 2, reduction 'none' (torchvision's).
 */
export function sigmoidFocalLoss(input: Tensor, target: Tensor, opts: SigmoidFocalLossOptions = {}): Tensor {
  const op = 'sigmoidFocalLoss';
  const alpha = opts.alpha ?? 0.25, gamma = opts.gamma ?? 2;
  checkReduction(op, opts.reduction ?? 'none');
  const ce = binaryCrossEntropyWithLogits(input, target, { reduction: 'none' });
  const p = sigmoid(input);
  const pt = add(mul(p, target), mul(sub(1, p), sub(1, target)));
  let loss = mul(ce, powScalar(sub(1, pt), gamma));
  if (alpha >= 0) loss = mul(add(mul(target, alpha), mul(sub(1, target), 1 - alpha)), loss);
  return reduce(op, loss, opts.reduction ?? 'none');
}

/** Options of focalLoss. */
export interface FocalLossOptions extends ReductionOptions {
  /** Focusing exponent γ (default 2); γ = 0 gives (weighted) cross-entropy. */
  gamma?: number;
  /** Class weights α: one number for all classes or a [C] tensor (default none). */
  alpha?: number | Tensor | null;
  /** Targets equal to this are skipped, also in the mean (default -100). */
  ignoreIndex?: number;
}

/**
 * Multi-class focal loss on logits [N, C] or [N, C, d1, ...] with int32 class targets
 * [N, d1, ...]: -α_t (1 - p_t)^γ log p_t, where log p_t = logSoftmax(x)[t] and α_t = α[t] (or
 * the scalar α). 1 - p_t is computed as -expm1(log p_t), accurate when p_t is near 1. 'mean'
 * averages over the non-ignored targets (not weighted by α). With γ = 0 and α unset this is
 * crossEntropy.
 */
export function focalLoss(input: Tensor, target: Tensor, opts: FocalLossOptions = {}): Tensor {
  const op = 'focalLoss';
  const gamma = opts.gamma ?? 2, ignoreIndex = opts.ignoreIndex ?? -100;
  const reduction = opts.reduction ?? 'mean';
  checkReduction(op, reduction);
  checkFloat(op, 'input', input);
  if (input.ndim < 2) throw new ShapeError(`${op}: input must be [N, C] or [N, C, d1, ...], got ${fmtShape(input.shape)}`);
  if (isFloat(target.dtype)) throw new DTypeError(`${op}: target must hold int32 class indices, got ${target.dtype} of shape ${fmtShape(target.shape)}`);
  const want = [input.shape[0], ...input.shape.slice(2)];
  if (!shapesEqual(target.shape, want)) throw new ShapeError(`${op}: input ${fmtShape(input.shape)} expects a target of shape ${fmtShape(want)}, got target ${fmtShape(target.shape)}`);
  const C = input.shape[1];
  checkClassIndices(op, target, C, ignoreIndex);
  if (!(gamma >= 0)) throw new ValueError(`${op}: gamma must be non-negative, got ${gamma}`);
  if (opts.alpha && typeof opts.alpha !== 'number') checkClassWeight(op, opts.alpha, C);
  const ign = eq(target, ignoreIndex);
  const safe = where(ign, 0, target);
  const logpt = squeeze(gather(logSoftmax(input, 1), 1, unsqueeze(safe, 1)), 1); // [N, d...]
  let loss = mul(neg(logpt), powScalar(neg(expm1(logpt)), gamma));
  const alpha = opts.alpha;
  if (typeof alpha === 'number') loss = mul(loss, alpha);
  else if (alpha) loss = mul(loss, reshape(indexSelect(alpha, 0, reshape(safe, [-1])), safe.shape));
  loss = where(ign, 0, loss);
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return sum(loss);
  return div(sum(loss), sum(logicalNot(ign)));
}
