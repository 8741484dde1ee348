import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseClassifier, BaseEstimator, checkFitted, labelsAt, toMatrix, type ArrayInput, type ClassLabels, type StringLabelled } from '../base.js';
import { readSemiLabels, type SemiLabelInput } from './labels.js';
import { fromFlat } from '../neighbors/flat.js';
import { estimatorFromJSON, registerEstimator, type EstimatorJSON, type Persistable } from '../persist.js';

/** What SelfTrainingClassifier needs from its base estimator. */
export interface ProbabilisticClassifier extends BaseEstimator<object> {
  fit(X: ArrayInput, y: ArrayInput): this;
  predict(X: ArrayInput): Tensor;
  predictProba(X: ArrayInput): Tensor;
  readonly classes: ClassLabels | null;
}

/** Options of {@link SelfTrainingClassifier} (scikit-learn's defaults). */
export interface SelfTrainingOptions {
  /** The classifier trained on the labeled rows (required; cloned at fit). */
  baseEstimator: ProbabilisticClassifier;
  /** Pseudo-label rows whose top probability is > threshold (default 0.75; criterion 'threshold'). */
  threshold?: number;
  /** 'threshold' (default) or 'k_best' (the kBest most confident rows per iteration). */
  criterion?: 'threshold' | 'k_best';
  /** Rows added per iteration with 'k_best' (default 10). */
  kBest?: number;
  /** Iteration cap (default 10; null for no cap). */
  maxIter?: number | null;
}

/** A saved model. */
export interface SelfTrainingJSON {
  type: 'SelfTrainingClassifier';
  params: Omit<Required<SelfTrainingOptions>, 'baseEstimator'>;
  baseEstimator: EstimatorJSON;
  transductionLabels: number[]; labelNames?: string[] | null; labeledIter: number[]; nIter: number; terminationCondition: string; nFeaturesIn: number;
}

/**
 * Self-training (scikit-learn's `SelfTrainingClassifier`): labels −1 mark unlabeled rows; the
 * base classifier is fitted on the labeled rows, its confident predictions on the unlabeled rows
 * become labels, and this repeats until nothing is added, all rows are labeled or maxIter is
 * reached; the base classifier is then refitted on every labeled row.
 */
export class SelfTrainingClassifier extends BaseClassifier<Required<SelfTrainingOptions>> {
  /** The fitted copy of the base estimator. */
  baseEstimatorFitted: ProbabilisticClassifier | null = null;
  /** Labels after self-training (−1 for rows never labeled; for string labels, indices into classes); scikit-learn's transduction_. */
  transductionLabels: Tensor | null = null;
  /** The iteration at which each row was labeled (0 = originally, −1 = never). */
  labeledIter: Tensor | null = null;
  /** Iterations run. */
  nIter = 0;
  /** Why training stopped: 'max_iter', 'no_change' or 'all_labeled'. */
  terminationCondition: 'max_iter' | 'no_change' | 'all_labeled' | null = null;
  /** Number of features seen in fit. */
  nFeaturesIn = 0;

  constructor(options: SelfTrainingOptions) {
    super({ threshold: 0.75, criterion: 'threshold', kBest: 10, maxIter: 10, ...options });
  }

  /** String labels seen by fit (the base estimator is then fitted on their indices). */
  private labelNames: string[] | null = null;

  /** The classes of the fitted base estimator (the strings, for string labels). */
  get classes(): ClassLabels | null {
    if (!this.baseEstimatorFitted) return null;
    return this.labelNames ?? this.baseEstimatorFitted.classes;
  }

