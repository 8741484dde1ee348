import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';
import type { ArrayInput } from '../base.js';
import { checkCv, isClassifier, makeSplits, type CV } from './checkCv.js';
import { numSamples, takeRows, labelValues, uniqueLabels } from './indexing.js';
import { getScorer, getScorers, resultKey, type MultiScoring, type Scorer, type Scoring } from './scoring.js';
import type { Estimator, LabelInput } from './types.js';

/** Options shared by crossValScore and crossValidate. */
export interface CrossValOptions {
  /** Folds (default 5: StratifiedKFold for classifiers, KFold otherwise), a splitter, or explicit splits. */
  cv?: CV;
  /** Group labels for group-aware splitters (GroupKFold). */
  groups?: LabelInput;
}

/** Options of crossValidate. */
export interface CrossValidateOptions extends CrossValOptions {
  /** One scoring (name, function, or estimator.score by default) or several (a list or record). */
  scoring?: Scoring | MultiScoring;
  /** Also score each fold's training set; default false. */
  returnTrainScore?: boolean;
  /** Keep each fold's fitted estimator; default false. */
  returnEstimator?: boolean;
  /** The score recorded when a fold's fit or scoring fails, or 'raise' to throw; default NaN (as scikit-learn). */
  errorScore?: number | 'raise';
}

/**
 * scikit-learn's handling of failed fits: all failed → ValueError with the first error; some
 * failed → a warning (FitFailedWarning) and their scores are errorScore.
 */
export function reportFitFailures(owner: string, failures: Error[], total: number, errorScore: number | undefined): void {
  if (failures.length === 0) return;
  if (failures.length === total) throw new ValueError(`${owner}: all the ${total} fits failed; first error: ${failures[0].message}`);
  console.warn(`${owner}: ${failures.length} of ${total} fits failed and scored ${errorScore ?? NaN}; first error: ${failures[0].message}. Set errorScore: 'raise' to stop at the first failure.`);
}

/**
 * crossValidate's result (scikit-learn's keys camelCased): `fitTime`, `scoreTime` (seconds per
 * fold), `testScore`/`trainScore` for a single scoring or, for several, scikit-learn's
 * `test_<name>`/`train_<name>` camelCased (`testR2`, `trainNegMeanAbsoluteError`; see
 * resultKey), and `estimator` (the fitted clones) when asked.
 */
export interface CrossValidateResult {
  fitTime: Float64Array;
  scoreTime: Float64Array;
  estimator?: Estimator[];
  [key: string]: Float64Array | Estimator[] | undefined;
}

/** Runs fn and returns its result with the elapsed seconds. */
export function timed<R>(fn: () => R): [R, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, (performance.now() - t0) / 1000];
}

/** Fits a clone on the training rows and scores it with each scorer on the test (and train) rows. */
export function fitAndScore(estimator: Estimator, X: ArrayInput, y: LabelInput | undefined, train: Int32Array, test: Int32Array, scorers: Record<string, Scorer>, returnTrain: boolean): { test: Record<string, number>; train: Record<string, number>; fitTime: number; scoreTime: number; estimator: Estimator } {
  const est = estimator.clone();
  const Xtr = takeRows(X, train), ytr = y === undefined ? undefined : takeRows(y, train);
  const [, fitTime] = timed(() => est.fit(Xtr, ytr));
  const Xte = takeRows(X, test), yte = y === undefined ? undefined : takeRows(y, test);
  const out = { test: {} as Record<string, number>, train: {} as Record<string, number> };
  const [, scoreTime] = timed(() => {
    for (const [name, s] of Object.entries(scorers)) out.test[name] = s(est, Xte, yte as ArrayInput);
  });
  if (returnTrain) for (const [name, s] of Object.entries(scorers)) out.train[name] = s(est, Xtr, ytr as ArrayInput);
  return { ...out, fitTime, scoreTime, estimator: est };
}

