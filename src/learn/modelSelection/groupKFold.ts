import { ValueError } from '../../tensor/errors.js';
import { CrossValidator, checkNSplits } from './crossValidator.js';
import { labelValues, uniqueLabels } from './indexing.js';
import { numpyArgsort } from './numpyArgsort.js';
import type { LabelInput } from './types.js';

/**
 * K folds that never split a group (scikit-learn's `GroupKFold`): groups are taken largest
 * first and each goes to the fold with the fewest samples so far (the first such fold on ties).
 * Groups of equal size are taken in the order of numpy's argsort reversed (numpyArgsort), so the
 * folds are scikit-learn's for any number of groups.
 */
export class GroupKFold extends CrossValidator {
  readonly nSplits: number;

  constructor(options: { nSplits?: number } = {}) {
    super();
    this.nSplits = options.nSplits ?? 5;
    checkNSplits('GroupKFold', this.nSplits);
  }

  getNSplits(): number {
    return this.nSplits;
  }

  protected testFolds(n: number, _y?: LabelInput | null, groups?: LabelInput | null): Int32Array[] {
    if (groups === undefined || groups === null) throw new ValueError("GroupKFold.split: the 'groups' parameter should not be null or undefined");
    const g = labelValues(groups, 'groups');
    if (g.length !== n) throw new ValueError(`GroupKFold.split: X and groups have inconsistent numbers of samples: ${n} and ${g.length}`);
    const { classes, inverse } = uniqueLabels(g, 'groups');
    const nGroups = classes.length;
    if (this.nSplits > nGroups) throw new ValueError(`GroupKFold: cannot have nSplits=${this.nSplits} greater than the number of groups: ${nGroups}`);
    const sizes = new Int32Array(nGroups);
    for (const v of inverse) sizes[v]++;
    // numpy's argsort reversed: largest first, equal sizes in numpy's (introsort) order.
    const order = Array.from(numpyArgsort(sizes)).reverse();
    const foldWeight = new Float64Array(this.nSplits);
    const groupToFold = new Int32Array(nGroups);
    for (const gi of order) {
      let lightest = 0;
      for (let f = 1; f < this.nSplits; f++) if (foldWeight[f] < foldWeight[lightest]) lightest = f;
      foldWeight[lightest] += sizes[gi];
      groupToFold[gi] = lightest;
    }
    return Array.from({ length: this.nSplits }, (_, f) => Int32Array.from(Array.from(inverse.keys()).filter((i) => groupToFold[inverse[i]] === f)));
  }
}
