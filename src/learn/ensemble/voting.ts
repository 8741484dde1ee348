import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseClassifier, BaseRegressor, checkFitted, checkSameLength, encodeLabels, labelsAt, labelsFromJSON, labelsToJSON, readLabels, toFloat64Array, toMatrix, toVector, type ArrayInput, type ClassLabels, type LabelInput, type StringLabelled } from '../base.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import type { Estimator } from '../modelSelection/types.js';
import { alignedProba, argmaxRow, callMethod, checkNamed, checkWidth, loadSub, memberClassesOf, memberTargets, saveSub, type NamedEstimator } from './meta.js';

/** Options of {@link VotingClassifier}. */
export interface VotingClassifierOptions {
  /** The [name, estimator] pairs; each is cloned and fitted on the full data. */
  estimators: NamedEstimator[];
  /** 'hard' (default): weighted majority of predicted labels; 'soft': argmax of the weighted mean probability. */
  voting?: 'hard' | 'soft';
  /** One weight per estimator; null (default) weighs all alike. */
  weights?: number[] | null;
}

/** Options of {@link VotingRegressor}. */
export interface VotingRegressorOptions {
  estimators: NamedEstimator[];
  weights?: number[] | null;
}

/** A saved voting estimator. */
export interface VotingJSON {
  type: string;
  params: { names: string[]; voting?: string; weights: number[] | null };
  nFeaturesIn: number;
  classes?: number[] | string[];
  estimators: EstimatorJSON[];
}

function checkWeights(weights: number[] | null, m: number, who: string): Float64Array {
  if (weights === null || weights === undefined) return new Float64Array(m).fill(1);
  if (weights.length !== m) throw new ValueError(`${who}: weights has ${weights.length} values, but there are ${m} estimators`);
  return Float64Array.from(weights);
}

function fitAll(list: NamedEstimator[], X: ArrayInput, y: ArrayInput, who: string): Estimator[] {
  checkNamed(list, who);
  return list.map(([, est]) => { const e = est.clone(); e.fit(X, y); return e; });
}

/**
 * Combines classifiers by vote (scikit-learn's `VotingClassifier`): hard voting takes the
 * label with the largest total weight among the estimators' predictions (smallest label on
 * ties), soft voting the argmax of the weighted mean of their probabilities.
 *
 * ```ts
 * const vote = new learn.VotingClassifier({ estimators: [['tree', new learn.DecisionTreeClassifier()], ['rf', new learn.RandomForestClassifier()]], voting: 'soft' });
 * ```
 */
export class VotingClassifier extends BaseClassifier<Required<VotingClassifierOptions>> {
  classes: ClassLabels | null = null;
  nFeaturesIn = 0;
  /** The fitted clones, in the order given. */
  estimators: Estimator[] | null = null;

  constructor(options: VotingClassifierOptions) {
    super({ voting: 'hard', weights: null, ...options } as Required<VotingClassifierOptions>);
  }

  /** The fitted estimators by name. */
  get namedEstimators(): Record<string, Estimator> {
    const ests = checkFitted(this, this.estimators, 'namedEstimators');
    return Object.fromEntries(this.params.estimators.map(([name], i) => [name, ests[i]]));
  }

