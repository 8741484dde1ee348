// Every exported estimator, as the shared estimator-checks suite runs it. Add one entry per
// estimator (small options so the suite stays fast; a fixed randomState where it has one).
import type { Tensor } from '../../../src/index.js';
import type { EstimatorJSON } from '../../../src/learn/persist.js';
import { LinearRegression, Ridge, Lasso, ElasticNet, LogisticRegression, SGDClassifier, SGDRegressor } from '../../../src/learn/linear/index.js';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '../../../src/learn/tree/index.js';
import { GaussianMixture, KMeans, MiniBatchKMeans } from '../../../src/learn/cluster/index.js';
import { KernelPCA, LinearDiscriminantAnalysis, PCA, TruncatedSVD } from '../../../src/learn/decomposition/index.js';
import { GradientBoostingClassifier, GradientBoostingRegressor } from '../../../src/learn/boosting/index.js';
import {
  AdaBoostClassifier, AdaBoostRegressor, BaggingClassifier, BaggingRegressor, ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor,
  StackingClassifier, StackingRegressor, VotingClassifier, VotingRegressor,
} from '../../../src/learn/ensemble/index.js';
import { GaussianNB, BernoulliNB } from '../../../src/learn/naive-bayes/index.js';
import { SVC, SVR, LinearSVC } from '../../../src/learn/svm/index.js';
import { KNeighborsClassifier, KNeighborsRegressor } from '../../../src/learn/neighbors/index.js';
import { LabelPropagation, LabelSpreading, SelfTrainingClassifier } from '../../../src/learn/semi-supervised/index.js';
import { BernoulliRBM } from '../../../src/learn/rbm.js';
import { DBSCAN, AgglomerativeClustering } from '../../../src/learn/cluster/index.js';
import { TSNE } from '../../../src/learn/decomposition/index.js';
import { MultinomialNB, ComplementNB } from '../../../src/learn/naive-bayes/index.js';
import { NearestNeighbors } from '../../../src/learn/neighbors/index.js';
import { ExponentialSmoothing, ARIMA } from '../../../src/learn/time-series/index.js';
import { Pipeline } from '../../../src/learn/pipeline.js';
import { ColumnTransformer } from '../../../src/learn/columnTransformer.js';
import { NeuralNetClassifier, NeuralNetRegressor } from '../../../src/learn/neural.js';
import { Linear, ReLU, Sequential } from '../../../src/nn/index.js';
import { GridSearchCV, RandomizedSearchCV } from '../../../src/learn/modelSelection/index.js';
import {
  StandardScaler, MinMaxScaler, MaxAbsScaler, RobustScaler, Normalizer, FunctionTransformer, MedianLogTransformer, OneHotEncoder, OrdinalEncoder, LabelEncoder,
  SimpleImputer, MissingIndicator, PolynomialFeatures, VarianceThreshold, SelectKBest, chi2, PowerTransformer, QuantileTransformer, KBinsDiscretizer, KNNImputer,
  TargetEncoder, RandomOverSampler, RandomUnderSampler, SMOTE,
} from '../../../src/learn/preprocessing/index.js';

// Not here, with the reason: association.apriori / associationRules are functions, not estimators;
// FeatureHasher is stateless and reads token lists or dicts, not a numeric X (its own tests cover it).

/** The surface the checks use; every nabla estimator has the parts its kind needs. */
export interface CheckedEstimator {
  fit(X: unknown, y?: unknown): unknown;
  predict?(X: unknown): Tensor;
  transform?(X: unknown): Tensor;
  toJSON?(): EstimatorJSON;
  getParams(deep?: boolean): Record<string, unknown>;
}

