import type { Tensor } from '../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { noGrad } from '../autograd/grad-mode.js';
import { argmax, sum } from '../ops/reduce.js';
import { eq, ge } from '../ops/binary.js';
import { castTo } from '../ops/cast.js';
import { reshape } from '../ops/movement.js';

/** A metric: the model's output and the batch's target → one number (averaged over an epoch by batch size). */
export type Metric = (output: Tensor, target: Tensor) => number;

/**
 * Classification accuracy: the fraction of samples whose arg-max class (over dim 1, or dim 0 for
 * an unbatched [C] output) equals the int32 target. When output and target have the same shape
 * (binary classification with probabilities) a prediction is `output >= 0.5`; for logits use
 * `binaryAccuracy(0)`.
 *
 * ```ts
 * train.fit(model, [x, y], { metrics: { accuracy: train.accuracy } });
 * ```
 */
export function accuracy(output: Tensor, target: Tensor): number {
  return noGrad(() => {
    const n = target.numel();
    if (n === 0) return 0;
    if (output.ndim === target.ndim + 1) {
      const pred = argmax(output, output.ndim === 1 ? 0 : 1); // [N, d1, ...]
      return Number(sum(eq(pred, castTo(target, pred.dtype))).item()) / n;
    }
    if (output.numel() === n) return thresholded(output, target, 0.5);
    throw new ShapeError(`accuracy: output ${fmtShape(output.shape)} and target ${fmtShape(target.shape)}: expected [N, C] with [N] class indices, or equal shapes for binary targets`);
  });
}

function thresholded(output: Tensor, target: Tensor, threshold: number): number {
  const pred = castTo(ge(reshape(output.detach(), [-1]), threshold), 'int32');
  const t = castTo(ge(reshape(target, [-1]), 0.5), 'int32');
  return Number(sum(eq(pred, t)).item()) / t.numel();
}

/**
 * Binary accuracy with a decision threshold: `binaryAccuracy(0)` for logits, the default 0.5
 * for probabilities. Targets are 0/1 of the output's size.
 */
export function binaryAccuracy(threshold = 0.5): Metric {
  return (output, target) => {
    if (output.numel() !== target.numel()) {
      throw new ShapeError(`binaryAccuracy: output ${fmtShape(output.shape)} and target ${fmtShape(target.shape)} must have the same number of elements`);
    }
    return target.numel() === 0 ? 0 : noGrad(() => thresholded(output, target, threshold));
  };
}

/** The metrics known by name in the Trainer's `metrics: ['accuracy']`. */
export const BUILTIN_METRICS: Readonly<Record<string, Metric>> = { accuracy, binaryAccuracy: binaryAccuracy(0.5) };

/** Named metric functions from a record or a list of built-in names. */
export function resolveMetrics(metrics: Record<string, Metric> | readonly string[] | undefined): [string, Metric][] {
  if (!metrics) return [];
  if (!Array.isArray(metrics)) return Object.entries(metrics as Record<string, Metric>);
  return (metrics as readonly string[]).map((name) => {
    const fn = BUILTIN_METRICS[name];
    if (!fn) throw new ValueError(`train: unknown metric '${name}' (built in: ${Object.keys(BUILTIN_METRICS).join(', ')}); pass { name: (output, target) => number } for others`);
    return [name, fn];
  });
}
