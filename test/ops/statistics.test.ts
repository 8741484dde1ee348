import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

const f64 = (shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });
const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${a} vs ${b}`);

test('var/std: values match the textbook formulas (unbiased default, correction, unbiased flag)', () => {
  const x = nb.tensor([1, 2, 3, 4]);
  close(nb.var(x).item(), 5 / 3);
  close(nb.var(x, 0, { correction: 0 }).item(), 1.25);
  close(nb.var(x, false).item(), 1.25);
  close(nb.var(x, 0, false, true).item(), 1.25);
  close(nb.std(x, 0, { unbiased: true }).item(), Math.sqrt(5 / 3));
  close(x.std(null, { correction: 2 }).item(), Math.sqrt(5 / 2));
  assert.throws(() => nb.var(x, 0, { correction: 1, unbiased: true }), nb.ValueError);
});

test('var/std: dims, keepdim and shapes', () => {
  const x = nb.randn([2, 3, 4]);
  assert.deepEqual([...nb.var(x, [0, 2]).shape], [3]);
  assert.deepEqual([...nb.std(x, -1, { keepdim: true }).shape], [2, 3, 1]);
  assert.deepEqual([...nb.var(x).shape], []);
  // var over dims equals var of the flattened group
  const v = nb.var(x, [0, 2]).dataSync();
  const alt = nb.var(x.permute(1, 0, 2).reshape([3, 8]), 1).dataSync();
  for (let i = 0; i < 3; i++) close(v[i], alt[i], 1e-5);
});

test('var/std: one sample with correction 1 is NaN; zero variance has a zero std gradient', () => {
  assert.ok(Number.isNaN(nb.var(nb.tensor([[1, 2, 3]]), 0).dataSync()[0]));
  const x = nb.ones([3], { requiresGrad: true });
  nb.std(x).backward();
  assert.deepEqual([...(x.grad as nb.Tensor).dataSync()], [0, 0, 0]);
});

test('var/std: integer input is a DTypeError, bad dim an IndexError', () => {
  assert.throws(() => nb.var(nb.tensor([1, 2], { dtype: 'int32' })), nb.DTypeError);
  assert.throws(() => nb.std(nb.randn([2, 3]), 2), nb.IndexError);
});

test('var/std: NaN propagates; non-contiguous input', () => {
  assert.ok(Number.isNaN(nb.std(nb.tensor([1, NaN, 2])).item()));
  const x = nb.randn([4, 3]);
  assert.ok(nb.allclose(nb.var(x.t(), 1), nb.var(x.t().contiguous(), 1), 1e-6, 1e-7));
});

test('var/std: gradcheck and gradgradcheck', () => {
  gradcheck((x) => nb.var(x, 1), [f64([3, 4])]);
  gradcheck((x) => nb.var(x, [0, 2], { correction: 0, keepdim: true }), [f64([2, 3, 2])]);
  gradcheck((x) => nb.std(x), [f64([3, 4])]);
  gradcheck((x) => nb.std(x, 0, { keepdim: true }), [f64([3, 4])]);
  gradgradcheck((x) => nb.std(x, 1), [f64([2, 4])]);
  gradgradcheck((x) => nb.var(x, 1), [f64([2, 4])]);
});

test('var/std: empty and zero-size dims give NaN (0/0) as PyTorch', () => {
  assert.ok(Number.isNaN(nb.var(nb.zeros([0])).item()));
  assert.deepEqual(nb.std(nb.zeros([0, 2]), 0).toArray(), [NaN, NaN]);
  assert.deepEqual([...nb.var(nb.zeros([0, 2]), 1).shape], [0]);
});
