import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBreastCancer, loadDiabetes, loadIris } from '../../../src/data/index.js';
import { GradientBoostingClassifier, GradientBoostingRegressor } from '../../../src/learn/boosting/index.js';
import { BinMapper, searchBin, transposeCodes } from '../../../src/learn/boosting/binning.js';
import { radixSortFloat64 } from '../../../src/learn/boosting/radix.js';
import { NotFittedError, ShapeError, ValueError } from '../../../src/tensor/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';

const arr = (t: Tensor): number[] => Array.from(t.dataSync() as Float64Array);

function accuracy(pred: number[], y: number[]): number {
  let h = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) h++;
  return h / y.length;
}

test('binning: few distinct values get midpoint cuts, missing values the last code, and bin(v) ≤ b ⇔ v ≤ cuts[b]', () => {
  const x = Float64Array.from([3, 1, 2, NaN, 2, 5]);
  const m = BinMapper.fit(x, 6, 1, 256);
  assert.deepEqual(Array.from(m.cuts[0]), [1.5, 2.5, 4]);
  assert.deepEqual(Array.from(m.transform(x, 6, 1)), [2, 0, 1, 255, 1, 3]);
  const two = Float64Array.from([1, 10, 2, NaN, 3, 30]);
  const m3 = BinMapper.fit(two, 3, 2, 256);
  assert.deepEqual(Array.from(m3.transform(two, 3, 2)), [0, 0, 1, 255, 2, 1]);
  assert.deepEqual(Array.from(transposeCodes(m3.transform(two, 3, 2), 3, 2)), [0, 1, 2, 0, 255, 1]);
  // Many distinct values: at most maxBins − 1 value bins, the rule holds for every value.
  const n = 1000;
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 100);
  const m2 = BinMapper.fit(y, n, 1, 16);
  assert.ok(m2.nBins(0) <= 15 && m2.nBins(0) >= 12, `nBins ${m2.nBins(0)}`);
  const codes = m2.transform(y, n, 1);
  for (let i = 0; i < n; i++) for (let b = 0; b < m2.cuts[0].length; b++) assert.equal(codes[i] <= b, y[i] <= m2.cuts[0][b]);
  assert.equal(searchBin(Float64Array.from([1, 2]), 2), 1);
  assert.throws(() => BinMapper.fit(y, n, 1, 300), /maxBins/);
});

test('classifier: binary (breast cancer) fits well, probabilities sum to 1, predict is the argmax class', () => {
  const bc = loadBreastCancer();
  const y = arr(bc.target as Tensor);
  const clf = new GradientBoostingClassifier({ nEstimators: 20, maxDepth: 3 }).fit(bc.data, bc.target);
  const pr = clf.predictProba(bc.data);
  assert.deepEqual(pr.shape, [y.length, 2]);
  const d = arr(pr);
  for (let i = 0; i < y.length; i++) assert.ok(Math.abs(d[2 * i] + d[2 * i + 1] - 1) < 1e-12);
  assert.ok(accuracy(arr(clf.predict(bc.data)), y) > 0.98);
  const margin = arr(clf.decisionFunction(bc.data));
  assert.ok(Math.abs(1 / (1 + Math.exp(-margin[0])) - d[1]) < 1e-12);
});

test('classifier: multiclass softmax grows one tree per class per round, labels kept', () => {
  const iris = loadIris();
  const y = arr(iris.target as Tensor).map((v) => v * 10 + 1);
  const clf = new GradientBoostingClassifier({ nEstimators: 10, maxDepth: 2 }).fit(iris.data, y);
  assert.deepEqual(Array.from(clf.classes as Float64Array), [1, 11, 21]);
  assert.equal(clf.model?.trees.length, 10);
  assert.equal(clf.model?.trees[0].length, 3);
  assert.ok(accuracy(arr(clf.predict(iris.data)), y) > 0.95);
  assert.deepEqual(clf.predictProba(iris.data).shape, [150, 3]);
});

test('regressor: squared, absolute, Huber and Poisson losses all reduce their training error', () => {
  const db = loadDiabetes();
  const y = arr(db.target as Tensor);
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const mse = (p: number[]) => p.reduce((s, v, i) => s + (v - y[i]) ** 2, 0) / y.length;
  const base = mse(y.map(() => mean));
  for (const loss of ['squared_error', 'absolute_error', 'huber', 'poisson'] as const) {
    const reg = new GradientBoostingRegressor({ nEstimators: 30, maxDepth: 3, loss, huberDelta: 20, learningRate: 0.3 }).fit(db.data, y);
    const e = mse(arr(reg.predict(db.data)));
    assert.ok(e < 0.6 * base, `${loss}: ${e} vs ${base}`);
  }
  const r2 = new GradientBoostingRegressor({ nEstimators: 50 }).fit(db.data, y).score(db.data, y);
  assert.ok(r2 > 0.9, `r2 ${r2}`);
});

