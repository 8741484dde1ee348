import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../../src/tensor/creation.js';
import { narrow } from '../../../src/ops/movement.js';
import { getRngState } from '../../../src/tensor/random.js';
import { NotFittedError, ValueError } from '../../../src/tensor/errors.js';
import { Linear } from '../../../src/nn/linear.js';
import { ReLU } from '../../../src/nn/activation.js';
import { Sequential } from '../../../src/nn/containers.js';
import { SGD } from '../../../src/optim/sgd.js';
import { loadDigits } from '../../../src/data/digits.js';
import { NeuralNetClassifier, NeuralNetRegressor, type ModuleFactoryArgs } from '../../../src/learn/neural.js';
import { crossValScore, GridSearchCV, StratifiedKFold, trainTestSplit } from '../../../src/learn/modelSelection/index.js';
import { Pipeline } from '../../../src/learn/pipeline.js';
import { Scaler } from './estimators.js';

const mlp = ({ nFeatures, nOutputs, hidden = 16 }: ModuleFactoryArgs) =>
  new Sequential(new Linear(nFeatures, hidden as number), new ReLU(), new Linear(hidden as number, nOutputs));

// Three well-separated blobs in 2-D (deterministic).
const blobs: number[][] = [], labels: number[] = [];
for (let i = 0; i < 60; i++) {
  const c = i % 3, a = (i * 2.399) % (2 * Math.PI), r = 0.3 + 0.5 * ((i * 7) % 10) / 10;
  blobs.push([[0, 4, 0][c] + r * Math.cos(a), [0, 0, 4][c] + r * Math.sin(a)]);
  labels.push([10, 20, 30][c]);
}
const X = tensor(blobs, { dtype: 'float64' }), y = tensor(labels, { dtype: 'float64' });

test('NeuralNetClassifier: fits blobs, predicts the original labels, probabilities sum to 1; seeded and global-generator-neutral', () => {
  const before = getRngState();
  const net = new NeuralNetClassifier({ module: mlp, lr: 0.05, epochs: 30, batchSize: 16, randomState: 0 }).fit(X, y);
  assert.deepEqual(getRngState(), before);
  assert.deepEqual(Array.from(net.classes as Float64Array), [10, 20, 30]);
  assert.equal(net.score(X, y), 1);
  const p = net.predictProba(X);
  assert.deepEqual(p.shape, [60, 3]);
  const d = p.dataSync() as Float64Array;
  for (let i = 0; i < 60; i++) assert.ok(Math.abs(d[3 * i] + d[3 * i + 1] + d[3 * i + 2] - 1) < 1e-6);
  const again = new NeuralNetClassifier({ module: mlp, lr: 0.05, epochs: 30, batchSize: 16, randomState: 0 }).fit(X, y);
  assert.deepEqual(Array.from(again.predictProba(X).dataSync()), Array.from(d), 'same randomState, same network');
  assert.throws(() => new NeuralNetClassifier({ module: mlp }).predict(X), NotFittedError);
  assert.throws(() => new NeuralNetClassifier({ module: mlp }).fit(X, tensor(new Array(60).fill(1), { dtype: 'float64' })), (e) => e instanceof ValueError && /single class/.test(e.message));
  assert.throws(() => new NeuralNetClassifier({ module: mlp, epochs: 0 }).fit(X, y), (e) => e instanceof ValueError && /epochs/.test(e.message));
});

test('NeuralNetClassifier: module__ params, clone, crossValScore and GridSearchCV over lr / epochs / hidden size', () => {
  const net = new NeuralNetClassifier({ module: mlp, lr: 0.05, epochs: 5, batchSize: 16, randomState: 1, optimizer: (p, lr) => new SGD(p, { lr, momentum: 0.9 }) });
  net.setParams({ module__hidden: 4 });
  assert.equal(net.getParams().module__hidden, 4);
  const c = net.clone();
  c.setParams({ module__hidden: 8 });
  assert.equal(net.getParams().module__hidden, 4, 'a clone does not share module params');
  const s = crossValScore(net, X, y, { cv: 3 });
  assert.equal(s.length, 3);
  assert.ok(s.every((v) => v >= 0 && v <= 1));
  const gs = new GridSearchCV(net, { lr: [0.001, 0.1], epochs: [1, 15], module__hidden: [2, 16] }, { cv: new StratifiedKFold({ nSplits: 3 }) }).fit(X, y);
  assert.equal(gs.cvResults!.params.length, 8);
  assert.deepEqual(gs.cvResults!.params[0], { epochs: 1, lr: 0.001, module__hidden: 2 });
  assert.ok(gs.bestScore! >= 0.95, `best ${gs.bestScore}`);
  assert.ok(gs.cvResults!.meanTestScore![0] < gs.bestScore!, 'the weakest setting scores below the best');
  assert.equal((gs.bestEstimator as NeuralNetClassifier).getParams().module__hidden, gs.bestParams!.module__hidden);
  assert.equal(gs.score(X, y) >= 0.95, true);
});

test('NeuralNetClassifier in a pipeline on the bundled digits (held-out accuracy > 0.85)', () => {
  const digits = loadDigits();
  const n = 600;
  const Xd = narrow(digits.data, 0, 0, n), yd = narrow(digits.target, 0, 0, n);
  const [Xtr, Xte, ytr, yte] = trainTestSplit(Xd, yd, { testSize: 0.25, stratify: yd, randomState: 0 });
  const pipe = new Pipeline([['scale', new Scaler()], ['net', new NeuralNetClassifier({ module: ({ nFeatures, nOutputs }) => new Linear(nFeatures, nOutputs), lr: 0.01, epochs: 10, randomState: 0 })]]);
  const acc = pipe.fit(Xtr, ytr).score(Xte, yte);
  assert.ok(acc > 0.85, `accuracy ${acc}`);
});

test('NeuralNetRegressor: learns a linear function; crossValScore R²', () => {
  const xs: number[][] = [], ts: number[] = [];
  for (let i = 0; i < 80; i++) { const a = ((i * 37) % 80) / 40 - 1, b = ((i * 11) % 80) / 40 - 1; xs.push([a, b]); ts.push(2 * a - b + 0.5); }
  const Xr = tensor(xs, { dtype: 'float64' }), yr = tensor(ts, { dtype: 'float64' });
  const reg = new NeuralNetRegressor({ module: ({ nFeatures }) => new Linear(nFeatures, 1), lr: 0.05, epochs: 60, batchSize: 8, randomState: 0 });
  assert.ok(reg.clone().fit(Xr, yr).score(Xr, yr) > 0.99);
  assert.deepEqual(reg.clone().fit(Xr, yr).predict(Xr).shape, [80]);
  const s = crossValScore(reg, Xr, yr, { cv: 4 });
  assert.ok(s.every((v) => v > 0.98), `R² ${Array.from(s)}`);
});
