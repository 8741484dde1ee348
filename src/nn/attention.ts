import type { Tensor } from '../tensor/tensor.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { full, zeros } from '../tensor/creation.js';
import { add, where } from '../ops/binary.js';
import { castTo } from '../ops/cast.js';
import { expand, reshape, squeeze, transpose, unsqueeze } from '../ops/movement.js';
import { cat, chunk } from '../ops/join.js';
import { mean } from '../ops/reduce.js';
import { triu } from '../ops/triangular.js';
import { pad } from '../ops/pad.js';
import { linear } from '../ops/nn/linear.js';
import { scaledDotProductAttention } from '../ops/nn/attention.js';
import { packedSelfAttention } from '../ops/nn/attention-packed.js';
import { Module } from './module.js';
import type { Parameter } from './parameter.js';
import { Linear } from './linear.js';
import { constant_, xavierNormal_, xavierUniform_ } from './init.js';
import { emptyParam, reprArgs } from './layer-util.js';

/**
 * The causal mask of a sequence of `size` steps (PyTorch's
 * `Transformer.generate_square_subsequent_mask`): float [size, size], -inf above the diagonal
 * and 0 elsewhere, so position i attends to positions 0..i.
 */
export function generateSquareSubsequentMask(size: number): Tensor {
  if (!Number.isInteger(size) || size < 0) throw new ValueError(`generateSquareSubsequentMask: size must be a non-negative integer, got ${size}`);
  return triu(full([size, size], -Infinity), 1);
}

/** PyTorch's name for the output projection of MultiheadAttention (a plain Linear). */
export class NonDynamicallyQuantizableLinear extends Linear {}

/** Options of MultiheadAttention (PyTorch's keyword arguments). */
export interface MultiheadAttentionOptions {
  /** Dropout on the attention weights in training mode (default 0). */
  dropout?: number;
  /** Biases in the input and output projections (default true). */
  bias?: boolean;
  /** Learned bias_k / bias_v appended to the keys and values as one more position (default false). */
  addBiasKv?: boolean;
  /** Append a zero key and value position (default false). */
  addZeroAttn?: boolean;
  /** Feature size of the keys (default embedDim; otherwise separate q/k/v projection weights). */
  kdim?: number;
  /** Feature size of the values (default embedDim). */
  vdim?: number;
  /** Inputs and output are [B, L, E] instead of [L, B, E] (default false). */
  batchFirst?: boolean;
}

/** Options of MultiheadAttention.forward (PyTorch's arguments). */
export interface MultiheadAttentionForwardOptions {
  /** [B, S] (or [S] unbatched): bool, true = ignore that key (as PyTorch); or float, added to the scores. */
  keyPaddingMask?: Tensor | null;
  /** Return the attention weights (default true). */
  needWeights?: boolean;
  /**
   * [L, S] or [B * numHeads, L, S]: bool, true = NOT allowed to attend (PyTorch's MHA convention,
   * the opposite of scaledDotProductAttention's bool mask); or float, added to the scores.
   */
  attnMask?: Tensor | null;
  /** Average the returned weights over heads ([B, L, S]) or not ([B, numHeads, L, S]); default true. */
  averageAttnWeights?: boolean;
  /** Causal attention: when no attnMask is given, uses generateSquareSubsequentMask (a hint otherwise, as PyTorch). */
  isCausal?: boolean;
}

/**
 * Multi-head attention (PyTorch's `nn.MultiheadAttention`), with PyTorch's parameters:
 * `in_proj_weight` [3E, E] (or `q_proj_weight`, `k_proj_weight`, `v_proj_weight` when kdim/vdim
 * differ), `in_proj_bias` [3E], `bias_k`/`bias_v` [1, 1, E], `out_proj.weight`/`out_proj.bias`.
 * Returns `[output, weights]`; weights are averaged over heads [B, L, S] or per head
 * [B, numHeads, L, S], or null with `needWeights: false`. A query whose keys are all masked
 * gives NaN, as in PyTorch.
 *
 * ```ts
 * const mha = new nn.MultiheadAttention(64, 8, { batchFirst: true });
 * const [y, w] = mha.forward(x, x, x, { keyPaddingMask: pad }); // x [B, T, 64] → y [B, T, 64], w [B, T, T]
 * ```
 */
