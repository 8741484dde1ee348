import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import * as init from '../../src/nn/init.js';

function stats(t: nb.Tensor): { mean: number; std: number; min: number; max: number } {
  const d = t.dataSync();
  let s = 0, s2 = 0, min = Infinity, max = -Infinity;
  for (const v of d) { s += v; s2 += v * v; min = Math.min(min, v); max = Math.max(max, v); }
  const mean = s / d.length;
  return { mean, std: Math.sqrt(s2 / d.length - mean * mean), min, max };
}
const near = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('init: calculateGain and fans follow PyTorch', () => {
  near(init.calculateGain('relu'), Math.SQRT2, 1e-15, 'relu');
  near(init.calculateGain('tanh'), 5 / 3, 1e-15, 'tanh');
  near(init.calculateGain('leaky_relu'), Math.sqrt(2 / (1 + 1e-4)), 1e-15, 'leaky default');
  near(init.calculateGain('leaky_relu', Math.sqrt(5)), Math.sqrt(1 / 3), 1e-15, 'leaky √5');
  near(init.calculateGain('selu'), 0.75, 0, 'selu');
  assert.equal(init.calculateGain('conv2d'), 1);
  assert.throws(() => init.calculateGain('swish' as 'relu'), nb.ValueError);
  assert.deepEqual(init.calculateFanInAndFanOut(nb.zeros([16, 3, 5, 5])), { fanIn: 75, fanOut: 400 });
  assert.throws(() => init.calculateFanInAndFanOut(nb.zeros([4])), /at least 2 dims, got shape \[4\]/);
});

test('init: uniform, normal, constant, eye', () => {
  const t = nb.zeros([200, 500]);
  let s = stats(init.uniform_(t, -2, 3));
  near(s.mean, 0.5, 0.02, 'uniform mean'); near(s.std, 5 / Math.sqrt(12), 0.01, 'uniform std');
  assert.ok(s.min >= -2 && s.max < 3);
  s = stats(init.normal_(t, 1, 2));
  near(s.mean, 1, 0.02, 'normal mean'); near(s.std, 2, 0.02, 'normal std');
  assert.deepEqual([...init.constant_(nb.zeros([3]), 0.5).dataSync()], [0.5, 0.5, 0.5]);
  assert.deepEqual(init.ones_(nb.zeros([2])).toArray(), [1, 1]);
  assert.deepEqual(init.zeros_(nb.ones([2])).toArray(), [0, 0]);
  assert.deepEqual(init.eye_(nb.full([2, 3], 7)).toArray(), [[1, 0, 0], [0, 1, 0]]);
  assert.throws(() => init.eye_(nb.zeros([2, 2, 2])), nb.ShapeError);
  assert.throws(() => init.normal_(nb.zeros([2], { dtype: 'int32' })), nb.DTypeError);
});

test('init: in place on a parameter that requires grad, without recording a graph', () => {
  const p = nb.zeros([4, 4], { requiresGrad: true });
  init.kaimingUniform_(p);
  assert.equal(p.gradFn, null);
  assert.ok(p.requiresGrad);
  assert.ok(stats(p).std > 0);
});

test('init: xavier and kaiming statistics', () => {
  const w = nb.zeros([300, 400]);
  let s = stats(init.xavierUniform_(w, 2));
  const a = 2 * Math.sqrt(6 / 700);
  near(s.std, a / Math.sqrt(3), 0.002, 'xavierUniform std'); assert.ok(s.max < a && s.min >= -a);
  s = stats(init.xavierNormal_(w));
  near(s.std, Math.sqrt(2 / 700), 0.001, 'xavierNormal std'); near(s.mean, 0, 0.001, 'xavierNormal mean');
  s = stats(init.kaimingUniform_(w, { nonlinearity: 'relu' }));
  const bound = Math.sqrt(2) * Math.sqrt(3 / 400);
  near(s.std, bound / Math.sqrt(3), 0.002, 'kaimingUniform std'); assert.ok(s.max < bound && s.min >= -bound);
  s = stats(init.kaimingNormal_(w, { mode: 'fanOut', nonlinearity: 'relu' }));
  near(s.std, Math.sqrt(2 / 300), 0.002, 'kaimingNormal fanOut std');
  s = stats(init.kaimingUniform_(w, { a: Math.sqrt(5) }));
  near(s.max, 1 / Math.sqrt(400), 0.001, "Linear's default bound 1/√fanIn");
  s = stats(init.lecunNormal_(w));
  near(s.std, 1 / 20, 0.001, 'lecun std');
  assert.throws(() => init.kaimingNormal_(w, { mode: 'fan_middle' as 'fanIn' }), nb.ValueError);
});

test('init: truncNormal stays in [a, b] with the truncated distribution\'s moments', () => {
  const t = nb.zeros([100000], { dtype: 'float64' });
  let s = stats(init.truncNormal_(t));
  assert.ok(s.min >= -2 && s.max <= 2);
  near(s.mean, 0, 0.01, 'mean'); near(s.std, 0.8796, 0.01, 'std of N(0,1) truncated to ±2');
  s = stats(init.truncNormal_(t, 1, 0.5, 0.5, 3));
  assert.ok(s.min >= 0.5 && s.max <= 3);
  // N(1, 0.25) truncated to [0.5, 3] (α = -1, β = 4): mean = 1 + 0.5 φ(-1) / (1 - Φ(-1)) ≈ 1.1439
  near(s.mean, 1.1439, 0.01, 'one-sided mean');
  assert.throws(() => init.truncNormal_(t, 0, 1, 2, -2), nb.ValueError);
});

test('init: orthogonal gives orthonormal rows or columns (WᵀW = I)', () => {
  for (const shape of [[64, 32], [32, 64], [20, 4, 3, 3], [50, 50]]) {
    const w = init.orthogonal_(nb.zeros(shape, { dtype: 'float64' }), 1);
    const m = nb.reshape(w, [shape[0], -1]);
    const tall = m.shape[0] >= m.shape[1];
    const g = tall ? nb.matmul(nb.t(m), m) : nb.matmul(m, nb.t(m));
    const n = g.shape[0];
    const d = g.dataSync();
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) near(d[i * n + j], i === j ? 1 : 0, 1e-10, `${shape} [${i},${j}]`);
  }
  const w = init.orthogonal_(nb.zeros([10, 10]), 2);
  near(stats(nb.matmul(nb.t(w), w)).max, 4, 1e-4, 'gain 2 → WᵀW = 4I');
  assert.throws(() => init.orthogonal_(nb.zeros([5])), nb.ShapeError);
});

test('init: the same seed gives the same weights', () => {
  nb.manualSeed(3);
  const a = init.kaimingNormal_(nb.zeros([5, 5])).dataSync();
  const o = init.orthogonal_(nb.zeros([4, 4])).dataSync();
  nb.manualSeed(3);
  assert.deepEqual(init.kaimingNormal_(nb.zeros([5, 5])).dataSync(), a);
  assert.deepEqual(init.orthogonal_(nb.zeros([4, 4])).dataSync(), o);
});
