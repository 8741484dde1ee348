import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { withSeed } from '../../tensor/random.js';
import { BaseClassifier, checkFitted, classIndex, encodeLabels, labelsAt, labelsFromJSON, labelsToJSON, readLabels, type ArrayInput, type ClassLabels, type LabelInput, type StringLabelled } from '../base.js';
import { BOOSTING_DEFAULTS, predictRaw, trainBooster, type BoosterModel, type BoostingOptions } from './booster.js';
import type { EvalMetric } from './evaluation.js';
import { normalisedImportances, scoreRecord, type ImportanceType } from './importance.js';
import { logistic, softmax } from './losses.js';
import { registerEstimator } from '../persist.js';
import { evalTrainSet, features, modelFromJSON, modelToJSON, weights, type BoosterModelJSON, type BoostingFitOptions } from './model.js';

/** A saved classifier ({@link GradientBoostingClassifier.toJSON}). */
export interface GradientBoostingClassifierJSON {
  type: 'GradientBoostingClassifier';
  params: Required<BoostingOptions>;
  classes: number[] | string[];
  nFeaturesIn: number;
  model: BoosterModelJSON;
}

function probabilities(raw: Float64Array, k: number): Float64Array {
  if (k === 1) return raw.map((z) => 1 / (1 + Math.exp(-z)));
  const out = new Float64Array(raw.length);
  for (let o = 0; o < raw.length; o += k) {
    let mx = -Infinity;
    for (let c = 0; c < k; c++) if (raw[o + c] > mx) mx = raw[o + c];
    let s = 0;
    for (let c = 0; c < k; c++) s += (out[o + c] = Math.exp(raw[o + c] - mx));
    for (let c = 0; c < k; c++) out[o + c] /= s;
  }
  return out;
}

/**
 * Gradient-boosted trees for classification (XGBoost 'hist' / LightGBM): binary log-loss with
 * one tree per round, or multinomial softmax with one tree per class per round. Second-order
 * split gain with L1/L2-regularised leaf weights, missing values (NaN) routed by a learned
 * default direction, row (uniform or GOSS) and column sampling, depth-wise or leaf-wise growth,
 * early stopping on an evaluation set; exact split finding (treeMethod 'exact'), native
 * categorical splits (categoricalFeatures) and exclusive feature bundling of sparse one-hot
 * columns (enableBundle, on by default). Defaults are XGBoost's (100 rounds, eta 0.3, depth 6,
 * lambda 1, 256 bins); the base score is the log-odds of the mean label unless baseScore is set
 * (XGBoost 1.x starts at 0.5; set baseScore: 0.5 to match it).
 *
 * ```ts
 * const clf = new learn.GradientBoostingClassifier({ nEstimators: 100, maxDepth: 6 }).fit(X, y);
 * clf.predictProba(XTest); clf.getScore({ importanceType: 'gain' });
 * ```
 */
export class GradientBoostingClassifier extends BaseClassifier<Required<BoostingOptions>> {
  classes: ClassLabels | null = null;
  nClasses = 0;
  nFeaturesIn = 0;
  /** The fitted ensemble. */
  model: BoosterModel | null = null;

  constructor(options: BoostingOptions = {}) {
    super({ ...BOOSTING_DEFAULTS, ...options });
  }

