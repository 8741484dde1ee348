import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import { gradcheck, gradgradcheck } from '../../../src/autograd/gradcheck.js';

const f64 = (...shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-9) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `[${i}] ${a[i]} vs ${b[i]}`);
};

test('conv2d: hand-checked 3x3 input, 2x2 kernel, bias', () => {
  const x = nb.tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
  const w = nb.tensor([[[[1, 0], [0, -1]]]]);
  const y = nb.conv2d(x, w, nb.tensor([10]));
  assert.deepEqual(y.shape, [1, 1, 2, 2]);
  assert.deepEqual(y.toArray(), [[[[6, 6], [6, 6]]]]);
  // padding 1, stride 2: windows at (-1,-1), (-1,1), (1,-1), (1,1)
  assert.deepEqual(nb.conv2d(x, w, null, { stride: 2, padding: 1 }).toArray(), [[[[-1, -3], [-7, -4]]]]);
  // unbatched [C, H, W]
  assert.deepEqual(nb.conv2d(nb.reshape(x, [1, 3, 3]), w).toArray(), [[[-4, -4], [-4, -4]]]);
});

test("conv2d: padding 'same' keeps the size (extra pad at the end for even kernels), 'valid' is none", () => {
  const x = nb.randn([1, 2, 5, 6]);
  assert.deepEqual(nb.conv2d(x, nb.randn([3, 2, 2, 4]), null, { padding: 'same' }).shape, [1, 3, 5, 6]);
  assert.deepEqual(nb.conv2d(x, nb.randn([3, 2, 3, 3]), null, { padding: 'same', dilation: 2 }).shape, [1, 3, 5, 6]);
  assert.deepEqual(nb.conv2d(x, nb.randn([3, 2, 3, 3]), null, { padding: 'valid' }).shape, [1, 3, 3, 4]);
  // even kernel: 'same' equals padding 0 on the top/left with a window of ones reaching one past the end
  const ones = nb.ones([1, 1, 3, 3]);
  assert.deepEqual(nb.conv2d(ones, nb.ones([1, 1, 2, 2]), null, { padding: 'same' }).toArray(), [[[[4, 4, 2], [4, 4, 2], [2, 2, 1]]]]);
  assert.throws(() => nb.conv2d(x, nb.randn([3, 2, 3, 3]), null, { padding: 'same', stride: 2 }), nb.ValueError);
});

test('conv2d: groups and depthwise equal per-group convolutions', () => {
  const x = nb.randn([2, 4, 5, 5]);
  const w = nb.randn([6, 2, 3, 3]);
  const y = nb.conv2d(x, w, null, { groups: 2, padding: 1 });
  const y0 = nb.conv2d(nb.narrow(x, 1, 0, 2), nb.narrow(w, 0, 0, 3), null, { padding: 1 });
  const y1 = nb.conv2d(nb.narrow(x, 1, 2, 2), nb.narrow(w, 0, 3, 3), null, { padding: 1 });
  close(y.dataSync(), nb.cat([y0, y1], 1).dataSync(), 1e-5);
  const dw = nb.conv2d(x, nb.randn([4, 1, 3, 3]), null, { groups: 4 });
  assert.deepEqual(dw.shape, [2, 4, 3, 3]);
});

test('conv2d: non-contiguous input and weight give the same result', () => {
  const x = nb.randn([1, 2, 4, 5]);
  const w = nb.randn([3, 2, 2, 3]);
  const xt = nb.transpose(nb.contiguous(nb.transpose(x, 2, 3)), 2, 3); // same values, transposed strides
  const wt = nb.transpose(nb.contiguous(nb.transpose(w, 0, 1)), 0, 1);
  close(nb.conv2d(xt, wt).dataSync(), nb.conv2d(x, w).dataSync(), 0);
});

