import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { gradcheck, gradgradcheck } from '../../../src/autograd/gradcheck.js';
import { layerNormForward } from '../../../src/ops/nn/norm-kernel.js';

// layerNorm's fused node (src/ops/nn/layer-norm-fused.ts) against the same function written
// with tensor ops.

type DType = 'float32' | 'float64';

function close(name: string, a: Tensor, b: Tensor, t: number): void {
  assert.deepEqual(a.shape, b.shape, name);
  const x = a.dataSync(), y = b.dataSync();
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(x[i] - y[i]) <= t * (1 + Math.abs(y[i])), `${name}[${i}]: ${x[i]} vs ${y[i]}`);
}

/** (x - mean) / sqrt(var + eps) * w + b over the trailing dims, from tensor ops. */
function reference(x: Tensor, k: number, w: Tensor | null, b: Tensor | null, eps: number): Tensor {
  const dims = Array.from({ length: k }, (_, i) => x.ndim - k + i);
  const d = nb.sub(x, nb.mean(x, dims, true));
  let y = nb.mul(d, nb.rsqrt(nb.add(nb.mean(nb.mul(d, d), dims, true), eps)));
  if (w) y = nb.mul(y, w);
  if (b) y = nb.add(y, b);
  return y;
}

for (const dtype of ['float32', 'float64'] as DType[]) {
  const tol = dtype === 'float32' ? 1e-5 : 1e-10;
  test(`fused layerNorm (${dtype}) equals the tensor-op path: outputs and gradients, strided input, optional affine`, () => {
    nb.manualSeed(21);
    for (const [shape, ns, affine] of [[[4, 6, 5], [6, 5], 'both'], [[7, 16], [16], 'weight'], [[3, 2, 9], [9], 'none'], [[2, 3], [3], 'bias']] as const) {
      const x0 = nb.randn([...shape].reverse(), { dtype, requiresGrad: true }); // read through a permuted view
      const w = affine === 'both' || affine === 'weight' ? nb.randn([...ns], { dtype, requiresGrad: true }) : null;
      const b = affine === 'both' || affine === 'bias' ? nb.randn([...ns], { dtype, requiresGrad: true }) : null;
      const view = () => nb.permute(x0, [...shape.keys()].reverse());
      const y1 = nb.layerNorm(view(), [...ns], w, b, { eps: 1e-3 });
      assert.equal(y1.gradFn?.name, 'layerNorm');
      const g = nb.randn(y1.shape, { dtype });
      y1.backward(g);
      const leaves = [x0, w, b].filter((t): t is Tensor => t !== null);
      const g1 = leaves.map((t) => t.grad as Tensor);
      leaves.forEach((t) => { t.grad = null; });
      const y2 = reference(view(), ns.length, w, b, 1e-3);
      y2.backward(g);
      close('output', y1, y2, tol);
      leaves.forEach((t, i) => close(`grad ${i}`, g1[i], t.grad as Tensor, tol));
    }
  });
}

test('fused layerNorm: gradcheck, and gradgradcheck through createGraph (the tensor-op path)', () => {
  nb.manualSeed(22);
  const x = nb.randn([3, 5], { dtype: 'float64', requiresGrad: true });
  const w = nb.randn([5], { dtype: 'float64', requiresGrad: true });
  const b = nb.randn([5], { dtype: 'float64', requiresGrad: true });
  assert.ok(gradcheck((a, c, d) => nb.layerNorm(a, [5], c, d), [x, w, b]));
  assert.ok(gradgradcheck((a, c, d) => nb.layerNorm(a, [5], c, d), [x, w, b]));
});

test('fused layerNorm kernel: arrays too short are refused (native) before any access', () => {
  const x = new Float32Array(6), out = new Float32Array(6), m = new Float32Array(2), s = new Float32Array(2);
  layerNormForward(x, null, null, out, m, s, 2, 3, 1e-5);
  if (nb.getBackend() === 'native') {
    assert.throws(() => layerNormForward(x, null, null, out, m, s, 3, 3, 1e-5), /expected at least 9/);
    assert.throws(() => layerNormForward(x, new Float32Array(2), null, out, m, s, 2, 3, 1e-5), /expected at least 3/);
  }
});
