import { ValueError } from '../../tensor/errors.js';
import { BaseClassifier } from '../base.js';
import { KFold } from './kFold.js';
import { StratifiedKFold } from './stratifiedKFold.js';
import { labelValues } from './indexing.js';
import type { Estimator, LabelInput, SampleInput, Split, Splitter } from './types.js';

/** The cv option: a fold count, a splitter, or explicit splits. */
export type CV = number | Splitter | readonly Split[];

/** True for classifiers: BaseClassifier subclasses, or anything declaring `estimatorType: 'classifier'` (a Pipeline ending in one). */
export function isClassifier(estimator: Estimator): boolean {
  return estimator instanceof BaseClassifier || (estimator as { estimatorType?: string }).estimatorType === 'classifier';
}

/** Class labels (not continuous): strings, or numbers that are all integers (scikit-learn's binary/multiclass). */
function isClassTarget(y: LabelInput): boolean {
  return labelValues(y, 'y').every((v) => typeof v === 'string' || Number.isInteger(v));
}

/**
 * The splitter for a cv option (scikit-learn's `check_cv`): a number k (default 5) gives
 * StratifiedKFold(k) for a classifier with class labels, KFold(k) otherwise.
 */
export function checkCv(cv: CV | undefined, y: LabelInput | null | undefined, classifier: boolean): Splitter {
  const c = cv ?? 5;
  if (typeof c === 'number') {
    return classifier && y !== undefined && y !== null && isClassTarget(y) ? new StratifiedKFold({ nSplits: c }) : new KFold({ nSplits: c });
  }
  if (Array.isArray(c)) {
    const splits = c as readonly Split[];
    return { split: () => splits.slice(), getNSplits: () => splits.length };
  }
  if (typeof (c as Splitter).split !== 'function') throw new ValueError('cv: expected a number of folds, a splitter (with split()), or a list of { train, test } splits');
  return c as Splitter;
}

/** The splits for (X, y, groups), checked to index inside X. */
export function makeSplits(splitter: Splitter, X: SampleInput, y: LabelInput | null | undefined, groups: LabelInput | null | undefined, n: number): Split[] {
  const splits = [...splitter.split(X, y, groups)];
  for (const [k, s] of splits.entries()) {
    for (const arr of [s.train, s.test]) for (const i of arr) if (i < 0 || i >= n) throw new ValueError(`cv: split ${k} has index ${i} outside [0, ${n})`);
  }
  return splits;
}
