import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

const f64 = (shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });

test('logsumexp: matches log(sum(exp)) on moderate values, with dims and keepdim', () => {
  const x = nb.randn([2, 3, 4], { dtype: 'float64' });
  const a = nb.logsumexp(x, [0, 2]).dataSync();
  const b = nb.log(nb.sum(nb.exp(x), [0, 2])).dataSync();
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-12);
  assert.deepEqual([...x.logsumexp(1, true).shape], [2, 1, 4]);
});

test('logsumexp: stable for large values and -inf rows; empty dim gives -inf', () => {
  const x = nb.tensor([[1000, 1000], [-1000, -1000], [-Infinity, -Infinity], [Infinity, 0], [NaN, 0]]);
  const r = nb.logsumexp(x, 1).dataSync();
  assert.ok(Math.abs(r[0] - (1000 + Math.LN2)) < 1e-3);
  assert.ok(Math.abs(r[1] - (-1000 + Math.LN2)) < 1e-3);
  assert.equal(r[2], -Infinity);
  assert.equal(r[3], Infinity);
  assert.ok(Number.isNaN(r[4]));
  assert.deepEqual([...nb.logsumexp(nb.zeros([2, 0]), 1).dataSync()], [-Infinity, -Infinity]);
  const g = nb.tensor([[1000, 1000, 1000]], { requiresGrad: true });
  nb.logsumexp(g, 1).sum().backward();
  // float32: lse = 1001.0986 carries a rounding error of ~6e-5, which exp(x - lse) inherits (as in PyTorch)
  for (const v of (g.grad as nb.Tensor).dataSync()) assert.ok(Math.abs(v - 1 / 3) < 1e-4);
});

test('logsumexp: int input computes in float32; bad dim is an IndexError; non-contiguous', () => {
  assert.equal(nb.logsumexp(nb.tensor([0, 0], { dtype: 'int32' }), 0).dtype, 'float32');
  assert.throws(() => nb.logsumexp(nb.zeros([2]), 1), nb.IndexError);
  const x = nb.randn([3, 5]);
  assert.deepEqual([...nb.logsumexp(x.t(), 1).dataSync()], [...nb.logsumexp(x.t().contiguous(), 1).dataSync()]);
});

test('logsumexp: gradcheck and gradgradcheck', () => {
  gradcheck((x) => nb.logsumexp(x, 1), [f64([3, 4])]);
  gradcheck((x) => nb.logsumexp(x, [0, 2], true), [f64([2, 3, 2])]);
  gradgradcheck((x) => nb.logsumexp(x, -1), [f64([2, 3])]);
});
