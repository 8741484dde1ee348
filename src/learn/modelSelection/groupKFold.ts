import { ValueError } from '../../tensor/errors.js';
import { CrossValidator, checkNSplits } from './crossValidator.js';
import { labelValues, uniqueLabels } from './indexing.js';
import type { LabelInput } from './types.js';

/**
 * K folds that never split a group (scikit-learn's `GroupKFold`): groups are taken largest
 * first and each goes to the fold with the fewest samples so far (the first such fold on ties).
 * Groups of equal size are taken in the order of numpy's argsort reversed (a stable sort: the
 * later group first), which is scikit-learn's order for up to 16 distinct groups.
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
    // Stable ascending argsort, reversed: largest first, later index first among equals.
    const order = Array.from({ length: nGroups }, (_, i) => i).sort((a, b) => sizes[a] - sizes[b] || a - b).reverse();
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
