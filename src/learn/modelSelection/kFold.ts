import { ValueError } from '../../tensor/errors.js';
import { CrossValidator, checkNSplits, checkShuffleState } from './crossValidator.js';
import { permutation } from './random.js';
import { arange } from './indexing.js';
import type { LabelInput, SampleInput } from './types.js';

/** Options of KFold. */
export interface KFoldOptions {
  /** Number of folds (≥ 2); default 5. */
  nSplits?: number;
  /** Shuffle the samples before cutting them into folds; default false. */
  shuffle?: boolean;
  /** Seed of the shuffle (only with shuffle: true); none draws from nabla's global generator. */
  randomState?: number;
}

/** The options every k-fold splitter shares: nSplits, shuffle and randomState, checked once. */
export abstract class FoldsWithShuffle extends CrossValidator {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState?: number;

  constructor(name: string, options: KFoldOptions) {
    super();
    this.nSplits = options.nSplits ?? 5;
    this.shuffle = options.shuffle ?? false;
    this.randomState = options.randomState;
    checkNSplits(name, this.nSplits);
    checkShuffleState(name, this.shuffle, this.randomState);
  }

  getNSplits(): number {
    return this.nSplits;
  }
}

/**
 * K consecutive folds (scikit-learn's `KFold`): the first n % k folds have n // k + 1 samples,
 * the others n // k; each fold is the test set once.
 *
 * ```ts
 * new KFold({ nSplits: 3 }).split(7) // tests [0,1,2], [3,4], [5,6]
 * ```
 */
export class KFold extends FoldsWithShuffle {
  constructor(options: KFoldOptions = {}) {
    super('KFold', options);
  }

  protected testFolds(n: number): Int32Array[] {
    checkEnoughSamples('KFold', this.nSplits, n);
    const order = this.shuffle ? permutation(n, this.randomState) : arange(n);
    return foldSizes(n, this.nSplits).map(([start, stop]) => order.slice(start, stop));
  }
}

/** [start, stop) of each of k consecutive folds over n samples (first n % k one larger). */
export function foldSizes(n: number, k: number): [number, number][] {
  const out: [number, number][] = [];
  let current = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    out.push([current, current + size]);
    current += size;
  }
  return out;
}

/** scikit-learn: nSplits may not exceed the number of samples. */
export function checkEnoughSamples(owner: string, nSplits: number, n: number): void {
  if (nSplits > n) throw new ValueError(`${owner}: cannot have nSplits=${nSplits} greater than the number of samples n_samples=${n}`);
}

