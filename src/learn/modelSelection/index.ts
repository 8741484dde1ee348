import '../../ops/index.js'; // installs the Tensor methods for this entry point
export type { Split, Splitter, Estimator, LabelInput, SampleInput } from './types.js';
export { CrossValidator } from './crossValidator.js';
export { KFold, type KFoldOptions } from './kFold.js';
export { StratifiedKFold } from './stratifiedKFold.js';
export { GroupKFold } from './groupKFold.js';
export { LeaveOneOut, LeavePOut } from './leaveOut.js';
export { ShuffleSplit, StratifiedShuffleSplit, type ShuffleSplitOptions } from './shuffleSplit.js';
export { TimeSeriesSplit, type TimeSeriesSplitOptions } from './timeSeriesSplit.js';
export { trainTestSplit, type TrainTestSplitOptions } from './trainTestSplit.js';
export { checkCv, isClassifier, type CV } from './checkCv.js';
export { makeScorer, registerScorer, getScorer, getScorers, getScorerNames, resultKey, type Scorer, type Scoring, type MultiScoring, type MakeScorerOptions } from './scoring.js';
export { crossValScore, crossValidate, crossValPredict, type CrossValOptions, type CrossValidateOptions, type CrossValidateResult, type CrossValPredictOptions } from './crossValidation.js';
export { parameterGrid, parameterSampler, uniform, logUniform, randint, type ParamGrid, type ParamDistributions, type Distribution, type RandomSource } from './parameterGrid.js';
export { GridSearchCV, RandomizedSearchCV, BaseSearchCV, type SearchOptions, type RandomizedSearchOptions, type CVResults } from './search.js';
export { learningCurve, validationCurve, type LearningCurveOptions } from './curves.js';
