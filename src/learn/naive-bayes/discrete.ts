import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { matmul } from '../../ops/matmul.js';
import { transpose } from '../../ops/movement.js';
import { checkFitted, checkSameLength, encodeLabels, labelsFromJSON, labelsToJSON, readLabels, toFloat64Array, toMatrix, toVector, type ArrayInput, type ClassLabels, type LabelInput, type StringLabelled } from '../base.js';
import { BaseNB } from './common.js';

/** Options shared by the discrete naive Bayes classifiers. */
export interface DiscreteNBOptions {
  /** Additive (Laplace/Lidstone) smoothing; values below 1e-10 are raised to 1e-10 (scikit-learn's default). Default 1. */
  alpha?: number;
  /** Learn class priors from the data (else uniform). Default true. */
  fitPrior?: boolean;
  /** Fixed class priors (overrides fitPrior). Default null. */
  classPrior?: number[] | null;
}

/** Fitted state of a discrete naive Bayes classifier, as saved by toJSON. */
export interface DiscreteNBState {
  classes: number[] | string[];
  nFeaturesIn: number;
  classCount: number[];
  featureCount: number[];
  classLogPrior: number[];
  featureLogProb: number[];
}

/**
 * The count-based naive Bayes classifiers (scikit-learn's `_BaseDiscreteNB`): per-class feature
 * counts Yᵀ X and class counts; subclasses turn them into featureLogProb and a joint
 * log-likelihood.
 */
export abstract class DiscreteNB<P extends DiscreteNBOptions> extends BaseNB<P> {
  classCount: Float64Array | null = null;
  /** Per-class feature totals, [nClasses · nFeatures] row-major. */
  featureCount: Float64Array | null = null;
  classLogPrior: Float64Array | null = null;
  /** Per-class log feature probabilities, [nClasses · nFeatures] row-major. */
  featureLogProb: Float64Array | null = null;

  /** Preprocesses X before counting (e.g. binarizing). */
  protected prepare(x: Float64Array): Float64Array { return x; }
  /** Computes featureLogProb from the counts. */
  protected abstract updateFeatureLogProb(alpha: number): void;

  protected alpha(): number {
    const a = (this.params as DiscreteNBOptions).alpha ?? 1;
    if (!(a >= 0)) throw new ValueError(`${this.constructor.name}: alpha must be >= 0, got ${a}`);
    return Math.max(a, 1e-10);
  }

  /** Fits the counts (sampleWeight optional, ≥ 0). */
  fit(X: ArrayInput, y: readonly string[], sampleWeight?: ArrayInput | null): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput | null): this;
  fit(X: ArrayInput, y: LabelInput, sampleWeight?: ArrayInput | null): this | StringLabelled<this> {
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    const yv = readLabels(y);
    checkSameLength(n, yv.length, 'X', 'y');
    const x = this.prepare(xt.dataSync() as Float64Array);
    const { classes, indices } = encodeLabels(yv);
    const k = classes.length;
    let w: Float64Array | null = null;
    if (sampleWeight !== undefined && sampleWeight !== null) {
      w = toFloat64Array(toVector(sampleWeight, 'sampleWeight'));
      checkSameLength(n, w.length, 'X', 'sampleWeight');
    }
    this.checkX(x);
    // Y: one-hot [n, k] (weighted); featureCount = Yᵀ X on the engine's matmul.
    const Y = new Float64Array(n * k);
    for (let i = 0; i < n; i++) Y[i * k + indices[i]] = w ? w[i] : 1;
    const yt = new Tensor(Y, [n, k], 'float64');
    this.featureCount = matmul(transpose(yt, 0, 1), new Tensor(x, [n, p], 'float64')).dataSync() as Float64Array;
    const cc = new Float64Array(k);
    for (let i = 0; i < n; i++) cc[indices[i]] += w ? w[i] : 1;
    this.classCount = cc;
    this.classes = classes;
    this.nFeaturesIn = p;
    this.updateFeatureLogProb(this.alpha());
    this.updateClassLogPrior();
    return this;
  }

  /** Rejects negative values where counts must be non-negative. */
  protected checkX(x: Float64Array): void {
    for (let i = 0; i < x.length; i++) if (x[i] < 0) throw new ValueError(`${this.constructor.name}: negative values in X (element ${i}) are not allowed`);
  }

  protected updateClassLogPrior(): void {
    const { fitPrior = true, classPrior = null } = this.params as DiscreteNBOptions;
    const cc = this.classCount as Float64Array;
    const k = cc.length;
    const out = new Float64Array(k);
    if (classPrior !== null && classPrior !== undefined) {
      if (classPrior.length !== k) throw new ValueError(`${this.constructor.name}: classPrior has ${classPrior.length} entries, expected one per class (${k})`);
      for (let c = 0; c < k; c++) out[c] = Math.log(classPrior[c]);
    } else if (fitPrior) {
      let s = 0;
      for (const v of cc) s += v;
      for (let c = 0; c < k; c++) out[c] = Math.log(cc[c]) - Math.log(s);
    } else out.fill(-Math.log(k));
    this.classLogPrior = out;
  }

  /** X @ featureLogProbᵀ on the engine's matmul: [n, nClasses]. */
  protected xDotFlp(x: Float64Array, n: number, flp: Float64Array): Float64Array {
    const k = (this.classes as Float64Array).length;
    const p = this.nFeaturesIn;
    return matmul(new Tensor(x, [n, p], 'float64'), transpose(new Tensor(flp, [k, p], 'float64'), 0, 1)).dataSync().slice() as Float64Array;
  }

  protected stateJSON(): DiscreteNBState {
    checkFitted(this, this.classes, 'toJSON');
    return {
      classes: labelsToJSON(this.classes as ClassLabels), nFeaturesIn: this.nFeaturesIn,
      classCount: Array.from(this.classCount as Float64Array), featureCount: Array.from(this.featureCount as Float64Array),
      classLogPrior: Array.from(this.classLogPrior as Float64Array), featureLogProb: Array.from(this.featureLogProb as Float64Array),
    };
  }

  protected loadState(s: DiscreteNBState): this {
    this.classes = labelsFromJSON(s.classes);
    this.nFeaturesIn = s.nFeaturesIn;
    this.classCount = Float64Array.from(s.classCount);
    this.featureCount = Float64Array.from(s.featureCount);
    this.classLogPrior = Float64Array.from(s.classLogPrior);
    this.featureLogProb = Float64Array.from(s.featureLogProb);
    return this;
  }
}
