import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import { loadNative } from '../../../src/backend/native/load.js';
import { directConvSuits } from '../../../src/ops/nn/conv-direct.js';

// The direct convolution kernels (cpp/conv_direct.cc: the row kernels for few output channels,
// the channel kernels for multiples of 16) against the float64 im2col + GEMM path, forward and
// all gradients, on the shapes each plan admits and around their edges. On the js backend, or
// without AVX-512, the same comparisons run the GEMM path in both dtypes.

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string) => {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])), `${what} [${i}]: ${a[i]} vs ${b[i]}`);
};

function addon() {
  const r = loadNative();
  return nb.getBackend() === 'native' && 'addon' in r && r.addon.convDirectAvailable?.() ? r.addon : null;
}

interface Case { x: number[]; w: number[]; padding: number; dilation: number; plan: 'direct' | 'gemm' }
const CASES: Case[] = [
  { x: [8, 1, 28, 28], w: [6, 1, 5, 5], padding: 2, dilation: 1, plan: 'direct' },   // LeNet conv1 (rows)
  { x: [8, 6, 14, 14], w: [16, 6, 5, 5], padding: 0, dilation: 1, plan: 'direct' },  // LeNet conv2 (channels)
  { x: [3, 2, 7, 30], w: [5, 2, 3, 3], padding: 1, dilation: 2, plan: 'direct' },    // rows, dilation, 2 row vectors
  { x: [2, 3, 5, 40], w: [7, 3, 3, 3], padding: 3, dilation: 1, plan: 'direct' },    // rows, padding wider than the taps reach
  { x: [3, 4, 9, 9], w: [32, 4, 3, 3], padding: 1, dilation: 1, plan: 'direct' },    // channels, padded, two channel blocks
  { x: [2, 3, 12, 11], w: [16, 3, 5, 5], padding: 2, dilation: 1, plan: 'direct' },  // channels, odd rows
  { x: [2, 2, 6, 6], w: [5, 2, 4, 4], padding: 0, dilation: 1, plan: 'gemm' },       // 3-column rows, 5 channels
  { x: [2, 3, 8, 8], w: [16, 3, 3, 3], padding: 1, dilation: 2, plan: 'gemm' },      // channel kernels need unit column dilation
];

test('direct conv2d kernels: forward, input, weight and bias gradients match float64 im2col + GEMM', () => {
  nb.manualSeed(11);
  const native = addon();
  for (const c of CASES) {
    const what = `x ${c.x} w ${c.w} p ${c.padding} d ${c.dilation}`;
    const dims = { N: c.x[0], C: c.x[1], H: c.x[2], W: c.x[3], O: c.w[0], groups: 1,
      win: { kH: c.w[2], kW: c.w[3], strideH: 1, strideW: 1, padH: c.padding, padW: c.padding, dilationH: c.dilation, dilationW: c.dilation,
        outH: c.x[2] + 2 * c.padding - c.dilation * (c.w[2] - 1), outW: c.x[3] + 2 * c.padding - c.dilation * (c.w[3] - 1) } };
    // the plan the addon picks is the one this case is about (so the kernels really ran)
    if (native) assert.equal(directConvSuits(dims, 'float32'), c.plan === 'direct', `plan of ${what}`);
    const x = nb.randn(c.x, { requiresGrad: true }), w = nb.randn(c.w, { requiresGrad: true }), b = nb.randn([c.w[0]], { requiresGrad: true });
    const opts = { padding: c.padding, dilation: c.dilation };
    const y = nb.conv2d(x, w, b, opts);
    const gy = nb.randn(y.shape);
    nb.sum(nb.mul(y, gy)).backward();
    const x64 = nb.castTo(x.detach(), 'float64').requiresGrad_(true), w64 = nb.castTo(w.detach(), 'float64').requiresGrad_(true);
    const b64 = nb.castTo(b.detach(), 'float64').requiresGrad_(true);
    const y64 = nb.conv2d(x64, w64, b64, opts);
    nb.sum(nb.mul(y64, nb.castTo(gy, 'float64'))).backward();
    close(y.dataSync(), y64.dataSync(), 1e-5, `forward ${what}`);
    close(x.grad!.dataSync(), x64.grad!.dataSync(), 1e-5, `input gradient ${what}`);
    close(w.grad!.dataSync(), w64.grad!.dataSync(), 2e-4, `weight gradient ${what}`); // sums of N·oH·oW products
    close(b.grad!.dataSync(), b64.grad!.dataSync(), 2e-4, `bias gradient ${what}`);
  }
});

