import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';

test('tensor: nested arrays, scalars, typed arrays, bools, explicit dtypes', () => {
  const a = nb.tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual([...a.shape], [2, 3]);
  assert.equal(a.dtype, 'float32');
  assert.deepEqual(a.toArray(), [[1, 2, 3], [4, 5, 6]]);
  const s = nb.tensor(2.5);
  assert.deepEqual([...s.shape], []);
  assert.equal(s.item(), 2.5);
  const i = nb.tensor(new Int32Array([1, -2]));
  assert.equal(i.dtype, 'int32');
  assert.deepEqual(i.toArray(), [1, -2]);
  const src = new Float64Array([1.5, 2]);
  const d = nb.tensor(src);
  assert.equal(d.dtype, 'float64');
  src[0] = 9; // copied, not aliased
  assert.equal(d.toArray()[0 as never], 1.5);
  const b = nb.tensor([[true, false], [false, true]]);
  assert.equal(b.dtype, 'bool');
  assert.deepEqual(b.toArray(), [[true, false], [false, true]]);
  assert.equal(nb.tensor([1.7, -1.7], { dtype: 'int32' }).dtype, 'int32');
  assert.deepEqual(nb.tensor([1.7, -1.7], { dtype: 'int32' }).toArray(), [1, -1]); // truncation, as a typed-array store
  assert.deepEqual(nb.tensor([0, 2, -1], { dtype: 'bool' }).toArray(), [false, true, true]);
  assert.deepEqual([...nb.tensor([]).shape], [0]);
  assert.deepEqual([...nb.tensor([[], []]).shape], [2, 0]);
  assert.ok(nb.tensor([1], { requiresGrad: true }).requiresGrad);
  assert.throws(() => nb.tensor([1], { dtype: 'int32', requiresGrad: true }), nb.DTypeError);
});

test('tensor: ragged or non-numeric input is an error naming the problem', () => {
  assert.throws(() => nb.tensor([[1, 2], [3]]), (e: Error) => e instanceof nb.ShapeError && /ragged/.test(e.message));
  assert.throws(() => nb.tensor([[1, 2], 3] as never), nb.ShapeError);
  assert.throws(() => nb.tensor([1, 'a'] as never), nb.ValueError);
});

test('zeros/ones/full/empty and the *Like forms', () => {
  assert.deepEqual(nb.zeros([2, 2]).toArray(), [[0, 0], [0, 0]]);
  assert.deepEqual(nb.ones(3).toArray(), [1, 1, 1]);
  assert.deepEqual(nb.full([2], 7, { dtype: 'int32' }).toArray(), [7, 7]);
  assert.equal(nb.full([1], true).dtype, 'bool');
  assert.deepEqual([...nb.empty([2, 0, 3]).shape], [2, 0, 3]);
  const x = nb.tensor([[1, 2]], { dtype: 'float64' });
  for (const t of [nb.zerosLike(x), nb.onesLike(x), nb.fullLike(x, 3), nb.emptyLike(x), nb.randLike(x), nb.randnLike(x)]) {
    assert.deepEqual([...t.shape], [1, 2]);
    assert.equal(t.dtype, 'float64');
  }
  assert.deepEqual(nb.fullLike(x, 3).toArray(), [[3, 3]]);
  assert.equal(nb.zerosLike(x, { dtype: 'int32' }).dtype, 'int32');
  assert.throws(() => nb.zeros([2, -1]), nb.ValueError);
  assert.throws(() => nb.ones([1.5]), nb.ValueError);
});

test('arange, linspace, eye', () => {
  assert.deepEqual(nb.arange(5).toArray(), [0, 1, 2, 3, 4]);
  assert.equal(nb.arange(5).dtype, 'int32');
  assert.deepEqual(nb.arange(1, 2, 0.25).toArray(), [1, 1.25, 1.5, 1.75]);
  assert.equal(nb.arange(1, 2, 0.25).dtype, 'float32');
  assert.deepEqual(nb.arange(5, 0, -2).toArray(), [5, 3, 1]);
  assert.deepEqual(nb.arange(3, 3).toArray(), []);
  assert.throws(() => nb.arange(0, 1, 0), nb.ValueError);
  assert.deepEqual(nb.linspace(0, 1, 5).toArray(), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(nb.linspace(2, 2, 1).toArray(), [2]);
  assert.deepEqual(nb.linspace(0, 1, 0).toArray(), []);
  const l = nb.linspace(-1, 1, 7, { dtype: 'float64' }).dataSync();
  assert.equal(l[6], 1);
  assert.equal(l[0], -1);
  assert.deepEqual(nb.eye(2).toArray(), [[1, 0], [0, 1]]);
  assert.deepEqual(nb.eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
  assert.equal(nb.eye(2, 2, { dtype: 'int32' }).dtype, 'int32');
});