  fit(X: ArrayInput, y: readonly string[]): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput): this;
  fit(X: ArrayInput, y: LabelInput): this | StringLabelled<this> {
    const who = 'VotingClassifier.fit';
    const { voting } = this.params;
    if (voting !== 'hard' && voting !== 'soft') throw new ValueError(`${who}: voting must be 'hard' or 'soft', got ${String(voting)}`);
    const x = toMatrix(X, 'X', { allowNaN: true });
    const labels = readLabels(y);
    checkSameLength(x.shape[0], labels.length, 'X', 'y');
    checkWeights(this.params.weights, this.params.estimators?.length ?? 0, who);
    const { classes, indices } = encodeLabels(labels);
    if (classes.length < 2) throw new ValueError(`${who}: y has a single class (${classes[0]}); at least 2 are needed`);
    this.estimators = fitAll(this.params.estimators, X, labels instanceof Float64Array ? y as ArrayInput : memberTargets(labels, indices), who);
    this.classes = classes;
    this.nFeaturesIn = x.shape[1];
    return this;
  }

  /** Weighted mean of the estimators' probabilities (soft voting only), float64 [n, nClasses]. */
  predictProba(X: ArrayInput): Tensor {
    const ests = checkFitted(this, this.estimators, 'predictProba');
    const who = 'VotingClassifier.predictProba';
    checkWidth(X, this.nFeaturesIn, who);
    if (this.params.voting !== 'soft') throw new ValueError(`${who}: predictProba is not available when voting='hard'`);
    const classes = memberClassesOf(this.classes as ClassLabels), k = classes.length;
    const w = checkWeights(this.params.weights, ests.length, who);
    let wsum = 0;
    for (const v of w) wsum += v;
    let acc: Float64Array | null = null;
    ests.forEach((e, j) => {
      const p = alignedProba(e, X, classes, who);
      acc ??= new Float64Array(p.length);
      for (let i = 0; i < p.length; i++) acc[i] += (w[j] * p[i]) / wsum;
    });
    const out = acc as unknown as Float64Array;
    return new Tensor(out, [out.length / k, k], 'float64');
  }

  /** The voted label of each sample: float64 [n], or string[] for string classes. */
  predict(X: ArrayInput): Tensor {
    const ests = checkFitted(this, this.estimators, 'predict');
    const who = 'VotingClassifier.predict';
    checkWidth(X, this.nFeaturesIn, who);
    const labels = this.classes as ClassLabels, classes = memberClassesOf(labels), k = classes.length;
    if (this.params.voting === 'soft') {
      const p = this.predictProba(X).dataSync() as Float64Array;
      const n = p.length / k;
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = argmaxRow(p, i * k, k);
      return labelsAt(labels, out);
    }
    const w = checkWeights(this.params.weights, ests.length, who);
    let votes: Float64Array | null = null, n = 0;
    ests.forEach((e, j) => {
      const pred = toFloat64Array(callMethod(e, 'predict', X, who));
      n = pred.length;
      votes ??= new Float64Array(n * k);
      for (let i = 0; i < n; i++) {
        const c = classes.indexOf(pred[i]);
        if (c >= 0) votes[i * k + c] += w[j];
      }
    });
    const v = votes as unknown as Float64Array;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = argmaxRow(v, i * k, k);
    return labelsAt(labels, out);
  }

  /** Each estimator's probabilities side by side (soft) or its predicted labels (hard), [n, ...]. */
  transform(X: ArrayInput): Tensor {
    const ests = checkFitted(this, this.estimators, 'transform');
    const who = 'VotingClassifier.transform';
    const classes = memberClassesOf(this.classes as ClassLabels);
    const cols = ests.map((e) => (this.params.voting === 'soft' ? alignedProba(e, X, classes, who) : toFloat64Array(callMethod(e, 'predict', X, who))));
    const widths = cols.map(() => (this.params.voting === 'soft' ? classes.length : 1));
    return hstack(cols, widths);
  }

  toJSON(): VotingJSON {
    const ests = checkFitted(this, this.estimators, 'toJSON');
    return {
      type: 'VotingClassifier', params: { names: this.params.estimators.map(([n]) => n), voting: this.params.voting, weights: this.params.weights },
      nFeaturesIn: this.nFeaturesIn, classes: labelsToJSON(this.classes as ClassLabels), estimators: ests.map((e) => saveSub(e, 'VotingClassifier.toJSON')),
    };
  }

  static fromJSON(json: VotingJSON): VotingClassifier {
    if (json.type !== 'VotingClassifier') throw new ValueError(`VotingClassifier.fromJSON: expected type 'VotingClassifier', got ${String(json.type)}`);
    const ests = json.estimators.map(loadSub);
    const v = new VotingClassifier({ estimators: json.params.names.map((n, i) => [n, ests[i].clone()]), voting: json.params.voting as 'hard' | 'soft', weights: json.params.weights });
    v.estimators = ests;
    v.classes = labelsFromJSON(json.classes ?? []);
    v.nFeaturesIn = json.nFeaturesIn;
    return v;
  }
}

