import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import * as nn from '../../src/nn/index.js';

// Sequential computes ReLU → MaxPool as relu(maxPool(x)). These check that it is the same as the
// modules one after the other (maxPool(relu(x)), the functional composite), bit for bit, in
// values and gradients, with NaN, ±0, ±Inf, ties, all-negative and overlapping windows.

const F = nn.functional;
const bits = (a: ArrayLike<number>) => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));

/** x with special values sprinkled over random ones (deterministic). */
function input(shape: number[], seed: number): nb.Tensor {
  nb.manualSeed(seed);
  const x = nb.randn(shape).dataSync();
  const specials = [NaN, -0, 0, Infinity, -Infinity, 0.5, 0.5, -3];
  for (let i = 0; i < x.length; i += 7) x[i] = specials[(i / 7) % specials.length];
  // a block of all-negative values (whole windows with no positive element)
  for (let i = 0; i < Math.min(40, x.length); i++) x[i] = -1 - (i % 3);
  return nb.tensor(Array.from(x)).reshape(shape);
}

/** Output and input gradient of f on x, for an upstream gradient g with its own specials. */
function run(f: (x: nb.Tensor) => nb.Tensor, x0: nb.Tensor): [string[], string[]] {
  const x = x0.clone().requiresGrad_();
  const y = f(x);
  nb.manualSeed(99);
  const gd = nb.randn(y.shape).dataSync();
  gd[1] = NaN; gd[2] = Infinity;
  y.backward(nb.tensor(Array.from(gd)).reshape(y.shape));
  return [bits(y.dataSync()), bits(x.grad!.dataSync())];
}

const cases2d: [string, nn.MaxPoolLayerOptions, number | [number, number]][] = [
  ['2x2', {}, 2],
  ['3x3 stride 1 (overlapping)', { stride: 1 }, 3],
  ['3x3 stride 2 padding 1 ceilMode', { stride: 2, padding: 1, ceilMode: true }, 3],
  ['2x3 dilation 2', { dilation: 2, stride: 1 }, [2, 3]],
];

for (const [name, opts, k] of cases2d) {
  test(`Sequential(ReLU, MaxPool2d ${name}) = maxPool2d(relu(x)) bit for bit, values and gradients`, () => {
    const x = input([2, 3, 9, 10], 1);
    const seq = new nn.Sequential(new nn.ReLU(), new nn.MaxPool2d(k, opts));
    const got = run((t) => seq.forward(t), x);
    const want = run((t) => F.maxPool2d(F.relu(t), k, opts) as nb.Tensor, x);
    assert.deepEqual(got, want);
    assert.ok(got[0].includes('NaN') && got[0].includes('0'), 'the input reaches NaN and zero outputs');
  });
}

test('Sequential(ReLU, MaxPool1d) = maxPool1d(relu(x)) bit for bit', () => {
  const x = input([3, 4, 17], 2);
  const seq = new nn.Sequential(new nn.ReLU(), new nn.MaxPool1d(3, { stride: 2, padding: 1 }));
  assert.deepEqual(run((t) => seq.forward(t), x), run((t) => F.maxPool1d(F.relu(t), 3, { stride: 2, padding: 1 }) as nb.Tensor, x));
});

test('Sequential ReLU → MaxPool2d: the relu runs on the pooled tensor (one relu node after the pool)', () => {
  // (a batch norm between: Conv2d → ReLU → MaxPool2d would run as one fused op, conv-pool-fusion.test.ts)
  const seq = new nn.Sequential(new nn.Conv2d(1, 2, 3), new nn.BatchNorm2d(2), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten());
  const y = seq.forward(nb.randn([2, 1, 8, 8]));
  const flat = y.gradFn!;
  const r = flat.inputs[0]!.gradFn!;
  assert.match(r.name, /relu/i);
  assert.deepEqual(flat.inputs[0]!.shape, [2, 2, 3, 3]);
  assert.match(r.inputs[0]!.gradFn!.name, /pool/i);
  // gradients of every order still flow (the composite's second derivative is zero almost everywhere)
  seq.forward(nb.randn([2, 1, 8, 8])).sum().backward();
  assert.ok(seq.parameters().every((p) => p.grad));
});

test('Sequential ReLU → MaxPool2d: hooks on either module keep the modules as written', () => {
  const relu = new nn.ReLU(), pool = new nn.MaxPool2d(2);
  const seq = new nn.Sequential(relu, pool);
  const x = input([1, 2, 6, 6], 3);
  const seen: number[][] = [];
  const h = relu.registerForwardHook((_m, _i, out) => { seen.push([...(out as nb.Tensor).shape]); });
  const y = seq.forward(x);
  assert.deepEqual(seen, [[1, 2, 6, 6]], 'the relu hook saw the full-size relu output');
  assert.match(y.gradFn?.name ?? 'pool', /pool/i);
  h.remove();
  let called = 0;
  const h2 = pool.registerForwardPreHook(() => { called++; });
  seq.forward(x);
  assert.equal(called, 1);
  h2.remove();
  assert.deepEqual(bits(seq.forward(x).dataSync()), bits(y.dataSync()));
});

test('Sequential ReLU → MaxPool2d: an integer input is left to the modules (no swap)', () => {
  const seq = new nn.Sequential(new nn.ReLU(), new nn.MaxPool2d(2));
  const x = nb.tensor([[[[1, -2], [3, 4]]]]);
  assert.deepEqual(bits(seq.forward(x).dataSync()), bits(F.maxPool2d(F.relu(x), 2).dataSync()));
});
