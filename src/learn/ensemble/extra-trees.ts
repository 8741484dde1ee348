import { registerEstimator } from '../persist.js';
import type { ForestJSON, RandomForestClassifierOptions, RandomForestRegressorOptions } from './forest.js';
import { RandomForestClassifier, RandomForestRegressor, restoreClassifier, restoreRegressor } from './forest.js';

/**
 * Extremely randomized trees (scikit-learn's `ExtraTreesClassifier`): a forest whose trees draw
 * one random threshold per candidate feature (the tree's 'random' splitter) and, by default, use
 * every sample (bootstrap false).
 */
export class ExtraTreesClassifier extends RandomForestClassifier {
  protected override readonly kindName: string = 'ExtraTreesClassifier';
  constructor(options: RandomForestClassifierOptions = {}) {
    super({ bootstrap: false, ...options, splitter: 'random' });
  }
  static override fromJSON(json: ForestJSON<Required<RandomForestClassifierOptions>>): ExtraTreesClassifier {
    return restoreClassifier(new ExtraTreesClassifier(json.params), json, 'ExtraTreesClassifier');
  }
}

/** Extremely randomized trees for regression (scikit-learn's `ExtraTreesRegressor`). */
export class ExtraTreesRegressor extends RandomForestRegressor {
  protected override readonly kindName: string = 'ExtraTreesRegressor';
  constructor(options: RandomForestRegressorOptions = {}) {
    super({ bootstrap: false, ...options, splitter: 'random' });
  }
  static override fromJSON(json: ForestJSON<Required<RandomForestRegressorOptions>>): ExtraTreesRegressor {
    return restoreRegressor(new ExtraTreesRegressor(json.params), json, 'ExtraTreesRegressor');
  }
}

registerEstimator('ExtraTreesClassifier', ExtraTreesClassifier.fromJSON);
registerEstimator('ExtraTreesRegressor', ExtraTreesRegressor.fromJSON);
