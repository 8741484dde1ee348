import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import { gradcheck } from '../../../src/autograd/gradcheck.js';

test('dropout: zeros about p of the elements, scales the rest by 1 / (1 - p)', () => {
  nb.manualSeed(7);
  const y = nb.dropout(nb.ones([4000]), 0.3).dataSync();
  let zeros = 0;
  for (const v of y) {
    if (v === 0) zeros++;
    else assert.ok(Math.abs(v - 1 / 0.7) < 1e-6);
  }
  assert.ok(Math.abs(zeros / 4000 - 0.3) < 0.03, `fraction dropped ${zeros / 4000}`);
});

test('dropout: seeded, identity when not training or p = 0, zeros for p = 1', () => {
  const x = nb.randn([50]);
  nb.manualSeed(3);
  const a = nb.dropout(x, 0.5);
  nb.manualSeed(3);
  assert.deepEqual(nb.dropout(x, 0.5).toArray(), a.toArray());
  assert.equal(nb.dropout(x, 0.5, false), x);
  assert.equal(nb.dropout(x, 0), x);
  assert.deepEqual(nb.dropout(nb.ones([3]), 1).toArray(), [0, 0, 0]);
  assert.deepEqual(nb.dropout(nb.zeros([0, 3]), 0.5).shape, [0, 3]);
  assert.throws(() => nb.dropout(x, 1.5), nb.ValueError);
  assert.throws(() => nb.dropout(x, -0.1), nb.ValueError);
});

test('dropout: gradient is the same mask', () => {
  const x = nb.ones([20], { requiresGrad: true });
  nb.manualSeed(11);
  const y = nb.dropout(x, 0.4);
  y.sum().backward();
  assert.deepEqual((x.grad as nb.Tensor).toArray(), y.toArray());
  const x64 = nb.randn([6], { dtype: 'float64', requiresGrad: true });
  assert.ok(gradcheck((t) => { nb.manualSeed(5); return nb.dropout(t, 0.4); }, [x64]));
});

test('dropout2d: drops whole channels', () => {
  nb.manualSeed(2);
  const y = nb.dropout2d(nb.ones([4, 8, 3, 3]), 0.5);
  const v = y.dataSync();
  for (let c = 0; c < 32; c++) {
    const first = v[c * 9];
    assert.ok(first === 0 || first === 2);
    for (let i = 1; i < 9; i++) assert.equal(v[c * 9 + i], first);
  }
  assert.throws(() => nb.dropout2d(nb.ones([4, 4]), 0.5), (e: Error) => e instanceof nb.ShapeError && /\[N, C, H, W\]/.test(e.message));
});
