import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

const close = (a: number, b: number, tol = 1e-5) => assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${a} vs ${b}`);

test('norm: the orders 1, 2, fro, ±inf, 0 and a general p', () => {
  const x = nb.tensor([[3, -4], [0, 1]]);
  close(nb.norm(x).item(), Math.sqrt(26));
  close(nb.norm(x, 'fro', [0, 1]).item(), Math.sqrt(26));
  close(nb.norm(x, 1).item(), 8);
  close(nb.norm(x, Infinity).item(), 4);
  close(nb.norm(x, -Infinity).item(), 0);
  close(nb.norm(x, 0).item(), 3);
  close(nb.norm(x, 3).item(), Math.cbrt(27 + 64 + 1));
  close(nb.norm(x, 0.5).item(), (Math.sqrt(3) + 2 + 1) ** 2);
  assert.deepEqual(x.norm(2, 1).toArray(), [5, 1]);
  assert.deepEqual(nb.norm(x, 1, 0, true).toArray(), [[3, 5]]);
});

test('norm: bad order is a ValueError, ints a DTypeError, bad dim an IndexError', () => {
  assert.throws(() => nb.norm(nb.ones([2]), -1), nb.ValueError);
  assert.throws(() => nb.norm(nb.ones([2]), 'nuc' as 'fro'), nb.ValueError);
  assert.throws(() => nb.norm(nb.ones([2], { dtype: 'int32' })), nb.DTypeError);
  assert.throws(() => nb.norm(nb.ones([2]), 2, 1), nb.IndexError);
});

test('norm: the gradient at a zero vector is 0, not NaN (2-norm and general p)', () => {
  for (const p of [2, 3, 'fro'] as const) {
    const x = nb.zeros([3], { requiresGrad: true });
    nb.norm(x, p).backward();
    assert.deepEqual([...(x.grad as nb.Tensor).dataSync()], [0, 0, 0], `p=${p}`);
  }
  const x = nb.tensor([[0, 0], [3, 4]], { requiresGrad: true });
  nb.norm(x, 2, 1).sum().backward();
  assert.deepEqual((x.grad as nb.Tensor).toArray(), [[0, 0], [0.6000000238418579, 0.800000011920929]]);
});

test('norm: inf-norm ties share the gradient (as PyTorch)', () => {
  const x = nb.tensor([1, 3, 3, -3], { requiresGrad: true });
  nb.norm(x, Infinity).backward();
  const g = (x.grad as nb.Tensor).dataSync();
  [0, 1 / 3, 1 / 3, -1 / 3].forEach((v, i) => close(g[i], v));
});

test('norm: NaN propagates; empty gives 0', () => {
  assert.ok(Number.isNaN(nb.norm(nb.tensor([1, NaN])).item()));
  assert.equal(nb.norm(nb.zeros([0])).item(), 0);
  assert.equal(nb.norm(nb.tensor([Infinity, 1])).item(), Infinity);
});

test('norm: gradcheck for every order; gradgradcheck for 2', () => {
  const away = () => nb.tensor([[0.5, -1.2, 2.0], [-0.7, 0.9, 1.4]], { dtype: 'float64', requiresGrad: true });
  for (const p of [1, 2, 3, 1.5, Infinity, -Infinity, 'fro'] as const) {
    gradcheck((x) => nb.norm(x, p), [away()]);
    gradcheck((x) => nb.norm(x, p, 1, true), [away()]);
  }
  gradgradcheck((x) => nb.norm(x, 2, 1), [away()]);
  gradgradcheck((x) => nb.norm(x, 3), [away()]);
});

test('norm: non-contiguous input equals its contiguous copy', () => {
  const x = nb.randn([4, 3]);
  for (const p of [1, 2, 3, Infinity] as const) {
    // (a backend may sum strided and contiguous data in different orders: compare within rounding)
    assert.ok(nb.allclose(nb.norm(x.t(), p, 1), nb.norm(x.t().contiguous(), p, 1), 1e-6, 1e-7));
    const s = nb.slice(x, 0, 0, 4, 2);
    assert.ok(nb.allclose(nb.norm(s, p, 0), nb.norm(s.contiguous(), p, 0), 1e-6, 1e-7));
  }
  assert.deepEqual(nb.norm(nb.zeros([0, 3]), 2, 0).toArray(), [0, 0, 0]);
});
