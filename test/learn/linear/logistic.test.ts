// LogisticRegression against scikit-learn (fixtures: tools/parity_learn/linear.py). Both sides run
// with tol 1e-10 so the optimisers reach the same optimum: coefficients to 1e-4 (lbfgs), probabilities to 1e-6.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogisticRegression, type LogisticRegressionOptions } from '../../../src/learn/linear/index.js';
import { ValueError, NotFittedError } from '../../../src/tensor/errors.js';
import { FIX, dataset, maxDiff, nested } from './data.js';

type Case = { params: LogisticRegressionOptions; data: string; coef: number[][]; intercept: number[]; proba: number[][]; decision: number[][]; predict: number[]; score: number };

for (const c of FIX.logistic as Case[]) {
  const saga = c.params.solver === 'saga';
  test(`LogisticRegression ${JSON.stringify(c.params)} on ${c.data} matches scikit-learn`, () => {
    const { X, y } = dataset(c.data);
    const clf = new LogisticRegression(c.params).fit(X, y);
    const coefTol = saga ? 2e-3 : 1e-4, probTol = saga ? 1e-4 : 1e-6;
    // unpenalised on iris (setosa is separable) the loss is flat along a direction going to infinity:
    // both optimisers stop somewhere on it, so only the probabilities (equal to ~1e-30) are compared
    const flatOptimum = c.params.penalty === 'none';
    const dc = flatOptimum ? 0 : maxDiff(nested(clf.coef), c.coef), di = flatOptimum ? 0 : maxDiff(nested(clf.intercept), c.intercept);
    assert.ok(dc <= coefTol && di <= coefTol, `coef differs by ${dc}, intercept by ${di}`);
    const dp = maxDiff(nested(clf.predictProba(X.slice(0, 20))), c.proba);
    assert.ok(dp <= probTol, `proba differs by ${dp}`);
    const dec = nested(clf.decisionFunction(X.slice(0, 20)));
    if (!flatOptimum) assert.ok(maxDiff(Array.isArray((dec as unknown[])[0]) ? dec : [dec], c.decision) <= coefTol * 10);
    assert.ok(Math.abs(clf.score(X, y) - c.score) <= (saga ? 0.01 : 1e-9), `score ${clf.score(X, y)} vs ${c.score}`);
    if (c.params.penalty === 'l1') {
      const flat = (nested(clf.coef) as number[][]).flat(), ref = c.coef.flat();
      assert.deepEqual(flat.map((v) => v === 0), ref.map((v) => v === 0), 'L1 zeros where scikit-learn has them');
    }
  });
}

test('LogisticRegression: bad options and states are typed errors', () => {
  const X = [[0], [1], [2], [3]], y = [0, 0, 1, 1];
  assert.throws(() => new LogisticRegression().predict(X), NotFittedError);
  assert.throws(() => new LogisticRegression({ penalty: 'l1' }).fit(X, y), (e: Error) => e instanceof ValueError && /saga/.test(e.message));
  assert.throws(() => new LogisticRegression().fit(X, [1, 1, 1, 1]), (e: Error) => e instanceof ValueError && /one class/.test(e.message));
  assert.throws(() => new LogisticRegression({ C: 0 }).fit(X, y), ValueError);
  const clf = new LogisticRegression().fit(X, y);
  const lp = nested(clf.predictLogProba(X)) as number[][], p = nested(clf.predictProba(X)) as number[][];
  assert.ok(maxDiff(lp, p.map((r) => r.map(Math.log))) < 1e-15);
  assert.deepEqual(nested(clf.predict(X)), y);
});
