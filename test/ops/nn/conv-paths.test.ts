import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';

// The fast paths of conv2d and maxPool2d against plain references: the whole-batch GEMM layout
// (and its chunking), the forward's columns kept for the weight gradient (and what happens when
// a second forward on the same weight overwrites them), the 2x2 max pooling kernel.

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string) => {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])), `${what} [${i}]: ${a[i]} vs ${b[i]}`);
};

/** conv2d of each image alone (batch 1 never chunks), concatenated. */
function perImage(x: nb.Tensor, w: nb.Tensor, b: nb.Tensor | null, opts: nb.ConvOptions): nb.Tensor {
  const ys = [];
  for (let n = 0; n < x.shape[0]; n++) ys.push(nb.conv2d(nb.narrow(x, 0, n, 1), w, b, opts));
  return nb.cat(ys, 0);
}

/** Forward, input gradient and weight/bias gradients of conv2d, from the whole batch and per image. */
function compareWithPerImage(shape: number[], wshape: number[], opts: nb.ConvOptions, tol: number): void {
  const x = nb.randn(shape, { requiresGrad: true });
  const w = nb.randn(wshape, { requiresGrad: true });
  const b = nb.randn([wshape[0]], { requiresGrad: true });
  const y = nb.conv2d(x, w, b, opts);
  const gy = nb.randn(y.shape);
  nb.sum(nb.mul(y, gy)).backward();
  const [gx, gw, gb] = [x.grad!.dataSync().slice(), w.grad!.dataSync().slice(), b.grad!.dataSync().slice()];
  x.grad = null; w.grad = null; b.grad = null;
  const y1 = perImage(x, w, b, opts);
  close(y.dataSync(), y1.dataSync(), tol, 'forward');
  nb.sum(nb.mul(y1, gy)).backward();
  close(gx, x.grad!.dataSync(), tol, 'input gradient');
  close(gw, w.grad!.dataSync(), tol, 'weight gradient');
  close(gb, b.grad!.dataSync(), tol, 'bias gradient');
}

test('conv2d: whole-batch GEMM equals per-image convolution (LeNet shapes, stride/padding/dilation)', () => {
  nb.manualSeed(4);
  compareWithPerImage([5, 1, 12, 12], [6, 1, 5, 5], { padding: 2 }, 1e-4);
  compareWithPerImage([4, 6, 7, 7], [16, 6, 5, 5], {}, 1e-4);
  compareWithPerImage([3, 3, 9, 8], [4, 3, 3, 2], { stride: [2, 1], padding: [1, 0], dilation: [1, 2] }, 1e-4);
});

test('conv2d: chunked batches (columns over the budget, input gradient in cache-sized chunks)', () => {
  nb.manualSeed(5);
  // 16·9·32·32 = 147k column elements per image: 28 images per forward chunk, one per
  // input-gradient chunk
  compareWithPerImage([30, 16, 32, 32], [4, 16, 3, 3], { padding: 1 }, 2e-4);
});

test('conv2d: two forwards on one weight before backward give both weight gradients', () => {
  nb.manualSeed(6);
  const w = nb.randn([6, 2, 3, 3], { requiresGrad: true });
  const x1 = nb.randn([4, 2, 8, 8]), x2 = nb.randn([4, 2, 8, 8]);
  // the second forward overwrites the columns the first one kept
  const y1 = nb.conv2d(x1, w), y2 = nb.conv2d(x2, w);
  nb.add(nb.sum(y1), nb.mul(nb.sum(nb.mul(y2, y2)), 0.5)).backward();
  const both = w.grad!.dataSync().slice();
  w.grad = null;
  nb.sum(nb.conv2d(x1, w)).backward();
  const g1 = w.grad!.dataSync().slice();
  w.grad = null;
  const y = nb.conv2d(x2, w);
  nb.mul(nb.sum(nb.mul(y, y)), 0.5).backward();
  const g2 = w.grad!.dataSync();
  close(both, g1.map((v, i) => v + g2[i]), 1e-4, 'weight gradient');
  // and a graph kept for a second backward still has its columns
  w.grad = null;
  const z = nb.sum(nb.conv2d(x1, w));
  z.backward(undefined, { retainGraph: true });
  z.backward();
  close(w.grad!.dataSync(), g1.map((v) => 2 * v), 1e-4, 'twice');
});

/** Plain 2x2 / stride 2 max pooling: values and flat indices, first maximum (or first NaN) wins. */
function pool2(x: Float32Array, P: number, H: number, W: number): [number[], number[]] {
  const oH = Math.floor(H / 2), oW = Math.floor(W / 2);
  const v: number[] = [], ix: number[] = [];
  for (let p = 0; p < P; p++) {
    for (let oy = 0; oy < oH; oy++) {
      for (let ox = 0; ox < oW; ox++) {
        let best = -Infinity, bi = -1;
        for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
          const at = (2 * oy + dy) * W + 2 * ox + dx, val = x[p * H * W + at];
          if (Number.isNaN(val)) { if (!Number.isNaN(best)) { best = val; bi = at; } } else if (!Number.isNaN(best) && (bi < 0 || val > best)) { best = val; bi = at; }
        }
        v.push(best); ix.push(bi);
      }
    }
  }
  return [v, ix];
}

test('maxPool2d 2x2: ties, NaN, odd sizes and every column position against a plain scan', () => {
  nb.manualSeed(7);
  for (const [P, H, W] of [[3, 28, 28], [2, 5, 7], [4, 10, 19], [1, 2, 2], [2, 3, 34]]) {
    // small integers: many ties
    const x = nb.floor(nb.mul(nb.rand([1, P, H, W]), 4));
    const xs = x.dataSync() as Float32Array;
    for (let i = 0; i < xs.length; i += 37) xs[i] = NaN;
    const [v, i] = nb.maxPool2d(x, 2, { returnIndices: true });
    const [rv, ri] = pool2(xs, P, H, W);
    assert.deepEqual(Array.from(i.dataSync()), ri, `indices ${P}x${H}x${W}`);
    assert.deepEqual(Array.from(v.dataSync()), rv, `values ${P}x${H}x${W}`);
  }
});
