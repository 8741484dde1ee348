export { RandomForestClassifier, RandomForestRegressor, FOREST_DEFAULTS, type ForestOptions, type ForestJSON, type RandomForestClassifierOptions, type RandomForestRegressorOptions } from './forest.js';
export { ExtraTreesClassifier, ExtraTreesRegressor } from './extra-trees.js';
export { BaggingClassifier, BaggingRegressor, type BaggingOptions, type BaggingJSON } from './bagging.js';
export { AdaBoostClassifier, AdaBoostRegressor, type AdaBoostClassifierOptions, type AdaBoostRegressorOptions, type AdaBoostJSON } from './adaboost.js';
export { VotingClassifier, VotingRegressor, type VotingClassifierOptions, type VotingRegressorOptions, type VotingJSON } from './voting.js';
export { StackingClassifier, StackingRegressor, type StackingOptions, type StackingJSON } from './stacking.js';
export { type NamedEstimator } from './meta.js';
