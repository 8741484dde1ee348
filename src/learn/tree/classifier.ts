import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseClassifier, checkFitted, checkSameLength, classIndex, encodeLabels, labelsAt, labelsFromJSON, labelsToJSON, readLabels, toFloat64Array, toMatrix, toVector, type ArrayInput, type ClassLabels, type LabelInput, type StringLabelled } from '../base.js';
import { Entropy, Gini } from './criterion.js';
import { TreeData } from './data.js';
import { growTree, TREE_DEFAULTS, type TreeOptions } from './fit.js';
import { ccpPruningPath, type PruningPath } from './prune.js';
import { Tree, type TreeJSON } from './tree.js';
import { registerEstimator } from '../persist.js';
import { treeApply, treeDecisionPath, treeImportances, treeRows } from './fitted.js';

/** Options of {@link DecisionTreeClassifier}. */
export interface DecisionTreeClassifierOptions extends TreeOptions {
  /** Impurity: 'gini' (default), 'entropy' or 'log_loss' (the same as entropy; 'logLoss' accepted). */
  criterion?: 'gini' | 'entropy' | 'log_loss' | 'logLoss';
  /** Weights per class label, or 'balanced' (n / (nClasses · count)); multiplied into sampleWeight. */
  classWeight?: Record<number, number> | 'balanced' | null;
}

/** A saved classifier ({@link DecisionTreeClassifier.toJSON}). */
export interface DecisionTreeClassifierJSON {
  type: 'DecisionTreeClassifier';
  params: Required<DecisionTreeClassifierOptions>;
  classes: number[] | string[];
  nFeaturesIn: number;
  tree: TreeJSON;
}

/**
 * A CART classification tree (scikit-learn's `DecisionTreeClassifier`): axis-aligned splits
 * chosen to minimise Gini impurity or entropy, thresholds midway between consecutive values,
 * NaN routed to the side that helps the split most.
 *
 * ```ts
 * const iris = data.loadIris();
 * const clf = new learn.DecisionTreeClassifier({ maxDepth: 3 }).fit(iris.data, iris.target);
 * clf.predict(iris.data); clf.featureImportances;
 * console.log(learn.exportText(clf, { featureNames: iris.featureNames }));
 * ```
 */
export class DecisionTreeClassifier extends BaseClassifier<Required<DecisionTreeClassifierOptions>> {
  /** Sorted class labels (numbers, or the strings fit was given). */
  classes: ClassLabels | null = null;
  nClasses = 0;
  nFeaturesIn = 0;
  readonly nOutputs = 1;
  /** The fitted tree (flat arrays). */
  tree: Tree | null = null;

  constructor(options: DecisionTreeClassifierOptions = {}) {
    super({ ...TREE_DEFAULTS, criterion: 'gini', classWeight: null, ...options } as Required<DecisionTreeClassifierOptions>);
  }

