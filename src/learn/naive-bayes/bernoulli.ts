import { ValueError } from '../../tensor/errors.js';
import { registerEstimator } from '../persist.js';
import { DiscreteNB, type DiscreteNBOptions, type DiscreteNBState } from './discrete.js';

/** Options of {@link BernoulliNB}. */
export interface BernoulliNBOptions extends DiscreteNBOptions {
  /** Threshold: features > binarize become 1, others 0; null means X is already binary. Default 0. */
  binarize?: number | null;
}

/** A saved BernoulliNB. */
export interface BernoulliNBJSON extends DiscreteNBState { type: 'BernoulliNB'; params: Required<BernoulliNBOptions> }

/**
 * Naive Bayes for binary features (scikit-learn's `BernoulliNB`): P(x_j = 1 | c) =
 * (N_cj + α) / (N_c + 2α); absent features count through log(1 − P).
 *
 * ```ts
 * const nb = new learn.BernoulliNB({ binarize: 0.5 }).fit(X, y);
 * ```
 */
export class BernoulliNB extends DiscreteNB<Required<BernoulliNBOptions>> {
  constructor(options: BernoulliNBOptions = {}) {
    super({ alpha: 1, fitPrior: true, classPrior: null, binarize: 0, ...options });
  }

  protected override prepare(x: Float64Array): Float64Array {
    const t = this.params.binarize;
    if (t === null || t === undefined) return x;
    return x.map((v) => (v > t ? 1 : 0));
  }

  protected override checkX(): void { /* any real values are allowed: they are binarized or used as given */ }

  protected updateFeatureLogProb(alpha: number): void {
    const fc = this.featureCount as Float64Array, cc = this.classCount as Float64Array;
    const k = cc.length, p = this.nFeaturesIn;
    const out = new Float64Array(k * p);
    for (let c = 0; c < k; c++) {
      const lden = Math.log(cc[c] + 2 * alpha);
      for (let j = 0; j < p; j++) out[c * p + j] = Math.log(fc[c * p + j] + alpha) - lden;
    }
    this.featureLogProb = out;
  }

  protected jll(xRaw: Float64Array, n: number): Float64Array {
    const x = this.prepare(xRaw);
    const flp = this.featureLogProb as Float64Array;
    const k = (this.classes as Float64Array).length, p = this.nFeaturesIn;
    // jll = X · (flp − negProb)ᵀ + classLogPrior + Σ_j negProb, negProb = log(1 − exp(flp)).
    const diff = new Float64Array(k * p);
    const negSum = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < p; j++) {
        const neg = Math.log(1 - Math.exp(flp[c * p + j]));
        diff[c * p + j] = flp[c * p + j] - neg;
        negSum[c] += neg;
      }
    }
    const out = this.xDotFlp(x, n, diff);
    const prior = this.classLogPrior as Float64Array;
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) out[i * k + c] += prior[c] + negSum[c];
    return out;
  }

  /** The fitted model as plain JSON data. */
  toJSON(): BernoulliNBJSON {
    return { type: 'BernoulliNB', params: { ...this.params }, ...this.stateJSON() };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: BernoulliNBJSON): BernoulliNB {
    if (json.type !== 'BernoulliNB') throw new ValueError(`BernoulliNB.fromJSON: expected type 'BernoulliNB', got ${String(json.type)}`);
    return new BernoulliNB(json.params).loadState(json);
  }
}

registerEstimator('BernoulliNB', BernoulliNB.fromJSON);
