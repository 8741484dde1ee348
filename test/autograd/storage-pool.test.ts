import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import { clearStoragePool, recycleStorage, storagePoolEnabled, takeRecycled } from '../../src/tensor/storage-pool.js';

// The autograd engine gives gradient buffers that only it held back to a pool once the op they
// fed has run, and allocUninit/allocStorage hand them out again. These check that a buffer
// comes back, and that nothing anyone can still see is ever handed out: retained gradients,
// gradients a backward hook kept, tensors grad() returns, leaf .grad, the root gradient.

const snapshot = (t: nb.Tensor) => Array.from(t.dataSync());

function mlp(): nn.Sequential {
  return new nn.Sequential(new nn.Linear(64, 128), new nn.ReLU(), new nn.Linear(128, 96), new nn.ReLU(), new nn.Linear(96, 10));
}

/** A training-like step: forward, loss, backward. */
function step(model: nn.Sequential, x: nb.Tensor, y: nb.Tensor): nb.Tensor {
  const loss = nn.functional.crossEntropy(model.forward(x), y);
  loss.backward();
  return loss;
}

test('storage pool: a gradient buffer only the engine held is reused by the next allocation of its size', () => {
  clearStoragePool();
  nb.manualSeed(1);
  const model = mlp();
  const x = nb.randn([32, 64]), y = nb.randint(0, 10, [32], { dtype: 'int32' });
  step(model, x, y);
  // the relu gradients ([32, 128] and [32, 96] float32) went back to the pool (none with NABLA_STORAGE_POOL=0)
  const a = takeRecycled('float32', 32 * 128);
  if (!storagePoolEnabled()) {
    assert.equal(a, null, 'the pool is off: nothing is kept');
    return;
  }
  assert.ok(a instanceof Float32Array && a.length === 32 * 128, 'a [32, 128] buffer is waiting');
  recycleStorage('float32', a!);
  // and the next forward's activations of that size take it (the pool then has one fewer)
  const h = nb.noGrad(() => model.forward(x));
  assert.equal(h.shape[1], 10);
  clearStoragePool();
});

test('storage pool: results of a step are the same bits with buffers reused as without', () => {
  nb.manualSeed(2);
  const run = (clearEachStep: boolean) => {
    nb.manualSeed(3);
    const model = mlp();
    const opt = new nb.optim.Adam(model.parameters(), { lr: 1e-2 });
    const x = nb.randn([32, 64]), y = nb.randint(0, 10, [32], { dtype: 'int32' });
    const losses: number[] = [];
    for (let i = 0; i < 5; i++) {
      if (clearEachStep) clearStoragePool();
      opt.zeroGrad();
      losses.push(step(model, x, y).item());
      opt.step();
    }
    return [losses, ...model.parameters().map(snapshot)];
  };
  assert.deepEqual(run(false), run(true));
});

test('storage pool: retainGrad, hooks, grad() results and leaf gradients are never handed out again', () => {
  nb.manualSeed(4);
  clearStoragePool();
  const model = mlp();
  const x = nb.randn([32, 64], { requiresGrad: true }), y = nb.randint(0, 10, [32], { dtype: 'int32' });
  // a retained intermediate gradient and every gradient a full backward hook sees
  const lin2 = [...model.children()][2] as nn.Linear;
  const kept: nb.Tensor[] = [];
  lin2.registerFullBackwardHook((_m, gin, gout) => { for (const t of [...gin, ...gout]) if (t) kept.push(t); });
  const mods = [...model.children()] as unknown as { forward(t: nb.Tensor): nb.Tensor }[];
  const h = mods[1].forward(mods[0].forward(x));
  h.retainGrad();
  let out = h;
  for (const m of mods.slice(2)) out = m.forward(out);
  nn.functional.crossEntropy(out, y).backward();
  const saved = [h.grad!, x.grad!, ...kept, ...model.parameters().map((p) => p.grad!)];
  const before = saved.map(snapshot);
  // grad() results
  const [gx] = nb.autograd.grad(nn.functional.crossEntropy(model.forward(x), y), [x]);
  const gxBefore = snapshot(gx!);
  // many more steps allocate every size again
  for (let i = 0; i < 4; i++) { model.zeroGrad(); step(model, nb.randn([32, 64]), y); }
  assert.deepEqual(saved.map(snapshot), before);
  assert.deepEqual(snapshot(gx!), gxBefore);
  clearStoragePool();
});

test('storage pool: a retained gradient (retainGrad) is never handed out again', () => {
  nb.manualSeed(5);
  clearStoragePool();
  const lin1 = new nn.Linear(64, 128), lin2 = new nn.Linear(128, 10);
  const x = nb.randn([32, 64]), y = nb.randint(0, 10, [32], { dtype: 'int32' });
  const h = nb.relu(lin1.forward(x));
  h.retainGrad(); // its gradient is lin2's fresh input gradient, which the relu node consumes
  nn.functional.crossEntropy(lin2.forward(h), y).backward();
  const before = snapshot(h.grad!);
  for (let i = 0; i < 3; i++) nn.functional.crossEntropy(lin2.forward(nb.relu(lin1.forward(nb.randn([32, 64])))), y).backward();
  assert.deepEqual(snapshot(h.grad!), before);
  clearStoragePool();
});
