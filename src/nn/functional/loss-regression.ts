import type { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { lt, mul, sub, where } from '../../ops/binary.js';
import { abs, square } from '../../ops/unary.js';
import { checkFloat, checkSameShape, reduce, type ReductionOptions } from './loss-util.js';

// Regression losses on elementwise differences. input and target must have the same shape
// (PyTorch broadcasts here with a warning; a mismatch is nearly always a bug, so nabla throws).

function diff(op: string, input: Tensor, target: Tensor): Tensor {
  checkFloat(op, 'input', input);
  checkFloat(op, 'target', target);
  checkSameShape(op, 'input', input, 'target', target);
  return sub(input, target);
}

/**
 * Mean squared error: (input - target)², reduced.
 *
 * ```ts
 * nn.functional.mseLoss(pred, y);                       // scalar
 * nn.functional.mseLoss(pred, y, { reduction: 'none' }); // per element
 * ```
 */
export function mseLoss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  return reduce('mseLoss', square(diff('mseLoss', input, target)), opts.reduction);
}

/** Mean absolute error (L1): |input - target|, reduced. The gradient at 0 is 0, as PyTorch's. */
export function l1Loss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  return reduce('l1Loss', abs(diff('l1Loss', input, target)), opts.reduction);
}

/** Options of huberLoss. */
export interface HuberLossOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/** With d = |input - target|: 0.5 d² / beta where d < beta, else d - 0.5 beta; scaled as asked. */
function piecewise(d: Tensor, beta: number, quadScale: number, linScale: number): Tensor {
  const a = abs(d);
  // Both branches are finite everywhere, so where() never multiplies an infinite derivative by 0.
  return where(lt(a, beta), mul(square(d), quadScale), mul(sub(a, 0.5 * beta), linScale));
}

/**
 * Huber loss: 0.5 d² where |d| < delta, else delta (|d| - 0.5 delta), with d = input - target.
 * Equals delta × smoothL1Loss with beta = delta.
 */
export function huberLoss(input: Tensor, target: Tensor, opts: HuberLossOptions = {}): Tensor {
  const delta = opts.delta ?? 1;
  if (!(delta > 0)) throw new ValueError(`huberLoss: delta must be positive, got ${delta}`);
  const d = diff('huberLoss', input, target);
  return reduce('huberLoss', piecewise(d, delta, 0.5, delta), opts.reduction);
}

/** Options of smoothL1Loss. */
export interface SmoothL1LossOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (default 1); 0 gives the L1 loss. */
  beta?: number;
}

/** Smooth L1: 0.5 d² / beta where |d| < beta, else |d| - 0.5 beta, with d = input - target. */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: SmoothL1LossOptions = {}): Tensor {
  const beta = opts.beta ?? 1;
  if (!(beta >= 0)) throw new ValueError(`smoothL1Loss: beta must be non-negative, got ${beta}`);
  const d = diff('smoothL1Loss', input, target);
  const loss = beta === 0 ? abs(d) : piecewise(d, beta, 0.5 / beta, 1);
  return reduce('smoothL1Loss', loss, opts.reduction);
}
