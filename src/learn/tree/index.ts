export { Tree, TREE_LEAF, TREE_UNDEFINED, type TreeJSON } from './tree.js';
export { Criterion, Gini, Entropy, SquaredError, FriedmanMSE, AbsoluteError } from './criterion.js';
export { Splitter, type SplitRecord, type SplitterOptions } from './splitter.js';
export { buildDepthFirst, buildBestFirst, type BuilderOptions } from './builder.js';
export { growTree, toColumns, TREE_DEFAULTS, type TreeOptions } from './fit.js';
export { ccpPruningPath, pruneTree, type PruningPath } from './prune.js';
export { DecisionTreeClassifier, type DecisionTreeClassifierOptions, type DecisionTreeClassifierJSON } from './classifier.js';
export { DecisionTreeRegressor, type DecisionTreeRegressorOptions, type DecisionTreeRegressorJSON } from './regressor.js';
export { exportText, formatFixed, type ExportTextOptions } from './export.js';
