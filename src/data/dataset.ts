import { Tensor } from '../tensor/tensor.js';
import { IndexError, ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { select } from '../ops/movement.js';

/**
 * A map-style dataset (PyTorch's `torch.utils.data.Dataset`): `length` items, fetched by index.
 *
 * ```ts
 * class Squares extends Dataset<[number, number]> {
 *   get length() { return 10; }
 *   getItem(i: number): [number, number] { return [i, i * i]; }
 * }
 * ```
 */
export abstract class Dataset<T> {
  /** The number of items. */
  abstract get length(): number;
  /** The item at `i` (0 ≤ i < length). */
  abstract getItem(i: number): T;

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.getItem(i);
  }
}

/** Checks `i` against `length` (negative indices count from the end) and returns it normalised. */
export function checkIndex(op: string, i: number, length: number): number {
  if (!Number.isInteger(i) || i < -length || i >= length) {
    throw new IndexError(`${op}: index ${i} is out of range for a dataset of length ${length}`);
  }
  return i < 0 ? i + length : i;
}

/**
 * Tensors sharing their first dimension; item i is the tuple of their rows i
 * (PyTorch's `TensorDataset`). DataLoader batches it with one indexSelect per tensor.
 *
 * ```ts
 * const ds = new TensorDataset(images, labels); // images [N, 1, 28, 28], labels [N]
 * const [x, y] = ds.getItem(0);                 // x [1, 28, 28], y []
 * ```
 */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: readonly Tensor[];

  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) throw new ValueError('TensorDataset: expected at least one tensor');
    const n = tensors[0].ndim > 0 ? tensors[0].shape[0] : -1;
    tensors.forEach((t, k) => {
      if (t.ndim === 0 || t.shape[0] !== n) {
        throw new ShapeError(`TensorDataset: size mismatch between tensors: tensor 0 has shape ${fmtShape(tensors[0].shape)}, tensor ${k} has shape ${fmtShape(t.shape)} (expected the same first dimension)`);
      }
    });
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0].shape[0];
  }

  getItem(i: number): Tensor[] {
    const k = checkIndex('TensorDataset.getItem', i, this.length);
    return this.tensors.map((t) => select(t, 0, k));
  }
}

/** Datasets one after another (PyTorch's `ConcatDataset`). */
export class ConcatDataset<T> extends Dataset<T> {
  readonly datasets: readonly Dataset<T>[];
  /** Running totals of the lengths: cumulativeSizes[k] = items in datasets 0..k. */
  readonly cumulativeSizes: readonly number[];

  constructor(datasets: readonly Dataset<T>[]) {
    super();
    if (datasets.length === 0) throw new ValueError('ConcatDataset: expected a non-empty list of datasets');
    this.datasets = [...datasets];
    let total = 0;
    this.cumulativeSizes = this.datasets.map((d) => (total += d.length));
  }

  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1];
  }

  getItem(i: number): T {
    const k = checkIndex('ConcatDataset.getItem', i, this.length);
    let lo = 0, hi = this.cumulativeSizes.length - 1;
    while (lo < hi) { // the first dataset whose running total exceeds k
      const mid = (lo + hi) >> 1;
      if (this.cumulativeSizes[mid] > k) hi = mid;
      else lo = mid + 1;
    }
    return this.datasets[lo].getItem(lo === 0 ? k : k - this.cumulativeSizes[lo - 1]);
  }
}

/** The items of `dataset` at `indices`, in that order (PyTorch's `Subset`). */
export class Subset<T> extends Dataset<T> {
  readonly dataset: Dataset<T>;
  readonly indices: readonly number[];

  constructor(dataset: Dataset<T>, indices: readonly number[] | Tensor) {
    super();
    this.dataset = dataset;
    this.indices = indices instanceof Tensor ? Array.from(indices.dataSync()) : [...indices];
    for (const i of this.indices) checkIndex('Subset', i, dataset.length);
  }

  get length(): number {
    return this.indices.length;
  }

  getItem(i: number): T {
    return this.dataset.getItem(this.indices[checkIndex('Subset.getItem', i, this.length)]);
  }
}
