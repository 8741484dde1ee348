import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import { gradcheck, gradgradcheck } from '../../../src/autograd/gradcheck.js';

// Distinct values, so the max is unique and finite differences do not cross a tie.
const f64 = (...shape: number[]) => {
  const n = shape.reduce((a, b) => a * b, 1);
  const perm = nb.randperm(n).dataSync();
  return nb.tensor(Array.from(perm, (v) => v * 0.37 - n * 0.1), { dtype: 'float64' }).reshape(shape).requiresGrad_();
};

test('maxPool2d: hand-checked values and indices, stride defaults to kernelSize', () => {
  const x = nb.tensor([[[[1, 5, 2, 0], [3, 4, 8, 1], [0, 0, 1, 1], [9, 0, 1, 2]]]]);
  assert.deepEqual(nb.maxPool2d(x, 2).toArray(), [[[[5, 8], [9, 2]]]]);
  const [v, i] = nb.maxPool2d(x, 2, { returnIndices: true });
  assert.deepEqual(v.toArray(), [[[[5, 8], [9, 2]]]]);
  assert.deepEqual(i.toArray(), [[[[1, 6], [12, 15]]]]);
  assert.equal(i.dtype, 'int32');
  // padding is never the max, even for negative inputs
  assert.deepEqual(nb.maxPool2d(nb.sub(x, 10), 3, { stride: 2, padding: 1 }).toArray(), [[[[-5, -2], [-1, -2]]]]);
  // unbatched [C, H, W]
  assert.deepEqual(nb.maxPool2d(nb.reshape(x, [1, 4, 4]), [2, 4]).toArray(), [[[8], [9]]]);
});

test('maxPool: ceilMode keeps a last partial window only if it starts inside the input or left padding', () => {
  const x = nb.arange(0, 5, 1, { dtype: 'float32' }).reshape([1, 1, 5]);
  assert.deepEqual(nb.maxPool1d(x, 2).toArray(), [[[1, 3]]]);
  assert.deepEqual(nb.maxPool1d(x, 2, { ceilMode: true }).toArray(), [[[1, 3, 4]]]);
  // k 3, stride 3, pad 1: floor gives 2; ceil would give 3 but the third window starts in the right padding
  assert.deepEqual(nb.maxPool1d(x, 3, { stride: 3, padding: 1, ceilMode: true }).shape, [1, 1, 2]);
  assert.deepEqual(nb.maxPool2d(nb.randn([1, 1, 5, 5]), 2, { ceilMode: true }).shape, [1, 1, 3, 3]);
});

test('maxPool: NaN wins, dilation, zero-size batch, non-contiguous input', () => {
  const x = nb.tensor([[[1, NaN, 3, 4]]]);
  const y = nb.maxPool1d(x, 2).dataSync();
  assert.ok(Number.isNaN(y[0]));
  assert.equal(y[1], 4);
  assert.deepEqual(nb.maxPool1d(nb.tensor([[[1, 9, 3, 4, 5]]]), 2, { stride: 1, dilation: 3 }).toArray(), [[[4, 9]]]);
  assert.deepEqual(nb.maxPool2d(nb.zeros([0, 3, 4, 4]), 2).shape, [0, 3, 2, 2]);
  const a = nb.randn([1, 2, 4, 6]);
  const at = nb.transpose(nb.contiguous(nb.transpose(a, 2, 3)), 2, 3);
  assert.deepEqual(nb.maxPool2d(at, 2).toArray(), nb.maxPool2d(a, 2).toArray());
});

test('pooling: errors', () => {
  assert.throws(() => nb.maxPool2d(nb.randn([4, 4]), 2), (e: Error) => e instanceof nb.ShapeError && /\[N, C, H, W\]/.test(e.message));
  assert.throws(() => nb.maxPool1d(nb.randn([1, 1, 4, 4]), 2), (e: Error) => e instanceof nb.ShapeError && /\[N, C, L\]/.test(e.message));
  assert.throws(() => nb.maxPool2d(nb.randn([1, 1, 4, 4]), 2, { padding: 2 }), (e: Error) => e instanceof nb.ValueError && /half/.test(e.message));
  assert.throws(() => nb.maxPool2d(nb.randn([1, 1, 2, 2]), 3), (e: Error) => e instanceof nb.ShapeError && /larger than the padded input/.test(e.message));
  assert.throws(() => nb.avgPool2d(nb.randn([1, 1, 4, 4]), 0), nb.ValueError);
  assert.throws(() => nb.avgPool1d(nb.ones([1, 1, 4], { dtype: 'int32' }), 2), nb.DTypeError);
});

test('avgPool: countIncludePad, ceilMode divisor, divisorOverride', () => {
  const x = nb.tensor([[[1, 2, 3, 4, 5]]]);
  assert.deepEqual(nb.avgPool1d(x, 2).toArray(), [[[1.5, 3.5]]]);
  // pad 1: windows [0,1], [2,3], [4,5]; padding counts: (0+1)/2... with k 2 stride 2 pad 1
  assert.deepEqual(nb.avgPool1d(x, 2, { padding: 1 }).toArray(), [[[0.5, 2.5, 4.5]]]);
  assert.deepEqual(nb.avgPool1d(x, 2, { padding: 1, countIncludePad: false }).toArray(), [[[1, 2.5, 4.5]]]);
  // ceilMode: the last window [4] is clipped at the input's end and divides by 1
  assert.deepEqual(nb.avgPool1d(x, 2, { ceilMode: true }).toArray(), [[[1.5, 3.5, 5]]]);
  assert.deepEqual(nb.avgPool1d(x, 2, { divisorOverride: 1 }).toArray(), [[[3, 7]]]);
  assert.deepEqual(nb.avgPool2d(nb.ones([1, 1, 3, 3]), 2, { padding: 1, divisorOverride: 2 }).toArray(), [[[[0.5, 1], [1, 2]]]]);
  assert.deepEqual(nb.avgPool2d(nb.zeros([0, 2, 4, 4]), 2).shape, [0, 2, 2, 2]);
});

test('pooling: gradcheck', () => {
  assert.ok(gradcheck((x) => nb.maxPool2d(x, [3, 2], { stride: 2, padding: 1, dilation: [1, 2], ceilMode: true }), [f64(1, 2, 5, 6)]));
  assert.ok(gradcheck((x) => nb.maxPool1d(x, 2, { stride: 1 }), [f64(2, 1, 5)])); // overlapping windows
  assert.ok(gradcheck((x) => nb.avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }), [f64(1, 2, 6, 5)]));
  assert.ok(gradcheck((x) => nb.avgPool1d(x, 3, { stride: 2, padding: 1 }), [f64(1, 2, 7)]));
  assert.ok(gradcheck((x) => nb.avgPool2d(x, 2, { divisorOverride: 3 }), [f64(1, 1, 4, 4)]));
});

test('pooling: second order (the backward ops are differentiable)', () => {
  assert.ok(gradgradcheck((x) => nb.maxPool2d(nb.mul(x, x), 2, { stride: 1 }), [f64(1, 1, 3, 3)]));
  assert.ok(gradgradcheck((x) => nb.avgPool2d(nb.mul(x, x), 2, { padding: 1 }), [f64(1, 1, 3, 3)]));
  // padded windows: more outputs than input positions
  assert.ok(gradgradcheck((x) => nb.maxPool2d(nb.mul(x, x), 2, { stride: 1, padding: 1 }), [f64(1, 2, 2, 2)]));
});
