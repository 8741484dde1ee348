import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { grad } from '../../src/autograd/engine.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';
import { reluBackwardJs } from '../../src/ops/relu-backward.js';
import { loadNative } from '../../src/backend/native/load.js';

// relu's fused first-order backward (src/ops/relu-backward.ts, native cpp/relu_back.cc) against
// the composite rule (createGraph) and PyTorch's threshold_backward values.

type DType = 'float32' | 'float64';

/** Same values, NaN equal to NaN, +0 and -0 told apart. */
function same(name: string, a: Tensor, b: Tensor): void {
  assert.deepEqual(a.shape, b.shape, name);
  const x = Array.from(a.dataSync()), y = Array.from(b.dataSync());
  for (let i = 0; i < x.length; i++) assert.ok(Object.is(x[i], y[i]), `${name}[${i}]: ${x[i]} vs ${y[i]}`);
}

function both(x: Tensor, g: Tensor): [Tensor, Tensor] {
  const fused = grad(nb.relu(x), x, { gradOutputs: g })[0]!;
  const composite = grad(nb.relu(x), x, { gradOutputs: g, createGraph: true })[0]!;
  return [fused, composite];
}

for (const dtype of ['float32', 'float64'] as DType[]) {
  test(`relu backward (${dtype}, ${nb.getBackend()}): PyTorch's values, the fused pass equals the composite rule`, () => {
    // torch 1.13: relu(x).backward(g) with these x and g gives [5, 0, 0, 7, 0, 0, 9, 0]
    const x = nb.tensor([NaN, -1, 0, 2, -3, -0, 1e-30, -Infinity], { dtype, requiresGrad: true });
    const g = nb.tensor([5, Infinity, NaN, 7, NaN, 3, 9, 4], { dtype });
    const [f, c] = both(x, g);
    assert.equal(f.requiresGrad, false);
    assert.deepEqual(Array.from(f.dataSync()), [5, 0, 0, 7, 0, 0, 9, 0]);
    same('special', f, c);
    nb.manualSeed(3);
    for (const n of [1, 15, 16, 17, 100, 70_001]) { // around the vector widths and over the thread grain
      const xs = nb.randn([n], { dtype }).requiresGrad_(), gs = nb.randn([n], { dtype });
      const [a, b] = both(xs, gs);
      same(`n ${n}`, a, b);
    }
    // x and g read through transposed / sliced views
    const base = nb.randn([40, 30], { dtype });
    const xv = nb.transpose(nb.narrow(base, 0, 3, 25), 0, 1).requiresGrad_();
    assert.equal(xv.isContiguous(), false);
    const gv = nb.select(nb.transpose(nb.randn([25, 2, 30], { dtype }), 0, 2), 1, 1);
    const [a, b] = both(xv, gv);
    same('strided', a, b);
    const e = nb.zeros([0, 3], { dtype, requiresGrad: true });
    assert.deepEqual(grad(nb.relu(e), e, { gradOutputs: nb.zeros([0, 3], { dtype }) })[0]!.shape, [0, 3]);
  });
}

test('relu backward: .backward() accumulates it; gradcheck and gradgradcheck in float64', () => {
  nb.manualSeed(4);
  const x = nb.randn([8, 16], { requiresGrad: true });
  nb.sum(nb.mul(nb.relu(x), 3)).backward();
  const xs = x.dataSync(), gx = x.grad!.dataSync();
  for (let i = 0; i < xs.length; i++) assert.equal(gx[i], xs[i] > 0 ? 3 : 0);
  // a leaf away from the kink at 0
  const y = nb.add(nb.mul(nb.sign(nb.randn([4, 5], { dtype: 'float64' })), 0.5), nb.mul(nb.randn([4, 5], { dtype: 'float64' }), 0.1)).detach().requiresGrad_();
  assert.ok(gradcheck((t: Tensor) => nb.relu(t), [y]));
  assert.ok(gradgradcheck((t: Tensor) => nb.mul(nb.relu(t), t), [y]));
});

test('relu backward: the native kernel equals the js twin and checks its arguments', (t) => {
  const r = loadNative();
  const nat = 'addon' in r ? r.addon.reluBackward : undefined;
  if (!nat) { t.diagnostic('native addon without reluBackward: js twin only'); return; }
  nb.manualSeed(8);
  const x = nb.randn([1003]).dataSync() as Float32Array, g = nb.randn([1003]).dataSync() as Float32Array;
  x[0] = NaN; x[1] = -0; g[2] = NaN; x[2] = -1;
  for (const C of [Float32Array, Float64Array]) {
    const xs = C.from(x), gs = C.from(g), a = new C(1004), b = new C(1004);
    a[1003] = 7;
    nat(gs, xs, a, 1003);
    reluBackwardJs(gs, xs, b, 1003);
    for (let i = 0; i < 1003; i++) assert.ok(Object.is(a[i], b[i]), `${C.name} ${i}: ${a[i]} vs ${b[i]}`);
    assert.equal(a[1003], 7, 'nothing written past n');
  }
  const f = new Float32Array(4);
  assert.throws(() => nat(f, f, f, 5), /at least 5/);
  assert.throws(() => nat(f, new Float64Array(4), f, 4), /share one type/);
  assert.throws(() => nat(f, f, f, -1), /n >= 0/);
  assert.throws(() => nat(new Int32Array(4) as unknown as Float32Array, new Int32Array(4) as unknown as Float32Array, new Int32Array(4) as unknown as Float32Array, 4), /Float32Array/);
});
