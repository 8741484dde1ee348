import type { Tensor } from '../../tensor/tensor.js';
import { isFloat } from '../../tensor/dtype.js';
import { DTypeError, IndexError, ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { shapesEqual } from '../../tensor/shape.js';
import { mean, sum } from '../../ops/reduce.js';

// Shared checks and the reduction step of the loss functions (not exported from nn).

/** How a loss combines its per-element values: PyTorch's `reduction`. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options every loss takes. */
export interface ReductionOptions {
  /** 'mean' (default), 'sum', or 'none' (the per-element losses). */
  reduction?: Reduction;
}

/** Checks the reduction name; `extra` lists further accepted names (klDiv's 'batchmean'). */
export function checkReduction(op: string, reduction: string, extra: readonly string[] = []): void {
  const ok = ['mean', 'sum', 'none', ...extra];
  if (!ok.includes(reduction)) throw new ValueError(`${op}: reduction must be one of ${ok.map((r) => `'${r}'`).join(', ')}, got '${reduction}'`);
}

/** Applies 'mean' | 'sum' | 'none' to per-element losses. */
export function reduce(op: string, loss: Tensor, reduction: Reduction = 'mean'): Tensor {
  checkReduction(op, reduction);
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? sum(loss) : mean(loss);
}

/** Throws a DTypeError unless `t` is float32/float64. */
export function checkFloat(op: string, what: string, t: Tensor): void {
  if (!isFloat(t.dtype)) throw new DTypeError(`${op}: ${what} must be a float tensor (float32 or float64), got ${t.dtype} of shape ${fmtShape(t.shape)}`);
}

/** Throws a ShapeError unless a and b have the same shape. */
export function checkSameShape(op: string, aName: string, a: Tensor, bName: string, b: Tensor): void {
  if (!shapesEqual(a.shape, b.shape)) {
    throw new ShapeError(`${op}: ${aName} ${fmtShape(a.shape)} and ${bName} ${fmtShape(b.shape)} must have the same shape`);
  }
}

/** Checks an optional per-class weight: a float 1-D tensor of length `numClasses`. */
export function checkClassWeight(op: string, weight: Tensor | null | undefined, numClasses: number): void {
  if (!weight) return;
  checkFloat(op, 'weight', weight);
  if (weight.ndim !== 1 || weight.shape[0] !== numClasses) {
    throw new ShapeError(`${op}: weight ${fmtShape(weight.shape)} must be a 1-D tensor of ${numClasses} class weights, shape [${numClasses}]`);
  }
}

/**
 * Checks class-index targets: int32 dtype (DTypeError) and each value in [0, numClasses) or equal
 * to ignoreIndex (IndexError naming the value). One pass over the N targets, not over N × C.
 */
export function checkClassIndices(op: string, target: Tensor, numClasses: number, ignoreIndex: number | null): void {
  if (target.dtype !== 'int32') {
    throw new DTypeError(`${op}: class-index target must be int32, got ${target.dtype} of shape ${fmtShape(target.shape)}`);
  }
  const data = target.dataSync();
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if ((v >= 0 && v < numClasses) || v === ignoreIndex) continue;
    const ign = ignoreIndex === null ? '' : ` or ignoreIndex ${ignoreIndex}`;
    throw new IndexError(`${op}: target ${v} is out of bounds for ${numClasses} classes (expected [0, ${numClasses})${ign})`);
  }
}
