import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import type { ArrayInput } from '../base.js';
import { checkCv, isClassifier, makeSplits, type CV } from './checkCv.js';
import { reportFitFailures, tryFitAndScore } from './crossValidation.js';
import { numSamples } from './indexing.js';
import { shuffleInPlace } from './random.js';
import { withSeed } from '../../tensor/random.js';
import { getScorer, type Scoring } from './scoring.js';
import type { Estimator, LabelInput } from './types.js';

/** Options of learningCurve. */
export interface LearningCurveOptions {
  /** Training sizes: fractions in (0, 1] of the largest training fold (when any is fractional) or counts; default [0.1, 0.325, 0.55, 0.775, 1]. */
  trainSizes?: readonly number[];
  cv?: CV;
  scoring?: Scoring;
  groups?: LabelInput;
  /** Shuffle each training fold before taking its prefixes; default false. */
  shuffle?: boolean;
  randomState?: number;
  /** Score of a failed fit, or 'raise'; default NaN (as scikit-learn). */
  errorScore?: number | 'raise';
}

/** scikit-learn's `_translate_train_sizes`: fractions (truncated, at least 1) or counts, sorted and de-duplicated. */
export function translateTrainSizes(sizes: readonly number[], nMax: number): Int32Array {
  if (sizes.length === 0) throw new ValueError('trainSizes: must not be empty');
  const lo = Math.min(...sizes), hi = Math.max(...sizes);
  let abs: number[];
  if (sizes.some((s) => !Number.isInteger(s))) {
    if (lo <= 0 || hi > 1) throw new ValueError(`trainSizes: fractions must be within (0, 1], got [${lo}, ${hi}]`);
    abs = sizes.map((s) => Math.min(nMax, Math.max(1, Math.trunc(s * nMax))));
  } else {
    if (lo <= 0 || hi > nMax) throw new ValueError(`trainSizes: counts must be within (0, ${nMax}] (the largest training fold), got [${lo}, ${hi}]`);
    abs = [...sizes];
  }
  return Int32Array.from(new Set(abs)).sort();
}

/**
 * Train and test scores for growing training sets (scikit-learn's `learning_curve`): each fold's
 * first m training indices for each size m. Scores are [nSizes, nFolds] Tensors.
 */
export function learningCurve(estimator: Estimator, X: ArrayInput, y?: LabelInput, options: LearningCurveOptions = {}): { trainSizes: Int32Array; trainScores: Tensor; testScores: Tensor } {
  const n = numSamples(X);
  let splits = makeSplits(checkCv(options.cv, y as LabelInput, isClassifier(estimator)), X, y as LabelInput, options.groups, n);
  const sizes = translateTrainSizes(options.trainSizes ?? [0.1, 0.325, 0.55, 0.775, 1.0], splits[0].train.length);
  if (options.shuffle) {
    const folds = splits;
    splits = withSeed(options.randomState, () => folds.map((s) => ({ train: shuffleInPlace(s.train.slice()), test: s.test })));
  }
  const k = splits.length, m = sizes.length;
  const train = new Float64Array(m * k), test = new Float64Array(m * k);
  const scorer = { score: getScorer(options.scoring) };
  const failures: Error[] = [];
  splits.forEach((s, f) => {
    sizes.forEach((size, i) => {
      if (size > s.train.length) throw new ValueError(`learningCurve: train size ${size} exceeds fold ${f}'s ${s.train.length} training samples`);
      const r = tryFitAndScore(estimator, X, y, s.train.subarray(0, size), s.test, scorer, true, options.errorScore, failures);
      train[i * k + f] = r.train.score;
      test[i * k + f] = r.test.score;
    });
  });
  reportFitFailures('learningCurve', failures, m * k, options.errorScore as number | undefined);
  return { trainSizes: sizes, trainScores: new Tensor(train, [m, k], 'float64'), testScores: new Tensor(test, [m, k], 'float64') };
}

/**
 * Train and test scores as one parameter varies (scikit-learn's `validation_curve`):
 * [nValues, nFolds] Tensors.
 */
export function validationCurve(estimator: Estimator, X: ArrayInput, y: LabelInput | undefined, paramName: string, paramRange: readonly unknown[], options: { cv?: CV; scoring?: Scoring; groups?: LabelInput; errorScore?: number | 'raise' } = {}): { trainScores: Tensor; testScores: Tensor } {
  const n = numSamples(X);
  const splits = makeSplits(checkCv(options.cv, y as LabelInput, isClassifier(estimator)), X, y as LabelInput, options.groups, n);
  const k = splits.length, m = paramRange.length;
  const train = new Float64Array(m * k), test = new Float64Array(m * k);
  const scorer = { score: getScorer(options.scoring) };
  const failures: Error[] = [];
  paramRange.forEach((v, i) => {
    const est = estimator.clone();
    est.setParams({ [paramName]: v });
    splits.forEach((s, f) => {
      const r = tryFitAndScore(est, X, y, s.train, s.test, scorer, true, options.errorScore, failures);
      train[i * k + f] = r.train.score;
      test[i * k + f] = r.test.score;
    });
  });
  reportFitFailures('validationCurve', failures, m * k, options.errorScore as number | undefined);
  return { trainScores: new Tensor(train, [m, k], 'float64'), testScores: new Tensor(test, [m, k], 'float64') };
}
