export { KNeighborsClassifier, type KNeighborsClassifierOptions, type KNeighborsClassifierJSON } from './classifier.js';
export { KNeighborsRegressor, type KNeighborsRegressorOptions, type KNeighborsRegressorJSON } from './regressor.js';
export { type KNeighborsResult, type NeighborsOptions } from './base.js';
export { type NeighborsMetric } from './distance.js';
export { KDTree } from './kdtree.js';
export { NearestNeighbors, type NearestNeighborsJSON } from './unsupervised.js';
