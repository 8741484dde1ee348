import { Tensor } from '../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { tensor } from '../tensor/creation.js';
import { Dataset, Subset, TensorDataset } from '../data/dataset.js';
import { DataLoader } from '../data/dataloader.js';
import { randomSplit } from '../data/split.js';
import { indexSelect } from '../ops/scatter-gather.js';
import { ShuffleSampler } from './shuffle.js';

/** One batch: [input, target] or [input, target, sampleWeight]. */
export type Batch = readonly Tensor[];

/** Anything the loop can iterate over once per epoch (a DataLoader, or any re-iterable of batches). */
export type BatchSource = Iterable<Batch> & { readonly length?: number };

/**
 * Training or validation data: tensors `[x, y]` (or `[x, y, sampleWeight]`), a Dataset whose
 * items are such tuples, or a ready DataLoader / iterable of batches (used as it is).
 */
export type DataSource = readonly Tensor[] | Dataset<Tensor[]> | BatchSource;

export interface LoaderOptions {
  batchSize: number;
  shuffle: boolean;
  seed?: number;
  /** Per-sample weights to attach to tensor data as a third tensor. */
  sampleWeight?: Tensor | readonly number[];
}

/** Tensors or a Dataset as a Dataset; null for a ready loader. */
function asDataset(src: DataSource, sampleWeight: Tensor | readonly number[] | undefined, what: string): Dataset<Tensor[]> | null {
  if (Array.isArray(src) && src.every((t) => t instanceof Tensor)) {
    const tensors = [...(src as Tensor[])];
    if (tensors.length < 2 || tensors.length > 3) throw new ValueError(`train: ${what} as tensors must be [x, y] or [x, y, sampleWeight], got ${tensors.length} tensors`);
    if (sampleWeight !== undefined) {
      if (tensors.length === 3) throw new ValueError(`train: sampleWeight given twice (as an option and as the third ${what} tensor)`);
      const w = sampleWeight instanceof Tensor ? sampleWeight : tensor([...sampleWeight], { dtype: tensors[0].dtype === 'float64' ? 'float64' : 'float32' });
      if (w.ndim !== 1 || w.shape[0] !== tensors[0].shape[0]) {
        throw new ShapeError(`train: sampleWeight has shape ${fmtShape(w.shape)}, expected [${tensors[0].shape[0]}] (one weight per sample of x ${fmtShape(tensors[0].shape)})`);
      }
      tensors.push(w);
    }
    return new TensorDataset(...tensors);
  }
  if (sampleWeight !== undefined) throw new ValueError(`train: the sampleWeight option needs ${what} as tensors [x, y]; a Dataset or loader should yield [x, y, weight] instead`);
  return src instanceof Dataset ? src : null;
}

/** A Subset of a TensorDataset as a TensorDataset of its rows, so the DataLoader batches it by indexSelect. */
function gathered(sub: Subset<Tensor[]>): Dataset<Tensor[]> {
  if (!(sub.dataset instanceof TensorDataset)) return sub;
  const idx = new Tensor(Int32Array.from(sub.indices), [sub.indices.length], 'int32');
  return new TensorDataset(...sub.dataset.tensors.map((t) => indexSelect(t, 0, idx))); // rows [k, ...]
}

/** A loader for a dataset: seeded shuffling through a ShuffleSampler, or in order. */
export function loaderFor(ds: Dataset<Tensor[]>, { batchSize, shuffle, seed }: LoaderOptions): { loader: BatchSource; sampler: ShuffleSampler | null } {
  const sampler = shuffle ? new ShuffleSampler(ds.length, seed) : null;
  const loader = new DataLoader(ds, sampler ? { batchSize, sampler } : { batchSize }) as unknown as BatchSource;
  return { loader, sampler };
}

export interface PreparedData {
  train: BatchSource;
  /** The training loader's shuffler when the Trainer built it (its state goes into checkpoints). */
  sampler: ShuffleSampler | null;
  validation: BatchSource | null;
}

/**
 * Builds the training and validation loaders from the fit options. With `validationSplit` a
 * fraction f of the training data (rounded down, at least one sample) is held out by a random
 * split from `seed` (or the global generator).
 */
export function prepareData(
  trainData: DataSource,
  opts: LoaderOptions & { validationData?: DataSource; validationSplit?: number; validationBatchSize?: number },
): PreparedData {
  let ds = asDataset(trainData, opts.sampleWeight, 'training data');
  let valDs: Dataset<Tensor[]> | null = null;
  let validation: BatchSource | null = null;
  const split = opts.validationSplit;
  if (split !== undefined && split !== 0) {
    if (opts.validationData !== undefined) throw new ValueError('train: give validationData or validationSplit, not both');
    if (!(split > 0 && split < 1)) throw new ValueError(`train: validationSplit must be a fraction in (0, 1), got ${split}`);
    if (!ds) throw new ValueError('train: validationSplit needs the training data as tensors or a Dataset, not a ready loader');
    const n = ds.length;
    const nVal = Math.max(1, Math.floor(n * split));
    if (nVal >= n) throw new ValueError(`train: validationSplit ${split} of ${n} samples leaves no training data`);
    const [tr, va]: Subset<Tensor[]>[] = randomSplit(ds, [n - nVal, nVal], opts.seed);
    ds = gathered(tr);
    valDs = gathered(va);
  } else if (opts.validationData !== undefined) {
    valDs = asDataset(opts.validationData, undefined, 'validation data');
    if (!valDs) validation = opts.validationData as BatchSource;
  }
  if (valDs) validation = loaderFor(valDs, { batchSize: opts.validationBatchSize ?? opts.batchSize, shuffle: false }).loader;
  if (!ds) return { train: trainData as BatchSource, sampler: null, validation };
  const { loader, sampler } = loaderFor(ds, opts);
  return { train: loader, sampler, validation };
}
