import { ValueError } from '../../tensor/errors.js';
import { checkNSplits } from './crossValidator.js';
import { numSamples } from './indexing.js';
import type { SampleInput, Split, Splitter } from './types.js';

/** Options of TimeSeriesSplit. */
export interface TimeSeriesSplitOptions {
  /** Number of splits (≥ 2); default 5. */
  nSplits?: number;
  /** Keep at most this many of the latest training samples; default unlimited. */
  maxTrainSize?: number;
  /** Samples per test set; default n // (nSplits + 1). */
  testSize?: number;
  /** Samples dropped between the end of training and the start of the test set; default 0. */
  gap?: number;
}

/**
 * Chronological splits (scikit-learn's `TimeSeriesSplit`): test sets are consecutive blocks at
 * the end of the series; each training set is everything before its test block (less `gap`
 * samples, and at most `maxTrainSize` of the latest), so no split trains on the future.
 */
export class TimeSeriesSplit implements Splitter {
  readonly nSplits: number;
  readonly maxTrainSize?: number;
  readonly testSize?: number;
  readonly gap: number;

  constructor(options: TimeSeriesSplitOptions = {}) {
    this.nSplits = options.nSplits ?? 5;
    this.maxTrainSize = options.maxTrainSize;
    this.testSize = options.testSize;
    this.gap = options.gap ?? 0;
    checkNSplits('TimeSeriesSplit', this.nSplits);
    if (!Number.isInteger(this.gap) || this.gap < 0) throw new ValueError(`TimeSeriesSplit: gap must be a non-negative integer, got ${this.gap}`);
  }

  getNSplits(): number {
    return this.nSplits;
  }

  split(X: SampleInput): Split[] {
    const n = numSamples(X);
    const k = this.nSplits;
    const testSize = this.testSize ?? Math.floor(n / (k + 1));
    if (k + 1 > n) throw new ValueError(`TimeSeriesSplit: cannot have number of folds=${k + 1} greater than the number of samples=${n}`);
    if (n - this.gap - testSize * k <= 0) throw new ValueError(`TimeSeriesSplit: too many splits=${k} for number of samples=${n} with testSize=${testSize} and gap=${this.gap}`);
    const out: Split[] = [];
    for (let start = n - k * testSize; start < n; start += testSize) {
      const trainEnd = start - this.gap;
      const trainStart = this.maxTrainSize && this.maxTrainSize < trainEnd ? trainEnd - this.maxTrainSize : 0;
      out.push({ train: range(trainStart, trainEnd), test: range(start, start + testSize) });
    }
    return out;
  }
}

function range(a: number, b: number): Int32Array {
  return Int32Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
}
