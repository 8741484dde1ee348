import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import * as optim from '../../src/optim/index.js';
import { assertClose, fixture, makeProblem, type OptimCase } from './fixture.js';

type Ctor = new (params: Iterable<Tensor> | Iterable<optim.ParamGroupInput>, options: Record<string, unknown>) => optim.Optimizer;
const CLASSES: Record<string, Ctor> = {
  SGD: optim.SGD as unknown as Ctor, Adam: optim.Adam as unknown as Ctor, AdamW: optim.AdamW as unknown as Ctor,
  Adagrad: optim.Adagrad as unknown as Ctor, RMSprop: optim.RMSprop as unknown as Ctor, Adamax: optim.Adamax as unknown as Ctor,
  Adadelta: optim.Adadelta as unknown as Ctor, NAdam: optim.NAdam as unknown as Ctor,
};

function build(c: OptimCase, params: Tensor[], fused: boolean): optim.Optimizer {
  const cls = CLASSES[c.optimizer];
  const groups = c.groups ? c.groups.map((g) => ({ ...g, params: g.params.map((i) => params[i]) })) : params;
  return new cls(groups, { ...c.options, fused });
}

function run(c: OptimCase, fused: boolean, steps = fixture.steps, dtype: 'float32' | 'float64' = 'float32'): number[][][] {
  const { params, setGrads } = makeProblem(dtype);
  const opt = build(c, params, fused);
  const out: number[][][] = [];
  for (let t = 0; t < steps; t++) {
    setGrads();
    opt.step();
    out.push(params.map((p) => Array.from(p.dataSync())));
  }
  return out;
}

for (const c of fixture.optimizers) {
  test(`optim parity: ${c.name} (fused kernel) follows PyTorch for ${fixture.steps} steps`, () => {
    const got = run(c, true);
    got.forEach((step, t) => step.forEach((p, i) => assertClose(p, c.trajectory[t][i], `${c.name} step ${t + 1} param ${i}`)));
  });
  test(`optim parity: ${c.name} tensor-op fallback gives the fused kernel's exact bits`, () => {
    assert.deepEqual(run(c, false), run(c, true));
  });
}

test('optim: float64 parameters take the fused path and match the tensor-op path', () => {
  for (const c of fixture.optimizers) {
    const a = run(c, true, 5, 'float64'), b = run(c, false, 5, 'float64');
    assert.deepEqual(a, b, c.name);
    // float64 stays within float32 tolerance of PyTorch's float32 trajectory
    a.forEach((step, t) => step.forEach((p, i) => assertClose(p, c.trajectory[t][i], `${c.name} f64 step ${t + 1}`, 1e-4, 1e-5)));
  }
});

test('optim: a non-contiguous parameter falls back to tensor ops with the same numbers', () => {
  const base = nb.tensor([[0.5, -0.25, 1.5], [2, -1, 0.125]]);
  const run2 = (transposed: boolean): number[] => {
    const store = transposed ? nb.contiguous(base.t()) : nb.clone(base);
    const p = (transposed ? store.t() : store).requiresGrad_();
    assert.equal(p.isContiguous(), !transposed);
    const opt = new optim.Adam([p], { lr: 0.1, amsgrad: true, weightDecay: 0.1 });
    for (let i = 0; i < 5; i++) {
      p.grad = nb.noGrad(() => nb.mul(nb.sub(p.detach(), 0.3), 2));
      opt.step();
    }
    return Array.from(p.dataSync());
  };
  assert.deepEqual(run2(true), run2(false));
});

test('optim: a broadcast (stride-0) gradient is made contiguous for the fused kernel', () => {
  const a = nb.tensor([1, 2, 3]).requiresGrad_();
  const b = nb.tensor([1, 2, 3]).requiresGrad_();
  a.grad = nb.expand(nb.tensor([0.5]), [3]);
  b.grad = nb.tensor([0.5, 0.5, 0.5]);
  new optim.SGD([a], { lr: 0.1, momentum: 0.9 }).step();
  new optim.SGD([b], { lr: 0.1, momentum: 0.9 }).step();
  assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
});

