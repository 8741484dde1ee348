// Step 8 — three classic tabular models on breast cancer (569 tumours, 30 features) compared by
// stratified 5-fold cross-validation: gradient boosting, a random forest, and logistic regression
// (after standardisation). Prints mean ± std of accuracy and ROC-AUC over the folds.
import { data, learn, modelSelection, preprocessing } from '../../src/index.js';

const meanStd = (v: Float64Array): string => {
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  const sd = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length);
  return `${m.toFixed(4)} ± ${sd.toFixed(4)}`;
};

export function run(options: { short: boolean }): void {
  const { data: X, target: y } = data.loadBreastCancer();
  const trees = options.short ? 30 : 200;
  const models: Array<[string, Parameters<typeof modelSelection.crossValidate>[0]]> = [
    [`gradient boosting (${trees} trees, depth 3)`, new learn.GradientBoostingClassifier({ nEstimators: trees, maxDepth: 3, learningRate: 0.1, randomState: 0 })],
    [`random forest (${trees} trees)`, new learn.RandomForestClassifier({ nEstimators: trees, randomState: 0 })],
    ['logistic regression (scaled)', new learn.Pipeline([['scale', new preprocessing.StandardScaler()], ['lr', new learn.LogisticRegression({ maxIter: 1000 })]])],
  ];
  console.log(`breast cancer: ${X.shape[0]} samples, ${X.shape[1]} features; stratified 5-fold cross-validation`);
  console.log(`${'model'.padEnd(40)}${'accuracy'.padEnd(20)}${'ROC-AUC'.padEnd(20)}fit s/fold`);
  for (const [name, est] of models) {
    const r = modelSelection.crossValidate(est, X, y, { cv: 5, scoring: ['accuracy', 'roc_auc'] });
    const fit = (r.fitTime.reduce((s, t) => s + t, 0) / r.fitTime.length).toFixed(2);
    console.log(`${name.padEnd(40)}${meanStd(r.testAccuracy as Float64Array).padEnd(20)}${meanStd(r.testRocAuc as Float64Array).padEnd(20)}${fit}`);
  }
}
