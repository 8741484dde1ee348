import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBreastCancer, loadDiabetes, loadIris, loadWine } from '../../../src/data/index.js';
import {
  AdaBoostClassifier, AdaBoostRegressor, BaggingClassifier, BaggingRegressor, RandomForestClassifier, StackingClassifier, StackingRegressor, VotingClassifier, VotingRegressor,
} from '../../../src/learn/ensemble/index.js';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '../../../src/learn/tree/index.js';
import { LogisticRegression } from '../../../src/learn/linear/index.js';
import { estimatorFromJSON, parseJSON, stringifyJSON, type EstimatorJSON } from '../../../src/learn/persist.js';
import { crossValPredict } from '../../../src/learn/modelSelection/crossValidation.js';
import { NotFittedError, ShapeError, ValueError } from '../../../src/tensor/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';

const vals = (t: Tensor) => Array.from(t.dataSync() as ArrayLike<number>);
const roundTrip = <T extends { toJSON(): EstimatorJSON }>(e: T): T => estimatorFromJSON(parseJSON(stringifyJSON(e.toJSON())) as EstimatorJSON) as unknown as T;

test('VotingClassifier: hard votes with weights, soft = weighted mean of probabilities', () => {
  const iris = loadIris();
  const a = new DecisionTreeClassifier({ maxDepth: 1, randomState: 0 }), b = new DecisionTreeClassifier({ maxDepth: 2, randomState: 0 }), c = new DecisionTreeClassifier({ maxDepth: 3, randomState: 0 });
  const hard = new VotingClassifier({ estimators: [['a', a], ['b', b], ['c', c]], weights: [1, 1, 3] }).fit(iris.data, iris.target);
  const pc = vals(c.clone().fit(iris.data, iris.target).predict(iris.data));
  assert.deepEqual(vals(hard.predict(iris.data)), pc, 'weight 3 of 5 decides');
  assert.throws(() => hard.predictProba(iris.data), /voting='hard'/);
  const soft = new VotingClassifier({ estimators: [['a', a], ['c', c]], voting: 'soft', weights: [1, 2] }).fit(iris.data, iris.target);
  const pa = vals(a.clone().fit(iris.data, iris.target).predictProba(iris.data)), pc2 = vals(c.clone().fit(iris.data, iris.target).predictProba(iris.data));
  vals(soft.predictProba(iris.data)).forEach((v, i) => assert.ok(Math.abs(v - (pa[i] + 2 * pc2[i]) / 3) < 1e-12));
  assert.deepEqual(Object.keys(soft.namedEstimators), ['a', 'c']);
  assert.deepEqual(vals(roundTrip(soft).predictProba(iris.data)), vals(soft.predictProba(iris.data)));
  assert.throws(() => new VotingClassifier({ estimators: [['a', a]] }).predict(iris.data), NotFittedError);
  assert.throws(() => new VotingClassifier({ estimators: [['a', a]], weights: [1, 2] }).fit(iris.data, iris.target), /weights/);
  assert.throws(() => new VotingClassifier({ estimators: [['a', a], ['a', b]] }).fit(iris.data, iris.target), /unique/);
  assert.throws(() => soft.predict([[1, 2]]), ShapeError);
});

test('VotingRegressor: weighted mean of predictions', () => {
  const d = loadDiabetes();
  const a = new DecisionTreeRegressor({ maxDepth: 2 }), b = new DecisionTreeRegressor({ maxDepth: 4 });
  const v = new VotingRegressor({ estimators: [['a', a], ['b', b]], weights: [3, 1] }).fit(d.data, d.target);
  const pa = vals(a.clone().fit(d.data, d.target).predict(d.data)), pb = vals(b.clone().fit(d.data, d.target).predict(d.data));
  vals(v.predict(d.data)).forEach((x, i) => assert.ok(Math.abs(x - (3 * pa[i] + pb[i]) / 4) < 1e-9));
  assert.deepEqual(v.transform(d.data).shape, [442, 2]);
  assert.deepEqual(vals(roundTrip(v).predict(d.data)), vals(v.predict(d.data)));
});

test('AdaBoostClassifier: SAMME and SAMME.R beat a stump; staged predictions end at predict', () => {
  const bc = loadBreastCancer();
  const stump = new DecisionTreeClassifier({ maxDepth: 1 }).fit(bc.data, bc.target).score(bc.data, bc.target);
  for (const algorithm of ['SAMME', 'SAMME.R'] as const) {
    const ada = new AdaBoostClassifier({ nEstimators: 30, algorithm, randomState: 0 }).fit(bc.data, bc.target);
    assert.ok(ada.score(bc.data, bc.target) > stump + 0.04, `${algorithm}: ${ada.score(bc.data, bc.target)} vs stump ${stump}`);
    const staged = [...ada.stagedPredict(bc.data)];
    assert.equal(staged.length, (ada.estimators ?? []).length);
    assert.deepEqual(vals(staged[staged.length - 1]), vals(ada.predict(bc.data)));
    const p = vals(ada.predictProba(bc.data));
    for (let i = 0; i < 569; i++) assert.ok(Math.abs(p[2 * i] + p[2 * i + 1] - 1) < 1e-12);
    assert.deepEqual(vals(roundTrip(ada).predictProba(bc.data)), p);
  }
  const wine = loadWine();
  const multi = new AdaBoostClassifier({ nEstimators: 20, estimator: new DecisionTreeClassifier({ maxDepth: 2 }), randomState: 0 }).fit(wine.data, wine.target);
  assert.ok(multi.score(wine.data, wine.target) > 0.95);
  assert.deepEqual(multi.decisionFunction(wine.data).shape, [178, 3]);
  assert.throws(() => new AdaBoostClassifier({ learningRate: 0 }).fit(wine.data, wine.target), /learningRate/);
});