test('conv2d/conv1d: errors name the layout', () => {
  const w = nb.randn([2, 2, 3, 3]);
  assert.throws(() => nb.conv2d(nb.randn([2, 5, 5]).reshape([1, 1, 2, 5, 5]), w), (e: Error) => e instanceof nb.ShapeError && /\[N, C, H, W\]/.test(e.message));
  assert.throws(() => nb.conv2d(nb.randn([1, 2, 5, 5]), nb.randn([2, 2, 3])), (e: Error) => e instanceof nb.ShapeError && /\[O, C\/groups, kH, kW\]/.test(e.message));
  assert.throws(() => nb.conv2d(nb.randn([1, 3, 5, 5]), w), (e: Error) => e instanceof nb.ShapeError && /input channels/.test(e.message));
  assert.throws(() => nb.conv2d(nb.randn([1, 3, 5, 5]), nb.randn([2, 1, 3, 3]), null, { groups: 2 }), (e: Error) => e instanceof nb.ValueError && /divisible by groups/.test(e.message));
  assert.throws(() => nb.conv2d(nb.randn([1, 4, 5, 5]), nb.randn([3, 2, 3, 3]), null, { groups: 2 }), nb.ValueError);
  assert.throws(() => nb.conv2d(nb.randn([1, 2, 2, 2]), w), (e: Error) => e instanceof nb.ShapeError && /larger than the padded input/.test(e.message));
  assert.throws(() => nb.conv2d(nb.randn([1, 2, 5, 5]), w, nb.randn([3])), nb.ShapeError);
  assert.throws(() => nb.conv2d(nb.randn([1, 2, 5, 5]), w, null, { stride: 0 }), nb.ValueError);
  assert.throws(() => nb.conv2d(nb.ones([1, 2, 5, 5], { dtype: 'int32' }), w), nb.DTypeError);
  assert.throws(() => nb.conv1d(nb.randn([1, 2, 5, 5]), nb.randn([2, 2, 3])), (e: Error) => e instanceof nb.ShapeError && /\[N, C, L\]/.test(e.message));
  assert.throws(() => nb.conv1d(nb.randn([1, 2, 2]), nb.randn([2, 2, 3])), nb.ShapeError);
});

test('conv2d: zero-size batch, NaN propagation', () => {
  const y = nb.conv2d(nb.zeros([0, 2, 4, 4]), nb.randn([3, 2, 3, 3]), nb.randn([3]));
  assert.deepEqual(y.shape, [0, 3, 2, 2]);
  const x = nb.zeros([1, 1, 3, 3]);
  x.storage[0] = NaN;
  const out = nb.conv2d(x, nb.ones([1, 1, 2, 2])).dataSync();
  assert.ok(Number.isNaN(out[0]) && !Number.isNaN(out[3]));
  // the gradients of a zero-size batch are zero-size / zero
  const w = nb.randn([3, 2, 3, 3], { requiresGrad: true });
  nb.conv2d(nb.zeros([0, 2, 4, 4]), w).sum().backward();
  assert.deepEqual((w.grad as nb.Tensor).toArray(), nb.zeros([3, 2, 3, 3]).toArray());
});

test('conv1d: equals conv2d with H = 1', () => {
  const x = nb.randn([2, 3, 7]);
  const w = nb.randn([4, 3, 3]);
  const y = nb.conv1d(x, w, null, { stride: 2, padding: 1, dilation: 2 });
  const y2 = nb.conv2d(nb.unsqueeze(x, 2), nb.unsqueeze(w, 2), null, { stride: [1, 2], padding: [0, 1], dilation: [1, 2] });
  close(y.dataSync(), y2.dataSync(), 0);
  assert.deepEqual(nb.conv1d(nb.randn([3, 7]), w).shape, [4, 5]);
});

test('conv2d: gradcheck with stride, padding, dilation, groups and bias', () => {
  assert.ok(gradcheck((x, w, b) => nb.conv2d(x, w, b, { stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2 }),
    [f64(2, 4, 5, 5), f64(2, 2, 2, 2), f64(2)]));
  assert.ok(gradcheck((x, w) => nb.conv2d(x, w, null, { padding: 'same' }), [f64(1, 2, 3, 4), f64(2, 2, 2, 3)]));
  assert.ok(gradcheck((x, w, b) => nb.conv1d(x, w, b, { groups: 2, padding: 1 }), [f64(2, 2, 5), f64(4, 1, 3), f64(4)]));
});

