import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nb from '../../src/index.js';
import { optim, train, io } from '../../src/index.js';
import { separable, mlp, paramsOf } from './helpers.js';

const fresh = () => fs.mkdtempSync(join(tmpdir(), 'nabla-cb-'));

test('EarlyStopping stops after patience epochs without improvement and restores the best weights', () => {
  nb.manualSeed(0);
  const [x, y] = separable(32);
  const flipped = nb.sub(1, y).to('int32'); // validation labels opposite: valLoss rises as training fits
  const model = mlp();
  let best: number[][] = [];
  const snap = new train.LambdaCallback({ onEpochEnd: (c) => { if (c.epoch === 0) best = paramsOf(c.model); } });
  const es = new train.EarlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
  const h = train.fit(model, [x, y], {
    epochs: 20, batchSize: 8, validationData: [x, flipped], callbacks: [snap, es],
    optimizer: (p) => new optim.Adam(p, { lr: 0.05 }),
  });
  assert.ok(h.valLoss[1] > h.valLoss[0] && h.valLoss[2] > h.valLoss[0], JSON.stringify(h.valLoss));
  assert.equal(h.epoch.length, 3);
  assert.equal(es.stoppedEpoch, 2);
  assert.equal(es.bestEpoch, 0);
  assert.deepEqual(paramsOf(model), best);
  assert.throws(() => train.fit(mlp(), [x, y], { callbacks: [new train.EarlyStopping()] }), /monitor 'valLoss' is not in the epoch logs/);
});

test('ProgressBar: one line per epoch with loss, metrics, throughput and ETA when not a TTY; a redrawn bar on a TTY', () => {
  nb.manualSeed(1);
  const [x, y] = separable(16);
  const out: string[] = [];
  const sink = { write: (s: string) => out.push(s), isTTY: false };
  train.fit(mlp(), [x, y], { epochs: 2, batchSize: 4, metrics: { accuracy: train.accuracy }, validationSplit: 0.25, callbacks: [new train.ProgressBar({ stream: sink })] });
  assert.equal(out.length, 2);
  for (const [i, line] of out.entries()) {
    assert.match(line, new RegExp(`^Epoch ${i + 1}/2 3/3 loss \\d\\.\\d{4} · accuracy \\d\\.\\d{4} · valLoss \\d\\.\\d{4} · valAccuracy .* · \\d+ samples/s · .*s · ETA .*s\\n$`));
  }
  const tty: string[] = [];
  train.fit(mlp(), [x, y], { epochs: 1, batchSize: 4, callbacks: [new train.ProgressBar({ stream: { write: (s: string) => tty.push(s), isTTY: true }, interval: 0 })] });
  assert.ok(tty.length >= 4 && tty.every((s) => s.startsWith('\r')), JSON.stringify(tty));
  assert.match(tty[0], /\[=*>?\.+\] 1\/4 loss .* samples\/s · ETA/);
  assert.match(tty[tty.length - 1], /\n$/);
  assert.equal(train.formatDuration(125), '2m05s');
});

test('ModelCheckpoint writes safetensors from the filepath template, only on improvement with saveBestOnly', () => {
  nb.manualSeed(2);
  const [x, y] = separable(16);
  const dir = fresh();
  const mc = new train.ModelCheckpoint(join(dir, 'm-{epoch:02d}-{loss:.3f}.safetensors'), { monitor: 'loss', saveBestOnly: true });
  const model = mlp();
  const h = train.fit(model, [x, y], { epochs: 3, batchSize: 16, callbacks: [mc], optimizer: (p) => new optim.SGD(p, { lr: 0.1 }) });
  assert.equal(mc.saved.length, 3); // full-batch SGD with a small lr: the loss falls every epoch
  assert.equal(mc.saved[2], join(dir, `m-03-${h.loss[2].toFixed(3)}.safetensors`));
  const sd = io.loadSafetensors(mc.saved[2]);
  assert.deepEqual(Object.keys(sd).sort(), Object.keys(model.stateDict()).sort());
  assert.deepEqual(io.readSafetensorsHeader(mc.saved[2]).metadata, { epoch: '3', loss: String(h.loss[2]) });
  const mc2 = new train.ModelCheckpoint(join(dir, 'best.safetensors'), { monitor: 'loss', saveBestOnly: true });
  train.fit(model, [x, y], { epochs: 3, batchSize: 16, callbacks: [mc2], optimizer: (p) => new optim.SGD(p, { lr: 0 }) });
  assert.equal(mc2.saved.length, 1); // constant loss: only the first epoch improves
  assert.equal(train.formatFilepath('e{epoch}-{val_loss:.2f}', 4, { valLoss: 0.12345 }), 'e5-0.12');
});

test('CSVLogger and JSONLLogger write one row per epoch, atomically rewritten, appending when asked', () => {
  nb.manualSeed(3);
  const [x, y] = separable(8);
  const dir = fresh();
  const csv = join(dir, 'log.csv');
  const jsonl = join(dir, 'log.jsonl');
  const run = (append: boolean) => train.fit(mlp(), [x, y], {
    epochs: 2, batchSize: 8, metrics: { accuracy: train.accuracy },
    callbacks: [new train.CSVLogger(csv, { append }), new train.JSONLLogger(jsonl, { append })],
  });
  const h = run(false);
  const lines = fs.readFileSync(csv, 'utf8').trimEnd().split('\n');
  assert.deepEqual(lines[0].split(','), ['epoch', 'loss', 'accuracy', 'lr']);
  assert.equal(lines.length, 3);
  assert.equal(Number(lines[2].split(',')[1]), h.loss[1]);
  const rows = fs.readFileSync(jsonl, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
  assert.deepEqual(rows.map((r) => r.epoch), [0, 1]);
  assert.equal(rows[1].loss, h.loss[1]);
  run(true);
  assert.equal(fs.readFileSync(csv, 'utf8').trimEnd().split('\n').length, 5); // one header, four rows
  assert.equal(fs.readFileSync(jsonl, 'utf8').trimEnd().split('\n').length, 4);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['log.csv', 'log.jsonl']);
});

test('LearningRateSchedulerCallback sets every group\'s lr at epoch begin', () => {
  nb.manualSeed(4);
  const [x, y] = separable(8);
  const h = train.fit(mlp(), [x, y], {
    epochs: 3, batchSize: 8, optimizer: (p) => new optim.SGD(p, { lr: 1 }),
    callbacks: [new train.LearningRateSchedulerCallback((e, lr) => (e === 0 ? 0.5 : lr / 10))],
  });
  assert.deepEqual(h.lr.map((v) => +v.toPrecision(6)), [0.5, 0.05, 0.005]);
});
