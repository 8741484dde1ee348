import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../../src/tensor/creation.js';
import { getRngState } from '../../../src/tensor/random.js';
import { NotFittedError, ValueError } from '../../../src/tensor/errors.js';
import { GridSearchCV, RandomizedSearchCV, KFold, parameterGrid, parameterSampler, uniform, logUniform, randint, crossValScore } from '../../../src/learn/modelSelection/index.js';
import { Pipeline, makePipeline } from '../../../src/learn/pipeline.js';
import { NearestCentroid, Ridge, Scaler } from './estimators.js';
import { close, fixture } from './fixture.js';

const d = fixture.data;
const Xc = tensor(d.Xc, { dtype: 'float64' }), yc = tensor(d.yc, { dtype: 'float64' });
const Xr = tensor(d.Xr, { dtype: 'float64' }), yr = tensor(d.yr, { dtype: 'float64' });
const cv = fixture.cv;

test('parameterGrid: sorted names, last varying fastest, lists of grids in turn', () => {
  assert.deepEqual(parameterGrid({ b: [1, 2], a: ['x', 'y'] }), [{ a: 'x', b: 1 }, { a: 'x', b: 2 }, { a: 'y', b: 1 }, { a: 'y', b: 2 }]);
  assert.deepEqual(parameterGrid([{ k: [1] }, { c: [true, false] }]), [{ k: 1 }, { c: true }, { c: false }]);
  assert.deepEqual(parameterGrid({}), [{}]);
  assert.throws(() => parameterGrid({ a: [] }), (e) => e instanceof ValueError && /'a'/.test(e.message));
});

test('sklearn parity: GridSearchCV over Ridge (alpha × fitIntercept), neg MSE, cv=4, train scores', () => {
  const g = cv.gridRidge;
  const gs = new GridSearchCV(new Ridge(), { alpha: [0.01, 1, 30], fitIntercept: [true, false] }, { cv: 4, scoring: 'neg_mean_squared_error', returnTrainScore: true }).fit(Xr, yr);
  const res = gs.cvResults!;
  assert.deepEqual(res.params, g.params);
  assert.deepEqual(res.paramAlpha, [0.01, 0.01, 1, 1, 30, 30]);
  assert.deepEqual(res.paramFitIntercept, [true, false, true, false, true, false]);
  close(res.meanTestScore!, g.meanTestScore, 1e-9, 'mean');
  close(res.stdTestScore!, g.stdTestScore, 1e-7, 'std');
  assert.deepEqual(Array.from(res.rankTestScore!), g.rankTestScore);
  close(res.meanTrainScore!, g.meanTrainScore, 1e-9, 'train');
  for (let i = 0; i < 4; i++) close(res[`split${i}TestScore`] as Float64Array, g.split[i], 1e-9, `split${i}`);
  assert.equal(gs.bestIndex, g.bestIndex);
  close([gs.bestScore!], [g.bestScore], 1e-9, 'best');
  assert.deepEqual(gs.bestParams, g.params[g.bestIndex]);
  close((gs.bestEstimator as Ridge).coef!, g.bestCoef, 1e-9, 'refit coef');
  close(gs.predict(Xr).dataSync() as Float64Array, (gs.bestEstimator as Ridge).predict(Xr).dataSync() as Float64Array, 0, 'predict delegates');
  assert.ok(res.meanFitTime.every((t) => t >= 0) && res.stdScoreTime.length === 6);
  assert.ok(gs.score(Xr, yr) < 0, 'score uses the search scoring (neg MSE)');
});

test('sklearn parity: GridSearchCV over NearestCentroid with a list of grids (stratified cv=3, accuracy)', () => {
  const gs = new GridSearchCV(new NearestCentroid(), [{ shrinkThreshold: [null] }, { shrinkThreshold: [0.5, 1.0] }], { cv: 3 }).fit(Xc, yc);
  close(gs.cvResults!.meanTestScore!, cv.gridCentroid.meanTestScore, 1e-12, 'mean');
  assert.deepEqual(Array.from(gs.cvResults!.rankTestScore!), cv.gridCentroid.rankTestScore);
  assert.equal(gs.bestIndex, cv.gridCentroid.bestIndex);
});