  /** Fits the ensemble; options.evalSet = [X, y] enables evalHistory and early stopping. */
  fit(X: ArrayInput, y: readonly string[], options?: BoostingFitOptions): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput, options?: BoostingFitOptions): this;
  fit(X: ArrayInput, y: LabelInput, options: BoostingFitOptions = {}): this | StringLabelled<this> {
    const { x, n, p } = features(X, 'GradientBoostingClassifier.fit', null);
    const yv = readLabels(y);
    if (yv.length !== n) throw new ValueError(`X and y have inconsistent numbers of samples: ${n} and ${yv.length}`);
    const { classes, indices } = encodeLabels(yv);
    if (classes.length < 2) throw new ValueError(`y: GradientBoostingClassifier needs at least 2 classes, got 1 (${classes[0]})`);
    const K = classes.length;
    const encode = (v: Float64Array): Float64Array => v.map((c) => {
      const j = classIndex(classes, c);
      if (j < 0) throw new ValueError(`evalSet y: label ${c} was not seen in y`);
      return j;
    });
    const evalSet = evalTrainSet(options.evalSet, p, encode);
    const metric: EvalMetric = this.params.evalMetric ?? (K === 2 ? 'logloss' : 'mlogloss');
    if (metric === 'auc' && K !== 2) throw new ValueError(`evalMetric: 'auc' is for binary classification, got ${K} classes`);
    const loss = K === 2 ? logistic : softmax(K);
    const train = { x, n, p, y: Float64Array.from(indices), w: weights(options.sampleWeight, n) };
    this.model = withSeed(this.params.randomState ?? undefined, () => trainBooster(train, loss, this.params, evalSet, metric, probabilities));
    this.classes = classes;
    this.nClasses = K;
    this.nFeaturesIn = p;
    return this;
  }

  /** Raw margins: [n] (log-odds) for two classes, [n, nClasses] otherwise. */
  decisionFunction(X: ArrayInput): Tensor {
    const model = checkFitted(this, this.model, 'decisionFunction');
    const { x, n, p } = features(X, 'GradientBoostingClassifier.decisionFunction', this.nFeaturesIn);
    const raw = predictRaw(model, x, n, p);
    return this.nClasses === 2 ? new Tensor(raw, [n], 'float64') : new Tensor(raw, [n, this.nClasses], 'float64');
  }

  /** Class probabilities, float64 [n, nClasses]. */
  predictProba(X: ArrayInput): Tensor {
    const model = checkFitted(this, this.model, 'predictProba');
    const { x, n, p } = features(X, 'GradientBoostingClassifier.predictProba', this.nFeaturesIn);
    const K = model.baseMargin.length;
    const pr = probabilities(predictRaw(model, x, n, p), K);
    if (K > 1) return new Tensor(pr, [n, K], 'float64');
    const out = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) { out[2 * i] = 1 - pr[i]; out[2 * i + 1] = pr[i]; }
    return new Tensor(out, [n, 2], 'float64');
  }

  /** The most probable class (first on ties), float64 [n]. */
  predict(X: ArrayInput): Tensor {
    const pr = this.predictProba(X);
    const [n, K] = pr.shape;
    const d = pr.dataSync() as Float64Array;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < K; c++) if (d[i * K + c] > d[i * K + best]) best = c;
      out[i] = best;
    }
    return labelsAt(this.classes as ClassLabels, out);
  }

  /** Total gain per feature normalised to sum 1, float64 [nFeatures]. */
  get featureImportances(): Tensor {
    const model = checkFitted(this, this.model, 'featureImportances');
    return new Tensor(normalisedImportances(model.trees, this.nFeaturesIn, 'total_gain'), [this.nFeaturesIn], 'float64');
  }

  /** XGBoost's get_score: importance of each used feature, keyed 'f0', 'f1', ... */
  getScore(options: { importanceType?: ImportanceType } = {}): Record<string, number> {
    const model = checkFitted(this, this.model, 'getScore');
    return scoreRecord(model.trees, this.nFeaturesIn, options.importanceType ?? 'weight');
  }

  /** XGBoost's get_dump: each tree as text (round by round, one tree per output), numeric splits `[f2<=1.5]`, categorical `[f3 in {1,4}]`. */
  getDump(): string[] {
    return checkFitted(this, this.model, 'getDump').trees.flatMap((r) => r.map((t) => t.dump()));
  }

  /** Index of the best round on the evaluation set (the last round without one). */
  get bestIteration(): number {
    return checkFitted(this, this.model, 'bestIteration').bestIteration;
  }

  toJSON(): GradientBoostingClassifierJSON {
    const model = checkFitted(this, this.model, 'toJSON');
    return { type: 'GradientBoostingClassifier', params: { ...this.params }, classes: labelsToJSON(this.classes as ClassLabels), nFeaturesIn: this.nFeaturesIn, model: modelToJSON(model) };
  }

  static fromJSON(json: GradientBoostingClassifierJSON): GradientBoostingClassifier {
    if (json.type !== 'GradientBoostingClassifier') throw new ValueError(`GradientBoostingClassifier.fromJSON: expected type 'GradientBoostingClassifier', got ${String(json.type)}`);
    const clf = new GradientBoostingClassifier(json.params);
    clf.classes = labelsFromJSON(json.classes);
    clf.nClasses = json.classes.length;
    clf.nFeaturesIn = json.nFeaturesIn;
    clf.model = modelFromJSON(json.model);
    return clf;
  }
}

registerEstimator('GradientBoostingClassifier', GradientBoostingClassifier.fromJSON);
