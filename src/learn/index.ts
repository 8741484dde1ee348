export { BaseEstimator, BaseClassifier, BaseRegressor, BaseTransformer, checkFitted, toMatrix, toVector, toFloat64Array, checkSameLength, encodeLabels, type ArrayInput, type Params } from './base.js';
export * from './tree/index.js';
