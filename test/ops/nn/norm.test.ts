import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import { gradcheck, gradgradcheck } from '../../../src/autograd/gradcheck.js';

const f64 = (...shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `[${i}] ${a[i]} vs ${b[i]}`);
};

test('layerNorm: hand-checked, affine, several trailing dims', () => {
  const x = nb.tensor([[1, 2, 3, 4]]);
  const s = Math.sqrt(1.25 + 1e-5);
  close(nb.layerNorm(x, [4]).dataSync(), [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]);
  close(nb.layerNorm(x, 4, nb.tensor([1, 2, 1, 1]), nb.tensor([0, 0, 0, 10]), { eps: 0 }).dataSync(),
    [-1.5 / Math.sqrt(1.25), -1 / Math.sqrt(1.25), 0.5 / Math.sqrt(1.25), 10 + 1.5 / Math.sqrt(1.25)]);
  const y = nb.layerNorm(nb.randn([2, 3, 4]), [3, 4]);
  close(nb.mean(y, [1, 2]).dataSync(), [0, 0]);
  assert.deepEqual(nb.layerNorm(nb.zeros([0, 4]), [4]).shape, [0, 4]);
});

test('layerNorm: errors, gradcheck, gradgradcheck', () => {
  assert.throws(() => nb.layerNorm(nb.randn([2, 3]), [4]), (e: Error) => e instanceof nb.ShapeError && /trailing/.test(e.message));
  assert.throws(() => nb.layerNorm(nb.randn([2, 3]), [3], nb.randn([4])), nb.ShapeError);
  assert.throws(() => nb.layerNorm(nb.ones([2, 3], { dtype: 'int32' }), [3]), nb.DTypeError);
  assert.ok(gradcheck((x, w, b) => nb.layerNorm(x, [3], w, b), [f64(2, 3), f64(3), f64(3)]));
  assert.ok(gradcheck((x) => nb.layerNorm(x, [2, 2]), [f64(2, 2, 2)]));
  assert.ok(gradgradcheck((x, w, b) => nb.layerNorm(x, [3], w, b), [f64(2, 3), f64(3), f64(3)]));
});

test('batchNorm: training normalises per channel and updates the running stats in place', () => {
  const x = nb.tensor([[[1, 3]], [[5, 7]]]); // [N 2, C 1, L 2]: mean 4, biased var 5, unbiased 20/3
  const rm = nb.zeros([1]);
  const rv = nb.ones([1]);
  const y = nb.batchNorm(x, rm, rv, null, null, { training: true, momentum: 0.5, eps: 0 });
  close(y.dataSync(), [-3, -1, 1, 3].map((v) => v / Math.sqrt(5)));
  close(rm.dataSync(), [2]);
  close(rv.dataSync(), [0.5 + 0.5 * (20 / 3)]);
  // evaluation uses the running stats
  close(nb.batchNorm(x, rm, rv, nb.tensor([2]), nb.tensor([1]), { eps: 0 }).dataSync(),
    [1, 3, 5, 7].map((v) => 2 * (v - 2) / Math.sqrt(0.5 + 0.5 * (20 / 3)) + 1));
  // running stats may be null in training
  assert.deepEqual(nb.batchNorm(x, null, null, null, null, { training: true }).shape, [2, 1, 2]);
});

test('batchNorm: errors and gradcheck', () => {
  assert.throws(() => nb.batchNorm(nb.randn([1, 3]), null, null, null, null, { training: true }), (e: Error) => e instanceof nb.ValueError && /more than 1 value/.test(e.message));
  assert.throws(() => nb.batchNorm(nb.randn([4, 3]), null, null), nb.ValueError);
  assert.throws(() => nb.batchNorm(nb.randn([4, 3]), nb.zeros([2]), nb.ones([3])), nb.ShapeError);
  assert.throws(() => nb.batchNorm(nb.randn([4]), nb.zeros([4]), nb.ones([4])), (e: Error) => e instanceof nb.ShapeError && /\[N, C, \.\.\.\]/.test(e.message));
  assert.ok(gradcheck((x, w, b) => nb.batchNorm(x, null, null, w, b, { training: true }), [f64(3, 2, 2), f64(2), f64(2)]));
  const rm = nb.randn([2], { dtype: 'float64' });
  const rv = nb.ones([2], { dtype: 'float64' });
  assert.ok(gradcheck((x, w) => nb.batchNorm(x, rm, rv, w, null), [f64(3, 2), f64(2)]));
});

test('groupNorm: equals layer norm over each group; errors; gradcheck', () => {
  const x = nb.randn([2, 6, 3]);
  const y = nb.groupNorm(x, 3);
  const ref = nb.reshape(nb.layerNorm(nb.reshape(x, [2, 3, 6]), [6]), [2, 6, 3]);
  close(y.dataSync(), ref.dataSync());
  const w = nb.randn([6]), b = nb.randn([6]);
  close(nb.groupNorm(x, 2, w, b).dataSync(), nb.add(nb.mul(nb.groupNorm(x, 2), nb.reshape(w, [1, 6, 1])), nb.reshape(b, [1, 6, 1])).dataSync());
  assert.deepEqual(nb.groupNorm(nb.zeros([0, 4, 2]), 2).shape, [0, 4, 2]);
  assert.throws(() => nb.groupNorm(x, 4), (e: Error) => e instanceof nb.ValueError && /divisible/.test(e.message));
  assert.throws(() => nb.groupNorm(x, 3, nb.randn([3])), nb.ShapeError);
  assert.ok(gradcheck((t, wt, bt) => nb.groupNorm(t, 2, wt, bt, { eps: 1e-3 }), [f64(2, 4, 2), f64(4), f64(4)]));
});
