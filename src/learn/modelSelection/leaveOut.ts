import { ValueError } from '../../tensor/errors.js';
import { CrossValidator } from './crossValidator.js';
import { numSamples } from './indexing.js';
import type { SampleInput } from './types.js';

/** Each sample is the test set once (scikit-learn's `LeaveOneOut`); needs at least 2 samples. */
export class LeaveOneOut extends CrossValidator {
  getNSplits(X?: SampleInput): number {
    if (X === undefined) throw new ValueError('LeaveOneOut.getNSplits: the X parameter should not be undefined');
    return numSamples(X);
  }

  protected testFolds(n: number): Int32Array[] {
    if (n <= 1) throw new ValueError(`LeaveOneOut: cannot perform LeaveOneOut with n_samples=${n}`);
    return Array.from({ length: n }, (_, i) => Int32Array.of(i));
  }
}

/**
 * Every set of p samples is the test set once (scikit-learn's `LeavePOut`), in lexicographic
 * order of the combinations: C(n, p) splits, which grows fast.
 */
export class LeavePOut extends CrossValidator {
  readonly p: number;

  constructor(p: number) {
    super();
    if (!Number.isInteger(p) || p < 1) throw new ValueError(`LeavePOut: p must be a positive integer, got ${p}`);
    this.p = p;
  }

  getNSplits(X?: SampleInput): number {
    if (X === undefined) throw new ValueError('LeavePOut.getNSplits: the X parameter should not be undefined');
    return binomial(numSamples(X), this.p);
  }

  protected testFolds(n: number): Int32Array[] {
    if (n <= this.p) throw new ValueError(`LeavePOut: p=${this.p} must be strictly less than the number of samples=${n}`);
    const out: Int32Array[] = [];
    const c = Int32Array.from({ length: this.p }, (_, i) => i);
    for (;;) {
      out.push(c.slice());
      // Advance to the next combination (itertools.combinations order).
      let i = this.p - 1;
      while (i >= 0 && c[i] === n - this.p + i) i--;
      if (i < 0) return out;
      c[i]++;
      for (let j = i + 1; j < this.p; j++) c[j] = c[j - 1] + 1;
    }
  }
}

function binomial(n: number, k: number): number {
  if (k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}
