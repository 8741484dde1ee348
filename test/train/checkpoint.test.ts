import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nb from '../../src/index.js';
import { nn, optim, train, io } from '../../src/index.js';
import { separable, paramsOf } from './helpers.js';

const fresh = () => fs.mkdtempSync(join(tmpdir(), 'nabla-ckpt-'));

function dropoutNet(): nn.Sequential {
  return new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Dropout(0.3), new nn.Linear(16, 2));
}

function opts(extra: train.TrainerOptions, seed: number | undefined): train.TrainerOptions {
  return {
    batchSize: 8, seed, metrics: { accuracy: train.accuracy },
    optimizer: (p) => new optim.Adam(p, { lr: 0.01 }),
    lrScheduler: (o) => new optim.lrScheduler.StepLR(o, 1, { gamma: 0.7 }),
    ...extra,
  };
}

for (const seed of [11, undefined]) {
  test(`4 epochs straight = 2 epochs, checkpoint, fresh rebuild, resume for 2 (bit-identical; shuffling ${seed === undefined ? 'from the global generator' : 'seeded'})`, () => {
    nb.manualSeed(1);
    const [x, y] = separable(40);
    const [vx, vy] = separable(16);
    const validationData = [vx, vy];
    nb.manualSeed(100);
    const straight = dropoutNet();
    const h4 = new train.Trainer(straight, opts({ epochs: 4, validationData }, seed)).fit([x, y]);

    const dir = fresh();
    const path = join(dir, 'ckpt.safetensors');
    nb.manualSeed(100);
    const first = dropoutNet();
    new train.Trainer(first, opts({ epochs: 2, validationData, checkpointEvery: 2, checkpointPath: path }, seed)).fit([x, y]);

    nb.manualSeed(999); // a different process: different init and random stream
    const resumed = dropoutNet();
    const trainer = new train.Trainer(resumed, opts({ epochs: 4, validationData, resumeFrom: path }, seed));
    const h = trainer.fit([x, y]);
    assert.deepEqual(paramsOf(resumed), paramsOf(straight));
    assert.deepEqual(h.loss, h4.loss);
    assert.deepEqual(h.valLoss, h4.valLoss);
    assert.deepEqual(h.lr, h4.lr);
    assert.equal(h.epoch.length, 4);
    // the test can fail: without the checkpoint the fresh model differs
    nb.manualSeed(999);
    const cold = dropoutNet();
    new train.Trainer(cold, opts({ epochs: 2, validationData }, seed)).fit([x, y]);
    assert.notDeepEqual(paramsOf(cold), paramsOf(straight));
  });
}

test('saveCheckpoint/loadCheckpoint round-trip model, optimizer state and groups, scheduler, RNG, epoch, extra; layout as documented', () => {
  nb.manualSeed(2);
  const model = new nn.Linear(3, 2);
  const opt = new optim.Adam(model.parameters(), { lr: 0.1, betas: [0.8, 0.9] });
  const sched = new optim.lrScheduler.ReduceLROnPlateau(opt, { patience: 1 });
  model.forward(nb.randn([4, 3])).sum().backward();
  opt.step();
  sched.step(1.5);
  const path = join(fresh(), 'c.safetensors');
  const rng = nb.getRngState();
  train.saveCheckpoint(path, { model, optimizer: opt, scheduler: sched, epoch: 7, extra: { note: 'hi', worst: -Infinity } });
  const header = io.readSafetensorsHeader(path);
  assert.deepEqual([...header.tensors.keys()].sort(), ['model.bias', 'model.weight', 'optimizer.state.0.expAvg', 'optimizer.state.0.expAvgSq', 'optimizer.state.1.expAvg', 'optimizer.state.1.expAvgSq']);
  assert.equal(header.metadata?.format, train.CHECKPOINT_FORMAT);

  nb.rand([5]); // move the generator on
  nb.manualSeed(50);
  const m2 = new nn.Linear(3, 2);
  const o2 = new optim.Adam(m2.parameters(), { lr: 1 });
  const s2 = new optim.lrScheduler.ReduceLROnPlateau(o2, { patience: 1 });
  const { epoch, extra } = train.loadCheckpoint(path, { model: m2, optimizer: o2, scheduler: s2 });
  assert.equal(epoch, 7);
  assert.deepEqual(extra, { note: 'hi', worst: -Infinity });
  assert.deepEqual(paramsOf(m2), paramsOf(model));
  assert.deepEqual(nb.getRngState(), rng);
  assert.equal(o2.paramGroups[0].lr, 0.1);
  assert.deepEqual(o2.paramGroups[0].betas, [0.8, 0.9]);
  const sd = o2.stateDict(), ref = opt.stateDict();
  assert.equal(sd.state[0].step, ref.state[0].step);
  assert.deepEqual((sd.state[1].expAvgSq as nb.Tensor).toArray(), (ref.state[1].expAvgSq as nb.Tensor).toArray());
  assert.equal(s2.best, 1.5);
  assert.throws(() => train.loadCheckpoint(path, { model: m2, optimizer: new optim.SGD(m2.parameters(), { lr: 1 }) }), /optimizer is Adam, the one given is SGD/);
  const plain = join(fresh(), 'w.safetensors');
  io.saveSafetensors(plain, model.stateDict());
  assert.throws(() => train.loadCheckpoint(plain, { model: m2 }), /not a nabla checkpoint/);
});

test('an interrupted checkpoint save leaves the previous checkpoint loadable and no temporary file', () => {
  nb.manualSeed(3);
  const dir = fresh();
  const path = join(dir, 'ckpt.safetensors');
  const model = new nn.Linear(2, 2);
  const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  train.saveCheckpoint(path, { model, optimizer: opt, epoch: 1 });
  const good = paramsOf(model);
  nb.noGrad(() => model.weight.fill_(5));
  for (const step of ['writeSync', 'fsyncSync', 'renameSync'] as const) {
    const m = mock.method(fs, step, () => { throw new Error(`simulated crash in ${step}`); });
    try {
      assert.throws(() => train.saveCheckpoint(path, { model, optimizer: opt, epoch: 2 }), /simulated crash/);
    } finally {
      m.mock.restore();
    }
    const m2 = new nn.Linear(2, 2);
    const { epoch } = train.loadCheckpoint(path, { model: m2, optimizer: new optim.SGD(m2.parameters(), { lr: 0.1, momentum: 0.9 }) });
    assert.equal(epoch, 1, step);
    assert.deepEqual(paramsOf(m2), good, step);
    assert.deepEqual(fs.readdirSync(dir), ['ckpt.safetensors'], step);
  }
});

test('checkpointPath accepts {epoch} placeholders; Trainer.save writes the last completed epoch', () => {
  nb.manualSeed(4);
  const [x, y] = separable(8);
  const dir = fresh();
  const model = new nn.Linear(2, 2);
  const trainer = new train.Trainer(model, { epochs: 2, batchSize: 4, checkpointEvery: 1, checkpointPath: join(dir, 'run-{epoch:02d}.safetensors') });
  trainer.fit([x, y]);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['run-01.safetensors', 'run-02.safetensors']);
  trainer.save(join(dir, 'last.safetensors'));
  const { epoch, extra } = train.loadCheckpoint(join(dir, 'last.safetensors'), { model: new nn.Linear(2, 2) });
  assert.equal(epoch, 2);
  assert.equal(((extra.trainer as { history: { loss: number[] } }).history.loss).length, 2);
  assert.throws(() => new train.Trainer(model, { checkpointEvery: 1 }), /needs checkpointPath/);
});
