import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import { gradcheck, gradgradcheck } from '../../../src/autograd/gradcheck.js';

const f64 = (...shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });

test('unfold: blocks as columns, channel-major rows', () => {
  const x = nb.arange(0, 9, 1, { dtype: 'float32' }).reshape([1, 1, 3, 3]);
  const cols = nb.unfold(x, 2);
  assert.deepEqual(cols.shape, [1, 4, 4]);
  // row r = kernel tap (ki, kj); column = block position
  assert.deepEqual(cols.toArray(), [[[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]]]);
  assert.deepEqual(nb.unfold(nb.randn([2, 3, 4, 5]), [2, 3], { padding: 1, stride: 2 }).shape, [2, 18, 9]);
  assert.deepEqual(nb.unfold(nb.randn([3, 4, 5]), 2).shape, [12, 12]);
});

test('fold: sums overlapping blocks; fold(unfold(ones)) counts the windows covering each pixel', () => {
  const counts = nb.fold(nb.unfold(nb.ones([1, 1, 3, 3]), 2), [3, 3], 2);
  assert.deepEqual(counts.toArray(), [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]);
  // non-overlapping: fold inverts unfold
  const x = nb.randn([2, 3, 4, 6]);
  assert.deepEqual(nb.fold(nb.unfold(x, 2, { stride: 2 }), [4, 6], 2, { stride: 2 }).toArray(), x.toArray());
});

test('unfold/fold: errors', () => {
  assert.throws(() => nb.unfold(nb.randn([4, 4]), 2), (e: Error) => e instanceof nb.ShapeError && /\[N, C, H, W\]/.test(e.message));
  assert.throws(() => nb.unfold(nb.randn([1, 1, 2, 2]), 3), nb.ShapeError);
  assert.throws(() => nb.fold(nb.randn([1, 5, 4]), [3, 3], 2), (e: Error) => e instanceof nb.ShapeError && /divisible/.test(e.message));
  assert.throws(() => nb.fold(nb.randn([1, 4, 5]), [3, 3], 2), (e: Error) => e instanceof nb.ShapeError && /blocks/.test(e.message));
  assert.throws(() => nb.fold(nb.randn([4, 4, 4, 4]), [3, 3], 2), (e: Error) => e instanceof nb.ShapeError && /\[N, C\*kH\*kW, L\]/.test(e.message));
});

test('unfold/fold: gradcheck, gradgradcheck, zero-size batch', () => {
  assert.ok(gradcheck((x) => nb.unfold(x, [2, 3], { padding: 1, dilation: [2, 1], stride: 2 }), [f64(1, 2, 4, 5)]));
  assert.ok(gradcheck((x) => nb.fold(x, [4, 4], 2, { stride: 1, padding: 1 }), [f64(2, 4, 25)]));
  assert.ok(gradgradcheck((x) => nb.unfold(nb.mul(x, x), 2), [f64(1, 1, 3, 3)]));
  assert.ok(gradgradcheck((x) => nb.fold(nb.mul(x, x), [3, 3], 2), [f64(1, 4, 4)]));
  assert.deepEqual(nb.unfold(nb.zeros([0, 2, 4, 4]), 2).shape, [0, 8, 9]);
  assert.deepEqual(nb.fold(nb.zeros([0, 8, 9]), [4, 4], 2).shape, [0, 2, 4, 4]);
});