export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly numHeads: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly headDim: number;
  readonly addZeroAttn: boolean;
  private readonly qkvSameEmbedDim: boolean;
  inProjWeight!: Parameter | null;
  qProjWeight!: Parameter | null;
  kProjWeight!: Parameter | null;
  vProjWeight!: Parameter | null;
  inProjBias!: Parameter | null;
  biasK!: Parameter | null;
  biasV!: Parameter | null;
  outProj!: NonDynamicallyQuantizableLinear;

  constructor(embedDim: number, numHeads: number, options: MultiheadAttentionOptions = {}) {
    super();
    const op = 'MultiheadAttention';
    if (!Number.isInteger(embedDim) || embedDim <= 0) throw new ValueError(`${op}: embedDim must be a positive integer, got ${embedDim}`);
    if (!Number.isInteger(numHeads) || numHeads <= 0 || embedDim % numHeads !== 0) {
      throw new ValueError(`${op}: embedDim (${embedDim}) must be divisible by numHeads (${numHeads})`);
    }
    this.embedDim = embedDim;
    this.kdim = options.kdim ?? embedDim;
    this.vdim = options.vdim ?? embedDim;
    this.numHeads = numHeads;
    this.dropout = options.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new ValueError(`${op}: dropout must be in [0, 1], got ${this.dropout}`);
    this.batchFirst = options.batchFirst ?? false;
    this.headDim = embedDim / numHeads;
    this.addZeroAttn = options.addZeroAttn ?? false;
    this.qkvSameEmbedDim = this.kdim === embedDim && this.vdim === embedDim;
    const bias = options.bias ?? true;
    if (this.qkvSameEmbedDim) {
      this.inProjWeight = xavierUniform_(emptyParam([3 * embedDim, embedDim])) as Parameter;
      this.qProjWeight = this.kProjWeight = this.vProjWeight = null;
    } else {
      this.inProjWeight = null;
      this.qProjWeight = xavierUniform_(emptyParam([embedDim, embedDim])) as Parameter;
      this.kProjWeight = xavierUniform_(emptyParam([embedDim, this.kdim])) as Parameter;
      this.vProjWeight = xavierUniform_(emptyParam([embedDim, this.vdim])) as Parameter;
    }
    this.inProjBias = bias ? constant_(emptyParam([3 * embedDim]), 0) as Parameter : null;
    this.biasK = options.addBiasKv ? xavierNormal_(emptyParam([1, 1, embedDim])) as Parameter : null;
    this.biasV = options.addBiasKv ? xavierNormal_(emptyParam([1, 1, embedDim])) as Parameter : null;
    this.outProj = new NonDynamicallyQuantizableLinear(embedDim, embedDim, { bias });
    if (this.outProj.bias) constant_(this.outProj.bias, 0);
  }

  /** query [L, B, E] ([B, L, E] with batchFirst, or [L, E]); key [S, B, kdim]; value [S, B, vdim] → [output, weights]. */
  forward(query: Tensor, key: Tensor, value: Tensor, options: MultiheadAttentionForwardOptions = {}): [Tensor, Tensor | null] {
    const op = 'MultiheadAttention';
    const E = this.embedDim, H = this.numHeads, hd = this.headDim;
    const batched = query.ndim === 3;
    const layout = batched ? (this.batchFirst ? '[B, L, E]' : '[L, B, E]') : '[L, E]';
    if (query.ndim !== 2 && query.ndim !== 3) throw new ShapeError(`${op}: expected query of 3 dims ${this.batchFirst ? '[B, L, E]' : '[L, B, E]'} or 2 dims [L, E], got ${fmtShape(query.shape)}`);
    if (key.ndim !== query.ndim || value.ndim !== query.ndim) {
      throw new ShapeError(`${op}: query ${fmtShape(query.shape)}, key ${fmtShape(key.shape)} and value ${fmtShape(value.shape)} must all be ${layout}`);
    }
    // Work in [L, B, E] as PyTorch does.
    let q = batched ? (this.batchFirst ? transpose(query, 0, 1) : query) : unsqueeze(query, 1);
    let k = batched ? (this.batchFirst ? transpose(key, 0, 1) : key) : unsqueeze(key, 1);
    let v = batched ? (this.batchFirst ? transpose(value, 0, 1) : value) : unsqueeze(value, 1);
    const [L, B] = q.shape;
    const S0 = k.shape[0];
    if (q.shape[2] !== E) throw new ShapeError(`${op}: query ${fmtShape(query.shape)} must have embedDim = ${E} features`);
    if (k.shape[1] !== B || v.shape[1] !== B || v.shape[0] !== S0 || k.shape[2] !== this.kdim || v.shape[2] !== this.vdim) {
      throw new ShapeError(`${op}: key ${fmtShape(key.shape)} and value ${fmtShape(value.shape)} must be ${layout} with S = ${S0}, B = ${B}, kdim = ${this.kdim}, vdim = ${this.vdim}`);
    }
    // Masks become float masks to add to the scores.
    let attnMask = options.attnMask ?? null;
    if (!attnMask && options.isCausal) attnMask = generateSquareSubsequentMask(L);
    let mask = attnMask ? additiveMask(op, 'attnMask', attnMask, q.dtype) : null;
    if (mask) {
      const ok2 = mask.ndim === 2 && mask.shape[0] === L && mask.shape[1] === S0;
      const ok3 = mask.ndim === 3 && mask.shape[0] === B * H && mask.shape[1] === L && mask.shape[2] === S0;
      if (!ok2 && !ok3) throw new ShapeError(`${op}: attnMask of shape ${fmtShape(mask.shape)}, expected [L, S] = [${L}, ${S0}] or [B * numHeads, L, S] = [${B * H}, ${L}, ${S0}]`);
      if (ok2) mask = unsqueeze(mask, 0);
    }
    let kpm = options.keyPaddingMask ? additiveMask(op, 'keyPaddingMask', options.keyPaddingMask, q.dtype) : null;
    if (kpm) {
      if (!batched) kpm = unsqueeze(kpm, 0);
      if (kpm.ndim !== 2 || kpm.shape[0] !== B || kpm.shape[1] !== S0) throw new ShapeError(`${op}: keyPaddingMask of shape ${fmtShape(options.keyPaddingMask!.shape)}, expected ${batched ? `[B, S] = [${B}, ${S0}]` : `[S] = [${S0}]`}`);
    }
    // Self-attention with the packed projection, no weights wanted: one fused node (the heads
    // read in place from the [.., 3E] projection, one gradient buffer for q|k|v).
    const p = this.training ? this.dropout : 0;
    if (batched && p === 0 && !(options.needWeights ?? true) && this.inProjWeight && query === key && key === value &&
      !this.biasK && !this.addZeroAttn && (q.dtype === 'float32' || q.dtype === 'float64') && !mask?.requiresGrad && !kpm?.requiresGrad) {
      const qkv = linear(query, this.inProjWeight, this.inProjBias); // [B, L, 3E] or [L, B, 3E]
      const o = packedSelfAttention(qkv, H, { batchFirst: this.batchFirst, attnMask: mask, keyPaddingMask: kpm });
      return [this.outProj.forward(o), null];
    }
    // Input projections ([L, B, E] etc.).
    if (this.inProjWeight) {
      if (query === key && key === value) {
        [q, k, v] = chunk(linear(q, this.inProjWeight, this.inProjBias), 3, -1); // self-attention: one matmul
      } else {
        const w = chunk(this.inProjWeight, 3, 0);
        const b = this.inProjBias ? chunk(this.inProjBias, 3, 0) : [null, null, null];
        q = linear(q, w[0], b[0]);
        k = linear(k, w[1], b[1]);
        v = linear(v, w[2], b[2]);
      }
    } else {
      const b = this.inProjBias ? chunk(this.inProjBias, 3, 0) : [null, null, null];
      q = linear(q, this.qProjWeight as Parameter, b[0]);
      k = linear(k, this.kProjWeight as Parameter, b[1]);
      v = linear(v, this.vProjWeight as Parameter, b[2]);
    }
    if (this.biasK && this.biasV) {
      k = cat([k, expand(this.biasK, [1, B, E])], 0);
      v = cat([v, expand(this.biasV, [1, B, E])], 0);
      if (mask) mask = pad(mask, [0, 1]);
      if (kpm) kpm = pad(kpm, [0, 1]);
    }
    // Heads: [L, B, E] → [B * H, L, hd].
    const heads = (t: Tensor): Tensor => transpose(reshape(t, [t.shape[0], B * H, hd]), 0, 1);
    let qh = heads(q), kh = heads(k), vh = heads(v);
    if (this.addZeroAttn) {
      kh = cat([kh, zeros([B * H, 1, hd], { dtype: kh.dtype })], 1);
      vh = cat([vh, zeros([B * H, 1, hd], { dtype: vh.dtype })], 1);
      if (mask) mask = pad(mask, [0, 1]);
      if (kpm) kpm = pad(kpm, [0, 1]);
    }
    const S = kh.shape[1];
    if (kpm) {
      const kpmHeads = reshape(expand(reshape(kpm, [B, 1, 1, S]), [B, H, 1, S]), [B * H, 1, S]);
      mask = mask ? add(mask, kpmHeads) : kpmHeads;
    }
    const { output: oh, weights } = scaledDotProductAttention(qh, kh, vh, { attnMask: mask, dropoutP: p, returnWeights: true }); // [B*H, L, hd], [B*H, L, S]
    let out = reshape(transpose(oh, 0, 1), [L * B, E]);
    out = reshape(this.outProj.forward(out), [L, B, E]);
    if (!batched) out = squeeze(out, 1);
    else if (this.batchFirst) out = transpose(out, 0, 1);
    if (!(options.needWeights ?? true)) return [out, null];
    let w = reshape(weights, [B, H, L, S]);
    if (options.averageAttnWeights ?? true) w = mean(w, 1);
    if (!batched) w = squeeze(w, 0);
    return [out, w];
  }

  override extraRepr(): string {
    return reprArgs({ embedDim: this.embedDim, numHeads: this.numHeads, dropout: this.dropout || undefined, batchFirst: this.batchFirst || undefined });
  }
}

/** A bool mask (true = masked out) as 0 / -inf, or a float mask as is, in `dtype`. */
function additiveMask(op: string, what: string, m: Tensor, dtype: Tensor['dtype']): Tensor {
  if (m.dtype === 'bool') return where(m, castTo(full([], -Infinity), dtype), castTo(full([], 0), dtype));
  if (m.dtype === 'float32' || m.dtype === 'float64') return m.dtype === dtype ? m : castTo(m, dtype);
  throw new DTypeError(`${op}: ${what} must be bool (true = masked out) or floating point (added to the scores), got ${m.dtype}`);
}
