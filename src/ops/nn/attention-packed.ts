import type { Tensor } from '../../tensor/tensor.js';
import { ShapeError, fmtShape } from '../../tensor/errors.js';
import { add } from '../binary.js';
import { contiguous } from '../cast.js';
import { chunk } from '../join.js';
import { permute, reshape } from '../movement.js';
import { fusedAttention, isCausalMask, maskLayout } from './attention-fused.js';
import { scaledDotProductAttention } from './attention.js';
import { full } from '../../tensor/creation.js';
import { triu } from '../triangular.js';

/** The causal mask as 0 / -inf [L, L] in `dtype` (for the math path only). */
const causalAdditive = (L: number, dtype: Tensor['dtype']) => triu(full([L, L], -Infinity, { dtype }), 1);

// Self-attention straight from the packed output of MultiheadAttention's in-projection:
// qkv [B, L, 3E] (batchFirst) or [L, B, 3E] holds q | k | v along the last dim, head h at
// columns h*hd..(h+1)*hd of each. The fused node reads the heads in place and writes its output
// as [B, L, E] / [L, B, E] (ready for the out-projection), and its backward fills ONE gradient
// buffer for qkv: no head transposes, no per-slice gradients summed.

export interface PackedAttentionOptions {
  batchFirst: boolean;
  /** Additive float mask [L, S], [1, L, S] or [B * numHeads, L, S], in qkv's dtype. */
  attnMask?: Tensor | null;
  /** Additive float mask [B, S], in qkv's dtype. */
  keyPaddingMask?: Tensor | null;
  /** Query i attends to keys 0..i (no mask tensor read). */
  causal?: boolean;
}

/** softmax(q k^T / sqrt(hd) + masks) v per head for packed qkv; returns [B, L, E] or [L, B, E]. */
export function packedSelfAttention(qkv: Tensor, numHeads: number, opts: PackedAttentionOptions): Tensor {
  const x = contiguous(qkv);
  if (x.ndim !== 3 || x.shape[2] % (3 * numHeads) !== 0) {
    throw new ShapeError(`packedSelfAttention: expected qkv [N0, N1, 3E] with E divisible by ${numHeads} heads, got ${fmtShape(qkv.shape)}`);
  }
  const bf = opts.batchFirst;
  const E = x.shape[2] / 3, H = numHeads, hd = E / H;
  const B = bf ? x.shape[0] : x.shape[1], L = bf ? x.shape[1] : x.shape[0];
  const batch = [B, H];
  // (b, h, l, c) → b*sb + h*hd + l*rs + c, in qkv and (with E for 3E) in the output.
  const sb = bf ? L * 3 * E : 3 * E, rs = bf ? 3 * E : B * 3 * E;
  const operand = (part: number) => ({
    src: 0, batchStrides: [sb, hd], rs, cs: 1, offset: x.offset + part * E,
    gradBatchStrides: [sb, hd], gradRs: rs, gradCs: 1, gradOffset: part * E,
  });
  const masks = [];
  let am = opts.attnMask ?? null;
  let causal = opts.causal ?? false;
  if (am && isCausalMask(am)) { causal = true; am = null; }
  if (am && am.ndim === 3 && am.shape[0] === B * H && B * H !== 1) am = reshape(am, [B, H, L, L]);
  if (am) masks.push(maskLayout(am, batch));
  const kpm = opts.keyPaddingMask ? reshape(opts.keyPaddingMask, [B, 1, 1, L]) : null;
  if (kpm) masks.push(maskLayout(kpm, batch));
  const ob = bf ? L * E : E, orow = bf ? E : B * E;
  return fusedAttention({
    sources: [x], q: operand(0), k: operand(1), v: operand(2), masks, batch,
    L, S: L, E: hd, Ev: hd, scale: 1 / Math.sqrt(hd), causal,
    outShape: bf ? [B, L, E] : [L, B, E], outBatchStrides: [ob, hd], outRs: orow, outCs: 1,
    composite: (src: Tensor) => {
      // [N0, N1, E] → [B, H, L, hd] and back, through the math path.
      const heads = (t: Tensor) => (bf ? permute(reshape(t, [B, L, H, hd]), [0, 2, 1, 3]) : permute(reshape(t, [L, B, H, hd]), [1, 2, 0, 3]));
      const [q, k, v] = chunk(src, 3, -1).map(heads);
      let mask = am && kpm ? add(am, kpm) : am ?? kpm;
      if (causal) mask = mask ? add(mask, causalAdditive(L, x.dtype)) : causalAdditive(L, x.dtype);
      const o = scaledDotProductAttention(q, k, v, { attnMask: mask, returnWeights: true }).output; // [B, H, L, hd]
      return bf ? reshape(permute(o, [0, 2, 1, 3]), [B, L, E]) : reshape(permute(o, [2, 0, 1, 3]), [L, B, E]);
    },
  });
}
