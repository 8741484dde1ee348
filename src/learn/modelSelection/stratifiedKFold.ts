import { ValueError } from '../../tensor/errors.js';
import { withSeed } from '../../tensor/random.js';
import { FoldsWithShuffle, checkEnoughSamples, type KFoldOptions } from './kFold.js';
import { labelValues, uniqueLabels } from './indexing.js';
import { shuffleInPlace } from './random.js';
import type { LabelInput, SampleInput, Split } from './types.js';

/**
 * K folds that keep each class's proportion (scikit-learn's `StratifiedKFold`, its allocation
 * exactly): classes are numbered by first appearance; the sorted encoded labels are dealt
 * round-robin to the folds to fix how many of each class every fold gets; each class's samples,
 * in data order, fill the folds in blocks (the block labels shuffled when shuffle is true).
 */
export class StratifiedKFold extends FoldsWithShuffle {
  constructor(options: KFoldOptions = {}) {
    super('StratifiedKFold', options);
  }

  override split(X: SampleInput, y?: LabelInput | null, groups?: LabelInput | null): Split[] {
    if (y === undefined || y === null) throw new ValueError("StratifiedKFold.split: the 'y' parameter (class labels) is required");
    return super.split(X, y, groups);
  }

  protected testFolds(n: number, y?: LabelInput | null): Int32Array[] {
    const labels = labelValues(y as LabelInput, 'y');
    if (labels.length !== n) throw new ValueError(`StratifiedKFold.split: X and y have inconsistent numbers of samples: ${n} and ${labels.length}`);
    checkEnoughSamples('StratifiedKFold', this.nSplits, n);
    const testFold = stratifiedTestFolds(labels, this.nSplits, this.shuffle, this.randomState);
    return Array.from({ length: this.nSplits }, (_, f) => Int32Array.from(Array.from(testFold).flatMap((v, i) => (v === f ? [i] : []))));
  }
}

/** Each sample's test fold, by scikit-learn's StratifiedKFold._make_test_folds. */
export function stratifiedTestFolds(labels: (number | string)[], k: number, shuffle: boolean, randomState?: number): Int32Array {
  const bad = labels.findIndex((v) => typeof v === 'number' && !Number.isInteger(v));
  if (bad >= 0) throw new ValueError(`StratifiedKFold: supported target types are binary and multiclass; y is continuous (y[${bad}] = ${labels[bad]})`);
  const { firstIndex, inverse } = uniqueLabels(labels, 'y');
  const nClasses = firstIndex.length;
  // Encode by order of first appearance: rank of each class's first index.
  const byAppearance = firstIndex.map((f, c) => [f, c]).sort((a, b) => a[0] - b[0]);
  const perm = new Int32Array(nClasses);
  byAppearance.forEach(([, c], rank) => (perm[c] = rank));
  const encoded = Int32Array.from(inverse, (c) => perm[c]);
  const counts = new Int32Array(nClasses);
  for (const c of encoded) counts[c]++;
  if (counts.every((c) => k > c)) throw new ValueError(`StratifiedKFold: nSplits=${k} cannot be greater than the number of members in each class`);
  // allocation[f][c]: class c's samples in fold f — deal the sorted labels round-robin.
  const sorted = Int32Array.from(encoded).sort();
  const allocation = Array.from({ length: k }, () => new Int32Array(nClasses));
  sorted.forEach((c, i) => allocation[i % k][c]++);
  const testFold = new Int32Array(labels.length);
  withSeed(shuffle ? randomState : undefined, () => {
    for (let c = 0; c < nClasses; c++) {
      const folds: number[] = [];
      for (let f = 0; f < k; f++) for (let j = 0; j < allocation[f][c]; j++) folds.push(f);
      if (shuffle) shuffleInPlace(folds);
      let j = 0;
      for (let i = 0; i < encoded.length; i++) if (encoded[i] === c) testFold[i] = folds[j++];
    }
  });
  return testFold;
}
