import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

const m = () => nb.arange(6, undefined, 1, { dtype: 'float32' }).reshape([2, 3]); // [[0, 1, 2], [3, 4, 5]]
const f64 = (...shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });

test('flip: one, several and negative dims; a copy', () => {
  assert.deepEqual(nb.flip(m(), [1]).toArray(), [[2, 1, 0], [5, 4, 3]]);
  assert.deepEqual(nb.flip(m(), [0, -1]).toArray(), [[5, 4, 3], [2, 1, 0]]);
  assert.deepEqual(m().flip(0).toArray(), [[3, 4, 5], [0, 1, 2]]);
  assert.deepEqual(nb.flip(m().t(), [0]).toArray(), [[2, 5], [1, 4], [0, 3]]);
  const x = m();
  const same = nb.flip(x, []);
  assert.notEqual(same.storage, x.storage);
  assert.deepEqual(nb.flip(nb.zeros([0, 2]), [0]).shape, [0, 2]);
  assert.equal(nb.flip(nb.tensor([1, 2], { dtype: 'int32' }), [0]).dtype, 'int32');
  assert.throws(() => nb.flip(m(), [2]), nb.IndexError);
  assert.throws(() => nb.flip(m(), [0, 0]), nb.ValueError);
  assert.ok(gradcheck((t) => nb.flip(t, [0, 1]), [f64(2, 3)]));
  assert.ok(gradgradcheck((t) => nb.flip(nb.mul(t, t), [1]), [f64(2, 3)]));
});

test('roll: flattened, per dim, large and negative shifts', () => {
  assert.deepEqual(nb.roll(m(), 1).toArray(), [[5, 0, 1], [2, 3, 4]]);
  assert.deepEqual(nb.roll(m(), [1, -1], [0, 1]).toArray(), [[4, 5, 3], [1, 2, 0]]);
  assert.deepEqual(m().roll(7, 1).toArray(), [[2, 0, 1], [5, 3, 4]]);
  assert.deepEqual(nb.roll(m(), 3, 1).toArray(), m().toArray());
  assert.deepEqual(nb.roll(m().t(), 1, 0).toArray(), [[2, 5], [0, 3], [1, 4]]);
  assert.deepEqual(nb.roll(nb.zeros([0, 3]), 1, 0).shape, [0, 3]);
  assert.throws(() => nb.roll(m(), [1, 2], [0]), nb.ValueError);
  assert.throws(() => nb.roll(m(), [1, 2]), nb.ValueError);
  assert.ok(gradcheck((t) => nb.roll(t, [1, -2], [0, 1]), [f64(3, 4)]));
  assert.ok(gradcheck((t) => nb.roll(t, 5), [f64(3, 4)]));
});

test('repeat and tile', () => {
  assert.deepEqual(nb.repeat(nb.tensor([1, 2]), 2, 2).toArray(), [[1, 2, 1, 2], [1, 2, 1, 2]]);
  assert.deepEqual(m().repeat([2, 1]).toArray(), [[0, 1, 2], [3, 4, 5], [0, 1, 2], [3, 4, 5]]);
  assert.deepEqual(nb.repeat(m(), [1, 1, 2]).shape, [1, 2, 6]);
  assert.deepEqual(nb.repeat(m(), [0, 1]).shape, [0, 3]);
  assert.deepEqual(nb.repeat(m().t(), [1, 2]).toArray(), [[0, 3, 0, 3], [1, 4, 1, 4], [2, 5, 2, 5]]);
  assert.throws(() => nb.repeat(m(), [2]), nb.ValueError);
  assert.deepEqual(nb.tile(m(), [2]).toArray(), [[0, 1, 2, 0, 1, 2], [3, 4, 5, 3, 4, 5]]);
  assert.deepEqual(m().tile(2, 1, 1).shape, [2, 2, 3]);
  assert.ok(gradcheck((t) => nb.repeat(t, [2, 1, 3]), [f64(2, 3)]));
  assert.ok(gradgradcheck((t) => nb.repeat(nb.mul(t, t), [2, 2]), [f64(2, 2)]));
  const w = nb.ones([2], { requiresGrad: true });
  nb.repeat(w, 3).sum().backward();
  assert.deepEqual((w.grad as nb.Tensor).toArray(), [3, 3]);
});

test('repeatInterleave: scalar and per-entry repeats', () => {
  assert.deepEqual(nb.repeatInterleave(nb.tensor([1, 2]), 2).toArray(), [1, 1, 2, 2]);
  assert.deepEqual(nb.repeatInterleave(m(), 2).shape, [12]);
  assert.deepEqual(m().repeatInterleave(nb.tensor([1, 0, 2], { dtype: 'int32' }), 1).toArray(), [[0, 2, 2], [3, 5, 5]]);
  assert.deepEqual(nb.repeatInterleave(m(), [2, 1], 0).toArray(), [[0, 1, 2], [0, 1, 2], [3, 4, 5]]);
  assert.throws(() => nb.repeatInterleave(m(), [1, 2, 3], 0), nb.ShapeError);
  assert.throws(() => nb.repeatInterleave(m(), nb.tensor([1, 2]), 0), nb.DTypeError);
  assert.throws(() => nb.repeatInterleave(m(), -1), nb.ValueError);
  assert.ok(gradcheck((t) => nb.repeatInterleave(t, [3, 1], 0), [f64(2, 3)]));
});

test('flip/repeat/roll always return new storage', () => {
  const x = m();
  assert.notEqual(nb.repeat(x, [1, 1]).storage, x.storage);
  assert.notEqual(nb.roll(x, 0, 0).storage, x.storage);
  assert.equal(nb.flip(nb.scalar(2), [0]).item(), 2);
  assert.notEqual(nb.pad(x, [-1, 0]).storage, x.storage);
  const w = nb.ones([2, 2], { requiresGrad: true });
  nb.flip(w, []).sum().backward();
  assert.deepEqual((w.grad as nb.Tensor).toArray(), [[1, 1], [1, 1]]);
});
