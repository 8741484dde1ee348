import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseRegressor, checkFitted, checkSameLength, toFloat64Array, toMatrix, toVector, type ArrayInput } from '../base.js';
import { AbsoluteError, FriedmanMSE, Poisson, SquaredError, type Criterion } from './criterion.js';
import { TreeData } from './data.js';
import { growTree, TREE_DEFAULTS, type TreeOptions } from './fit.js';
import { ccpPruningPath, type PruningPath } from './prune.js';
import { Tree, type TreeJSON } from './tree.js';
import { registerEstimator } from '../persist.js';
import { treeApply, treeDecisionPath, treeImportances, treeRows } from './fitted.js';

/** Options of {@link DecisionTreeRegressor}. */
export interface DecisionTreeRegressorOptions extends TreeOptions {
  /** 'squared_error' (default, leaf = mean), 'friedman_mse', 'absolute_error' (leaf = median, slow) or 'poisson' (y ≥ 0). camelCase spellings accepted. */
  criterion?: 'squared_error' | 'friedman_mse' | 'absolute_error' | 'poisson' | 'squaredError' | 'friedmanMse' | 'absoluteError';
}

/** A saved regressor ({@link DecisionTreeRegressor.toJSON}). */
export interface DecisionTreeRegressorJSON {
  type: 'DecisionTreeRegressor';
  params: Required<DecisionTreeRegressorOptions>;
  nFeaturesIn: number;
  tree: TreeJSON;
}

/**
 * A CART regression tree (scikit-learn's `DecisionTreeRegressor`): each leaf predicts the mean
 * (squared error) or median (absolute error) of its training targets.
 *
 * ```ts
 * const diabetes = data.loadDiabetes();
 * const reg = new learn.DecisionTreeRegressor({ maxDepth: 4 }).fit(diabetes.data, diabetes.target);
 * reg.score(diabetes.data, diabetes.target); // R² on the training data
 * ```
 */
export class DecisionTreeRegressor extends BaseRegressor<Required<DecisionTreeRegressorOptions>> {
  nFeaturesIn = 0;
  readonly nOutputs = 1;
  /** The fitted tree (flat arrays). */
  tree: Tree | null = null;

  constructor(options: DecisionTreeRegressorOptions = {}) {
    super({ ...TREE_DEFAULTS, criterion: 'squared_error', ...options } as Required<DecisionTreeRegressorOptions>);
  }

  /** Fits the tree; `sampleWeight` (≥ 0) weights each sample. */
  fit(X: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput | null): this {
    const who = 'DecisionTreeRegressor.fit';
    const x = toMatrix(X, 'X', { allowNaN: true });
    const yv = Float64Array.from(toFloat64Array(toVector(y, 'y')));
    const [n, p] = x.shape;
    checkSameLength(n, yv.length, 'X', 'y');
    let w: Float64Array | null = null;
    if (sampleWeight !== undefined && sampleWeight !== null) {
      w = Float64Array.from(toFloat64Array(toVector(sampleWeight, 'sampleWeight')));
      checkSameLength(n, w.length, 'X', 'sampleWeight');
    }
    let criterion: Criterion;
    switch (this.params.criterion) {
      case 'squared_error': case 'squaredError': criterion = new SquaredError(yv, w); break;
      case 'friedman_mse': case 'friedmanMse': criterion = new FriedmanMSE(yv, w); break;
      case 'absolute_error': case 'absoluteError': criterion = new AbsoluteError(yv, w); break;
      case 'poisson': {
        let sum = 0;
        for (const v of yv) {
          if (v < 0) throw new ValueError(`${who}: y has negative values, which the poisson criterion does not allow`);
          sum += v;
        }
        if (!(sum > 0)) throw new ValueError(`${who}: y sums to ${sum}; the poisson criterion needs a positive sum`);
        criterion = new Poisson(yv, w);
        break;
      }
      default: throw new ValueError(`${who}: criterion must be 'squared_error', 'friedman_mse', 'absolute_error' or 'poisson', got ${String(this.params.criterion)}`);
    }
    this.tree = growTree(new TreeData(x.dataSync() as Float64Array, n, p), w, criterion, this.params, who);
    this.nFeaturesIn = p;
    return this;
  }

  /** Normalized total impurity decrease per feature, float64 [nFeatures]. */
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

  /** Node indicator [n, nodeCount] (0/1): the nodes each sample passes through. */
  decisionPath(X: ArrayInput): Tensor {
    return treeDecisionPath(this.rows(X, 'decisionPath'));
  }

  /** The value of each sample's leaf, float64 [n]. */
  predict(X: ArrayInput): Tensor {
    const { tree, data, n } = this.rows(X, 'predict');
    const leaves = tree.apply(data, n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = tree.value[leaves[i]];
    return new Tensor(out, [n], 'float64');
  }

  /** The minimal cost-complexity pruning path of the tree grown on (X, y) with ccpAlpha 0. */
  costComplexityPruningPath(X: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput | null): PruningPath {
    const unpruned = new DecisionTreeRegressor({ ...this.params, ccpAlpha: 0 }).fit(X, y, sampleWeight);
    return ccpPruningPath(unpruned.tree as Tree);
  }

  /** The fitted regressor as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): DecisionTreeRegressorJSON {
    const tree = checkFitted(this, this.tree, 'toJSON');
    return { type: 'DecisionTreeRegressor', params: { ...this.params }, nFeaturesIn: this.nFeaturesIn, tree: tree.toJSON() };
  }

  /** Restores a regressor saved by toJSON. */
  static fromJSON(json: DecisionTreeRegressorJSON): DecisionTreeRegressor {
    if (json.type !== 'DecisionTreeRegressor') throw new ValueError(`DecisionTreeRegressor.fromJSON: expected type 'DecisionTreeRegressor', got ${String(json.type)}`);
    const reg = new DecisionTreeRegressor(json.params);
    reg.nFeaturesIn = json.nFeaturesIn;
    reg.tree = Tree.fromJSON(json.tree);
    return reg;
  }
}

registerEstimator('DecisionTreeRegressor', DecisionTreeRegressor.fromJSON);
