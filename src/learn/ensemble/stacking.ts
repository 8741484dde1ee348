import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseClassifier, BaseRegressor, checkFitted, checkSameLength, encodeLabels, labelsAt, labelsFromJSON, labelsToJSON, readLabels, toFloat64Array, toMatrix, toVector, type ArrayInput, type ClassLabels, type LabelInput, type StringLabelled } from '../base.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import type { CV } from '../modelSelection/checkCv.js';
import { crossValPredict } from '../modelSelection/crossValidation.js';
import type { Estimator } from '../modelSelection/types.js';
import { callMethod, checkNamed, checkWidth, loadSub, memberTargets, saveSub, type NamedEstimator } from './meta.js';
import { hstack } from './voting.js';
import { LogisticRegression } from '../linear/logistic.js';

type Method = 'predict' | 'predictProba' | 'decisionFunction';

/** Options of {@link StackingClassifier} and {@link StackingRegressor}. */
export interface StackingOptions {
  /** The base [name, estimator] pairs. */
  estimators: NamedEstimator[];
  /**
   * The meta-learner, fitted on the base estimators' out-of-fold predictions. Classifiers default
   * to LogisticRegression() (scikit-learn's); regressors need one (scikit-learn's RidgeCV is not in nabla).
   */
  finalEstimator?: Estimator;
  /** Folds for the out-of-fold predictions (default 5: StratifiedKFold for classifiers, KFold for regressors), a splitter, or explicit splits. */
  cv?: CV;
  /** Classifiers: 'auto' (predictProba, else decisionFunction, else predict; default), or one of them for every estimator. */
  stackMethod?: 'auto' | Method;
  /** Append X to the meta-features (default false). */
  passthrough?: boolean;
}

/** A saved stacking estimator. */
export interface StackingJSON {
  type: string;
  params: { names: string[]; stackMethod: string; passthrough: boolean };
  nFeaturesIn: number;
  classes?: number[] | string[];
  methods: Method[];
  estimators: EstimatorJSON[];
  finalEstimator: EstimatorJSON;
}

function pickMethod(est: Estimator, wanted: 'auto' | Method, who: string): Method {
  if (wanted !== 'auto') {
    if (typeof est[wanted] !== 'function') throw new ValueError(`${who}: ${est.constructor.name} has no ${wanted}() method (stackMethod '${wanted}')`);
    return wanted;
  }
  for (const m of ['predictProba', 'decisionFunction', 'predict'] as const) if (typeof est[m] === 'function') return m;
  throw new ValueError(`${who}: ${est.constructor.name} has no prediction method`);
}

/** One estimator's meta-features: its predictions, with the first probability column dropped for two classes. */
function metaBlock(pred: Tensor, method: Method, nClasses: number): { values: Float64Array; width: number } {
  const v = Float64Array.from(pred.dataSync() as ArrayLike<number>);
  if (pred.ndim === 1) return { values: v, width: 1 };
  const w = pred.shape[1], n = pred.shape[0];
  if (method === 'predictProba' && nClasses === 2 && w === 2) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = v[2 * i + 1];
    return { values: out, width: 1 };
  }
  return { values: v, width: w };
}

/** Shared stacking logic for both kinds. */
abstract class Stacking {
  static fitBase(p: Required<StackingOptions>, X: ArrayInput, y: ArrayInput, classifier: boolean, nClasses: number, who: string) {
    checkNamed(p.estimators, who);
    if (!p.finalEstimator || typeof p.finalEstimator.fit !== 'function') throw new ValueError(`${who}: finalEstimator must be an estimator, got ${String(p.finalEstimator)}`);
    const wanted = p.stackMethod ?? 'auto';
    if (!['auto', 'predict', 'predictProba', 'decisionFunction'].includes(wanted)) throw new ValueError(`${who}: stackMethod must be 'auto', 'predictProba', 'decisionFunction' or 'predict', got ${String(wanted)}`);
    const methods = p.estimators.map(([, e]) => (classifier ? pickMethod(e, wanted, who) : 'predict' as Method));
    const fitted = p.estimators.map(([, e]) => { const c = e.clone(); c.fit(X, y); return c; });
    const blocks = p.estimators.map(([, e], j) => metaBlock(crossValPredict(e, X, y, { cv: p.cv ?? 5, method: methods[j] }), methods[j], nClasses));
    return { methods, fitted, meta: Stacking.assemble(blocks, p.passthrough ? X : null) };
  }

