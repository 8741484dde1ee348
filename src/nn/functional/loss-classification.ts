import type { Tensor } from '../../tensor/tensor.js';
import { isFloat } from '../../tensor/dtype.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { shapesEqual } from '../../tensor/shape.js';
import { castTo } from '../../ops/cast.js';
import { add, div, eq, logicalNot, mul, where } from '../../ops/binary.js';
import { neg } from '../../ops/unary.js';
import { sum } from '../../ops/reduce.js';
import { flatten, reshape, squeeze, unsqueeze } from '../../ops/movement.js';
import { gather, indexSelect } from '../../ops/scatter-gather.js';
import { logSoftmax } from '../../ops/nn/softmax.js';
import { fusedCrossEntropy } from '../../ops/nn/cross-entropy-fused.js';
import { checkClassIndices, checkClassWeight, checkFloat, checkReduction, type Reduction, type ReductionOptions } from './loss-util.js';

// Negative log-likelihood and cross-entropy over class dim 1 ([N, C, d1, ...]) or dim 0 for an
// unbatched [C] input. Class-index targets are int32 (PyTorch's int64).

/** Options of nllLoss. */
export interface NLLLossOptions extends ReductionOptions {
  /** One weight per class, [C]. The weighted mean divides by the sum of the targets' weights. */
  weight?: Tensor | null;
  /** Targets equal to this contribute nothing, not even to the mean's denominator (default -100). */
  ignoreIndex?: number;
}

/** Options of crossEntropy. */
export interface CrossEntropyOptions extends NLLLossOptions {
  /** Mixes the target with the uniform distribution: (1 - ε) target + ε / C (default 0). */
  labelSmoothing?: number;
}

/** The target shape that goes with an input of this shape: [N, d1, ...] for [N, C, d1, ...], [] for [C]. */
function indexShape(input: Tensor): number[] {
  return input.ndim === 1 ? [] : [input.shape[0], ...input.shape.slice(2)];
}

function checkIndexTarget(op: string, input: Tensor, target: Tensor, ignoreIndex: number): void {
  if (input.ndim === 0) throw new ShapeError(`${op}: input must have a class dim ([C] or [N, C, ...]), got a 0-d tensor`);
  const want = indexShape(input);
  if (!isFloat(target.dtype) && !shapesEqual(target.shape, want)) {
    throw new ShapeError(`${op}: input ${fmtShape(input.shape)} expects a class-index target of shape ${fmtShape(want)}, got target ${fmtShape(target.shape)}`);
  }
  checkClassIndices(op, target, input.shape[input.ndim === 1 ? 0 : 1], ignoreIndex);
}

interface Picked { loss: Tensor; weight: Tensor; ignored: Tensor }

/** Per-element -w[t] logp[t] (0 where ignored) and the per-element weights (0 where ignored). */
function pickNll(logp: Tensor, target: Tensor, weight: Tensor | null | undefined, ignoreIndex: number): Picked {
  const unbatched = logp.ndim === 1;
  const lp = unbatched ? unsqueeze(logp, 0) : logp; // [N, C, d...]
  const t = unbatched ? reshape(target, [1]) : target; // [N, d...]
  const ignored = eq(t, ignoreIndex);
  const safe = where(ignored, 0, t); // a valid index where ignored, masked out below
  const picked = squeeze(gather(lp, 1, unsqueeze(safe, 1)), 1); // [N, d...]
  const w = weight
    ? where(ignored, 0, reshape(indexSelect(weight, 0, flatten(safe)), t.shape))
    : castTo(logicalNot(ignored), lp.dtype);
  // where (not mul) keeps an ignored -inf log-probability from turning into NaN
  let loss = where(ignored, 0, neg(weight ? mul(picked, w) : picked));
  if (unbatched) loss = reshape(loss, []);
  return { loss, weight: w, ignored: unbatched ? reshape(ignored, []) : ignored };
}

/** 'mean' divides by the total target weight (PyTorch's weighted mean), else sum or none. */
function reduceWeighted(op: string, loss: Tensor, weight: Tensor, reduction: Reduction): Tensor {
  checkReduction(op, reduction);
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return sum(loss);
  return div(sum(loss), sum(weight));
}

/**
 * Negative log-likelihood of class indices under log-probabilities: -w[t] input[n, t], with
 * input [N, C] (or [N, C, d1, ...] with target [N, d1, ...], or [C] with a 0-d target) and int32
 * targets. 'mean' divides by the summed weights of the non-ignored targets (NaN if there are none).
 *
 * ```ts
 * nn.functional.nllLoss(nb.logSoftmax(logits, 1), labels, { ignoreIndex: 0 });
 * ```
 */
