import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import * as nn from '../../src/nn/index.js';

// nn.Sequential runs Conv2d → [ReLU →] MaxPool2d as one op (conv2dMaxPool2d: the convolution's
// output and its gradient never become tensors). These check it against the same modules run
// one by one: values, gradients of the input and of every parameter bit for bit, second-order
// gradients, and the cases that must keep the modules as written (hooks, subclasses, padding
// modes, unbatched input).

const bits = (a: ArrayLike<number>) => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));

/** The modules of seq one after the other (no fusion, no reordering). */
function oneByOne(seq: nn.Sequential, x: nb.Tensor): nb.Tensor {
  let y = x;
  for (const m of seq.children()) y = (m.forward as (t: nb.Tensor) => nb.Tensor)(y);
  return y;
}

/** Output, input gradient and parameter gradients of run(x) for a fixed upstream gradient. */
function grads(seq: nn.Sequential, run: (x: nb.Tensor) => nb.Tensor, x0: nb.Tensor): string[][] {
  seq.zeroGrad();
  const x = x0.clone().requiresGrad_();
  const y = run(x);
  nb.manualSeed(7);
  y.backward(nb.randn(y.shape));
  return [bits(y.dataSync()), bits(x.grad!.dataSync()), ...seq.parameters().map((p) => bits(p.grad!.dataSync()))];
}

/** conv with its parameters in dtype (the same values). */
function inDType(conv: nn.Conv2d, dtype: 'float32' | 'float64'): nn.Conv2d {
  conv.weight = new nn.Parameter(nb.castTo(conv.weight, dtype));
  if (conv.bias) conv.bias = new nn.Parameter(nb.castTo(conv.bias, dtype));
  return conv;
}

function lenet(): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(1, 6, 5, { padding: 2 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(6, 16, 5), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(400, 10));
}

test('Sequential Conv2d → ReLU → MaxPool2d runs as one op, bit for bit the modules one by one (LeNet)', () => {
  nb.manualSeed(1);
  const seq = lenet();
  const x = nb.randn([3, 1, 28, 28]);
  // the graph holds one fused node per block, and no separate conv output
  const y = seq.forward(x.clone().requiresGrad_());
  const names: string[] = [];
  for (let g = y.gradFn; g; g = g.inputs.find((t) => t?.gradFn)?.gradFn ?? null) names.push(g.name);
  assert.deepEqual(names.filter((n) => /conv|pool|relu/i.test(n)), ['conv2dReluMaxPool2d', 'conv2dReluMaxPool2d']);
  assert.deepEqual(grads(seq, (t) => seq.forward(t), x), grads(seq, (t) => oneByOne(seq, t), x));
});

test('conv2dMaxPool2d: without ReLU, float64, strides, padding, dilation, groups, overlapping and ceil-mode pools', () => {
  const cases: [nn.Conv2d, nn.MaxPool2d, number[], 'float32' | 'float64'][] = [
    [new nn.Conv2d(2, 4, 3, { padding: 1 }), new nn.MaxPool2d(2), [2, 2, 9, 9], 'float32'],
    [new nn.Conv2d(3, 6, 3, { stride: 2, dilation: 2, groups: 3 }), new nn.MaxPool2d(3, { stride: 1, padding: 1 }), [2, 3, 15, 14], 'float32'],
    [new nn.Conv2d(2, 16, [3, 5], { padding: [1, 2] }), new nn.MaxPool2d(2, { ceilMode: true }), [2, 2, 11, 9], 'float64'],
    [new nn.Conv2d(1, 3, 4, { padding: 'same' }), new nn.MaxPool2d(2), [2, 1, 8, 8], 'float32'],
  ];
  for (const [conv, pool, shape, dtype] of cases) {
    nb.manualSeed(2);
    inDType(conv, dtype);
    const x = nb.castTo(nb.randn(shape), dtype);
    for (const relu of [false, true]) {
      const seq = relu ? new nn.Sequential(conv, new nn.ReLU(), pool) : new nn.Sequential(conv, pool);
      assert.deepEqual(grads(seq, (t) => seq.forward(t), x), grads(seq, (t) => oneByOne(seq, t), x), `${shape} ${dtype} relu=${relu}`);
    }
  }
});

