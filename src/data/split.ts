import { ValueError } from '../tensor/errors.js';
import { randperm } from '../tensor/creation.js';
import { withSeed } from '../tensor/random.js';
import { Dataset, Subset } from './dataset.js';

export { withSeed } from '../tensor/random.js';

/**
 * Splits a dataset into non-overlapping random subsets (PyTorch's `random_split`), by lengths
 * summing to the dataset's length, or by fractions summing to 1 (floored, the remainder handed
 * out one by one from the first subset). The permutation comes from nabla's generator, or from
 * `seed` without touching the global stream.
 *
 * ```ts
 * const [train, val] = randomSplit(ds, [0.8, 0.2], 42);
 * ```
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], seed?: number): Subset<T>[] {
  const n = dataset.length;
  let sizes = [...lengths];
  const total = sizes.reduce((a, b) => a + b, 0);
  if (sizes.some((v) => !(v >= 0))) throw new ValueError(`randomSplit: lengths must be non-negative, got [${lengths.join(', ')}]`);
  if (Math.abs(total - 1) < 1e-9 && total <= 1) {
    sizes = sizes.map((f) => Math.floor(n * f));
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length] += 1;
  } else if (sizes.some((v) => !Number.isInteger(v)) || total !== n) {
    throw new ValueError(`randomSplit: sum of input lengths (${total}) does not equal the length of the input dataset (${n}); give lengths summing to ${n} or fractions summing to 1`);
  }
  const perm = Array.from(withSeed(seed, () => randperm(n)).storage);
  let offset = 0;
  return sizes.map((len) => new Subset(dataset, perm.slice(offset, (offset += len))));
}
