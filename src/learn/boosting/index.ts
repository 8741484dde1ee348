export { GradientBoostingClassifier, type GradientBoostingClassifierJSON } from './classifier.js';
export { GradientBoostingRegressor, type GradientBoostingRegressorOptions, type GradientBoostingRegressorJSON } from './regressor.js';
export type { BoostingOptions } from './booster.js';
export type { BoostingFitOptions } from './model.js';
export type { ImportanceType } from './importance.js';
export type { EvalMetric } from './evaluation.js';
