import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import * as optim from '../../src/optim/index.js';
import { assertClose, fixture, type SchedCase } from './fixture.js';

const S = optim.lrScheduler;
type Sched = optim.lrScheduler.LRScheduler | optim.lrScheduler.ReduceLROnPlateau;

function params(): nb.Tensor[] {
  return [nb.zeros([2]).requiresGrad_(), nb.zeros([3]).requiresGrad_()];
}
function sgd2(momentum = 0): optim.SGD {
  const [a, b] = params();
  return new optim.SGD([{ params: [a] }, { params: [b], lr: 0.01 }], { lr: 0.1, momentum });
}
function adam2(): optim.Adam {
  const [a, b] = params();
  return new optim.Adam([{ params: [a] }, { params: [b], lr: 0.01 }], { lr: 0.1 });
}

/** The same configurations as tools/parity_nn/optim.py, by case name. */
const MAKERS: Record<string, () => [optim.Optimizer, Sched]> = {
  StepLR: () => { const o = sgd2(); return [o, new S.StepLR(o, 3, { gamma: 0.5 })]; },
  MultiStepLR: () => { const o = sgd2(); return [o, new S.MultiStepLR(o, [2, 5, 5, 9], { gamma: 0.3 })]; },
  ExponentialLR: () => { const o = sgd2(); return [o, new S.ExponentialLR(o, 0.9)]; },
  CosineAnnealingLR: () => { const o = sgd2(); return [o, new S.CosineAnnealingLR(o, 10, { etaMin: 0.001 })]; },
  CosineAnnealingWarmRestarts: () => { const o = sgd2(); return [o, new S.CosineAnnealingWarmRestarts(o, 3, { Tmult: 2, etaMin: 0.01 })]; },
  CosineAnnealingWarmRestarts_mult1: () => { const o = sgd2(); return [o, new S.CosineAnnealingWarmRestarts(o, 4)]; },
  LinearLR: () => { const o = sgd2(); return [o, new S.LinearLR(o, { startFactor: 0.25, endFactor: 1.0, totalIters: 4 })]; },
  LinearLR_default: () => { const o = sgd2(); return [o, new S.LinearLR(o)]; },
  LinearLR_decay: () => { const o = sgd2(); return [o, new S.LinearLR(o, { startFactor: 1.0, endFactor: 0.1, totalIters: 6 })]; },
  ConstantLR: () => { const o = sgd2(); return [o, new S.ConstantLR(o, { factor: 0.5, totalIters: 3 })]; },
  MultiplicativeLR: () => { const o = sgd2(); return [o, new S.MultiplicativeLR(o, (e) => (e % 2 ? 0.9 : 0.8))]; },
  PolynomialLR: () => { const o = sgd2(); return [o, new S.PolynomialLR(o, { totalIters: 6, power: 2.0 })]; },
  SequentialLR_constant_poly: () => {
    const o = sgd2();
    return [o, new S.SequentialLR(o, [new S.ConstantLR(o, { factor: 0.25, totalIters: 2 }), new S.PolynomialLR(o, { totalIters: 5 })], [3])];
  },
  LambdaLR_pow: () => { const o = sgd2(); return [o, new S.LambdaLR(o, (e) => 0.95 ** e)]; },
  LambdaLR_per_group: () => { const o = sgd2(); return [o, new S.LambdaLR(o, [(e) => 1.0 / (e + 1), (e) => 0.5 ** Math.floor(e / 2)])]; },
  SequentialLR_warmup_cosine: () => {
    const o = sgd2();
    return [o, new S.SequentialLR(o, [new S.LinearLR(o, { startFactor: 0.1, totalIters: 3 }), new S.CosineAnnealingLR(o, 8)], [3])];
  },
  SequentialLR_three: () => {
    const o = sgd2();
    return [o, new S.SequentialLR(o, [new S.LinearLR(o, { startFactor: 0.5, totalIters: 2 }), new S.ExponentialLR(o, 0.8), new S.StepLR(o, 2, { gamma: 0.5 })], [2, 6])];
  },
  OneCycleLR_cos: () => { const o = sgd2(0.9); return [o, new S.OneCycleLR(o, 0.5, { totalSteps: 20 })]; },
  OneCycleLR_linear_groups: () => {
    const o = sgd2(0.9);
    return [o, new S.OneCycleLR(o, [0.5, 0.05], { totalSteps: 16, annealStrategy: 'linear', pctStart: 0.25, divFactor: 10, finalDivFactor: 100 })];
  },
  OneCycleLR_three_phase: () => { const o = sgd2(0.9); return [o, new S.OneCycleLR(o, 1.0, { epochs: 4, stepsPerEpoch: 5, threePhase: true })]; },
  OneCycleLR_adam: () => { const o = adam2(); return [o, new S.OneCycleLR(o, 0.01, { totalSteps: 12, baseMomentum: 0.8, maxMomentum: 0.9 })]; },
  OneCycleLR_no_momentum: () => { const o = sgd2(); return [o, new S.OneCycleLR(o, 0.3, { totalSteps: 10, cycleMomentum: false })]; },
  ReduceLROnPlateau_min: () => { const o = sgd2(); return [o, new S.ReduceLROnPlateau(o, { patience: 2, factor: 0.5, cooldown: 1 })]; },
  ReduceLROnPlateau_min_abs_minlr: () => {
    const o = sgd2();
    return [o, new S.ReduceLROnPlateau(o, { patience: 1, factor: 0.1, threshold: 0.05, thresholdMode: 'abs', minLr: [0.005, 0.0005] })];
  },
  ReduceLROnPlateau_max: () => { const o = sgd2(); return [o, new S.ReduceLROnPlateau(o, { mode: 'max', patience: 2, factor: 0.2, threshold: 0.1 })]; },
};

