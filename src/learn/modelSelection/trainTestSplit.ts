import { ValueError } from '../../tensor/errors.js';
import { numSamples, takeRows } from './indexing.js';
import { ShuffleSplit, StratifiedShuffleSplit, validateShuffleSplit } from './shuffleSplit.js';
import type { LabelInput } from './types.js';

/** Options of trainTestSplit. */
export interface TrainTestSplitOptions {
  /** Test share in (0, 1) (rounded up) or a count; default 0.25 (or the complement of trainSize). */
  testSize?: number;
  /** Train share in (0, 1) (rounded down) or a count; default the complement of the test set. */
  trainSize?: number;
  /** Shuffle before splitting; default true. Without it the first samples train, the next test. */
  shuffle?: boolean;
  /** Class labels whose proportions both sides keep (needs shuffle). */
  stratify?: LabelInput;
  /** Seed of the shuffle; none draws from nabla's global generator. */
  randomState?: number;
}

function isOptions(v: unknown): v is TrainTestSplitOptions {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && !('shape' in v && 'dtype' in v);
}

/**
 * Splits arrays (same number of rows) into random train and test subsets (scikit-learn's
 * `train_test_split`): returns [aTrain, aTest, bTrain, bTest, ...], each of its input's kind.
 * A trailing plain object is the options.
 *
 * ```ts
 * const [XTrain, XTest, yTrain, yTest] = trainTestSplit(X, y, { testSize: 0.2, randomState: 0 });
 * ```
 */
export function trainTestSplit<T>(...args: (T | TrainTestSplitOptions)[]): T[] {
  const last = args[args.length - 1];
  const options: TrainTestSplitOptions = args.length > 0 && isOptions(last) ? (args.pop() as TrainTestSplitOptions) : {};
  const arrays = args as T[];
  if (arrays.length === 0) throw new ValueError('trainTestSplit: at least one array required as input');
  const n = numSamples(arrays[0] as never, 'arrays[0]');
  arrays.forEach((a, i) => {
    const m = numSamples(a as never, `arrays[${i}]`);
    if (m !== n) throw new ValueError(`trainTestSplit: found input variables with inconsistent numbers of samples: arrays[0] has ${n}, arrays[${i}] has ${m}`);
  });
  const shuffle = options.shuffle ?? true;
  const [nTrain, nTest] = validateShuffleSplit(n, options.testSize, options.trainSize, 0.25);
  let train: Int32Array, test: Int32Array;
  if (!shuffle) {
    if (options.stratify !== undefined) throw new ValueError('trainTestSplit: stratified train/test split is not implemented for shuffle: false');
    train = Int32Array.from({ length: nTrain }, (_, i) => i);
    test = Int32Array.from({ length: nTest }, (_, i) => nTrain + i);
  } else {
    const opts = { nSplits: 1, testSize: nTest, trainSize: nTrain, randomState: options.randomState };
    const cv = options.stratify !== undefined ? new StratifiedShuffleSplit(opts) : new ShuffleSplit(opts);
    ({ train, test } = cv.split(n, options.stratify)[0]);
  }
  return arrays.flatMap((a) => [takeRows(a, train), takeRows(a, test)]);
}
