import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';

const g = (t: nb.Tensor) => {
  assert.ok(t.grad, 'expected a gradient');
  return t.grad.toArray();
};

test('backward: gradients accumulate into .grad across calls', () => {
  const x = nb.tensor([1, 2, 3], { requiresGrad: true });
  nb.mul(x, x).sum().backward();
  assert.deepEqual(g(x), [2, 4, 6]);
  nb.mul(x, 3).sum().backward();
  assert.deepEqual(g(x), [5, 7, 9]);
  x.grad = null;
  nb.sum(x).backward();
  assert.deepEqual(g(x), [1, 1, 1]);
});

test('backward: a second backward needs retainGraph, with a clear error otherwise', () => {
  const x = nb.tensor([2], { requiresGrad: true });
  const y = nb.mul(nb.exp(x), x).sum();
  y.backward(undefined, { retainGraph: true });
  const first = (x.grad as nb.Tensor).item();
  y.backward();
  assert.ok(Math.abs((x.grad as nb.Tensor).item() - 2 * first) < 1e-4);
  assert.throws(() => y.backward(), /backward through the graph a second time.*retainGraph/);
});

test('createGraph: d²/dx² x³ = 6x, and the third derivative 6', () => {
  const x = nb.tensor([1.5, -2], { requiresGrad: true });
  const y = nb.mul(nb.mul(x, x), x).sum();
  const [dy] = nb.autograd.grad(y, x, { createGraph: true });
  assert.deepEqual((dy as nb.Tensor).toArray(), [6.75, 12]);
  assert.ok((dy as nb.Tensor).requiresGrad);
  const [d2] = nb.autograd.grad((dy as nb.Tensor).sum(), x, { createGraph: true });
  assert.deepEqual((d2 as nb.Tensor).toArray(), [9, -12]);
  const [d3] = nb.autograd.grad((d2 as nb.Tensor).sum(), x);
  assert.deepEqual((d3 as nb.Tensor).toArray(), [6, 6]);
  // the same through backward({ createGraph }) into .grad
  const z = nb.tensor([3], { requiresGrad: true });
  nb.powScalar(z, 3).sum().backward(undefined, { createGraph: true });
  const gz = z.grad as nb.Tensor;
  z.grad = null;
  gz.sum().backward();
  assert.deepEqual(g(z), [18]);
});

test('createGraph: the gradient of a gradient norm (WGAN-GP style)', () => {
  // f(x) = sum(tanh(W x)); penalty = ||df/dx||²; check d penalty / dW by finite differences
  nb.manualSeed(0);
  const W0 = nb.randn([3, 4], { dtype: 'float64' });
  const x = nb.randn([4], { dtype: 'float64', requiresGrad: true });
  const penalty = (W: nb.Tensor) => {
    const f = nb.tanh(nb.matmul(W, x)).sum();
    const [gx] = nb.autograd.grad(f, x, { createGraph: true });
    return nb.sum(nb.mul(gx as nb.Tensor, gx as nb.Tensor));
  };
  const W = W0.clone().requiresGrad_();
  penalty(W).backward();
  const analytic = (W.grad as nb.Tensor).dataSync();
  const eps = 1e-6;
  for (let k = 0; k < 12; k++) {
    const wp = W0.clone(), wm = W0.clone();
    wp.storage[k] += eps; wm.storage[k] -= eps;
    const num = (penalty(wp).item() - penalty(wm).item()) / (2 * eps);
    assert.ok(Math.abs(num - analytic[k]) < 1e-6 * (1 + Math.abs(num)), `element ${k}: ${analytic[k]} vs ${num}`);
  }
});

test('autograd.grad: returns gradients without touching .grad; allowUnused', () => {
  const a = nb.tensor([1, 2], { requiresGrad: true });
  const b = nb.tensor([3, 4], { requiresGrad: true });
  const c = nb.tensor([5], { requiresGrad: true });
  const y = nb.mul(a, b).sum();
  const [ga, gb] = nb.autograd.grad(y, [a, b], { retainGraph: true });
  assert.deepEqual((ga as nb.Tensor).toArray(), [3, 4]);
  assert.deepEqual((gb as nb.Tensor).toArray(), [1, 2]);
  assert.equal(a.grad, null);
  assert.throws(() => nb.autograd.grad(y, [a, c], { retainGraph: true }), /input 1 was not used.*allowUnused/);
  const [ga2, gc] = nb.autograd.grad(y, [a, c], { allowUnused: true, retainGraph: true });
  assert.deepEqual((ga2 as nb.Tensor).toArray(), [3, 4]);
  assert.equal(gc, null);
  const [gw] = nb.autograd.grad(nb.mul(a, 2), a, { gradOutputs: nb.tensor([1, 10]) });
  assert.deepEqual((gw as nb.Tensor).toArray(), [2, 20]);
  assert.throws(() => nb.autograd.grad(y, nb.tensor([1])), nb.ValueError);
});

test('autograd.grad with respect to an intermediate; backward inside noGrad still runs', () => {
  const x = nb.tensor([1, 2], { requiresGrad: true });
  const h = nb.mul(x, 3);
  const y = nb.mul(h, h).sum();
  const [gh, gx] = nb.autograd.grad(y, [h, x]);
  assert.deepEqual((gh as nb.Tensor).toArray(), [6, 12]);
  assert.deepEqual((gx as nb.Tensor).toArray(), [18, 36]);
  const z = nb.mul(x, x).sum();
  nb.noGrad(() => z.backward());
  assert.deepEqual(g(x), [2, 4]);
});

