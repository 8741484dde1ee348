import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { getRngState, setRngState } from '../tensor/random.js';
import { add } from '../ops/binary.js';
import { gelu, relu } from '../ops/unary.js';
import { Module } from './module.js';
import { Linear } from './linear.js';
import { Dropout } from './dropout.js';
import { LayerNorm } from './normalization.js';
import { MultiheadAttention } from './attention.js';
import { reprArgs } from './layer-util.js';

/** The feed-forward activation: PyTorch's strings or any elementwise function. */
export type TransformerActivation = 'relu' | 'gelu' | ((x: Tensor) => Tensor);

/** Options of TransformerEncoderLayer / TransformerDecoderLayer (PyTorch's keyword arguments). */
export interface TransformerLayerOptions {
  /** Hidden size of the feed-forward block (default 2048). */
  dimFeedforward?: number;
  /** Dropout after attention, inside and after the feed-forward block, and on attention weights (default 0.1). */
  dropout?: number;
  /** 'relu' (default), 'gelu' or a function. */
  activation?: TransformerActivation;
  /** LayerNorm epsilon (default 1e-5). */
  layerNormEps?: number;
  /** Inputs are [B, T, E] instead of [T, B, E] (default false). */
  batchFirst?: boolean;
  /** Pre-norm: LayerNorm before each block instead of after the residual sum (default false). */
  normFirst?: boolean;
}

/** Options of the encoder layer's forward (PyTorch's arguments). */
export interface EncoderLayerForwardOptions {
  /** [T, T] or [B * nhead, T, T]; bool (true = masked out) or float (added). */
  srcMask?: Tensor | null;
  /** [B, T]; true = padding. */
  srcKeyPaddingMask?: Tensor | null;
  /** Use the causal mask when srcMask is absent. */
  isCausal?: boolean;
}

/** Options of the decoder layer's forward (PyTorch's arguments). */
export interface DecoderLayerForwardOptions {
  tgtMask?: Tensor | null;
  memoryMask?: Tensor | null;
  tgtKeyPaddingMask?: Tensor | null;
  memoryKeyPaddingMask?: Tensor | null;
  /** Causal self-attention when tgtMask is absent. */
  tgtIsCausal?: boolean;
}

function activationFn(a: TransformerActivation): (x: Tensor) => Tensor {
  if (typeof a === 'function') return a;
  if (a === 'relu') return relu;
  if (a === 'gelu') return (x) => gelu(x);
  throw new ValueError(`Transformer: activation should be 'relu' or 'gelu' (or a function), got '${String(a)}'`);
}

/**
 * A fresh module with the same options and the same weights (PyTorch's `copy.deepcopy` of a
 * layer): the constructor's random draws are undone, so the global generator is left as a deep
 * copy would leave it.
 */
export function cloneLayer<M extends Module>(layer: M, make: () => M): M {
  const state = getRngState();
  const copy = make();
  setRngState(state);
  copy.loadStateDict(layer.stateDict());
  copy.train(layer.training);
  return copy;
}

/** Self-attention + feed-forward, shared by the encoder and decoder layers. */
abstract class TransformerLayerBase extends Module {
  readonly dModel: number;
  readonly nhead: number;
  readonly options: Required<Omit<TransformerLayerOptions, 'activation'>> & { activation: TransformerActivation };
  protected readonly act: (x: Tensor) => Tensor;

  constructor(dModel: number, nhead: number, options: TransformerLayerOptions) {
    super();
    this.dModel = dModel;
    this.nhead = nhead;
    this.options = {
      dimFeedforward: options.dimFeedforward ?? 2048, dropout: options.dropout ?? 0.1, activation: options.activation ?? 'relu',
      layerNormEps: options.layerNormEps ?? 1e-5, batchFirst: options.batchFirst ?? false, normFirst: options.normFirst ?? false,
    };
    this.act = activationFn(this.options.activation);
  }

  override extraRepr(): string {
    return reprArgs({ dModel: this.dModel, nhead: this.nhead, normFirst: this.options.normFirst || undefined });
  }
}

/**
 * One encoder block (PyTorch's `nn.TransformerEncoderLayer`): self-attention then a
 * feed-forward block, each with dropout, a residual connection and LayerNorm (after the sum, or
 * before the block with normFirst). Keys: self_attn.*, linear1.*, linear2.*, norm1.*, norm2.*.
 *
 * ```ts
 * const layer = new nn.TransformerEncoderLayer(64, 4, { dimFeedforward: 256, batchFirst: true });
 * layer.forward(x, { srcKeyPaddingMask: pad }); // [B, T, 64] → [B, T, 64]
 * ```
 */
export class TransformerEncoderLayer extends TransformerLayerBase {
  selfAttn!: MultiheadAttention;
  linear1!: Linear;
  dropout!: Dropout;
  linear2!: Linear;
  norm1!: LayerNorm;
  norm2!: LayerNorm;
  dropout1!: Dropout;
  dropout2!: Dropout;

  constructor(dModel: number, nhead: number, options: TransformerLayerOptions = {}) {
    super(dModel, nhead, options);
    const o = this.options;
    this.selfAttn = new MultiheadAttention(dModel, nhead, { dropout: o.dropout, batchFirst: o.batchFirst });
    this.linear1 = new Linear(dModel, o.dimFeedforward);
    this.dropout = new Dropout(o.dropout);
    this.linear2 = new Linear(o.dimFeedforward, dModel);
    this.norm1 = new LayerNorm(dModel, { eps: o.layerNormEps });
    this.norm2 = new LayerNorm(dModel, { eps: o.layerNormEps });
    this.dropout1 = new Dropout(o.dropout);
    this.dropout2 = new Dropout(o.dropout);
  }

