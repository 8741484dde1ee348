import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import * as nn from '../../src/nn/index.js';

const keys = (m: nn.Module) => Object.keys(m.stateDict());
const grads = (m: nn.Module) => m.parameters().map((p) => p.grad !== null && p.grad !== undefined);

test('Linear: shapes, default init bounds, keys, gradients to every parameter, printing', () => {
  nb.manualSeed(0);
  const fc = new nn.Linear(400, 30);
  assert.deepEqual(fc.weight.shape, [30, 400]);
  assert.deepEqual(keys(fc), ['weight', 'bias']);
  const w = fc.weight.dataSync();
  const bound = 1 / Math.sqrt(400);
  assert.ok(w.every((v) => Math.abs(v) <= bound));
  assert.ok(Math.max(...w) > 0.9 * bound);
  assert.ok(fc.bias!.dataSync().every((v) => Math.abs(v) <= bound));
  fc.forward(nb.randn([5, 400])).sum().backward();
  assert.deepEqual(grads(fc), [true, true]);
  assert.equal(fc.forward(nb.randn([2, 3, 400])).shape.join(), '2,3,30');
  assert.equal(String(new nn.Linear(784, 256)), 'Linear(inFeatures=784, outFeatures=256, bias=true)');
  const nob = new nn.Linear(3, 2, { bias: false });
  assert.deepEqual(keys(nob), ['weight']);
  assert.throws(() => nob.forward(nb.zeros([4, 5])), /linear: input \[4, 5\] must end in inFeatures = 3/);
});

test('Bilinear and Identity', () => {
  const b = new nn.Bilinear(3, 4, 5);
  assert.deepEqual(keys(b), ['weight', 'bias']);
  const y = b.forward(nb.randn([2, 3]), nb.randn([2, 4]));
  assert.deepEqual(y.shape, [2, 5]);
  y.sum().backward();
  assert.deepEqual(grads(b), [true, true]);
  assert.throws(() => b.forward(nb.randn([2, 4]), nb.randn([2, 4])), nb.ShapeError);
  const x = nb.randn([2]);
  assert.equal(new nn.Identity().forward(x), x);
  assert.equal(String(b), 'Bilinear(in1Features=3, in2Features=4, outFeatures=5, bias=true)');
});

test('Sequential: chaining, indexing, append, keys, from a record, printing', () => {
  const s = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2));
  assert.equal(s.length, 3);
  assert.ok(s.at(1) instanceof nn.ReLU);
  assert.ok(s.at(-1) instanceof nn.Linear);
  assert.throws(() => s.at(3), nb.IndexError);
  assert.deepEqual(keys(s), ['0.weight', '0.bias', '2.weight', '2.bias']);
  assert.deepEqual(s.forward(nb.randn([5, 4])).shape, [5, 2]);
  s.append(new nn.Sigmoid());
  assert.equal(s.length, 4);
  assert.deepEqual([...s.namedChildren()].map(([k]) => k), ['0', '1', '2', '3']);
  // Twelve children: keys must stay in order ('10' after '9').
  const long = new nn.Sequential(...Array.from({ length: 12 }, () => new nn.Linear(1, 1)));
  assert.deepEqual([...long.namedChildren()].map(([k]) => k), Array.from({ length: 12 }, (_, i) => String(i)));
  const named = new nn.Sequential({ fc: new nn.Linear(2, 3), act: new nn.Tanh(), out: new nn.Linear(3, 1) });
  assert.deepEqual(keys(named), ['fc.weight', 'fc.bias', 'out.weight', 'out.bias']);
  const mixed = new nn.Sequential(new Map<string, nn.Module>([['fc', new nn.Linear(2, 3)], ['1', new nn.Linear(3, 1)]]));
  assert.deepEqual(keys(mixed), ['fc.weight', 'fc.bias', '1.weight', '1.bias']);
  assert.equal(String(new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU())),
    'Sequential(\n  (0): Linear(inFeatures=2, outFeatures=3, bias=true)\n  (1): ReLU()\n)');
  assert.throws(() => new nn.Sequential({ forward: new nn.ReLU() }), /clashes/);
});

test('ModuleList and ModuleDict register their children', () => {
  const l = new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 2)]);
  assert.deepEqual(keys(l), ['0.weight', '0.bias', '1.weight', '1.bias']);
  assert.equal(l.parameters().length, 4);
  assert.equal([...l].length, 2);
  assert.throws(() => l.forward(), nb.ValueError);
  const d = new nn.ModuleDict({ enc: new nn.Linear(2, 3), dec: new nn.Linear(3, 2) });
  assert.deepEqual(d.keys(), ['enc', 'dec']);
  assert.ok(d.get('dec') instanceof nn.Linear);
  d.set('act', new nn.ReLU());
  assert.equal(d.size, 3);
  assert.deepEqual(keys(d), ['enc.weight', 'enc.bias', 'dec.weight', 'dec.bias']);
});

test('Dropout and Dropout2d respect training mode and the seed', () => {
  const d = new nn.Dropout(0.5);
  const x = nb.ones([1000]);
  nb.manualSeed(1);
  const a = d.forward(x).dataSync();
  assert.ok(a.every((v) => v === 0 || v === 2));
  const zeros = a.filter((v) => v === 0).length;
  assert.ok(zeros > 400 && zeros < 600, `${zeros}`);
  nb.manualSeed(1);
  assert.deepEqual(d.forward(x).dataSync(), a);
  d.eval();
  assert.equal(d.forward(x), x);
  const d2 = new nn.Dropout2d(0.5);
  const y = d2.forward(nb.ones([4, 8, 3, 3])).dataSync();
  for (let c = 0; c < 32; c++) assert.equal(new Set(y.slice(c * 9, c * 9 + 9)).size, 1);
  assert.throws(() => new nn.Dropout(1.5), nb.ValueError);
  assert.equal(String(d), 'Dropout(p=0.5, inplace=false)');
});

