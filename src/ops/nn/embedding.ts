import { Tensor } from '../../tensor/tensor.js';
import { IndexError, ShapeError, fmtShape } from '../../tensor/errors.js';
import { where } from '../binary.js';
import { reshape } from '../movement.js';
import { checkIndexDType, checkedIndices, indexSelect } from '../scatter-gather.js';

/** Options of embedding. */
export interface EmbeddingOptions {
  /** A row that gets no gradient (its output is still the row's value), as PyTorch. May be negative. */
  paddingIdx?: number | null;
}

/**
 * Looks up rows of `weight` [numEmbeddings, dim] (PyTorch's `F.embedding`): int32 indices of any
 * shape → [...indices.shape, dim]. The weight's gradient adds up over repeated indices (an
 * index-add); the row `paddingIdx` gets none. An index outside [0, numEmbeddings) is an IndexError.
 *
 * ```ts
 * const vectors = nb.embedding(tokenIds, table); // [B, T] int32 → [B, T, D]
 * ```
 */
export function embedding(indices: Tensor, weight: Tensor, opts: EmbeddingOptions = {}): Tensor {
  const op = 'embedding';
  checkIndexDType(op, indices);
  if (weight.ndim !== 2) throw new ShapeError(`${op}: expected a 2-D weight [numEmbeddings, embeddingDim], got shape ${fmtShape(weight.shape)}`);
  const [rows, dim] = weight.shape;
  let pad = opts.paddingIdx ?? null;
  if (pad !== null) {
    if (!Number.isInteger(pad) || pad < -rows || pad >= rows) throw new IndexError(`${op}: paddingIdx ${pad} is out of range for a weight of ${rows} rows`);
    if (pad < 0) pad += rows;
  }
  const flat = new Tensor(checkedIndices(op, indices, rows, 0), [indices.numel()], 'int32');
  let out = indexSelect(weight, 0, flat); // [n, dim]
  if (pad !== null && out.requiresGrad) {
    // Same values, but the padding rows read a detached copy, so no gradient reaches weight[pad].
    const isPad = new Tensor(Uint8Array.from(flat.storage as Int32Array, (i) => (i === pad ? 1 : 0)), [flat.numel(), 1], 'bool');
    out = where(isPad, out.detach(), out);
  }
  return reshape(out, [...indices.shape, dim]);
}
