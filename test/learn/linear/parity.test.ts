// scikit-learn parity of the least-squares family (fixtures: tools/parity_learn/linear.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LinearRegression, Ridge, Lasso, ElasticNet, lassoPath } from '../../../src/learn/linear/index.js';
import { FIX, dataset, maxDiff, nested } from './data.js';

type Case = { estimator: string; params: Record<string, unknown>; data: string; multi: boolean; coef: unknown; intercept: unknown; predict: unknown };
const MAKERS: Record<string, (p: Record<string, unknown>) => LinearRegression | Ridge | Lasso | ElasticNet> = {
  LinearRegression: (p) => new LinearRegression(p),
  Ridge: (p) => new Ridge(p),
  Lasso: (p) => new Lasso(p),
  ElasticNet: (p) => new ElasticNet(p),
};

for (const c of FIX.regression as Case[]) {
  test(`${c.estimator} ${JSON.stringify(c.params)} on ${c.data}${c.multi ? ' (2 targets)' : ''} matches scikit-learn to 1e-6`, () => {
    const { X, y } = dataset(c.data);
    const Y = c.multi ? y.map((v, i) => [v, 0.5 * v + 100 * X[i][0]]) : y;
    const est = MAKERS[c.estimator](c.params);
    const fitted = est.fit(X, Y);
    const scale = Math.max(1, ...(JSON.stringify(c.coef).match(/-?[\d.e+-]+/g) ?? []).map((s) => Math.abs(Number(s))));
    assert.ok(maxDiff(nested(est.coef), c.coef) <= 1e-6 * scale, `coef ${JSON.stringify(nested(est.coef))} vs ${JSON.stringify(c.coef)}`);
    assert.ok(maxDiff(nested(est.intercept), c.intercept) <= 1e-6 * Math.max(1, scale), 'intercept');
    assert.ok(maxDiff(nested(fitted.predict(X.slice(0, 5))), c.predict) <= 1e-6 * Math.max(1, scale), 'predict');
    if (c.estimator === 'Lasso' || c.estimator === 'ElasticNet' || c.params.positive === true) {
      // L1 / non-negativity: exact zeros exactly where scikit-learn has them
      const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
      assert.deepEqual(flat(nested(est.coef)).map((v) => v === 0), flat(c.coef).map((v) => v === 0));
    }
  });
}

test('lassoPath: alphas, coefficients to 1e-6 and zeros exactly where scikit-learn has them', () => {
  for (const p of FIX.paths) {
    const { X, y } = dataset(p.data);
    const n = X.length, m = X[0].length;
    const mean = Array.from({ length: m }, (_, j) => X.reduce((s, r) => s + r[j], 0) / n);
    const ym = y.reduce((s, v) => s + v, 0) / n;
    const r = lassoPath(X.map((row) => row.map((v, j) => v - mean[j])), y.map((v) => v - ym), { nAlphas: p.nAlphas, eps: p.eps });
    assert.ok(maxDiff(r.alphas, p.alphas) < 1e-9);
    const coefs = nested(r.coefs) as number[][];
    assert.ok(maxDiff(coefs, p.coefs) < 1e-6 * 1000, `path coefs differ by ${maxDiff(coefs, p.coefs)}`);
    // zeros where scikit-learn has them; at alphaMax the entering feature sits exactly on the threshold
    // and scikit-learn's BLAS round-off leaves it at ~1e-13, so entries below 1e-10 count as zero
    assert.deepEqual(coefs.map((row) => row.map((v) => Math.abs(v) < 1e-10)), (p.coefs as number[][]).map((row) => row.map((v) => Math.abs(v) < 1e-10)));
    assert.ok(coefs.flat().filter((v) => v === 0).length >= (p.coefs as number[][]).flat().filter((v) => v === 0).length);
  }
});
