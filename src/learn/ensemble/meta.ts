import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { toMatrix, type ArrayInput, type ClassLabels } from '../base.js';
import { estimatorFromJSON, type EstimatorJSON } from '../persist.js';
import type { Estimator } from '../modelSelection/types.js';

// Helpers shared by the meta-estimators (voting, stacking, bagging, AdaBoost): the estimators
// they wrap, their class labels, and saving them.

/** A named estimator, as scikit-learn's (name, estimator) pairs. */
export type NamedEstimator = [string, Estimator];

/** The class labels of a fitted classifier as numbers. */
export function classesOf(est: Estimator, who: string): Float64Array {
  const c = est.classes;
  if (c === null || c === undefined) throw new ValueError(`${who}: ${est.constructor.name} has no classes after fit; it must be a classifier`);
  if (Array.isArray(c)) throw new ValueError(`${who}: ${est.constructor.name} was fitted on string labels; the ensemble fits its members on numeric class codes`);
  return c instanceof Tensor ? Float64Array.from(c.dataSync() as ArrayLike<number>) : Float64Array.from(c as Float64Array);
}

/**
 * The numeric classes an ensemble's members see for the ensemble's classes: numeric classes as
 * they are; string classes as their indices 0…k−1 (members are fitted on indices, see memberTargets).
 */
export function memberClassesOf(classes: ClassLabels): Float64Array {
  return classes instanceof Float64Array ? classes : Float64Array.from(classes, (_, i) => i);
}

/** The targets an ensemble fits its members on: numeric labels as given, string labels as their class indices. */
export function memberTargets(labels: ClassLabels, indices: Int32Array): Float64Array {
  return labels instanceof Float64Array ? labels : Float64Array.from(indices);
}

/** Calls a prediction method by name, with a ValueError naming the estimator when it lacks it. */
export function callMethod(est: Estimator, method: 'predict' | 'predictProba' | 'decisionFunction', X: ArrayInput, who: string): Tensor {
  const fn = est[method];
  if (typeof fn !== 'function') throw new ValueError(`${who}: ${est.constructor.name} has no ${method}() method`);
  return fn.call(est, X);
}

/** Probabilities of a fitted classifier laid out on `classes` (columns of absent classes are 0). */
export function alignedProba(est: Estimator, X: ArrayInput, classes: Float64Array, who: string): Float64Array {
  const p = callMethod(est, 'predictProba', X, who);
  const own = classesOf(est, who);
  const v = p.dataSync() as Float64Array;
  const n = p.shape[0], k = classes.length, m = own.length;
  if (m === k && own.every((c, i) => c === classes[i])) return Float64Array.from(v);
  const out = new Float64Array(n * k);
  const col = Array.from(own, (c) => classes.indexOf(c));
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * k + col[j]] = v[i * m + j];
  return out;
}

/** A fitted estimator saved as JSON (it must have toJSON). */
export function saveSub(est: Estimator, who: string): EstimatorJSON {
  const fn = (est as { toJSON?: () => EstimatorJSON }).toJSON;
  if (typeof fn !== 'function') throw new ValueError(`${who}: ${est.constructor.name} cannot be saved (it has no toJSON)`);
  return fn.call(est);
}

/** An estimator restored from its JSON (registered with registerEstimator). */
export function loadSub(json: EstimatorJSON): Estimator {
  return estimatorFromJSON(json) as unknown as Estimator;
}

/** Index of the largest value in v[o, o + k) (first on ties). */
export function argmaxRow(v: Float64Array, o: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (v[o + c] > v[o + best]) best = c;
  return best;
}

/** Checks the (name, estimator) list of a meta-estimator. */
export function checkNamed(list: readonly NamedEstimator[] | null | undefined, who: string): void {
  if (!Array.isArray(list) || list.length === 0) throw new ValueError(`${who}: estimators must be a non-empty list of [name, estimator] pairs`);
  const seen = new Set<string>();
  for (const item of list) {
    if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string' || typeof item[1]?.fit !== 'function') {
      throw new ValueError(`${who}: estimators must be [name, estimator] pairs, got ${String(item)}`);
    }
    if (seen.has(item[0])) throw new ValueError(`${who}: estimator names must be unique, '${item[0]}' repeats`);
    seen.add(item[0]);
  }
}

/** X as a matrix with the fitted number of features (ShapeError otherwise). */
export function checkWidth(X: ArrayInput, nFeaturesIn: number, who: string): Tensor {
  const x = toMatrix(X, 'X', { allowNaN: true });
  if (x.shape[1] !== nFeaturesIn) throw new ShapeError(`${who}: X has ${x.shape[1]} features, but the estimator was fitted with ${nFeaturesIn}`);
  return x;
}