test('conv2dMaxPool2d: NaN, ±Inf and all-negative windows give what the separate ops give', () => {
  nb.manualSeed(3);
  const conv = new nn.Conv2d(1, 2, 3, { padding: 1 });
  const seq = new nn.Sequential(conv, new nn.ReLU(), new nn.MaxPool2d(2));
  const x = nb.randn([1, 1, 8, 8]).dataSync();
  x[0] = NaN; x[9] = Infinity; x[20] = -Infinity;
  for (let i = 40; i < 64; i++) x[i] = -50; // windows whose every value is negative after the conv (bias aside)
  const xt = nb.tensor(Array.from(x)).reshape([1, 1, 8, 8]);
  const got = grads(seq, (t) => seq.forward(t), xt), want = grads(seq, (t) => oneByOne(seq, t), xt);
  assert.deepEqual(got, want);
  assert.ok(got[0].includes('NaN'), 'a NaN reaches the output');
});

test('conv2dMaxPool2d: second-order gradients (createGraph) equal the separate ops', () => {
  nb.manualSeed(4);
  const seq = new nn.Sequential(inDType(new nn.Conv2d(2, 3, 3, { padding: 1 }), 'float64'), new nn.ReLU(), new nn.MaxPool2d(2));
  const x0 = nb.randn([2, 2, 6, 6], { dtype: 'float64' });
  const second = (run: (t: nb.Tensor) => nb.Tensor): string[][] => {
    seq.zeroGrad();
    const x = x0.clone().requiresGrad_();
    const y = run(x);
    const gx = nb.autograd.grad(nb.sum(nb.mul(y, y)), [x], { createGraph: true })[0]!;
    nb.sum(nb.mul(gx, gx)).backward(); // d/dθ |∂L/∂x|², through the backward of the fused op
    return [bits(gx.dataSync()), bits(x.grad!.dataSync()), ...seq.parameters().map((p) => bits(p.grad!.dataSync()))];
  };
  const fused = second((t) => seq.forward(t)), separate = second((t) => oneByOne(seq, t));
  assert.deepEqual(fused, separate);
  assert.ok(fused[2].some((v) => v !== '0'), 'the second-order weight gradient is not trivially zero');
});

test('conv2dMaxPool2d: hooks, subclasses, other padding modes and unbatched input keep the modules as written', () => {
  nb.manualSeed(5);
  const x = nb.randn([2, 1, 8, 8]);
  const firstNode = (seq: nn.Sequential, t: nb.Tensor) => {
    const names: string[] = [];
    for (let g = seq.forward(t.clone().requiresGrad_()).gradFn; g; g = g.inputs.find((u) => u?.gradFn)?.gradFn ?? null) names.push(g.name);
    return names;
  };
  // a forward hook on the conv sees the conv's own output
  const conv = new nn.Conv2d(1, 2, 3), seen: number[][] = [];
  const h = conv.registerForwardHook((_m, _i, out) => { seen.push([...(out as nb.Tensor).shape]); });
  assert.ok(!firstNode(new nn.Sequential(conv, new nn.ReLU(), new nn.MaxPool2d(2)), x).includes('conv2dReluMaxPool2d'));
  assert.deepEqual(seen, [[2, 2, 6, 6]]);
  h.remove();
  assert.ok(firstNode(new nn.Sequential(conv, new nn.ReLU(), new nn.MaxPool2d(2)), x).includes('conv2dReluMaxPool2d'));
  // a subclass with its own forward
  class Doubled extends nn.Conv2d { override forward(t: nb.Tensor) { return nb.mul(super.forward(t), 2); } }
  assert.ok(!firstNode(new nn.Sequential(new Doubled(1, 2, 3), new nn.MaxPool2d(2)), x).includes('conv2dMaxPool2d'));
  // reflect padding, and an unbatched [C, H, W] input
  assert.ok(!firstNode(new nn.Sequential(new nn.Conv2d(1, 2, 3, { padding: 1, paddingMode: 'reflect' }), new nn.MaxPool2d(2)), x).includes('conv2dMaxPool2d'));
  const seq = new nn.Sequential(new nn.Conv2d(1, 2, 3), new nn.ReLU(), new nn.MaxPool2d(2));
  assert.deepEqual(seq.forward(nb.randn([1, 8, 8])).shape, [2, 3, 3]);
});

test('conv2dMaxPool2d: no grad mode and frozen parameters', () => {
  nb.manualSeed(6);
  const seq = lenet();
  const x = nb.randn([2, 1, 28, 28]);
  const want = oneByOne(seq, x).dataSync().slice();
  const got = nb.noGrad(() => seq.forward(x));
  assert.equal(got.gradFn, null);
  assert.deepEqual(bits(got.dataSync()), bits(want));
  seq.requiresGrad_(false);
  assert.deepEqual(bits(seq.forward(x).dataSync()), bits(want));
});
