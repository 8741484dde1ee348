import type { Tensor } from '../tensor/tensor.js';
import { IndexError, ShapeError, fmtShape } from '../tensor/errors.js';
import type { FloatDType } from '../tensor/dtype.js';
import { noGrad } from '../autograd/grad-mode.js';
import { embedding } from '../ops/nn/embedding.js';
import { select } from '../ops/movement.js';
import { clone } from '../ops/cast.js';
import { zero_ } from '../ops/inplace.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { emptyParam, reprArgs } from './layer-util.js';
import { normal_ } from './init.js';

/** Options of Embedding. */
export interface EmbeddingLayerOptions {
  /** A row zeroed at initialisation that gets no gradient (e.g. the <pad> token). May be negative. */
  paddingIdx?: number | null;
  dtype?: FloatDType;
}

/**
 * A lookup table of numEmbeddings vectors of size embeddingDim (PyTorch's `nn.Embedding`),
 * weight ~ N(0, 1); int32 indices [...] → [..., embeddingDim].
 *
 * ```ts
 * const emb = new nn.Embedding(1000, 64, { paddingIdx: 0 });
 * emb.forward(tokens); // [B, T] int32 → [B, T, 64]
 * ```
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  weight!: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, opts: EmbeddingLayerOptions = {}) {
    super();
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    let pad = opts.paddingIdx ?? null;
    if (pad !== null) {
      if (!Number.isInteger(pad) || pad < -numEmbeddings || pad >= numEmbeddings) {
        throw new IndexError(`Embedding: paddingIdx ${pad} must be within [-${numEmbeddings}, ${numEmbeddings})`);
      }
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    this.weight = emptyParam([numEmbeddings, embeddingDim], opts.dtype);
    this.resetParameters();
  }

  /** weight ~ N(0, 1), the padding row zeroed. */
  resetParameters(): void {
    normal_(this.weight);
    this.zeroPaddingRow();
  }

  private zeroPaddingRow(): void {
    if (this.paddingIdx !== null) noGrad(() => zero_(select(this.weight, 0, this.paddingIdx as number)));
  }

  forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, { paddingIdx: this.paddingIdx });
  }

  /**
   * An Embedding holding a copy of `embeddings` [num, dim]; frozen (no gradient) unless
   * `freeze: false`. The padding row keeps its given values, as PyTorch.
   */
  static fromPretrained(embeddings: Tensor, opts: { freeze?: boolean; paddingIdx?: number | null } = {}): Embedding {
    if (embeddings.ndim !== 2) throw new ShapeError(`Embedding.fromPretrained: expected a 2-D tensor [numEmbeddings, embeddingDim], got shape ${fmtShape(embeddings.shape)}`);
    const [n, d] = embeddings.shape;
    const dtype = embeddings.dtype === 'float64' ? 'float64' : 'float32';
    const emb = new Embedding(n, d, { paddingIdx: opts.paddingIdx, dtype });
    emb.weight = new Parameter(clone(embeddings.detach()), !(opts.freeze ?? true));
    return emb;
  }

  override extraRepr(): string {
    const pad = this.paddingIdx === null ? '' : `, ${reprArgs({ paddingIdx: this.paddingIdx })}`;
    return `${this.numEmbeddings}, ${this.embeddingDim}${pad}`;
  }
}