test('noGrad / enableGrad / isGradEnabled', () => {
  const x = nb.tensor([1], { requiresGrad: true });
  const y = nb.noGrad(() => nb.mul(x, 2));
  assert.equal(y.requiresGrad, false);
  assert.equal(y.gradFn, null);
  assert.equal(nb.noGrad(() => nb.isGradEnabled()), false);
  const z = nb.noGrad(() => nb.enableGrad(() => nb.mul(x, 2)));
  assert.ok(z.requiresGrad && z.gradFn);
  assert.ok(nb.isGradEnabled());
  assert.throws(() => nb.noGrad(() => { throw new Error('boom'); }));
  assert.ok(nb.isGradEnabled(), 'grad mode restored after a throw');
});

test('detach, requiresGrad_, retainGrad on a non-leaf', () => {
  const x = nb.tensor([1, 2], { requiresGrad: true });
  const d = nb.mul(x, 2).detach();
  assert.equal(d.requiresGrad, false);
  assert.equal(d.gradFn, null);
  assert.ok(d.isLeaf());
  const y = nb.mul(nb.mul(x, 2).detach(), x).sum();
  y.backward();
  assert.deepEqual(g(x), [2, 4]); // the detached factor is a constant
  const w = nb.tensor([3]);
  assert.equal(w.requiresGrad_(), w);
  assert.ok(w.requiresGrad);
  assert.throws(() => nb.mul(x, 2).requiresGrad_(false), nb.ValueError);
  assert.throws(() => nb.tensor([1], { dtype: 'int32' }).requiresGrad_(), nb.DTypeError);
  assert.equal(nb.tensor([1], { dtype: 'int32' }).requiresGrad_(false).requiresGrad, false);
  const a = nb.tensor([1, 2], { requiresGrad: true });
  const h = nb.mul(a, 3);
  h.retainGrad();
  const unretained = nb.exp(h);
  nb.mul(unretained, 2).sum().backward();
  assert.ok(h.grad);
  const e = Math.exp(3), e2 = Math.exp(6);
  const hg = h.grad.dataSync();
  assert.ok(Math.abs(hg[0] - 2 * e) < 1e-3 && Math.abs(hg[1] - 2 * e2) < 1e-1);
  assert.equal(unretained.grad, null);
});

test('diamond graphs: a value used twice gets the sum of both paths', () => {
  const x = nb.tensor([2], { requiresGrad: true });
  const a = nb.mul(x, 3);
  const b = nb.exp(a);
  const c = nb.sin(a);
  nb.add(b, c).sum().backward(); // d/dx (e^{3x} + sin 3x) = 3 e^{3x} + 3 cos 3x
  const want = 3 * Math.exp(6) + 3 * Math.cos(6);
  assert.ok(Math.abs((x.grad as nb.Tensor).item() - want) < 1e-2);
  const y = nb.tensor([3], { requiresGrad: true });
  nb.mul(y, y).sum().backward();
  assert.deepEqual(g(y), [6]);
});

test('a branch that receives no gradient; non-float branches; a leaf without requiresGrad', () => {
  const x = nb.tensor([1, -2], { requiresGrad: true });
  const used = nb.mul(x, 2);
  const unused = nb.exp(x); // part of the graph of x, not of the loss
  void unused;
  const mask = nb.gt(x, 0); // bool branch: no gradient flows
  nb.mul(used, mask).sum().backward();
  assert.deepEqual(g(x), [2, 0]);
  const k = nb.tensor([5]);
  const z = nb.tensor([1], { requiresGrad: true });
  nb.mul(k, z).sum().backward();
  assert.equal(k.grad, null);
  // argmax / max indices carry no gradient but must not break backward
  const w = nb.tensor([[1, 5], [7, 2]], { requiresGrad: true });
  const m = nb.max(w, 1);
  nb.mul(m.values, nb.castTo(m.indices, 'float32')).sum().backward();
  assert.deepEqual(g(w), [[0, 1], [0, 0]]);
});

test('backward on a non-scalar without a gradient is a ValueError; shape checks', () => {
  const x = nb.tensor([1, 2], { requiresGrad: true });
  assert.throws(() => nb.mul(x, 2).backward(), (e: Error) => e instanceof nb.ValueError && /one-element outputs.*\[2\]/.test(e.message));
  assert.throws(() => nb.mul(x, 2).backward(nb.ones([3])), nb.ShapeError);
  assert.throws(() => nb.tensor([1]).backward(), (e: Error) => e instanceof nb.ValueError && /does not require grad/.test(e.message));
  nb.mul(x, 2).backward(nb.tensor([1, 1]));
  assert.deepEqual(g(x), [2, 2]);
  // a one-element non-scalar is fine
  const y = nb.tensor([[3]], { requiresGrad: true });
  nb.mul(y, y).backward();
  assert.deepEqual(g(y), [[6]]);
});

test('gradients keep the dtype of their leaf', () => {
  const x = nb.tensor([1, 2], { dtype: 'float64', requiresGrad: true });
  nb.mul(x, nb.tensor([1, 1])).sum().backward(); // float64 * float32 → float64
  assert.equal((x.grad as nb.Tensor).dtype, 'float64');
  const f = nb.tensor([1, 2], { requiresGrad: true });
  nb.mul(f, nb.tensor([1, 1], { dtype: 'float64' })).sum().backward();
  assert.equal((f.grad as nb.Tensor).dtype, 'float32');
});