export function nllLoss(input: Tensor, target: Tensor, opts: NLLLossOptions = {}): Tensor {
  const op = 'nllLoss';
  const ignoreIndex = opts.ignoreIndex ?? -100;
  checkFloat(op, 'input', input);
  if (isFloat(target.dtype)) throw new DTypeError(`${op}: target must hold int32 class indices, got ${target.dtype} of shape ${fmtShape(target.shape)}`);
  checkIndexTarget(op, input, target, ignoreIndex);
  checkClassWeight(op, opts.weight, input.shape[input.ndim === 1 ? 0 : 1]);
  const p = pickNll(input, target, opts.weight, ignoreIndex);
  return reduceWeighted(op, p.loss, p.weight, opts.reduction ?? 'mean');
}

/**
 * Cross-entropy of logits `input` ([N, C], [N, C, d1, ...] or [C]) against either int32 class
 * indices (shape [N, d1, ...]; with class weights, ignoreIndex and label smoothing exactly as
 * PyTorch) or class probabilities of the input's shape (float). Computed as logSoftmax + NLL,
 * so extreme logits (±1e4) give finite losses and gradients.
 *
 * With label smoothing ε the loss is (1 - ε) NLL + (ε / C) Σ_c -w_c logp_c; the weighted mean
 * divides both terms by the summed weights of the targets. With probability targets 'mean'
 * divides by the number of samples N·d1·..., not by the weights.
 *
 * ```ts
 * const loss = nn.functional.crossEntropy(logits, labels, { labelSmoothing: 0.1 });
 * ```
 */
export function crossEntropy(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  const ls = opts.labelSmoothing ?? 0;
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const reduction = opts.reduction ?? 'mean';
  checkReduction(op, reduction);
  checkFloat(op, 'input', input);
  if (!(ls >= 0 && ls <= 1)) throw new ValueError(`${op}: labelSmoothing must be in [0, 1], got ${ls}`);
  if (input.ndim === 0) throw new ShapeError(`${op}: input must have a class dim ([C] or [N, C, ...]), got a 0-d tensor`);
  const classDim = input.ndim === 1 ? 0 : 1;
  const C = input.shape[classDim];
  checkClassWeight(op, opts.weight, C);
  // [1, C, 1, ...] so that the class weights broadcast along the class dim
  const wView = opts.weight ? reshape(opts.weight, input.shape.map((s, d) => (d === classDim ? s : 1))) : null;
  if (isFloat(target.dtype)) {
    if (!shapesEqual(target.shape, input.shape)) {
      if (shapesEqual(target.shape, indexShape(input))) {
        throw new DTypeError(`${op}: class-index target must be int32, got ${target.dtype} of shape ${fmtShape(target.shape)} (probability targets need the input's shape ${fmtShape(input.shape)})`);
      }
      throw new ShapeError(`${op}: input ${fmtShape(input.shape)} and probability target ${fmtShape(target.shape)} must have the same shape`);
    }
    return probTargetLoss(input, target, C, classDim, wView, ls, reduction);
  }
  checkIndexTarget(op, input, target, ignoreIndex);
  const composite = (x: Tensor): Tensor => {
    const logp = logSoftmax(x, classDim);
    const p = pickNll(logp, target, opts.weight, ignoreIndex);
    let loss = p.loss;
    if (ls > 0) {
      // Σ_c -w_c logp_c per element, 0 where ignored
      const smooth = where(p.ignored, 0, neg(sum(wView ? mul(logp, wView) : logp, classDim)));
      loss = add(mul(loss, 1 - ls), mul(smooth, ls / C));
    }
    return reduceWeighted(op, loss, p.weight, reduction);
  };
  if (input.ndim === 2 && target.dtype === 'int32' && !opts.weight && ls === 0 && reduction !== 'none') {
    // The common case as one node (logits [N, C]): no log-probabilities tensor, one gradient buffer.
    return fusedCrossEntropy(input, target, ignoreIndex, reduction, composite);
  }
  return composite(input);
}

/** -Σ_c w_c t_c logp_c over the class dim, t smoothed towards uniform; 'mean' over the N·d... samples. */
function probTargetLoss(input: Tensor, target: Tensor, C: number, classDim: number, wView: Tensor | null, ls: number, reduction: Reduction): Tensor {
  const logp = logSoftmax(input, classDim);
  const t = ls > 0 ? add(mul(target, 1 - ls), ls / C) : target;
  const terms = wView ? mul(mul(logp, t), wView) : mul(logp, t);
  const per = neg(sum(terms, classDim)); // [N, d...]
  if (reduction === 'none') return per;
  if (reduction === 'sum') return sum(per);
  return div(sum(per), input.numel() / C);
}
