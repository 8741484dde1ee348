import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import { gradcheck } from '../../../src/autograd/gradcheck.js';

const f64 = (...shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });

test('adaptiveAvgPool2d: overlapping bins floor(i*in/out) .. ceil((i+1)*in/out)', () => {
  const x = nb.tensor([[[[1, 2, 3, 4, 5]]]]);
  // W 5 → 3: bins [0,2), [1,4), [3,5)
  const y = nb.adaptiveAvgPool2d(x, [1, 3]).dataSync();
  assert.ok(Math.abs(y[0] - 1.5) < 1e-6 && Math.abs(y[1] - 3) < 1e-6 && Math.abs(y[2] - 4.5) < 1e-6);
  assert.deepEqual(nb.adaptiveAvgPool2d(nb.ones([2, 3, 4, 6]), 1).toArray(), nb.ones([2, 3, 1, 1]).toArray());
  assert.deepEqual(nb.adaptiveAvgPool2d(nb.randn([3, 4, 6]), [2, null]).shape, [3, 2, 6]);
  assert.deepEqual(nb.adaptiveAvgPool2d(nb.zeros([0, 3, 5, 5]), [2, 3]).shape, [0, 3, 2, 3]);
  assert.deepEqual(nb.adaptiveAvgPool1d(nb.randn([2, 3, 7]), 4).shape, [2, 3, 4]);
});

test('adaptiveAvgPool2d: upsampling repeats, Inf stays in its bin when bins divide evenly', () => {
  assert.deepEqual(nb.adaptiveAvgPool2d(nb.tensor([[[[1, 2]]]]), [2, 4]).toArray(), [[[[1, 1, 2, 2], [1, 1, 2, 2]]]]);
  const y = nb.adaptiveAvgPool2d(nb.tensor([[[[Infinity, 1, 2, 3]]]]), [1, 2]).dataSync();
  assert.equal(y[0], Infinity);
  assert.equal(y[1], 2.5);
});

test('adaptiveAvgPool2d: errors and gradcheck', () => {
  assert.throws(() => nb.adaptiveAvgPool2d(nb.randn([4, 4]), 2), (e: Error) => e instanceof nb.ShapeError && /\[N, C, H, W\]/.test(e.message));
  assert.throws(() => nb.adaptiveAvgPool2d(nb.randn([1, 1, 4, 4]), -1), nb.ValueError);
  assert.ok(gradcheck((x) => nb.adaptiveAvgPool2d(x, [2, 3]), [f64(1, 2, 5, 7)]));
  assert.ok(gradcheck((x) => nb.adaptiveAvgPool2d(x, 2), [f64(1, 1, 4, 4)]));
});

test('adaptiveMaxPool2d: bins, indices, NaN, gradient to the argmax, gradcheck', () => {
  const x = nb.tensor([[[[1, 5, 2, 0, 3], [3, 4, 8, 1, 7]]]]);
  // W 5 → 3: bins [0,2), [1,4), [3,5); H 2 → 1
  const [v, i] = nb.adaptiveMaxPool2d(x, [1, 3], true);
  assert.deepEqual(v.toArray(), [[[[5, 8, 7]]]]);
  assert.deepEqual(i.toArray(), [[[[1, 7, 9]]]]);
  assert.deepEqual(nb.adaptiveMaxPool2d(nb.randn([3, 4, 4]), 2).shape, [3, 2, 2]);
  assert.ok(Number.isNaN(nb.adaptiveMaxPool2d(nb.tensor([[[[1, NaN, 2]]]]), 1).item()));
  const xg = nb.tensor([[[[1, 5, 2, 0, 3], [3, 4, 8, 1, 7]]]], { requiresGrad: true });
  nb.adaptiveMaxPool2d(xg, [1, 3]).sum().backward();
  // 8 is the max of the overlapping middle bin only; 5 and 7 of theirs
  assert.deepEqual((xg.grad as nb.Tensor).toArray(), [[[[0, 1, 0, 0, 0], [0, 0, 1, 0, 1]]]]);
  assert.throws(() => nb.adaptiveMaxPool2d(nb.randn([4]), 1), nb.ShapeError);
  const perm = nb.randperm(24).dataSync();
  const d = nb.tensor(Array.from(perm, (p) => p * 0.5), { dtype: 'float64' }).reshape([1, 2, 3, 4]).requiresGrad_();
  assert.ok(gradcheck((t) => nb.adaptiveMaxPool2d(t, [2, 3]), [d]));
});