test('sklearn parity: GridSearchCV over a Pipeline (scaler → ridge) with step__param names', () => {
  const pipe = new Pipeline([['scale', new Scaler()], ['ridge', new Ridge()]]);
  const gs = new GridSearchCV(pipe, { ridge__alpha: [0.1, 10, 100] }, { cv: new KFold({ nSplits: 5 }) }).fit(Xr, yr);
  close(gs.cvResults!.meanTestScore!, cv.gridPipeline.meanTestScore, 1e-9, 'pipeline');
  assert.equal(gs.bestIndex, cv.gridPipeline.bestIndex);
  assert.deepEqual(gs.cvResults!.paramRidgeAlpha, [0.1, 10, 100]);
  assert.equal(pipe.getParams().ridge__alpha, 1, 'the searched pipeline itself is not modified');
  assert.equal((gs.bestEstimator as Pipeline).getParams().ridge__alpha, gs.bestParams!.ridge__alpha);
});

test('sklearn parity: GridSearchCV with two metrics (record), refit by name, train scores', () => {
  const g = cv.gridMulti;
  const gs = new GridSearchCV(new Ridge(), { alpha: [0.1, 3, 50, 0.5] }, { cv: new KFold({ nSplits: 3 }), scoring: { r2: 'r2', mae: 'neg_mean_absolute_error' }, refit: 'mae', returnTrainScore: true }).fit(Xr, yr);
  const res = gs.cvResults!;
  for (const [key, expected] of Object.entries(g as Record<string, number[]>)) {
    if (!Array.isArray(expected)) continue;
    const ours = key.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    assert.ok(ours in res, ours);
    close(res[ours] as Float64Array, expected, 1e-7, ours);
  }
  assert.equal(res.meanTestScore, undefined);
  assert.equal(gs.bestIndex, g.bestIndex);
  close([gs.bestScore!], [g.bestScore], 1e-9, 'best');
  assert.ok(gs.score(Xr, yr) < 0, 'score uses the refit metric (neg MAE)');
  assert.throws(() => new GridSearchCV(new Ridge(), { alpha: [1] }, { scoring: ['r2', 'accuracy'] }).fit(Xr, yr), (e) => e instanceof ValueError && /refit/.test(e.message));
  const norefit = new GridSearchCV(new Ridge(), { alpha: [1, 2] }, { cv: 3, scoring: ['r2', 'max_error'], refit: false }).fit(Xr, yr);
  assert.equal(norefit.bestIndex, null);
  assert.equal(norefit.cvResults!.rankTestMaxError!.length, 2);
});

test('Pipeline: fit/predict/transform/score, params, clone, namedSteps, makePipeline', () => {
  const pipe = new Pipeline([['scale', new Scaler()], ['ridge', new Ridge({ alpha: 2 })]]);
  assert.throws(() => pipe.predict(Xr), NotFittedError);
  pipe.fit(Xr, yr);
  const scaled = new Scaler().fit(Xr).transform(Xr);
  const direct = new Ridge({ alpha: 2 }).fit(scaled, yr);
  close(pipe.predict(Xr).dataSync() as Float64Array, direct.predict(scaled).dataSync() as Float64Array, 1e-12, 'predict');
  close([pipe.score(Xr, yr)], [direct.score(scaled, yr)], 1e-12, 'score');
  const p = pipe.getParams();
  assert.equal(p.ridge__alpha, 2);
  assert.equal(p.ridge__fitIntercept, true);
  assert.ok(p.scale instanceof Scaler);
  pipe.setParams({ ridge__alpha: 5 });
  assert.equal((pipe.namedSteps.ridge as Ridge).getParams().alpha, 5);
  const c = pipe.clone();
  assert.notEqual(c.namedSteps.ridge, pipe.namedSteps.ridge);
  assert.equal(c.getParams().ridge__alpha, 5);
  assert.throws(() => c.predict(Xr), NotFittedError);
  assert.throws(() => pipe.setParams({ lasso__alpha: 1 }), (e) => e instanceof ValueError && /lasso__alpha/.test(e.message));
  assert.throws(() => new Pipeline([['a', new Ridge()], ['b', new Ridge()]]), (e) => e instanceof ValueError && /'a'/.test(e.message));
  assert.throws(() => new Pipeline([['x', new Scaler()], ['x', new Ridge()]]), (e) => e instanceof ValueError && /unique/.test(e.message));
  const t = new Pipeline([['s', new Scaler()], ['id', 'passthrough']]).fit(Xr);
  close(t.transform(Xr).dataSync() as Float64Array, scaled.dataSync() as Float64Array, 0, 'transform');
  assert.deepEqual((makePipeline(new Scaler(), new Scaler(), new Ridge()).getParams(false).steps as [string, unknown][]).map((s) => s[0]), ['scaler-1', 'scaler-2', 'ridge']);
  const cls = makePipeline(new Scaler(), new NearestCentroid());
  assert.equal(cls.estimatorType, 'classifier');
  const acc = crossValScore(cls, Xc, yc, { cv: 3 });
  assert.equal(acc.length, 3);
});