test('activations: values and printing', () => {
  const x = nb.tensor([-2, 0, 3]);
  assert.deepEqual(new nn.ReLU().forward(x).toArray(), [0, 0, 3]);
  assert.deepEqual([...new nn.LeakyReLU(0.1).forward(x).dataSync()].map((v) => Math.round(v * 1e6) / 1e6), [-0.2, 0, 3]);
  const sm = new nn.Softmax(1).forward(nb.randn([2, 5]));
  sm.sum(1).dataSync().forEach((v) => assert.ok(Math.abs(v - 1) < 1e-6));
  const mish = new nn.Mish().forward(nb.tensor([1])).item();
  assert.ok(Math.abs(mish - Math.tanh(Math.log1p(Math.E))) < 1e-6);
  assert.equal(String(new nn.GELU({ approximate: 'tanh' })), "GELU(approximate='tanh')");
  assert.equal(String(new nn.LogSoftmax(-1)), 'LogSoftmax(dim=-1)');
});

test('Flatten and Unflatten', () => {
  const x = nb.randn([2, 3, 4, 5]);
  assert.deepEqual(new nn.Flatten().forward(x).shape, [2, 60]);
  assert.deepEqual(new nn.Flatten(0, 1).forward(x).shape, [6, 4, 5]);
  assert.deepEqual(new nn.Unflatten(1, [3, -1]).forward(nb.randn([2, 60])).shape, [2, 3, 20]);
  assert.equal(String(new nn.Unflatten(1, [3, 20])), 'Unflatten(dim=1, unflattenedSize=[3, 20])');
});

test('Embedding: padding row zeroed and without gradient; fromPretrained freezes', () => {
  nb.manualSeed(0);
  const e = new nn.Embedding(10, 4, { paddingIdx: 0 });
  assert.deepEqual(nb.select(e.weight, 0, 0).toArray(), [0, 0, 0, 0]);
  const idx = nb.tensor([[0, 2], [2, 0]], { dtype: 'int32' });
  const y = e.forward(idx);
  assert.deepEqual(y.shape, [2, 2, 4]);
  y.sum().backward();
  const g = e.weight.grad!;
  assert.deepEqual(nb.select(g, 0, 0).toArray(), [0, 0, 0, 0]);
  assert.deepEqual(nb.select(g, 0, 2).toArray(), [2, 2, 2, 2]);
  assert.equal(String(e), 'Embedding(10, 4, paddingIdx=0)');
  const pre = nn.Embedding.fromPretrained(nb.tensor([[1, 2], [3, 4]]));
  assert.equal(pre.weight.requiresGrad, false);
  assert.deepEqual(pre.forward(nb.tensor([1], { dtype: 'int32' })).toArray(), [[3, 4]]);
  assert.equal(nn.Embedding.fromPretrained(nb.tensor([[1, 2]]), { freeze: false }).weight.requiresGrad, true);
  assert.throws(() => new nn.Embedding(3, 2, { paddingIdx: 3 }), nb.IndexError);
});

test('layers: the same seed gives the same initial weights', () => {
  const make = () => new nn.Sequential(new nn.Conv2d(2, 3, 3), new nn.Flatten(), new nn.Linear(12, 4), new nn.Embedding(5, 2), new nn.Bilinear(2, 2, 2));
  nb.manualSeed(11);
  const a = Object.values(make().stateDict()).map((t) => [...t.dataSync()]);
  nb.manualSeed(11);
  const b = Object.values(make().stateDict()).map((t) => [...t.dataSync()]);
  assert.deepEqual(a, b);
  const c = Object.values(make().stateDict()).map((t) => [...t.dataSync()]);
  assert.notDeepEqual(a, c);
});

test('layers: bad input is a typed error naming the expected shape', () => {
  assert.throws(() => new nn.LayerNorm(4).forward(nb.zeros([2, 5])), /layerNorm: normalizedShape \[4\] must match the trailing dims of the input \[2, 5\]/);
  assert.throws(() => new nn.BatchNorm1d(3).forward(nb.zeros([2, 4])), /BatchNorm1d: expected input \[N, 3\] or \[N, 3, L\], got shape \[2, 4\]/);
  assert.throws(() => new nn.GroupNorm(2, 4).forward(nb.zeros([2, 6, 3])), nb.ShapeError);
  assert.throws(() => new nn.Embedding(3, 2).forward(nb.tensor([3], { dtype: 'int32' })), nb.IndexError);
  assert.throws(() => new nn.Embedding(3, 2).forward(nb.tensor([1.5])), nb.DTypeError);
  assert.deepEqual(new nn.Linear(3, 2).forward(nb.zeros([3])).shape, [2]); // unbatched, as PyTorch
  assert.throws(() => new nn.Linear(3, 2).forward(nb.zeros([4])), nb.ShapeError);
  const m = new nn.Linear(3, 2);
  assert.throws(() => m.loadStateDict({ weight: nb.zeros([3, 2]), bias: nb.zeros([2]) }), /size mismatch for weight/);
});