/**
 * What the estimator is, which decides what the checks call:
 * - 'classifier' | 'regressor' | 'clusterer': fit(X, y), then predict(X) on new data;
 * - 'transformer': fit(X) (fit(X, y) with `supervised`), then transform(X);
 * - 'neighbors': fit(X), then kneighbors(X, 3, false) (the neighbour indices);
 * - 'clusterer-fitpredict': fit(X) only labels the training samples (DBSCAN, agglomerative:
 *   no predict on new data); the checks compare the fitted `labels`;
 * - 'embedding': fit(X) only embeds the training samples (TSNE: no transform of new data);
 *   the checks compare the fitted `embedding`;
 * - 'series': fit(y) on a 1-D series, then forecast(5) (the mean for ARIMA);
 * - 'labels': fit(y) on 1-D labels, then transform(y) (LabelEncoder);
 * - 'sampler': fitResample(X, y) gives new data and keeps no fitted model (imbalance samplers).
 * Checks that need "new data after fit" (wrong feature count, NotFittedError before predict) do
 * not apply to the fit-only kinds, whose only output is computed during fit; for those,
 * NotFittedError is checked on toJSON() (or forecast) instead.
 */
export type CheckKind = 'classifier' | 'regressor' | 'transformer' | 'clusterer' | 'neighbors' | 'clusterer-fitpredict' | 'embedding' | 'series' | 'labels' | 'sampler';

export interface CheckEntry {
  name: string;
  make: () => CheckedEstimator;
  kind: CheckKind;
  /** NaN in X is handled (e.g. routed by trees), so it must not raise. */
  allowsNaN?: boolean;
  /**
   * Classifiers that accept a single class at fit (then predict it), as scikit-learn's do for the
   * same models: trees, naive Bayes, nearest neighbours, label propagation/spreading, self-training
   * (checked with scikit-learn 1.2). The others raise a ValueError, as scikit-learn's linear models
   * and SVMs do (nabla's forests and boosting also raise: one class has nothing to learn).
   */
  allowsOneClass?: boolean;
  /** The estimator needs X ≥ 0 (count models, chi2): the checks shift X to be non-negative. */
  nonNegative?: boolean;
  /** Transformers fitted with a target: the class labels ('classes') or a continuous one. */
  supervised?: 'classes' | 'continuous';
  /** Why transform works before fit (stateless transformers, as scikit-learn's). */
  stateless?: string;
  /** Why any number of features is accepted after fit. */
  anyFeatureCount?: string;
  /** Why an empty input is accepted. */
  allowsEmpty?: string;
  /** Why save/load does not apply (the reason is printed in the test name). */
  noSave?: string;
  /** Why infinity in X is accepted (e.g. the estimator's documented input domain). */
  allowsInf?: string;
}

