import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LinearDiscriminantAnalysis, type LDAOptions } from '../../../src/learn/decomposition/index.js';
import { NotFittedError, ValueError } from '../../../src/tensor/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { dataset, maxDiff, readFixture } from '../cluster/fixture.js';

interface LCase { data: string; opts: Record<string, unknown>; coef: number[][]; intercept: number[]; means: number[][]; evr: number[]; proba: number[][]; predict: number[]; transform: number[][]; score: number }
const fx = readFixture<{ data: Record<string, number[][]>; target: Record<string, number[]>; lda: LCase[] }>('decomposition');
const rel = (a: ArrayLike<number>, b: number[]): number => maxDiff(a, b) / Math.max(1, ...b.map(Math.abs));

for (const c of fx.lda) {
  test(`LinearDiscriminantAnalysis parity ${c.data} ${JSON.stringify(c.opts)}`, () => {
    const o = c.opts;
    const opts: LDAOptions = { solver: o.solver as 'svd' | 'eigen', shrinkage: (o.shrinkage as LDAOptions['shrinkage']) ?? null, nComponents: (o.n_components as number | undefined) ?? null, priors: (o.priors as number[] | undefined) ?? null };
    const X = dataset(c.data, fx.data), y = fx.target[c.data];
    const m = new LinearDiscriminantAnalysis(opts).fit(X, y);
    assert.ok(rel(m.coef!.dataSync(), c.coef.flat()) < 1e-6, `coef ${rel(m.coef!.dataSync(), c.coef.flat())}`);
    assert.ok(rel(m.intercept!.dataSync(), c.intercept) < 1e-6, 'intercept');
    assert.ok(rel(m.means!.dataSync(), c.means.flat()) < 1e-9, 'means');
    assert.ok(rel(m.explainedVarianceRatio!.dataSync(), c.evr) < 1e-6, 'explainedVarianceRatio');
    const p = X.shape[1];
    const x20 = new Tensor((X.dataSync() as Float64Array).slice(0, 20 * p), [20, p], 'float64');
    assert.ok(maxDiff(m.predictProba(x20).dataSync(), c.proba.flat()) < 1e-6, 'predictProba');
    assert.deepEqual(Array.from(m.predict(X).dataSync()), c.predict);
    assert.ok(Math.abs(m.score(X, y) - c.score) < 1e-12);
    const k = c.transform[0].length;
    const T = Array.from(m.transform(new Tensor((X.dataSync() as Float64Array).slice(0, 10 * p), [10, p], 'float64')).dataSync());
    assert.equal(T.length, 10 * k);
    for (let j = 0; j < k; j++) {
      // discriminant directions are unique up to sign (LAPACK's choice in scikit-learn, svd_flip's in nabla)
      const sgn = Math.sign(T[j]) !== Math.sign(c.transform[0][j]) ? -1 : 1;
      for (let i = 0; i < 10; i++) assert.ok(Math.abs(sgn * T[i * k + j] - c.transform[i][j]) < 1e-6 * Math.max(1, Math.abs(c.transform[i][j])), `transform [${i}, ${j}]`);
    }
  });
}

test('LinearDiscriminantAnalysis: errors and round-trip', () => {
  const X = dataset('iris', fx.data), y = fx.target.iris;
  assert.throws(() => new LinearDiscriminantAnalysis().predict(X), NotFittedError);
  assert.throws(() => new LinearDiscriminantAnalysis().fit(X, y.map(() => 1)), ValueError);
  assert.throws(() => new LinearDiscriminantAnalysis({ shrinkage: 'auto' }).fit(X, y), ValueError);
  assert.throws(() => new LinearDiscriminantAnalysis({ nComponents: 3 }).fit(X, y), ValueError);
  const m = new LinearDiscriminantAnalysis().fit(X, y);
  const back = LinearDiscriminantAnalysis.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  assert.deepEqual(Array.from(back.predictProba(X).dataSync()), Array.from(m.predictProba(X).dataSync()));
  assert.deepEqual(Array.from(back.transform(X).dataSync()), Array.from(m.transform(X).dataSync()));
});
