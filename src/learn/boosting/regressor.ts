import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { withSeed } from '../../tensor/random.js';
import { BaseRegressor, checkFitted, toFloat64Array, toVector, type ArrayInput } from '../base.js';
import { BOOSTING_DEFAULTS, predictRaw, trainBooster, type BoosterModel, type BoostingOptions } from './booster.js';
import type { EvalMetric } from './evaluation.js';
import { normalisedImportances, scoreRecord, type ImportanceType } from './importance.js';
import { absoluteError, huber, poisson, squaredError, type Loss } from './losses.js';
import { registerEstimator } from '../persist.js';
import { evalTrainSet, features, modelFromJSON, modelToJSON, weights, type BoosterModelJSON, type BoostingFitOptions } from './model.js';

/** Options of {@link GradientBoostingRegressor}. */
export interface GradientBoostingRegressorOptions extends BoostingOptions {
  /** 'squared_error' (default), 'absolute_error', 'huber' or 'poisson' (log link). */
  loss?: 'squared_error' | 'absolute_error' | 'huber' | 'poisson';
  /** The Huber loss's threshold on residuals. Default 1. */
  huberDelta?: number;
}

/** A saved regressor ({@link GradientBoostingRegressor.toJSON}). */
export interface GradientBoostingRegressorJSON {
  type: 'GradientBoostingRegressor';
  params: Required<GradientBoostingRegressorOptions>;
  nFeaturesIn: number;
  model: BoosterModelJSON;
}

/**
 * Gradient-boosted trees for regression (XGBoost 'hist' / LightGBM) with squared, absolute,
 * Huber or Poisson loss; the same engine and options as {@link GradientBoostingClassifier}
 * (including treeMethod 'exact', categoricalFeatures and enableBundle).
 * The base score is the mean (squared), median (absolute, Huber) or log of the mean (Poisson)
 * unless baseScore is given.
 *
 * ```ts
 * const reg = new learn.GradientBoostingRegressor({ nEstimators: 200, learningRate: 0.1 }).fit(X, y);
 * reg.predict(XTest);
 * ```
 */
export class GradientBoostingRegressor extends BaseRegressor<Required<GradientBoostingRegressorOptions>> {
  nFeaturesIn = 0;
  model: BoosterModel | null = null;

  constructor(options: GradientBoostingRegressorOptions = {}) {
    super({ ...BOOSTING_DEFAULTS, loss: 'squared_error', huberDelta: 1, ...options });
  }

  private loss(): Loss {
    switch (this.params.loss) {
      case 'squared_error': return squaredError;
      case 'absolute_error': return absoluteError;
      case 'huber': return huber(this.params.huberDelta);
      case 'poisson': return poisson;
      default: throw new ValueError(`loss: expected 'squared_error', 'absolute_error', 'huber' or 'poisson', got ${String(this.params.loss)}`);
    }
  }

  /** Fits the ensemble; options.evalSet = [X, y] enables evalHistory and early stopping. */
  fit(X: ArrayInput, y: ArrayInput, options: BoostingFitOptions = {}): this {
    const { x, n, p } = features(X, 'GradientBoostingRegressor.fit', null);
    const yv = Float64Array.from(toFloat64Array(toVector(y, 'y')));
    if (yv.length !== n) throw new ValueError(`X and y have inconsistent numbers of samples: ${n} and ${yv.length}`);
    const loss = this.loss();
    const evalSet = evalTrainSet(options.evalSet, p, (v) => Float64Array.from(v));
    const metric: EvalMetric = this.params.evalMetric ?? (this.params.loss === 'poisson' ? 'poisson-nloglik' : this.params.loss === 'absolute_error' ? 'mae' : 'rmse');
    const toPred = this.params.loss === 'poisson' ? (raw: Float64Array) => raw.map(Math.exp) : (raw: Float64Array) => raw;
    const train = { x, n, p, y: yv, w: weights(options.sampleWeight, n) };
    this.model = withSeed(this.params.randomState ?? undefined, () => trainBooster(train, loss, this.params, evalSet, metric, toPred));
    this.nFeaturesIn = p;
    return this;
  }

  /** Predicted values, float64 [n]. */
  predict(X: ArrayInput): Tensor {
    const model = checkFitted(this, this.model, 'predict');
    const { x, n, p } = features(X, 'GradientBoostingRegressor.predict', this.nFeaturesIn);
    let raw = predictRaw(model, x, n, p);
    if (this.params.loss === 'poisson') raw = raw.map(Math.exp);
    return new Tensor(raw, [n], 'float64');
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

  get bestIteration(): number {
    return checkFitted(this, this.model, 'bestIteration').bestIteration;
  }

  toJSON(): GradientBoostingRegressorJSON {
    const model = checkFitted(this, this.model, 'toJSON');
    return { type: 'GradientBoostingRegressor', params: { ...this.params }, nFeaturesIn: this.nFeaturesIn, model: modelToJSON(model) };
  }

  static fromJSON(json: GradientBoostingRegressorJSON): GradientBoostingRegressor {
    if (json.type !== 'GradientBoostingRegressor') throw new ValueError(`GradientBoostingRegressor.fromJSON: expected type 'GradientBoostingRegressor', got ${String(json.type)}`);
    const reg = new GradientBoostingRegressor(json.params);
    reg.nFeaturesIn = json.nFeaturesIn;
    reg.model = modelFromJSON(json.model);
    return reg;
  }
}

registerEstimator('GradientBoostingRegressor', GradientBoostingRegressor.fromJSON);
