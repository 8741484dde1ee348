import { ValueError } from '../../tensor/errors.js';
import { checkFitted } from '../base.js';
import { DecisionTreeClassifier } from './classifier.js';
import type { DecisionTreeRegressor } from './regressor.js';
import { TREE_LEAF, TREE_UNDEFINED, type Tree } from './tree.js';

/** Options of {@link exportText} (scikit-learn's `export_text`). */
export interface ExportTextOptions {
  /** Names of the features (default `feature_0`, `feature_1`, …). */
  featureNames?: string[] | null;
  /** Deeper branches are printed as "truncated branch of depth d" (default 10). */
  maxDepth?: number;
  /** Width of each indentation level (default 3). */
  spacing?: number;
  /** Decimals of thresholds and values (default 2). */
  decimals?: number;
  /** Print each leaf's class weights too (classifiers). */
  showWeights?: boolean;
}

/** Python's `'{:.{d}f}'.format(x)`: as toFixed, but exact ties round half to even. */
export function formatFixed(x: number, d: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  const s = x.toFixed(d);
  const long = Math.abs(x).toFixed(Math.min(100, d + 60));
  const tail = long.slice(long.indexOf('.') + 1 + d);
  if (/^50*$/.test(tail)) {
    // An exact half: toFixed rounded away from zero; Python rounds to the even last digit.
    const down = (x < 0 ? '-' : '') + long.slice(0, long.indexOf('.') + 1 + d).replace(/\.$/, '');
    const last = down.replace('.', '').slice(-1);
    if (Number(last) % 2 === 0) return down;
  }
  return s;
}

function subtreeDepth(tree: Tree, node: number): number {
  if (tree.left[node] === TREE_LEAF) return 1;
  return 1 + Math.max(subtreeDepth(tree, tree.left[node]), subtreeDepth(tree, tree.right[node]));
}

/**
 * A text report of a fitted decision tree's rules, character for character scikit-learn's
 * `export_text`:
 *
 * ```text
 * |--- petal width (cm) <= 0.80
 * |   |--- class: 0
 * |--- petal width (cm) >  0.80
 * ...
 * ```
 */
export function exportText(estimator: DecisionTreeClassifier | DecisionTreeRegressor, options: ExportTextOptions = {}): string {
  const { featureNames = null, maxDepth = 10, spacing = 3, decimals = 2, showWeights = false } = options;
  const tree = checkFitted(estimator, estimator.tree, 'exportText');
  if (!(Number.isInteger(maxDepth) && maxDepth >= 0)) throw new ValueError(`exportText: maxDepth must be an integer ≥ 0, got ${maxDepth}`);
  if (!(Number.isInteger(spacing) && spacing > 0)) throw new ValueError(`exportText: spacing must be an integer ≥ 1, got ${spacing}`);
  if (!(Number.isInteger(decimals) && decimals >= 0)) throw new ValueError(`exportText: decimals must be an integer ≥ 0, got ${decimals}`);
  if (featureNames && featureNames.length !== tree.nFeatures) {
    throw new ValueError(`exportText: featureNames has ${featureNames.length} names, but the tree has ${tree.nFeatures} features`);
  }
  const isClassifier = estimator instanceof DecisionTreeClassifier;
  const classes = isClassifier ? (estimator.classes as Float64Array) : null;
  const k = tree.valueStride;
  const name = (f: number) => (featureNames ? featureNames[f] : `feature_${f}`);
  let report = '';

  const addLeaf = (node: number, indent: string): void => {
    let val = '';
    const values = Array.from(tree.value.subarray(node * k, (node + 1) * k));
    if (showWeights || !isClassifier) val = '[' + values.map((v) => formatFixed(v, decimals)).join(', ') + ']';
    if (classes) {
      let best = 0;
      for (let c = 1; c < k; c++) if (values[c] > values[best]) best = c;
      val += ' class: ' + String(classes[best]);
    }
    report += isClassifier ? (showWeights ? `${indent} weights: ${val}\n` : `${indent}${val}\n`) : `${indent} value: ${val}\n`;
  };

  const recurse = (node: number, depth: number): void => {
    let indent = ('|' + ' '.repeat(spacing)).repeat(depth);
    indent = indent.slice(0, indent.length - spacing) + '-'.repeat(spacing);
    if (depth <= maxDepth + 1) {
      if (tree.feature[node] !== TREE_UNDEFINED) {
        const f = tree.feature[node];
        const thr = formatFixed(tree.threshold[node], decimals);
        report += `${indent} ${name(f)} <= ${thr}\n`;
        recurse(tree.left[node], depth + 1);
        report += `${indent} ${name(f)} >  ${thr}\n`;
        recurse(tree.right[node], depth + 1);
      } else addLeaf(node, indent);
    } else {
      const d = subtreeDepth(tree, node);
      if (d === 1) addLeaf(node, indent);
      else report += `${indent} truncated branch of depth ${d}\n`;
    }
  };
  recurse(0, 1);
  return report;
}
