import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import * as optim from '../../src/optim/index.js';
import { assertClose, fixture } from './fixture.js';

function withGrads(): nb.Tensor[] {
  const C = fixture.clip;
  return C.grads.map((g, i) => {
    const p = nb.zeros(C.shapes[i]).requiresGrad_();
    p.grad = nb.tensor(Float32Array.from(g)).reshape(C.shapes[i]);
    return p;
  });
}

for (const c of fixture.clip.cases) {
  test(`clipGradNorm parity: normType ${c.normType}, maxNorm ${c.maxNorm}`, () => {
    const ps = withGrads();
    const normType = c.normType === 'Infinity' ? Infinity : c.normType;
    const total = optim.clipGradNorm(ps, c.maxNorm, normType);
    assert.equal(total.ndim, 0);
    assertClose([total.item()], [c.total], 'total norm');
    ps.forEach((p, i) => assertClose(Array.from((p.grad as nb.Tensor).dataSync()), c.clipped[i], `clipped grad ${i}`));
  });
}

test('clipGradNorm: a single tensor, no gradients, non-finite norms', () => {
  const p = nb.zeros([2]).requiresGrad_();
  assert.equal(optim.clipGradNorm([p], 1).item(), 0);
  p.grad = nb.tensor([3, 4]);
  assert.equal(optim.clipGradNorm(p, 1).item(), 5);
  assertClose(Array.from(p.grad.dataSync()), [0.6, 0.8], 'clipped', 1e-5);
  p.grad = nb.tensor([Infinity, 1]);
  assert.throws(() => optim.clipGradNorm(p, 1, 2, true), (e: Error) => e instanceof nb.ValueError && /non-finite/.test(e.message));
  const t = optim.clipGradNorm(p, 1);
  assert.equal(t.item(), Infinity);
  p.grad = nb.tensor([-3, 2]);
  assert.equal(optim.clipGradNorm(p, 10, 'inf').item(), 3);
  assert.throws(() => optim.clipGradNorm(p, 1, 0), (e: Error) => e instanceof nb.ValueError && /normType/.test(e.message));
});

test('clipGradValue clamps every gradient in place', () => {
  const a = nb.zeros([3]).requiresGrad_();
  const b = nb.zeros([2]).requiresGrad_();
  a.grad = nb.tensor([-2, 0.5, 3]);
  b.grad = nb.tensor([0.1, -0.2]);
  const ga = a.grad;
  optim.clipGradValue([a, b], 1);
  assert.equal(a.grad, ga);
  assert.deepEqual(Array.from(a.grad.dataSync()), [-1, 0.5, 1]);
  assertClose(Array.from(b.grad.dataSync()), [0.1, -0.2], 'b');
  assert.throws(() => optim.clipGradValue([a], -1), nb.ValueError);
});

test('l1Penalty is lambda · Σ|θ| and differentiable (gradient lambda · sign θ)', () => {
  const w = nb.tensor([[1, -2], [0.5, 0]]).requiresGrad_();
  const b = nb.tensor([-3]).requiresGrad_();
  const pen = optim.l1Penalty([w, b], 0.1);
  assertClose([pen.item()], [0.65], 'penalty');
  pen.backward();
  assertClose(Array.from((w.grad as nb.Tensor).dataSync()), [0.1, -0.1, 0.1, 0], 'dw');
  assertClose(Array.from((b.grad as nb.Tensor).dataSync()), [-0.1], 'db');
});
