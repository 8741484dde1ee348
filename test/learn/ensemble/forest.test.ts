import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBreastCancer, loadDiabetes, loadIris } from '../../../src/data/index.js';
import { ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor } from '../../../src/learn/ensemble/index.js';
import { NotFittedError, ShapeError, ValueError } from '../../../src/tensor/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';

const vals = (t: Tensor) => Array.from(t.dataSync() as ArrayLike<number>);

test('RandomForestClassifier: accurate on iris, probabilities are the trees\' mean, deterministic under randomState', () => {
  const iris = loadIris();
  const rf = new RandomForestClassifier({ nEstimators: 20, randomState: 3 });
  assert.equal(rf.fit(iris.data, iris.target), rf);
  assert.ok(rf.score(iris.data, iris.target) > 0.97);
  const p = rf.predictProba(iris.data);
  assert.deepEqual(p.shape, [150, 3]);
  const trees = rf.estimators;
  assert.equal(trees.length, 20);
  const mean = new Float64Array(150 * 3);
  for (const t of trees) vals(t.predictProba(iris.data)).forEach((v, i) => { mean[i] += v / 20; });
  vals(p).forEach((v, i) => assert.ok(Math.abs(v - mean[i]) < 1e-12));
  const again = new RandomForestClassifier({ nEstimators: 20, randomState: 3 }).fit(iris.data, iris.target);
  assert.deepEqual(vals(again.predictProba(iris.data)), vals(p));
  const other = new RandomForestClassifier({ nEstimators: 20, randomState: 4 }).fit(iris.data, iris.target);
  assert.notDeepEqual(vals(other.predictProba(iris.data)), vals(p));
  const imp = vals(rf.featureImportances);
  assert.ok(Math.abs(imp.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.ok(imp[2] + imp[3] > imp[0] + imp[1], 'petal features matter most');
});

test('RandomForestClassifier: out-of-bag score and decision function', () => {
  const bc = loadBreastCancer();
  const rf = new RandomForestClassifier({ nEstimators: 50, oobScore: true, randomState: 0 }).fit(bc.data, bc.target);
  assert.ok((rf.oobScore as number) > 0.93 && (rf.oobScore as number) < 0.99, `oob ${rf.oobScore}`);
  const d = rf.oobDecisionFunction as Tensor;
  assert.deepEqual(d.shape, [569, 2]);
  const v = vals(d);
  for (let i = 0; i < 569; i++) assert.ok(Math.abs(v[2 * i] + v[2 * i + 1] - 1) < 1e-9);
  assert.throws(() => new RandomForestClassifier({ bootstrap: false, oobScore: true }).fit(bc.data, bc.target), ValueError);
});

test('RandomForestClassifier: nJobs does not change the forest (worker threads)', () => {
  const iris = loadIris();
  const a = new RandomForestClassifier({ nEstimators: 6, randomState: 1, nJobs: 1 }).fit(iris.data, iris.target);
  const b = new RandomForestClassifier({ nEstimators: 6, randomState: 1, nJobs: 2 }).fit(iris.data, iris.target);
  assert.deepEqual(vals(b.predictProba(iris.data)), vals(a.predictProba(iris.data)));
  assert.deepEqual(b.toJSON().trees, a.toJSON().trees);
});

test('RandomForestClassifier: classWeight, maxSamples, errors', () => {
  const bc = loadBreastCancer();
  for (const classWeight of ['balanced', 'balanced_subsample', { 0: 2, 1: 1 }] as const) {
    const rf = new RandomForestClassifier({ nEstimators: 10, classWeight, randomState: 0 }).fit(bc.data, bc.target);
    assert.ok(rf.score(bc.data, bc.target) > 0.97);
  }
  const small = new RandomForestClassifier({ nEstimators: 5, maxSamples: 0.2, randomState: 0 }).fit(bc.data, bc.target);
  for (const t of small.trees ?? []) assert.ok(t.nNodeSamples[0] <= Math.round(569 * 0.2));
  assert.throws(() => new RandomForestClassifier().predict([[1, 2]]), NotFittedError);
  assert.throws(() => small.predict([[1, 2]]), ShapeError);
  assert.throws(() => new RandomForestClassifier().fit([[1], [2]], [1, 1]), /single class/);
  assert.throws(() => new RandomForestClassifier({ nEstimators: 0 }).fit([[1], [2]], [0, 1]), /nEstimators/);
  assert.throws(() => new RandomForestClassifier({ maxSamples: 5 }).fit([[1], [2], [3]], [0, 1, 0]), /maxSamples/);
});

test('RandomForestRegressor and ExtraTrees: R², oob prediction, save/load round trip', () => {
  const d = loadDiabetes();
  const rf = new RandomForestRegressor({ nEstimators: 30, oobScore: true, randomState: 0 }).fit(d.data, d.target);
  assert.ok(rf.score(d.data, d.target) > 0.85);
  assert.ok((rf.oobScore as number) > 0.3 && (rf.oobScore as number) < 0.6, `oob ${rf.oobScore}`);
  assert.deepEqual(rf.oobPrediction?.shape, [442]);
  const back = RandomForestRegressor.fromJSON(JSON.parse(JSON.stringify(rf.toJSON())));
  assert.deepEqual(vals(back.predict(d.data)), vals(rf.predict(d.data)));
  const et = new ExtraTreesRegressor({ nEstimators: 10, randomState: 0 }).fit(d.data, d.target);
  assert.ok(et.score(d.data, d.target) > 0.99, 'no bootstrap: every leaf is pure on the training data');
  assert.equal(et.getParams().splitter, 'random');
  const back2 = ExtraTreesRegressor.fromJSON(JSON.parse(JSON.stringify(et.toJSON())));
  assert.ok(back2 instanceof ExtraTreesRegressor);
  assert.deepEqual(vals(back2.predict(d.data)), vals(et.predict(d.data)));
  const iris = loadIris();
  const etc = new ExtraTreesClassifier({ nEstimators: 10, randomState: 0 }).fit(iris.data, iris.target);
  assert.equal(etc.score(iris.data, iris.target), 1);
  const back3 = ExtraTreesClassifier.fromJSON(JSON.parse(JSON.stringify(etc.toJSON())));
  assert.deepEqual(vals(back3.predictProba(iris.data)), vals(etc.predictProba(iris.data)));
  assert.throws(() => RandomForestClassifier.fromJSON(etc.toJSON()), /expected type/);
});
