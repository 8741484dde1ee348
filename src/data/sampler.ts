import { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { multinomial, randint, randperm, tensor } from '../tensor/creation.js';

/** Anything with a length: a dataset, or a plain count. */
export type SizedSource = number | { readonly length: number };
const sizeOf = (s: SizedSource) => (typeof s === 'number' ? s : s.length);

/** Yields dataset indices (PyTorch's `Sampler`). Each iteration is a fresh pass. */
export abstract class Sampler implements Iterable<number> {
  /** How many indices one pass yields. */
  abstract get length(): number;
  abstract [Symbol.iterator](): Iterator<number>;
}

/** 0, 1, ..., n-1 in order. */
export class SequentialSampler extends Sampler {
  private readonly n: number;
  constructor(dataSource: SizedSource) {
    super();
    this.n = sizeOf(dataSource);
  }
  get length(): number { return this.n; }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.n; i++) yield i;
  }
}

export interface RandomSamplerOptions {
  /** Draw with replacement (default false: permutations). */
  replacement?: boolean;
  /** Indices per pass (default: the dataset's length). */
  numSamples?: number;
}

function checkCount(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v <= 0) throw new ValueError(`${op}: ${name} should be a positive integer, got ${v}`);
}

/**
 * Random indices from nabla's seeded generator: a new permutation each pass (without
 * replacement; more than n samples chain several permutations), or uniform draws with
 * replacement. `manualSeed` makes every epoch's order reproducible.
 */
export class RandomSampler extends Sampler {
  readonly replacement: boolean;
  private readonly n: number;
  private readonly count: number | undefined;

  constructor(dataSource: SizedSource, { replacement = false, numSamples }: RandomSamplerOptions = {}) {
    super();
    this.n = sizeOf(dataSource);
    this.replacement = replacement;
    if (numSamples !== undefined) checkCount('RandomSampler', 'numSamples', numSamples);
    this.count = numSamples;
  }

  get length(): number { return this.count ?? this.n; }

  *[Symbol.iterator](): Iterator<number> {
    const total = this.length;
    if (this.n === 0 || total === 0) return;
    if (this.replacement) {
      // Drawn in chunks of 32 like PyTorch, so a long pass needs no huge buffer.
      for (let done = 0; done < total; done += 32) {
        yield* randint(0, this.n, [Math.min(32, total - done)]).storage;
      }
      return;
    }
    for (let done = 0; done < total; done += this.n) {
      const perm = randperm(this.n).storage;
      yield* done + this.n <= total ? perm : perm.subarray(0, total - done);
    }
  }
}

/**
 * Indices drawn with probability proportional to `weights` (e.g. inverse class frequency, to
 * balance an imbalanced dataset); with replacement by default.
 *
 * ```ts
 * const w = labels.map((c) => 1 / classCounts[c]);
 * new DataLoader(ds, { batchSize: 64, sampler: new WeightedRandomSampler(w, ds.length) });
 * ```
 */
export class WeightedRandomSampler extends Sampler {
  readonly weights: Tensor;
  readonly numSamples: number;
  readonly replacement: boolean;

  constructor(weights: Tensor | readonly number[], numSamples: number, replacement = true) {
    super();
    checkCount('WeightedRandomSampler', 'numSamples', numSamples);
    const w = weights instanceof Tensor ? weights : tensor([...weights], { dtype: 'float64' });
    if (w.ndim !== 1) throw new ValueError(`WeightedRandomSampler: weights should be a 1-D sequence, got shape [${w.shape.join(', ')}]`);
    if (!replacement && numSamples > w.numel()) {
      throw new ValueError(`WeightedRandomSampler: cannot draw ${numSamples} samples without replacement from ${w.numel()} weights`);
    }
    this.weights = w;
    this.numSamples = numSamples;
    this.replacement = replacement;
  }

  get length(): number { return this.numSamples; }

  *[Symbol.iterator](): Iterator<number> {
    yield* multinomial(this.weights, this.numSamples, this.replacement).storage;
  }
}

/**
 * Groups another sampler's indices into batches of `batchSize` (the last one smaller unless
 * dropLast).
 */
export class BatchSampler implements Iterable<number[]> {
  readonly sampler: Iterable<number> & { readonly length: number };
  readonly batchSize: number;
  readonly dropLast: boolean;

  constructor(sampler: Iterable<number> & { readonly length: number }, batchSize: number, dropLast = false) {
    checkCount('BatchSampler', 'batchSize', batchSize);
    this.sampler = sampler;
    this.batchSize = batchSize;
    this.dropLast = dropLast;
  }

  /** The number of batches in one pass. */
  get length(): number {
    const n = this.sampler.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
}
