import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

// Expected values checked against torch.nn.functional.pad (PyTorch 1.13).
const x5 = () => nb.tensor([[[1, 2, 3, 4, 5]]]);
const y = () => nb.arange(6, undefined, 1, { dtype: 'float32' }).reshape([1, 2, 3]);
const f64 = (...shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });

test('pad: reflect, replicate, circular along the last dim', () => {
  assert.deepEqual(nb.pad(x5(), [2, 3], { mode: 'reflect' }).toArray(), [[[3, 2, 1, 2, 3, 4, 5, 4, 3, 2]]]);
  assert.deepEqual(nb.pad(x5(), [2, 3], { mode: 'replicate' }).toArray(), [[[1, 1, 1, 2, 3, 4, 5, 5, 5, 5]]]);
  assert.deepEqual(nb.pad(x5(), [2, 3], 'circular').toArray(), [[[4, 5, 1, 2, 3, 4, 5, 1, 2, 3]]]);
  assert.deepEqual(nb.pad(x5(), [-1, 2], { mode: 'replicate' }).toArray(), [[[2, 3, 4, 5, 5, 5]]]);
});

test('pad: constant (value, several dims, negative pads crop, int dtype)', () => {
  assert.deepEqual(nb.pad(y(), [1, 1, 1, 0], { value: 9 }).toArray(), [[[9, 9, 9, 9, 9], [9, 0, 1, 2, 9], [9, 3, 4, 5, 9]]]);
  assert.deepEqual(nb.pad(y(), [1, 1, 1, 0], 'constant', 9).toArray(), [[[9, 9, 9, 9, 9], [9, 0, 1, 2, 9], [9, 3, 4, 5, 9]]]);
  assert.deepEqual(nb.pad(y(), [1, -1, -1, 1]).toArray(), [[[0, 3, 4], [0, 0, 0]]]);
  const i = nb.pad(nb.tensor([1, 2], { dtype: 'int32' }), [1, 0], { value: 7 });
  assert.equal(i.dtype, 'int32');
  assert.deepEqual(i.toArray(), [7, 1, 2]);
  assert.deepEqual(nb.pad(nb.zeros([2, 0]), [1, 1]).toArray(), [[0, 0], [0, 0]]);
  assert.deepEqual(nb.pad(y(), []).toArray(), y().toArray());
});

test('pad: reflect over two dims, non-contiguous input, NaN', () => {
  assert.deepEqual(nb.pad(y(), [1, 1, 1, 1], { mode: 'reflect' }).toArray(),
    [[[4, 3, 4, 5, 4], [1, 0, 1, 2, 1], [4, 3, 4, 5, 4], [1, 0, 1, 2, 1]]]);
  const t = nb.tensor([[1, 2], [3, 4]]).t(); // [[1, 3], [2, 4]]
  assert.deepEqual(nb.pad(t, [1, 0], { mode: 'replicate' }).toArray(), [[1, 1, 3], [2, 2, 4]]);
  assert.deepEqual(nb.pad(t, [0, 1]).toArray(), [[1, 3, 0], [2, 4, 0]]);
  assert.ok(Number.isNaN(nb.pad(nb.tensor([NaN, 1]), [1, 0], { mode: 'reflect' }).dataSync()[1]));
});

test('pad: errors', () => {
  assert.throws(() => nb.pad(x5(), [5, 0], { mode: 'reflect' }), (e: Error) => e instanceof nb.ValueError && /smaller than/.test(e.message) && /5/.test(e.message));
  assert.throws(() => nb.pad(x5(), [6, 0], { mode: 'circular' }), nb.ValueError);
  assert.throws(() => nb.pad(x5(), [1]), nb.ValueError);
  assert.throws(() => nb.pad(nb.zeros([2]), [1, 1, 1, 1]), nb.ValueError);
  assert.throws(() => nb.pad(x5(), [-3, -3]), nb.ValueError);
  assert.throws(() => nb.pad(x5(), [1, 1], { mode: 'wrap' as nb.PadMode }), nb.ValueError);
  assert.throws(() => nb.pad(nb.zeros([1, 0]), [1, 1], { mode: 'replicate' }), nb.ValueError);
});

test('pad: gradients in every mode', () => {
  assert.ok(gradcheck((t) => nb.pad(t, [1, 2, 0, 1], { value: 0.5 }), [f64(2, 3)]));
  assert.ok(gradcheck((t) => nb.pad(t, [-1, 2, 1, -1]), [f64(3, 4)]));
  assert.ok(gradcheck((t) => nb.pad(t, [2, 1, 1, 1], { mode: 'reflect' }), [f64(1, 3, 4)]));
  assert.ok(gradcheck((t) => nb.pad(t, [3, 1], { mode: 'replicate' }), [f64(2, 3)]));
  assert.ok(gradcheck((t) => nb.pad(t, [1, 2], { mode: 'circular' }), [f64(2, 3)]));
  assert.ok(gradgradcheck((t) => nb.pad(nb.mul(t, t), [1, 1]), [f64(2, 3)]));
  assert.ok(gradgradcheck((t) => nb.pad(nb.mul(t, t), [1, 1], { mode: 'reflect' }), [f64(2, 3)]));
});
