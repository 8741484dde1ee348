import { ValueError } from '../../tensor/errors.js';
import { registerEstimator } from '../persist.js';
import { DiscreteNB, type DiscreteNBOptions, type DiscreteNBState } from './discrete.js';

/** Options of {@link ComplementNB}. */
export interface ComplementNBOptions extends DiscreteNBOptions {
  /** Normalize the weights (the second normalization of Rennie et al.). Default false. */
  norm?: boolean;
}

/** A saved ComplementNB. */
export interface ComplementNBJSON extends DiscreteNBState { type: 'ComplementNB'; params: Required<ComplementNBOptions> }

/**
 * Complement naive Bayes (scikit-learn's `ComplementNB`, Rennie et al. 2003): weights from the
 * counts of every class but c, suited to imbalanced text data. The class prior only enters
 * when there is a single class, as in scikit-learn.
 *
 * ```ts
 * const nb = new learn.ComplementNB({ alpha: 1, norm: true }).fit(counts, labels);
 * ```
 */
export class ComplementNB extends DiscreteNB<Required<ComplementNBOptions>> {
  constructor(options: ComplementNBOptions = {}) {
    super({ alpha: 1, fitPrior: true, classPrior: null, norm: false, ...options });
  }

  protected updateFeatureLogProb(alpha: number): void {
    const fc = this.featureCount as Float64Array;
    const k = (this.classes as Float64Array).length, p = this.nFeaturesIn;
    const all = new Float64Array(p);
    for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) all[j] += fc[c * p + j];
    const out = new Float64Array(k * p);
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += all[j] + alpha - fc[c * p + j];
      let ls = 0;
      for (let j = 0; j < p; j++) {
        const v = Math.log((all[j] + alpha - fc[c * p + j]) / s);
        out[c * p + j] = v;
        ls += v;
      }
      for (let j = 0; j < p; j++) out[c * p + j] = this.params.norm ? out[c * p + j] / ls : -out[c * p + j];
    }
    this.featureLogProb = out;
  }

  protected jll(x: Float64Array, n: number): Float64Array {
    this.checkX(x);
    const j = this.xDotFlp(x, n, this.featureLogProb as Float64Array);
    const k = (this.classes as Float64Array).length;
    if (k === 1) {
      const prior = this.classLogPrior as Float64Array;
      for (let i = 0; i < n; i++) j[i] += prior[0];
    }
    return j;
  }

  /** The fitted model as plain JSON data. */
  toJSON(): ComplementNBJSON {
    return { type: 'ComplementNB', params: { ...this.params }, ...this.stateJSON() };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: ComplementNBJSON): ComplementNB {
    if (json.type !== 'ComplementNB') throw new ValueError(`ComplementNB.fromJSON: expected type 'ComplementNB', got ${String(json.type)}`);
    return new ComplementNB(json.params).loadState(json);
  }
}

registerEstimator('ComplementNB', ComplementNB.fromJSON);
