import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { gradcheck, gradgradcheck } from '../../../src/autograd/gradcheck.js';
import { linear } from '../../../src/ops/nn/linear.js';

// linear with a bias is one node (bias added in place, backward from tensor ops): it must equal
// matmul + add, including gradients, for 1-D, 2-D, 3-D and strided inputs.

function close(name: string, a: Tensor, b: Tensor, t: number): void {
  assert.deepEqual(a.shape, b.shape, name);
  const x = a.dataSync(), y = b.dataSync();
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(x[i] - y[i]) <= t * (1 + Math.abs(y[i])), `${name}[${i}]: ${x[i]} vs ${y[i]}`);
}

for (const dtype of ['float32', 'float64'] as const) {
  test(`fused linear (${dtype}) equals matmul + add: outputs and gradients`, () => {
    nb.manualSeed(31);
    const tol = dtype === 'float32' ? 1e-5 : 1e-10;
    for (const xs of [[5], [4, 5], [2, 3, 5], [3, 2, 5]]) {
      const x0 = nb.randn(xs, { dtype, requiresGrad: true });
      const w = nb.randn([6, 5], { dtype, requiresGrad: true }), b = nb.randn([6], { dtype, requiresGrad: true });
      const xv = () => (xs.length === 3 && xs[0] === 3 ? nb.transpose(x0, 0, 1) : x0); // a strided input too
      const y1 = linear(xv(), w, b);
      assert.equal(y1.gradFn?.name, 'linear');
      const g = nb.randn(y1.shape, { dtype });
      y1.backward(g);
      const g1 = [x0, w, b].map((t) => t.grad as Tensor);
      [x0, w, b].forEach((t) => { t.grad = null; });
      const y2 = nb.add(nb.matmul(xv(), nb.mT(w)), b);
      y2.backward(g);
      close('output', y1, y2, tol);
      [x0, w, b].forEach((t, i) => close(`grad ${i}`, g1[i], t.grad as Tensor, tol));
      assert.ok((w.grad as Tensor).isContiguous());
    }
  });
}

test('fused linear: gradcheck and gradgradcheck (float64)', () => {
  nb.manualSeed(32);
  const x = nb.randn([2, 3, 4], { dtype: 'float64', requiresGrad: true });
  const w = nb.randn([5, 4], { dtype: 'float64', requiresGrad: true }), b = nb.randn([5], { dtype: 'float64', requiresGrad: true });
  assert.ok(gradcheck((a, c, d) => linear(a, c, d), [x, w, b]));
  assert.ok(gradgradcheck((a, c, d) => linear(a, c, d), [x, w, b]));
});
