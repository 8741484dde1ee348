import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import { gradcheck } from '../../../src/autograd/gradcheck.js';

const i32 = (data: nb.NestedArray[]) => nb.tensor(data, { dtype: 'int32' });

test('embedding: looks up rows, any index shape', () => {
  const w = nb.tensor([[0, 1], [10, 11], [20, 21]]);
  assert.deepEqual(nb.embedding(i32([[2, 0], [1, 1]]), w).toArray(), [[[20, 21], [0, 1]], [[10, 11], [10, 11]]]);
  assert.deepEqual(nb.embedding(nb.tensor(1, { dtype: 'int32' }), w).toArray(), [10, 11]);
  assert.deepEqual(nb.embedding(nb.zeros([0], { dtype: 'int32' }), w).shape, [0, 2]);
  assert.deepEqual(nb.embedding(i32([[0, 1, 2]]).t(), w).shape, [3, 1, 2]); // non-contiguous indices
});

test('embedding: repeated indices accumulate; paddingIdx gets no gradient but keeps its value', () => {
  const w = nb.ones([3, 2], { requiresGrad: true });
  nb.embedding(i32([0, 2, 0, 0]), w).sum().backward();
  assert.deepEqual((w.grad as nb.Tensor).toArray(), [[3, 3], [0, 0], [1, 1]]);
  const w2 = nb.ones([3, 2], { requiresGrad: true });
  const y = nb.embedding(i32([0, 2, 0]), w2, { paddingIdx: 0 });
  assert.deepEqual(y.toArray(), [[1, 1], [1, 1], [1, 1]]);
  y.sum().backward();
  assert.deepEqual((w2.grad as nb.Tensor).toArray(), [[0, 0], [0, 0], [1, 1]]);
  const w3 = nb.ones([3, 2], { requiresGrad: true });
  nb.embedding(i32([0, 2]), w3, { paddingIdx: -1 }).sum().backward();
  assert.deepEqual((w3.grad as nb.Tensor).toArray(), [[1, 1], [0, 0], [0, 0]]);
});

test('embedding: errors', () => {
  const w = nb.randn([3, 2]);
  assert.throws(() => nb.embedding(i32([0, 3]), w), (e: Error) => e instanceof nb.IndexError && /embedding/.test(e.message) && /3/.test(e.message));
  assert.throws(() => nb.embedding(i32([-1]), w), nb.IndexError);
  assert.throws(() => nb.embedding(nb.tensor([0, 1]), w), nb.DTypeError);
  assert.throws(() => nb.embedding(i32([0]), nb.randn([3])), (e: Error) => e instanceof nb.ShapeError && /\[numEmbeddings, embeddingDim\]/.test(e.message));
  assert.throws(() => nb.embedding(i32([0]), w, { paddingIdx: 3 }), nb.IndexError);
});

test('embedding: gradcheck', () => {
  const idx = i32([[1, 0], [1, 3]]);
  assert.ok(gradcheck((w) => nb.embedding(idx, w), [nb.randn([4, 3], { dtype: 'float64', requiresGrad: true })]));
  // (with paddingIdx the analytic gradient is zero at that row by design, so gradcheck does not apply)
});