test('RandomizedSearchCV: seeded candidates from lists and distributions, global generator untouched', () => {
  const before = getRngState();
  const space = { alpha: logUniform(1e-3, 1e2), fitIntercept: [true, false] };
  const a = new RandomizedSearchCV(new Ridge(), space, { nIter: 6, randomState: 7, cv: 3 }).fit(Xr, yr);
  assert.deepEqual(getRngState(), before);
  const b = new RandomizedSearchCV(new Ridge(), space, { nIter: 6, randomState: 7, cv: 3 }).fit(Xr, yr);
  assert.deepEqual(a.cvResults!.params, b.cvResults!.params);
  assert.equal(a.cvResults!.params.length, 6);
  for (const p of a.cvResults!.params) assert.ok((p.alpha as number) >= 1e-3 && (p.alpha as number) <= 1e2);
  const best = a.cvResults!.meanTestScore![a.bestIndex!];
  assert.ok(a.cvResults!.meanTestScore!.every((s) => s <= best));
  // all lists: distinct grid points, at most the grid size
  const pts = parameterSampler({ a: [1, 2, 3], b: [0, 1] }, 10, 0);
  assert.equal(pts.length, 6);
  assert.equal(new Set(pts.map((p) => `${p.a},${p.b}`)).size, 6);
  const draws = parameterSampler({ u: uniform(2, 3), r: randint(5, 8) }, 200, 1);
  assert.ok(draws.every((p) => (p.u as number) >= 2 && (p.u as number) <= 5 && [5, 6, 7].includes(p.r as number)));
  assert.deepEqual(new Set(draws.map((p) => p.r)), new Set([5, 6, 7]));
});

test('search: refit false, errorScore, nested cross-validation of a search', () => {
  const gs = new GridSearchCV(new Ridge(), { alpha: [1, 2] }, { cv: 3, refit: false }).fit(Xr, yr);
  assert.equal(gs.bestEstimator, null);
  assert.throws(() => gs.predict(Xr), (e) => e instanceof ValueError && /refit/.test(e.message));
  const failing = new GridSearchCV(new NearestCentroid(), { shrinkThreshold: [null] }, { cv: 3, errorScore: 'raise' });
  assert.throws(() => failing.fit(Xc, tensor(d.yc.slice(0, 5), { dtype: 'float64' })));
  // errorScore (default NaN): a failing fit scores NaN, ranked last, instead of stopping the search.
  const flaky = (e: { getParams(): Record<string, unknown>; score?: (X: never, y: never) => number }, X: unknown, y: unknown) => {
    if (e.getParams().alpha === 2) throw new Error('diverged');
    return (e.score as (a: unknown, b: unknown) => number)(X, y);
  };
  const shaky = new GridSearchCV(new Ridge(), { alpha: [1, 2, 3] }, { cv: 3, scoring: flaky }).fit(Xr, yr);
  assert.ok(Number.isNaN(shaky.cvResults!.meanTestScore![1]));
  assert.equal(shaky.cvResults!.rankTestScore![1], 3);
  assert.notEqual(shaky.bestIndex, 1);
  assert.throws(() => new GridSearchCV(new Ridge(), { alpha: [1, 2] }, { cv: 3, scoring: flaky, errorScore: 'raise' }).fit(Xr, yr), /diverged/);
  const outer = crossValScore(new GridSearchCV(new NearestCentroid(), { shrinkThreshold: [null, 0.5] }, { cv: 3 }), Xc, yc, { cv: 3 });
  assert.equal(outer.length, 3);
  assert.throws(() => new GridSearchCV(new Ridge(), { nope: [1] }, { cv: 3 }).fit(Xr, yr), (e) => e instanceof ValueError && /nope/.test(e.message));
});
