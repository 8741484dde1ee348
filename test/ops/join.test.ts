import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

const f64 = (...shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });
const arr = (t: nb.Tensor) => t.toArray();

test('cat: values along dims, negative dim, dtype promotion', () => {
  const a = nb.tensor([[1, 2], [3, 4]]), b = nb.tensor([[5, 6]]);
  assert.deepEqual(arr(nb.cat([a, b])), [[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(arr(nb.cat([a, nb.tensor([[7], [8]])], -1)), [[1, 2, 7], [3, 4, 8]]);
  const i = nb.tensor([[1, 2]], { dtype: 'int32' });
  const mixed = nb.cat([i, nb.tensor([[0.5, 1.5]])]);
  assert.equal(mixed.dtype, 'float32');
  assert.deepEqual(arr(mixed), [[1, 2], [0.5, 1.5]]);
  assert.equal(nb.cat([i, i], 1).dtype, 'int32');
  assert.equal(nb.concat([a, b]).shape[0], 3);
});

test('cat: empty parts, zero-size dims, non-contiguous inputs', () => {
  const a = nb.tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(arr(nb.cat([nb.zeros([0, 3]), a])), arr(a));
  assert.deepEqual(arr(nb.cat([nb.zeros([0]), a])), arr(a)); // legacy: 1-D empty is skipped
  assert.deepEqual(nb.cat([nb.zeros([2, 0]), nb.zeros([2, 0])], 1).shape, [2, 0]);
  const t = a.t(); // [3, 2], strided
  assert.deepEqual(arr(nb.cat([t, t], 1)), [[1, 4, 1, 4], [2, 5, 2, 5], [3, 6, 3, 6]]);
  const s = nb.slice(a, 1, 0, 3, 2); // [[1, 3], [4, 6]]
  assert.deepEqual(arr(nb.cat([s, s], 0)), [[1, 3], [4, 6], [1, 3], [4, 6]]);
});

test('cat: errors name the dim and the sizes', () => {
  assert.throws(() => nb.cat([nb.zeros([2, 3]), nb.zeros([2, 4])]), (e: Error) =>
    e instanceof nb.ShapeError && /dimension 1/.test(e.message) && /4/.test(e.message) && /3/.test(e.message) && /except in dimension 0/.test(e.message));
  assert.throws(() => nb.cat([nb.zeros([2, 3]), nb.zeros([2, 3, 1])]), nb.ShapeError);
  assert.throws(() => nb.cat([nb.zeros([2]), nb.zeros([3])], 1), nb.IndexError);
  assert.throws(() => nb.cat([]), nb.ValueError);
  assert.throws(() => nb.cat([nb.scalar(1), nb.scalar(2)]), nb.ShapeError);
});

test('cat: NaN and Inf pass through', () => {
  const out = nb.cat([nb.tensor([NaN]), nb.tensor([Infinity, -Infinity])]).dataSync();
  assert.ok(Number.isNaN(out[0]));
  assert.equal(out[1], Infinity);
  assert.equal(out[2], -Infinity);
});

test('cat: gradcheck and gradgradcheck', () => {
  const a = f64(2, 3), b = f64(1, 3), c = f64(2, 2);
  assert.ok(gradcheck((x, y) => nb.cat([x, y], 0), [a, b]));
  assert.ok(gradcheck((x, y) => nb.cat([x, y], -1), [a, c]));
  assert.ok(gradgradcheck((x, y) => nb.cat([nb.mul(x, x), y], 0), [a, b]));
  // only some inputs require grad
  const k = nb.ones([1, 3], { dtype: 'float64' });
  assert.ok(gradcheck((x) => nb.cat([k, x, k]), [a]));
});

test('stack: new dim in any place', () => {
  const a = nb.tensor([1, 2]), b = nb.tensor([3, 4]);
  assert.deepEqual(arr(nb.stack([a, b])), [[1, 2], [3, 4]]);
  assert.deepEqual(arr(nb.stack([a, b], 1)), [[1, 3], [2, 4]]);
  assert.deepEqual(arr(nb.stack([a, b], -1)), [[1, 3], [2, 4]]);
  assert.deepEqual(nb.stack([nb.scalar(1), nb.scalar(2)]).shape, [2]);
  assert.throws(() => nb.stack([a, nb.tensor([1, 2, 3])]), (e: Error) => e instanceof nb.ShapeError && /\[2\]/.test(e.message) && /\[3\]/.test(e.message));
  assert.throws(() => nb.stack([a, b], 3), nb.IndexError);
  assert.ok(gradcheck((x, y) => nb.stack([x, y], 1), [f64(2, 3), f64(2, 3)]));
});

test('split: by size, by sizes, errors; pieces are views', () => {
  const x = nb.arange(10, undefined, 1, { dtype: 'float32' }).reshape([5, 2]);
  const parts = nb.split(x, 2);
  assert.deepEqual(parts.map((p) => p.shape), [[2, 2], [2, 2], [1, 2]]);
  assert.deepEqual(arr(parts[2]), [[8, 9]]);
  assert.equal(parts[1].storage, x.storage); // a view
  const bySizes = x.split([1, 4]);
  assert.deepEqual(bySizes.map((p) => p.shape[0]), [1, 4]);
  assert.deepEqual(arr(nb.split(x, 1, 1)[1]), [[1], [3], [5], [7], [9]]);
  assert.throws(() => nb.split(x, [1, 2]), (e: Error) => e instanceof nb.ValueError && /5/.test(e.message));
  assert.throws(() => nb.split(x, -1), nb.ValueError);
  assert.deepEqual(nb.split(nb.zeros([0, 2]), 2).map((p) => p.shape), [[0, 2]]);
  const w = f64(5, 3);
  assert.ok(gradcheck((t) => nb.split(t, 2), [w]));
  assert.ok(gradcheck((t) => nb.split(t, [1, 2], 1), [w]));
});

test('chunk: ceil-sized pieces, possibly fewer than asked', () => {
  const x = nb.zeros([7, 2]);
  assert.deepEqual(nb.chunk(x, 3).map((p) => p.shape[0]), [3, 3, 1]);
  assert.deepEqual(nb.chunk(nb.zeros([2, 6]), 4, 1).map((p) => p.shape[1]), [2, 2, 2]);
  assert.deepEqual(nb.chunk(nb.zeros([0, 2]), 3).map((p) => p.shape), [[0, 2], [0, 2], [0, 2]]);
  assert.throws(() => nb.chunk(x, 0), nb.ValueError);
  assert.ok(gradcheck((t) => nb.chunk(t, 2, -1), [f64(2, 5)]));
});

test('unbind: selects along a dim', () => {
  const x = nb.tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(nb.unbind(x).map(arr), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(x.unbind(1).map(arr), [[1, 4], [2, 5], [3, 6]]);
  assert.deepEqual(nb.unbind(nb.zeros([0, 3])), []);
  assert.ok(gradcheck((t) => nb.unbind(t, 1), [f64(2, 3)]));
  // pieces sum back into one gradient
  const w = f64(3, 2);
  nb.add(nb.mul(nb.unbind(w)[0], 2), nb.unbind(w)[2]).sum().backward();
  assert.deepEqual(arr(w.grad as nb.Tensor), [[2, 2], [0, 0], [1, 1]]);
});
