import { Tensor } from '../../tensor/tensor.js';
import { allocStorage, allocUninit } from '../../tensor/dtype.js';
import { markFreshGradient } from '../../autograd/fresh.js';
import { contiguousStrides } from '../../tensor/shape.js';
import { needsGrad, record } from '../../autograd/record.js';
import { recycleStorage } from '../../tensor/storage-pool.js';
import { isGradEnabled } from '../../autograd/grad-mode.js';
import { grad } from '../../autograd/engine.js';
import { contiguous } from '../cast.js';
import { attentionBackward, attentionForward, nativeAttention, NSLOT, SLOT, type FloatArray } from './attention-kernel.js';

/** At most this many probabilities (BH·L·S) are kept from the forward for the backward. */
const KEEP_PROBS_MAX = 1 << 22;

// Attention as ONE autograd node (forward and first-order backward by the fused kernel of
// ./attention-kernel.ts, native when available): no [..., L, S] scores, probabilities or mask
// tensors are allocated. q, k and v are strided views into the node's `sources` (so the packed
// q|k|v output of MultiheadAttention's in-projection gets one gradient buffer, not three
// full-size slice gradients summed). With createGraph the backward differentiates `composite`
// (the same function from differentiable ops) instead, so higher-order gradients still work.

/** Where one operand lives: element (...batch, r, c) at offset + Σ batch·batchStrides + r·rs + c·cs. */
export interface OperandLayout {
  /** Index of the source tensor in `sources`. */
  src: number;
  /** One stride per dim of the common batch shape (0 where broadcast). */
  batchStrides: readonly number[];
  rs: number;
  cs: number;
  /** Offset into the source's storage (read). */
  offset: number;
  /** The same element's position in a contiguous gradient buffer of the source's shape. */
  gradBatchStrides: readonly number[];
  gradRs: number;
  gradCs: number;
  gradOffset: number;
}

/** An additive mask already in q's dtype, viewed over [...batch, L, S] (no gradient). */
export interface MaskLayout {
  data: FloatArray;
  batchStrides: readonly number[];
  rs: number;
  cs: number;
  offset: number;
}

export interface FusedAttentionArgs {
  sources: readonly Tensor[];
  q: OperandLayout;
  k: OperandLayout;
  v: OperandLayout;
  masks: readonly MaskLayout[];
  batch: readonly number[];
  L: number; S: number; E: number; Ev: number;
  scale: number;
  causal: boolean;
  /** masks[0] came from a bool mask: its -inf entries pass no gradient (as the math path's where()). */
  select1?: boolean;
  /** The node's output: a fresh contiguous tensor of outShape, with the [...batch, L, Ev] view into it. */
  outShape: readonly number[];
  outBatchStrides: readonly number[];
  outRs: number;
  outCs: number;
  /** The same computation from differentiable ops, for createGraph. */
  composite: (...sources: Tensor[]) => Tensor;
}

/** The layout of a plain tensor t [...tb, R, C] whose batch dims broadcast (right-aligned) to `batch`. */
export function tensorLayout(t: Tensor, src: number, batch: readonly number[]): OperandLayout {
  const nb = t.ndim - 2;
  const g = contiguousStrides(t.shape);
  const bs = batch.map((_, i) => { const d = i - (batch.length - nb); return d < 0 || t.shape[d] === 1 ? 0 : t.strides[d]; });
  const gbs = batch.map((_, i) => { const d = i - (batch.length - nb); return d < 0 || t.shape[d] === 1 ? 0 : g[d]; });
  return { src, batchStrides: bs, rs: t.strides[nb], cs: t.strides[nb + 1], offset: t.offset,
    gradBatchStrides: gbs, gradRs: g[nb], gradCs: g[nb + 1], gradOffset: 0 };
}

/** A mask m [..., L, S] (contiguous or not) as a MaskLayout over `batch`. */
export function maskLayout(m: Tensor, batch: readonly number[]): MaskLayout {
  const nb = m.ndim - 2;
  const bs = batch.map((_, i) => { const d = i - (batch.length - nb); return d < 0 || m.shape[d] === 1 ? 0 : m.strides[d]; });
  const r = m.shape[nb] === 1 ? 0 : m.strides[nb], c = m.shape[nb + 1] === 1 ? 0 : m.strides[nb + 1];
  return { data: m.storage as FloatArray, batchStrides: bs, rs: r, cs: c, offset: m.offset };
}

/**
 * True when m (float, [..., L, S] with leading dims 1) is the causal mask: -inf above the
 * diagonal, 0 elsewhere (generateSquareSubsequentMask's), so the kernel can skip those keys.
 */
export function isCausalMask(m: Tensor): boolean {
  if (m.ndim < 2 || (m.dtype !== 'float32' && m.dtype !== 'float64') || m.shape.slice(0, -2).some((d) => d !== 1)) return false;
  const L = m.shape[m.ndim - 2], S = m.shape[m.ndim - 1];
  const rs = m.strides[m.ndim - 2], cs = m.strides[m.ndim - 1], d = m.storage;
  for (let i = 0; i < L; i++) {
    for (let j = 0; j < S; j++) {
      const v = d[m.offset + i * rs + j * cs];
      if (j > i ? v !== -Infinity : v !== 0) return false;
    }
  }
  return true;
}

