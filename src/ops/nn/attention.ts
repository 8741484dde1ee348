import { Tensor } from '../../tensor/tensor.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { add, mul, where } from '../binary.js';
import { matmul } from '../matmul.js';
import { transpose } from '../movement.js';
import { softmax } from './softmax.js';
import { dropout } from './dropout.js';
import { floatDTypeOf } from './params.js';
import { canFuse, fusedSdpa } from './attention-sdpa.js';

/** Options of scaledDotProductAttention (PyTorch's keyword arguments, plus returnWeights). */
export interface AttentionOptions {
  /** Bool (true = may attend, as PyTorch) or float (added to the scores), broadcast to [..., L, S]. */
  attnMask?: Tensor | null;
  /** Dropout probability on the attention weights (default 0). */
  dropoutP?: number;
  /** Query i attends to keys 0..i (mask tril(ones(L, S)), aligned top-left). */
  isCausal?: boolean;
  /** Multiplies q k^T (default 1 / sqrt(E)). */
  scale?: number | null;
  /** Also return the attention weights. */
  returnWeights?: boolean;
}

/** The causal mask tril(ones(L, S)) as bool [L, S]. */
function causalMask(L: number, S: number): Tensor {
  const m = Tensor.empty([L, S], 'bool');
  for (let i = 0; i < L; i++) for (let j = 0; j <= i && j < S; j++) m.storage[i * S + j] = 1;
  return m;
}

/**
 * Attention (PyTorch's `F.scaled_dot_product_attention`, math path): softmax(q k^T * scale +
 * mask) v for q [..., L, E], k [..., S, E], v [..., S, Ev] → [..., L, Ev]. With `returnWeights`,
 * returns `{ output, weights }` (weights [..., L, S], after dropout). A query whose every key is
 * masked gets NaN, as in PyTorch.
 *
 * ```ts
 * const y = nb.scaledDotProductAttention(q, k, v, { isCausal: true }); // q, k, v [B, H, T, D]
 * ```
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts?: AttentionOptions & { returnWeights?: false }): Tensor;
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions & { returnWeights: true }): { output: Tensor; weights: Tensor };
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): Tensor | { output: Tensor; weights: Tensor } {
  const op = 'scaledDotProductAttention';
  for (const [name, t] of [['query', q], ['key', k], ['value', v]] as const) {
    if (t.ndim < 2) throw new ShapeError(`${op}: ${name} must have at least 2 dims [..., L, E], got shape ${fmtShape(t.shape)}`);
  }
  const L = q.shape[q.ndim - 2], E = q.shape[q.ndim - 1], S = k.shape[k.ndim - 2];
  if (k.shape[k.ndim - 1] !== E) throw new ShapeError(`${op}: query ${fmtShape(q.shape)} [..., L, E] and key ${fmtShape(k.shape)} [..., S, E] have different E`);
  if (v.shape[v.ndim - 2] !== S) throw new ShapeError(`${op}: key ${fmtShape(k.shape)} [..., S, E] and value ${fmtShape(v.shape)} [..., S, Ev] have different S`);
  floatDTypeOf(op, q, k, v);
  const mask = opts.attnMask ?? null;
  if (mask && opts.isCausal) throw new ValueError(`${op}: pass either attnMask or isCausal, not both`);
  const scale = opts.scale ?? 1 / Math.sqrt(E);
  if (!opts.returnWeights && canFuse(q, k, v, mask, opts.dropoutP ?? 0)) {
    return fusedSdpa(q, k, v, mask, scale, opts.isCausal ?? false, (a, b, c) => compositeAttention(a, b, c, mask, scale, opts));
  }
  return compositeAttention(q, k, v, mask, scale, opts);
}

/** The math path from differentiable ops (also the createGraph path of the fused node). */
function compositeAttention(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, scale: number, opts: AttentionOptions): Tensor | { output: Tensor; weights: Tensor } {
  const op = 'scaledDotProductAttention';
  const L = q.shape[q.ndim - 2], S = k.shape[k.ndim - 2];
  // Scale q ([..., L, E]) rather than the scores ([..., L, S], usually larger): one smaller
  // product forward and backward.
  let scores = matmul(mul(q, scale), transpose(k, -2, -1)); // [..., L, S]
  if (opts.isCausal) scores = where(causalMask(L, S), scores, -Infinity);
  if (mask) {
    if (mask.dtype === 'bool') scores = where(mask, scores, -Infinity);
    else if (mask.dtype === 'float32' || mask.dtype === 'float64') scores = add(scores, mask);
    else throw new DTypeError(`${op}: attnMask must be bool or floating point, got ${mask.dtype}`);
  }
  let weights = softmax(scores, -1);
  const p = opts.dropoutP ?? 0;
  if (p > 0) weights = dropout(weights, p);
  const output = matmul(weights, v); // [..., L, Ev]
  return opts.returnWeights ? { output, weights } : output;
}
