import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

test('cumsum/cumprod: values along each dim; ints stay int32', () => {
  const x = nb.tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(nb.cumsum(x, 1).toArray(), [[1, 3, 6], [4, 9, 15]]);
  assert.deepEqual(nb.cumsum(x, 0).toArray(), [[1, 2, 3], [5, 7, 9]]);
  assert.deepEqual(x.cumprod(-1).toArray(), [[1, 2, 6], [4, 20, 120]]);
  const i = nb.cumsum(nb.tensor([true, true, false]), 0);
  assert.equal(i.dtype, 'int32');
  assert.deepEqual(i.toArray(), [1, 2, 2]);
  assert.deepEqual(nb.cumsum(x.t(), 1).toArray(), [[1, 5], [2, 7], [3, 9]]);
  assert.deepEqual([...nb.cumsum(nb.zeros([0, 3]), 0).shape], [0, 3]);
  assert.throws(() => nb.cumsum(x, 2), nb.IndexError);
});

test('cumsum/cumprod: NaN and Inf propagate forward along the scan', () => {
  assert.deepEqual(nb.cumsum(nb.tensor([1, NaN, 2]), 0).toArray(), [1, NaN, NaN]);
  assert.deepEqual(nb.cumprod(nb.tensor([2, Infinity, 0]), 0).toArray(), [2, Infinity, NaN]);
});

test('cumsum: gradient is the reverse cumulative sum', () => {
  const x = nb.zeros([4], { requiresGrad: true });
  nb.cumsum(x, 0).backward(nb.tensor([1, 2, 3, 4]));
  assert.deepEqual((x.grad as nb.Tensor).toArray(), [10, 9, 7, 4]);
});

test('cumprod: gradient with zeros is finite and matches PyTorch', () => {
  // torch: x=[[2,0,3,.5]], grad_out=[[1,2,3,4]] → [[1, 34, 0, 0]]
  const x = nb.tensor([[2, 0, 3, 0.5]], { requiresGrad: true });
  nb.cumprod(x, 1).backward(nb.tensor([[1, 2, 3, 4]]));
  assert.deepEqual((x.grad as nb.Tensor).toArray(), [[1, 34, 0, 0]]);
  const y = nb.tensor([0, 0, 2], { requiresGrad: true });
  nb.cumprod(y, 0).backward(nb.tensor([1, 1, 1]));
  assert.deepEqual((y.grad as nb.Tensor).toArray(), [1, 0, 0]);
});

test('cumsum/cumprod: gradcheck, gradgradcheck', () => {
  const f64 = (shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });
  gradcheck((x) => nb.cumsum(x, 1), [f64([3, 4])]);
  gradcheck((x) => nb.cumsum(x, 0), [f64([3, 2, 2])]);
  gradcheck((x) => nb.cumprod(x, 1), [f64([3, 4])]);
  const z = nb.tensor([[1.5, 0, -2, 0.7], [0, 1.2, 0.9, 0]], { dtype: 'float64', requiresGrad: true });
  gradcheck((x) => nb.cumprod(x, 1), [z]);
  gradgradcheck((x) => nb.cumsum(x, 1), [f64([2, 3])]);
  gradgradcheck((x) => nb.cumprod(x, 1), [f64([2, 3])]);
});
