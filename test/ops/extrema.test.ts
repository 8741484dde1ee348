import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

test('amax/amin: all, one or several dims, keepdim; aminmax', () => {
  const x = nb.tensor([[[1, 8], [3, 4]], [[5, 2], [7, 0]]]);
  assert.equal(nb.amax(x).item(), 8);
  assert.equal(x.amin().item(), 0);
  assert.deepEqual(nb.amax(x, 0).toArray(), [[5, 8], [7, 4]]);
  assert.deepEqual(nb.amax(x, [0, 2]).toArray(), [8, 7]);
  assert.deepEqual(nb.amin(x, [-1, 1], true).toArray(), [[[1]], [[0]]]);
  const mm = nb.aminmax(x, { dim: 1 });
  assert.deepEqual(mm.min.toArray(), [[1, 4], [5, 0]]);
  assert.deepEqual(mm.max.toArray(), [[3, 8], [7, 2]]);
  assert.equal(nb.aminmax(nb.tensor([3, 1, 2], { dtype: 'int32' })).max.dtype, 'int32');
});

test('amax/amin: NaN propagates; empty dims are IndexErrors', () => {
  assert.ok(Number.isNaN(nb.amax(nb.tensor([1, NaN, 3])).item()));
  assert.deepEqual(nb.amin(nb.tensor([[1, NaN], [0, 2]]), 1).toArray(), [NaN, 0]);
  assert.throws(() => nb.amax(nb.zeros([0, 2]), 0), nb.IndexError);
  assert.deepEqual([...nb.amax(nb.zeros([0, 2]), 1).shape], [0]);
  assert.throws(() => nb.amax(nb.zeros([2]), 1), nb.IndexError);
});

test('amax/amin: ties share the gradient (as PyTorch); gradcheck, gradgradcheck', () => {
  const x = nb.tensor([[3, 1, 3], [2, 2, 2]], { requiresGrad: true });
  nb.amax(x, 1).sum().backward();
  const g = (x.grad as nb.Tensor).dataSync();
  [0.5, 0, 0.5, 1 / 3, 1 / 3, 1 / 3].forEach((v, i) => assert.ok(Math.abs(g[i] - v) < 1e-6));
  const f64 = () => nb.tensor([[0.5, -1.2, 2.0], [-0.7, 0.9, 1.4]], { dtype: 'float64', requiresGrad: true });
  gradcheck((t) => nb.amax(t, 1), [f64()]);
  gradcheck((t) => nb.amin(t, [0, 1], true), [f64()]);
  gradcheck((t) => nb.aminmax(t, { dim: 0 }).max, [f64()]);
  gradgradcheck((t) => nb.amax(nb.mul(t, t), 0), [f64()]);
});
