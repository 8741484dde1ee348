import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lasso, ElasticNet } from '../../../src/learn/linear/index.js';
import { getBackend, setBackend } from '../../../src/backend/index.js';
import { loadNative } from '../../../src/backend/native/load.js';
import { tensor } from '../../../src/tensor/creation.js';

const hasSweep = 'addon' in loadNative() && typeof (loadNative() as { addon: { enetSweep?: unknown } }).addon.enetSweep === 'function';

function data(n: number, p: number): { X: number[][]; y: number[] } {
  let s = 11;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const X = Array.from({ length: n }, () => Array.from({ length: p }, () => rnd() * 2 - 1));
  const y = X.map((r) => 3 * r[0] - 2 * r[1] + 0.5 * r[3] + 0.1 * (rnd() - 0.5));
  return { X, y };
}

test('coordinate descent: the native sweep gives the TypeScript loop\'s model (cyclic, random, positive, elastic net)', { skip: !hasSweep && 'addon lacks enetSweep' }, () => {
  const { X, y } = data(301, 9); // n not a multiple of the vector width
  const Xt = tensor(X, { dtype: 'float64' }), yt = tensor(y, { dtype: 'float64' });
  const before = getBackend();
  const fits = (backend: 'native' | 'js'): number[][] => {
    setBackend(backend);
    try {
      return [
        new Lasso({ alpha: 0.01 }), new Lasso({ alpha: 0.01, selection: 'random', randomState: 3 }),
        new Lasso({ alpha: 0.05, positive: true }), new ElasticNet({ alpha: 0.02, l1Ratio: 0.3, tol: 1e-8 }),
      ].map((m) => { m.fit(Xt, yt); return [...Array.from(m.coef.dataSync()), ...(m.nIter as number[])]; });
    } finally { setBackend(before); }
  };
  const a = fits('native'), b = fits('js');
  a.forEach((row, r) => row.forEach((v, i) => assert.ok(Math.abs(v - b[r][i]) < 1e-9, `model ${r} entry ${i}: ${v} vs ${b[r][i]}`)));
});

test('native enetSweep: bounds-checked arguments (RangeError)', { skip: !hasSweep && 'addon lacks enetSweep' }, () => {
  const f = (loadNative() as unknown as { addon: { enetSweep: (...a: unknown[]) => void } }).addon.enetSweep;
  const n = 5, p = 2;
  const xt = new Float64Array(n * p).fill(1), R = new Float64Array(n), w = new Float64Array(p), nc = new Float64Array(p).fill(n), out = new Float64Array(2);
  const args = (nn = n, pp = p, nFeat = p): Float64Array => new Float64Array([nn, pp, 0.1, 0, 0, nFeat]);
  assert.throws(() => f(xt, R, w, nc, Int32Array.from([0, 2]), args(), out), RangeError);
  assert.throws(() => f(xt, R, w, nc, Int32Array.from([0, 1]), args(6), out), RangeError);
  assert.throws(() => f(xt, new Float64Array(4), w, nc, Int32Array.from([0, 1]), args(), out), RangeError);
  assert.throws(() => f(xt, R, new Float64Array(1), nc, Int32Array.from([0, 1]), args(), out), RangeError);
  assert.throws(() => f(xt, R, w, nc, Int32Array.from([0]), args(n, p, 2), out), RangeError);
  assert.throws(() => f(xt, R, w, nc, Int32Array.from([0, 1]), args(), new Float64Array(1)), RangeError);
  assert.throws(() => f(xt, R, w, nc, Float64Array.from([0, 1]), args(), out), RangeError);
  assert.throws(() => f(xt, R, w, nc, Int32Array.from([0, 1]), new Float64Array([n, p, 0.1, 0, 0, 1.5]), out), RangeError);
});