  /** Fits the tree; `sampleWeight` (≥ 0) weights each sample; y may be numbers or strings. */
  fit(X: ArrayInput, y: readonly string[], sampleWeight?: ArrayInput | null): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput | null): this;
  fit(X: ArrayInput, y: LabelInput, sampleWeight?: ArrayInput | null): this | StringLabelled<this> {
    const who = 'DecisionTreeClassifier.fit';
    const x = toMatrix(X, 'X', { allowNaN: true });
    const yv = readLabels(y);
    const [n, p] = x.shape;
    checkSameLength(n, yv.length, 'X', 'y');
    const { classes, indices } = encodeLabels(yv);
    let w: Float64Array | null = null;
    if (sampleWeight !== undefined && sampleWeight !== null) {
      w = Float64Array.from(toFloat64Array(toVector(sampleWeight, 'sampleWeight')));
      checkSameLength(n, w.length, 'X', 'sampleWeight');
    }
    const cw = this.params.classWeight;
    if (cw !== null && cw !== undefined) {
      const perClass = new Float64Array(classes.length).fill(1);
      if (cw === 'balanced') {
        const counts = new Float64Array(classes.length);
        for (const c of indices) counts[c]++;
        for (let c = 0; c < classes.length; c++) perClass[c] = n / (classes.length * counts[c]);
      } else {
        for (const [k, v] of Object.entries(cw)) {
          const c = classIndex(classes, k);
          if (c >= 0) perClass[c] = v;
        }
      }
      w ??= new Float64Array(n).fill(1);
      for (let i = 0; i < n; i++) w[i] *= perClass[indices[i]];
    }
    const crit = this.params.criterion;
    let criterion;
    if (crit === 'gini') criterion = new Gini(indices, w, classes.length);
    else if (crit === 'entropy' || crit === 'log_loss' || crit === 'logLoss') criterion = new Entropy(indices, w, classes.length);
    else throw new ValueError(`${who}: criterion must be 'gini', 'entropy' or 'log_loss', got ${String(crit)}`);
    this.tree = growTree(new TreeData(x.dataSync() as Float64Array, n, p), w, criterion, this.params, who);
    this.classes = classes;
    this.nClasses = classes.length;
    this.nFeaturesIn = p;
    return this;
  }

  /** Normalized total impurity decrease per feature (Gini importance), float64 [nFeatures]. */
  get featureImportances(): Tensor {
    return treeImportances(checkFitted(this, this.tree, 'featureImportances'));
  }

  /** Depth of the tree (the root alone is 0). */
  getDepth(): number {
    return checkFitted(this, this.tree, 'getDepth').maxDepth;
  }

  /** Number of leaves. */
  getNLeaves(): number {
    return checkFitted(this, this.tree, 'getNLeaves').nLeaves();
  }

  private rows(X: ArrayInput, method: string): { tree: Tree; data: Float64Array; n: number } {
    return treeRows(this, this.tree, this.nFeaturesIn, X, method);
  }

  /** Index of the leaf each sample lands in, int32 [n]. */
  apply(X: ArrayInput): Tensor {
    return treeApply(this.rows(X, 'apply'));
  }

  /** Node indicator [n, nodeCount] (uint8 0/1): the nodes each sample passes through. */
  decisionPath(X: ArrayInput): Tensor {
    return treeDecisionPath(this.rows(X, 'decisionPath'));
  }

  /** Class probabilities: the weighted class fractions of each sample's leaf, float64 [n, nClasses]. */
  predictProba(X: ArrayInput): Tensor {
    const { tree, data, n } = this.rows(X, 'predictProba');
    const leaves = tree.apply(data, n);
    const k = tree.valueStride;
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const o = leaves[i] * k;
      let s = 0;
      for (let c = 0; c < k; c++) s += tree.value[o + c];
      if (s === 0) s = 1;
      for (let c = 0; c < k; c++) out[i * k + c] = tree.value[o + c] / s;
    }
    return new Tensor(out, [n, k], 'float64');
  }

  /** Log of predictProba (−Infinity for zero probabilities). */
  predictLogProba(X: ArrayInput): Tensor {
    const p = this.predictProba(X);
    return new Tensor((p.dataSync() as Float64Array).map(Math.log), p.shape, 'float64');
  }

  /** The class with the largest weight in each sample's leaf (first on ties): float64 [n], or string[] for string classes. */
  predict(X: ArrayInput): Tensor {
    const { tree, data, n } = this.rows(X, 'predict');
    const leaves = tree.apply(data, n);
    const k = tree.valueStride;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const o = leaves[i] * k;
      let best = 0;
      for (let c = 1; c < k; c++) if (tree.value[o + c] > tree.value[o + best]) best = c;
      out[i] = best;
    }
    return labelsAt(this.classes as ClassLabels, out);
  }

  /** The minimal cost-complexity pruning path of the tree grown on (X, y) with ccpAlpha 0. */
  costComplexityPruningPath(X: ArrayInput, y: LabelInput, sampleWeight?: ArrayInput | null): PruningPath {
    const unpruned = new DecisionTreeClassifier({ ...this.params, ccpAlpha: 0 }).fit(X, y as ArrayInput, sampleWeight);
    return ccpPruningPath(unpruned.tree as Tree);
  }

  /** The fitted classifier as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): DecisionTreeClassifierJSON {
    const tree = checkFitted(this, this.tree, 'toJSON');
    return { type: 'DecisionTreeClassifier', params: { ...this.params }, classes: labelsToJSON(this.classes as ClassLabels), nFeaturesIn: this.nFeaturesIn, tree: tree.toJSON() };
  }

  /** Restores a classifier saved by toJSON. */
  static fromJSON(json: DecisionTreeClassifierJSON): DecisionTreeClassifier {
    if (json.type !== 'DecisionTreeClassifier') throw new ValueError(`DecisionTreeClassifier.fromJSON: expected type 'DecisionTreeClassifier', got ${String(json.type)}`);
    const clf = new DecisionTreeClassifier(json.params);
    clf.classes = labelsFromJSON(json.classes);
    clf.nClasses = json.classes.length;
    clf.nFeaturesIn = json.nFeaturesIn;
    clf.tree = Tree.fromJSON(json.tree);
    return clf;
  }
}

registerEstimator('DecisionTreeClassifier', DecisionTreeClassifier.fromJSON);
