import type { Tensor } from '../../tensor/tensor.js';
import { ValueError, ShapeError, fmtShape } from '../../tensor/errors.js';
import { record } from '../../autograd/record.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { add, div, gt, lt, mul, sub } from '../../ops/binary.js';
import { clamp, log, log1p, neg, sigmoid, softplus } from '../../ops/unary.js';
import { any, sumToShape } from '../../ops/reduce.js';
import { checkFloat, checkSameShape, reduce, type ReductionOptions } from './loss-util.js';

// Binary cross-entropy on probabilities and on logits.

/** Options of binaryCrossEntropy. */
export interface BCEOptions extends ReductionOptions {
  /** Rescales each element's loss; broadcast against the input (e.g. one weight per sample, [N, 1]). */
  weight?: Tensor | null;
}

function checkWeight(op: string, name: string, w: Tensor | null | undefined, input: Tensor): void {
  if (!w) return;
  checkFloat(op, name, w);
  const ok = w.ndim <= input.ndim && w.shape.every((s, i) => s === 1 || s === input.shape[input.ndim - w.ndim + i]);
  if (!ok) throw new ShapeError(`${op}: ${name} ${fmtShape(w.shape)} must broadcast to the input ${fmtShape(input.shape)}`);
}

/**
 * -(y log x + (1 - y) log(1 - x)) elementwise, each log clamped to ≥ -100 as PyTorch does, so x = 0
 * or 1 gives a finite loss. The input gradient is PyTorch's (x - y) / max(x (1 - x), 1e-12)
 * (finite at 0 and 1), written with tensor ops so it is differentiable again.
 */
function bceElementwise(x: Tensor, y: Tensor): Tensor {
  const out = noGrad(() => {
    const lx = clamp(log(x), -100);
    const l1x = clamp(log1p(neg(x)), -100);
    return sub(mul(sub(y, 1), l1x), mul(y, lx));
  });
  return record('binaryCrossEntropy', [x, y], out, (g) => [
    x.requiresGrad ? div(mul(g, sub(x, y)), clamp(mul(x, sub(1, x)), 1e-12)) : null,
    y.requiresGrad ? mul(g, sub(clamp(log1p(neg(x)), -100), clamp(log(x), -100))) : null,
  ]);
}

/**
 * Binary cross-entropy between probabilities `input` (in [0, 1]) and `target` (same shape):
 * -w (y log x + (1 - y) log(1 - x)), with each log clamped to ≥ -100 (PyTorch's rule), so
 * probabilities of exactly 0 or 1 give finite losses and gradients. Prefer
 * binaryCrossEntropyWithLogits on raw scores: it is more accurate.
 *
 * ```ts
 * nn.functional.binaryCrossEntropy(nb.sigmoid(logits), y);
 * ```
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: BCEOptions = {}): Tensor {
  const op = 'binaryCrossEntropy';
  checkFloat(op, 'input', input);
  checkFloat(op, 'target', target);
  checkSameShape(op, 'input', input, 'target', target);
  checkWeight(op, 'weight', opts.weight, input);
  const outside = noGrad(() => input.numel() > 0 && any(lt(input, 0)).item() + any(gt(input, 1)).item() > 0);
  if (outside) throw new ValueError(`${op}: all elements of input ${fmtShape(input.shape)} must be in [0, 1]`);
  let loss = bceElementwise(input, target);
  if (opts.weight) loss = mul(loss, opts.weight);
  return reduce(op, loss, opts.reduction);
}

/** Options of binaryCrossEntropyWithLogits. */
export interface BCEWithLogitsOptions extends BCEOptions {
  /** Weight of the positive examples, broadcast along the last dim (one per class, [C]). */
  posWeight?: Tensor | null;
}

/**
 * (1 - y) x + L softplus(-x) elementwise, L = 1 + (p - 1) y, as one graph node: the forward is
 * composed without a graph, and the backward is the closed form L σ(x) - p y (σ(x) - y without
 * posWeight) — a third of the kernels of differentiating the composition, and still written with
 * tensor ops, so second derivatives work.
 */
function bceLogitsElementwise(x: Tensor, y: Tensor, pw: Tensor | null): Tensor {
  const L = (): Tensor => add(mul(sub(pw as Tensor, 1), y), 1);
  const out = noGrad(() => {
    const spNeg = softplus(neg(x)); // -log σ(x), stable for any x
    return add(mul(sub(1, y), x), pw ? mul(L(), spNeg) : spNeg);
  });
  return record('binaryCrossEntropyWithLogits', [x, y, pw], out, (g) => {
    const needsSp = y.requiresGrad || (pw !== null && pw.requiresGrad);
    const spNeg = needsSp ? softplus(neg(x)) : null;
    return [
      x.requiresGrad ? mul(g, pw ? sub(mul(L(), sigmoid(x)), mul(pw, y)) : sub(sigmoid(x), y)) : null,
      y.requiresGrad ? mul(g, pw ? sub(mul(sub(pw, 1), spNeg as Tensor), x) : neg(x)) : null,
      pw?.requiresGrad ? sumToShape(mul(g, mul(y, spNeg as Tensor)), pw.shape) : null,
    ];
  });
}

/**
 * Binary cross-entropy on logits: -w [p y log σ(x) + (1 - y) log(1 - σ(x))], computed stably as
 * (1 - y) x + (1 + (p - 1) y) softplus(-x), where softplus(-x) = max(-x, 0) + log1p(exp(-|x|));
 * without posWeight this is max(x, 0) - x y + log1p(exp(-|x|)). No overflow for any logit; the
 * gradient is (1 + (p - 1) y) σ(x) - p y, also at x = 0 (where the max form's subgradient is not).
 *
 * ```ts
 * nn.functional.binaryCrossEntropyWithLogits(logits, y, { posWeight: nb.tensor([3]) });
 * ```
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, opts: BCEWithLogitsOptions = {}): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  checkFloat(op, 'input', input);
  checkFloat(op, 'target', target);
  checkSameShape(op, 'input', input, 'target', target);
  checkWeight(op, 'weight', opts.weight, input);
  checkWeight(op, 'posWeight', opts.posWeight, input);
  let loss = bceLogitsElementwise(input, target, opts.posWeight ?? null);
  if (opts.weight) loss = mul(loss, opts.weight);
  return reduce(op, loss, opts.reduction);
}
