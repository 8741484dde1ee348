// Behaviour of the least-squares family beyond parity: gradient-descent modes, options, errors, save/load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LinearRegression, Ridge, Lasso, ElasticNet, LogisticRegression, SGDClassifier } from '../../../src/learn/linear/index.js';
import { estimatorFromJSON } from '../../../src/learn/persist.js';
import { NotFittedError, ShapeError, ValueError } from '../../../src/tensor/errors.js';
import { dataset, maxDiff, nested } from './data.js';

const { X: XD, y: yD } = dataset('diabetesStd');

test('LinearRegression gd: batch, mini-batch and stochastic reach the least-squares solution; the loss curve falls', () => {
  const exact = new LinearRegression().fit(XD, yD);
  const pred = nested(exact.predict(XD)) as number[];
  const best = pred.reduce((s, v, i) => s + (v - yD[i]) ** 2, 0) / (2 * yD.length);
  // batch GD reaches the exact solution (diabetes is ill-conditioned: many epochs)
  const batch = new LinearRegression({ solver: 'gd', learningRate: 0.3, maxIter: 20000, tol: 0 }).fit(XD, yD);
  assert.ok(maxDiff(nested(batch.coef), nested(exact.coef)) < 1e-6);
  // noisy steps: within 1% of the optimal loss
  for (const [batchSize, lr, iters] of [[null, 0.1, 2000], [32, 0.02, 400], [1, 0.001, 100]] as const) {
    const gd = new LinearRegression({ solver: 'gd', batchSize, learningRate: lr, maxIter: iters, tol: 0, randomState: 0 }).fit(XD, yD);
    const curve = gd.lossCurve as number[];
    assert.equal(curve.length, gd.nIter);
    assert.ok(curve[curve.length - 1] < curve[0]);
    assert.ok(curve[curve.length - 1] <= best * 1.01, `batchSize ${batchSize}: loss ${curve[curve.length - 1]} vs optimum ${best}`);
  }
  const a = new LinearRegression({ solver: 'gd', batchSize: 8, maxIter: 5, randomState: 3 }).fit(XD, yD);
  const b = new LinearRegression({ solver: 'gd', batchSize: 8, maxIter: 5, randomState: 3 }).fit(XD, yD);
  assert.deepEqual(nested(a.coef), nested(b.coef));
  assert.throws(() => new LinearRegression({ solver: 'gd', learningRate: 10, maxIter: 200 }).fit(XD, yD), (e: Error) => e instanceof ValueError && /diverged/.test(e.message));
});

test('LinearRegression: stops early on tol; rank-deficient X gives the minimum-norm solution', () => {
  const gd = new LinearRegression({ solver: 'gd', learningRate: 0.1, maxIter: 100000, tol: 1e-9 }).fit(XD, yD);
  assert.ok((gd.nIter as number) < 100000);
  const X = [[1, 1], [2, 2], [3, 3]], y = [2, 4, 6];
  assert.ok(maxDiff(nested(new LinearRegression({ fitIntercept: false }).fit(X, y).coef), [1, 1]) < 1e-12);
});

test('Ridge: alpha 0 equals least squares; cholesky and svd agree; alpha list length is checked', () => {
  const ls = nested(new LinearRegression().fit(XD, yD).coef);
  assert.ok(maxDiff(nested(new Ridge({ alpha: 0 }).fit(XD, yD).coef), ls) < 1e-8);
  const c = nested(new Ridge({ alpha: 3, solver: 'cholesky' }).fit(XD, yD).coef), s = nested(new Ridge({ alpha: 3, solver: 'svd' }).fit(XD, yD).coef);
  assert.ok(maxDiff(c, s) < 1e-9);
  assert.throws(() => new Ridge({ alpha: [1, 2] }).fit(XD, yD), ValueError);
  assert.throws(() => new Ridge({ alpha: -1 }).fit(XD, yD), ValueError);
  assert.throws(() => new Ridge({ solver: 'qr' as 'svd' }).fit(XD, yD), (e: Error) => e instanceof ValueError && /solver/.test(e.message));
});

test('Lasso: large alpha zeroes every coefficient; warm start converges in fewer sweeps; random selection is seeded', () => {
  assert.ok((nested(new Lasso({ alpha: 1e6 }).fit(XD, yD).coef) as number[]).every((v) => v === 0));
  const cold = new Lasso({ alpha: 0.5, tol: 1e-8 }).fit(XD, yD);
  const warm = new Lasso({ alpha: 0.5, tol: 1e-8, warmStart: true });
  warm.fit(XD, yD);
  warm.fit(XD, yD);
  assert.ok((warm.nIter as number[])[0] < (cold.nIter as number[])[0]);
  assert.ok(maxDiff(nested(warm.coef), nested(cold.coef)) < 1e-6);
  const r1 = new ElasticNet({ alpha: 0.1, selection: 'random', randomState: 1 }).fit(XD, yD), r2 = new ElasticNet({ alpha: 0.1, selection: 'random', randomState: 1 }).fit(XD, yD);
  assert.deepEqual(nested(r1.coef), nested(r2.coef));
  assert.ok(!('l1Ratio' in new Lasso().getParams()));
  assert.throws(() => new Lasso().setParams({ l1Ratio: 0.5 }), ValueError);
  assert.throws(() => new ElasticNet({ l1Ratio: 2 }).fit(XD, yD), ValueError);
});

test('linear models: NotFittedError before fit, ShapeError on a wrong feature count, exact JSON round trip', () => {
  const makers = [() => new LinearRegression(), () => new Ridge(), () => new Lasso({ alpha: 0.1 }), () => new ElasticNet({ alpha: 0.1 })];
  for (const make of makers) {
    assert.throws(() => make().predict(XD), NotFittedError);
    const m = make().fit(XD, yD);
    assert.throws(() => m.predict([[1, 2, 3]]), ShapeError);
    const back = estimatorFromJSON(JSON.parse(JSON.stringify(m.toJSON()))) as typeof m;
    assert.equal(back.constructor, m.constructor);
    assert.deepEqual(nested(back.predict(XD)), nested(m.predict(XD)));
  }
  const { X, y } = dataset('iris');
  for (const m of [new LogisticRegression().fit(X, y), new SGDClassifier({ randomState: 0 }).fit(X, y)]) {
    const back = estimatorFromJSON(JSON.parse(JSON.stringify(m.toJSON()))) as typeof m;
    assert.deepEqual(nested(back.decisionFunction(X)), nested(m.decisionFunction(X)));
  }
});

test('loadBoston: 506 × 13 raw features and the MEDV target, as the CSV', async () => {
  const { loadBoston } = await import('../../../src/data/tabular.js');
  const b = loadBoston();
  assert.deepEqual(b.data.shape, [506, 13]);
  assert.deepEqual(Array.from(b.data.dataSync()).slice(0, 13), [0.00632, 18, 2.31, 0, 0.538, 6.575, 65.2, 4.09, 1, 296, 15.3, 396.9, 4.98]);
  assert.equal(b.target.dataSync()[0], 24);
  assert.equal(b.featureNames[12], 'LSTAT');
});
