// Saving a fitted GridSearchCV / RandomizedSearchCV: results and the refitted best estimator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../../../src/index.js';
import { GridSearchCV, RandomizedSearchCV } from '../../../src/learn/modelSelection/index.js';
import { Ridge } from '../../../src/learn/linear/index.js';
import { estimatorFromJSON, parseJSON, stringifyJSON } from '../../../src/learn/persist.js';

const X = Array.from({ length: 24 }, (_, i) => [i % 5, Math.cos(i), i / 10]);
const y = X.map(([a, b, c]) => 2 * a - b + 0.5 * c);
const load = <T>(json: unknown): T => estimatorFromJSON(parseJSON(stringifyJSON(json)) as never) as T;

test('a saved search restores its results and predicts as the original', () => {
  const gs = new GridSearchCV(new Ridge(), { alpha: [0.01, 1, 100] }, { cv: 3, scoring: 'r2' }).fit(X, y);
  const back = load<GridSearchCV>(gs.toJSON());
  assert.ok(back instanceof GridSearchCV);
  assert.deepEqual(back.bestParams, gs.bestParams);
  assert.equal(back.bestScore, gs.bestScore);
  assert.deepEqual(back.cvResults?.meanTestScore, gs.cvResults?.meanTestScore);
  assert.deepEqual(back.predict(X).dataSync(), gs.predict(X).dataSync());
  assert.equal(back.score(X, y), gs.score(X, y));
  const rs = new RandomizedSearchCV(new Ridge(), { alpha: [0.1, 1, 10] }, { nIter: 2, cv: 3, randomState: 0 }).fit(X, y);
  assert.deepEqual(load<RandomizedSearchCV>(rs.toJSON()).predict(X).dataSync(), rs.predict(X).dataSync());
});

test('a custom scorer or refit: false cannot be saved (ValueError)', () => {
  const custom = new GridSearchCV(new Ridge(), { alpha: [1, 2] }, { cv: 3, scoring: (est, Xs, ys) => (est.score as (a: unknown, b: unknown) => number)(Xs, ys) }).fit(X, y);
  assert.throws(() => custom.toJSON(), (e: unknown) => e instanceof ValueError && /scoring/.test(e.message));
  const noRefit = new GridSearchCV(new Ridge(), { alpha: [1, 2] }, { cv: 3, refit: false }).fit(X, y);
  assert.throws(() => noRefit.toJSON(), ValueError);
});