function momentumOf(o: optim.Optimizer): number[] {
  return o.paramGroups.map((g) => (Array.isArray(g.betas) ? (g.betas as number[])[0] : (g.momentum as number)));
}

function replay(c: SchedCase, make: () => [optim.Optimizer, Sched], from = 0, state?: { opt: optim.Optimizer; sched: Sched }) {
  const [opt, sched] = state ? [state.opt, state.sched] : make();
  const lrs: number[][] = [opt.paramGroups.map((g) => g.lr)];
  const moms: number[][] = [momentumOf(opt)];
  for (let i = from; i < c.lrs.length - 1; i++) {
    opt.step();
    if (sched instanceof S.ReduceLROnPlateau) sched.step((c.metrics as number[])[i]);
    else sched.step();
    lrs.push(opt.paramGroups.map((g) => g.lr));
    moms.push(momentumOf(opt));
  }
  return { lrs, moms, opt, sched };
}

for (const c of fixture.schedulers) {
  test(`lrScheduler parity: ${c.name} gives PyTorch's lr sequence`, () => {
    const make = MAKERS[c.name];
    assert.ok(make, `no maker for ${c.name}`);
    const { lrs, moms } = replay(c, make);
    assert.equal(lrs.length, c.lrs.length);
    lrs.forEach((l, t) => assertClose(l, c.lrs[t], `${c.name} lr after ${t} steps`, 1e-12, 1e-15));
    if (c.momentum) moms.forEach((m, t) => assertClose(m, (c.momentum as number[][])[t], `${c.name} momentum after ${t} steps`, 1e-12, 1e-15));
  });
}

test('lrScheduler: getLastLr is what the last step set; stateDict round trip resumes the sequence', () => {
  for (const c of fixture.schedulers) {
    const make = MAKERS[c.name];
    const half = Math.floor((c.lrs.length - 1) / 2);
    const [o1, s1] = make();
    for (let i = 0; i < half; i++) {
      o1.step();
      if (s1 instanceof S.ReduceLROnPlateau) s1.step((c.metrics as number[])[i]); else s1.step();
    }
    assert.deepEqual(s1.getLastLr(), o1.paramGroups.map((g) => g.lr));
    const osd = JSON.parse(JSON.stringify(o1.stateDict())) as optim.OptimizerStateDict;
    const ssd = JSON.parse(JSON.stringify(s1.stateDict())) as Record<string, unknown>;
    const [o2, s2] = make();
    o2.loadStateDict(osd);
    s2.loadStateDict(ssd);
    const { lrs } = replay(c, make, half, { opt: o2, sched: s2 });
    lrs.forEach((l, t) => assertClose(l, c.lrs[half + t], `${c.name} resumed lr ${half + t}`, 1e-12, 1e-15));
  }
});

