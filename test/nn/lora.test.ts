import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import { noGrad } from '../../src/autograd/grad-mode.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])), `[${i}] ${a[i]} vs ${b[i]}`);
};

function trainedLoRA(): { lora: nn.LoRALinear; w0: Float32Array } {
  nb.manualSeed(0);
  const base = new nn.Linear(6, 4);
  const w0 = Float32Array.from(base.weight.dataSync());
  const lora = new nn.LoRALinear(base, { r: 2, alpha: 6 });
  noGrad(() => nn.init.normal_(lora.loraB)); // as if trained: B ≠ 0
  return { lora, w0 };
}

test('LoRALinear: starts equal to the base, only A and B train, keys', () => {
  nb.manualSeed(1);
  const base = new nn.Linear(5, 3);
  const x = nb.randn([4, 5]);
  const before = base.forward(x).dataSync();
  const lora = new nn.LoRALinear(base, { r: 2, alpha: 4 });
  assert.equal(lora.scaling, 2);
  close(lora.forward(x).dataSync(), before);
  assert.deepEqual(Object.keys(lora.stateDict()), ['weight', 'bias', 'lora_A', 'lora_B']);
  assert.deepEqual(lora.loraA.shape, [2, 5]);
  assert.deepEqual(lora.loraB.shape, [3, 2]);
  assert.deepEqual(lora.loraB.dataSync(), new Float32Array(6));
  assert.ok(Math.max(...lora.loraA.dataSync().map(Math.abs)) > 0);
  assert.deepEqual([...lora.namedParameters()].filter(([, p]) => p.requiresGrad).map(([k]) => k), ['lora_A', 'lora_B']);
  lora.forward(x).sum().backward();
  assert.ok(lora.loraB.grad && !lora.weight.grad && !lora.bias!.grad);
  assert.equal(String(lora), 'LoRALinear(inFeatures=5, outFeatures=3, bias=true, r=2, alpha=4, dropout=0, merged=false)');
  assert.throws(() => new nn.LoRALinear(base, { r: 0 }), nb.ValueError);
});

test('LoRALinear: forward is x W0ᵀ + b + scaling · x Aᵀ Bᵀ; merge gives the same output; unmerge restores W0', () => {
  const { lora, w0 } = trainedLoRA();
  const x = nb.randn([3, 6]);
  const W = nb.add(nb.tensor(Array.from(w0)).reshape([4, 6]), nb.mul(nb.matmul(lora.loraB, lora.loraA), 3));
  const expect = nb.add(nb.matmul(x, nb.t(W)), lora.bias!);
  const y = lora.forward(x).dataSync();
  close(y, expect.dataSync());
  lora.merge();
  assert.ok(lora.merged);
  close(lora.weight.dataSync(), W.dataSync());
  close(lora.forward(x).dataSync(), y);
  lora.merge(); // idempotent
  close(lora.weight.dataSync(), W.dataSync());
  lora.unmerge();
  assert.ok(!lora.merged);
  close(lora.weight.dataSync(), w0, 1e-6);
  close(lora.forward(x).dataSync(), y);
});

test('LoRALinear: adapter dropout only in training', () => {
  const { lora } = trainedLoRA();
  const d = new nn.LoRALinear(new nn.Linear(6, 4), { r: 2, dropout: 0.5 });
  noGrad(() => nn.init.normal_(d.loraB));
  const x = nb.randn([8, 6]);
  d.eval();
  const a = d.forward(x).dataSync();
  assert.deepEqual(d.forward(x).dataSync(), a);
  d.train();
  assert.notDeepEqual(d.forward(x).dataSync(), a);
  assert.ok(lora);
});

test('applyLoRA: replaces the named Linear children, freezes the rest', () => {
  nb.manualSeed(2);
  const model = new nn.Sequential(new Map<string, nn.Module>([
    ['q_proj', new nn.Linear(4, 4)], ['act', new nn.ReLU()], ['v_proj', new nn.Linear(4, 4)], ['out', new nn.Linear(4, 2)],
  ]));
  const x = nb.randn([2, 4]);
  const before = model.forward(x).dataSync();
  nn.applyLoRA(model, { r: 2, alpha: 4, targetModules: ['q_proj', 'v_proj'] });
  assert.ok(model.at(0) instanceof nn.LoRALinear && model.at(2) instanceof nn.LoRALinear && model.at(3) instanceof nn.Linear);
  close(model.forward(x).dataSync(), before);
  assert.deepEqual(Object.keys(model.stateDict()), [
    'q_proj.weight', 'q_proj.bias', 'q_proj.lora_A', 'q_proj.lora_B', 'v_proj.weight', 'v_proj.bias', 'v_proj.lora_A', 'v_proj.lora_B', 'out.weight', 'out.bias']);
  assert.deepEqual([...model.namedParameters()].filter(([, p]) => p.requiresGrad).map(([k]) => k),
    ['q_proj.lora_A', 'q_proj.lora_B', 'v_proj.lora_A', 'v_proj.lora_B']);
  assert.throws(() => nn.applyLoRA(new nn.Sequential(new nn.Linear(2, 2)), { targetModules: ['k_proj'] }), /no Linear layer named 'k_proj'/);
  const all = nn.applyLoRA(new nn.Sequential(new nn.Linear(2, 2), new nn.Linear(2, 2)));
  assert.ok(all.at(0) instanceof nn.LoRALinear && all.at(1) instanceof nn.LoRALinear);
});
