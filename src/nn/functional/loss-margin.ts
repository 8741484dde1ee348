import type { Tensor } from '../../tensor/tensor.js';
import { DTypeError, IndexError, ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { arange, tensor } from '../../tensor/creation.js';
import { add, div, eq, logicalAnd, logicalNot, minimum, mul, ne, sub, where } from '../../ops/binary.js';
import { clamp, relu, sqrt, square } from '../../ops/unary.js';
import { sum } from '../../ops/reduce.js';
import { reshape, unsqueeze } from '../../ops/movement.js';
import { gather, indexSelect } from '../../ops/scatter-gather.js';
import { norm } from '../../ops/norm.js';
import { checkClassIndices, checkClassWeight, checkFloat, checkSameShape, reduce, type ReductionOptions } from './loss-util.js';

// Margin-based losses: hinge embedding, multi-class margin, ranking, cosine embedding, triplet.

/** Options of the losses with a margin. */
export interface MarginOptions extends ReductionOptions {
  margin?: number;
}

/**
 * Hinge embedding loss: x where y = 1, max(0, margin - x) where y = -1 (default margin 1).
 * As in PyTorch, a target that is neither 1 nor -1 gets both terms.
 */
export function hingeEmbeddingLoss(input: Tensor, target: Tensor, opts: MarginOptions = {}): Tensor {
  const op = 'hingeEmbeddingLoss';
  checkFloat(op, 'input', input);
  checkSameShape(op, 'input', input, 'target', target);
  const margin = opts.margin ?? 1;
  const loss = add(where(ne(target, 1), clamp(sub(margin, input), 0), 0), where(ne(target, -1), input, 0));
  return reduce(op, loss, opts.reduction);
}

/** Options of multiMarginLoss. */
export interface MultiMarginOptions extends MarginOptions {
  /** 1 (default) or 2: the hinge is raised to this power. */
  p?: 1 | 2;
  /** One weight per class [C], applied by the target's class. */
  weight?: Tensor | null;
}

/**
 * Multi-class hinge loss (PyTorch's MultiMarginLoss): for input [N, C] (or [C]) and int32 targets
 * [N] (or 0-d), Σ_{j ≠ y} w[y] max(0, margin - x[y] + x[j])^p / C per sample (default margin 1, p 1).
 */
export function multiMarginLoss(input: Tensor, target: Tensor, opts: MultiMarginOptions = {}): Tensor {
  const op = 'multiMarginLoss';
  const p = opts.p ?? 1;
  const margin = opts.margin ?? 1;
  if (p !== 1 && p !== 2) throw new ValueError(`${op}: p must be 1 or 2, got ${String(p)}`);
  checkFloat(op, 'input', input);
  if (input.ndim !== 1 && input.ndim !== 2) throw new ShapeError(`${op}: input must be [N, C] or [C], got ${fmtShape(input.shape)}`);
  const unbatched = input.ndim === 1;
  const n = unbatched ? 1 : input.shape[0];
  // PyTorch accepts a 0-d or [1] target for an unbatched input ('none' then gives [] or [1])
  if (target.ndim > 1 || target.numel() !== n || (!unbatched && target.ndim !== 1)) {
    throw new ShapeError(`${op}: input ${fmtShape(input.shape)} expects a target of shape ${fmtShape(unbatched ? [] : [n])}, got target ${fmtShape(target.shape)}`);
  }
  const C = input.shape[input.ndim - 1];
  checkClassIndices(op, target, C, null);
  checkClassWeight(op, opts.weight, C);
  const x = unbatched ? unsqueeze(input, 0) : input; // [N, C]
  const t = reshape(target, [-1, 1]); // [N, 1]
  const z = relu(add(sub(margin, gather(x, 1, t)), x)); // max(0, margin - x[y] + x[j]); zero gradient at 0, as PyTorch
  const h = p === 2 ? square(z) : z;
  const own = eq(reshape(arange(0, C, 1, { dtype: 'int32' }), [1, C]), t); // j == y
  let per = div(sum(where(own, 0, h), 1), C); // [N]
  if (opts.weight) per = mul(per, indexSelect(opts.weight, 0, reshape(target, [-1])));
  return reduce(op, reshape(per, target.shape), opts.reduction);
}

function checkTriple(op: string, a: [string, Tensor], b: [string, Tensor], c: [string, Tensor]): void {
  if (a[1].ndim !== b[1].ndim || a[1].ndim !== c[1].ndim) {
    throw new ShapeError(`${op}: ${a[0]} ${fmtShape(a[1].shape)}, ${b[0]} ${fmtShape(b[1].shape)} and ${c[0]} ${fmtShape(c[1].shape)} must have the same number of dims`);
  }
}

/** Margin ranking loss: max(0, -y (x1 - x2) + margin), y = 1 when x1 should rank higher (default margin 0). */
export function marginRankingLoss(input1: Tensor, input2: Tensor, target: Tensor, opts: MarginOptions = {}): Tensor {
  const op = 'marginRankingLoss';
  checkFloat(op, 'input1', input1);
  checkFloat(op, 'input2', input2);
  checkTriple(op, ['input1', input1], ['input2', input2], ['target', target]);
  const loss = clamp(add(mul(mul(target, -1), sub(input1, input2)), opts.margin ?? 0), 0);
  return reduce(op, loss, opts.reduction);
}

/**
 * Cosine embedding loss over rows of [N, D] (or [D]) inputs: 1 - cos(x1, x2) where y = 1,
 * max(0, cos - margin) where y = -1 (default margin 0); cos uses PyTorch's
 * x1·x2 / sqrt((|x1|² + 1e-12)(|x2|² + 1e-12)), so zero vectors give 0, not NaN.
 */
export function cosineEmbeddingLoss(input1: Tensor, input2: Tensor, target: Tensor, opts: MarginOptions = {}): Tensor {
  const op = 'cosineEmbeddingLoss';
  checkFloat(op, 'input1', input1);
  checkFloat(op, 'input2', input2);
  checkSameShape(op, 'input1', input1, 'input2', input2);
  if (input1.ndim !== 1 && input1.ndim !== 2) throw new ShapeError(`${op}: inputs must be [N, D] or [D], got ${fmtShape(input1.shape)}`);
  const want = input1.ndim === 2 ? [input1.shape[0]] : [];
  if (target.ndim !== want.length || (want.length === 1 && target.shape[0] !== want[0])) {
    throw new ShapeError(`${op}: inputs ${fmtShape(input1.shape)} expect a target of shape ${fmtShape(want)}, got target ${fmtShape(target.shape)}`);
  }
  const d = input1.ndim - 1;
  const dot = sum(mul(input1, input2), d);
  const m1 = add(sum(mul(input1, input1), d), 1e-12);
  const m2 = add(sum(mul(input2, input2), d), 1e-12);
  const cos = div(dot, sqrt(mul(m1, m2)));
  const loss = add(where(eq(target, 1), sub(1, cos), 0), where(eq(target, -1), clamp(sub(cos, opts.margin ?? 0), 0), 0));
  return reduce(op, loss, opts.reduction);
}

/** Options of tripletMarginLoss. */
export interface TripletMarginOptions extends MarginOptions {
  /** The norm of the distance (default 2). */
  p?: number;
  /** Added to the difference before the norm, as PyTorch's pairwiseDistance (default 1e-6). */
  eps?: number;
  /** Use min(d(a, n), d(p, n)) as the negative distance (Balntas et al., default false). */
  swap?: boolean;
}

/** PyTorch's pairwise_distance: ‖x1 - x2 + eps‖_p over the last dim. */
function pairwiseDistance(x1: Tensor, x2: Tensor, p: number, eps: number): Tensor {
  return norm(add(sub(x1, x2), eps), p, -1);
}

/**
 * Triplet margin loss: max(0, d(a, p) - d(a, n) + margin) with d the p-norm distance over the last
 * dim (default margin 1, p 2, eps 1e-6); `swap` takes the smaller of d(a, n) and d(p, n).
 */
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, opts: TripletMarginOptions = {}): Tensor {
  const op = 'tripletMarginLoss';
  for (const [n, t] of [['anchor', anchor], ['positive', positive], ['negative', negative]] as const) checkFloat(op, n, t);
  checkTriple(op, ['anchor', anchor], ['positive', positive], ['negative', negative]);
  if (anchor.ndim !== 1 && anchor.ndim !== 2) throw new ShapeError(`${op}: inputs must be [N, D] or [D], got anchor ${fmtShape(anchor.shape)}`);
  checkSameShape(op, 'anchor', anchor, 'positive', positive);
  checkSameShape(op, 'anchor', anchor, 'negative', negative);
  const p = opts.p ?? 2, eps = opts.eps ?? 1e-6;
  const dPos = pairwiseDistance(anchor, positive, p, eps);
  let dNeg = pairwiseDistance(anchor, negative, p, eps);
  if (opts.swap) dNeg = minimum(dNeg, pairwiseDistance(positive, negative, p, eps));
  const loss = clamp(add(sub(dPos, dNeg), opts.margin ?? 1), 0);
  return reduce(op, loss, opts.reduction);
}

