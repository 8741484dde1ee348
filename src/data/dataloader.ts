import { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { indexSelect } from '../ops/scatter-gather.js';
import { Dataset, TensorDataset } from './dataset.js';
import { BatchSampler, RandomSampler, SequentialSampler, type Sampler } from './sampler.js';
import { defaultCollate, type Collated } from './collate.js';

export interface DataLoaderOptions<T, B> {
  /** Items per batch (default 1). */
  batchSize?: number;
  /** Reshuffle every epoch from nabla's seeded generator (default false). */
  shuffle?: boolean;
  /** Where indices come from (excludes shuffle). */
  sampler?: Sampler | (Iterable<number> & { readonly length: number });
  /** Yields whole batches of indices (excludes batchSize, shuffle, sampler, dropLast). */
  batchSampler?: Iterable<number[]> & { readonly length: number };
  /** Drop the last incomplete batch (default false). */
  dropLast?: boolean;
  /** Merges a list of items into a batch (default: defaultCollate). */
  collateFn?: (items: T[]) => B;
}

/**
 * Iterates over a dataset in batches (PyTorch's `DataLoader`, single process).
 * A TensorDataset without a custom collateFn is batched by one indexSelect per tensor, so
 * collation costs one gather per batch, not one stack of per-item views.
 *
 * ```ts
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 64, shuffle: true });
 * for (const [xb, yb] of loader) { ... } // xb [64, ...], yb [64]
 * loader.length; // the number of batches
 * ```
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  readonly dataset: Dataset<T>;
  readonly batchSize: number | null;
  readonly dropLast: boolean;
  readonly batchSampler: Iterable<number[]> & { readonly length: number };
  private readonly collateFn: ((items: T[]) => B) | undefined;

  constructor(dataset: Dataset<T>, options: DataLoaderOptions<T, B> = {}) {
    const { shuffle = false, sampler, batchSampler, dropLast = false, collateFn } = options;
    this.dataset = dataset;
    this.collateFn = collateFn;
    if (batchSampler) {
      if (options.batchSize !== undefined || shuffle || sampler || dropLast) {
        throw new ValueError('DataLoader: batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast');
      }
      this.batchSampler = batchSampler;
      this.batchSize = null;
      this.dropLast = false;
      return;
    }
    if (sampler && shuffle) throw new ValueError('DataLoader: sampler option is mutually exclusive with shuffle');
    const batchSize = options.batchSize ?? 1;
    const base = sampler ?? (shuffle ? new RandomSampler(dataset) : new SequentialSampler(dataset));
    this.batchSampler = new BatchSampler(base, batchSize, dropLast);
    this.batchSize = batchSize;
    this.dropLast = dropLast;
  }

  /** The number of batches per epoch. */
  get length(): number {
    return this.batchSampler.length;
  }

  *[Symbol.iterator](): Iterator<B> {
    const fast = this.collateFn === undefined && this.dataset instanceof TensorDataset ? this.dataset : null;
    for (const indices of this.batchSampler) {
      if (fast) {
        const n = fast.length;
        const idx = new Int32Array(indices.length);
        indices.forEach((i, k) => { idx[k] = i < 0 ? i + n : i; });
        const index = new Tensor(idx, [idx.length], 'int32');
        yield fast.tensors.map((t) => indexSelect(t, 0, index)) as B; // rows gathered: [batch, ...]
        continue;
      }
      const items = indices.map((i) => this.dataset.getItem(i));
      yield this.collateFn ? this.collateFn(items) : (defaultCollate(items) as B);
    }
  }
}
