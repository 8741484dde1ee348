import { Tensor } from '../../tensor/tensor.js';
import { ShapeError } from '../../tensor/errors.js';
import { BaseClassifier, checkFitted, labelsAt, toMatrix, type ArrayInput, type ClassLabels } from '../base.js';

/** Row-wise log-sum-exp of an [n, k] row-major matrix. */
export function logSumExpRows(jll: Float64Array, n: number, k: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let c = 0; c < k; c++) m = Math.max(m, jll[i * k + c]);
    if (!Number.isFinite(m)) { out[i] = m; continue; }
    let s = 0;
    for (let c = 0; c < k; c++) s += Math.exp(jll[i * k + c] - m);
    out[i] = m + Math.log(s);
  }
  return out;
}

/**
 * Shared prediction for the naive Bayes classifiers (scikit-learn's `_BaseNB`): each subclass
 * gives the joint log-likelihood log P(c) + log P(x | c); predict, predictProba and
 * predictLogProba follow from it.
 */
export abstract class BaseNB<P extends object> extends BaseClassifier<P> {
  /** Sorted class labels. */
  classes: ClassLabels | null = null;
  nFeaturesIn = 0;

  /** Joint log-likelihood [n, nClasses] of checked rows. */
  protected abstract jll(x: Float64Array, n: number): Float64Array;

  /** Validates X for prediction: fitted, 2-D, finite, the fitted feature count. */
  protected rows(X: ArrayInput, method: string): { x: Float64Array; n: number } {
    checkFitted(this, this.classes, method);
    const t = toMatrix(X, 'X');
    if (t.shape[1] !== this.nFeaturesIn) throw new ShapeError(`${this.constructor.name}.${method}: X has ${t.shape[1]} features, but the model was fitted with ${this.nFeaturesIn}`);
    return { x: t.dataSync() as Float64Array, n: t.shape[0] };
  }

  /** Unnormalized posterior log-probabilities log P(c) + log P(x | c), float64 [n, nClasses]. */
  predictJointLogLikelihood(X: ArrayInput): Tensor {
    const { x, n } = this.rows(X, 'predictJointLogLikelihood');
    const k = (this.classes as Float64Array).length;
    return new Tensor(this.jll(x, n), [n, k], 'float64');
  }

  /** The class with the largest joint log-likelihood (first on ties): float64 [n], or string[] for string classes. */
  predict(X: ArrayInput): Tensor {
    const { x, n } = this.rows(X, 'predict');
    const classes = this.classes as ClassLabels;
    const k = classes.length;
    const j = this.jll(x, n);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (j[i * k + c] > j[i * k + best]) best = c;
      out[i] = best;
    }
    return labelsAt(classes, out);
  }

  /** Log posterior probabilities (jll − logsumexp(jll)), float64 [n, nClasses]. */
  predictLogProba(X: ArrayInput): Tensor {
    const { x, n } = this.rows(X, 'predictLogProba');
    const k = (this.classes as Float64Array).length;
    const j = this.jll(x, n);
    const lse = logSumExpRows(j, n, k);
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) j[i * k + c] -= lse[i];
    return new Tensor(j, [n, k], 'float64');
  }

  /** Posterior probabilities, float64 [n, nClasses]. */
  predictProba(X: ArrayInput): Tensor {
    const lp = this.predictLogProba(X);
    return new Tensor((lp.dataSync() as Float64Array).map(Math.exp), lp.shape, 'float64');
  }
}
