import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BaseClassifier, BaseEstimator, BaseRegressor, checkFitted, toMatrix, toVector, type ArrayInput } from '../../src/learn/base.js';
import { NotFittedError, ShapeError, ValueError, Tensor, tensor } from '../../src/index.js';

interface MeanOpts { shift: number; inner: BaseEstimator<{ k: number }> | null }
class Inner extends BaseEstimator<{ k: number }> {
  constructor(o: Partial<{ k: number }> = {}) { super({ k: 1, ...o }); }
}
// A regressor that predicts the training mean plus a shift.
class MeanRegressor extends BaseRegressor<MeanOpts> {
  mean: number | null = null;
  constructor(o: Partial<MeanOpts> = {}) { super({ shift: 0, inner: null, ...o }); }
  fit(_X: ArrayInput, y: ArrayInput): this {
    const v = toVector(y).dataSync();
    let s = 0;
    for (const x of v) s += x;
    this.mean = s / v.length;
    return this;
  }
  predict(X: ArrayInput): Tensor {
    const m = checkFitted(this, this.mean);
    const n = toMatrix(X).shape[0];
    return tensor(new Float64Array(n).fill(m + this.params.shift));
  }
}
class Constant extends BaseClassifier<{ label: number }> {
  constructor(o: Partial<{ label: number }> = {}) { super({ label: 0, ...o }); }
  fit(): this { return this; }
  predict(X: ArrayInput): Tensor { return tensor(new Float64Array(toMatrix(X).shape[0]).fill(this.params.label)); }
}

test('getParams, setParams with nested names, clone', () => {
  const est = new MeanRegressor({ shift: 2, inner: new Inner({ k: 5 }) });
  assert.deepEqual({ ...est.getParams(), inner: null }, { shift: 2, inner: null, inner__k: 5 });
  est.setParams({ shift: 3, inner__k: 7 });
  assert.equal(est.getParams().inner__k, 7);
  const c = est.clone();
  assert.notEqual(c, est);
  assert.notEqual(c.getParams().inner, est.getParams().inner);
  assert.equal(c.getParams().inner__k, 7);
  assert.equal(c.mean, null);
  assert.throws(() => est.setParams({ nope: 1 }), (e: unknown) => e instanceof ValueError && /invalid parameter 'nope'.*shift, inner/.test(e.message));
});

test('NotFittedError before fit, then R² and accuracy scores', () => {
  const est = new MeanRegressor();
  assert.throws(() => est.predict([[1]]), (e: unknown) => e instanceof NotFittedError && /MeanRegressor is not fitted/.test(e.message));
  est.fit([[0], [0], [0]], [1, 2, 3]);
  assert.equal(est.score([[0], [0], [0]], [1, 2, 3]), 0); // predicting the mean scores 0
  assert.equal(new Constant({ label: 1 }).score([[0], [0], [0], [0]], [1, 0, 1, 1]), 0.75);
});

test('input validation names the argument', () => {
  assert.throws(() => toMatrix([1, 2, 3]), (e: unknown) => e instanceof ShapeError && /X: expected a 2-D array/.test(e.message));
  assert.throws(() => toMatrix([[1, NaN]]), (e: unknown) => e instanceof ValueError && /X: contains NaN/.test(e.message));
  assert.equal(toMatrix([[1, NaN]], 'X', { allowNaN: true }).shape[1], 2);
  assert.throws(() => toVector([[1, 2]]), (e: unknown) => e instanceof ShapeError && /y: expected a 1-D array/.test(e.message));
  assert.throws(() => new Constant().score([[1], [2]], [1]), (e: unknown) => e instanceof ShapeError && /inconsistent numbers of samples: 2 and 1/.test(e.message));
});
