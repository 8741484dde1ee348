import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

const m = () => nb.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);

test('tril/triu: diagonal offsets', () => {
  assert.deepEqual(nb.tril(m()).toArray(), [[1, 0, 0], [4, 5, 0], [7, 8, 9]]);
  assert.deepEqual(nb.tril(m(), -1).toArray(), [[0, 0, 0], [4, 0, 0], [7, 8, 0]]);
  assert.deepEqual(nb.tril(m(), 1).toArray(), [[1, 2, 0], [4, 5, 6], [7, 8, 9]]);
  assert.deepEqual(nb.triu(m()).toArray(), [[1, 2, 3], [0, 5, 6], [0, 0, 9]]);
  assert.deepEqual(m().triu(1).toArray(), [[0, 2, 3], [0, 0, 6], [0, 0, 0]]);
  assert.deepEqual(nb.triu(m(), -1).toArray(), [[1, 2, 3], [4, 5, 6], [0, 8, 9]]);
});

test('tril/triu: rectangular, batched, int, non-contiguous, NaN', () => {
  assert.deepEqual(nb.tril(nb.ones([2, 3])).toArray(), [[1, 0, 0], [1, 1, 0]]);
  const b = nb.tril(nb.ones([2, 2, 2], { dtype: 'int32' }));
  assert.equal(b.dtype, 'int32');
  assert.deepEqual(b.toArray(), [[[1, 0], [1, 1]], [[1, 0], [1, 1]]]);
  assert.deepEqual(nb.tril(m().t()).toArray(), [[1, 0, 0], [2, 5, 0], [3, 6, 9]]);
  const n = nb.triu(nb.tensor([[1, NaN], [NaN, 1]])).dataSync();
  assert.ok(Number.isNaN(n[1]));
  assert.equal(n[2], 0); // masked NaN becomes 0, as in PyTorch
  assert.deepEqual(nb.tril(nb.zeros([0, 3])).shape, [0, 3]);
});

test('tril/triu: errors', () => {
  assert.throws(() => nb.tril(nb.ones([3])), (e: Error) => e instanceof nb.ShapeError && /\[3\]/.test(e.message));
  assert.throws(() => nb.triu(nb.ones([2, 2]), 0.5), nb.ValueError);
});

test('tril/triu: gradients are the same triangle', () => {
  const x = nb.randn([3, 4], { dtype: 'float64', requiresGrad: true });
  assert.ok(gradcheck((t) => nb.tril(t, 1), [x]));
  assert.ok(gradcheck((t) => nb.triu(t, -1), [x]));
  assert.ok(gradgradcheck((t) => nb.tril(nb.mul(t, t)), [x]));
});