  static assemble(blocks: { values: Float64Array; width: number }[], X: ArrayInput | null): Tensor {
    const parts = blocks.map((b) => b.values), widths = blocks.map((b) => b.width);
    if (X !== null) {
      const x = toMatrix(X, 'X');
      parts.push(x.dataSync() as Float64Array);
      widths.push(x.shape[1]);
    }
    return hstack(parts, widths);
  }

  static transform(ests: Estimator[], methods: Method[], X: ArrayInput, passthrough: boolean, nClasses: number, who: string): Tensor {
    return Stacking.assemble(ests.map((e, j) => metaBlock(callMethod(e, methods[j], X, who), methods[j], nClasses)), passthrough ? X : null);
  }
}

/**
 * Stacked generalization for classification (scikit-learn's `StackingClassifier`): the base
 * estimators are fitted on all the data, and the final estimator on their out-of-fold
 * predictions from crossValPredict (cv = 5 by default), optionally with X appended.
 *
 * ```ts
 * const stack = new learn.StackingClassifier({
 *   estimators: [['rf', new learn.RandomForestClassifier({ nEstimators: 50 })], ['tree', new learn.DecisionTreeClassifier({ maxDepth: 3 })]],
 *   finalEstimator: new learn.DecisionTreeClassifier({ maxDepth: 2 }),
 * }).fit(X, y);
 * ```
 */
export class StackingClassifier extends BaseClassifier<Required<StackingOptions>> {
  classes: ClassLabels | null = null;
  nFeaturesIn = 0;
  /** The base estimators fitted on all the data. */
  estimators: Estimator[] | null = null;
  /** The fitted final estimator. */
  finalEstimator: Estimator | null = null;
  /** The prediction method used for each base estimator. */
  stackMethods: Method[] | null = null;

  constructor(options: StackingOptions) {
    super({ cv: 5, stackMethod: 'auto', passthrough: false, ...options, finalEstimator: options.finalEstimator ?? new LogisticRegression() } as Required<StackingOptions>);
  }

  fit(X: ArrayInput, y: readonly string[]): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput): this;
  fit(X: ArrayInput, y: LabelInput): this | StringLabelled<this> {
    const who = 'StackingClassifier.fit';
    const x = toMatrix(X, 'X', { allowNaN: true });
    const labels = readLabels(y);
    checkSameLength(x.shape[0], labels.length, 'X', 'y');
    const { classes, indices } = encodeLabels(labels);
    if (classes.length < 2) throw new ValueError(`${who}: y has a single class (${classes[0]}); at least 2 are needed`);
    // string labels reach the base and final estimators as class indices
    const target = labels instanceof Float64Array ? y as ArrayInput : memberTargets(labels, indices);
    const r = Stacking.fitBase(this.params, X, target, true, classes.length, who);
    const fin = this.params.finalEstimator.clone();
    fin.fit(r.meta, target);
    this.estimators = r.fitted;
    this.stackMethods = r.methods;
    this.finalEstimator = fin;
    this.classes = classes;
    this.nFeaturesIn = x.shape[1];
    return this;
  }

  /** The meta-features of X: the base estimators' predictions side by side (and X with passthrough). */
  transform(X: ArrayInput): Tensor {
    const ests = checkFitted(this, this.estimators, 'transform');
    checkWidth(X, this.nFeaturesIn, 'StackingClassifier.transform');
    return Stacking.transform(ests, this.stackMethods as Method[], X, this.params.passthrough, (this.classes as ClassLabels).length, 'StackingClassifier.transform');
  }

  predict(X: ArrayInput): Tensor {
    const fin = checkFitted(this, this.finalEstimator, 'predict');
    const pred = callMethod(fin, 'predict', this.transform(X), 'StackingClassifier.predict');
    const classes = this.classes as ClassLabels;
    return classes instanceof Float64Array ? pred : labelsAt(classes, pred.dataSync());
  }

  predictProba(X: ArrayInput): Tensor {
    const fin = checkFitted(this, this.finalEstimator, 'predictProba');
    return callMethod(fin, 'predictProba', this.transform(X), 'StackingClassifier.predictProba');
  }

  decisionFunction(X: ArrayInput): Tensor {
    const fin = checkFitted(this, this.finalEstimator, 'decisionFunction');
    return callMethod(fin, 'decisionFunction', this.transform(X), 'StackingClassifier.decisionFunction');
  }

  toJSON(): StackingJSON {
    const ests = checkFitted(this, this.estimators, 'toJSON');
    return {
      type: 'StackingClassifier', params: { names: this.params.estimators.map(([n]) => n), stackMethod: this.params.stackMethod, passthrough: this.params.passthrough },
      nFeaturesIn: this.nFeaturesIn, classes: labelsToJSON(this.classes as ClassLabels), methods: this.stackMethods as Method[],
      estimators: ests.map((e) => saveSub(e, 'StackingClassifier.toJSON')), finalEstimator: saveSub(this.finalEstimator as Estimator, 'StackingClassifier.toJSON'),
    };
  }

  static fromJSON(json: StackingJSON): StackingClassifier {
    if (json.type !== 'StackingClassifier') throw new ValueError(`StackingClassifier.fromJSON: expected type 'StackingClassifier', got ${String(json.type)}`);
    const ests = json.estimators.map(loadSub), fin = loadSub(json.finalEstimator);
    const s = new StackingClassifier({ estimators: json.params.names.map((n, i) => [n, ests[i].clone()]), finalEstimator: fin.clone(), stackMethod: json.params.stackMethod as Method, passthrough: json.params.passthrough });
    s.estimators = ests;
    s.finalEstimator = fin;
    s.stackMethods = json.methods;
    s.classes = labelsFromJSON(json.classes ?? []);
    s.nFeaturesIn = json.nFeaturesIn;
    return s;
  }
}

