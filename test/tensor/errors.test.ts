import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';

const isErr = (cls: new (...a: never[]) => Error, re: RegExp) => (e: Error) => {
  assert.ok(e instanceof cls, `expected ${cls.name}, got ${e.constructor.name}: ${e.message}`);
  assert.match(e.message, re);
  return true;
};

test('errors: mismatched shapes name the op and both shapes', () => {
  assert.throws(() => nb.matmul(nb.ones([32, 784]), nb.ones([512, 256])),
    isErr(nb.ShapeError, /^matmul: \[32, 784\] @ \[512, 256\]: inner dimensions 784 and 512 differ$/));
  assert.throws(() => nb.matmul(nb.ones([2, 3, 4]), nb.ones([5, 6])), isErr(nb.ShapeError, /\[2, 3, 4\] @ \[5, 6\].*4 and 5/));
  assert.throws(() => nb.matmul(nb.ones([3]), nb.ones([4])), isErr(nb.ShapeError, /dot.*3 and 4/));
  assert.throws(() => nb.add(nb.ones([2, 3]), nb.ones([4])), isErr(nb.ShapeError, /add: shapes \[2, 3\] and \[4\] cannot be broadcast/));
  assert.throws(() => nb.reshape(nb.ones([2, 3]), [4]), isErr(nb.ShapeError, /reshape: shape \[4\] is invalid for input of shape \[2, 3\]/));
  assert.throws(() => nb.bmm(nb.ones([2, 2, 2]), nb.ones([3, 2, 2])), isErr(nb.ShapeError, /bmm/));
});

test('errors: wrong dtypes', () => {
  const i = nb.ones([2, 2], { dtype: 'int32' });
  assert.throws(() => nb.matmul(i, i), isErr(nb.DTypeError, /matmul: expected floating-point tensors, got int32 and int32/));
  assert.throws(() => nb.var(i), isErr(nb.DTypeError, /var/));
  assert.throws(() => nb.zeros([2], { dtype: 'int32', requiresGrad: true }), nb.DTypeError);
});

test('errors: out-of-range dims and indices are IndexErrors', () => {
  const x = nb.ones([2, 3]);
  assert.throws(() => nb.sum(x, 2), isErr(nb.IndexError, /sum: dim 2 is out of range for a tensor of rank 2 \(expected -2 to 1\)/));
  assert.throws(() => nb.sum(x, -3), nb.IndexError);
  assert.throws(() => nb.max(x, 5), nb.IndexError);
  assert.throws(() => nb.transpose(x, 0, 2), nb.IndexError);
  assert.throws(() => nb.select(x, 0, 2), isErr(nb.IndexError, /select: index 2 is out of range for dimension 0 of size 2/));
  assert.throws(() => nb.softmax(x, 3), nb.IndexError);
  assert.throws(() => nb.sum(x, [0, 0]), nb.ValueError);
});

test('errors: empty tensors and zero-size dims through sum/mean/max', () => {
  const e = nb.zeros([0, 3]);
  assert.deepEqual(nb.sum(e, 0).toArray(), [0, 0, 0]);
  assert.equal(nb.sum(e).item(), 0);
  assert.deepEqual([...nb.sum(e, 1).shape], [0]);
  assert.ok(Number.isNaN(nb.mean(e).item()));
  assert.ok(nb.mean(e, 0).dataSync().every(Number.isNaN));
  assert.deepEqual([...nb.max(e, 1).values.shape], [0]); // reducing a non-empty dim of an empty tensor is fine
  assert.throws(() => nb.max(e), isErr(nb.IndexError, /max.*size 0/));
  assert.throws(() => nb.max(e, 0), nb.IndexError);
  assert.throws(() => nb.min(nb.zeros([0])), nb.IndexError);
  assert.throws(() => nb.argmax(nb.zeros([0])), nb.IndexError);
  assert.equal(nb.prod(nb.zeros([0])).item(), 1);
  assert.deepEqual(nb.matmul(nb.zeros([2, 0]), nb.zeros([0, 3])).toArray(), [[0, 0, 0], [0, 0, 0]]);
  assert.deepEqual([...nb.add(e, 1).shape], [0, 3]);
});

test('errors: NaN and Inf propagate through add/exp/sum/max/matmul/softmax', () => {
  const x = nb.tensor([[1, NaN], [Infinity, 2]]);
  assert.deepEqual(nb.add(x, 1).toArray(), [[2, NaN], [Infinity, 3]]);
  assert.deepEqual(nb.exp(nb.tensor([-Infinity, Infinity, NaN])).toArray(), [0, Infinity, NaN]);
  assert.deepEqual(nb.sum(x, 1).toArray(), [NaN, Infinity]);
  assert.ok(Number.isNaN(nb.sum(x).item()));
  assert.ok(Number.isNaN(nb.max(x).item()));
  assert.deepEqual(nb.max(x, 1).values.toArray(), [NaN, Infinity]);
  assert.deepEqual(nb.max(x, 1).indices.toArray(), [1, 0]);
  assert.equal(nb.sum(nb.tensor([Infinity, -Infinity])).dataSync()[0], NaN);
  // as torch: 0 * inf and 0 * nan are NaN, so an identity matrix does not mask them
  assert.deepEqual(nb.matmul(nb.tensor([[1, 0], [0, 1]]), x).toArray(), [[NaN, NaN], [Infinity, NaN]]);
  const m2 = nb.matmul(nb.tensor([[NaN, 0]]), nb.tensor([[1], [1]])).toArray() as number[][];
  assert.ok(Number.isNaN(m2[0][0]), 'NaN * 1 + 0 * 1 is NaN');
  // torch.softmax gives [[nan, nan], [nan, nan], [0, 1], [nan, nan]]
  const s = nb.softmax(nb.tensor([[1, NaN], [0, Infinity], [-Infinity, 0], [-Infinity, -Infinity]]), 1);
  assert.deepEqual(s.toArray(), [[NaN, NaN], [NaN, NaN], [0, 1], [NaN, NaN]]);
});