export const ESTIMATORS: CheckEntry[] = [
  { name: 'DecisionTreeClassifier', make: () => new DecisionTreeClassifier({ randomState: 0, maxDepth: 4 }), kind: 'classifier', allowsNaN: true, allowsOneClass: true },
  { name: 'DecisionTreeRegressor', make: () => new DecisionTreeRegressor({ randomState: 0, maxDepth: 4 }), kind: 'regressor', allowsNaN: true },
  { name: 'KMeans', make: () => new KMeans({ nClusters: 3, nInit: 2, randomState: 0 }), kind: 'clusterer' },
  { name: 'MiniBatchKMeans', make: () => new MiniBatchKMeans({ nClusters: 3, batchSize: 16, randomState: 0 }), kind: 'clusterer' },
  { name: 'GaussianMixture', make: () => new GaussianMixture({ nComponents: 3, randomState: 0 }), kind: 'clusterer' },
  { name: 'GaussianMixture diag', make: () => new GaussianMixture({ nComponents: 2, covarianceType: 'diag', randomState: 0 }), kind: 'clusterer' },
  { name: 'PCA', make: () => new PCA({ nComponents: 2 }), kind: 'transformer' },
  { name: 'PCA randomized whiten', make: () => new PCA({ nComponents: 2, svdSolver: 'randomized', whiten: true, randomState: 0 }), kind: 'transformer' },
  { name: 'TruncatedSVD', make: () => new TruncatedSVD({ nComponents: 2, randomState: 0 }), kind: 'transformer' },
  { name: 'LinearDiscriminantAnalysis', make: () => new LinearDiscriminantAnalysis(), kind: 'classifier' },
  { name: 'LinearDiscriminantAnalysis eigen shrinkage', make: () => new LinearDiscriminantAnalysis({ solver: 'eigen', shrinkage: 'auto' }), kind: 'classifier' },
  { name: 'KernelPCA rbf', make: () => new KernelPCA({ nComponents: 3, kernel: 'rbf', gamma: 0.2, fitInverseTransform: true }), kind: 'transformer' },
  { name: 'RandomForestClassifier', make: () => new RandomForestClassifier({ nEstimators: 5, maxDepth: 4, randomState: 0 }), kind: 'classifier', allowsNaN: true },
  { name: 'RandomForestRegressor', make: () => new RandomForestRegressor({ nEstimators: 5, maxDepth: 4, randomState: 0 }), kind: 'regressor', allowsNaN: true },
  { name: 'ExtraTreesClassifier', make: () => new ExtraTreesClassifier({ nEstimators: 5, maxDepth: 4, randomState: 0 }), kind: 'classifier', allowsNaN: true },
  { name: 'ExtraTreesRegressor', make: () => new ExtraTreesRegressor({ nEstimators: 5, maxDepth: 4, randomState: 0 }), kind: 'regressor', allowsNaN: true },
  { name: 'GradientBoostingClassifier', make: () => new GradientBoostingClassifier({ nEstimators: 5, maxDepth: 3, subsample: 0.8, randomState: 0 }), kind: 'classifier', allowsNaN: true },
  { name: 'GradientBoostingRegressor', make: () => new GradientBoostingRegressor({ nEstimators: 5, maxDepth: 3, subsample: 0.8, randomState: 0 }), kind: 'regressor', allowsNaN: true },
  { name: 'GradientBoostingClassifier exact', make: () => new GradientBoostingClassifier({ nEstimators: 5, maxDepth: 3, treeMethod: 'exact', subsample: 0.8, randomState: 0 }), kind: 'classifier', allowsNaN: true },
  { name: 'GradientBoostingRegressor exact', make: () => new GradientBoostingRegressor({ nEstimators: 5, maxDepth: 3, treeMethod: 'exact', colsampleBytree: 0.8, randomState: 0 }), kind: 'regressor', allowsNaN: true },
  { name: 'LinearRegression', make: () => new LinearRegression(), kind: 'regressor' },
  { name: 'LinearRegression(gd)', make: () => new LinearRegression({ solver: 'gd', batchSize: 4, maxIter: 50, randomState: 0 }), kind: 'regressor' },
  { name: 'Ridge', make: () => new Ridge({ alpha: 0.5 }), kind: 'regressor' },
  { name: 'Lasso', make: () => new Lasso({ alpha: 0.01 }), kind: 'regressor' },
  { name: 'ElasticNet', make: () => new ElasticNet({ alpha: 0.01, selection: 'random', randomState: 0 }), kind: 'regressor' },
  { name: 'LogisticRegression', make: () => new LogisticRegression(), kind: 'classifier' },
  { name: 'LogisticRegression(saga)', make: () => new LogisticRegression({ solver: 'saga', penalty: 'elasticnet', maxIter: 50, randomState: 0 }), kind: 'classifier' },
  { name: 'SGDClassifier', make: () => new SGDClassifier({ loss: 'log_loss', randomState: 0, maxIter: 20 }), kind: 'classifier' },
  { name: 'SGDRegressor', make: () => new SGDRegressor({ randomState: 0, maxIter: 20 }), kind: 'regressor' },
  { name: 'GaussianNB', make: () => new GaussianNB(), kind: 'classifier', allowsOneClass: true },
  { name: 'BernoulliNB', make: () => new BernoulliNB({ binarize: 1 }), kind: 'classifier', allowsOneClass: true },
  { name: 'SVC', make: () => new SVC({ C: 2 }), kind: 'classifier' },
  { name: 'SVC probability', make: () => new SVC({ kernel: 'poly', degree: 2, probability: true, randomState: 0 }), kind: 'classifier' },
  { name: 'SVR', make: () => new SVR({ C: 5, epsilon: 0.05 }), kind: 'regressor' },
  { name: 'LinearSVC', make: () => new LinearSVC({ C: 0.5, randomState: 0 }), kind: 'classifier' },
  { name: 'BaggingClassifier', make: () => new BaggingClassifier({ nEstimators: 4, maxFeatures: 0.5, randomState: 0 }), kind: 'classifier', allowsNaN: true },
  { name: 'BaggingRegressor', make: () => new BaggingRegressor({ nEstimators: 4, randomState: 0 }), kind: 'regressor', allowsNaN: true },
  { name: 'AdaBoostClassifier', make: () => new AdaBoostClassifier({ nEstimators: 5, randomState: 0 }), kind: 'classifier', allowsNaN: true },
  { name: 'AdaBoostRegressor', make: () => new AdaBoostRegressor({ nEstimators: 5, randomState: 0 }), kind: 'regressor', allowsNaN: true },
  { name: 'VotingClassifier', make: () => new VotingClassifier({ estimators: [['a', new DecisionTreeClassifier({ maxDepth: 2, randomState: 0 })], ['b', new RandomForestClassifier({ nEstimators: 3, maxDepth: 3, randomState: 0 })]], voting: 'soft' }), kind: 'classifier', allowsNaN: true },
  { name: 'VotingRegressor', make: () => new VotingRegressor({ estimators: [['a', new DecisionTreeRegressor({ maxDepth: 2, randomState: 0 })], ['b', new DecisionTreeRegressor({ maxDepth: 4, randomState: 0 })]] }), kind: 'regressor', allowsNaN: true },
  { name: 'StackingClassifier', make: () => new StackingClassifier({ estimators: [['a', new DecisionTreeClassifier({ maxDepth: 2, randomState: 0 })], ['b', new DecisionTreeClassifier({ maxDepth: 4, randomState: 0 })]], finalEstimator: new DecisionTreeClassifier({ maxDepth: 2, randomState: 0 }), cv: 3 }), kind: 'classifier', allowsNaN: true },
  { name: 'StackingRegressor', make: () => new StackingRegressor({ estimators: [['a', new DecisionTreeRegressor({ maxDepth: 2, randomState: 0 })], ['b', new DecisionTreeRegressor({ maxDepth: 4, randomState: 0 })]], finalEstimator: new DecisionTreeRegressor({ maxDepth: 2, randomState: 0 }), cv: 3 }), kind: 'regressor', allowsNaN: true },
  { name: 'KNeighborsClassifier', make: () => new KNeighborsClassifier({ nNeighbors: 3, weights: 'distance' }), kind: 'classifier', allowsOneClass: true },
  { name: 'KNeighborsClassifier kd_tree', make: () => new KNeighborsClassifier({ algorithm: 'kd_tree', leafSize: 4, metric: 'manhattan' }), kind: 'classifier', allowsOneClass: true },
  { name: 'KNeighborsRegressor', make: () => new KNeighborsRegressor({ nNeighbors: 4, metric: 'cosine' }), kind: 'regressor' },
  { name: 'LabelPropagation', make: () => new LabelPropagation({ kernel: 'knn', nNeighbors: 5 }), kind: 'classifier', allowsOneClass: true },
  { name: 'LabelSpreading', make: () => new LabelSpreading({ gamma: 0.5 }), kind: 'classifier', allowsOneClass: true },
  { name: 'SelfTrainingClassifier', make: () => new SelfTrainingClassifier({ baseEstimator: new KNeighborsClassifier({ nNeighbors: 3 }) }), kind: 'classifier', allowsOneClass: true },
  { name: 'BernoulliRBM', make: () => new BernoulliRBM({ nComponents: 4, nIter: 2, randomState: 0 }), kind: 'transformer' },
  { name: 'MultinomialNB', make: () => new MultinomialNB({ alpha: 0.5 }), kind: 'classifier', nonNegative: true, allowsOneClass: true },
  { name: 'ComplementNB', make: () => new ComplementNB({ alpha: 0.5 }), kind: 'classifier', nonNegative: true, allowsOneClass: true },
  { name: 'DBSCAN', make: () => new DBSCAN({ eps: 1.2, minSamples: 4 }), kind: 'clusterer-fitpredict' },
  { name: 'AgglomerativeClustering ward', make: () => new AgglomerativeClustering({ nClusters: 3 }), kind: 'clusterer-fitpredict' },
  { name: 'AgglomerativeClustering single', make: () => new AgglomerativeClustering({ nClusters: null, distanceThreshold: 1.5, linkage: 'single' }), kind: 'clusterer-fitpredict' },
  { name: 'TSNE', make: () => new TSNE({ nComponents: 2, perplexity: 5, nIter: 250, method: 'exact', randomState: 0 }), kind: 'embedding' },
  { name: 'NearestNeighbors', make: () => new NearestNeighbors({ nNeighbors: 3 }), kind: 'neighbors' },
  { name: 'NearestNeighbors kd_tree', make: () => new NearestNeighbors({ nNeighbors: 3, algorithm: 'kd_tree', leafSize: 4 }), kind: 'neighbors' },
  // (two fast configurations: the additive 12-month seasonal fit takes ~1 s per fit, too slow for ~12 fits here)
  { name: 'ExponentialSmoothing damped trend', make: () => new ExponentialSmoothing({ trend: 'add', dampedTrend: true }), kind: 'series' },
  { name: 'ExponentialSmoothing mul season', make: () => new ExponentialSmoothing({ seasonal: 'mul', seasonalPeriods: 4 }), kind: 'series' },
  { name: 'ARIMA', make: () => new ARIMA({ order: [1, 1, 1] }), kind: 'series' },
  { name: 'Pipeline(scaler, logistic)', make: () => new Pipeline([['scale', new StandardScaler()], ['clf', new LogisticRegression()]]) as unknown as CheckedEstimator, kind: 'classifier' },
  { name: 'Pipeline(imputer, tree)', make: () => new Pipeline([['impute', new SimpleImputer()], ['tree', new DecisionTreeRegressor({ maxDepth: 3, randomState: 0 })]]) as unknown as CheckedEstimator, kind: 'regressor', allowsNaN: true },
  { name: 'ColumnTransformer', make: () => new ColumnTransformer({ transformers: [['poly', new PolynomialFeatures({ degree: 2 }), [0, 1]], ['scale', new StandardScaler(), [2]]], remainder: 'passthrough' }) as unknown as CheckedEstimator, kind: 'transformer' },
  { name: 'NeuralNetClassifier', make: () => new NeuralNetClassifier({ module: ({ nFeatures, nOutputs }) => new Sequential(new Linear(nFeatures, 8), new ReLU(), new Linear(8, nOutputs)), epochs: 3, batchSize: 16, randomState: 0 }), kind: 'classifier', noSave: 'the module option is a factory function; save the weights with io.saveSafetensors(net.module.stateDict())' },
  { name: 'NeuralNetRegressor', make: () => new NeuralNetRegressor({ module: ({ nFeatures, nOutputs }) => new Sequential(new Linear(nFeatures, 8), new ReLU(), new Linear(8, nOutputs)), epochs: 3, batchSize: 16, randomState: 0 }), kind: 'regressor', noSave: 'the module option is a factory function; save the weights with io.saveSafetensors(net.module.stateDict())' },
  // model selection: the searches are estimators too (fit, predict with the refitted best one)
  { name: 'GridSearchCV(tree)', make: () => new GridSearchCV(new DecisionTreeClassifier({ randomState: 0 }), { maxDepth: [1, 3] }, { cv: 3 }) as unknown as CheckedEstimator, kind: 'classifier', allowsNaN: true, allowsOneClass: true },
  { name: 'RandomizedSearchCV(ridge)', make: () => new RandomizedSearchCV(new Ridge(), { alpha: [0.1, 1, 10] }, { nIter: 2, cv: 3, randomState: 0 }) as unknown as CheckedEstimator, kind: 'regressor' },
  // preprocessing. allowsNaN on the scalers, encoders and quantile/power transforms is scikit-learn's
  // semantics: NaN is a missing value, ignored by fit and kept by transform (a category for encoders).
  { name: 'StandardScaler', make: () => new StandardScaler(), kind: 'transformer', allowsNaN: true },
  { name: 'MinMaxScaler', make: () => new MinMaxScaler({ featureRange: [-1, 1] }), kind: 'transformer', allowsNaN: true },
  { name: 'MaxAbsScaler', make: () => new MaxAbsScaler(), kind: 'transformer', allowsNaN: true },
  { name: 'RobustScaler', make: () => new RobustScaler(), kind: 'transformer', allowsNaN: true },
  { name: 'Normalizer', make: () => new Normalizer({ norm: 'l1' }), kind: 'transformer', stateless: 'each row is normalized on its own, as scikit-learn' },
  { name: 'FunctionTransformer', make: () => new FunctionTransformer({ func: (v) => v * 2 + 1 }), kind: 'transformer', allowsNaN: true, noSave: 'func is a user function, which JSON cannot hold', stateless: 'an elementwise function', anyFeatureCount: 'an elementwise function (scikit-learn validate=False)' },
  { name: 'MedianLogTransformer', make: () => new MedianLogTransformer(), kind: 'transformer', nonNegative: true, allowsNaN: true },
  { name: 'OneHotEncoder', make: () => new OneHotEncoder({ handleUnknown: 'ignore' }), kind: 'transformer', allowsNaN: true },
  { name: 'OrdinalEncoder', make: () => new OrdinalEncoder(), kind: 'transformer', allowsNaN: true },
  { name: 'LabelEncoder', make: () => new LabelEncoder() as unknown as CheckedEstimator, kind: 'labels', allowsNaN: true, allowsInf: 'labels are categories (scikit-learn accepts any value)', allowsEmpty: 'no labels give no classes, as scikit-learn' },
  { name: 'SimpleImputer', make: () => new SimpleImputer({ strategy: 'median', addIndicator: true }), kind: 'transformer', allowsNaN: true },
  { name: 'MissingIndicator', make: () => new MissingIndicator({ features: 'all' }), kind: 'transformer', allowsNaN: true },
  { name: 'KNNImputer', make: () => new KNNImputer({ nNeighbors: 3 }), kind: 'transformer', allowsNaN: true },
  { name: 'PolynomialFeatures', make: () => new PolynomialFeatures({ degree: 2 }), kind: 'transformer' },
  { name: 'VarianceThreshold', make: () => new VarianceThreshold({ threshold: 0.1 }), kind: 'transformer', allowsNaN: true },
  { name: 'SelectKBest(chi2)', make: () => new SelectKBest({ scoreFunc: chi2, k: 2 }), kind: 'transformer', supervised: 'classes', nonNegative: true },
  { name: 'PowerTransformer', make: () => new PowerTransformer(), kind: 'transformer', allowsNaN: true },
  { name: 'QuantileTransformer', make: () => new QuantileTransformer({ nQuantiles: 20 }), kind: 'transformer', allowsNaN: true },
  { name: 'KBinsDiscretizer', make: () => new KBinsDiscretizer({ nBins: 3, encode: 'ordinal' }), kind: 'transformer' },
  { name: 'TargetEncoder', make: () => new TargetEncoder({ randomState: 0 }), kind: 'transformer', supervised: 'continuous', allowsNaN: true },
  { name: 'RandomOverSampler', make: () => new RandomOverSampler({ randomState: 0 }) as unknown as CheckedEstimator, kind: 'sampler' },
  { name: 'RandomUnderSampler', make: () => new RandomUnderSampler({ randomState: 0 }) as unknown as CheckedEstimator, kind: 'sampler' },
  { name: 'SMOTE', make: () => new SMOTE({ kNeighbors: 3, randomState: 0 }) as unknown as CheckedEstimator, kind: 'sampler' },
];