test('AdaBoostRegressor (R2): better than its first learner', () => {
  const d = loadDiabetes();
  const ada = new AdaBoostRegressor({ nEstimators: 20, randomState: 0 }).fit(d.data, d.target);
  const one = new DecisionTreeRegressor({ maxDepth: 3 }).fit(d.data, d.target).score(d.data, d.target);
  assert.ok(ada.score(d.data, d.target) > one, `${ada.score(d.data, d.target)} vs ${one}`);
  assert.deepEqual(vals(roundTrip(ada).predict(d.data)), vals(ada.predict(d.data)));
  const staged = [...ada.stagedPredict(d.data)];
  assert.deepEqual(vals(staged[staged.length - 1]), vals(ada.predict(d.data)));
});

test('Bagging: members on drawn rows and features, oob score, deterministic', () => {
  const bc = loadBreastCancer();
  const bag = new BaggingClassifier({ nEstimators: 15, maxFeatures: 0.5, oobScore: true, randomState: 0 }).fit(bc.data, bc.target);
  assert.ok((bag.oobScore as number) > 0.9, `oob ${bag.oobScore}`);
  for (const f of bag.estimatorsFeatures ?? []) { assert.equal(f.length, 15); assert.equal(new Set(f).size, 15); }
  const again = new BaggingClassifier({ nEstimators: 15, maxFeatures: 0.5, oobScore: true, randomState: 0 }).fit(bc.data, bc.target);
  assert.deepEqual(vals(again.predictProba(bc.data)), vals(bag.predictProba(bc.data)));
  assert.deepEqual(vals(roundTrip(bag).predictProba(bc.data)), vals(bag.predictProba(bc.data)));
  const d = loadDiabetes();
  const reg = new BaggingRegressor({ nEstimators: 20, oobScore: true, randomState: 0 }).fit(d.data, d.target);
  assert.ok((reg.oobScore as number) > 0.3, `oob ${reg.oobScore}`);
  assert.deepEqual(vals(roundTrip(reg).predict(d.data)), vals(reg.predict(d.data)));
  assert.throws(() => new BaggingRegressor({ bootstrap: false, oobScore: true }).fit(d.data, d.target), ValueError);
  // A base estimator without sampleWeight gets the drawn rows themselves.
  const iris = loadIris();
  const lin = new BaggingClassifier({ estimator: new LogisticRegression({ maxIter: 500 }), nEstimators: 5, maxSamples: 0.8, bootstrap: false, randomState: 0 }).fit(iris.data, iris.target);
  assert.ok(lin.score(iris.data, iris.target) > 0.9);
  for (const e of lin.estimators ?? []) assert.equal((e as LogisticRegression).coef?.shape[0], 3);
});

test('Stacking: the final estimator sees the out-of-fold predictions (binary drops the first probability column)', () => {
  const bc = loadBreastCancer();
  const base: [string, DecisionTreeClassifier][] = [['t1', new DecisionTreeClassifier({ maxDepth: 1, randomState: 0 })], ['t3', new DecisionTreeClassifier({ maxDepth: 3, randomState: 0 })]];
  const fin = new DecisionTreeClassifier({ maxDepth: 2, randomState: 0 });
  const st = new StackingClassifier({ estimators: base, finalEstimator: fin, passthrough: true }).fit(bc.data, bc.target);
  const oof = base.map(([, e]) => vals(crossValPredict(e, bc.data, bc.target, { cv: 5, method: 'predictProba' })));
  const meta = new Float64Array(569 * 32);
  const X = vals(bc.data as Tensor);
  for (let i = 0; i < 569; i++) { meta[i * 32] = oof[0][2 * i + 1]; meta[i * 32 + 1] = oof[1][2 * i + 1]; for (let j = 0; j < 30; j++) meta[i * 32 + 2 + j] = X[i * 30 + j]; }
  const want = fin.clone().fit(new Tensor(meta, [569, 32], 'float64'), bc.target);
  assert.deepEqual((st.finalEstimator as DecisionTreeClassifier).tree?.toJSON(), want.tree?.toJSON());
  assert.deepEqual(st.transform(bc.data).shape, [569, 32]);
  assert.deepEqual(vals(roundTrip(st).predictProba(bc.data)), vals(st.predictProba(bc.data)));
  const d = loadDiabetes();
  const sr = new StackingRegressor({ estimators: [['a', new DecisionTreeRegressor({ maxDepth: 2 })], ['b', new DecisionTreeRegressor({ maxDepth: 4 })]], finalEstimator: new DecisionTreeRegressor({ maxDepth: 2 }) }).fit(d.data, d.target);
  assert.deepEqual(sr.transform(d.data).shape, [442, 2]);
  assert.deepEqual(vals(roundTrip(sr).predict(d.data)), vals(sr.predict(d.data)));
  assert.throws(() => new StackingClassifier({ estimators: base, finalEstimator: fin, stackMethod: 'decisionFunction' }).fit(bc.data, bc.target), /decisionFunction/);
  const iris = loadIris();
  const s3 = new StackingClassifier({ estimators: [['rf', new RandomForestClassifier({ nEstimators: 5, randomState: 0 })]], finalEstimator: fin }).fit(iris.data, iris.target);
  assert.deepEqual(s3.transform(iris.data).shape, [150, 3]);
  const dflt = new StackingClassifier({ estimators: base }).fit(bc.data, bc.target);
  assert.equal(dflt.finalEstimator?.constructor.name, 'LogisticRegression');
  assert.ok(dflt.score(bc.data, bc.target) > 0.9);
  assert.throws(() => new StackingRegressor({ estimators: [['a', new DecisionTreeRegressor()]] }).fit(d.data, d.target), /finalEstimator/);
});
