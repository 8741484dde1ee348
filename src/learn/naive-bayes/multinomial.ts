import { ValueError } from '../../tensor/errors.js';
import { registerEstimator } from '../persist.js';
import { DiscreteNB, type DiscreteNBOptions, type DiscreteNBState } from './discrete.js';

/** Options of {@link MultinomialNB}. */
export type MultinomialNBOptions = DiscreteNBOptions;

/** A saved MultinomialNB. */
export interface MultinomialNBJSON extends DiscreteNBState { type: 'MultinomialNB'; params: Required<MultinomialNBOptions> }

/**
 * Naive Bayes for counts (scikit-learn's `MultinomialNB`): log P(x_j | c) =
 * log((N_cj + α) / (N_c + α·p)), joint log-likelihood X · featureLogProbᵀ + classLogPrior.
 *
 * ```ts
 * const nb = new learn.MultinomialNB({ alpha: 0.5 }).fit(counts, labels);
 * nb.predictProba(counts);
 * ```
 */
export class MultinomialNB extends DiscreteNB<Required<MultinomialNBOptions>> {
  constructor(options: MultinomialNBOptions = {}) {
    super({ alpha: 1, fitPrior: true, classPrior: null, ...options });
  }

  protected updateFeatureLogProb(alpha: number): void {
    const fc = this.featureCount as Float64Array;
    const k = (this.classes as Float64Array).length, p = this.nFeaturesIn;
    const out = new Float64Array(k * p);
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += fc[c * p + j] + alpha;
      const ls = Math.log(s);
      for (let j = 0; j < p; j++) out[c * p + j] = Math.log(fc[c * p + j] + alpha) - ls;
    }
    this.featureLogProb = out;
  }

  protected jll(x: Float64Array, n: number): Float64Array {
    this.checkX(x);
    const k = (this.classes as Float64Array).length;
    const j = this.xDotFlp(x, n, this.featureLogProb as Float64Array);
    const prior = this.classLogPrior as Float64Array;
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) j[i * k + c] += prior[c];
    return j;
  }

  /** The fitted model as plain JSON data. */
  toJSON(): MultinomialNBJSON {
    return { type: 'MultinomialNB', params: { ...this.params }, ...this.stateJSON() };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: MultinomialNBJSON): MultinomialNB {
    if (json.type !== 'MultinomialNB') throw new ValueError(`MultinomialNB.fromJSON: expected type 'MultinomialNB', got ${String(json.type)}`);
    return new MultinomialNB(json.params).loadState(json);
  }
}

registerEstimator('MultinomialNB', MultinomialNB.fromJSON);
