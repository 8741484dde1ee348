import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

const f64 = (...shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });
const mask = nb.tensor([[true, false, true], [false, false, true]]);

test('maskedFill: scalar, -inf, 0-d tensor value, broadcast mask, int', () => {
  const x = nb.tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(nb.maskedFill(x, mask, 0).toArray(), [[0, 2, 0], [4, 5, 0]]);
  assert.deepEqual(x.maskedFill(mask, -Infinity).toArray(), [[-Infinity, 2, -Infinity], [4, 5, -Infinity]]);
  assert.deepEqual(nb.maskedFill(x, nb.tensor([true, false, false]), nb.scalar(9)).toArray(), [[9, 2, 3], [9, 5, 6]]);
  const xi = nb.tensor([[1, 2, 3]], { dtype: 'int32' });
  const fi = nb.maskedFill(xi, nb.tensor([[false, true, false]]), 7);
  assert.equal(fi.dtype, 'int32');
  assert.deepEqual(fi.toArray(), [[1, 7, 3]]);
  assert.deepEqual(nb.maskedFill(x.t(), mask.t(), 0).toArray(), [[0, 4], [2, 5], [0, 0]]);
  assert.ok(Number.isNaN(nb.maskedFill(x, mask, NaN).dataSync()[0]));
  assert.deepEqual(nb.maskedFill(nb.zeros([0, 3]), nb.tensor([true, true, true]), 1).shape, [0, 3]);
});

test('maskedFill: errors', () => {
  assert.throws(() => nb.maskedFill(nb.zeros([2, 3]), nb.zeros([2, 3]), 1), (e: Error) => e instanceof nb.DTypeError && /float32/.test(e.message));
  assert.throws(() => nb.maskedFill(nb.zeros([2, 3]), nb.tensor([true, false]), 1), nb.ShapeError);
  assert.throws(() => nb.maskedFill(nb.zeros([2]), nb.tensor([true, false]), nb.ones([2])), nb.ValueError);
});

test('maskedFill: gradients to x and to a 0-d value', () => {
  assert.ok(gradcheck((t) => nb.maskedFill(t, mask, 1.5), [f64(2, 3)]));
  assert.ok(gradcheck((t, v) => nb.maskedFill(t, mask, v), [f64(2, 3), f64()]));
  assert.ok(gradgradcheck((t) => nb.maskedFill(nb.mul(t, t), mask, 0), [f64(2, 3)]));
});

test('nonzero / argwhere: coordinates in row-major order', () => {
  assert.deepEqual(nb.nonzero(mask).toArray(), [[0, 0], [0, 2], [1, 2]]);
  assert.equal(nb.nonzero(mask).dtype, 'int32');
  assert.deepEqual(nb.nonzero(nb.tensor([0, 3, NaN, 0])).toArray(), [[1], [2]]);
  assert.deepEqual(nb.nonzero(mask, { asTuple: true }).map((t) => t.toArray()), [[0, 0, 1], [0, 2, 2]]);
  assert.deepEqual(nb.nonzero(nb.zeros([2, 2])).shape, [0, 2]);
  assert.deepEqual(nb.nonzero(nb.scalar(3)).shape, [1, 0]);
  assert.deepEqual(nb.argwhere(mask.t()).toArray(), [[0, 0], [2, 0], [2, 1]]);
});

test('maskedSelect: picks, broadcasts, gradients', () => {
  const x = nb.tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(nb.maskedSelect(x, mask).toArray(), [1, 3, 6]);
  assert.deepEqual(x.maskedSelect(nb.tensor([false, true, true])).toArray(), [2, 3, 5, 6]);
  assert.deepEqual(nb.maskedSelect(x, nb.zeros([2, 3], { dtype: 'bool' })).shape, [0]);
  assert.throws(() => nb.maskedSelect(x, nb.ones([2, 3])), nb.DTypeError);
  assert.ok(gradcheck((t) => nb.maskedSelect(t, mask), [f64(2, 3)]));
  assert.ok(gradcheck((t) => nb.maskedSelect(t, mask), [f64(3)])); // x broadcast to the mask
});
