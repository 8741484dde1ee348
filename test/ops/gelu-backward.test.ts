import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { grad } from '../../src/autograd/engine.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';
import { geluBackwardJs } from '../../src/ops/gelu-backward.js';
import { loadNative } from '../../src/backend/native/load.js';

// gelu's fused first-order backward (src/ops/gelu-backward.ts, native cpp/act.cc) against the
// composite rule, which runs when the backward builds a graph (createGraph).

type DType = 'float32' | 'float64';
const MODES = ['none', 'tanh'] as const;

function close(name: string, a: Tensor, b: Tensor, t: number): void {
  assert.deepEqual(a.shape, b.shape, name);
  const x = a.dataSync(), y = b.dataSync();
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(y[i])) { assert.ok(Number.isNaN(x[i]), `${name}[${i}]: ${x[i]} vs NaN`); continue; }
    assert.ok(Math.abs(x[i] - y[i]) <= t * (1 + Math.abs(y[i])), `${name}[${i}]: ${x[i]} vs ${y[i]}`);
  }
}

/** dx by the fused path (no graph) and by the composite rule (createGraph), for x and g as given. */
function both(x: Tensor, g: Tensor, approximate: 'none' | 'tanh'): [Tensor, Tensor] {
  const fused = grad(nb.gelu(x, { approximate }), x, { gradOutputs: g })[0]!;
  const composite = grad(nb.gelu(x, { approximate }), x, { gradOutputs: g, createGraph: true })[0]!;
  return [fused, composite];
}

for (const dtype of ['float32', 'float64'] as DType[]) {
  const tol = dtype === 'float32' ? 1e-6 : 1e-12;
  for (const approximate of MODES) {
    test(`gelu backward (${dtype}, ${approximate}): the fused pass equals the composite rule, contiguous and strided`, () => {
      nb.manualSeed(5);
      // Contiguous, with values over the erf/tanh branch points and the tails.
      const x = nb.mul(nb.randn([37, 53], { dtype }), 3).detach().requiresGrad_();
      const g = nb.randn([37, 53], { dtype });
      const [f1, c1] = both(x, g, approximate);
      assert.equal(f1.requiresGrad, false);
      close('contiguous', f1, c1, tol);
      // x and g read through transposed / sliced views.
      const base = nb.mul(nb.randn([40, 30], { dtype }), 2).detach();
      const xv = nb.transpose(nb.narrow(base, 0, 3, 25), 0, 1).requiresGrad_(); // [30, 25], a non-contiguous leaf
      assert.equal(xv.isContiguous(), false);
      const gv = nb.select(nb.transpose(nb.randn([25, 2, 30], { dtype }), 0, 2), 1, 1); // [30, 25], strided
      const [f2, c2] = both(xv, gv, approximate);
      close('strided', f2, c2, tol);
      // Special values propagate as in the composite rule.
      const s = nb.tensor([0, -0, 1e-30, 40, -40, Infinity, -Infinity, NaN], { dtype, requiresGrad: true });
      const [f3, c3] = both(s, nb.onesLike(s), approximate);
      const a = f3.dataSync(), b = c3.dataSync();
      for (let i = 0; i < 5; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])), `special[${i}]: ${a[i]} vs ${b[i]}`);
      assert.ok(Number.isNaN(a[7]));
      // Empty input.
      const e = nb.zeros([0, 3], { dtype, requiresGrad: true });
      assert.deepEqual(grad(nb.gelu(e, { approximate }), e, { gradOutputs: nb.zeros([0, 3], { dtype }) })[0]!.shape, [0, 3]);
    });

    test(`gelu backward (${dtype}, ${approximate}): .backward() accumulates the fused gradient`, () => {
      nb.manualSeed(6);
      const x = nb.randn([8, 16], { dtype, requiresGrad: true });
      nb.sum(nb.gelu(x, { approximate })).backward();
      const ref = grad(nb.sum(nb.gelu(x, { approximate })), x, { createGraph: true })[0]!;
      close('backward', x.grad!, ref, tol);
    });
  }
}

for (const approximate of MODES) {
  test(`gelu (${approximate}): gradcheck and gradgradcheck in float64`, () => {
    nb.manualSeed(7);
    const x = nb.mul(nb.randn([4, 5], { dtype: 'float64' }), 2).detach().requiresGrad_();
    const f = (t: Tensor) => nb.gelu(t, { approximate });
    assert.ok(gradcheck(f, [x]));
    assert.ok(gradgradcheck(f, [x]));
  });
}

test('gelu backward: the native kernel equals the js twin and checks its arguments', (t) => {
  const r = loadNative();
  const nat = 'addon' in r ? r.addon.geluBackward : undefined;
  if (!nat) { t.diagnostic('native addon without geluBackward: js twin only'); return; }
  nb.manualSeed(8);
  for (const tanh of [0, 1]) {
    const x = nb.mul(nb.randn([1000]), 4).dataSync() as Float32Array;
    const g = nb.randn([1000]).dataSync() as Float32Array;
    const a = new Float32Array(1000), b = new Float32Array(1000);
    nat(g, x, a, 1000, tanh);
    geluBackwardJs(g, x, b, 1000, tanh === 1);
    for (let i = 0; i < 1000; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-6 * (1 + Math.abs(b[i])), `${i}: ${a[i]} vs ${b[i]}`);
    const x64 = Float64Array.from(x), g64 = Float64Array.from(g), c = new Float64Array(1000), d = new Float64Array(1000);
    nat(g64, x64, c, 1000, tanh);
    geluBackwardJs(g64, x64, d, 1000, tanh === 1);
    for (let i = 0; i < 1000; i++) assert.ok(Math.abs(c[i] - d[i]) <= 1e-12 * (1 + Math.abs(d[i])), `f64 ${i}: ${c[i]} vs ${d[i]}`);
  }
  const f = new Float32Array(4);
  assert.throws(() => nat(f, f, f, 5, 0), /at least 5/);
  assert.throws(() => nat(f, new Float64Array(4), f, 4, 0), /share one type/);
  assert.throws(() => nat(f, f, f, 4, 2), /approximate/);
  assert.throws(() => nat(new Int32Array(4) as unknown as Float32Array, new Int32Array(4) as unknown as Float32Array, new Int32Array(4) as unknown as Float32Array, 4, 0), /Float32Array/);
});