test("direct conv2d kernels: 'same' padding of an even kernel (one more at the end) takes the GEMM path and is right", () => {
  nb.manualSeed(13);
  const x = nb.randn([2, 1, 16, 16]), w = nb.randn([6, 1, 4, 4]);
  const y = nb.conv2d(x, w, null, { padding: 'same' });
  assert.deepEqual(y.shape, [2, 6, 16, 16]);
  const y64 = nb.conv2d(nb.castTo(x, 'float64'), nb.castTo(w, 'float64'), null, { padding: 'same' });
  close(y.dataSync(), y64.dataSync(), 1e-5, 'forward');
});

test('direct conv2d kernels: a frozen input (no input gradient) and no bias', () => {
  nb.manualSeed(12);
  const x = nb.randn([4, 1, 28, 28]), w = nb.randn([6, 1, 5, 5], { requiresGrad: true });
  const y = nb.conv2d(x, w, null, { padding: 2 });
  nb.sum(nb.mul(y, y)).backward();
  const w64 = nb.castTo(w.detach(), 'float64').requiresGrad_(true);
  const y64 = nb.conv2d(nb.castTo(x, 'float64'), w64, null, { padding: 2 });
  nb.sum(nb.mul(y64, y64)).backward();
  close(y.dataSync(), y64.dataSync(), 1e-5, 'forward');
  close(w.grad!.dataSync(), w64.grad!.dataSync(), 2e-4, 'weight gradient');
});

test('direct conv2d kernels: the addon rejects wrong sizes and shapes it does not run', () => {
  const native = addon();
  const lenet = { N: 2, C: 1, H: 8, W: 8, O: 6, groups: 1, win: { kH: 3, kW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1, dilationH: 1, dilationW: 1, outH: 8, outW: 8 } };
  if (!native) {
    // js backend, or no AVX-512: the direct path is never taken
    assert.equal(directConvSuits(lenet, 'float32'), false);
    return;
  }
  assert.equal(directConvSuits(lenet, 'float64'), false, 'float32 only');
  assert.equal(directConvSuits({ ...lenet, win: { ...lenet.win, strideW: 2, outW: 4 } }, 'float32'), false, 'stride 1 only');
  const dims = new Float64Array([2, 1, 12, 12, 6, 3, 3, 1, 1, 1, 1]); // rows of 12: the row kernels
  assert.equal(native.convDirectSuits!(dims), true);
  const x = new Float32Array(2 * 144), w = new Float32Array(6 * 9), out = new Float32Array(2 * 6 * 144);
  native.convDirectForward!(x, w, null, out, dims); // fine
  assert.throws(() => native.convDirectForward!(x.subarray(1), w, null, out, dims), /x must be a Float32Array of N\*C\*H\*W elements/);
  assert.throws(() => native.convDirectForward!(x, w, new Float32Array(5), out, dims), /bias must be/);
  assert.throws(() => native.convDirectForward!(x, w, null, out.subarray(1), dims), /out must be/);
  assert.throws(() => native.convDirectWeightGrad!(x, out, new Float32Array(53), dims), /dw must be/);
  assert.throws(() => native.convDirectForward!(x, w, null, out, new Float64Array([2, 1, 12, 12, 6, 3, 3, 1, 1, 0, 1])), /dilation must be >= 1/);
  assert.throws(() => native.convDirectForward!(x, w, null, out, new Float64Array([2, 1, 12, 12, 6, 3, 3, -1, 1, 1, 1])), /non-negative integers/);
  assert.throws(() => native.convDirectForward!(x, w, null, out, new Float64Array([2, 1, 2, 2, 6, 9, 9, 0, 0, 1, 1])), /does not fit/);
  // 5 output channels on rows of 2: neither plan; the caller must ask convDirectSuits first
  const odd = new Float64Array([1, 1, 2, 2, 5, 1, 1, 0, 0, 1, 1]);
  assert.equal(native.convDirectSuits!(odd), false);
  assert.throws(() => native.convDirectForward!(new Float32Array(4), new Float32Array(5), null, new Float32Array(20), odd), /not one the direct kernels run/);
});