/** Stacked generalization for regression (scikit-learn's `StackingRegressor`). */
export class StackingRegressor extends BaseRegressor<Required<StackingOptions>> {
  nFeaturesIn = 0;
  estimators: Estimator[] | null = null;
  finalEstimator: Estimator | null = null;

  constructor(options: StackingOptions) {
    super({ cv: 5, stackMethod: 'auto', passthrough: false, ...options } as Required<StackingOptions>);
  }

  fit(X: ArrayInput, y: ArrayInput): this {
    const who = 'StackingRegressor.fit';
    const x = toMatrix(X, 'X', { allowNaN: true });
    const yv = toFloat64Array(toVector(y, 'y'));
    checkSameLength(x.shape[0], yv.length, 'X', 'y');
    const r = Stacking.fitBase(this.params, X, y, false, 0, who);
    const fin = this.params.finalEstimator.clone();
    fin.fit(r.meta, y);
    this.estimators = r.fitted;
    this.finalEstimator = fin;
    this.nFeaturesIn = x.shape[1];
    return this;
  }

  transform(X: ArrayInput): Tensor {
    const ests = checkFitted(this, this.estimators, 'transform');
    checkWidth(X, this.nFeaturesIn, 'StackingRegressor.transform');
    return Stacking.transform(ests, ests.map(() => 'predict'), X, this.params.passthrough, 0, 'StackingRegressor.transform');
  }

  predict(X: ArrayInput): Tensor {
    const fin = checkFitted(this, this.finalEstimator, 'predict');
    return callMethod(fin, 'predict', this.transform(X), 'StackingRegressor.predict');
  }

  toJSON(): StackingJSON {
    const ests = checkFitted(this, this.estimators, 'toJSON');
    return {
      type: 'StackingRegressor', params: { names: this.params.estimators.map(([n]) => n), stackMethod: 'predict', passthrough: this.params.passthrough },
      nFeaturesIn: this.nFeaturesIn, methods: ests.map(() => 'predict'),
      estimators: ests.map((e) => saveSub(e, 'StackingRegressor.toJSON')), finalEstimator: saveSub(this.finalEstimator as Estimator, 'StackingRegressor.toJSON'),
    };
  }

  static fromJSON(json: StackingJSON): StackingRegressor {
    if (json.type !== 'StackingRegressor') throw new ValueError(`StackingRegressor.fromJSON: expected type 'StackingRegressor', got ${String(json.type)}`);
    const ests = json.estimators.map(loadSub), fin = loadSub(json.finalEstimator);
    const s = new StackingRegressor({ estimators: json.params.names.map((n, i) => [n, ests[i].clone()]), finalEstimator: fin.clone(), passthrough: json.params.passthrough });
    s.estimators = ests;
    s.finalEstimator = fin;
    s.nFeaturesIn = json.nFeaturesIn;
    return s;
  }
}

registerEstimator('StackingClassifier', StackingClassifier.fromJSON);
registerEstimator('StackingRegressor', StackingRegressor.fromJSON);
