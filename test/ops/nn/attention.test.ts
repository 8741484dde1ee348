import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import { gradcheck, gradgradcheck } from '../../../src/autograd/gradcheck.js';

const f64 = (...shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-6) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `[${i}] ${a[i]} vs ${b[i]}`);
};

test('scaledDotProductAttention: softmax(q k^T / sqrt(E)) v, weights on request', () => {
  const q = nb.randn([2, 3, 4]), k = nb.randn([2, 5, 4]), v = nb.randn([2, 5, 2]);
  const w = nb.softmax(nb.div(nb.matmul(q, nb.transpose(k, 1, 2)), 2), -1);
  close(nb.scaledDotProductAttention(q, k, v).dataSync(), nb.matmul(w, v).dataSync());
  const r = nb.scaledDotProductAttention(q, k, v, { returnWeights: true, scale: 0.5 });
  close(r.weights.dataSync(), w.dataSync());
  assert.deepEqual(r.output.shape, [2, 3, 2]);
});

test('scaledDotProductAttention: causal and boolean masks (true = attend), float masks add', () => {
  const q = nb.randn([1, 3, 2]), k = nb.randn([1, 4, 2]), v = nb.randn([1, 4, 3]);
  const { output, weights } = nb.scaledDotProductAttention(q, k, v, { isCausal: true, returnWeights: true });
  const wv = weights.dataSync();
  for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) if (j > i) assert.equal(wv[i * 4 + j], 0);
  close(nb.select(nb.select(output, 0, 0), 0, 0).dataSync(), nb.select(nb.select(v, 0, 0), 0, 0).dataSync()); // query 0 sees key 0 only
  const mask = nb.tensor([[true, false, false, true], [true, true, true, true], [false, false, false, false]]);
  const m = nb.scaledDotProductAttention(q, k, v, { attnMask: mask, returnWeights: true });
  const mw = m.weights.dataSync();
  assert.equal(mw[1], 0);
  assert.ok(Number.isNaN(m.output.dataSync()[6])); // a query with no key to attend to is NaN, as PyTorch
  const bias = nb.tensor([[0, -Infinity, 0, 0]]);
  close(nb.scaledDotProductAttention(q, k, v, { attnMask: bias }).dataSync(),
    nb.scaledDotProductAttention(q, k, v, { attnMask: nb.tensor([[true, false, true, true]]) }).dataSync());
});

test('scaledDotProductAttention: errors', () => {
  const q = nb.randn([1, 3, 4]);
  assert.throws(() => nb.scaledDotProductAttention(q, nb.randn([1, 5, 3]), nb.randn([1, 5, 2])), (e: Error) => e instanceof nb.ShapeError && /\[\.\.\., S, E\]/.test(e.message));
  assert.throws(() => nb.scaledDotProductAttention(q, nb.randn([1, 5, 4]), nb.randn([1, 4, 2])), nb.ShapeError);
  assert.throws(() => nb.scaledDotProductAttention(nb.randn([4]), nb.randn([1, 5, 4]), nb.randn([1, 5, 2])), nb.ShapeError);
  assert.throws(() => nb.scaledDotProductAttention(q, q, q, { isCausal: true, attnMask: nb.ones([3, 3], { dtype: 'bool' }) }), nb.ValueError);
  assert.throws(() => nb.scaledDotProductAttention(q, q, q, { attnMask: nb.ones([3, 3], { dtype: 'int32' }) }), nb.DTypeError);
});

test('scaledDotProductAttention: dropout is seeded; zero-size batch; gradcheck', () => {
  const q = nb.randn([2, 3, 4]);
  nb.manualSeed(1);
  const a = nb.scaledDotProductAttention(q, q, q, { dropoutP: 0.5 });
  nb.manualSeed(1);
  assert.deepEqual(nb.scaledDotProductAttention(q, q, q, { dropoutP: 0.5 }).toArray(), a.toArray());
  assert.deepEqual(nb.scaledDotProductAttention(nb.zeros([0, 3, 4]), nb.zeros([0, 5, 4]), nb.zeros([0, 5, 2])).shape, [0, 3, 2]);
  assert.ok(gradcheck((x, y, z) => nb.scaledDotProductAttention(x, y, z, { isCausal: true }), [f64(1, 2, 3, 2), f64(1, 2, 3, 2), f64(1, 2, 3, 2)]));
  const fm = nb.randn([3, 4], { dtype: 'float64' });
  assert.ok(gradcheck((x, y, z) => nb.scaledDotProductAttention(x, y, z, { attnMask: fm, scale: 0.7 }), [f64(3, 2), f64(4, 2), f64(4, 3)]));
  assert.ok(gradgradcheck((x, y, z) => nb.scaledDotProductAttention(x, y, z, { isCausal: true }), [f64(2, 3), f64(3, 3), f64(3, 2)]));
});