test('optim: stateDict round trip after 10 steps continues exactly like an uninterrupted run', () => {
  for (const c of fixture.optimizers) {
    const full = makeProblem();
    const optFull = build(c, full.params, true);
    for (let t = 0; t < 20; t++) { full.setGrads(); optFull.step(); }

    const a = makeProblem();
    const optA = build(c, a.params, true);
    for (let t = 0; t < 10; t++) { a.setGrads(); optA.step(); }
    const sd = JSON.parse(JSON.stringify(optA.stateDict(), (_k, v: unknown) => (v instanceof nb.Tensor ? { tensor: v.toArray(), shape: v.shape } : v)),
      (_k, v: unknown) => (v && typeof v === 'object' && 'tensor' in v ? nb.tensor((v as { tensor: number[] }).tensor) : v)) as optim.OptimizerStateDict;
    const savedParams = a.params.map((p) => nb.clone(p.detach()));
    for (let t = 0; t < 3; t++) { a.setGrads(); optA.step(); } // the saved dict must not follow these

    const b = makeProblem();
    b.params.forEach((p, i) => nb.noGrad(() => p.copy_(savedParams[i])));
    const optB = build(c, b.params, true);
    optB.loadStateDict(sd);
    for (let t = 10; t < 20; t++) { b.setGrads(); optB.step(); }
    b.params.forEach((p, i) => assert.deepEqual(Array.from(p.dataSync()), Array.from(full.params[i].dataSync()), `${c.name} param ${i}`));
  }
});

test('optim: stateDict layout is PyTorch-like (state keyed by index, groups list param indices)', () => {
  const { params, setGrads } = makeProblem();
  const opt = new optim.Adam([{ params: [params[0]] }, { params: [params[1]], lr: 0.5, amsgrad: true }], { lr: 0.01 });
  setGrads();
  opt.step();
  const sd = opt.stateDict();
  assert.deepEqual(Object.keys(sd.state), ['0', '1']);
  assert.deepEqual(Object.keys(sd.state[0]), ['step', 'expAvg', 'expAvgSq']);
  assert.deepEqual(Object.keys(sd.state[1]), ['step', 'expAvg', 'expAvgSq', 'maxExpAvgSq']);
  assert.equal(sd.state[0].step, 1);
  assert.deepEqual(sd.paramGroups.map((g) => g.params), [[0], [1]]);
  assert.deepEqual(sd.paramGroups[1], { lr: 0.5, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: true, maximize: false, params: [1] });
  // copies: stepping again does not change the saved tensors
  const before = Array.from((sd.state[0].expAvg as Tensor).dataSync());
  setGrads();
  opt.step();
  assert.deepEqual(Array.from((sd.state[0].expAvg as Tensor).dataSync()), before);
});

test('optim: loadStateDict rejects mismatched layouts with typed errors', () => {
  const { params, setGrads } = makeProblem();
  const opt = new optim.SGD(params, { lr: 0.1, momentum: 0.9 });
  setGrads();
  opt.step();
  const sd = opt.stateDict();
  const two = new optim.SGD([{ params: [params[0]] }, { params: [params[1]] }], { lr: 0.1 });
  assert.throws(() => two.loadStateDict(sd), (e: Error) => e instanceof nb.ValueError && /has 1 parameter groups, the optimizer 2/.test(e.message));
  const other = new optim.SGD([params[0]], { lr: 0.1 });
  assert.throws(() => other.loadStateDict(sd), (e: Error) => e instanceof nb.ValueError && /group 0 has 2 parameters/.test(e.message));
  const swapped = new optim.SGD([params[1], params[0]], { lr: 0.1 });
  assert.throws(() => swapped.loadStateDict(sd), (e: Error) => e instanceof nb.ShapeError && /momentumBuffer/.test(e.message));
});

test('optim: param groups keep their own options; addParamGroup fills defaults; errors are typed', () => {
  const [w, b] = makeProblem().params;
  const opt = new optim.SGD([w], { lr: 0.1, momentum: 0.9 });
  opt.addParamGroup({ params: [b], lr: 0.01 });
  assert.equal(opt.paramGroups[1].lr, 0.01);
  assert.equal(opt.paramGroups[1].momentum, 0.9);
  assert.throws(() => opt.addParamGroup({ params: [w] }), /more than one parameter group/);
  assert.throws(() => new optim.Adam([]), (e: Error) => e instanceof nb.ValueError && /empty parameter list/.test(e.message));
  assert.throws(() => new optim.Adam(w as unknown as Tensor[]), /single Tensor/);
  assert.throws(() => new optim.SGD([w], { lr: 0.1, nesterov: true }), /Nesterov momentum requires a momentum/);
  assert.throws(() => new optim.Adam([w], { betas: [1.0, 0.9] }), /invalid beta parameter at index 0/);
  assert.throws(() => new optim.Adam([w], { lr: -1 }), /Adam: invalid lr -1/);
  assert.throws(() => new optim.SGD([nb.tensor([1, 2], { dtype: 'int32' })], { lr: 0.1 }), nb.DTypeError);
  const nonLeaf = nb.mul(w, 2);
  assert.throws(() => new optim.SGD([nonLeaf], { lr: 0.1 }), /non-leaf/);
  w.grad = nb.zeros([2]);
  assert.throws(() => new optim.SGD([w], { lr: 0.1 }).step(), (e: Error) => e instanceof nb.ShapeError && /\[2\]/.test(e.message) && /\[3, 4\]/.test(e.message));
});

