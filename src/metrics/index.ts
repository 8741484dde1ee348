import '../ops/index.js'; // installs the Tensor methods for this entry point
// nabla/metrics: scikit-learn's metrics, camelCased. One export line per family file.
export * from './classification.js';
export * from './ranking.js';
export * from './regression.js';
export { silhouetteScore, silhouetteSamples, daviesBouldinScore, calinskiHarabaszScore, adjustedRandScore, mutualInfoScore, normalizedMutualInfoScore, adjustedMutualInfoScore, homogeneityCompletenessVMeasure, homogeneityScore, completenessScore, vMeasureScore, type AverageMethod } from './clustering.js';
export { cov, corrcoef, spearmanr, rankData, entropy, mutualInformation, informationGain, type CovOptions } from './statistics.js';
export { biasVarianceDecomposition, decomposeLoss, type BiasVariance, type BiasVarianceOptions, type FitPredict } from './bias-variance.js';
export * from './language/index.js';
export { boxIou, generalizedBoxIou, boxArea, nms, batchedNms, type BoxFormat } from './detection.js';
export { evaluateDetections, meanAveragePrecision, averagePrecisionPerClass, COCO_IOU_THRESHOLDS, type Detection, type GroundTruth, type DetectionEval, type DetectionEvalOptions } from './detection-map.js';
export { maskIou, diceScore, meanIou, type MaskOptions } from './segmentation.js';
export { METRICS, type MetricTags, type MetricFn } from './tags.js';
export type { Label, LabelInput, NumericInput } from './util.js';