test('lrScheduler: LambdaLR / MultiplicativeLR state leaves out the functions, and loading keeps them', () => {
  for (const make of [(o: optim.Optimizer) => new S.LambdaLR(o, (e) => 1 / (e + 1)), (o: optim.Optimizer) => new S.MultiplicativeLR(o, () => 0.5)]) {
    const s = make(sgd2());
    s.step();
    const sd = JSON.parse(JSON.stringify(s.stateDict())) as Record<string, unknown>;
    assert.equal('lrLambdas' in sd, false);
    assert.equal(sd.lastEpoch, 1);
    const o2 = sgd2();
    const s2 = make(o2);
    s2.loadStateDict(sd);
    o2.paramGroups.forEach((g, i) => { g.lr = s.getLastLr()[i]; });
    s.step();
    s2.step();
    assert.deepEqual(s2.getLastLr(), s.getLastLr());
  }
});

test('lrScheduler: bad arguments raise typed errors naming the scheduler', () => {
  const o = sgd2();
  assert.throws(() => new S.StepLR(o, 0), (e: Error) => e instanceof nb.ValueError && /StepLR: stepSize/.test(e.message));
  assert.throws(() => new S.CosineAnnealingWarmRestarts(o, 2.5), /positive integer T0/);
  assert.throws(() => new S.CosineAnnealingWarmRestarts(o, 2, { Tmult: 0 }), /Tmult >= 1/);
  assert.throws(() => new S.LinearLR(o, { startFactor: 2 }), /startFactor/);
  assert.throws(() => new S.LambdaLR(o, [(e) => e]), /expected 2 lrLambdas/);
  assert.throws(() => new S.OneCycleLR(o, 0.1), /totalSteps OR \(epochs AND stepsPerEpoch\)/);
  assert.throws(() => new S.OneCycleLR(o, 0.1, { totalSteps: 10, annealStrategy: 'cubic' as 'cos' }), /annealStrategy/);
  assert.throws(() => new S.ReduceLROnPlateau(o, { factor: 1.5 }), /factor should be < 1.0/);
  assert.throws(() => new S.ReduceLROnPlateau(o, { mode: 'up' as 'min' }), /mode up is unknown/);
  const fresh = sgd2();
  assert.throws(() => new S.StepLR(fresh, 3, { lastEpoch: 5 }), /initialLr/);
  const oc = new S.OneCycleLR(sgd2(0.9), 0.1, { totalSteps: 3 });
  oc.step(); oc.step(); oc.step();
  assert.throws(() => oc.step(), /tried to step 5 times; the specified number of total steps is 3/);
  const seqOpt = sgd2();
  assert.throws(() => new S.SequentialLR(seqOpt, [new S.StepLR(seqOpt, 2), new S.StepLR(sgd2(), 2)], [3]), /different optimizer/);
  assert.throws(() => new S.SequentialLR(seqOpt, [new S.StepLR(seqOpt, 2)], [3]), /one milestone fewer/);
});

test('lrScheduler: ReduceLROnPlateau state saved before any step survives JSON (best = Infinity)', () => {
  const a = new S.ReduceLROnPlateau(sgd2(), { patience: 0 });
  const b = new S.ReduceLROnPlateau(sgd2(), { patience: 0 });
  b.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())) as Record<string, unknown>);
  assert.equal(b.best, Infinity);
  b.step(5);
  assert.equal(b.best, 5);
});

test('lrScheduler: ReduceLROnPlateau accepts a 0-d tensor metric', () => {
  const o = sgd2();
  const s = new S.ReduceLROnPlateau(o, { patience: 0 });
  s.step(nb.scalar(1));
  s.step(nb.scalar(2));
  assert.deepEqual(s.getLastLr(), [0.1 * 0.1, 0.01 * 0.1]);
});
