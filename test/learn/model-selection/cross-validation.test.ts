import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../../src/tensor/creation.js';
import { ShapeError, ValueError } from '../../../src/tensor/errors.js';
import { KFold, crossValScore, crossValidate, crossValPredict, learningCurve, validationCurve, registerScorer, getScorer, makeScorer, type Split } from '../../../src/learn/modelSelection/index.js';
import { NearestCentroid, Ridge } from './estimators.js';
import { numSamples } from '../../../src/learn/modelSelection/indexing.js';
import { close, fixture } from './fixture.js';

const d = fixture.data;
const Xc = tensor(d.Xc, { dtype: 'float64' }), yc = tensor(d.yc, { dtype: 'float64' });
const Xr = tensor(d.Xr, { dtype: 'float64' }), yr = tensor(d.yr, { dtype: 'float64' });
const cv = fixture.cv;

test('sklearn parity: crossValScore of NearestCentroid (default cv: StratifiedKFold(5)) and with KFold(3)', () => {
  close(crossValScore(new NearestCentroid(), Xc, yc), cv.centroidDefault, 1e-12, 'default');
  close(crossValScore(new NearestCentroid(), Xc, yc, { cv: new KFold({ nSplits: 3 }) }), cv.centroidKFold3, 1e-12, 'kfold3');
});

test('sklearn parity: crossValScore of Ridge (default KFold(5), R²) and neg_mean_squared_error with cv=4', () => {
  close(crossValScore(new Ridge({ alpha: 1 }), Xr, yr), cv.ridgeDefault, 1e-9, 'r2');
  close(crossValScore(new Ridge({ alpha: 0.5 }), Xr, yr, { cv: 4, scoring: 'neg_mean_squared_error' }), cv.ridgeMse, 1e-9, 'mse');
  // nested arrays and a Float64Array work the same as Tensors
  close(crossValScore(new Ridge({ alpha: 1 }), d.Xr as number[][], Float64Array.from(d.yr as number[])), cv.ridgeDefault, 1e-9, 'arrays');
});

test('sklearn parity: crossValidate with two metrics, train scores, fit/score times', () => {
  const r = crossValidate(new Ridge({ alpha: 2 }), Xr, yr, { cv: new KFold({ nSplits: 4 }), scoring: ['r2', 'neg_mean_absolute_error'], returnTrainScore: true, returnEstimator: true });
  for (const [k, ours] of [['test_r2', 'testR2'], ['train_r2', 'trainR2'], ['test_neg_mean_absolute_error', 'testNegMeanAbsoluteError'], ['train_neg_mean_absolute_error', 'trainNegMeanAbsoluteError']]) close(r[ours] as Float64Array, cv.ridgeValidate[k], 1e-9, k);
  assert.equal(r.fitTime.length, 4);
  assert.ok(r.fitTime.every((t) => t >= 0) && r.scoreTime.every((t) => t >= 0));
  assert.equal(r.estimator?.length, 4);
  assert.ok((r.estimator?.[0] as Ridge).coef instanceof Float64Array, 'returned estimators are fitted');
  const named = crossValidate(new Ridge(), Xr, yr, { cv: 3, scoring: { fit: 'r2', custom: (e, X, y) => (e.score as (a: unknown, b: unknown) => number)(X, y) } });
  close(named.testFit as Float64Array, named.testCustom as Float64Array, 1e-12, 'record scoring');
});

test('sklearn parity: crossValPredict of Ridge (cv=5) and NearestCentroid (stratified cv=3)', () => {
  close(crossValPredict(new Ridge(), Xr, yr, { cv: 5 }).dataSync() as Float64Array, cv.ridgePredict, 1e-9, 'ridge');
  assert.deepEqual(Array.from(crossValPredict(new NearestCentroid(), Xc, yc, { cv: 3 }).dataSync() as Float64Array), cv.centroidPredict);
});

test('sklearn parity: learningCurve (default sizes; counts) and validationCurve', () => {
  const lc = learningCurve(new Ridge(), Xr, yr, { cv: new KFold({ nSplits: 4 }) });
  assert.deepEqual(Array.from(lc.trainSizes), cv.learningCurve.trainSizes);
  assert.deepEqual(lc.trainScores.shape, [5, 4]);
  close(lc.trainScores.dataSync() as Float64Array, cv.learningCurve.trainScores.flat(), 1e-9, 'lc train');
  close(lc.testScores.dataSync() as Float64Array, cv.learningCurve.testScores.flat(), 1e-9, 'lc test');
  const lc2 = learningCurve(new NearestCentroid(), Xc, yc, { cv: 3, trainSizes: [3, 8, 15, 20] });
  assert.deepEqual(Array.from(lc2.trainSizes), cv.learningCurveCentroid.trainSizes);
  close(lc2.trainScores.dataSync() as Float64Array, cv.learningCurveCentroid.trainScores.flat(), 1e-12, 'lc2 train');
  close(lc2.testScores.dataSync() as Float64Array, cv.learningCurveCentroid.testScores.flat(), 1e-12, 'lc2 test');
  const vc = validationCurve(new Ridge(), Xr, yr, 'alpha', [0.1, 3, 100], { cv: new KFold({ nSplits: 3 }) });
  close(vc.trainScores.dataSync() as Float64Array, cv.validationCurve.trainScores.flat(), 1e-9, 'vc train');
  close(vc.testScores.dataSync() as Float64Array, cv.validationCurve.testScores.flat(), 1e-9, 'vc test');
});

