export { RandomForestClassifier, RandomForestRegressor, FOREST_DEFAULTS, type ForestOptions, type ForestJSON, type RandomForestClassifierOptions, type RandomForestRegressorOptions } from './forest.js';
export { ExtraTreesClassifier, ExtraTreesRegressor } from './extra-trees.js';