  /** Self-trains the base classifier on X with labels y (−1 = unlabeled; numbers, or strings with −1 for unlabeled rows); returns this. */
  fit(X: ArrayInput, y: ArrayInput): this;
  fit(X: ArrayInput, y: readonly (string | number | null)[]): StringLabelled<this>;
  fit(X: ArrayInput, y: SemiLabelInput): this | StringLabelled<this> {
    const { baseEstimator, threshold, criterion, kBest, maxIter } = this.params;
    if (!(baseEstimator instanceof BaseEstimator)) throw new ValueError('SelfTrainingClassifier: baseEstimator must be an estimator with fit and predictProba');
    if (criterion !== 'threshold' && criterion !== 'k_best') throw new ValueError(`SelfTrainingClassifier: criterion must be 'threshold' or 'k_best', got '${String(criterion)}'`);
    if (!(threshold >= 0 && threshold < 1)) throw new ValueError(`SelfTrainingClassifier: threshold must be in [0, 1), got ${threshold}`);
    if (!Number.isInteger(kBest) || kBest < 1) throw new ValueError(`SelfTrainingClassifier: kBest must be a positive integer, got ${kBest}`);
    if (maxIter !== null && (!Number.isInteger(maxIter) || maxIter < 0)) throw new ValueError(`SelfTrainingClassifier: maxIter must be a non-negative integer or null, got ${maxIter}`);
    const Xm = toMatrix(X, 'X');
    const [n, d] = Xm.shape;
    const { classes: labels, codes } = readSemiLabels(y, n, 'SelfTrainingClassifier');
    const names = labels instanceof Float64Array ? null : labels;
    // numeric labels reach the base estimator as given; string labels as their indices
    const yv = names ? codes : Float64Array.from(codes, (c) => (c < 0 ? -1 : (labels as Float64Array)[c]));
    const rows = Xm.toArray() as number[][];
    const est = baseEstimator.clone();
    const trans = Float64Array.from(yv);
    const labeledIter = new Float64Array(n).fill(-1);
    const has = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (yv[i] !== -1) { has[i] = 1; labeledIter[i] = 0; }
    if (!has.some((v) => v === 1)) throw new ValueError('SelfTrainingClassifier: y has no labeled sample (every label is -1)');
    const subset = (keep: (i: number) => boolean): number[] => Array.from({ length: n }, (_, i) => i).filter(keep);
    let iter = 0;
    let termination: SelfTrainingClassifier['terminationCondition'] = null;
    while (!has.every((v) => v === 1) && (maxIter === null || iter < maxIter)) {
      iter++;
      const lab = subset((i) => has[i] === 1), unl = subset((i) => has[i] === 0);
      est.fit(lab.map((i) => rows[i]), lab.map((i) => trans[i]));
      const P = est.predictProba(unl.map((i) => rows[i]));
      const c = P.shape[1], p = P.dataSync(), classes = est.classes as Float64Array; // numeric: the base saw numbers
      const pred = new Float64Array(unl.length), maxP = new Float64Array(unl.length);
      for (let r = 0; r < unl.length; r++) {
        let b = 0;
        for (let t = 1; t < c; t++) if (p[r * c + t] > p[r * c + b]) b = t;
        pred[r] = classes[b]; maxP[r] = p[r * c + b];
      }
      let chosen: number[];
      if (criterion === 'threshold') chosen = subset((r) => r < unl.length && maxP[r] > threshold);
      else {
        const order = Array.from({ length: unl.length }, (_, r) => r).sort((a, b) => maxP[b] - maxP[a] || a - b);
        chosen = order.slice(0, Math.min(kBest, unl.length));
      }
      for (const r of chosen) { trans[unl[r]] = pred[r]; has[unl[r]] = 1; labeledIter[unl[r]] = iter; }
      if (chosen.length === 0) { termination = 'no_change'; break; }
    }
    if (iter === maxIter) termination = 'max_iter';
    if (has.every((v) => v === 1)) termination = 'all_labeled';
    const lab = subset((i) => has[i] === 1);
    est.fit(lab.map((i) => rows[i]), lab.map((i) => trans[i]));
    this.baseEstimatorFitted = est; this.labelNames = names; this.nIter = iter; this.terminationCondition = termination; this.nFeaturesIn = d;
    this.transductionLabels = fromFlat(trans, [n]); this.labeledIter = fromFlat(labeledIter, [n]);
    return this;
  }

  /** The fitted base estimator's predictions. */
  predict(X: ArrayInput): Tensor {
    const pred = checkFitted(this, this.baseEstimatorFitted).predict(X);
    return this.labelNames ? labelsAt(this.labelNames, pred.dataSync()) : pred;
  }

  /** The fitted base estimator's class probabilities. */
  predictProba(X: ArrayInput): Tensor {
    return checkFitted(this, this.baseEstimatorFitted, 'predictProba').predictProba(X);
  }

  /** The fitted model as plain JSON data (the base estimator must support toJSON). */
  toJSON(): SelfTrainingJSON {
    const est = checkFitted(this, this.baseEstimatorFitted, 'toJSON') as unknown as Partial<Persistable>;
    if (typeof est.toJSON !== 'function') throw new ValueError('SelfTrainingClassifier.toJSON: the base estimator has no toJSON');
    const { baseEstimator: _b, ...params } = this.params;
    return {
      type: 'SelfTrainingClassifier', params, baseEstimator: est.toJSON(), transductionLabels: Array.from((this.transductionLabels as Tensor).dataSync()), labelNames: this.labelNames,
      labeledIter: Array.from((this.labeledIter as Tensor).dataSync()), nIter: this.nIter, terminationCondition: this.terminationCondition as string, nFeaturesIn: this.nFeaturesIn,
    };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: SelfTrainingJSON): SelfTrainingClassifier {
    if (json.type !== 'SelfTrainingClassifier') throw new ValueError(`SelfTrainingClassifier.fromJSON: expected type 'SelfTrainingClassifier', got ${String(json.type)}`);
    const base = estimatorFromJSON(json.baseEstimator) as unknown as ProbabilisticClassifier;
    const st = new SelfTrainingClassifier({ ...json.params, baseEstimator: base.clone() });
    st.baseEstimatorFitted = base; st.labelNames = json.labelNames ?? null; st.nIter = json.nIter; st.nFeaturesIn = json.nFeaturesIn;
    st.terminationCondition = json.terminationCondition as SelfTrainingClassifier['terminationCondition'];
    st.transductionLabels = fromFlat(Float64Array.from(json.transductionLabels), [json.transductionLabels.length]);
    st.labeledIter = fromFlat(Float64Array.from(json.labeledIter), [json.labeledIter.length]);
    return st;
  }
}

registerEstimator('SelfTrainingClassifier', SelfTrainingClassifier.fromJSON);