test('optim: defaults are PyTorch\'s', () => {
  const p = () => [nb.zeros([1]).requiresGrad_()];
  const g = (o: optim.Optimizer) => { const { params: _p, ...rest } = o.paramGroups[0]; return rest; };
  assert.deepEqual(g(new optim.Adam(p())), { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false });
  assert.equal(new optim.AdamW(p()).paramGroups[0].weightDecay, 1e-2);
  assert.deepEqual(g(new optim.Adadelta(p())), { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false });
  assert.deepEqual(g(new optim.Adagrad(p())), { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false });
  assert.deepEqual(g(new optim.RMSprop(p())), { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false });
  assert.deepEqual(g(new optim.Adamax(p())), { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false });
  assert.deepEqual(g(new optim.NAdam(p())), { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 });
  assert.deepEqual(g(new optim.SGD(p(), { lr: 0.1 })), { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false });
});

test('optim: zeroGrad sets to null by default, or zeroes in place; parameters without grad are skipped', () => {
  const [w, b] = makeProblem().params;
  const opt = new optim.Adam([w, b], { lr: 0.1 });
  w.grad = nb.onesLike(w);
  const before = Array.from(b.dataSync());
  opt.step();
  assert.deepEqual(Array.from(b.dataSync()), before);
  assert.equal(opt.state.has(b), false);
  const g = w.grad;
  opt.zeroGrad(false);
  assert.equal(w.grad, g);
  assert.deepEqual(Array.from(g.dataSync()), new Array(12).fill(0));
  opt.zeroGrad();
  assert.equal(w.grad, null);
});

test('optim: step(closure) re-evaluates the loss with grad enabled and returns it', () => {
  const x = nb.tensor([3.0]).requiresGrad_();
  const opt = new optim.SGD([x], { lr: 0.25 });
  const closure = () => {
    opt.zeroGrad();
    const loss = nb.sum(nb.mul(x, x));
    loss.backward();
    return loss;
  };
  const loss = nb.noGrad(() => opt.step(closure));
  assert.equal(loss?.item(), 9);
  assert.deepEqual(Array.from(x.dataSync()), [1.5]); // 3 - 0.25 * 6
});

test('optim: training a tiny regression with each optimizer lowers the loss', () => {
  nb.manualSeed(0);
  const X = nb.randn([32, 3]);
  const y = nb.matmul(X, nb.tensor([[1.5], [-2], [0.5]]));
  const makers: [string, (p: Tensor[]) => optim.Optimizer][] = [
    ['SGD', (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9 })], ['Adam', (p) => new optim.Adam(p, { lr: 0.05 })],
    ['AdamW', (p) => new optim.AdamW(p, { lr: 0.05 })], ['Adagrad', (p) => new optim.Adagrad(p, { lr: 0.3 })],
    ['RMSprop', (p) => new optim.RMSprop(p, { lr: 0.01 })], ['Adamax', (p) => new optim.Adamax(p, { lr: 0.05 })],
    ['Adadelta', (p) => new optim.Adadelta(p, { lr: 1.0 })], ['NAdam', (p) => new optim.NAdam(p, { lr: 0.05 })],
  ];
  for (const [name, make] of makers) {
    const w = nb.zeros([3, 1]).requiresGrad_();
    const opt = make([w]);
    const lossOf = () => nb.mean(nb.square(nb.sub(nb.matmul(X, w), y)));
    const first = lossOf().item();
    for (let i = 0; i < 50; i++) { opt.zeroGrad(); lossOf().backward(); opt.step(); }
    // Adadelta's effective step starts at ~sqrt(eps): it is slow in the first iterations
    assert.ok(lossOf().item() < first * (name === 'Adadelta' ? 0.9 : 0.7), `${name}: ${first} -> ${lossOf().item()}`);
  }
});
