// Finite-difference checks of whole layers in float64: the gradients w.r.t. the input and every
// trainable parameter (gradcheck perturbs the parameters' storage in place, so the closure
// ignores its arguments and calls the module).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';

const f64 = { dtype: 'float64' as const };

function check(name: string, m: nn.Module, inputs: nb.Tensor[]): void {
  const params = m.parameters().filter((p) => p.requiresGrad);
  assert.ok(params.length > 0, `${name} has trainable parameters`);
  const fn = (): nb.Tensor => (m.forward as (...a: nb.Tensor[]) => nb.Tensor)(...inputs);
  assert.ok(gradcheck(fn, [...inputs.filter((t) => t.requiresGrad), ...params]), name);
}

test('gradcheck: Linear, Bilinear, LoRALinear', () => {
  nb.manualSeed(0);
  check('Linear', new nn.Linear(3, 2, f64), [nb.randn([2, 3], { ...f64, requiresGrad: true })]);
  check('Bilinear', new nn.Bilinear(2, 3, 2, f64), [nb.randn([2, 2], { ...f64, requiresGrad: true }), nb.randn([2, 3], { ...f64, requiresGrad: true })]);
  const lora = new nn.LoRALinear(new nn.Linear(3, 2, f64), { r: 2, alpha: 3 });
  nn.init.normal_(lora.loraB);
  check('LoRALinear', lora, [nb.randn([2, 3], { ...f64, requiresGrad: true })]);
});

test('gradcheck: Conv2d (groups, dilation, stride), Conv1d, ConvTranspose2d', () => {
  nb.manualSeed(1);
  check('Conv2d', new nn.Conv2d(4, 2, 2, { groups: 2, dilation: 2, stride: [1, 2], padding: 1, dtype: 'float64' }), [nb.randn([1, 4, 4, 5], { ...f64, requiresGrad: true })]);
  check('Conv2d reflect', new nn.Conv2d(1, 2, 3, { padding: 1, paddingMode: 'reflect', dtype: 'float64' }), [nb.randn([1, 1, 4, 4], { ...f64, requiresGrad: true })]);
  check('Conv1d', new nn.Conv1d(2, 2, 3, { padding: 'same', dtype: 'float64' }), [nb.randn([2, 2, 5], { ...f64, requiresGrad: true })]);
  check('ConvTranspose2d', new nn.ConvTranspose2d(2, 2, 3, { stride: 2, padding: 1, outputPadding: 1, dtype: 'float64' }), [nb.randn([1, 2, 3, 3], { ...f64, requiresGrad: true })]);
});

test('gradcheck: BatchNorm2d (train and eval), LayerNorm, GroupNorm, InstanceNorm2d', () => {
  nb.manualSeed(2);
  const bn = new nn.BatchNorm2d(2, f64);
  nn.init.uniform_(bn.weight!, 0.5, 1.5);
  check('BatchNorm2d train', bn, [nb.randn([3, 2, 2, 2], { ...f64, requiresGrad: true })]);
  check('BatchNorm2d eval', bn.eval(), [nb.randn([3, 2, 2, 2], { ...f64, requiresGrad: true })]);
  check('BatchNorm1d', new nn.BatchNorm1d(3, f64), [nb.randn([4, 3], { ...f64, requiresGrad: true })]);
  check('LayerNorm', new nn.LayerNorm([2, 3], f64), [nb.randn([2, 2, 3], { ...f64, requiresGrad: true })]);
  check('GroupNorm', new nn.GroupNorm(2, 4, f64), [nb.randn([2, 4, 3], { ...f64, requiresGrad: true })]);
  check('InstanceNorm2d', new nn.InstanceNorm2d(2, { affine: true, dtype: 'float64' }), [nb.randn([2, 2, 3, 2], { ...f64, requiresGrad: true })]);
});

test('gradcheck: Embedding (repeated indices add up)', () => {
  // Not with paddingIdx: its row gets no gradient by design, though the output reads it.
  nb.manualSeed(3);
  const e = new nn.Embedding(4, 2, { dtype: 'float64' });
  check('Embedding', e, [nb.tensor([[0, 1], [3, 1]], { dtype: 'int32' })]);
});