/** Columns side by side: blocks of `widths[j]` values per row. */
export function hstack(blocks: Float64Array[], widths: number[]): Tensor {
  const total = widths.reduce((a, b) => a + b, 0);
  const n = blocks.length ? blocks[0].length / widths[0] : 0;
  const out = new Float64Array(n * total);
  let off = 0;
  blocks.forEach((b, j) => {
    const w = widths[j];
    for (let i = 0; i < n; i++) for (let c = 0; c < w; c++) out[i * total + off + c] = b[i * w + c];
    off += w;
  });
  return new Tensor(out, [n, total], 'float64');
}

/** Averages regressors' predictions, weighted (scikit-learn's `VotingRegressor`). */
export class VotingRegressor extends BaseRegressor<Required<VotingRegressorOptions>> {
  nFeaturesIn = 0;
  estimators: Estimator[] | null = null;

  constructor(options: VotingRegressorOptions) {
    super({ weights: null, ...options } as Required<VotingRegressorOptions>);
  }

  get namedEstimators(): Record<string, Estimator> {
    const ests = checkFitted(this, this.estimators, 'namedEstimators');
    return Object.fromEntries(this.params.estimators.map(([name], i) => [name, ests[i]]));
  }

  fit(X: ArrayInput, y: ArrayInput): this {
    const who = 'VotingRegressor.fit';
    const x = toMatrix(X, 'X', { allowNaN: true });
    const yv = toFloat64Array(toVector(y, 'y'));
    checkSameLength(x.shape[0], yv.length, 'X', 'y');
    checkWeights(this.params.weights, this.params.estimators?.length ?? 0, who);
    this.estimators = fitAll(this.params.estimators, X, y, who);
    this.nFeaturesIn = x.shape[1];
    return this;
  }

  /** Weighted mean of the estimators' predictions, float64 [n]. */
  predict(X: ArrayInput): Tensor {
    const ests = checkFitted(this, this.estimators, 'predict');
    const who = 'VotingRegressor.predict';
    checkWidth(X, this.nFeaturesIn, who);
    const w = checkWeights(this.params.weights, ests.length, who);
    let wsum = 0;
    for (const v of w) wsum += v;
    let out: Float64Array | null = null;
    ests.forEach((e, j) => {
      const p = toFloat64Array(callMethod(e, 'predict', X, who));
      out ??= new Float64Array(p.length);
      for (let i = 0; i < p.length; i++) out[i] += (w[j] * p[i]) / wsum;
    });
    const o = out as unknown as Float64Array;
    return new Tensor(o, [o.length], 'float64');
  }

  /** Each estimator's predictions as a column, [n, nEstimators]. */
  transform(X: ArrayInput): Tensor {
    const ests = checkFitted(this, this.estimators, 'transform');
    return hstack(ests.map((e) => toFloat64Array(callMethod(e, 'predict', X, 'VotingRegressor.transform'))), ests.map(() => 1));
  }

  toJSON(): VotingJSON {
    const ests = checkFitted(this, this.estimators, 'toJSON');
    return {
      type: 'VotingRegressor', params: { names: this.params.estimators.map(([n]) => n), weights: this.params.weights },
      nFeaturesIn: this.nFeaturesIn, estimators: ests.map((e) => saveSub(e, 'VotingRegressor.toJSON')),
    };
  }

  static fromJSON(json: VotingJSON): VotingRegressor {
    if (json.type !== 'VotingRegressor') throw new ValueError(`VotingRegressor.fromJSON: expected type 'VotingRegressor', got ${String(json.type)}`);
    const ests = json.estimators.map(loadSub);
    const v = new VotingRegressor({ estimators: json.params.names.map((n, i) => [n, ests[i].clone()]), weights: json.params.weights });
    v.estimators = ests;
    v.nFeaturesIn = json.nFeaturesIn;
    return v;
  }
}

registerEstimator('VotingClassifier', VotingClassifier.fromJSON);
registerEstimator('VotingRegressor', VotingRegressor.fromJSON);
