import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import * as F from '../../../src/nn/functional/index.js';
import { grad } from '../../../src/autograd/engine.js';
import { biasGrad } from '../../../src/ops/nn/bias-grad.js';
import { loadNative } from '../../../src/backend/native/load.js';

// Linear's bias gradient (src/ops/nn/bias-grad.ts; native cpp/act.cc colSum) against sum(g, 0).

for (const dtype of ['float32', 'float64'] as const) {
  test(`biasGrad (${dtype}) equals sum(g, 0): contiguous, strided, empty, wide (> one column block)`, () => {
    nb.manualSeed(3);
    const cases = [
      nb.randn([37, 11], { dtype }),
      nb.transpose(nb.randn([13, 29], { dtype }), 0, 1), // [29, 13], read through dataSync's copy
      nb.narrow(nb.randn([10, 7], { dtype }), 0, 2, 5), // contiguous with an offset
      nb.zeros([0, 4], { dtype }),
      nb.randn([3, 1300], { dtype }),
    ];
    for (const g of cases) {
      const a = biasGrad(g).dataSync(), b = nb.sum(g, 0).dataSync();
      assert.equal(a.length, b.length);
      for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-6 * (1 + Math.abs(b[i])), `${i}: ${a[i]} vs ${b[i]}`);
    }
  });
}

test('linear: the bias gradient, first order and with createGraph', () => {
  nb.manualSeed(4);
  const x = nb.randn([4, 6, 5]), w = nb.randn([3, 5]);
  const b = nb.randn([3], { requiresGrad: true });
  const g = nb.randn([4, 6, 3]);
  const d1 = grad(F.linear(x, w, b), b, { gradOutputs: g })[0]!;
  const d2 = grad(F.linear(x, w, b), b, { gradOutputs: g, createGraph: true })[0]!;
  const ref = nb.sum(g, [0, 1]).dataSync();
  for (const d of [d1, d2]) d.dataSync().forEach((v, i) => assert.ok(Math.abs(v - ref[i]) <= 1e-5 * (1 + Math.abs(ref[i])), `${v} vs ${ref[i]}`));
});

test('colSum (native) checks its arguments', (t) => {
  const r = loadNative();
  const f = 'addon' in r ? r.addon.colSum : undefined;
  if (!f) { t.diagnostic('native addon without colSum'); return; }
  assert.throws(() => f(new Float32Array(5), new Float32Array(2), 3, 2), /at least 6/);
  assert.throws(() => f(new Float32Array(6), new Float32Array(1), 3, 2), /at least 2/);
  assert.throws(() => f(new Float32Array(6), new Float64Array(2), 3, 2), /share one type/);
  assert.throws(() => f(new Float32Array(6), new Float32Array(2), -3, 2), /expected/);
});