/** Offsets of every batch index (row-major over `batch`). */
function offsets(batch: readonly number[], strides: readonly number[], base: number, into: Float64Array, at: number): void {
  const n = batch.reduce((a, b) => a * b, 1);
  const idx = new Array<number>(batch.length).fill(0);
  let o = base;
  for (let i = 0; i < n; i++) {
    into[at + i] = o;
    for (let d = batch.length - 1; d >= 0; d--) {
      idx[d]++;
      o += strides[d];
      if (idx[d] < batch[d]) break;
      o -= strides[d] * batch[d];
      idx[d] = 0;
    }
  }
}

function buildMeta(a: FusedAttentionArgs, gOut: { bs: readonly number[]; rs: number; cs: number; off: number }): Float64Array {
  const BH = a.batch.reduce((x, y) => x * y, 1);
  const per = 2 + BH;
  const m = new Float64Array(8 + NSLOT * per);
  m.set([BH, a.L, a.S, a.E, a.Ev, a.scale, a.causal ? 1 : 0, a.select1 ? 1 : 0]);
  const put = (slot: number, bs: readonly number[], rs: number, cs: number, off: number): void => {
    const at = 8 + slot * per;
    m[at] = rs; m[at + 1] = cs;
    offsets(a.batch, bs, off, m, at + 2);
  };
  put(SLOT.q, a.q.batchStrides, a.q.rs, a.q.cs, a.q.offset);
  put(SLOT.k, a.k.batchStrides, a.k.rs, a.k.cs, a.k.offset);
  put(SLOT.v, a.v.batchStrides, a.v.rs, a.v.cs, a.v.offset);
  a.masks.forEach((mk, i) => put(i === 0 ? SLOT.m1 : SLOT.m2, mk.batchStrides, mk.rs, mk.cs, mk.offset));
  put(SLOT.o, gOut.bs, gOut.rs, gOut.cs, gOut.off);
  put(SLOT.dq, a.q.gradBatchStrides, a.q.gradRs, a.q.gradCs, a.q.gradOffset);
  put(SLOT.dk, a.k.gradBatchStrides, a.k.gradRs, a.k.gradCs, a.k.gradOffset);
  put(SLOT.dv, a.v.gradBatchStrides, a.v.gradRs, a.v.gradCs, a.v.gradOffset);
  return m;
}

/** Runs the fused attention node; see FusedAttentionArgs. */
export function fusedAttention(a: FusedAttentionArgs): Tensor {
  const dtype = a.sources[a.q.src].dtype;
  const st = (s: number) => a.sources[s].storage as FloatArray;
  const out = new Tensor(allocStorage(dtype, a.outShape.reduce((x, y) => x * y, 1)), a.outShape, dtype);
  const m1 = a.masks[0]?.data ?? null, m2 = a.masks[1]?.data ?? null;
  const meta = buildMeta(a, { bs: a.outBatchStrides, rs: a.outRs, cs: a.outCs, off: 0 });
  // The native kernels keep the probabilities [BH, L, S] for the backward when it will run and
  // they are not too many: it then skips recomputing Q K^T and the softmax. Handed back to the
  // storage pool when the node releases its graph.
  const nKeep = meta[0] * a.L * a.S;
  const keep = needsGrad(a.sources) && nKeep > 0 && nKeep <= KEEP_PROBS_MAX && nativeAttention() ? allocUninit(dtype, nKeep) as FloatArray : null;
  attentionForward(st(a.q.src), st(a.k.src), st(a.v.src), m1, m2, out.storage as FloatArray, meta, keep);
  const y = record('scaledDotProductAttention', a.sources, out, (g) => {
    if (isGradEnabled()) {
      // createGraph: differentiate the composite (its graph reaches the same sources).
      const want = a.sources.filter((s) => s.requiresGrad);
      const gw = grad(a.composite(...a.sources), want, { gradOutputs: g, createGraph: true, retainGraph: true, allowUnused: true });
      return a.sources.map((s) => (s.requiresGrad ? gw[want.indexOf(s)] : null));
    }
    const gc = contiguous(g);
    const grads = a.sources.map((s) => new Tensor(allocStorage(dtype, s.numel()), s.shape, dtype));
    const bmeta = buildMeta(a, { bs: a.outBatchStrides, rs: a.outRs, cs: a.outCs, off: gc.offset });
    const gs = (s: number) => grads[s].storage as FloatArray;
    attentionBackward(st(a.q.src), st(a.k.src), st(a.v.src), m1, m2, gc.storage as FloatArray, gs(a.q.src), gs(a.k.src), gs(a.v.src), bmeta, keep);
    return grads.map((t) => markFreshGradient(t)); // new buffers only this rule has seen
  });
  if (keep) y.gradFn?.whenReleased(() => recycleStorage(dtype, keep));
  return y;
}
