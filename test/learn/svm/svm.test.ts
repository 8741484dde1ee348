import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SVC, SVR, LinearSVC } from '../../../src/learn/svm/index.js';
import { NotFittedError, ShapeError, ValueError } from '../../../src/tensor/errors.js';
import { loadScaled } from './data.js';

const arr = (t: { dataSync(): ArrayLike<number> }): number[] => Array.from(t.dataSync());

test('SVC: a user kernel function and a Gram-block function give the named kernel\'s model', () => {
  const { x, y } = loadScaled('iris');
  const named = new SVC({ kernel: 'linear', tol: 1e-7 }).fit(x, y);
  const fn = new SVC({ kernel: (a, b) => a.reduce((s, v, i) => s + v * b[i], 0), tol: 1e-7 }).fit(x, y);
  const gram = new SVC({
    kernel: { gram: (A, nA, B, nB, p) => { const o = new Float64Array(nA * nB); for (let i = 0; i < nA; i++) for (let j = 0; j < nB; j++) { let s = 0; for (let k = 0; k < p; k++) s += A[i * p + k] * B[j * p + k]; o[i * nB + j] = s; } return o; } },
    tol: 1e-7,
  }).fit(x, y);
  for (const m of [fn, gram]) {
    assert.deepEqual(arr(m.support), arr(named.support));
    const a = arr(m.decisionFunction(x)), b = arr(named.decisionFunction(x));
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-6, `${v} vs ${b[i]}`));
  }
  assert.throws(() => fn.toJSON(), /cannot be saved/);
});

test('SVC: a tiny kernel cache (LRU of columns) gives the same model as the full table', () => {
  const { x, y } = loadScaled('breast_cancer');
  const big = new SVC({ C: 3 }).fit(x, y);
  const small = new SVC({ C: 3, cacheSize: 0.01 }).fit(x, y);
  assert.deepEqual(arr(small.support), arr(big.support));
  assert.deepEqual(arr(small.decisionFunction(x)), arr(big.decisionFunction(x)));
});

test('SVC: binary decision sign matches predict; ovr shape; maxIter stops early with fitStatus 1', () => {
  const { x, y } = loadScaled('breast_cancer');
  const m = new SVC().fit(x, y);
  const d = arr(m.decisionFunction(x)), p = arr(m.predict(x));
  d.forEach((v, i) => assert.equal(p[i], v > 0 ? 1 : 0));
  assert.equal(m.fitStatus, 0);
  assert.equal(new SVC({ maxIter: 5 }).fit(x, y).fitStatus, 1);
  const iris = loadScaled('iris');
  const k = new SVC().fit(iris.x, iris.y);
  assert.deepEqual(k.decisionFunction(iris.x).shape, [150, 3]);
  // ovr: the arg-max of votes + confidences is the predicted class.
  const dv = arr(k.decisionFunction(iris.x)), pv = arr(k.predict(iris.x));
  for (let i = 0; i < 150; i++) assert.equal(pv[i], dv.slice(i * 3, i * 3 + 3).indexOf(Math.max(...dv.slice(i * 3, i * 3 + 3))));
});

test('SVC: class weights and sample weights scale C', () => {
  const { x, y } = loadScaled('iris');
  const a = new SVC({ classWeight: { 0: 2, 1: 2, 2: 2 } }).fit(x, y);
  const b = new SVC({ C: 2 }).fit(x, y);
  const c = new SVC().fit(x, y, new Array(150).fill(2));
  assert.deepEqual(arr(a.dualCoef), arr(b.dualCoef));
  assert.deepEqual(arr(c.dualCoef), arr(b.dualCoef));
});

test('SVC probabilities sum to one and are deterministic under randomState', () => {
  const { x, y } = loadScaled('wine');
  const p1 = arr(new SVC({ probability: true, randomState: 3 }).fit(x, y).predictProba(x));
  const p2 = arr(new SVC({ probability: true, randomState: 3 }).fit(x, y).predictProba(x));
  assert.deepEqual(p1, p2);
  for (let i = 0; i < p1.length; i += 3) assert.ok(Math.abs(p1[i] + p1[i + 1] + p1[i + 2] - 1) < 1e-9);
});

test('SVMs: bad options and inputs are typed errors naming the argument', () => {
  const X = [[0, 1], [1, 0], [1, 1], [0, 0]], y = [0, 1, 1, 0];
  assert.throws(() => new SVC().predict(X), NotFittedError);
  assert.throws(() => new SVR().predict(X), NotFittedError);
  assert.throws(() => new LinearSVC().predict(X), NotFittedError);
  assert.throws(() => new SVC({ C: 0 }).fit(X, y), /C must be > 0/);
  assert.throws(() => new SVC({ kernel: 'cubic' as 'rbf' }).fit(X, y), /kernel must be one of/);
  assert.throws(() => new SVC({ gamma: -1 }).fit(X, y), /gamma/);
  assert.throws(() => new SVC().fit(X, [1, 1, 1, 1]), ValueError);
  assert.throws(() => new SVC().fit(X, [0, 1]), ShapeError);
  assert.throws(() => new SVC().fit(X, y).predictProba(X), /probability: true/);
  assert.throws(() => new SVC({ kernel: 'precomputed' }).fit(X, y), /square/);
  assert.throws(() => new SVC().fit(X, y).predict([[1, 2, 3]]), ShapeError);
  assert.throws(() => new SVR({ epsilon: -1 }).fit(X, [0.1, 0.2, 0.3, 0.4]), /epsilon/);
  assert.throws(() => new LinearSVC({ loss: 'log' as 'hinge' }).fit(X, y), /loss/);
  assert.throws(() => new LinearSVC().fit(X, [2, 2, 2, 2]), /at least 2 classes/);
});

test('SVR: a linear target is fitted inside the tube (up to the stopping tolerance)', () => {
  const X = Array.from({ length: 40 }, (_, i) => [i / 10, Math.sin(i)]);
  const y = X.map((r) => 2 * r[0] - r[1] + 0.5);
  const m = new SVR({ kernel: 'linear', C: 100, epsilon: 0.01 }).fit(X, y);
  arr(m.predict(X)).forEach((v, i) => assert.ok(Math.abs(v - y[i]) <= 0.01 + 2e-3, `${v} vs ${y[i]}`));
});
