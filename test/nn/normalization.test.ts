import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import * as nn from '../../src/nn/index.js';

const keys = (m: nn.Module) => Object.keys(m.stateDict());
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])), `[${i}] ${a[i]} vs ${b[i]}`);
};

test('BatchNorm2d: keys, running statistics, eval uses them, num_batches_tracked counts', () => {
  const bn = new nn.BatchNorm2d(3);
  assert.deepEqual(keys(bn), ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
  assert.equal(bn.numBatchesTracked!.dtype, 'int32');
  const x = nb.add(nb.mul(nb.randn([8, 3, 4, 4]), 2), 5);
  const y = bn.forward(x);
  close(nb.mean(y, [0, 2, 3]).dataSync(), [0, 0, 0], 1e-5);
  assert.equal(bn.numBatchesTracked!.item(), 1);
  const rm = bn.runningMean!.dataSync();
  rm.forEach((v) => assert.ok(Math.abs(v - 0.5) < 0.05, `${v}`)); // 0.1 · ~5
  bn.eval();
  const ye = bn.forward(x);
  const expect = nb.div(nb.sub(x, nb.reshape(bn.runningMean!, [1, 3, 1, 1])), nb.sqrt(nb.add(nb.reshape(bn.runningVar!, [1, 3, 1, 1]), 1e-5)));
  close(ye.dataSync(), expect.dataSync(), 1e-5);
  assert.equal(bn.numBatchesTracked!.item(), 1);
  assert.throws(() => bn.forward(nb.zeros([2, 4, 3, 3])), /BatchNorm2d: expected a 4-D input \[N, 3, H, W\], got shape \[2, 4, 3, 3\]/);
  assert.equal(String(bn), 'BatchNorm2d(3, eps=0.00001, momentum=0.1, affine=true, trackRunningStats=true)');
});

test('BatchNorm1d: momentum null is a cumulative average; no running stats means batch stats in eval', () => {
  const bn = new nn.BatchNorm1d(2, { momentum: null });
  const a = nb.tensor([[1, 2], [3, 6]]);
  const b = nb.tensor([[5, 0], [7, 0]]);
  bn.forward(a);
  bn.forward(b);
  close(bn.runningMean!.dataSync(), [4, 2]); // mean of the batch means (2, 4) and (6, 0)
  close(bn.runningVar!.dataSync(), [2, 4]); // mean of the unbiased variances (2, 8) and (2, 0)
});

test('BatchNorm1d without running stats, and gradient flow', () => {
  const bn = new nn.BatchNorm1d(4, { trackRunningStats: false, affine: true });
  assert.deepEqual(keys(bn), ['weight', 'bias']);
  bn.eval();
  const x = nb.randn([6, 4], { requiresGrad: true });
  const y = bn.forward(x);
  close(nb.mean(y, 0).dataSync(), [0, 0, 0, 0], 1e-5);
  nb.mul(y, nb.randn([6, 4])).sum().backward();
  assert.ok(bn.weight!.grad && bn.bias!.grad && x.grad);
  assert.deepEqual(keys(new nn.BatchNorm1d(3, { affine: false })), ['running_mean', 'running_var', 'num_batches_tracked']);
});

test('LayerNorm, GroupNorm, InstanceNorm2d: keys, normalisation, printing', () => {
  const ln = new nn.LayerNorm([4, 5]);
  assert.deepEqual(keys(ln), ['weight', 'bias']);
  const y = ln.forward(nb.randn([3, 4, 5]));
  close(nb.mean(y, [1, 2]).dataSync(), [0, 0, 0], 1e-5);
  assert.equal(String(ln), 'LayerNorm([4, 5], eps=0.00001, elementwiseAffine=true)');
  assert.deepEqual(keys(new nn.LayerNorm(4, { elementwiseAffine: false })), []);
  const gn = new nn.GroupNorm(2, 6);
  assert.deepEqual(gn.forward(nb.randn([2, 6, 3, 3])).shape, [2, 6, 3, 3]);
  assert.throws(() => new nn.GroupNorm(4, 6), nb.ShapeError);
  assert.equal(String(gn), 'GroupNorm(2, 6, eps=0.00001, affine=true)');
  const inorm = new nn.InstanceNorm2d(3);
  assert.deepEqual(keys(inorm), []);
  const z = inorm.forward(nb.randn([2, 3, 4, 4]));
  close(nb.mean(z, [2, 3]).dataSync(), [0, 0, 0, 0, 0, 0], 1e-5);
  assert.deepEqual(inorm.forward(nb.randn([3, 4, 4])).shape, [3, 4, 4]);
  const tracked = new nn.InstanceNorm2d(3, { affine: true, trackRunningStats: true });
  assert.deepEqual(keys(tracked), ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
});
