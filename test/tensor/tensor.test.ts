import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';

test('toArray, item and dataSync on contiguous and strided tensors', () => {
  const x = nb.tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(x.t().toArray(), [[1, 4], [2, 5], [3, 6]]);
  assert.deepEqual([...x.t().dataSync()], [1, 4, 2, 5, 3, 6]);
  assert.deepEqual([...x.slice(1, 0, 3, 2).dataSync()], [1, 3, 4, 6]);
  assert.deepEqual([...x.select(0, 1).dataSync()], [4, 5, 6]); // view with an offset
  assert.ok(x.select(0, 1).dataSync() instanceof Float32Array);
  assert.equal(x.select(0, 1).select(0, 2).item(), 6);
  assert.equal(nb.tensor(3).item(), 3);
  assert.equal(nb.tensor([[7]]).item(), 7);
  assert.throws(() => x.item(), (e: Error) => e instanceof nb.ValueError && /\[2, 3\]/.test(e.message));
  assert.deepEqual(nb.tensor(5).toArray(), 5);
  assert.deepEqual(nb.zeros([2, 0]).toArray(), [[], []]);
  assert.deepEqual(nb.tensor([true]).toArray(), [true]);
  assert.equal(nb.tensor([true]).item(), 1);
  assert.deepEqual(nb.expand(nb.tensor([1, 2]), [2, 2]).toArray(), [[1, 2], [1, 2]]);
});

test('dtype promotion follows PyTorch', () => {
  const f32 = nb.ones([2]), f64 = nb.ones([2], { dtype: 'float64' });
  const i32 = nb.ones([2], { dtype: 'int32' }), b = nb.ones([2], { dtype: 'bool' });
  assert.equal(nb.add(i32, f32).dtype, 'float32'); // int + float → float32
  assert.equal(nb.add(f32, f64).dtype, 'float64');
  assert.equal(nb.mul(i32, b).dtype, 'int32');
  assert.equal(nb.add(b, b).dtype, 'int32');
  assert.equal(nb.add(i32, i32).dtype, 'int32');
  // a scalar does not upcast a tensor's dtype
  assert.equal(nb.mul(f32, 2.5).dtype, 'float32');
  assert.equal(nb.mul(nb.ones([1], { dtype: 'float64' }), 2).dtype, 'float64');
  assert.equal(nb.add(i32, 3).dtype, 'int32');
  // ... but a float scalar makes an int tensor float32 (the default float dtype)
  assert.equal(nb.add(i32, 0.5).dtype, 'float32');
  assert.equal(nb.add(b, 1).dtype, 'int32');
  // a 0-d tensor acts like a scalar: it decides the dtype only from a higher category (torch.result_type)
  const d0 = nb.tensor(1.5, { dtype: 'float64' });
  assert.equal(nb.add(f32, d0).dtype, 'float32');
  assert.equal(nb.add(d0, f32).dtype, 'float32');
  assert.equal(nb.add(i32, d0).dtype, 'float64');
  assert.equal(nb.add(i32, nb.tensor(2.5)).dtype, 'float32');
  assert.equal(nb.add(b, nb.tensor(2, { dtype: 'int32' })).dtype, 'int32');
  assert.equal(nb.add(nb.tensor(1), d0).dtype, 'float64'); // both 0-d: the usual promotion
  assert.equal(nb.where(nb.tensor([true, false]), f32, d0).dtype, 'float32');
  const g = nb.tensor(2, { dtype: 'float64', requiresGrad: true });
  nb.mul(nb.ones([3]), g).sum().backward();
  assert.equal((g.grad as nb.Tensor).dtype, 'float64'); // the gradient keeps its leaf's dtype
  assert.equal((g.grad as nb.Tensor).item(), 3);
  // comparisons give bool
  for (const op of [nb.eq, nb.ne, nb.lt, nb.le, nb.gt, nb.ge]) {
    assert.equal(op(f32, i32).dtype, 'bool');
    assert.equal(op(f64, 1).dtype, 'bool');
  }
  // true division of ints gives float32
  const q = nb.div(nb.tensor([1, 7], { dtype: 'int32' }), nb.tensor([2, 2], { dtype: 'int32' }));
  assert.equal(q.dtype, 'float32');
  assert.deepEqual(q.toArray(), [0.5, 3.5]);
  assert.equal(nb.div(i32, 2).dtype, 'float32');
  assert.equal(nb.div(f64, i32).dtype, 'float64');
  // unary float ops on ints compute in float32; the 'keep' ones keep the dtype
  assert.equal(nb.exp(i32).dtype, 'float32');
  assert.equal(nb.abs(i32).dtype, 'int32');
  assert.equal(nb.neg(i32).dtype, 'int32');
  assert.equal(nb.sum(b).dtype, 'int32');
  assert.equal(nb.mean(i32).dtype, 'float32');
});
