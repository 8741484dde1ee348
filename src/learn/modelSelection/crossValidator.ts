import { ValueError } from '../../tensor/errors.js';
import { numSamples } from './indexing.js';
import type { LabelInput, SampleInput, Split, Splitter } from './types.js';

/**
 * The base of splitters defined by their test folds (scikit-learn's `BaseCrossValidator`):
 * subclasses give each split's test indices; `split` returns them ascending with the rest of
 * the samples (ascending) as the training set.
 */
export abstract class CrossValidator implements Splitter {
  /** Each split's test indices, for n samples. */
  protected abstract testFolds(n: number, y?: LabelInput | null, groups?: LabelInput | null): Int32Array[];
  abstract getNSplits(X?: SampleInput, y?: LabelInput | null, groups?: LabelInput | null): number;

  split(X: SampleInput, y?: LabelInput | null, groups?: LabelInput | null): Split[] {
    const n = numSamples(X);
    return this.testFolds(n, y, groups).map((t) => maskSplit(n, t));
  }
}

/** A split from test indices: both sides ascending, as scikit-learn's mask-based split. */
export function maskSplit(n: number, testIndices: Int32Array): Split {
  const mask = new Uint8Array(n);
  for (const i of testIndices) mask[i] = 1;
  let nTest = 0;
  for (let i = 0; i < n; i++) nTest += mask[i];
  const train = new Int32Array(n - nTest), test = new Int32Array(nTest);
  let a = 0, b = 0;
  for (let i = 0; i < n; i++) {
    if (mask[i]) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

/** Checks nSplits is an integer ≥ 2 (scikit-learn's _BaseKFold rule), naming the splitter. */
export function checkNSplits(owner: string, nSplits: number): void {
  if (!Number.isInteger(nSplits) || nSplits < 2) {
    throw new ValueError(`${owner}: nSplits must be an integer of at least 2 (one train/test split at least), got ${nSplits}`);
  }
}

/** scikit-learn refuses a randomState without shuffling (it would have no effect). */
export function checkShuffleState(owner: string, shuffle: boolean, randomState: number | undefined): void {
  if (!shuffle && randomState !== undefined) {
    throw new ValueError(`${owner}: setting randomState has no effect since shuffle is false; set shuffle: true or leave randomState unset`);
  }
}
