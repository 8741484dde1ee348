import type { Tensor } from '../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { Module } from './module.js';
import { ModuleList } from './containers.js';
import { LayerNorm } from './normalization.js';
import { xavierUniform_ } from './init.js';
import { generateSquareSubsequentMask } from './attention.js';
import { TransformerDecoderLayer, TransformerEncoderLayer, type DecoderLayerForwardOptions, type TransformerLayerOptions } from './transformer-layer.js';

export { generateSquareSubsequentMask };

function checkDepth(op: string, n: number): void {
  if (!Number.isInteger(n) || n <= 0) throw new ValueError(`${op}: numLayers must be a positive integer, got ${n}`);
}

/**
 * A stack of `numLayers` encoder layers (PyTorch's `nn.TransformerEncoder`): deep copies of
 * `encoderLayer`, so every layer starts with the same weights, as in PyTorch. Optional final
 * `norm`. Keys: layers.0.self_attn.in_proj_weight, ..., norm.weight.
 *
 * ```ts
 * const enc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(64, 4), 6, { norm: new nn.LayerNorm(64) });
 * enc.forward(src, { mask: nn.generateSquareSubsequentMask(T) });
 * ```
 */
export class TransformerEncoder extends Module {
  readonly numLayers: number;
  layers!: ModuleList;
  norm!: Module | null;

  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, options: { norm?: Module | null } = {}) {
    super();
    checkDepth('TransformerEncoder', numLayers);
    this.numLayers = numLayers;
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => encoderLayer.clone()));
    this.norm = options.norm ?? null;
  }

  /** src [T, B, E] ([B, T, E] with batchFirst layers) → same shape. */
  forward(src: Tensor, options: { mask?: Tensor | null; srcKeyPaddingMask?: Tensor | null; isCausal?: boolean } = {}): Tensor {
    let x = src;
    for (const layer of this.layers) {
      x = (layer as TransformerEncoderLayer).forward(x, { srcMask: options.mask ?? null, srcKeyPaddingMask: options.srcKeyPaddingMask ?? null, isCausal: options.isCausal });
    }
    return this.norm ? (this.norm.forward as (t: Tensor) => Tensor)(x) : x;
  }
}

/** A stack of `numLayers` decoder layers (PyTorch's `nn.TransformerDecoder`), deep copies of `decoderLayer`, with an optional final norm. */
export class TransformerDecoder extends Module {
  readonly numLayers: number;
  layers!: ModuleList;
  norm!: Module | null;

  constructor(decoderLayer: TransformerDecoderLayer, numLayers: number, options: { norm?: Module | null } = {}) {
    super();
    checkDepth('TransformerDecoder', numLayers);
    this.numLayers = numLayers;
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => decoderLayer.clone()));
    this.norm = options.norm ?? null;
  }

  /** tgt [T, B, E], memory [S, B, E] (batch first with batchFirst layers) → [T, B, E]. */
  forward(tgt: Tensor, memory: Tensor, options: DecoderLayerForwardOptions = {}): Tensor {
    let x = tgt;
    for (const layer of this.layers) x = (layer as TransformerDecoderLayer).forward(x, memory, options);
    return this.norm ? (this.norm.forward as (t: Tensor) => Tensor)(x) : x;
  }
}

/** Options of Transformer (PyTorch's keyword arguments). */
export interface TransformerOptions extends TransformerLayerOptions {
  dModel?: number;
  nhead?: number;
  numEncoderLayers?: number;
  numDecoderLayers?: number;
  /** Use this encoder instead of building one. */
  customEncoder?: Module | null;
  /** Use this decoder instead of building one. */
  customDecoder?: Module | null;
}

/** Masks of Transformer.forward (PyTorch's arguments). */
export interface TransformerForwardOptions {
  srcMask?: Tensor | null;
  tgtMask?: Tensor | null;
  memoryMask?: Tensor | null;
  srcKeyPaddingMask?: Tensor | null;
  tgtKeyPaddingMask?: Tensor | null;
  memoryKeyPaddingMask?: Tensor | null;
}

/**
 * The encoder-decoder Transformer (PyTorch's `nn.Transformer`, defaults dModel 512, nhead 8,
 * 6 + 6 layers, feed-forward 2048, dropout 0.1), final LayerNorms on both stacks, every
 * weight matrix re-initialised xavier-uniform as PyTorch does. Keys: encoder.layers.0...,
 * encoder.norm.*, decoder.layers.0..., decoder.norm.*.
 *
 * ```ts
 * const model = new nn.Transformer({ dModel: 64, nhead: 4, numEncoderLayers: 2, numDecoderLayers: 2 });
 * model.forward(src, tgt, { tgtMask: nn.Transformer.generateSquareSubsequentMask(tgt.shape[0]) });
 * ```
 */
export class Transformer extends Module {
  readonly dModel: number;
  readonly nhead: number;
  readonly batchFirst: boolean;
  encoder!: Module;
  decoder!: Module;

  constructor(options: TransformerOptions = {}) {
    super();
    this.dModel = options.dModel ?? 512;
    this.nhead = options.nhead ?? 8;
    this.batchFirst = options.batchFirst ?? false;
    const eps = options.layerNormEps ?? 1e-5;
    this.encoder = options.customEncoder ?? new TransformerEncoder(new TransformerEncoderLayer(this.dModel, this.nhead, options), options.numEncoderLayers ?? 6, { norm: new LayerNorm(this.dModel, { eps }) });
    this.decoder = options.customDecoder ?? new TransformerDecoder(new TransformerDecoderLayer(this.dModel, this.nhead, options), options.numDecoderLayers ?? 6, { norm: new LayerNorm(this.dModel, { eps }) });
    for (const p of this.parameters()) if (p.ndim > 1) xavierUniform_(p);
  }

  /** src [S, B, E], tgt [T, B, E] (batch first with batchFirst) → [T, B, E]. */
  forward(src: Tensor, tgt: Tensor, options: TransformerForwardOptions = {}): Tensor {
    const batched = src.ndim === 3;
    const bDim = this.batchFirst ? 0 : 1;
    if (batched && tgt.ndim === 3 && src.shape[bDim] !== tgt.shape[bDim]) {
      throw new ShapeError(`Transformer: the batch number of src ${fmtShape(src.shape)} and tgt ${fmtShape(tgt.shape)} must be equal`);
    }
    if (src.shape[src.ndim - 1] !== this.dModel || tgt.shape[tgt.ndim - 1] !== this.dModel) {
      throw new ShapeError(`Transformer: the feature number of src ${fmtShape(src.shape)} and tgt ${fmtShape(tgt.shape)} must be equal to dModel = ${this.dModel}`);
    }
    const memory = (this.encoder.forward as (s: Tensor, o: object) => Tensor)(src, { mask: options.srcMask ?? null, srcKeyPaddingMask: options.srcKeyPaddingMask ?? null });
    return (this.decoder.forward as (t: Tensor, m: Tensor, o: DecoderLayerForwardOptions) => Tensor)(tgt, memory, {
      tgtMask: options.tgtMask ?? null, memoryMask: options.memoryMask ?? null,
      tgtKeyPaddingMask: options.tgtKeyPaddingMask ?? null, memoryKeyPaddingMask: options.memoryKeyPaddingMask ?? null,
    });
  }

  /** The causal mask (float [size, size], -inf above the diagonal), as PyTorch's static method. */
  static generateSquareSubsequentMask(size: number): Tensor {
    return generateSquareSubsequentMask(size);
  }
}
