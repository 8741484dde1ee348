import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { nn, optim, train } from '../../src/index.js';
import { separable, mlp, paramsOf } from './helpers.js';

test('fit reaches ~100% accuracy on a separable problem; history has one entry per epoch', () => {
  nb.manualSeed(0);
  const [x, y] = separable(128);
  const model = mlp();
  const h = train.fit(model, [x, y], {
    epochs: 15, batchSize: 16, seed: 1, validationSplit: 0.25,
    optimizer: (p) => new optim.Adam(p, { lr: 0.05 }), metrics: { accuracy: train.accuracy },
  });
  assert.deepEqual(h.epoch, [...Array(15).keys()]);
  for (const arr of [h.loss, h.valLoss, h.metrics.accuracy, h.valMetrics.accuracy, h.lr]) assert.equal(arr.length, 15);
  assert.ok(h.metrics.accuracy[14] >= 0.97, `train accuracy ${h.metrics.accuracy[14]}`);
  assert.ok(h.valMetrics.accuracy[14] >= 0.97, `val accuracy ${h.valMetrics.accuracy[14]}`);
  assert.ok(h.loss[14] < h.loss[0] / 3);
  assert.equal(model.training, true); // mode restored
  const ev = new train.Trainer(model, { metrics: { accuracy: train.accuracy } }).evaluate([x, y]);
  assert.ok(ev.accuracy >= 0.97 && ev.loss < 0.3, JSON.stringify(ev));
});

test('gradient accumulation over N batches equals one batch of N times the size (mean loss), short tail included', () => {
  nb.manualSeed(3);
  const x = nb.randn([12, 3]);
  const y = nb.tensor([0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0], { dtype: 'int32' });
  const run = (batchSize: number, steps: number) => {
    nb.manualSeed(7);
    const model = new nn.Linear(3, 2);
    train.fit(model, [x, y], { epochs: 2, batchSize, shuffle: false, gradientAccumulationSteps: steps, optimizer: (p) => new optim.SGD(p, { lr: 0.5, momentum: 0.9 }) });
    return paramsOf(model);
  };
  const big = run(8, 1); // batches 8, 4
  const acc = run(4, 2); // groups (4+4), (4)
  const plain = run(4, 1);
  big.forEach((p, i) => p.forEach((v, j) => assert.ok(Math.abs(v - acc[i][j]) < 1e-6, `${v} vs ${acc[i][j]}`)));
  assert.ok(big.flat().some((v, k) => Math.abs(v - plain.flat()[k]) > 1e-4)); // the test can fail: accumulation matters
});

test('classWeight is passed to the loss as its weight tensor; sampleWeight gives the weighted mean', () => {
  nb.manualSeed(4);
  const [x, y] = separable(20);
  const model = mlp();
  const out = model.forward(x);
  const cw = nb.tensor([1, 3]);
  const expected = Number(nn.functional.crossEntropy(out, y, { weight: cw }).item());
  const plain = Number(nn.functional.crossEntropy(out, y).item());
  const sgd0 = (p: nn.Parameter[]) => new optim.SGD(p, { lr: 0 });
  const h = train.fit(model, [x, y], { epochs: 1, batchSize: 20, classWeight: { 1: 3 }, optimizer: sgd0 });
  assert.ok(Math.abs(h.loss[0] - expected) < 1e-6 && Math.abs(expected - plain) > 1e-3, `${h.loss[0]} ${expected} ${plain}`);
  // sample weights: Σ s_i l_i / Σ s_i
  const s = Array.from({ length: 20 }, (_, i) => (i % 4) + 1);
  const per = nn.functional.crossEntropy(out, y, { reduction: 'none' }).toArray() as number[];
  const wmean = per.reduce((a, l, i) => a + l * s[i], 0) / s.reduce((a, b) => a + b, 0);
  const h2 = train.fit(model, [x, y], { epochs: 1, batchSize: 20, sampleWeight: s, optimizer: sgd0 });
  assert.ok(Math.abs(h2.loss[0] - wmean) < 1e-6, `${h2.loss[0]} vs ${wmean}`);
  // both: Σ s_i c_{y_i} l_i / Σ s_i c_{y_i}
  const yv = y.toArray() as number[];
  const c = yv.map((k) => (k === 1 ? 3 : 1));
  const both = per.reduce((a, l, i) => a + l * s[i] * c[i], 0) / s.reduce((a, v, i) => a + v * c[i], 0);
  const h3 = train.fit(model, [x, y], { epochs: 1, batchSize: 20, sampleWeight: s, classWeight: [1, 3], optimizer: sgd0 });
  assert.ok(Math.abs(h3.loss[0] - both) < 1e-6, `${h3.loss[0]} vs ${both}`);
  assert.throws(() => train.fit(model, [x, y], { loss: new nn.CrossEntropyLoss(), classWeight: [1, 2] }), /classWeight needs the loss as a function/);
  assert.throws(() => train.fit(model, [x, y], { sampleWeight: [1, 2] }), /sampleWeight has shape \[2\], expected \[20\]/);
});

