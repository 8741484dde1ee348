import { ValueError } from '../../tensor/errors.js';
import { withSeed } from '../../tensor/random.js';
import { labelValues, numSamples, uniqueLabels } from './indexing.js';
import { shuffleInPlace } from './random.js';
import type { LabelInput, SampleInput, Split, Splitter } from './types.js';

/** Options of ShuffleSplit and StratifiedShuffleSplit. */
export interface ShuffleSplitOptions {
  /** Number of re-shuffled splits; default 10. */
  nSplits?: number;
  /** Test share in (0, 1) or a count (integer ≥ 1); default 0.1 (or the complement of trainSize). */
  testSize?: number;
  /** Train share in (0, 1) or a count; default the complement of the test set. */
  trainSize?: number;
  /** Seed: the same splits on every call; none draws from nabla's global generator. */
  randomState?: number;
}

/**
 * scikit-learn's `_validate_shuffle_split`: [nTrain, nTest] from a fraction (test rounded up,
 * train down) or a count; ValueError for sizes out of range or summing past n.
 */
export function validateShuffleSplit(n: number, testSize: number | undefined, trainSize: number | undefined, defaultTestSize: number): [number, number] {
  if (testSize === undefined && trainSize === undefined) testSize = defaultTestSize;
  const isFrac = (v: number | undefined) => v !== undefined && !Number.isInteger(v);
  for (const [name, v] of [['testSize', testSize], ['trainSize', trainSize]] as const) {
    if (v === undefined) continue;
    if (!Number.isFinite(v)) throw new ValueError(`${name}: invalid value ${v}`);
    if (isFrac(v) ? v <= 0 || v >= 1 : v >= n || v <= 0) {
      throw new ValueError(`${name}=${v} should be either positive and smaller than the number of samples ${n} or a float in the (0, 1) range`);
    }
  }
  if (isFrac(testSize) && isFrac(trainSize) && (testSize as number) + (trainSize as number) > 1) {
    throw new ValueError(`the sum of testSize and trainSize = ${(testSize as number) + (trainSize as number)} should be in the (0, 1) range; reduce testSize and/or trainSize`);
  }
  let nTest = testSize === undefined ? NaN : isFrac(testSize) ? Math.ceil(testSize * n) : testSize;
  let nTrain = trainSize === undefined ? NaN : isFrac(trainSize) ? Math.floor(trainSize * n) : trainSize;
  if (trainSize === undefined) nTrain = n - nTest;
  else if (testSize === undefined) nTest = n - nTrain;
  if (nTrain + nTest > n) throw new ValueError(`the sum of trainSize and testSize = ${nTrain + nTest} should be smaller than the number of samples ${n}; reduce testSize and/or trainSize`);
  if (nTrain === 0) throw new ValueError(`with n_samples=${n}, testSize=${testSize} and trainSize=${trainSize}, the resulting train set would be empty; adjust the sizes`);
  return [nTrain, nTest];
}

/**
 * Random train/test splits drawn independently (scikit-learn's `ShuffleSplit`): each split
 * permutes the samples, the first nTest are the test set and the next nTrain the training set
 * (in permuted order).
 */
export class ShuffleSplit implements Splitter {
  readonly nSplits: number;
  readonly testSize?: number;
  readonly trainSize?: number;
  readonly randomState?: number;
  protected readonly defaultTestSize: number = 0.1;

  constructor(options: ShuffleSplitOptions = {}) {
    this.nSplits = options.nSplits ?? 10;
    if (!Number.isInteger(this.nSplits) || this.nSplits < 1) throw new ValueError(`ShuffleSplit: nSplits must be a positive integer, got ${this.nSplits}`);
    this.testSize = options.testSize;
    this.trainSize = options.trainSize;
    this.randomState = options.randomState;
  }

  getNSplits(): number {
    return this.nSplits;
  }

  split(X: SampleInput, y?: LabelInput | null): Split[] {
    const n = numSamples(X);
    const [nTrain, nTest] = validateShuffleSplit(n, this.testSize, this.trainSize, this.defaultTestSize);
    return withSeed(this.randomState, () => this.draw(n, nTrain, nTest, y));
  }

  protected draw(n: number, nTrain: number, nTest: number, _y?: LabelInput | null): Split[] {
    return Array.from({ length: this.nSplits }, () => {
      const perm = shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i));
      return { test: perm.slice(0, nTest), train: perm.slice(nTest, nTest + nTrain) };
    });
  }
}

/**
 * Random splits that keep each class's proportion (scikit-learn's `StratifiedShuffleSplit`
 * algorithm: per-class counts by `approximateMode`, then a random subset of each class). The
 * draws use nabla's generator, so the splits differ from scikit-learn's for the same seed.
 */
export class StratifiedShuffleSplit extends ShuffleSplit {
  override split(X: SampleInput, y?: LabelInput | null): Split[] {
    if (y === undefined || y === null) throw new ValueError("StratifiedShuffleSplit.split: the 'y' parameter (class labels) is required");
    return super.split(X, y);
  }

  protected override draw(n: number, nTrain: number, nTest: number, y?: LabelInput | null): Split[] {
    const labels = labelValues(y as LabelInput, 'y');
    if (labels.length !== n) throw new ValueError(`StratifiedShuffleSplit.split: X and y have inconsistent numbers of samples: ${n} and ${labels.length}`);
    const { classes, inverse } = uniqueLabels(labels, 'y');
    const k = classes.length;
    const counts = new Array<number>(k).fill(0);
    for (const c of inverse) counts[c]++;
    if (Math.min(...counts) < 2) throw new ValueError('StratifiedShuffleSplit: the least populated class in y has only 1 member, which is too few; the minimum number of members in any class cannot be less than 2');
    if (nTrain < k) throw new ValueError(`StratifiedShuffleSplit: the train size = ${nTrain} should be greater or equal to the number of classes = ${k}`);
    if (nTest < k) throw new ValueError(`StratifiedShuffleSplit: the test size = ${nTest} should be greater or equal to the number of classes = ${k}`);
    const members: number[][] = Array.from({ length: k }, () => []);
    inverse.forEach((c, i) => members[c].push(i));
    return Array.from({ length: this.nSplits }, () => {
      const nI = approximateMode(counts, nTrain);
      const tI = approximateMode(counts.map((c, i) => c - nI[i]), nTest);
      const train: number[] = [], test: number[] = [];
      for (let c = 0; c < k; c++) {
        const perm = shuffleInPlace(members[c].slice());
        train.push(...perm.slice(0, nI[c]));
        test.push(...perm.slice(nI[c], nI[c] + tI[c]));
      }
      return { train: shuffleInPlace(Int32Array.from(train)), test: shuffleInPlace(Int32Array.from(test)) };
    });
  }
}

/**
 * scikit-learn's `_approximate_mode`: the most likely per-class counts of nDraws drawn without
 * replacement — floors of the proportional shares, the rest given to the largest remainders
 * (ties broken at random with nabla's generator).
 */
export function approximateMode(classCounts: readonly number[], nDraws: number): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const continuous = classCounts.map((c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let need = nDraws - floored.reduce((a, b) => a + b, 0);
  if (need > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const v of values) {
      const inds = shuffleInPlace(remainder.flatMap((r, i) => (r === v ? [i] : [])));
      const now = Math.min(inds.length, need);
      for (let j = 0; j < now; j++) floored[inds[j]]++;
      need -= now;
      if (need === 0) break;
    }
  }
  return floored;
}
