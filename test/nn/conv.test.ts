import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import * as nn from '../../src/nn/index.js';

const keys = (m: nn.Module) => Object.keys(m.stateDict());

test('Conv2d: weight shape, default init bounds, keys, printing like PyTorch', () => {
  nb.manualSeed(0);
  const c = new nn.Conv2d(4, 8, 3, { groups: 2, dilation: 2, padding: 1 });
  assert.deepEqual(c.weight.shape, [8, 2, 3, 3]);
  assert.deepEqual(keys(c), ['weight', 'bias']);
  const bound = 1 / Math.sqrt(2 * 9);
  assert.ok(c.weight.dataSync().every((v) => Math.abs(v) <= bound));
  assert.ok(c.bias!.dataSync().every((v) => Math.abs(v) <= bound));
  assert.equal(String(c), 'Conv2d(4, 8, kernelSize=[3, 3], stride=[1, 1], padding=[1, 1], dilation=[2, 2], groups=2)');
  assert.equal(String(new nn.Conv2d(1, 8, 3, { bias: false, padding: 'same', paddingMode: 'reflect' })),
    "Conv2d(1, 8, kernelSize=[3, 3], stride=[1, 1], padding='same', bias=false, paddingMode='reflect')");
  const y = c.forward(nb.randn([2, 4, 9, 9]));
  assert.deepEqual(y.shape, [2, 8, 7, 7]);
  y.sum().backward();
  assert.ok(c.weight.grad && c.bias!.grad);
});

test('Conv layers: bad configuration and input are typed errors naming the shapes', () => {
  assert.throws(() => new nn.Conv2d(3, 4, 3, { groups: 2 }), /inChannels 3 must be divisible by groups 2/);
  assert.throws(() => new nn.Conv2d(3, 4, 3, { padding: 'same', stride: 2 }), nb.ValueError);
  assert.throws(() => new nn.Conv2d(3, 4, [3, 3, 3]), nb.ValueError);
  assert.throws(() => new nn.Conv2d(3, 4, 3).forward(nb.zeros([1, 2, 5, 5])), /weight \[4, 3, 3, 3\].*input \[1, 2, 5, 5\]/);
  assert.throws(() => new nn.Conv1d(3, 4, 3).forward(nb.zeros([1, 3])), nb.ShapeError);
});

test('Conv1d, ConvTranspose2d: shapes and keys', () => {
  assert.deepEqual(new nn.Conv1d(3, 5, 3, { padding: 'same' }).forward(nb.randn([2, 3, 11])).shape, [2, 5, 11]);
  const t = new nn.ConvTranspose2d(4, 6, 3, { stride: 2, padding: 1, outputPadding: 1, groups: 2 });
  assert.deepEqual(t.weight.shape, [4, 3, 3, 3]);
  assert.deepEqual(t.forward(nb.randn([1, 4, 5, 5])).shape, [1, 6, 10, 10]);
  assert.equal(String(t), 'ConvTranspose2d(4, 6, kernelSize=[3, 3], stride=[2, 2], padding=[1, 1], outputPadding=[1, 1], groups=2)');
});

test('pooling and Upsample modules: shapes, global pooling, printing', () => {
  const x = nb.randn([2, 3, 8, 8]);
  assert.deepEqual(new nn.MaxPool2d(2).forward(x).shape, [2, 3, 4, 4]);
  const [v, i] = new nn.MaxPool2d(2).forwardWithIndices(x);
  assert.deepEqual(v.shape, [2, 3, 4, 4]);
  assert.equal(i.dtype, 'int32');
  assert.deepEqual(new nn.AvgPool2d(3, { stride: 1, padding: 1 }).forward(x).shape, [2, 3, 8, 8]);
  const g = new nn.AdaptiveAvgPool2d(1).forward(x);
  assert.deepEqual(g.shape, [2, 3, 1, 1]);
  assert.ok(Math.abs(g.dataSync()[0] - nb.mean(nb.select(nb.select(x, 0, 0), 0, 0)).item()) < 1e-6);
  assert.deepEqual(new nn.MaxPool1d(3, { stride: 2 }).forward(nb.randn([1, 2, 9])).shape, [1, 2, 4]);
  assert.deepEqual(new nn.AvgPool1d(2).forward(nb.randn([1, 2, 9])).shape, [1, 2, 4]);
  assert.deepEqual(new nn.Upsample({ scaleFactor: 2 }).forward(x).shape, [2, 3, 16, 16]);
  assert.throws(() => new nn.Upsample({}), nb.ValueError);
  assert.equal(String(new nn.MaxPool2d(2)), 'MaxPool2d(kernelSize=2, stride=2, padding=0, dilation=1, ceilMode=false)');
  assert.equal(String(new nn.Upsample({ scaleFactor: 2, mode: 'bilinear' })), "Upsample(scaleFactor=2, mode='bilinear')");
  assert.equal(String(new nn.AdaptiveAvgPool2d(1)), 'AdaptiveAvgPool2d(outputSize=1)');
});

test('a small CNN: gradients reach every parameter; eval is deterministic', () => {
  nb.manualSeed(4);
  const net = new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Dropout(0.2), new nn.Flatten(), new nn.Linear(4 * 4 * 4, 3));
  assert.deepEqual(keys(net), ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked', '6.weight', '6.bias']);
  const x = nb.randn([5, 1, 8, 8]);
  net.forward(x).sum().backward();
  for (const [k, p] of net.namedParameters()) assert.ok(p.grad, `${k} has a gradient`);
  net.eval();
  assert.deepEqual(net.forward(x).dataSync(), net.forward(x).dataSync());
});
