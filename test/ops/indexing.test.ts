import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

// Expected values were checked against PyTorch 1.13 (x[...] on torch.arange(24).reshape(2, 3, 4)).
const X = () => nb.arange(24, undefined, 1, { dtype: 'float32' }).reshape([2, 3, 4]);
const i32 = (data: nb.NestedArray[]) => nb.tensor(data, { dtype: 'int32' });
const f64 = (...shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });
const check = (t: nb.Tensor, shape: number[], values: nb.NestedArray) => {
  assert.deepEqual([...t.shape], shape);
  assert.deepEqual(t.toArray(), values);
};

test('index: numbers, slices, null and ellipsis give views', () => {
  const x = X();
  const a = nb.index(x, 1, '1:3');
  check(a, [2, 4], [[16, 17, 18, 19], [20, 21, 22, 23]]);
  assert.equal(a.storage, x.storage);
  check(x.index(null, '::2', -1), [2, 2], [[3, 11], [15, 23]]);
  check(x.index('...', '-2:'), [2, 3, 2], [[[2, 3], [6, 7], [10, 11]], [[14, 15], [18, 19], [22, 23]]]);
  check(x.index(':', 1, '...'), [2, 4], [[4, 5, 6, 7], [16, 17, 18, 19]]);
  check(x.index(-1, -1, -1), [], 23);
  check(x.index(0, '5:'), [0, 4], []);
  assert.equal(x.index(), x);
});

test('index: one integer index (array or int32 tensor), negatives wrap', () => {
  const x = X();
  check(nb.index(x, [1, 0]).index(null, 0, 0), [2], [12, 0]);
  check(x.index(null, [2, 0], '1:3'), [2, 2, 2], [[[9, 10], [1, 2]], [[21, 22], [13, 14]]]);
  check(x.index(null, null, i32([-1, 0])), [2, 3, 2], [[[3, 0], [7, 4], [11, 8]], [[15, 12], [19, 16], [23, 20]]]);
  check(x.index(1, i32([[0, 1], [2, 2]]), 0), [2, 2], [[12, 16], [20, 20]]);
  check(x.index(0, nb.tensor(2, { dtype: 'int32' })), [4], [8, 9, 10, 11]);
});

test('index: several integer indices broadcast (adjacent and separated)', () => {
  const x = X();
  check(x.index(null, [[0], [2]], [1, 3]), [2, 2, 2], [[[1, 3], [9, 11]], [[13, 15], [21, 23]]]);
  check(x.index([0, 1], null, [3, 0]), [2, 3], [[3, 7, 11], [12, 16, 20]]); // separated: result dims first
  check(x.index(0, [1, 2], [0, 3]), [2], [4, 11]);
  check(x.index([1], [[0], [2]], null), [2, 1, 4], [[[12, 13, 14, 15]], [[20, 21, 22, 23]]]);
  // a number between advanced indices is a select in PyTorch, so they count as adjacent
  check(x.index([0, 1], 1, [0, 3]), [2], [4, 19]);
});

test('index: bool masks', () => {
  const x = X();
  const m = nb.tensor([[true, false, true], [false, true, false]]);
  check(x.index(m), [3, 4], [[0, 1, 2, 3], [8, 9, 10, 11], [16, 17, 18, 19]]);
  check(x.index(null, nb.tensor([true, false, true])), [2, 2, 4], [[[0, 1, 2, 3], [8, 9, 10, 11]], [[12, 13, 14, 15], [20, 21, 22, 23]]]);
  check(x.index(1, null, [true, false, false, true]), [3, 2], [[12, 15], [16, 19], [20, 23]]);
  check(x.index(m, [0, 3, 1]), [3], [0, 11, 17]);
  check(x.index(m, '1:3'), [3, 2], [[1, 2], [9, 10], [17, 18]]); // NumPy's reading
  check(x.index(x.gt(20)), [3], [21, 22, 23]);
  check(x.index(nb.zeros([2, 3, 4], { dtype: 'bool' })), [0], []);
  assert.deepEqual(x.index(nb.tensor(true)).shape, [1, 2, 3, 4]);
  assert.deepEqual(x.index(nb.tensor(false)).shape, [0, 2, 3, 4]);
});

test('index: non-contiguous input', () => {
  const t = X().permute([2, 0, 1]); // [4, 2, 3], strided
  check(t.index([3, 0], 1, '::2'), [2, 2], [[15, 23], [12, 20]]);
  check(t.index(null, null, nb.tensor([false, true, true])), [4, 2, 2], t.contiguous().index(null, null, [1, 2]).toArray());
});

test('index: errors', () => {
  const x = X();
  assert.throws(() => x.index(2), (e: Error) => e instanceof nb.IndexError && /index 2/.test(e.message) && /size 2/.test(e.message));
  assert.throws(() => x.index(null, -4), nb.IndexError);
  assert.throws(() => x.index(null, [0, 3]), (e: Error) => e instanceof nb.IndexError && /3/.test(e.message) && /dimension 1/.test(e.message));
  assert.throws(() => x.index(0, 0, 0, 0), (e: Error) => e instanceof nb.IndexError && /too many/.test(e.message));
  assert.throws(() => x.index(nb.tensor([0, 1])), (e: Error) => e instanceof nb.DTypeError && /float32/.test(e.message));
  assert.throws(() => x.index(nb.tensor([true, false, true])), (e: Error) => e instanceof nb.IndexError && /\[3\]/.test(e.message) && /\[2\]/.test(e.message));
  assert.throws(() => x.index('...', '...'), nb.IndexError);
  assert.throws(() => x.index('1:2:0'), nb.ValueError);
  assert.throws(() => x.index('abc'), nb.ValueError);
  assert.throws(() => x.index([0.5]), nb.IndexError);
  assert.throws(() => x.index([0, 1], [0, 1, 2]), nb.ShapeError); // indices that do not broadcast
});

test('index: gradients (slices, numbers, integer and bool indices)', () => {
  assert.ok(gradcheck((t) => t.index(1, '::2'), [f64(3, 4)]));
  assert.ok(gradgradcheck((t) => nb.mul(t, t).index('1:', '::2'), [f64(3, 4)]));
  assert.ok(gradcheck((t) => t.index([2, 0, 2]), [f64(3, 4)]));
  assert.ok(gradcheck((t) => t.index(null, [[1], [3]], [0, 0, 2]), [f64(2, 4, 3)]));
  assert.ok(gradcheck((t) => t.index([0, 1], null, [2, 2]), [f64(2, 4, 3)]));
  assert.ok(gradgradcheck((t) => nb.mul(t, t).index(null, [3, 0, 3]), [f64(2, 4)]));
  assert.ok(gradcheck((t) => t.index(nb.tensor([[true, false], [true, true]])), [f64(2, 2, 3)]));
  const w = nb.zeros([3], { requiresGrad: true });
  w.index([0, 0, 2]).sum().backward();
  assert.deepEqual((w.grad as nb.Tensor).toArray(), [2, 0, 1]);
});