test('callbacks run in order: train, epochs, batches; stopTraining ends after the batch', () => {
  nb.manualSeed(5);
  const [x, y] = separable(8);
  const events: string[] = [];
  const rec = new train.LambdaCallback({
    onTrainBegin: () => events.push('trainBegin'),
    onEpochBegin: (c) => events.push(`epochBegin${c.epoch}`),
    onBatchBegin: (c) => events.push(`batchBegin${c.batch}`),
    onBatchEnd: (c) => events.push(`batchEnd${c.batch}`),
    onEpochEnd: (c) => events.push(`epochEnd${c.epoch}:${'valLoss' in c.logs}`),
    onTrainEnd: () => events.push('trainEnd'),
  });
  train.fit(mlp(), [x, y], { epochs: 2, batchSize: 4, validationData: [x, y], callbacks: [rec] });
  assert.deepEqual(events, ['trainBegin', 'epochBegin0', 'batchBegin0', 'batchEnd0', 'batchBegin1', 'batchEnd1', 'epochEnd0:true',
    'epochBegin1', 'batchBegin0', 'batchEnd0', 'batchBegin1', 'batchEnd1', 'epochEnd1:true', 'trainEnd']);
  const stopper = new train.LambdaCallback({ onBatchEnd: (c) => { if (c.epoch === 1 && c.batch === 0) c.stopTraining = true; } });
  const h = train.fit(mlp(), [x, y], { epochs: 5, batchSize: 4, callbacks: [stopper] });
  assert.equal(h.epoch.length, 2);
});

test('lrScheduler steps per epoch or per batch; ReduceLROnPlateau gets the monitored metric', () => {
  nb.manualSeed(6);
  const [x, y] = separable(8);
  const run = (interval: 'epoch' | 'batch') => train.fit(mlp(), [x, y], {
    epochs: 3, batchSize: 4, schedulerInterval: interval,
    optimizer: (p) => new optim.SGD(p, { lr: 0.8 }), lrScheduler: (o) => new optim.lrScheduler.StepLR(o, 1, { gamma: 0.5 }),
  }).lr;
  assert.deepEqual(run('epoch'), [0.8, 0.4, 0.2]);
  assert.deepEqual(run('batch'), [0.8, 0.2, 0.05]);
  let sched: optim.lrScheduler.ReduceLROnPlateau | null = null;
  const h = train.fit(mlp(), [x, y], {
    epochs: 4, batchSize: 8, optimizer: (p) => new optim.SGD(p, { lr: 0 }),
    lrScheduler: (o) => (sched = new optim.lrScheduler.ReduceLROnPlateau(o, { patience: 0 })), schedulerMonitor: 'loss',
  });
  assert.equal(h.epoch.length, 4);
  assert.equal((sched as unknown as optim.lrScheduler.ReduceLROnPlateau).lastEpoch, 4);
  assert.throws(() => train.fit(mlp(), [x, y], { lrScheduler: (o) => new optim.lrScheduler.ReduceLROnPlateau(o), schedulerMonitor: 'valLoss' }), /monitors 'valLoss'/);
});

test('gradient clipping options bound the update', () => {
  nb.manualSeed(8);
  const [x, y] = separable(8);
  const m = mlp();
  const before = paramsOf(m).flat();
  train.fit(m, [x, y], { epochs: 1, batchSize: 8, clipGradValue: 1e-3, optimizer: (p) => new optim.SGD(p, { lr: 1 }) });
  const after = paramsOf(m).flat();
  assert.ok(after.every((v, i) => Math.abs(v - before[i]) <= 1e-3 + 1e-7));
  const m2 = mlp();
  const b2 = paramsOf(m2).flat();
  train.fit(m2, [x, y], { epochs: 1, batchSize: 8, clipGradNorm: 1e-2, optimizer: (p) => new optim.SGD(p, { lr: 1 }) });
  const delta = Math.hypot(...paramsOf(m2).flat().map((v, i) => v - b2[i]));
  assert.ok(delta <= 1e-2 + 1e-6 && delta > 1e-3, `update norm ${delta}`);
});

test('train mode for batches, eval mode and no graph for validation; a seeded run leaves the global generator alone', () => {
  nb.manualSeed(9);
  const [x, y] = separable(16);
  const model = new nn.Sequential(new nn.Linear(2, 8), new nn.Dropout(0.5), new nn.Linear(8, 2));
  const modes: string[] = [];
  let valGraph = false;
  model.registerForwardHook((m, _inp, out) => {
    modes.push(m.training ? 'train' : 'eval');
    if (!m.training) valGraph ||= (out as nb.Tensor).requiresGrad;
  });
  model.eval();
  const noDropout = new nn.Sequential(new nn.Linear(2, 8), new nn.Linear(8, 2));
  const rng = nb.getRngState();
  const plain = train.fit(noDropout, [x, y], { epochs: 2, batchSize: 4, seed: 3, validationSplit: 0.25, metrics: ['accuracy'] });
  assert.deepEqual(nb.getRngState(), rng); // seeded shuffling and split draw from a private stream
  assert.equal(plain.metrics.accuracy.length, 2);
  train.fit(model, [x, y], { epochs: 1, batchSize: 4, validationData: [x, y] });
  assert.deepEqual(modes, ['train', 'train', 'train', 'train', 'eval', 'eval', 'eval', 'eval']);
  assert.equal(valGraph, false);
  assert.equal(model.training, false); // the caller's mode is restored
  const t = new train.Trainer(model);
  assert.equal(t.evaluate([x, y]).loss, t.evaluate([x, y]).loss); // dropout off in evaluation
  assert.throws(() => train.fit(model, [x, y], { metrics: ['f2'] }), /unknown metric 'f2'/);
});