test('conv2d: gradgradcheck (the backward trio closes under differentiation)', () => {
  assert.ok(gradgradcheck((x, w, b) => nb.conv2d(x, w, b, { stride: 2, padding: 1 }), [f64(1, 2, 4, 4), f64(2, 2, 3, 3), f64(2)]));
  assert.ok(gradgradcheck((x, w) => nb.conv2d(x, w, null, { groups: 2, dilation: [2, 1] }), [f64(1, 2, 5, 3), f64(4, 1, 2, 2)]));
  assert.ok(gradgradcheck((x, w) => nb.conv2d(nb.tanh(x), w), [f64(1, 1, 3, 3), f64(1, 1, 2, 2)]));
});

test('convTranspose2d: hand-checked stride 2 scatter, output size formula', () => {
  const x = nb.tensor([[[[1, 2], [3, 4]]]]);
  const w = nb.ones([1, 1, 2, 2]);
  assert.deepEqual(nb.convTranspose2d(x, w, null, { stride: 2 }).toArray(), [[[[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]]]);
  assert.deepEqual(nb.convTranspose2d(x, w).toArray(), [[[[1, 3, 2], [4, 10, 6], [3, 7, 4]]]]);
  const y = nb.convTranspose2d(nb.randn([2, 4, 3, 5]), nb.randn([4, 3, 3, 3]), nb.randn([6]), { stride: 2, padding: 1, outputPadding: 1, groups: 2 });
  assert.deepEqual(y.shape, [2, 6, 6, 10]);
  assert.deepEqual(nb.convTranspose1d(nb.randn([1, 2, 4]), nb.randn([2, 3, 3]), null, { stride: 2 }).shape, [1, 3, 9]);
});

test('convTranspose2d: is the adjoint of conv2d', () => {
  // <conv2d(x, w), y> = <x, convTranspose2d(y, w)>
  const x = nb.randn([1, 2, 5, 5], { dtype: 'float64' });
  const w = nb.randn([3, 2, 3, 3], { dtype: 'float64' });
  const y = nb.randn([1, 3, 3, 3], { dtype: 'float64' });
  const lhs = nb.mul(nb.conv2d(x, w, null, { stride: 2, padding: 1 }), y).sum().item();
  const rhs = nb.mul(x, nb.convTranspose2d(y, w, null, { stride: 2, padding: 1 })).sum().item();
  assert.ok(Math.abs(lhs - rhs) < 1e-9);
});

test('convTranspose2d: errors, gradcheck, gradgradcheck', () => {
  assert.throws(() => nb.convTranspose2d(nb.randn([1, 2, 3, 3]), nb.randn([3, 2, 2, 2])), (e: Error) => e instanceof nb.ShapeError && /input channels/.test(e.message));
  assert.throws(() => nb.convTranspose2d(nb.randn([1, 2, 3, 3]), nb.randn([2, 2, 2, 2]), null, { stride: 2, outputPadding: 2 }), nb.ValueError);
  assert.throws(() => nb.convTranspose2d(nb.randn([2, 3, 3]).reshape([1, 1, 2, 3, 3]), nb.randn([2, 2, 2, 2])), (e: Error) => e instanceof nb.ShapeError && /\[N, C, H, W\]/.test(e.message));
  assert.ok(gradcheck((x, w, b) => nb.convTranspose2d(x, w, b, { stride: 2, padding: 1, outputPadding: 1, groups: 2 }), [f64(1, 2, 2, 3), f64(2, 2, 3, 3), f64(4)]));
  assert.ok(gradgradcheck((x, w) => nb.convTranspose2d(x, w, null, { stride: 2, dilation: 2 }), [f64(1, 1, 2, 2), f64(1, 2, 2, 2)]));
});
