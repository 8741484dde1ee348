import '../ops/index.js'; // installs the Tensor methods for this entry point
export { BaseEstimator, BaseClassifier, BaseRegressor, BaseTransformer, checkFitted, toMatrix, toVector, toFloat64Array, checkSameLength, encodeLabels, type ArrayInput, type Params } from './base.js';
export * from './tree/index.js';
export * from './boosting/index.js';
export * from './linear/index.js';
export * from './neighbors/index.js';
export * as association from './association/index.js';
export * from './semi-supervised/index.js';
export { BernoulliRBM, type BernoulliRBMOptions, type BernoulliRBMJSON } from './rbm.js';
export * from './ensemble/index.js';
export { registerEstimator, estimatorFromJSON, saveEstimator, loadEstimator, stringifyJSON, parseJSON, type EstimatorJSON, type Persistable } from './persist.js';
export { Pipeline, makePipeline, type PipelineStep } from './pipeline.js';
export { NeuralNetClassifier, NeuralNetRegressor, type NeuralNetOptions, type ModuleFactoryArgs } from './neural.js';
export * as preprocessing from './preprocessing/index.js';
export * as modelSelection from './modelSelection/index.js';
export * from './cluster/index.js';
export * from './naive-bayes/index.js';
export * from './decomposition/index.js';
export * from './svm/index.js';
