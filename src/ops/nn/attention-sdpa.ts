import type { Tensor } from '../../tensor/tensor.js';
import { broadcastShapes } from '../../tensor/shape.js';
import { full } from '../../tensor/creation.js';
import { where } from '../binary.js';
import { castTo } from '../cast.js';
import { fusedAttention, isCausalMask, maskLayout, tensorLayout } from './attention-fused.js';

// scaledDotProductAttention's fused path: q [..., L, E], k [..., S, E], v [..., S, Ev] (batch
// dims broadcast, any strides) and an optional mask, as one node (./attention-fused.ts).

/** Whether the fused node computes this call exactly as the math path would. */
export function canFuse(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, dropoutP: number): boolean {
  if (dropoutP > 0) return false;
  if (q.dtype !== k.dtype || q.dtype !== v.dtype || (q.dtype !== 'float32' && q.dtype !== 'float64')) return false;
  if (q.numel() === 0 || k.numel() === 0 || v.numel() === 0) return false;
  if (mask && (mask.ndim < 2 || mask.requiresGrad || (mask.dtype !== 'bool' && mask.dtype !== q.dtype))) return false;
  return true;
}

/** The fused node for the plain functional; `composite` is the math path (for createGraph). */
export function fusedSdpa(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, scale: number, causal: boolean,
  composite: (q: Tensor, k: Tensor, v: Tensor) => Tensor | { output: Tensor }): Tensor {
  const tail = (t: Tensor) => t.shape.slice(0, t.ndim - 2);
  const shapes = [tail(q), tail(k), tail(v)];
  if (mask) shapes.push(tail(mask));
  const batch = shapes.reduce((a, b) => broadcastShapes('scaledDotProductAttention', a, b));
  const L = q.shape[q.ndim - 2], E = q.shape[q.ndim - 1], S = k.shape[k.ndim - 2], Ev = v.shape[v.ndim - 1];
  // Distinct sources (self-attention on one tensor gets one gradient buffer).
  const sources: Tensor[] = [];
  const srcOf = (t: Tensor): number => { let i = sources.indexOf(t); if (i < 0) { sources.push(t); i = sources.length - 1; } return i; };
  const iq = srcOf(q), ik = srcOf(k), iv = srcOf(v);
  let additive: Tensor | null = null;
  if (mask && !causal && isCausalMask(mask)) { causal = true; mask = null; } // the kernel skips the masked keys
  if (mask) {
    // true = may attend (PyTorch's sdpa convention) → 0, false → -inf; a mask-sized tensor only.
    additive = mask.dtype === 'bool' ? where(mask, castTo(full([], 0), q.dtype), castTo(full([], -Infinity), q.dtype)) : mask;
  }
  const outShape = [...batch, L, Ev];
  const outBatchStrides: number[] = new Array<number>(batch.length);
  for (let d = batch.length - 1, s = L * Ev; d >= 0; d--) { outBatchStrides[d] = s; s *= batch[d]; }
  return fusedAttention({
    sources,
    q: tensorLayout(q, iq, batch), k: tensorLayout(k, ik, batch), v: tensorLayout(v, iv, batch),
    masks: additive ? [maskLayout(additive, batch)] : [],
    batch, L, S, E, Ev, scale, causal, select1: mask?.dtype === 'bool',
    outShape, outBatchStrides, outRs: Ev, outCs: 1,
    composite: (...src: Tensor[]) => {
      const r = composite(src[iq], src[ik], src[iv]);
      return 'output' in r ? r.output : r;
    },
  });
}
