import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

test('sort: values and indices, both directions, any dim, stable', () => {
  const x = nb.tensor([[3, 1, 2], [0, 5, 4]]);
  const s = nb.sort(x);
  assert.deepEqual(s.values.toArray(), [[1, 2, 3], [0, 4, 5]]);
  assert.deepEqual(s.indices.toArray(), [[1, 2, 0], [0, 2, 1]]);
  assert.equal(s.indices.dtype, 'int32');
  const d = x.sort(0, true);
  assert.deepEqual(d.values.toArray(), [[3, 5, 4], [0, 1, 2]]);
  assert.deepEqual(d.indices.toArray(), [[0, 1, 1], [1, 0, 0]]);
  // stability: equal keys keep their order, ascending and descending
  const t = nb.tensor([2, 1, 2, 1, 2]);
  assert.deepEqual(nb.sort(t, 0, false, { stable: true }).indices.toArray(), [1, 3, 0, 2, 4]);
  assert.deepEqual(nb.sort(t, 0, true).indices.toArray(), [0, 2, 4, 1, 3]);
  assert.deepEqual(nb.argsort(nb.tensor([3, 1, 2])).toArray(), [1, 2, 0]);
});

test('sort: NaN last ascending, first descending; non-contiguous; empty; 0-d', () => {
  assert.deepEqual(nb.sort(nb.tensor([3, NaN, -1])).values.toArray(), [-1, 3, NaN]);
  assert.deepEqual(nb.sort(nb.tensor([3, NaN, -1]), 0, true).values.toArray(), [NaN, 3, -1]);
  const x = nb.randn([4, 3]);
  assert.deepEqual(nb.sort(x.t(), 1).values.toArray(), nb.sort(x.t().contiguous(), 1).values.toArray());
  assert.deepEqual([...nb.sort(nb.zeros([2, 0])).values.shape], [2, 0]);
  assert.equal(nb.sort(nb.tensor(5)).values.item(), 5);
  assert.throws(() => nb.sort(x, 2), nb.IndexError);
});

test('topk, kthvalue, median', () => {
  const x = nb.tensor([[1, 9, 3, 7], [8, 2, 6, 4]]);
  const t = nb.topk(x, 2);
  assert.deepEqual(t.values.toArray(), [[9, 7], [8, 6]]);
  assert.deepEqual(t.indices.toArray(), [[1, 3], [0, 2]]);
  assert.deepEqual(x.topk(1, 0, false).values.toArray(), [[1, 2, 3, 4]]);
  assert.throws(() => nb.topk(x, 5), nb.IndexError);
  const k = nb.kthvalue(x, 2, 1, true);
  assert.deepEqual(k.values.toArray(), [[3], [4]]);
  assert.deepEqual(k.indices.toArray(), [[2], [3]]);
  assert.equal(nb.median(x).item(), 4); // lower median of 1..9 without 5
  assert.deepEqual(nb.median(x, 1).values.toArray(), [3, 4]);
  assert.throws(() => nb.kthvalue(x, 0), nb.IndexError);
});

test('sort/topk: gradient goes back to the source positions', () => {
  const x = nb.tensor([3, 1, 2], { requiresGrad: true });
  nb.sort(x).values.backward(nb.tensor([10, 20, 30]));
  assert.deepEqual((x.grad as nb.Tensor).toArray(), [30, 10, 20]);
  const y = nb.tensor([3, 1, 2], { requiresGrad: true });
  nb.topk(y, 2).values.sum().backward();
  assert.deepEqual((y.grad as nb.Tensor).toArray(), [1, 0, 1]);
});

test('sort/topk/kthvalue/median: gradcheck, gradgradcheck', () => {
  const f64 = (shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });
  gradcheck((x) => nb.sort(x, 1).values, [f64([3, 4])]);
  gradcheck((x) => nb.sort(x, 0, true).values, [f64([3, 4])]);
  gradcheck((x) => nb.topk(x, 2, 0).values, [f64([4, 3])]);
  gradcheck((x) => nb.kthvalue(x, 2, 1).values, [f64([3, 4])]);
  gradcheck((x) => nb.median(x), [f64([3, 3])]);
  gradgradcheck((x) => nb.mul(nb.sort(x, 1).values, nb.sort(x, 1).values), [f64([2, 3])]);
});

test('topk/kthvalue on a sliced (non-contiguous) input; topk k = 0', () => {
  const x = nb.tensor([[5, 1, 4, 2, 3, 0]]);
  const s = nb.slice(x, 1, 0, 6, 2); // [5, 4, 3]
  assert.deepEqual(nb.topk(s, 2).indices.toArray(), [[0, 1]]);
  assert.deepEqual(nb.kthvalue(s, 1).values.toArray(), [3]);
  assert.deepEqual([...nb.topk(x, 0).values.shape], [1, 0]);
});