/** The result of fitAndScore. */
export type FoldResult = ReturnType<typeof fitAndScore>;

/**
 * fitAndScore that records a failure instead of throwing (unless errorScore is 'raise'): the
 * failed fold scores errorScore (default NaN) for every metric, as scikit-learn's error_score.
 */
export function tryFitAndScore(estimator: Estimator, X: ArrayInput, y: LabelInput | undefined, train: Int32Array, test: Int32Array, scorers: Record<string, Scorer>, returnTrain: boolean, errorScore: number | 'raise' | undefined, failures: Error[]): FoldResult {
  try {
    return fitAndScore(estimator, X, y, train, test, scorers, returnTrain);
  } catch (e) {
    if (errorScore === 'raise' || !(e instanceof Error)) throw e;
    failures.push(e);
    const fill = Object.fromEntries(Object.keys(scorers).map((m) => [m, errorScore ?? NaN]));
    return { test: fill, train: returnTrain ? { ...fill } : {}, fitTime: 0, scoreTime: 0, estimator: estimator.clone() };
  }
}

function checkXY(X: ArrayInput, y: LabelInput | undefined): number {
  const n = numSamples(X);
  if (y !== undefined && numSamples(y) !== n) throw new ShapeError(`X and y have inconsistent numbers of samples: ${n} and ${numSamples(y)}`);
  return n;
}

/**
 * Evaluates an estimator by cross-validation (scikit-learn's `cross_validate`): each fold fits
 * a clone on its training rows and scores the test rows with every metric.
 */
export function crossValidate(estimator: Estimator, X: ArrayInput, y?: LabelInput, options: CrossValidateOptions = {}): CrossValidateResult {
  const n = checkXY(X, y);
  const multi = options.scoring !== undefined && typeof options.scoring === 'object';
  const scorers = multi ? getScorers(options.scoring as MultiScoring) : { score: getScorer(options.scoring as Scoring) };
  const splits = makeSplits(checkCv(options.cv, y as LabelInput, isClassifier(estimator)), X, y as LabelInput, options.groups, n);
  const k = splits.length;
  const res: CrossValidateResult = { fitTime: new Float64Array(k), scoreTime: new Float64Array(k) };
  const key = (side: 'test' | 'train', name: string) => resultKey(side, multi ? name : 'score');
  for (const name of Object.keys(scorers)) {
    res[key('test', name)] = new Float64Array(k);
    if (options.returnTrainScore) res[key('train', name)] = new Float64Array(k);
  }
  const fitted: Estimator[] = [];
  const failures: Error[] = [];
  splits.forEach(({ train, test }, f) => {
    const r = tryFitAndScore(estimator, X, y, train, test, scorers, options.returnTrainScore ?? false, options.errorScore, failures);
    res.fitTime[f] = r.fitTime;
    res.scoreTime[f] = r.scoreTime;
    for (const name of Object.keys(scorers)) {
      (res[key('test', name)] as Float64Array)[f] = r.test[name];
      if (options.returnTrainScore) (res[key('train', name)] as Float64Array)[f] = r.train[name];
    }
    fitted.push(r.estimator);
  });
  reportFitFailures('crossValidate', failures, k, options.errorScore as number | undefined);
  if (options.returnEstimator) res.estimator = fitted;
  return res;
}

/**
 * The test score of each cross-validation fold (scikit-learn's `cross_val_score`).
 *
 * ```ts
 * crossValScore(new Ridge(), X, y, { cv: 5, scoring: 'r2' }) // Float64Array(5)
 * ```
 */
export function crossValScore(estimator: Estimator, X: ArrayInput, y?: LabelInput, options: CrossValOptions & { scoring?: Scoring; errorScore?: number | 'raise' } = {}): Float64Array {
  if (options.scoring !== undefined && typeof options.scoring === 'object') throw new ValueError('crossValScore: scoring must be a single metric (name or function); use crossValidate for several');
  return crossValidate(estimator, X, y, { cv: options.cv, groups: options.groups, scoring: options.scoring, errorScore: options.errorScore }).testScore as Float64Array;
}

