export { LinearRegression, type LinearRegressionOptions, type LinearRegressionJSON } from './linearRegression.js';
export { Ridge, type RidgeOptions, type RidgeJSON } from './ridge.js';
export { ElasticNet, Lasso, enetPath, lassoPath, type ElasticNetOptions, type LassoOptions, type ElasticNetJSON, type EnetPathOptions } from './elasticNet.js';
export { LogisticRegression, type LogisticRegressionOptions, type LogisticRegressionJSON } from './logistic.js';
export { lbfgs, type LbfgsOptions, type LbfgsResult, type Objective } from './lbfgs.js';
export { SGDClassifier, SGDRegressor, type SGDOptions, type SGDJSON } from './sgd.js';
export type { SGDLoss, SGDPenalty, SGDLearningRate } from './sgdCore.js';