  /** src [T, B, E] ([B, T, E] with batchFirst) → same shape. */
  forward(src: Tensor, options: EncoderLayerForwardOptions = {}): Tensor {
    let x = src;
    if (this.options.normFirst) {
      x = add(x, this.saBlock(this.norm1.forward(x), options));
      x = add(x, this.ffBlock(this.norm2.forward(x)));
    } else {
      x = this.norm1.forward(add(x, this.saBlock(x, options)));
      x = this.norm2.forward(add(x, this.ffBlock(x)));
    }
    return x;
  }

  private saBlock(x: Tensor, o: EncoderLayerForwardOptions): Tensor {
    const [y] = this.selfAttn.forward(x, x, x, { attnMask: o.srcMask ?? null, keyPaddingMask: o.srcKeyPaddingMask ?? null, needWeights: false, isCausal: o.isCausal });
    return this.dropout1.forward(y);
  }

  private ffBlock(x: Tensor): Tensor {
    return this.dropout2.forward(this.linear2.forward(this.dropout.forward(this.act(this.linear1.forward(x)))));
  }

  /** A deep copy (same options and weights). */
  clone(): TransformerEncoderLayer {
    return cloneLayer(this, () => new TransformerEncoderLayer(this.dModel, this.nhead, this.options));
  }
}

/**
 * One decoder block (PyTorch's `nn.TransformerDecoderLayer`): masked self-attention, attention
 * over the encoder's memory, and a feed-forward block, each with dropout, residual and
 * LayerNorm. Keys: self_attn.*, multihead_attn.*, linear1.*, linear2.*, norm1..3.*.
 */
export class TransformerDecoderLayer extends TransformerLayerBase {
  selfAttn!: MultiheadAttention;
  multiheadAttn!: MultiheadAttention;
  linear1!: Linear;
  dropout!: Dropout;
  linear2!: Linear;
  norm1!: LayerNorm;
  norm2!: LayerNorm;
  norm3!: LayerNorm;
  dropout1!: Dropout;
  dropout2!: Dropout;
  dropout3!: Dropout;

  constructor(dModel: number, nhead: number, options: TransformerLayerOptions = {}) {
    super(dModel, nhead, options);
    const o = this.options;
    this.selfAttn = new MultiheadAttention(dModel, nhead, { dropout: o.dropout, batchFirst: o.batchFirst });
    this.multiheadAttn = new MultiheadAttention(dModel, nhead, { dropout: o.dropout, batchFirst: o.batchFirst });
    this.linear1 = new Linear(dModel, o.dimFeedforward);
    this.dropout = new Dropout(o.dropout);
    this.linear2 = new Linear(o.dimFeedforward, dModel);
    this.norm1 = new LayerNorm(dModel, { eps: o.layerNormEps });
    this.norm2 = new LayerNorm(dModel, { eps: o.layerNormEps });
    this.norm3 = new LayerNorm(dModel, { eps: o.layerNormEps });
    this.dropout1 = new Dropout(o.dropout);
    this.dropout2 = new Dropout(o.dropout);
    this.dropout3 = new Dropout(o.dropout);
  }

  /** tgt [T, B, E], memory [S, B, E] (batch first with batchFirst) → [T, B, E]. */
  forward(tgt: Tensor, memory: Tensor, options: DecoderLayerForwardOptions = {}): Tensor {
    let x = tgt;
    if (this.options.normFirst) {
      x = add(x, this.saBlock(this.norm1.forward(x), options));
      x = add(x, this.mhaBlock(this.norm2.forward(x), memory, options));
      x = add(x, this.ffBlock(this.norm3.forward(x)));
    } else {
      x = this.norm1.forward(add(x, this.saBlock(x, options)));
      x = this.norm2.forward(add(x, this.mhaBlock(x, memory, options)));
      x = this.norm3.forward(add(x, this.ffBlock(x)));
    }
    return x;
  }

  private saBlock(x: Tensor, o: DecoderLayerForwardOptions): Tensor {
    const [y] = this.selfAttn.forward(x, x, x, { attnMask: o.tgtMask ?? null, keyPaddingMask: o.tgtKeyPaddingMask ?? null, needWeights: false, isCausal: o.tgtIsCausal });
    return this.dropout1.forward(y);
  }

  private mhaBlock(x: Tensor, mem: Tensor, o: DecoderLayerForwardOptions): Tensor {
    const [y] = this.multiheadAttn.forward(x, mem, mem, { attnMask: o.memoryMask ?? null, keyPaddingMask: o.memoryKeyPaddingMask ?? null, needWeights: false });
    return this.dropout2.forward(y);
  }

  private ffBlock(x: Tensor): Tensor {
    return this.dropout3.forward(this.linear2.forward(this.dropout.forward(this.act(this.linear1.forward(x)))));
  }

  /** A deep copy (same options and weights). */
  clone(): TransformerDecoderLayer {
    return cloneLayer(this, () => new TransformerDecoderLayer(this.dModel, this.nhead, this.options));
  }
}