test('a single depth-1 tree: the split, leaf weights −G/(H+λ)·eta and the alpha soft-threshold are exact', () => {
  const X = [[0], [1], [2], [3]];
  const y = [0, 0, 10, 10];
  const eta = 0.5, lambda = 1, alpha = 2;
  const reg = new GradientBoostingRegressor({ nEstimators: 1, maxDepth: 1, learningRate: eta, regLambda: lambda, regAlpha: alpha, minChildWeight: 0, baseScore: 5 }).fit(X, y);
  const t = reg.model?.trees[0][0];
  assert.ok(t);
  assert.equal(t.feature[0], 0);
  assert.equal(t.threshold[0], 1.5);
  // Left: g = 5 − 0 per row, G = 10, H = 2: w = −(10 − 2)/(2 + 1) · 0.5; right mirrors it.
  assert.ok(Math.abs(t.value[t.left[0]] - (-(8 / 3) * eta)) < 1e-12);
  assert.ok(Math.abs(t.value[t.right[0]] - ((8 / 3) * eta)) < 1e-12);
  const pred = arr(reg.predict(X));
  assert.ok(Math.abs(pred[0] - (5 - 4 / 3)) < 1e-12);
  // gain = (8² / 3) · 2 − 0 (parent G = 0)
  assert.ok(Math.abs(t.gain[0] - 128 / 3) < 1e-12);
  // gamma above the gain prunes the split away.
  const pruned = new GradientBoostingRegressor({ nEstimators: 1, maxDepth: 1, regAlpha: alpha, minChildWeight: 0, baseScore: 5, gamma: 50 }).fit(X, y);
  assert.equal(pruned.model?.trees[0][0].nodeCount, 1);
});

test('missing values: the learned default direction sends NaN to the side its rows belong to', () => {
  const X: number[][] = [], y: number[] = [];
  for (let i = 0; i < 200; i++) {
    const cls = i % 2;
    // Class 1 rows are missing half of the time; the other rows carry the signal.
    X.push([cls === 1 && i % 4 === 1 ? NaN : cls + (i % 7) * 0.01]);
    y.push(cls);
  }
  const clf = new GradientBoostingClassifier({ nEstimators: 5, maxDepth: 2 }).fit(X, y);
  assert.deepEqual(arr(clf.predict([[NaN], [0.02], [1.03]])), [1, 0, 1]);
  assert.equal(clf.score(X, y), 1);
});

test('early stopping keeps the best round of the evaluation metric', () => {
  const bc = loadBreastCancer();
  const X = bc.data as Tensor, y = arr(bc.target as Tensor);
  const n = y.length, cut = 400;
  const Xtr = X.narrow(0, 0, cut), Xva = X.narrow(0, cut, n - cut);
  const clf = new GradientBoostingClassifier({ nEstimators: 200, learningRate: 0.5, earlyStoppingRounds: 5, evalMetric: 'logloss' })
    .fit(Xtr, y.slice(0, cut), { evalSet: [Xva, y.slice(cut)] });
  const m = clf.model;
  assert.ok(m);
  assert.ok(m.trees.length < 200);
  assert.equal(m.trees.length, clf.bestIteration + 1);
  const best = Math.min(...m.evalHistory);
  assert.equal(m.evalHistory[clf.bestIteration], best);
  assert.equal(m.evalHistory.length, clf.bestIteration + 6);
  const auc = new GradientBoostingClassifier({ nEstimators: 5, evalMetric: 'auc' }).fit(Xtr, y.slice(0, cut), { evalSet: [Xva, y.slice(cut)] });
  assert.ok((auc.model as { evalHistory: number[] }).evalHistory.every((v) => v > 0.9 && v <= 1));
});