/**
 * Multi-label hinge loss (PyTorch's MultiLabelMarginLoss): input [N, C] (or [C]) and an int32
 * target of the same shape listing each sample's classes, ended by the first -1. Per sample,
 * Σ_{j target} Σ_{i not target} max(0, 1 - (x[j] - x[i])) / C. The masks are built from the
 * (small, integer) target on the host; the loss itself is composed of tensor ops.
 */
export function multilabelMarginLoss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  const op = 'multilabelMarginLoss';
  checkFloat(op, 'input', input);
  if (input.ndim !== 1 && input.ndim !== 2) throw new ShapeError(`${op}: input must be [N, C] or [C], got ${fmtShape(input.shape)}`);
  checkSameShape(op, 'input', input, 'target', target);
  if (target.dtype !== 'int32') throw new DTypeError(`${op}: target must hold int32 class indices, got ${target.dtype} of shape ${fmtShape(target.shape)}`);
  const C = input.shape[input.ndim - 1];
  const N = input.ndim === 1 ? 1 : input.shape[0];
  const t = target.dataSync();
  const slot = new Uint8Array(N * C); // slot k of sample n holds a class (before the first -1)
  const isTarget = new Uint8Array(N * C); // class i is one of sample n's targets
  const safe = new Int32Array(N * C);
  for (let r = 0; r < N; r++) {
    for (let k = 0; k < C; k++) {
      const v = t[r * C + k];
      if (v < 0) break;
      if (v >= C) throw new IndexError(`${op}: target ${v} is out of bounds for ${C} classes (expected [0, ${C}) or -1 to end the list)`);
      slot[r * C + k] = 1;
      isTarget[r * C + v] = 1;
      safe[r * C + k] = v;
    }
  }
  const x = reshape(input, [N, C]);
  const mask = (a: Uint8Array, shape: number[]): Tensor => reshape(tensor(a, { dtype: 'bool' }), shape);
  const xy = gather(x, 1, reshape(tensor(safe), [N, C])); // [N, C]: x at each target slot
  const z = relu(add(sub(1, unsqueeze(xy, 2)), unsqueeze(x, 1))); // [N, slot, class]
  const keep = logicalAnd(mask(slot, [N, C, 1]), logicalNot(mask(isTarget, [N, 1, C])));
  const per = div(sum(where(keep, z, 0), [1, 2]), C); // [N]
  return reduce(op, input.ndim === 1 ? reshape(per, []) : per, opts.reduction);
}
