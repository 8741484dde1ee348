export { LabelPropagation } from './labelPropagation.js';
export { LabelSpreading } from './labelSpreading.js';
export { type LabelPropagationOptions, type LabelSpreadingOptions, type LabelPropagationJSON } from './propagation.js';
export { SelfTrainingClassifier, type SelfTrainingOptions, type SelfTrainingJSON, type ProbabilisticClassifier } from './selfTraining.js';
export { type GraphKernel } from './kernel.js';