test('importances: weight counts splits, gain and cover are means, featureImportances sums to 1', () => {
  const bc = loadBreastCancer();
  const clf = new GradientBoostingClassifier({ nEstimators: 5, maxDepth: 2 }).fit(bc.data, bc.target);
  const trees = (clf.model as { trees: { nodeCount: number; left: Int32Array }[][] }).trees;
  let splits = 0;
  for (const r of trees) for (const t of r) for (let i = 0; i < t.nodeCount; i++) if (t.left[i] >= 0) splits++;
  const w = clf.getScore({ importanceType: 'weight' });
  assert.equal(Object.values(w).reduce((a, b) => a + b, 0), splits);
  const g = clf.getScore({ importanceType: 'gain' }), tg = clf.getScore({ importanceType: 'total_gain' });
  for (const k of Object.keys(w)) assert.ok(Math.abs(g[k] * w[k] - tg[k]) < 1e-9 * tg[k]);
  assert.deepEqual(Object.keys(clf.getScore({ importanceType: 'cover' })), Object.keys(w));
  const fi = arr(clf.featureImportances);
  assert.ok(Math.abs(fi.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.throws(() => clf.getScore({ importanceType: 'bad' as 'gain' }), ValueError);
});

test('sampling: subsample, colsample and GOSS are deterministic under randomState and still learn', () => {
  const bc = loadBreastCancer();
  const y = arr(bc.target as Tensor);
  for (const opts of [{ subsample: 0.7, colsampleBytree: 0.5, colsampleBylevel: 0.8, colsampleBynode: 0.8 }, { samplingMethod: 'goss' as const, topRate: 0.3, otherRate: 0.2 }]) {
    const a = new GradientBoostingClassifier({ nEstimators: 20, maxDepth: 3, randomState: 1, ...opts }).fit(bc.data, y);
    const b = new GradientBoostingClassifier({ nEstimators: 20, maxDepth: 3, randomState: 1, ...opts }).fit(bc.data, y);
    assert.deepEqual(arr(a.predictProba(bc.data)), arr(b.predictProba(bc.data)));
    assert.ok(a.score(bc.data, y) > 0.97);
  }
  const c1 = new GradientBoostingClassifier({ nEstimators: 3, subsample: 0.5, randomState: 1 }).fit(bc.data, y);
  const c2 = new GradientBoostingClassifier({ nEstimators: 3, subsample: 0.5, randomState: 2 }).fit(bc.data, y);
  assert.notDeepEqual(arr(c1.predictProba(bc.data)), arr(c2.predictProba(bc.data)));
});

test('lossguide growth respects maxLeaves', () => {
  const db = loadDiabetes();
  const reg = new GradientBoostingRegressor({ nEstimators: 5, growPolicy: 'lossguide', maxLeaves: 7, maxDepth: 0 }).fit(db.data, db.target);
  for (const [t] of (reg.model as { trees: { nLeaves(): number }[][] }).trees) assert.equal(t.nLeaves(), 7);
});

test('save/load round trip gives identical predictions', () => {
  const iris = loadIris();
  const clf = new GradientBoostingClassifier({ nEstimators: 5, maxDepth: 3 }).fit(iris.data, iris.target);
  const back = GradientBoostingClassifier.fromJSON(JSON.parse(JSON.stringify(clf.toJSON())));
  assert.deepEqual(arr(back.predictProba(iris.data)), arr(clf.predictProba(iris.data)));
  const db = loadDiabetes();
  const reg = new GradientBoostingRegressor({ nEstimators: 5, loss: 'poisson' }).fit(db.data, arr(db.target as Tensor).map(Math.abs));
  const back2 = GradientBoostingRegressor.fromJSON(JSON.parse(JSON.stringify(reg.toJSON())));
  assert.deepEqual(arr(back2.predict(db.data)), arr(reg.predict(db.data)));
});

test('bad input: typed errors naming the argument', () => {
  const iris = loadIris();
  assert.throws(() => new GradientBoostingClassifier().predict(iris.data), NotFittedError);
  assert.throws(() => new GradientBoostingClassifier({ nEstimators: 0 }).fit(iris.data, iris.target), /nEstimators/);
  assert.throws(() => new GradientBoostingClassifier({ subsample: 0 }).fit(iris.data, iris.target), /subsample/);
  assert.throws(() => new GradientBoostingClassifier({ treeMethod: 'approx' as 'hist' }).fit(iris.data, iris.target), /treeMethod/);
  assert.throws(() => new GradientBoostingClassifier().fit([[1], [2]], [1, 1]), /2 classes/);
  assert.throws(() => new GradientBoostingRegressor({ loss: 'poisson' }).fit([[1], [2]], [1, -1]), /non-negative/);
  const clf = new GradientBoostingClassifier({ nEstimators: 2 }).fit(iris.data, iris.target);
  assert.throws(() => clf.predict([[1, 2, 3]]), ShapeError);
  assert.throws(() => clf.fit([[Infinity, 1]], [0]), ValueError);
});

test('radix sort orders float64 values as the built-in sort does (signs, zeros, subnormals, float32 data)', () => {
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const cases = [
    Float64Array.from({ length: 5000 }, () => (rnd() - 0.5) * 10 ** Math.floor(rnd() * 20 - 10)),
    Float64Array.from({ length: 3000 }, () => Math.fround(rnd() * 100 - 50)),
    Float64Array.from([0, -0, 5e-324, -5e-324, 1, -1, Infinity, -Infinity, 3, 3, 2]),
    Float64Array.from([7, 7, 7]),
    Float64Array.from([1]),
  ];
  for (const c of cases) {
    const a = Float64Array.from(c);
    radixSortFloat64(a);
    const b = Float64Array.from(c).sort();
    assert.deepEqual(Array.from(a, (v) => Object.is(v, -0) ? '-0' : v), Array.from(b, (v) => Object.is(v, -0) ? '-0' : v));
  }
});
