import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import { gradcheck } from '../../../src/autograd/gradcheck.js';

const f64 = (...shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });

test('interpolate nearest: repeats, legacy floor(dst * in / out) sources, 3-D input', () => {
  const x = nb.tensor([[[[1, 2]]]]);
  assert.deepEqual(nb.interpolate(x, { scaleFactor: 2 }).toArray(), [[[[1, 1, 2, 2], [1, 1, 2, 2]]]]);
  // W 3 → 5: src = floor(dst * 0.6) = 0, 0, 1, 1, 2
  assert.deepEqual(nb.interpolate(nb.tensor([[[1, 2, 3]]]), { size: 5 }).toArray(), [[[1, 1, 2, 2, 3]]]);
  // W 4 → 2 (downsampling picks 0 and 2)
  assert.deepEqual(nb.interpolate(nb.tensor([[[1, 2, 3, 4]]]), { size: 2, mode: 'nearest' }).toArray(), [[[1, 3]]]);
  assert.deepEqual(nb.interpolate(nb.randn([1, 2, 3, 4]), { scaleFactor: [2, 0.5] }).shape, [1, 2, 6, 2]);
});

test('interpolate bilinear/linear: alignCorners true and false', () => {
  const x = nb.tensor([[[[0, 3]]]]);
  assert.deepEqual(nb.interpolate(x, { size: [1, 4], mode: 'bilinear', alignCorners: true }).toArray(), [[[[0, 1, 2, 3]]]]);
  // src = (dst + 0.5) / 2 - 0.5, clamped to [0, in - 1]: 0, 0.25, 0.75, 1
  assert.deepEqual(nb.interpolate(nb.tensor([[[0, 4]]]), { size: 4, mode: 'linear' }).toArray(), [[[0, 1, 3, 4]]]);
  const y = nb.interpolate(nb.tensor([[[[0, 1], [2, 3]]]]), { size: [3, 3], mode: 'bilinear', alignCorners: true });
  assert.deepEqual(y.toArray(), [[[[0, 0.5, 1], [1, 1.5, 2], [2, 2.5, 3]]]]);
  assert.deepEqual(nb.interpolate(nb.zeros([0, 2, 3, 3]), { size: [4, 5], mode: 'bilinear' }).shape, [0, 2, 4, 5]);
});

test('interpolate: scaleFactor drives the source map even when a size does not change (as PyTorch)', () => {
  // 3 * 1.2 → 3 outputs; nearest still maps dst → floor(dst / 1.2): 0, 0, 1
  assert.deepEqual(nb.interpolate(nb.tensor([[[0, 1, 2], [3, 4, 5]]]), { scaleFactor: 1.2 }).toArray(), [[[0, 0, 1], [3, 3, 4]]]);
  // the linear modes leave such a dim unchanged
  assert.deepEqual(nb.interpolate(nb.tensor([[[0, 1, 2]]]), { scaleFactor: 1.2, mode: 'linear' }).toArray(), [[[0, 1, 2]]]);
  // the source index is computed in float32 (as PyTorch, for every dtype): 39 * f32(1 / 1.3) floors to 30, not 29
  for (const dtype of ['float32', 'float64'] as const) {
    assert.equal(nb.interpolate(nb.arange(0, 40, 1, { dtype }).reshape([1, 1, 40]), { scaleFactor: 1.3 }).dataSync()[39], 30);
  }
});

test('interpolate: errors', () => {
  const x = nb.randn([1, 1, 3, 3]);
  assert.throws(() => nb.interpolate(x, { size: 4, mode: 'bicubic' as 'bilinear' }), nb.ValueError);
  assert.throws(() => nb.interpolate(x, { size: 4, scaleFactor: 2 }), nb.ValueError);
  assert.throws(() => nb.interpolate(x, {}), nb.ValueError);
  assert.throws(() => nb.interpolate(x, { size: 4, alignCorners: true }), nb.ValueError);
  assert.throws(() => nb.interpolate(x, { size: [4, 4, 4] }), nb.ValueError);
  assert.throws(() => nb.interpolate(nb.randn([1, 3, 3]), { size: 4, mode: 'bilinear' }), (e: Error) => e instanceof nb.ShapeError && /\[N, C, H, W\]/.test(e.message));
  assert.throws(() => nb.interpolate(nb.randn([3, 3]), { size: 4 }), nb.ShapeError);
  assert.throws(() => nb.interpolate(x, { scaleFactor: 0.1 }), nb.ValueError);
});

test('interpolate: gradcheck', () => {
  assert.ok(gradcheck((x) => nb.interpolate(x, { size: [4, 5], mode: 'bilinear' }), [f64(1, 2, 3, 3)]));
  assert.ok(gradcheck((x) => nb.interpolate(x, { size: [2, 3], mode: 'bilinear', alignCorners: true }), [f64(1, 1, 4, 5)]));
  assert.ok(gradcheck((x) => nb.interpolate(x, { scaleFactor: 1.7 }), [f64(1, 1, 3, 2)]));
  assert.ok(gradcheck((x) => nb.interpolate(x, { scaleFactor: 1.5, mode: 'linear' }), [f64(2, 1, 4)]));
});
