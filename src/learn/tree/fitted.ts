import { Tensor } from '../../tensor/tensor.js';
import { checkFitted, toMatrix, type ArrayInput } from '../base.js';
import { checkFeatures } from './fit.js';
import type { Tree } from './tree.js';

// What the fitted tree classifier and regressor answer the same way, from their Tree.

/** The fitted tree and X's rows (NaN allowed: trees route it), checked against the features seen at fit. */
export function treeRows(owner: object, tree: Tree | null, nFeaturesIn: number, X: ArrayInput, method: string): { tree: Tree; data: Float64Array; n: number } {
  const fitted = checkFitted(owner, tree, method);
  const x = toMatrix(X, 'X', { allowNaN: true });
  checkFeatures(`${owner.constructor.name}.${method}`, x, nFeaturesIn);
  return { tree: fitted, data: x.dataSync() as Float64Array, n: x.shape[0] };
}

/** Normalized total impurity decrease per feature, float64 [nFeatures]. */
export function treeImportances(tree: Tree): Tensor {
  return new Tensor(tree.featureImportances(), [tree.nFeatures], 'float64');
}

/** Index of the leaf each sample lands in, int32 [n]. */
export function treeApply({ tree, data, n }: { tree: Tree; data: Float64Array; n: number }): Tensor {
  return new Tensor(tree.apply(data, n), [n], 'int32');
}

/** Node indicator [n, nodeCount] (0/1): the nodes each sample passes through. */
export function treeDecisionPath({ tree, data, n }: { tree: Tree; data: Float64Array; n: number }): Tensor {
  return new Tensor(tree.decisionPath(data, n), [n, tree.nodeCount], 'bool');
}
