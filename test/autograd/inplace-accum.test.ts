import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { markFreshGradient } from '../../src/autograd/fresh.js';

// The engine adds further gradient contributions in place into a buffer only it holds (a fresh
// backward output such as layerNorm's or linear's input gradient, or a sum it allocated). These
// check that the sums are the same bits as separately computed ones and that nothing another
// party holds (grad()'s captures, retained grads, hooks, a second output of the same rule) is
// ever written.

const F = nb.nn.functional;
const arr = (t: nb.Tensor | null) => {
  assert.ok(t, 'expected a gradient');
  return Array.from(t.contiguous().dataSync() as Float32Array);
};

function setup(seed: number) {
  nb.manualSeed(seed);
  const x = nb.randn([3, 5, 8], { requiresGrad: true });
  const w = nb.randn([3, 5, 8]);
  const lw = nb.randn([8]), lb = nb.randn([8]);
  const W = nb.randn([8, 8]), b = nb.randn([8]);
  return { x, w, lw, lb, W, b };
}

// d/dx0 of sum(w * layerNorm(x0)) and of sum(w * linear(x0)) with x0 a leaf: the separate terms.
function terms(x0v: nb.Tensor, s: ReturnType<typeof setup>) {
  const a = x0v.detach(); a.requiresGrad = true;
  nb.mul(F.layerNorm(a, [8], s.lw, s.lb), s.w).sum().backward();
  const c = x0v.detach(); c.requiresGrad = true;
  nb.mul(F.linear(c, s.W, s.b), s.w).sum().backward();
  return { ln: arr(a.grad), lin: arr(c.grad) };
}

test('in-place accumulation: residual x0 + layerNorm(x0) gives the bits of the separate sum', () => {
  const s = setup(1);
  const x0 = nb.mul(s.x, 2);
  nb.mul(nb.add(x0, F.layerNorm(x0, [8], s.lw, s.lb)), s.w).sum().backward();
  const t = terms(x0, s);
  const w = arr(s.w);
  const expect = Float32Array.from(w.map((wi, i) => Math.fround(wi + t.ln[i]) * 2));
  assert.deepEqual(arr(s.x.grad), Array.from(expect));
});

test('in-place accumulation: three contributions (identity, layerNorm, linear) into one buffer', () => {
  const s = setup(2);
  const x0 = nb.mul(s.x, 1);
  const y = nb.add(nb.add(x0, F.layerNorm(x0, [8], s.lw, s.lb)), F.linear(x0, s.W, s.b));
  x0.retainGrad();
  nb.mul(y, s.w).sum().backward();
  const t = terms(x0, s);
  const w = arr(s.w);
  const got = arr(x0.grad);
  for (let i = 0; i < got.length; i++) {
    const ref = w[i] + t.ln[i] + t.lin[i];
    assert.ok(Math.abs(got[i] - ref) <= 1e-5 * (1 + Math.abs(ref)), `element ${i}: ${got[i]} vs ${ref}`);
  }
  assert.deepEqual(arr(s.x.grad), got); // x0 = x * 1
});

test('in-place accumulation: grad() captures are never written afterwards', () => {
  const s = setup(3);
  const x0 = nb.mul(s.x, 1);
  const h = F.layerNorm(x0, [8], s.lw, s.lb); // h's gradient (captured) is also summed into x0's
  const y = nb.add(nb.add(x0, h), F.linear(h, s.W, s.b));
  const [gx0, gh] = nb.autograd.grad(nb.mul(y, s.w).sum(), [x0, h]) as nb.Tensor[];
  const ghRef = (() => {
    const hl = h.detach(); hl.requiresGrad = true;
    nb.mul(nb.add(hl, F.linear(hl, s.W, s.b)), s.w).sum().backward();
    return arr(hl.grad);
  })();
  assert.deepEqual(arr(gh), ghRef);
  const lnOfGh = (() => {
    const a = x0.detach(); a.requiresGrad = true;
    nb.autograd.backward(F.layerNorm(a, [8], s.lw, s.lb), { gradient: gh });
    return arr(a.grad);
  })();
  const w = arr(s.w);
  assert.deepEqual(arr(gx0), w.map((wi, i) => Math.fround(wi + lnOfGh[i])));
});

test('in-place accumulation: two outputs of one rule sharing storage are not written in place', () => {
  const a0 = nb.tensor([1, 2, 3, 4], { requiresGrad: true });
  const a = nb.mul(a0, 1), b = nb.mul(a0, 1);
  // A rule whose two input gradients are one buffer (marked fresh): neither may be summed into.
  const out = nb.autograd.record('twin', [a, b], nb.add(a.detach(), b.detach()), (g) => {
    const t = markFreshGradient(nb.mul(g, 1).detach());
    return [t, t.reshape([4])];
  });
  // a and b also get a gradient from a second path each.
  nb.add(nb.add(out, nb.mul(a, 10)), nb.mul(b, 100)).sum().backward();
  assert.deepEqual(arr(a0.grad), [112, 112, 112, 112]); // (1 + 10) + (1 + 100)
});

test('in-place accumulation: a full backward hook sees the final output gradient', () => {
  const s = setup(4);
  const lin = new nb.nn.Linear(8, 8);
  let seen: number[] | null = null;
  lin.registerFullBackwardHook((_m, _gi, go) => { seen = arr(go[0]); });
  const x0 = lin.forward(s.x);
  const y = nb.add(x0, F.layerNorm(x0, [8], s.lw, s.lb));
  x0.retainGrad();
  nb.mul(y, s.w).sum().backward();
  const t = terms(x0, s);
  const w = arr(s.w);
  const expect = w.map((wi, i) => Math.fround(wi + t.ln[i]));
  assert.deepEqual(seen, expect);
  assert.deepEqual(arr(x0.grad), expect);
});

test('in-place accumulation: createGraph still records the sum (second order)', () => {
  const x = nb.tensor([0.5, -1, 2], { requiresGrad: true });
  const x0 = nb.mul(x, x); // d/dx of sum(x0 + 3 x0 + x0²) = 2x (4 + 2x²)
  const y = nb.add(nb.add(x0, nb.mul(x0, 3)), nb.mul(x0, x0)).sum();
  const [gx] = nb.autograd.grad(y, [x], { createGraph: true }) as nb.Tensor[];
  const xs = [0.5, -1, 2];
  arr(gx).forEach((v, i) => assert.ok(Math.abs(v - 2 * xs[i] * (4 + 2 * xs[i] ** 2)) < 1e-5));
  gx.sum().backward(); // d/dx 8x + 4x³ = 8 + 12x²
  arr(x.grad).forEach((v, i) => assert.ok(Math.abs(v - (8 + 12 * xs[i] ** 2)) < 1e-4));
});
