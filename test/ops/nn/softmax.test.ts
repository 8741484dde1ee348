import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import { gradcheck, gradgradcheck } from '../../../src/autograd/gradcheck.js';

const f64 = (...shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-6) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `[${i}] ${a[i]} vs ${b[i]}`);
};

test('softmax: hand-checked values, rows sum to 1, method form', () => {
  const x = nb.tensor([[1, 2, 3], [0, 0, 0]]);
  const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
  const s = e[0] + e[1] + e[2];
  close(nb.softmax(x, 1).dataSync(), [e[0] / s, e[1] / s, e[2] / s, 1 / 3, 1 / 3, 1 / 3]);
  close(x.softmax(-1).dataSync(), nb.softmax(x, 1).dataSync(), 0);
  close(nb.softmax(x, 0).sum(0).dataSync(), [1, 1, 1]);
  close(nb.logSoftmax(x, 1).dataSync(), [1, 2, 3, 0, 0, 0].map((v, i) => (i < 3 ? v - Math.log(s) : -Math.log(3))));
  close(x.logSoftmax(1).exp().dataSync(), nb.softmax(x, 1).dataSync());
});

test('softmax: temperature divides the logits', () => {
  const x = nb.tensor([[1, 2, 3]]);
  close(nb.softmax(x, -1, { temperature: 0.5 }).dataSync(), nb.softmax(nb.mul(x, 2), -1).dataSync());
  close(nb.logSoftmax(x, -1, { temperature: 4 }).dataSync(), nb.logSoftmax(nb.div(x, 4), -1).dataSync());
  assert.throws(() => nb.softmax(x, -1, { temperature: 0 }), nb.ValueError);
});

test('softmax: NaN, -Inf, large logits, 0-d, empty, non-contiguous', () => {
  const y = nb.softmax(nb.tensor([[NaN, 0, 1], [-Infinity, 0, 1000]]), 1).dataSync();
  assert.ok(Number.isNaN(y[0]) && Number.isNaN(y[1]) && Number.isNaN(y[2]));
  close([y[3], y[4], y[5]], [0, 0, 1]);
  assert.equal(nb.softmax(nb.scalar(3), 0).item(), 1);
  assert.deepEqual(nb.softmax(nb.zeros([0, 4]), 1).shape, [0, 4]);
  assert.deepEqual(nb.logSoftmax(nb.zeros([3, 0]), 1).shape, [3, 0]);
  const a = nb.randn([3, 4]);
  close(nb.softmax(a.t(), 0).dataSync(), nb.softmax(a, 1).t().contiguous().dataSync(), 1e-7);
  assert.throws(() => nb.softmax(a, 2), nb.IndexError);
});

test('softmax/logSoftmax: gradcheck and gradgradcheck along inner and outer dims', () => {
  for (const dim of [0, 1, -1]) {
    assert.ok(gradcheck((x) => nb.softmax(x, dim), [f64(2, 3, 2)]));
    assert.ok(gradcheck((x) => nb.logSoftmax(x, dim), [f64(2, 3, 2)]));
  }
  assert.ok(gradcheck((x) => nb.softmax(x, 1, { temperature: 2 }), [f64(2, 3)]));
  assert.ok(gradgradcheck((x) => nb.softmax(x, 1), [f64(2, 3)]));
  assert.ok(gradgradcheck((x) => nb.logSoftmax(x, 0), [f64(3, 2)]));
});