test('learningCurve shuffle: seeded, differs from the unshuffled prefixes, leaves sizes unchanged', () => {
  const a = learningCurve(new Ridge(), Xr, yr, { cv: 4, trainSizes: [5, 10], shuffle: true, randomState: 0 });
  const b = learningCurve(new Ridge(), Xr, yr, { cv: 4, trainSizes: [5, 10], shuffle: true, randomState: 0 });
  const c = learningCurve(new Ridge(), Xr, yr, { cv: 4, trainSizes: [5, 10] });
  assert.deepEqual(Array.from(a.testScores.dataSync()), Array.from(b.testScores.dataSync()));
  assert.notDeepEqual(Array.from(a.testScores.dataSync()), Array.from(c.testScores.dataSync()));
});

test('each fold fits a clone: the given estimator stays unfitted; explicit splits are accepted', () => {
  const est = new Ridge();
  const splits: Split[] = [{ train: Int32Array.from({ length: 30 }, (_, i) => i), test: Int32Array.from({ length: 10 }, (_, i) => 30 + i) }];
  const s = crossValScore(est, Xr, yr, { cv: splits });
  assert.equal(s.length, 1);
  assert.equal(est.coef, null);
  const manual = new Ridge().fit(tensor(d.Xr.slice(0, 30), { dtype: 'float64' }), tensor(d.yr.slice(0, 30), { dtype: 'float64' }));
  close(s, [manual.score(tensor(d.Xr.slice(30), { dtype: 'float64' }), tensor(d.yr.slice(30), { dtype: 'float64' }))], 1e-12, 'explicit split');
});

test('scorer registry: unknown names list the valid ones; registerScorer and makeScorer add new ones', () => {
  assert.throws(() => getScorer('nope'), (e) => e instanceof ValueError && /'nope'/.test(e.message) && /neg_mean_squared_error/.test(e.message));
  registerScorer('test_neg_max_error', makeScorer((y, p) => {
    const a = y as unknown as { dataSync(): Float64Array }, b = p as unknown as { dataSync(): Float64Array };
    return Math.max(...Array.from(a.dataSync(), (v, i) => Math.abs(v - b.dataSync()[i])));
  }, { greaterIsBetter: false }));
  const s = crossValScore(new Ridge(), Xr, yr, { cv: 3, scoring: 'test_neg_max_error' });
  assert.ok(s.every((v) => v < 0));
});

test('errorScore: failed folds score NaN (scikit-learn default) or raise; all folds failing is an error', () => {
  let calls = 0;
  const flaky = (e: { score?: (X: never, y: never) => number }, X: unknown, y: unknown) => {
    if (calls++ === 1) throw new Error('boom');
    return (e.score as (a: unknown, b: unknown) => number)(X, y);
  };
  const s = crossValScore(new Ridge(), Xr, yr, { cv: 3, scoring: flaky });
  assert.ok(Number.isNaN(s[1]) && !Number.isNaN(s[0]) && !Number.isNaN(s[2]));
  calls = 0;
  assert.equal(crossValScore(new Ridge(), Xr, yr, { cv: 3, scoring: flaky, errorScore: -1 })[1], -1);
  calls = 0;
  assert.throws(() => crossValScore(new Ridge(), Xr, yr, { cv: 3, scoring: flaky, errorScore: 'raise' }), /boom/);
  assert.throws(() => crossValScore(new Ridge(), Xr, yr, { cv: 3, scoring: () => { throw new Error('always'); } }), (e) => e instanceof ValueError && /all the 3 fits failed/.test(e.message));
  // learningCurve: a fit failing on a tiny training set scores NaN there only
  class PickyRidge extends Ridge {
    override fit(X: Parameters<Ridge['fit']>[0], y: Parameters<Ridge['fit']>[1]): this {
      if (numSamples(X) < 5) throw new Error('too few samples');
      return super.fit(X, y);
    }
  }
  const picky = new PickyRidge();
  const lc = learningCurve(picky, Xr, yr, { cv: 3, trainSizes: [2, 10] });
  const ts = Array.from(lc.testScores.dataSync() as Float64Array);
  assert.ok(ts.slice(0, 3).every(Number.isNaN) && ts.slice(3).every((v) => !Number.isNaN(v)));
});

test('cross-validation: bad input gets typed errors', () => {
  assert.throws(() => crossValScore(new Ridge(), Xr, tensor([1, 2, 3], { dtype: 'float64' })), (e) => e instanceof ShapeError && /40 and 3/.test(e.message));
  assert.throws(() => crossValPredict(new Ridge(), Xr, yr, { cv: [{ train: Int32Array.of(0, 1), test: Int32Array.of(2) }] }), (e) => e instanceof ValueError && /partition/.test(e.message));
  assert.throws(() => crossValScore(new Ridge(), Xr, yr, { cv: [{ train: Int32Array.of(0, 99), test: Int32Array.of(2) }] }), (e) => e instanceof ValueError && /index 99/.test(e.message));
  assert.throws(() => crossValPredict(new Ridge(), Xr, yr, { method: 'predictProba' }), (e) => e instanceof ValueError && /predictProba/.test(e.message));
});
