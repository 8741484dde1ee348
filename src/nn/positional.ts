import { Tensor } from '../tensor/tensor.js';
import { IndexError, ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { arange, tensor } from '../tensor/creation.js';
import { add, div, mul } from '../ops/binary.js';
import { cos, exp, neg, reciprocal, rpowScalar, sin } from '../ops/unary.js';
import { castTo } from '../ops/cast.js';
import { narrow, reshape, slice, transpose, unsqueeze } from '../ops/movement.js';
import { cat, stack } from '../ops/join.js';
import { repeatInterleave } from '../ops/shuffle.js';
import { Module } from './module.js';
import type { Parameter } from './parameter.js';
import { Dropout } from './dropout.js';
import { normal_ } from './init.js';
import { emptyParam, reprArgs } from './layer-util.js';

function positiveInt(op: string, what: string, v: number): void {
  if (!Number.isInteger(v) || v <= 0) throw new ValueError(`${op}: ${what} must be a positive integer, got ${v}`);
}

/** The sequence length of x [T, B, E] (or [B, T, E] with batchFirst), checking the feature size. */
function seqLen(op: string, x: Tensor, dModel: number, batchFirst: boolean, maxLen: number, offset = 0): number {
  if (x.ndim !== 3 || x.shape[2] !== dModel) {
    throw new ShapeError(`${op}: expected input ${batchFirst ? '[B, T, E]' : '[T, B, E]'} with E = ${dModel}, got ${fmtShape(x.shape)}`);
  }
  const T = x.shape[batchFirst ? 1 : 0];
  if (offset + T > maxLen) throw new IndexError(`${op}: positions ${offset}..${offset + T - 1} exceed maxLen = ${maxLen}`);
  return T;
}

/**
 * Sinusoidal positional encoding, as in PyTorch's Transformer tutorial: buffer `pe`
 * [maxLen, 1, dModel] with pe[p, 0, 2i] = sin(p / 10000^(2i/d)) and pe[p, 0, 2i+1] = cos(…);
 * forward adds pe[:T] to x and applies dropout.
 *
 * ```ts
 * const pos = new nn.PositionalEncoding(512, { dropout: 0.1 });
 * pos.forward(x); // x [T, B, 512]
 * ```
 */
export class PositionalEncoding extends Module {
  readonly dModel: number;
  readonly maxLen: number;
  readonly batchFirst: boolean;
  dropout!: Dropout;
  declare pe: Tensor;

  constructor(dModel: number, options: { dropout?: number; maxLen?: number; batchFirst?: boolean } = {}) {
    super();
    positiveInt('PositionalEncoding', 'dModel', dModel);
    this.dModel = dModel;
    this.maxLen = options.maxLen ?? 5000;
    positiveInt('PositionalEncoding', 'maxLen', this.maxLen);
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = new Dropout(options.dropout ?? 0.1);
    const half = Math.ceil(dModel / 2);
    const position = unsqueeze(arange(0, this.maxLen, 1, { dtype: 'float32' }), 1); // [maxLen, 1]
    const divTerm = exp(mul(arange(0, 2 * half, 2, { dtype: 'float32' }), -Math.log(10000) / dModel)); // [half]
    const angle = mul(position, divTerm); // [maxLen, half]
    // Interleave sin (even features) and cos (odd features), dropping the last cos for odd dModel.
    const pe = narrow(reshape(stack([sin(angle), cos(angle)], -1), [this.maxLen, 2 * half]), 1, 0, dModel);
    this.registerBuffer('pe', reshape(pe, [this.maxLen, 1, dModel]));
  }

  /** x [T, B, E] ([B, T, E] with batchFirst) → x + pe[:T], then dropout. */
  forward(x: Tensor): Tensor {
    const T = seqLen('PositionalEncoding', x, this.dModel, this.batchFirst, this.maxLen);
    let pe = slice(this.pe, 0, 0, T); // [T, 1, E]
    if (this.batchFirst) pe = transpose(pe, 0, 1); // [1, T, E]
    return this.dropout.forward(add(x, castTo(pe, x.dtype)));
  }

  override extraRepr(): string {
    return reprArgs({ dModel: this.dModel, maxLen: this.maxLen, batchFirst: this.batchFirst || undefined });
  }
}

/**
 * Learned absolute position embeddings (as in BERT and GPT-2): a `weight` [maxLen, dModel]
 * initialised N(0, 1) like nn.Embedding; forward adds weight[offset : offset + T] to x.
 */
export class LearnedPositionalEmbedding extends Module {
  readonly maxLen: number;
  readonly dModel: number;
  readonly batchFirst: boolean;
  weight!: Parameter;

  constructor(maxLen: number, dModel: number, options: { batchFirst?: boolean } = {}) {
    super();
    positiveInt('LearnedPositionalEmbedding', 'maxLen', maxLen);
    positiveInt('LearnedPositionalEmbedding', 'dModel', dModel);
    this.maxLen = maxLen;
    this.dModel = dModel;
    this.batchFirst = options.batchFirst ?? false;
    this.weight = normal_(emptyParam([maxLen, dModel])) as Parameter;
  }

  /** x [T, B, E] ([B, T, E] with batchFirst) → x + weight[offset : offset + T] (broadcast over the batch). */
  forward(x: Tensor, offset = 0): Tensor {
    const T = seqLen('LearnedPositionalEmbedding', x, this.dModel, this.batchFirst, this.maxLen, offset);
    const w = narrow(this.weight, 0, offset, T); // [T, E]
    return add(x, this.batchFirst ? unsqueeze(w, 0) : unsqueeze(w, 1));
  }

  override extraRepr(): string {
    return `${this.maxLen}, ${this.dModel}`;
  }
}

/** Options of rotary position embeddings. */
export interface RotaryOptions {
  /** Frequency base θ (default 10000): pair i rotates by position * base^(-2i/D). */
  base?: number;
  /**
   * Pair features (2i, 2i+1) as in RoFormer / GPT-J, instead of (i, i + D/2) as in GPT-NeoX /
   * LLaMA (the default, "rotate half").
   */
  interleaved?: boolean;
}

/** positions as a float32 [T] tensor. */
function positionTensor(positions: Tensor | readonly number[] | number): Tensor {
  if (typeof positions === 'number') return arange(0, positions, 1, { dtype: 'float32' });
  if (positions instanceof Tensor) {
    if (positions.ndim !== 1) throw new ShapeError(`applyRotary: positions must be 1-D [T], got ${fmtShape(positions.shape)}`);
    return castTo(positions, 'float32');
  }
  return tensor([...positions], { dtype: 'float32' });
}

/** cos and sin [T, D] of the rotation angles for head size D. */
function rotaryTables(positions: Tensor, D: number, o: RotaryOptions): [Tensor, Tensor] {
  const base = o.base ?? 10000;
  const invFreq = reciprocal(rpowScalar(base, div(arange(0, D, 2, { dtype: 'float32' }), D))); // [D/2] = base^(-2i/D)
  const ang = mul(unsqueeze(positions, 1), invFreq); // [T, D/2]
  const c = cos(ang), s = sin(ang);
  if (o.interleaved) return [repeatInterleave(c, 2, 1), repeatInterleave(s, 2, 1)];
  return [cat([c, c], 1), cat([s, s], 1)];
}

/** The partner of each feature, signed: (-x2, x1) per pair. */
function rotatePairs(x: Tensor, interleaved: boolean): Tensor {
  const D = x.shape[x.ndim - 1];
  if (interleaved) {
    const even = slice(x, -1, 0, D, 2), odd = slice(x, -1, 1, D, 2);
    return reshape(stack([neg(odd), even], -1), x.shape);
  }
  return cat([neg(narrow(x, -1, D / 2, D / 2)), narrow(x, -1, 0, D / 2)], -1);
}

function rotate(x: Tensor, c: Tensor, s: Tensor, interleaved: boolean): Tensor {
  return add(mul(x, castTo(c, x.dtype)), mul(rotatePairs(x, interleaved), castTo(s, x.dtype)));
}

function checkRotary(q: Tensor, k: Tensor, T: number): number {
  const D = q.shape[q.ndim - 1];
  for (const [name, t] of [['q', q], ['k', k]] as const) {
    if (t.ndim < 2 || t.shape[t.ndim - 1] !== D || t.shape[t.ndim - 2] !== T) {
      throw new ShapeError(`applyRotary: ${name} must be [..., T, D] with T = ${T} positions and D = ${D}, got ${fmtShape(t.shape)}`);
    }
  }
  if (D % 2 !== 0) throw new ValueError(`applyRotary: the head size D must be even, got ${D}`);
  return D;
}

/**
 * Rotary position embedding (RoPE, Su et al.): rotates each feature pair of q and k
 * [..., T, D] by angle position * base^(-2i/D), so q·k depends only on relative positions.
 * `positions` is a [T] tensor, a list, or a count (0..T-1). Differentiable.
 *
 * ```ts
 * const [qr, kr] = nn.applyRotary(q, k, nb.arange(0, T)); // q, k [B, H, T, D]
 * ```
 */
export function applyRotary(q: Tensor, k: Tensor, positions: Tensor | readonly number[] | number, options: RotaryOptions = {}): [Tensor, Tensor] {
  const pos = positionTensor(positions);
  const D = checkRotary(q, k, pos.shape[0]);
  const [c, s] = rotaryTables(pos, D, options);
  const inter = options.interleaved ?? false;
  return [rotate(q, c, s, inter), rotate(k, c, s, inter)];
}

/**
 * RoPE as a module: caches the cos/sin tables for positions 0..maxSeqLen-1 (non-persistent
 * buffers, so the state dict is empty) and applies them to q and k [..., T, D].
 */
export class RotaryEmbedding extends Module {
  readonly dim: number;
  readonly base: number;
  readonly interleaved: boolean;
  readonly maxSeqLen: number;
  declare cosCached: Tensor;
  declare sinCached: Tensor;

  constructor(dim: number, options: RotaryOptions & { maxSeqLen?: number } = {}) {
    super();
    positiveInt('RotaryEmbedding', 'dim', dim);
    if (dim % 2 !== 0) throw new ValueError(`RotaryEmbedding: dim must be even, got ${dim}`);
    this.dim = dim;
    this.base = options.base ?? 10000;
    this.interleaved = options.interleaved ?? false;
    this.maxSeqLen = options.maxSeqLen ?? 2048;
    const [c, s] = rotaryTables(arange(0, this.maxSeqLen, 1, { dtype: 'float32' }), dim, { base: this.base, interleaved: this.interleaved });
    this.registerBuffer('cosCached', c, false);
    this.registerBuffer('sinCached', s, false);
  }

  /** q, k [..., T, D] at positions offset..offset+T-1 (or the given positions) → [q', k']. */
  forward(q: Tensor, k: Tensor, positions: Tensor | readonly number[] | number | null = null, offset = 0): [Tensor, Tensor] {
    if (positions !== null) return applyRotary(q, k, positions, { base: this.base, interleaved: this.interleaved });
    const T = q.shape[q.ndim - 2];
    if (offset + T > this.maxSeqLen) throw new IndexError(`RotaryEmbedding: positions ${offset}..${offset + T - 1} exceed maxSeqLen = ${this.maxSeqLen}`);
    const D = checkRotary(q, k, T);
    if (D !== this.dim) throw new ShapeError(`RotaryEmbedding: expected head size ${this.dim}, got q ${fmtShape(q.shape)}`);
    const c = narrow(this.cosCached, 0, offset, T), s = narrow(this.sinCached, 0, offset, T);
    return [rotate(q, c, s, this.interleaved), rotate(k, c, s, this.interleaved)];
  }

  override extraRepr(): string {
    return reprArgs({ dim: this.dim, base: this.base, interleaved: this.interleaved || undefined });
  }
}
