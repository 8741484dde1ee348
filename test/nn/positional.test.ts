import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { PositionalEncoding, LearnedPositionalEmbedding, RotaryEmbedding, applyRotary } from '../../src/nn/positional.js';
import { assertClose, fixture, toTensor, type TensorJson } from './sequence-fixture.js';

const RTOL = 1e-5, ATOL = 1e-6;

test('PositionalEncoding matches the PyTorch tutorial (buffer pe and forward in eval mode)', () => {
  const c = fixture.cases.positional_sinusoidal;
  const pe = new PositionalEncoding(6, { maxLen: 12 }).eval();
  assert.deepEqual(Object.keys(pe.stateDict()), ['pe']);
  assertClose(pe.pe, c.state.pe, RTOL, ATOL, 'pe');
  assertClose(pe.forward(toTensor(c.inputs.x as TensorJson)), c.outputs[0] as TensorJson, RTOL, ATOL, 'forward');
  // batchFirst adds the same encoding along dim 1.
  const x = nb.randn([2, 4, 6]);
  const bf = new PositionalEncoding(6, { maxLen: 12, batchFirst: true }).eval().forward(x);
  const tf = pe.forward(nb.transpose(x, 0, 1));
  assert.deepEqual(bf.dataSync(), nb.contiguous(nb.transpose(tf, 0, 1)).dataSync());
  // odd dModel keeps the sin/cos interleaving and drops the last cos.
  const odd = new PositionalEncoding(5, { maxLen: 3 });
  assert.deepEqual(odd.pe.shape, [3, 1, 5]);
  assert.ok(Math.abs(odd.pe.dataSync()[5 + 4] - Math.sin(1 / Math.pow(10000, 4 / 5))) < 1e-6);
  assert.throws(() => pe.forward(nb.randn([13, 1, 6])), nb.IndexError);
  assert.throws(() => pe.forward(nb.randn([3, 1, 5])), (e: Error) => e instanceof nb.ShapeError && /E = 6/.test(e.message));
});

test('PositionalEncoding: dropout in training only', () => {
  nb.manualSeed(0);
  const pe = new PositionalEncoding(8, { dropout: 0.5, maxLen: 10 });
  const x = nb.randn([4, 2, 8]);
  const t = pe.forward(x).dataSync();
  const e = pe.eval().forward(x).dataSync();
  assert.ok(t.some((v) => v === 0));
  assert.ok(!e.some((v) => v === 0));
});

test('LearnedPositionalEmbedding: key weight, N(0, 1) init, offset, gradients', () => {
  nb.manualSeed(1);
  const m = new LearnedPositionalEmbedding(16, 4, { batchFirst: true });
  assert.deepEqual(Object.keys(m.stateDict()), ['weight']);
  const w = Array.from(m.weight.dataSync());
  const mean = w.reduce((a, b) => a + b, 0) / w.length;
  assert.ok(Math.abs(mean) < 0.5);
  const x = nb.zeros([2, 3, 4]);
  const y = m.forward(x, 5);
  assert.deepEqual(nb.select(y, 0, 1).dataSync(), nb.narrow(m.weight, 0, 5, 3).dataSync());
  nb.sum(y).backward();
  const g = (m.weight.grad as nb.Tensor).dataSync();
  assert.equal(g[5 * 4], 2);
  assert.equal(g[0], 0);
  assert.throws(() => m.forward(x, 14), (e: Error) => e instanceof nb.IndexError && /maxLen = 16/.test(e.message));
});

test('applyRotary parity with the rotate-half (GPT-NeoX/LLaMA) and interleaved (GPT-J) references', () => {
  for (const [name, interleaved] of [['rope_half', false], ['rope_interleaved', true]] as const) {
    const c = fixture.cases[name];
    const q = toTensor(c.inputs.q as TensorJson), k = toTensor(c.inputs.k as TensorJson);
    const [qr, kr] = applyRotary(q, k, toTensor(c.inputs.positions as TensorJson), { interleaved });
    assertClose(qr, c.outputs[0] as TensorJson, RTOL, ATOL, `${name} q`);
    assertClose(kr, c.outputs[1] as TensorJson, RTOL, ATOL, `${name} k`);
    const mod = new RotaryEmbedding(8, { interleaved, maxSeqLen: 16 });
    const [qm] = mod.forward(q, k, null, 3); // positions 3..7, as the fixture
    assertClose(qm, c.outputs[0] as TensorJson, RTOL, ATOL, `${name} module`);
    assert.deepEqual(Object.keys(mod.stateDict()), []);
  }
});

test('RoPE: scores depend only on relative positions, norms are kept, gradients flow', () => {
  nb.manualSeed(2);
  const q = nb.randn([1, 8]), k = nb.randn([1, 8]);
  const score = (m: number, n: number): number => {
    const [qr] = applyRotary(q, q, [m]);
    const [, kr] = applyRotary(k, k, [n]);
    return nb.sum(nb.mul(qr, kr)).item();
  };
  assert.ok(Math.abs(score(5, 2) - score(13, 10)) < 1e-4);
  assert.ok(Math.abs(score(5, 2) - score(2, 5)) > 1e-3);
  const x = nb.randn([2, 3, 6], { requiresGrad: true });
  const [xr] = applyRotary(x, x, 3);
  assert.ok(Math.abs(nb.norm(xr).item() - nb.norm(x).item()) < 1e-4);
  assert.ok(nb.autograd.gradcheck((a: nb.Tensor) => applyRotary(a, a, [0, 2, 7], { interleaved: true })[0], [nb.randn([3, 4], { dtype: 'float64', requiresGrad: true })]));
  assert.throws(() => applyRotary(nb.randn([3, 5]), nb.randn([3, 5]), 3), nb.ValueError);
  assert.throws(() => applyRotary(nb.randn([3, 4]), nb.randn([2, 4]), 3), (e: Error) => e instanceof nb.ShapeError && /T = 3/.test(e.message));
  assert.throws(() => new RotaryEmbedding(8, { maxSeqLen: 4 }).forward(nb.randn([5, 8]), nb.randn([5, 8])), nb.IndexError);
});
