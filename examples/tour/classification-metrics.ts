// Step 11 — evaluating a classifier beyond accuracy: logistic regression on breast cancer (a
// stratified 25% test split), its confusion matrix, precision, recall, F1, ROC-AUC and
// scikit-learn's classification report.
import type { Tensor } from '../../src/index.js';
import { data, learn, metrics, modelSelection, preprocessing } from '../../src/index.js';

export function run(_options: { short: boolean }): void {
  const bc = data.loadBreastCancer();
  const [XTrain, XTest, yTrain, yTest] = modelSelection.trainTestSplit<Tensor>(bc.data, bc.target, { testSize: 0.25, stratify: bc.target, randomState: 0 });
  const clf = new learn.Pipeline([['scale', new preprocessing.StandardScaler()], ['lr', new learn.LogisticRegression({ maxIter: 1000 })]]);
  clf.fit(XTrain, yTrain);
  const pred = clf.predict(XTest);
  const score = clf.predictProba(XTest).select(1, 1); // P(class 1 = benign)
  console.log(`breast cancer: ${XTrain.shape[0]} training, ${XTest.shape[0]} test samples; classes ${bc.targetNames.join(' / ')}`);
  const cm = Array.from(metrics.confusionMatrix(yTest, pred).dataSync());
  console.log(`confusion matrix (rows: true, columns: predicted)\n${''.padEnd(12)}${bc.targetNames.map((s) => s.padStart(11)).join('')}`);
  bc.targetNames.forEach((name, i) => console.log(`${name.padEnd(12)}${[cm[2 * i], cm[2 * i + 1]].map((v) => String(v).padStart(11)).join('')}`));
  console.log(`precision ${metrics.precisionScore(yTest, pred).toFixed(4)}  recall ${metrics.recallScore(yTest, pred).toFixed(4)}  ` +
    `F1 ${metrics.f1Score(yTest, pred).toFixed(4)}  ROC-AUC ${metrics.rocAucScore(yTest, score).toFixed(4)}  accuracy ${metrics.accuracyScore(yTest, pred).toFixed(4)}`);
  console.log(metrics.classificationReport(yTest, pred, { targetNames: bc.targetNames, digits: 3 }));
}
