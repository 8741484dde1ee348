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

/** The surface the checks use; every nabla estimator has the parts its kind needs. */
export interface CheckedEstimator {
  fit(X: unknown, y?: unknown): unknown;
  predict?(X: unknown): Tensor;
  transform?(X: unknown): Tensor;
  toJSON?(): EstimatorJSON;
  getParams(): Record<string, unknown>;
}

export interface CheckEntry {
  name: string;
  make: () => CheckedEstimator;
  kind: 'classifier' | 'regressor' | 'transformer' | 'clusterer';
  /** NaN in X is handled (e.g. routed by trees), so it must not raise. */
  allowsNaN?: boolean;
  /** Classifiers: string labels are supported. */
  stringLabels?: boolean;
  /** Classifiers that accept a single class at fit (then predict it), as scikit-learn's trees do. */
  allowsOneClass?: boolean;
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
];