/** Options of crossValPredict. */
export interface CrossValPredictOptions extends CrossValOptions {
  /** The estimator method giving the predictions; default 'predict'. */
  method?: 'predict' | 'predictProba' | 'decisionFunction';
}

/**
 * Each sample's prediction from the fold model that did not train on it (scikit-learn's
 * `cross_val_predict`); the splits must partition the samples. For predictProba /
 * decisionFunction the columns follow all of y's classes (a class absent from a fold's training
 * set gets probability 0, or the lowest float for decisionFunction). With string labels and
 * method 'predict' the result is a string[], as the classifiers' predict.
 */
export function crossValPredict(estimator: Estimator, X: ArrayInput, y?: LabelInput, options: CrossValPredictOptions = {}): Tensor {
  const n = checkXY(X, y);
  const method = options.method ?? 'predict';
  const splits = makeSplits(checkCv(options.cv, y as LabelInput, isClassifier(estimator)), X, y as LabelInput, options.groups, n);
  const seen = new Uint8Array(n);
  for (const s of splits) for (const i of s.test) {
    if (seen[i]) throw new ValueError('crossValPredict: cv must give a partition (each sample in exactly one test set)');
    seen[i] = 1;
  }
  if (seen.some((v) => v === 0)) throw new ValueError('crossValPredict: cv must give a partition (each sample in exactly one test set)');
  const allClasses = method !== 'predict' && y !== undefined && isClassifier(estimator) ? uniqueLabels(labelValues(y as LabelInput)).classes : null;
  let out: Float64Array | null = null, labels: string[] | null = null;
  let width = 0;
  for (const { train, test } of splits) {
    const est = estimator.clone();
    est.fit(takeRows(X, train), y === undefined ? undefined : takeRows(y, train));
    const fn = est[method];
    if (typeof fn !== 'function') throw new ValueError(`crossValPredict: ${estimator.constructor.name} has no ${method}() method`);
    const pred = fn.call(est, takeRows(X, test));
    if (Array.isArray(pred)) { // a classifier fitted on string labels predicts a string[]
      labels ??= new Array<string>(n);
      test.forEach((row, r) => { (labels as string[])[row] = (pred as string[])[r]; });
      continue;
    }
    const vals = Float64Array.from(pred.dataSync() as ArrayLike<number>);
    let cols = pred.ndim === 2 ? pred.shape[1] : 1;
    let mapped = vals;
    if (allClasses && est.classes && (pred.ndim === 2 || allClasses.length > 2)) {
      // Align the fold's class columns with all of y's classes.
      const foldClasses = Array.from(est.classes instanceof Tensor ? (est.classes.dataSync() as ArrayLike<number>) : (est.classes as ArrayLike<number>)); // numbers or strings
      const fill = method === 'predictProba' ? 0 : -Number.MAX_VALUE;
      const total = allClasses.length;
      mapped = new Float64Array(test.length * total).fill(fill);
      for (let r = 0; r < test.length; r++) {
        foldClasses.forEach((c, j) => { mapped[r * total + allClasses.indexOf(c)] = vals[r * cols + j]; });
      }
      cols = total;
    }
    if (out === null) { width = cols; out = new Float64Array(n * width); }
    if (cols !== width) throw new ValueError(`crossValPredict: folds returned ${width} and ${cols} columns`);
    test.forEach((row, r) => out!.set(mapped.subarray(r * width, (r + 1) * width), row * width));
  }
  if (labels) return labels as unknown as Tensor; // string predictions, as the classifiers' predict
  const isMatrix = splits.length > 0 && width > 1 || method === 'predictProba';
  return new Tensor(out as Float64Array, isMatrix ? [n, width] : [n], 'float64');
}
