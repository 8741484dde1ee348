import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import { nn } from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { gradcheck, gradgradcheck } from '../../../src/autograd/gradcheck.js';

// crossEntropy on [N, C] logits with int32 targets is one node; with class weights of ones it
// takes the math path (logSoftmax + gather), which must give the same loss and gradient.

const F = nn.functional;

for (const dtype of ['float32', 'float64'] as const) {
  test(`fused crossEntropy (${dtype}) equals the math path: mean/sum, ignoreIndex, strided logits`, () => {
    nb.manualSeed(41);
    const tol = dtype === 'float32' ? 1e-5 : 1e-10;
    for (const reduction of ['mean', 'sum'] as const) {
      const x0 = nb.randn([7, 9], { dtype, requiresGrad: true });
      const y = nb.tensor([3, 0, 8, -100, 2, 2, 5], { dtype: 'int32' });
      const run = (fused: boolean): [Tensor, Tensor] => {
        const x = nb.mul(nb.transpose(nb.transpose(x0, 0, 1), 0, 1), 3); // a fresh tensor with large logits
        const l = F.crossEntropy(x, y, { reduction, ignoreIndex: -100, weight: fused ? undefined : nb.ones([9], { dtype }) });
        assert.equal(l.gradFn?.name === 'crossEntropy', fused);
        l.backward();
        const g = x0.grad as Tensor;
        x0.grad = null;
        return [l, g];
      };
      const [l1, g1] = run(true), [l2, g2] = run(false);
      assert.ok(Math.abs(l1.item() - l2.item()) <= tol * (1 + Math.abs(l2.item())), `${l1.item()} vs ${l2.item()}`);
      const a = g1.dataSync(), b = g2.dataSync();
      for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])), `grad[${i}] ${a[i]} vs ${b[i]}`);
    }
  });
}

test('fused crossEntropy: gradcheck and gradgradcheck (float64), every target ignored gives NaN', () => {
  nb.manualSeed(42);
  const x = nb.randn([5, 4], { dtype: 'float64', requiresGrad: true });
  const y = nb.tensor([1, 0, 3, 3, 2], { dtype: 'int32' });
  assert.ok(gradcheck((a) => F.crossEntropy(a, y), [x]));
  assert.ok(gradgradcheck((a) => F.crossEntropy(a, y, { reduction: 'sum' }), [x]));
  assert.ok(Number.isNaN(F.crossEntropy(x, nb.full([5], -100, { dtype: 'int32' })).item()));
});
